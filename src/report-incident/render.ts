/**
 * What an incident looks like to people: the issue body, the comments while it lasts and when it
 * ends, the webhook's one line, and the job summary. Every string a user or a server supplied
 * (names, targets, answers) is escaped, since GitHub renders them as Markdown.
 */
import { formatDuration } from '../lib/duration.js';
import { code, escapeMarkdown, renderTable } from '../lib/report.js';
import {
  COMMENT_MARKER,
  describeCheck,
  incidentMarker,
  type CheckResult,
  type TargetRow,
} from './incident.js';
import type { IncidentReport } from './report.js';

/** Where the report links to: the run that found it ('' when unknown). */
export interface RunLink {
  runUrl: string;
}

/** The body of a new incident issue: what failed, when, the targets, and how the kit keeps it. */
export function renderOpeningBody(
  check: CheckResult,
  nowMs: number,
  commentIntervalMs: number,
  link: RunLink,
): string {
  return [
    incidentMarker(check.subject, check.environment),
    `**${escapeMarkdown(check.subject)}** in **${escapeMarkdown(check.environment)}** failed its checks at ${iso(nowMs)}${via(link)}.`,
    ...details(check),
    `_The monitor keeps this issue: it comments at most every ${formatDuration(commentIntervalMs)} while the incident lasts and closes it with the downtime when the checks pass again. Closing it by hand ends this incident; a later failure opens a new one._`,
  ].join('\n\n');
}

/** A comment while the incident lasts. */
export function renderStillDownComment(check: CheckResult, downForMs: number, link: RunLink): string {
  return [
    COMMENT_MARKER,
    `Still failing after ${formatDuration(downForMs)}${via(link)}.`,
    ...details(check),
  ].join('\n\n');
}

/** The closing comment: when it recovered and the downtime. */
export function renderRecoveredComment(
  openedAtMs: number,
  nowMs: number,
  downtimeMs: number,
  link: RunLink,
): string {
  return [
    COMMENT_MARKER,
    `Recovered: the checks pass again at ${iso(nowMs)}${via(link)}. Downtime: ${formatDuration(downtimeMs)} (from ${iso(openedAtMs)}, the first failed check seen).`,
  ].join('\n\n');
}

/** The webhook's text (Slack-compatible `text`): one line per event, with the issue's link. */
export function renderWebhookText(check: CheckResult, report: IncidentReport): string {
  const who = `${check.subject} in ${check.environment}`;
  const issue = report.issue ? ` ${report.issue.url}` : '';
  const line = describeCheck(check);
  const reason = line ? `: ${line}` : '';
  switch (report.action) {
    case 'open':
      return `🔴 ${who} is failing its checks${reason}.${issue}`;
    case 'comment':
      return `🟠 ${who} still failing after ${formatDuration(report.downMs ?? 0)}${reason}.${issue}`;
    case 'close':
      return `🟢 ${who} recovered after ${formatDuration(report.downMs ?? 0)} of downtime.${issue}`;
    case 'still-down':
    case 'none':
      return '';
  }
}

/** The job summary: the incident's state and the targets table. */
export function renderSummary(check: CheckResult, report: IncidentReport): string {
  const who = `${escapeMarkdown(check.subject)} in ${escapeMarkdown(check.environment)}`;
  const issue = report.issue ? ` [#${report.issue.number}](${report.issue.url})` : '';
  const down = formatDuration(report.downMs ?? 0);
  const headline = {
    open: `### 🔴 ${who}: incident opened${issue}`,
    comment: `### 🟠 ${who}: still failing after ${down}, commented on${issue}`,
    'still-down': `### 🟠 ${who}: still failing after ${down}${issue} (commented on within the last interval)`,
    close: `### 🟢 ${who}: recovered after ${down} of downtime, closed${issue}`,
    none: `### ${check.outcome === 'success' ? '✅' : '⏭️'} ${who}: ${escapeMarkdown(report.reason)}`,
  }[report.action];
  return [headline, ...details(check)].join('\n\n') + '\n';
}

/** The detail line and the targets table, when there are any. */
function details(check: CheckResult): string[] {
  const parts: string[] = [];
  const line = describeCheck(check);
  if (line) parts.push(escapeMarkdown(line));
  if (check.targets.length > 0) parts.push(renderTargets(check.targets).trimEnd());
  return parts;
}

function renderTargets(targets: readonly TargetRow[]): string {
  const rows = targets.map((t) => [
    code(t.target),
    t.healthy ? '✅ healthy' : '❌ unhealthy',
    t.latencyMs === null ? '–' : formatDuration(t.latencyMs),
    escapeMarkdown(t.detail || t.status || 'not probed'),
  ]);
  return renderTable(['Target', 'State', 'Latency', 'Last answer'], rows);
}

function via(link: RunLink): string {
  return link.runUrl ? ` ([run](${link.runUrl}))` : '';
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
