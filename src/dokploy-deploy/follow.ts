/**
 * Following a triggered deploy: poll the service's records (and, until the run's record is known,
 * Dokploy's queue) with the kit's backoff, lock onto the run's own record, and wait for a final
 * status under the overall deadline. Prints a progress line at least every 15 s. Says what it leaves
 * running when the run is cancelled or times out (self-hosted Dokploy cannot cancel a build).
 */
import {
  DokployApiError,
  type Deployment,
  type DokployClient,
  type QueueJob,
} from '../lib/dokploy-client.js';
import { formatDuration } from '../lib/duration.js';
import { CancelledError, DeadlineError, DeployFailedError, KitError } from '../lib/errors.js';
import { describeEvent, type DeployDeps, type DeployEvent } from './events.js';
import { nextDelay, toRetryPolicy, type RetryPolicy } from '../lib/retry.js';
import {
  findOwnJob,
  findOwnRecord,
  isFinalStatus,
  type Marker,
  type MatchedBy,
  type QueueState,
} from './correlate.js';
import type { DeploySettings } from './settings.js';

/** What following ended with. */
export interface Followed {
  status: 'done' | 'error' | 'cancelled' | 'timeout';
  record: Deployment | undefined;
  matchedBy: MatchedBy | undefined;
  failure: KitError | undefined;
}

/** What `followDeployment` needs besides deps. */
export interface FollowContext {
  client: DokployClient;
  settings: DeploySettings;
  marker: Marker;
  /** Record ids that existed before the trigger. */
  known: ReadonlySet<string>;
  label: string;
  /** Absolute deadline (by the clock). */
  deadline: number;
  /** When the action started (for the timeout message). */
  started: number;
  /** When the deploy was triggered (by the clock). */
  triggeredAt: number;
  /** How long the service's recent builds took (`typicalBuildMs`); undefined when unknown. */
  typicalMs: number | undefined;
}

/** A progress line is printed at least this often while waiting. */
export const PROGRESS_EVERY_MS = 15_000;
const QUEUE_SINCE = 'v0.28.3';
/** Polls in a row that find the job neither queued nor recorded before it counts as lost. */
const LOST_AFTER = 2;
/**
 * How long polls may keep failing (each already retried by the client) before the failure is final.
 * A restart of Dokploy (an update, a host reboot) refuses connections for 20-30 s; production mode
 * then cancels the running build, and the action should see that rather than give up during the gap.
 */
export const OUTAGE_LIMIT_MS = 120_000;

/**
 * The poll policy: waits start at a third of the poll interval and grow by 6 % per poll up to twice
 * the interval (3 s: 1 s → 6 s, reached after about a minute). A deploy that ends within the first
 * minute (an image deploy, a cached build) is seen ~0.7 s after Dokploy marks it done, not ~2 s;
 * later polls are as sparse as before: ≤ 27 polls in the first minute, ≤ 15 a minute after it
 * (twice that while queued), 10 a minute once at 6 s (bench/dokploy-deploy.bench.ts, issue #15).
 */
export function pollPolicy(intervalMs: number): RetryPolicy {
  return toRetryPolicy({
    baseDelayMs: intervalMs / 3,
    factor: 1.06,
    maxDelayMs: 2 * intervalMs,
    jitter: 0.2,
  });
}

/** How many of the newest finished builds `typicalBuildMs` looks at. */
const TYPICAL_OF = 5;

/**
 * How long the service's builds take: the median duration (createdAt → finishedAt) of its newest
 * `done` records, at most five; undefined when it has none (a first deploy, or Dokploy's clock
 * gives no duration).
 * @example typicalBuildMs([{ status: 'done', createdAt: '…T10:00:00Z', finishedAt: '…T10:00:42Z', … }]) // 42000
 */
export function typicalBuildMs(records: readonly Deployment[]): number | undefined {
  const durations = records
    .filter((r) => r.status === 'done' && r.finishedAt)
    .slice(0, TYPICAL_OF)
    .map((r) => Date.parse(r.finishedAt as string) - Date.parse(r.createdAt))
    .filter((ms) => Number.isFinite(ms) && ms > 0)
    .sort((a, b) => a - b);
  return durations.length === 0 ? undefined : durations[Math.floor((durations.length - 1) / 2)];
}

