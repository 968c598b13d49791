/**
 * axe-core in the browser tests: injects the library into the page under test and runs the WCAG 2.0 /
 * 2.1 / 2.2 level A and AA rules, answering the violations (and a readable text of them for the
 * failure message).
 *
 * The library is added as a script element, so a page whose Content-Security-Policy allows only its
 * own scripts (the citizens' pages do) must be opened in a context made with `bypassCSP: true`;
 * runAxe says so instead of failing obscurely when the script did not run.
 */
import { createRequire } from 'node:module';
import type { Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** The rule sets checked: WCAG 2.0 A/AA, 2.1 AA, 2.2 AA (best-practice rules are not requirements). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] as const;

export type AxeViolation = Pick<Result, 'id' | 'impact' | 'help' | 'helpUrl' | 'description'> & {
  nodes: { target: string[]; html: string; failureSummary: string }[];
};

/** Runs axe on the page as it is now; the violations (empty when none). */
export async function runAxe(page: Page, tags: readonly string[] = AXE_TAGS): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) {
    const hint = 'axe-core did not load into the page: open it in a browser context made with bypassCSP: true (the page allows only its own scripts).';
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch (e) {
      throw new Error(`${hint} ${(e as Error).message.split('\n')[0]}`);
    }
    const ok = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
    if (!ok) throw new Error(hint);
  }
  return page.evaluate(async (values) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: Result[] }> } }).axe;
    const res = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] });
    // only what can cross back to Node (the raw results hold DOM references)
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      description: v.description,
      nodes: v.nodes.map((n) => ({ target: n.target.map((t) => (typeof t === 'string' ? t : JSON.stringify(t))), html: n.html, failureSummary: n.failureSummary ?? '' })),
    }));
  }, [...tags]);
}

/** The violations as text for a failure message: rule, impact, what to fix, and each element. */
export function formatViolations(violations: AxeViolation[], where = ''): string {
  if (!violations.length) return '';
  const lines: string[] = [];
  for (const v of violations) {
    lines.push(`${where ? `${where}: ` : ''}[${v.impact ?? 'unknown'}] ${v.id} — ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes.slice(0, 10)) {
      lines.push(`    at ${n.target.join(' ')}`);
      lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      for (const s of n.failureSummary.split('\n').filter(Boolean)) lines.push(`       ${s.trim()}`);
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more elements`);
  }
  return lines.join('\n');
}
