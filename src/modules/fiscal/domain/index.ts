export * from './fiscalYear.js';
export * from './wareki.js';
