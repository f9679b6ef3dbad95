/**
 * "Done means running": after a record ends `done`, the service's Swarm tasks (or a stack's
 * containers) must show the new version running, without a restart, for `stable-for`. Dokploy's
 * `done` only means the service update returned (docs/dokploy-api.md#tasks-and-containers): a crash
 * loop, a task stuck pending or a Swarm auto-rollback all stay `done` there. Pure: Dokploy through
 * the client, time through `deps.clock`.
 */
import {
  DokployApiError,
  type DokployClient,
  type ServiceInfo,
  type ServiceTask,
} from '../lib/dokploy-client.js';
import { formatDuration } from '../lib/duration.js';
import { CancelledError, DeadlineError } from '../lib/errors.js';
import { nextDelay } from '../lib/retry.js';
import type { DeployDeps } from './events.js';
import { pollPolicy } from './follow.js';

/** A task waiting for a node (Swarm `pending`, compose `created`) this long counts as stuck. */
export const PENDING_LIMIT_MS = 120_000;

/** States that mean a task or container of the new version failed. */
const FAILED_STATES = ['failed', 'rejected', 'restarting', 'dead', 'orphaned'] as const;
/** States of a task that waits for a place to run (not one that is pulling or starting). */
const PENDING_STATES = ['new', 'pending', 'assigned', 'created'] as const;
/** Desired states of tasks that are not meant to run (any other is). */
const NOT_MEANT_TO_RUN = ['shutdown', 'remove', 'complete'] as const;

/** What the service's tasks looked like before the deploy; `undefined` when they cannot be read. */
export type TaskSnapshot = ReadonlySet<string> | undefined;

/** How the running check ended. */
export type RunningCheck =
  | { outcome: 'running'; checkedMs: number }
  | { outcome: 'unhealthy'; reason: string; task: ServiceTask | undefined; checkedMs: number };

/** What `checkRunning` needs besides deps. */
export interface RunningContext {
  client: DokployClient;
  service: ServiceInfo;
  /** The task ids listed before the deploy: the new version's tasks are the others. */
  before: ReadonlySet<string>;
  stableForMs: number;
  pollIntervalMs: number;
  /** Absolute deadline (by the clock), shared with the deploy. */
  deadline: number;
  label: string;
}

/**
 * Lists the service's tasks before the deploy. A key without Dokploy's `docker:read` permission
 * gets a 401: say so once and return undefined (the check is skipped; health targets remain).
 * @throws DokployApiError for any other refusal, CancelledError when cancelled
 */
export async function snapshotTasks(
  client: DokployClient,
  service: ServiceInfo,
  label: string,
  deps: DeployDeps,
): Promise<TaskSnapshot> {
  try {
    return new Set((await client.tasks(service)).map((t) => t.id));
  } catch (error) {
    if (!(error instanceof DokployApiError) || error.kind !== 'unauthorized') throw error;
    deps.log.warning(
      `Not checking that ${label} keeps running: the API key may not list its containers (Dokploy answered 401 to ${error.path}; give the key's user the docker:read permission, "Access to Docker"); health targets still apply`,
    );
    return undefined;
  }
}

/**
 * Polls the tasks until the new version has run `stableForMs` without a restart, or shows a failure.
 * @returns `running`, or `unhealthy` with a one-line reason naming the task, its state and error
 * @throws DeadlineError at the deploy's deadline, CancelledError when cancelled
 */
export async function checkRunning(ctx: RunningContext, deps: DeployDeps): Promise<RunningCheck> {
  const started = deps.clock.now();
  const judge = new TaskJudge(ctx, started);
  const policy = pollPolicy(ctx.pollIntervalMs);
  deps.log.info(`Checking that ${ctx.label} runs for ${formatDuration(ctx.stableForMs)} without a restart`);
  for (let poll = 1; ; poll++) {
    const tasks = await ctx.client.tasks(ctx.service);
    const now = deps.clock.now();
    const verdict = judge.judge(tasks, now);
    const checkedMs = now - started;
    if (verdict.verdict === 'running') return { outcome: 'running', checkedMs };
    if (verdict.verdict === 'unhealthy') {
      return { outcome: 'unhealthy', reason: verdict.reason, task: verdict.task, checkedMs };
    }
    deps.onEvent?.({ type: 'checking', runningForMs: verdict.runningForMs, stableForMs: ctx.stableForMs });
    const wait = nextDelay(poll, policy, deps.clock.random);
    if (now + wait >= ctx.deadline) {
      throw new DeadlineError(`${ctx.label} to run`, checkedMs, verdict.state);
    }
    await sleep(deps, wait, ctx.label);
  }
}

