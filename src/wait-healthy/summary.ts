/** What a wait's report looks like to people: the job summary table, the failure lines, the outputs. */
import { formatDuration } from '../lib/duration.js';
import { code, escapeMarkdown, renderTable } from '../lib/report.js';
import type { TargetResult, WaitReport } from './wait.js';

/** Returns the job summary: a headline and one table row per target (every cell escaped). */
export function renderSummary(report: WaitReport): string {
  const healthy = report.results.filter((r) => r.healthy).length;
  const headline = report.healthy
    ? `### ✅ wait-healthy: ${report.results.length === 1 ? 'the target is' : `all ${report.results.length} targets are`} healthy in ${formatDuration(report.durationMs)}`
    : `### ❌ wait-healthy: ${healthy} of ${report.results.length} targets healthy after ${formatDuration(report.durationMs)}`;
  const rows = report.results.map((r) => [
    code(r.target),
    r.healthy ? '✅ healthy' : '❌ unhealthy',
    String(r.attempts),
    escapeMarkdown(r.detail || 'not probed'),
    r.latencyMs === null ? '–' : formatDuration(r.latencyMs),
    r.timeToHealthyMs === null ? '–' : formatDuration(r.timeToHealthyMs),
  ]);
  const table = renderTable(
    ['Target', 'Result', 'Attempts', 'Last answer', 'Latency', 'Time to healthy'],
    rows,
  );
  return `${headline}\n\n${table}`;
}

/** One line per unhealthy target with its last error, for the log on failure. */
export function formatFailureLines(report: WaitReport): string[] {
  return report.results
    .filter((r) => !r.healthy)
    .map((r) => `${r.target} is not healthy after ${plural(r.attempts)}: ${r.detail || 'not probed'}`);
}

/** The `results` output: one JSON object per target. */
export function formatResults(results: readonly TargetResult[]): string {
  return JSON.stringify(results);
}

function plural(n: number): string {
  return `${n} attempt${n === 1 ? '' : 's'}`;
}