/** The fast-polling window around a build's expected end (by the clock), and the fast pace. */
export interface ExpectedEnd {
  start: number;
  end: number;
  fastMs: number;
}

/**
 * When the build is expected to end (its recent builds' typical length after it started), polls
 * come faster: every quarter interval (at least 500 ms) from `spread` before that moment to twice
 * `spread` after it, `spread` being a tenth of the build, 1.5 to 5 s. That window is at most 15 s, so
 * a minute with it stays within 30 requests (20 in the window, the sparse polls around it). Outside
 * it, or with no history, the poll policy alone decides.
 */
export function expectedEndWindow(startedAt: number, typicalMs: number, intervalMs: number): ExpectedEnd {
  const spread = Math.min(5000, Math.max(1500, typicalMs / 10));
  const at = startedAt + typicalMs;
  return { start: at - spread, end: at + 2 * spread, fastMs: Math.max(500, intervalMs / 4) };
}

/** The wait before the next poll: the policy's, shortened to meet or stay in the expected-end window. */
export function pollDelay(planned: number, now: number, window: ExpectedEnd | undefined): number {
  if (!window || now >= window.end) return planned;
  if (now >= window.start) return Math.min(planned, window.fastMs);
  return Math.min(planned, window.start - now);
}

/** Follows the run's deployment to a final status, a timeout or cancellation. Never throws those. */
export async function followDeployment(ctx: FollowContext, deps: DeployDeps): Promise<Followed> {
  const state = new FollowState(ctx, deps);
  try {
    return await state.run();
  } catch (error) {
    if (error instanceof CancelledError) {
      const failure = new CancelledError(`waiting for ${state.describe()}: ${state.leftBehind()}`);
      return { status: 'cancelled', record: state.record, matchedBy: state.matchedBy, failure };
    }
    if (error instanceof DeadlineError) {
      const failure = new DeadlineError(
        `${ctx.label} to finish deploying`,
        deps.clock.now() - ctx.started,
        `${state.describe()}; ${state.leftBehind()}`,
      );
      return { status: 'timeout', record: state.record, matchedBy: state.matchedBy, failure };
    }
    if (error instanceof LostJobError) {
      return { status: 'cancelled', record: undefined, matchedBy: undefined, failure: error };
    }
    if (error instanceof KitError) {
      // Dokploy refused a poll (401, 404, ...) or the record cannot be told apart: the deploy is not known to be done.
      return { status: 'error', record: state.record, matchedBy: state.matchedBy, failure: error };
    }
    throw error;
  }
}

class FollowState {
  record: Deployment | undefined;
  matchedBy: MatchedBy | undefined;
  private queue: QueueState = { state: 'unknown' };
  private queueSupported: boolean;
  /** When the current run of failed polls began (undefined while polls succeed). */
  private failingSince: number | undefined;
  private absent = 0;
  private lastProgressAt: number;
  private lastLine = '';
  private readonly policy: RetryPolicy;
  private window: ExpectedEnd | undefined;

  constructor(
    private readonly ctx: FollowContext,
    private readonly deps: DeployDeps,
  ) {
    this.queueSupported = true;
    this.lastProgressAt = deps.clock.now();
    this.policy = pollPolicy(ctx.settings.pollIntervalMs);
    this.window = this.expectEnd(ctx.triggeredAt);
  }

  async run(): Promise<Followed> {
    for (let poll = 1; ; poll++) {
      const planned = nextDelay(poll, this.policy, this.deps.clock.random);
      await this.sleep(pollDelay(planned, this.deps.clock.now(), this.window));
      const rows = await this.tolerant(() => this.ctx.client.deployments(this.ctx.settings.target));
      if (rows === undefined) continue;
      if (!this.record) {
        const queued = this.queue.state === 'waiting';
        await this.correlate(rows);
        // A job that waited in the queue started about now, not at the trigger.
        if (this.record && queued) this.window = this.expectEnd(this.deps.clock.now());
      } else this.record = rows.find((r) => r.deploymentId === this.record?.deploymentId) ?? this.record;
      this.progress(false);
      if (this.record && isFinalStatus(this.record.status)) return this.ended(this.record);
    }
  }

