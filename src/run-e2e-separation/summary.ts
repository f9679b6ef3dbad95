/**
 * The job summary: the totals, then a table of every check (failures first) with its evidence.
 * Every string comes from the spec or from the platforms' answers, so all of it is escaped.
 */
import { code, escapeMarkdown, renderTable } from '../lib/report.js';
import { formatEvidence, type Verdict } from './result.js';
import type { SeparationReport } from './separation.js';

/** Rows shown at most; the JUnit report has all of them. */
export const MAX_SUMMARY_ROWS = 200;

const ORDER: Record<Verdict, number> = { error: 0, failed: 1, skipped: 2, passed: 3 };
const LABEL: Record<Verdict, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  error: '❌ no answer',
  skipped: '⏭️ skipped',
};

/** Renders the Markdown job summary of a separation run. */
export function renderSummary(report: SeparationReport, reportPath: string): string {
  const { totals } = report;
  const head = `## Platform separation (${escapeMarkdown(report.environment)})\n\n${
    totals.failed === 0 ? '✅' : '❌'
  } ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped of ${totals.total} checks. JUnit report: ${code(reportPath)}\n\n`;
  const sorted = [...report.results].sort((x, y) => ORDER[x.verdict] - ORDER[y.verdict]);
  const rows = sorted.slice(0, MAX_SUMMARY_ROWS).map((r) => [
    LABEL[r.verdict],
    code(r.rule),
    escapeMarkdown(r.name),
    escapeMarkdown(r.message),
    r.evidence
      .slice(0, 3)
      .map((e) => escapeMarkdown(formatEvidence(e)))
      .join('<br>') || '–',
  ]);
  const more =
    sorted.length > MAX_SUMMARY_ROWS
      ? `\n${sorted.length - MAX_SUMMARY_ROWS} more checks are in the JUnit report.\n`
      : '';
  return head + renderTable(['verdict', 'rule', 'check', 'message', 'evidence'], rows) + more;
}

/** Failed checks annotated at most (GitHub keeps 10 error annotations per step). */
export const MAX_ANNOTATIONS = 10;

/** The one line the action fails with: how many checks failed and the first of them. */
export function renderFailureLine(report: SeparationReport): string {
  const first = report.results.find((r) => r.verdict === 'failed' || r.verdict === 'error');
  const { failed, total } = report.totals;
  const head = `${failed} of ${total} separation checks failed in ${report.environment}`;
  return first ? `${head}; first: [${first.rule}] ${first.message}` : head;
}
