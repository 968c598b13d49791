export * from './fiscalYear.js';
export * from './wareki.js';
export * from './display.js';
