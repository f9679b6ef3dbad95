/**
 * report-incident's core, for every shell (the action, the CLI, another CI system): turn one check's
 * result into the incident issue's next step on GitHub, and the same event on the webhook.
 *
 * ```ts
 * const report = await reportIncident(
 *   { check, scope: { api: { apiUrl, token, userAgent }, repository: 'acme/mono', label: 'dokploy-incident' },
 *     commentIntervalMs: 3_600_000, webhookUrl: undefined, link: { runUrl } },
 *   { clock: systemClock, fetch: globalThis.fetch, signal, log },
 * );
 * ```
 */
import type { HttpDeps } from '../lib/http.js';
import { closeIssue, commentOnIssue, findOpenIncident, openIssue, type IssueScope } from './github-issues.js';
import {
  decideIncident,
  incidentMarker,
  incidentTitle,
  type CheckResult,
  type IncidentAction,
  type IncidentDecision,
  type OpenIncident,
} from './incident.js';
import {
  renderOpeningBody,
  renderRecoveredComment,
  renderStillDownComment,
  renderWebhookText,
  type RunLink,
} from './render.js';
import { postWebhook, WebhookError } from './webhook.js';

/** Everything one report needs. */
export interface IncidentRequest {
  check: CheckResult;
  scope: IssueScope;
  /** Comments on an open incident at most this often, ms (input `comment-interval`, default 1h). */
  commentIntervalMs: number;
  /** The Slack-compatible webhook (input `webhook-url`); undefined: none. */
  webhookUrl: string | undefined;
  link: RunLink;
}

/** What was done, and why. */
export interface IncidentReport {
  action: IncidentAction;
  /** Why nothing was done (for `none`), else a short description of what was. */
  reason: string;
  /** The incident issue concerned, if any. */
  issue: { number: number; url: string } | undefined;
  /** Downtime so far (open incident) or in all (closed), ms; undefined without an incident. */
  downMs: number | undefined;
  /** `sent`, `failed` (a warning says why), or `not-sent` (no webhook, or nothing to tell). */
  webhook: 'sent' | 'failed' | 'not-sent';
}

/** What a report would do: the incident issue open now (if any) and the decision about it. */
export interface IncidentPreview {
  open: OpenIncident | undefined;
  decision: IncidentDecision;
  /** When it was decided (`deps.clock.now()`), ms since the epoch: the time the report states. */
  nowMs: number;
}

/**
 * Decides a check's next step without changing anything: reads the open incident issue (and, for a
 * failure, the kit's comments within the interval), then `decideIncident`. `reportIncident` acts on
 * it; a dry run (the CLI's `monitor --dry-run`) only shows it. A cancelled or skipped check makes no
 * request.
 * @throws GitHubError when GitHub refuses or never answers
 * @throws CancelledError when `deps.signal` aborts
 */
export async function previewIncident(
  request: Pick<IncidentRequest, 'check' | 'scope' | 'commentIntervalMs'>,
  deps: HttpDeps,
): Promise<IncidentPreview> {
  const { check, scope, commentIntervalMs } = request;
  const now = deps.clock.now();
  if (check.outcome === 'cancelled' || check.outcome === 'skipped') {
    const decision = decideIncident(check.outcome, undefined, now, commentIntervalMs);
    return { open: undefined, decision, nowMs: now };
  }
  const title = incidentTitle(check.subject, check.environment);
  const marker = incidentMarker(check.subject, check.environment);
  const windowStart = check.outcome === 'failure' ? now - commentIntervalMs : undefined;
  const open = await findOpenIncident(scope, { title, marker }, deps, windowStart);
  return { open, decision: decideIncident(check.outcome, open, now, commentIntervalMs), nowMs: now };
}

/**
 * Reports one check: finds the open incident issue and decides (`previewIncident`), opens, comments
 * on or closes it, then posts the same event to the webhook. A check that was cancelled or skipped
 * makes no request at all. A webhook failure is a warning, never the step's failure: the issue is
 * the record.
 * @throws GitHubError when GitHub refuses or never answers (rate limits say when they reset)
 * @throws CancelledError when `deps.signal` aborts
 */
export async function reportIncident(request: IncidentRequest, deps: HttpDeps): Promise<IncidentReport> {
  const { check, scope, commentIntervalMs, link } = request;
  const { open, decision, nowMs: now } = await previewIncident(request, deps);
  const title = incidentTitle(check.subject, check.environment);
  const issue = open ? { number: open.number, url: open.url } : undefined;
  let report: Omit<IncidentReport, 'webhook'>;
  switch (decision.action) {
    case 'open': {
      const body = renderOpeningBody(check, now, commentIntervalMs, link);
      const created = await openIssue(scope, { title, body }, deps);
      report = {
        action: 'open',
        reason: `opened #${created.number}`,
        issue: { number: created.number, url: created.url },
        downMs: 0,
      };
      break;
    }
    case 'comment':
      await commentOnIssue(
        scope,
        open?.number ?? 0,
        renderStillDownComment(check, decision.downForMs, link),
        deps,
      );
      report = {
        action: 'comment',
        reason: `commented on #${open?.number}`,
        issue,
        downMs: decision.downForMs,
      };
      break;
    case 'still-down':
      report = {
        action: 'still-down',
        reason: `#${open?.number} was reported on within the interval`,
        issue,
        downMs: decision.downForMs,
      };
      break;
    case 'close': {
      const comment = renderRecoveredComment(open?.openedAtMs ?? now, now, decision.downtimeMs, link);
      await commentOnIssue(scope, open?.number ?? 0, comment, deps);
      await closeIssue(scope, open?.number ?? 0, deps);
      report = { action: 'close', reason: `closed #${open?.number}`, issue, downMs: decision.downtimeMs };
      break;
    }
    case 'none':
      report = { action: 'none', reason: decision.reason, issue: undefined, downMs: undefined };
      break;
  }
  return { ...report, webhook: await notify(request, report, deps) };
}

/** Posts the report's event to the webhook, if there is one and something to tell. */
async function notify(
  request: IncidentRequest,
  report: Omit<IncidentReport, 'webhook'>,
  deps: HttpDeps,
): Promise<IncidentReport['webhook']> {
  const text = renderWebhookText(request.check, { ...report, webhook: 'not-sent' });
  if (!request.webhookUrl || text === '') return 'not-sent';
  try {
    await postWebhook(request.webhookUrl, text, deps);
    return 'sent';
  } catch (error) {
    if (!(error instanceof WebhookError)) throw error;
    deps.log.warning(error.message);
    return 'failed';
  }
}
