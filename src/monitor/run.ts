/**
 * One monitor run, for any shell (the `monitor` command, a cron job, another CI system): what
 * `workflows-templates/monitor.yml` does in its legs. Every check is probed at once (wait-healthy's
 * core for health targets, run-e2e-separation's for the separation checks); then each outcome goes to
 * report-incident's core, one check after the other, which opens, comments on or closes the check's
 * incident issue. Pure like the cores: time, HTTP and logging come in through `deps`.
 */
import type { Clock } from '../lib/clock.js';
import { CancelledError, describeFailure } from '../lib/errors.js';
import { GitHubError } from '../lib/github-api.js';
import type { FetchLike, HttpDeps } from '../lib/http.js';
import type { Logger } from '../lib/logger.js';
import { checkSeparation } from '../pipeline/steps.js';
import type { IssueScope } from '../report-incident/github-issues.js';
import type { CheckResult, IncidentAction, IncidentDecision } from '../report-incident/incident.js';
import type { RunLink } from '../report-incident/render.js';
import { previewIncident, reportIncident } from '../report-incident/report.js';
import { waitHealthy, type WaitOptions } from '../wait-healthy/index.js';
import type { MonitorCheck } from './checks.js';

/** Everything one run needs. */
export interface MonitorRequest {
  checks: readonly MonitorCheck[];
  /** wait-healthy's timing for every platform's targets (the command's --timeout and --interval). */
  health: WaitOptions;
  /**
   * The repository's incident issues; with `dryRun` they are read, never changed (and the webhook is
   * not posted to). Undefined: GitHub is not asked at all (no token).
   */
  github: { scope: IssueScope; dryRun: boolean } | undefined;
  /** Comments on an open incident at most this often, ms (default 1h, as the action's). */
  commentIntervalMs: number;
  /** The Slack-compatible webhook for the same events; undefined: none. */
  webhookUrl: string | undefined;
  /** The run the issue links to ('' when none). */
  link: RunLink;
}

/** What the run uses from outside. */
export interface MonitorDeps {
  clock: Clock;
  /** For the targets, the separation checks, GitHub and the webhook (`createTransport`). */
  fetch: typeof globalThis.fetch;
  signal: AbortSignal;
  log: Logger;
}

/** What became of a check's incident. */
export type IncidentRow =
  /** Done (`reported`), or what would be done (`preview`, a dry run): report-incident's action. */
  | {
      state: 'reported' | 'preview';
      action: IncidentAction;
      issue: { number: number; url: string } | undefined;
      /** Downtime so far (open incident) or in all (closed), ms; undefined without an incident. */
      downMs: number | undefined;
    }
  /** GitHub was not asked (no token). */
  | { state: 'not-asked' }
  /** Not reported: GitHub failed on an earlier check (`MonitorResult.githubFailure` says how). */
  | { state: 'not-reported' };

/** One check's outcome and its incident. */
export interface CheckRow {
  kind: MonitorCheck['kind'];
  /** As report-incident receives it: the targets are wait-healthy's results (credentials masked). */
  check: CheckResult;
  durationMs: number;
  /** The separation checks' line, or why a check could not run ('' otherwise). */
  note: string;
  incident: IncidentRow;
}

/** The run's outcome. */
export interface MonitorResult {
  rows: CheckRow[];
  /** Every check passed. */
  healthy: boolean;
  /** GitHub's one-line refusal (a 403, a used-up rate limit) that stopped the reporting, if any. */
  githubFailure: string | undefined;
  durationMs: number;
}

/**
 * Probes every check, then reports each outcome. A check that cannot run (an unexpected probe error)
 * is a failed check, as a monitor.yml leg that fails is. The first GitHub failure stops the
 * reporting (the same token fails the same way for the rest); the run still returns every outcome.
 * @throws CancelledError when `deps.signal` aborts
 */
export async function runMonitor(request: MonitorRequest, deps: MonitorDeps): Promise<MonitorResult> {
  const started = deps.clock.now();
  const probed = await Promise.all(request.checks.map((check) => probe(check, request.health, deps)));
  const rows: CheckRow[] = [];
  let githubFailure: string | undefined;
  for (const row of probed) {
    let incident: IncidentRow = { state: 'not-reported' };
    if (githubFailure === undefined) {
      try {
        incident = await report(row.check, request, deps);
      } catch (error) {
        if (!(error instanceof GitHubError)) throw error;
        githubFailure = error.message;
      }
    }
    rows.push({ ...row, incident });
  }
  return {
    rows,
    healthy: rows.every((r) => r.check.outcome === 'success'),
    githubFailure,
    durationMs: deps.clock.now() - started,
  };
}

async function probe(
  check: MonitorCheck,
  health: WaitOptions,
  deps: MonitorDeps,
): Promise<Omit<CheckRow, 'incident'>> {
  const started = deps.clock.now();
  const row = (healthy: boolean, detail: string, targets: CheckResult['targets'], note: string) => ({
    kind: check.kind,
    check: {
      subject: check.subject,
      environment: check.environment,
      outcome: healthy ? ('success' as const) : ('failure' as const),
      detail,
      targets,
    },
    durationMs: deps.clock.now() - started,
    note,
  });
  try {
    if (check.kind === 'health') {
      const report = await waitHealthy(check.targets, health, deps);
      return row(report.healthy, '', report.results, '');
    }
    const outcome = await checkSeparation(check.separation, { ...deps, note: () => undefined });
    // monitor.yml's detail for a failed separation leg, word for word.
    const detail = outcome.failedCount > 0 ? `${outcome.failedCount} separation check(s) failed` : '';
    return row(outcome.status === 'ok', detail, [], outcome.detail);
  } catch (error) {
    if (error instanceof CancelledError || deps.signal.aborted) throw error;
    const message = describeFailure(error).message;
    return row(false, message, [], message);
  }
}

async function report(check: CheckResult, request: MonitorRequest, deps: MonitorDeps): Promise<IncidentRow> {
  const { github, commentIntervalMs } = request;
  if (github === undefined) return { state: 'not-asked' };
  const http: HttpDeps = { ...deps, fetch: deps.fetch as FetchLike };
  if (github.dryRun) {
    const { open, decision } = await previewIncident({ check, scope: github.scope, commentIntervalMs }, http);
    const issue = open ? { number: open.number, url: open.url } : undefined;
    return { state: 'preview', action: decision.action, issue, downMs: downOf(decision) };
  }
  const { webhookUrl, link } = request;
  const done = await reportIncident(
    { check, scope: github.scope, commentIntervalMs, webhookUrl, link },
    http,
  );
  return { state: 'reported', action: done.action, issue: done.issue, downMs: done.downMs };
}

/** The downtime a decision states, as `reportIncident` reports it. */
function downOf(decision: IncidentDecision): number | undefined {
  switch (decision.action) {
    case 'open':
      return 0;
    case 'comment':
    case 'still-down':
      return decision.downForMs;
    case 'close':
      return decision.downtimeMs;
    case 'none':
      return undefined;
  }
}
