/**
 * Pure rules shared with the server (no I/O in these modules), so the screens
 * offer exactly what the API accepts: plan kinds and stages, the default
 * schedule phases, 年度 labels, prefecture names.
 */
export {
  DEFAULT_PHASES,
  MAX_PLAN_YEARS,
  PLAN_KIND_SUGGESTIONS,
  PLAN_STAGES,
} from '../../../src/modules/plans/domain/plan.js';
export { fiscalYearLabel, fiscalYearOf } from '../../../src/modules/fiscal/domain/index.js';
export { PREFECTURES, prefectureName } from '../../../src/modules/municipalities/domain/localGovCode.js';