/** One poll's verdict. */
export type Verdict =
  | { verdict: 'running' }
  | { verdict: 'unhealthy'; reason: string; task: ServiceTask | undefined }
  | { verdict: 'wait'; runningForMs: number; state: string };

/**
 * Judges successive task lists (pure: tasks and times in, verdicts out). Applications count only
 * tasks created since the snapshot; compose stacks count every container, since `compose up`
 * keeps the unchanged ones.
 */
export class TaskJudge {
  private readonly seenRunning = new Set<string>();
  private readonly firstSeen = new Map<string, number>();
  private runningSince: number | undefined;

  constructor(
    private readonly ctx: Pick<RunningContext, 'service' | 'before' | 'stableForMs'>,
    private readonly started: number,
  ) {}

  judge(tasks: readonly ServiceTask[], now: number): Verdict {
    const considered =
      this.ctx.service.kind === 'application' ? tasks.filter((t) => !this.ctx.before.has(t.id)) : tasks;
    for (const t of considered) if (!this.firstSeen.has(t.id)) this.firstSeen.set(t.id, now);
    const failed = considered.find(isFailing);
    if (failed) return { verdict: 'unhealthy', reason: describeTask(failed), task: failed };
    const meant = considered.filter((t) => !(NOT_MEANT_TO_RUN as readonly string[]).includes(t.desired));
    const running = meant.filter((t) => t.state === 'running');
    const stopped = [...this.seenRunning].find((id) => !running.some((t) => t.id === id));
    if (stopped !== undefined) {
      const current = tasks.find((t) => t.id === stopped);
      const what = current ? `is now ${current.detail || current.state}` : 'is gone';
      // A task of the new version that stops without failing was replaced: a restart or Swarm's rollback.
      return {
        verdict: 'unhealthy',
        reason: `${this.noun()} ${current?.name ?? stopped} stopped running and ${what} (restarted or rolled back by Swarm)`,
        task: current,
      };
    }
    for (const t of running) this.seenRunning.add(t.id);
    const waiting = meant.filter((t) => t.state !== 'running');
    const stuck = waiting.find(
      (t) =>
        (PENDING_STATES as readonly string[]).includes(t.state) &&
        now - (this.firstSeen.get(t.id) ?? now) >= PENDING_LIMIT_MS,
    );
    if (stuck) {
      return {
        verdict: 'unhealthy',
        reason: `${describeTask(stuck)} for ${formatDuration(now - (this.firstSeen.get(stuck.id) ?? now))}`,
        task: stuck,
      };
    }
    if (considered.length === 0 && now - this.started >= PENDING_LIMIT_MS) {
      return {
        verdict: 'unhealthy',
        reason: `Dokploy lists no ${this.noun()} of the new version ${formatDuration(now - this.started)} after done`,
        task: undefined,
      };
    }
    if (running.length > 0 && waiting.length === 0) {
      this.runningSince ??= now;
      if (now - this.runningSince >= this.ctx.stableForMs) return { verdict: 'running' };
      return { verdict: 'wait', runningForMs: now - this.runningSince, state: describeAll(running) };
    }
    this.runningSince = undefined;
    const state = waiting[0] ? describeTask(waiting[0]) : `no ${this.noun()} of the new version yet`;
    return { verdict: 'wait', runningForMs: 0, state };
  }

  private noun(): string {
    return this.ctx.service.kind === 'compose' && this.ctx.service.composeType !== 'stack'
      ? 'container'
      : 'task';
  }
}

/** "task web.1 failed: task: non-zero exit (1)", "container infra-web-1 restarting (Restarting (1) 2 seconds ago)". */
export function describeTask(task: ServiceTask): string {
  const why = task.error ? `: ${task.error}` : task.detail ? ` (${task.detail})` : '';
  return `${task.kind} ${task.name} ${task.state}${why}`;
}

function describeAll(tasks: readonly ServiceTask[]): string {
  return tasks.map((t) => `${t.name} ${t.state}`).join(', ');
}

function isFailing(task: ServiceTask): boolean {
  if ((FAILED_STATES as readonly string[]).includes(task.state)) return true;
  return task.state === 'exited' && task.exitCode !== 0;
}

async function sleep(deps: DeployDeps, ms: number, label: string): Promise<void> {
  try {
    await deps.clock.sleep(ms, deps.signal);
  } catch (error) {
    if (!(error instanceof CancelledError)) throw error;
    throw new CancelledError(
      `checking that ${label} runs: the deployment is done in Dokploy and stays as it is`,
    );
  }
}
