/**
 * The addresses of the citizens' site, as paths (they work behind any proxy and in the static export,
 * which rewrites them relative). The staff UI owns /m/:code and /m/:code/plans…, so the site's own
 * pages live under /m/:code/public; the older pages keep their addresses.
 */
const e = encodeURIComponent;

export const publicPaths = {
  home: (code: string) => `/m/${e(code)}/public`,
  plan: (code: string, planId: string) => `/m/${e(code)}/public/plans/${e(planId)}`,
  item: (code: string, planId: string, nodeId: string) => `/m/${e(code)}/public/plans/${e(planId)}/items/${e(nodeId)}`,
  kpis: (code: string, planId: string) => `/m/${e(code)}/public/plans/${e(planId)}/kpis`,
  finance: (code: string, planId: string) => `/m/${e(code)}/public/plans/${e(planId)}/finance`,
  annualReport: (code: string, planId: string, fiscalYear: number) => `/m/${e(code)}/public/plans/${e(planId)}/reports/${fiscalYear}`,
  annualReportPdf: (code: string, planId: string, fiscalYear: number) => `/m/${e(code)}/public/plans/${e(planId)}/reports/${fiscalYear}/report.pdf`,
  search: (code: string) => `/m/${e(code)}/public/search`,
  progress: (code: string) => `/m/${e(code)}/progress`,
  round: (code: string, roundId: string) => `/m/${e(code)}/progress/${e(roundId)}`,
  roundFile: (code: string, roundId: string, format: 'pdf' | 'xlsx') => `/m/${e(code)}/progress/${e(roundId)}/table.${format}`,
  // not /opinions: the staff UI has that path
  opinions: (code: string) => `/m/${e(code)}/council`,
  openData: (code: string) => `/m/${e(code)}/open-data`,
  schema: (code: string) => `/m/${e(code)}/open-data/schema`,
};
