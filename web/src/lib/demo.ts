/**
 * The demo accounts shown in the デモ box of the sign-in page: the same list the
 * server seeds (a pure module, safe to bundle).
 */
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../src/modules/identity/domain/demoAccounts.js';

export const DEMO_MUNICIPALITY_CODE = '432041';
