/**
 * Which deployment record is this run's (docs/dokploy-api.md#finding-the-runs-record). Dokploy returns no id from
 * a deploy call, so the kit snapshots the existing ids, triggers with a unique title, and then
 * recognises its own record among the new ones. Pure: records and queue in, a decision out.
 */
import type { Deployment, QueueJob } from '../lib/dokploy-client.js';

/** What the run sent (title, description) and deployed (sha), to recognise its record. */
export interface Marker {
  title: string;
  description: string;
  sha: string | undefined;
}

/** Where the run's job is in Dokploy's queue: waiting, active, absent, or unknown (no queueList). */
export type QueueState =
  | { state: 'waiting'; position: number; ahead: number }
  | { state: 'active' }
  | { state: 'absent' }
  | { state: 'unknown' };

/** How the record was recognised. */
export type MatchedBy = 'marker' | 'commit' | 'lone';

/** The decision for one poll. */
export type Correlation =
  { found: Deployment; by: MatchedBy } | { found: undefined; candidates: Deployment[] };

/**
 * Looks for the run's record among `rows` (newest first), ignoring ids that existed before the deploy.
 * Order: the marker title/description; else exactly one new record whose description is
 * `Commit: <sha>` (Dokploy's rewrite after a git build ends); else the only new record. The two
 * fallbacks apply only once the run's job has left the queue (or the queue cannot be read): while
 * it waits or starts, a new record is another actor's — a webhook for the same push even carries
 * the same commit.
 */
export function findOwnRecord(
  rows: readonly Deployment[],
  known: ReadonlySet<string>,
  marker: Marker,
  queue: QueueState,
): Correlation {
  const candidates = rows.filter((r) => !known.has(r.deploymentId));
  const byMarker = candidates.find(
    (r) =>
      (marker.title !== '' && r.title === marker.title) ||
      (marker.description !== '' && r.description === marker.description),
  );
  if (byMarker) return { found: byMarker, by: 'marker' };
  if (queue.state === 'waiting' || queue.state === 'active') return { found: undefined, candidates };
  if (marker.sha) {
    const byCommit = candidates.filter((r) => r.description === `Commit: ${marker.sha}`);
    if (byCommit.length === 1 && byCommit[0]) return { found: byCommit[0], by: 'commit' };
  }
  if (candidates.length === 1 && candidates[0]) {
    return { found: candidates[0], by: 'lone' };
  }
  return { found: undefined, candidates };
}

/**
 * Finds the run's job in the queue (`data.titleLog` equals the marker title, same service).
 * `jobs` is the organisation's queue, newest first; the position counts jobs that run before it.
 */
export function findOwnJob(
  jobs: readonly QueueJob[] | undefined,
  serviceId: string,
  marker: Marker,
): QueueState {
  if (jobs === undefined) return { state: 'unknown' };
  const oldestFirst = [...jobs].reverse();
  const index = oldestFirst.findIndex(
    (j) =>
      j.serviceId === serviceId && (j.titleLog === marker.title || j.descriptionLog === marker.description),
  );
  const job = oldestFirst[index];
  if (!job) return { state: 'absent' };
  if (job.state === 'active') return { state: 'active' };
  const ahead = oldestFirst.slice(0, index).length;
  return { state: 'waiting', position: ahead + 1, ahead };
}

/** Statuses that end a deployment. Anything else (running, or a status a later Dokploy adds) is not final. */
export const FINAL_STATUSES = ['done', 'error', 'cancelled'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/** True when a record's status is final. */
export function isFinalStatus(status: string): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}