  private expectEnd(startedAt: number): ExpectedEnd | undefined {
    const { typicalMs } = this.ctx;
    return typicalMs === undefined
      ? undefined
      : expectedEndWindow(startedAt, typicalMs, this.ctx.settings.pollIntervalMs);
  }

  /** "deployment dep-1 of application web (app-1) (status running)", or what is known before the record. */
  describe(): string {
    if (this.record)
      return `deployment ${this.record.deploymentId} of ${this.ctx.label} (status ${this.record.status})`;
    if (this.queue.state === 'waiting')
      return `the ${this.ctx.settings.action} of ${this.ctx.label} (queued, position ${this.queue.position})`;
    return `the ${this.ctx.settings.action} of ${this.ctx.label} (no deployment record yet)`;
  }

  /** What stays on the server when the action stops waiting. */
  leftBehind(): string {
    if (this.record && !isFinalStatus(this.record.status)) {
      return 'it keeps running on Dokploy, which cannot cancel a running build (self-hosted); check it in the Deployments tab';
    }
    if (!this.record) {
      return "its job stays in Dokploy's queue and will still run; use Clean queues in the service's Deployments tab to drop it";
    }
    return 'nothing is left running';
  }

  private ended(record: Deployment): Followed {
    const status = record.status as 'done' | 'error' | 'cancelled';
    const failure =
      status === 'cancelled'
        ? new DeployFailedError(
            this.ctx.label,
            'cancelled',
            `Dokploy cancelled deployment ${record.deploymentId} (a restart of Dokploy cancels running builds): deploy again`,
          )
        : undefined;
    return { status, record, matchedBy: this.matchedBy, failure };
  }

  private async correlate(rows: Deployment[]): Promise<void> {
    // Until the queue is read, only the marker counts ('active' turns the fallbacks off).
    let decision = findOwnRecord(rows, this.ctx.known, this.ctx.marker, { state: 'active' });
    if (decision.found) return this.lock(decision.found, decision.by);
    // The marker is not (or no longer) visible: ask the queue where the job is.
    this.queue = await this.readQueue();
    decision = findOwnRecord(rows, this.ctx.known, this.ctx.marker, this.queue);
    if (!decision.found && this.queue.state === 'absent') {
      // The job may have ended between the two calls: look at the records once more.
      const again = await this.tolerant(() => this.ctx.client.deployments(this.ctx.settings.target));
      if (again) decision = findOwnRecord(again, this.ctx.known, this.ctx.marker, this.queue);
    }
    if (decision.found) return this.lock(decision.found, decision.by);
    if (this.queue.state !== 'absent') {
      this.absent = 0;
      return;
    }
    if (++this.absent < LOST_AFTER) return;
    if (decision.candidates.length === 0) {
      throw new LostJobError(this.ctx.label, this.ctx.settings.action);
    }
    this.resolveAmbiguous(decision.candidates);
  }

  /** Several new records, none recognisable (titles rewritten): fine only when they all ended the same way. */
  private resolveAmbiguous(candidates: Deployment[]): void {
    const statuses = new Set(candidates.map((c) => c.status));
    const [newest] = candidates;
    if (newest && statuses.size === 1 && isFinalStatus(newest.status)) {
      this.deps.log.warning(
        `${candidates.length} new deployments of ${this.ctx.label} ended ${newest.status} and their titles were rewritten by Dokploy; reporting the newest, ${newest.deploymentId}`,
      );
      this.lock(newest, 'lone');
      return;
    }
    throw new KitError(
      `Cannot tell which of ${candidates.length} new deployments of ${this.ctx.label} is this run's (${candidates
        .map((c) => `${c.deploymentId}: ${c.status}`)
        .join(
          ', ',
        )}): another actor deployed it at the same time and Dokploy rewrote the titles; check them in Dokploy`,
    );
  }

