/**
 * The incident decision, pure: given what a check found and the incident issue already open (if
 * any), whether to open one, comment on it, leave it, or close it. One incident per subject (a
 * platform, or `separation`) and environment; its issue carries a title and a marker the kit owns.
 */

/** How the check step ended (`steps.<id>.outcome`): the values GitHub gives. */
export const CHECK_OUTCOMES = ['success', 'failure', 'cancelled', 'skipped'] as const;
/** One of `CHECK_OUTCOMES`. */
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** One probed target, as wait-healthy's `results` output lists it (credentials already masked). */
export interface TargetRow {
  target: string;
  healthy: boolean;
  status: string;
  detail: string;
  latencyMs: number | null;
}

/** What a check found about one subject in one environment. */
export interface CheckResult {
  /** What the incident is about: a platform name, or `separation`. */
  subject: string;
  /** The environment checked (production, staging, ...). */
  environment: string;
  /** How the check ended; `cancelled` and `skipped` say nothing about health and change nothing. */
  outcome: CheckOutcome;
  /** One line on what failed ('' when there is nothing to add). */
  detail: string;
  /** The targets probed (empty for a check without targets, such as separation). */
  targets: TargetRow[];
}

/** The incident issue that is open for a subject and environment. */
export interface OpenIncident {
  number: number;
  url: string;
  /** When the issue was opened (the first failed check seen), ms since the epoch. */
  openedAtMs: number;
  /** The newest report on it by the kit (the opening or a comment), ms since the epoch. */
  lastReportAtMs: number;
}

/** What to do about the incident. */
export type IncidentDecision =
  | { action: 'open' }
  | { action: 'comment'; downForMs: number }
  | { action: 'still-down'; downForMs: number; nextCommentAtMs: number }
  | { action: 'close'; downtimeMs: number }
  | { action: 'none'; reason: string };

/** The actions a decision can take, for the `action` output. */
export type IncidentAction = IncidentDecision['action'];

/**
 * Decides what to do: a failure with no open incident opens one; a failure with one comments at
 * most once per `commentIntervalMs` (else `still-down`); a success closes an open incident with its
 * downtime; anything else does nothing.
 * @example decideIncident('failure', undefined, Date.now(), 3_600_000) // { action: 'open' }
 */
export function decideIncident(
  outcome: CheckOutcome,
  open: OpenIncident | undefined,
  nowMs: number,
  commentIntervalMs: number,
): IncidentDecision {
  switch (outcome) {
    case 'cancelled':
    case 'skipped':
      return { action: 'none', reason: `the check was ${outcome}, which says nothing about health` };
    case 'success':
      return open
        ? { action: 'close', downtimeMs: Math.max(0, nowMs - open.openedAtMs) }
        : { action: 'none', reason: 'healthy, and no incident is open' };
    case 'failure': {
      if (!open) return { action: 'open' };
      const downForMs = Math.max(0, nowMs - open.openedAtMs);
      const nextCommentAtMs = open.lastReportAtMs + commentIntervalMs;
      return nowMs >= nextCommentAtMs
        ? { action: 'comment', downForMs }
        : { action: 'still-down', downForMs, nextCommentAtMs };
    }
  }
}

/** The check's one line: its `detail`, else how many targets are unhealthy ('' when neither says anything). */
export function describeCheck(check: CheckResult): string {
  if (check.detail) return check.detail;
  const unhealthy = check.targets.filter((t) => !t.healthy).length;
  return unhealthy > 0 ? `${unhealthy} of ${check.targets.length} targets unhealthy` : '';
}

/** The title of a subject's incident issue in an environment (the kit owns it: it finds issues by it). */
export function incidentTitle(subject: string, environment: string): string {
  return `Incident: ${subject} in ${environment}`;
}

/**
 * The hidden marker in an incident issue's body, so an issue whose title someone edited is still
 * found; comments carry `COMMENT_MARKER`, so the kit tells its own comments from people's.
 */
export function incidentMarker(subject: string, environment: string): string {
  return `<!-- dokploy-deploy incident ${JSON.stringify({ subject, environment })} -->`;
}

/** Marks the kit's comments on an incident issue. */
export const COMMENT_MARKER = '<!-- dokploy-deploy incident report -->';
