/**
 * What a monitor run looks like in a terminal or a CI log: a table with a row per target (the
 * separation checks in one row), its state, latency and last answer, and on each check's first row
 * its incident; then one headline. Pure; plain text (no Markdown).
 */
import { formatDuration } from '../lib/duration.js';
import { renderTextTable } from '../lib/report.js';
import type { CheckRow, IncidentRow, MonitorResult } from './run.js';

/** The table and the headline. */
export function renderMonitor(result: MonitorResult): string {
  const rows = result.rows.flatMap(tableRows);
  const table = renderTextTable(
    ['environment', 'platform', 'target', 'state', 'latency', 'answer', 'incident'],
    rows,
  );
  return `${table}\n${headline(result)} (${formatDuration(result.durationMs)})\n`;
}

/** The incident's cell: what was done, what a dry run would do, or why nothing was asked. */
export function describeIncident(incident: IncidentRow, failing: boolean): string {
  if (incident.state === 'not-asked') return failing ? 'would open or comment (GitHub not asked)' : '';
  if (incident.state === 'not-reported') return 'not reported (GitHub failed)';
  const would = incident.state === 'preview';
  const issue = incident.issue ? `#${incident.issue.number}` : '';
  const down = formatDuration(incident.downMs ?? 0);
  switch (incident.action) {
    case 'open':
      return would ? 'would open an incident' : `opened ${issue}`;
    case 'comment':
      return `${would ? 'would comment on' : 'commented on'} ${issue}, down ${down}`;
    case 'still-down':
      return `${issue} open, down ${down} (reported on within the interval)`;
    case 'close':
      return would ? `would close ${issue}, downtime ${down}` : `closed ${issue}, downtime ${down}`;
    case 'none':
      return '';
  }
}

function tableRows(row: CheckRow): string[][] {
  const { check } = row;
  const incident = describeIncident(row.incident, check.outcome !== 'success');
  const first = [check.environment, check.subject];
  if (check.targets.length === 0) {
    const passed = check.outcome === 'success';
    const state = row.kind === 'separation' ? (passed ? '✔ passed' : '✘ failed') : '✘ not probed';
    const target = row.kind === 'separation' ? 'separation checks' : '–';
    return [[...first, target, state, formatDuration(row.durationMs), row.note, incident]];
  }
  return check.targets.map((t, i) => [
    ...(i === 0 ? first : ['', '']),
    t.target,
    t.healthy ? '✔ healthy' : '✘ unhealthy',
    t.latencyMs === null ? '–' : formatDuration(t.latencyMs),
    t.status || t.detail || 'not probed',
    i === 0 ? incident : '',
  ]);
}

/** "All 3 checks healthy" or "1 of 3 checks failing: api in production", then the incidents. */
function headline(result: MonitorResult): string {
  const total = `${result.rows.length} check${result.rows.length === 1 ? '' : 's'}`;
  const failing = result.rows
    .filter((r) => r.check.outcome !== 'success')
    .map((r) => `${r.check.subject} in ${r.check.environment}`);
  const state =
    failing.length === 0
      ? `All ${total} healthy`
      : `${failing.length} of ${total} failing: ${failing.join(', ')}`;
  return `${state}; ${incidents(result)}`;
}

function incidents(result: MonitorResult): string {
  const states = new Set(result.rows.map((r) => r.incident.state));
  if (states.has('not-asked')) return 'GITHUB_TOKEN is not set: GitHub not asked, nothing changed';
  const dryRun = states.has('preview');
  const verbs = dryRun
    ? { open: 'to open', comment: 'to comment on', close: 'to close', 'still-down': 'still open' }
    : { open: 'opened', comment: 'commented on', close: 'closed', 'still-down': 'still open' };
  const counts = (Object.keys(verbs) as (keyof typeof verbs)[])
    .map((action) => ({
      action,
      n: result.rows.filter((r) => 'action' in r.incident && r.incident.action === action).length,
    }))
    .filter((c) => c.n > 0)
    .map((c) => `${c.n} ${verbs[c.action]}`);
  const what = `incidents: ${counts.length > 0 ? counts.join(', ') : 'none'}`;
  const failed = result.githubFailure === undefined ? '' : ' (GitHub failed)';
  return dryRun ? `dry run, nothing changed on GitHub; ${what}` : `${what}${failed}`;
}