  private lock(record: Deployment, by: MatchedBy): void {
    this.record = record;
    this.matchedBy = by;
    if (by === 'lone') {
      this.deps.log.warning(
        `Deployment ${record.deploymentId} of ${this.ctx.label} does not carry this run's title; following it as the only new deployment`,
      );
    } else if (by === 'commit') {
      this.deps.log.info(
        `Recognised deployment ${record.deploymentId} by its commit (Dokploy rewrote the title)`,
      );
    }
  }

  private async readQueue(): Promise<QueueState> {
    if (!this.queueSupported) return { state: 'unknown' };
    try {
      const jobs: QueueJob[] = await this.ctx.client.queueList();
      return findOwnJob(jobs, this.ctx.settings.target.id, this.ctx.marker);
    } catch (error) {
      if (error instanceof DokployApiError && error.kind === 'not-found') {
        // deployment.queueList exists since v0.28.3.
        this.queueSupported = false;
        this.deps.log.debug(`deployment.queueList is not available (needs ${QUEUE_SINCE})`);
        return { state: 'unknown' };
      }
      if (isTransient(error)) return this.queue;
      throw error;
    }
  }

  /** Runs a poll request; a passing failure (5xx, network, a proxy page) is reported and skipped. */
  private async tolerant<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await fn();
      this.failingSince = undefined;
      return value;
    } catch (error) {
      if (!isTransient(error)) throw error;
      this.failingSince ??= this.deps.clock.now();
      if (this.deps.clock.now() - this.failingSince >= OUTAGE_LIMIT_MS) throw error;
      this.deps.log.warning(`${(error as Error).message}; polling again`);
      return undefined;
    }
  }

  /** Sleeps `ms`, cut at the deadline, printing a progress line whenever 15 s passed without one. */
  private async sleep(ms: number): Promise<void> {
    const { clock, signal } = this.deps;
    let until = clock.now() + ms;
    if (until >= this.ctx.deadline) until = this.ctx.deadline;
    while (clock.now() < until) {
      const nextProgress = this.lastProgressAt + PROGRESS_EVERY_MS;
      if (clock.now() >= nextProgress) {
        this.progress(true);
        continue;
      }
      // The clock moves between the check and here: never ask for a negative wait.
      await clock.sleep(Math.max(0, Math.min(until, nextProgress) - clock.now()), signal);
    }
    if (clock.now() >= this.ctx.deadline) {
      throw new DeadlineError(
        `${this.ctx.label} to finish deploying`,
        clock.now() - this.ctx.started,
        this.describe(),
      );
    }
  }

  private progress(force: boolean): void {
    const elapsed = formatDuration(this.deps.clock.now() - this.ctx.started);
    const event: DeployEvent = this.record
      ? { type: 'record', deploymentId: this.record.deploymentId, status: this.record.status }
      : this.queue.state === 'waiting'
        ? { type: 'queued', position: this.queue.position, ahead: this.queue.ahead }
        : { type: 'waiting' };
    const line = `${this.ctx.label}: ${describeEvent(event)}`;
    if (!force && line === this.lastLine) return;
    if (line !== this.lastLine) this.deps.onEvent?.(event);
    this.lastLine = line;
    this.lastProgressAt = this.deps.clock.now();
    this.deps.log.info(`${line}, ${elapsed} elapsed`);
  }
}

/** The job left the queue without leaving a record: Dokploy restarted (v0.29.9+ loses waiting jobs). */
class LostJobError extends DeployFailedError {
  constructor(label: string, action: string) {
    super(
      label,
      'cancelled',
      `the ${action} job left Dokploy's queue without creating a deployment record (a Dokploy restart drops waiting jobs since v0.29.9): deploy again`,
    );
  }
}

function isTransient(error: unknown): boolean {
  return error instanceof DokployApiError && ['server', 'network', 'malformed', 'html'].includes(error.kind);
}
