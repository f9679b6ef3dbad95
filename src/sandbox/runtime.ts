/**
 * What runs after a sandbox deploy ends `done`: Swarm tasks for applications, containers for compose
 * stacks, and what they print. A scenario's `afterDone` picks the behaviour seen on Dokploy v0.30.2
 * (docs/dokploy-api.md#tasks-and-containers): `stable`, `crash-loop` (every task fails at once and
 * Swarm starts another), `late-crash` (runs, then exits after 6 s), `stuck` (pending: no suitable
 * node) and `auto-rollback` (the new task fails, Swarm puts the previous one back under the `done`
 * record). Time comes only from the engine's `later`.
 */

/** Behaviours after `done`. */
export const AFTER_DONE = ['stable', 'crash-loop', 'late-crash', 'stuck', 'auto-rollback'] as const;
export type AfterDone = (typeof AFTER_DONE)[number];

/** One task (application) or container (compose), with times in ms by the engine's clock. */
export interface RuntimeTask {
  id: string;
  name: string;
  /** running | pending | failed | shutdown (Swarm); running | restarting | exited | created (compose). */
  state: string;
  desired: 'running' | 'shutdown';
  since: number;
  error: string;
  exitCode: number | undefined;
  image: string;
}

/** Swarm starts at most this many replacements in the sandbox (Swarm keeps 5 tasks of history). */
const MAX_RESTARTS = 4;
const CRASH_AFTER_MS = 500;
const LATE_CRASH_AFTER_MS = 6000;

/** The runtime side of one service. */
export interface ServiceRuntime {
  kind: 'application' | 'compose';
  appName: string;
  tasks: RuntimeTask[];
  /** What the containers printed (newest last), as `<iso> <line>`. */
  log: string[];
}

/** The engine's hooks: ids, time and timers. */
export interface RuntimeHost {
  newId(prefix: string): string;
  now(): number;
  later(ms: number, fn: () => void): void;
}

/** Replaces the running version with `image`, behaving as `afterDone` says. */
export function startVersion(
  runtime: ServiceRuntime,
  image: string,
  afterDone: AfterDone,
  host: RuntimeHost,
  previousImage: string | undefined = undefined,
): void {
  if (afterDone === 'stuck') {
    // The old task keeps its host-mode port; the new one waits for a node forever.
    addTask(runtime, image, host, 'pending', 'no suitable node (host-mode port already in use on 1 node)');
    return;
  }
  for (const t of runtime.tasks.filter((t) => t.desired === 'running')) {
    t.desired = 'shutdown';
    t.state = runtime.kind === 'compose' ? 'exited' : 'shutdown';
    t.exitCode = runtime.kind === 'compose' ? 0 : undefined;
    t.since = host.now();
  }
  if (runtime.kind === 'compose') runtime.tasks = runtime.tasks.filter((t) => t.desired === 'running');
  const task = addTask(runtime, image, host, 'running', '');
  print(runtime, host, `serving ${runtime.appName} ${image}`);
  if (afterDone === 'crash-loop') crashLater(runtime, task, CRASH_AFTER_MS, 1, host, MAX_RESTARTS);
  if (afterDone === 'late-crash') crashLater(runtime, task, LATE_CRASH_AFTER_MS, 3, host, MAX_RESTARTS);
  if (afterDone === 'auto-rollback') {
    host.later(CRASH_AFTER_MS, () => {
      fail(runtime, task, 1, host);
      // Swarm's FailureAction rollback: the previous spec runs again; Dokploy's record stays done.
      addTask(runtime, previousImage ?? image, host, 'running', '');
      print(runtime, host, `serving ${runtime.appName} ${previousImage ?? image}`);
    });
  }
}

/** Rows as docker.getServiceContainersByAppName answers (`docker service ps`, newest first). */
export function swarmRows(runtime: ServiceRuntime, now: number): Record<string, string>[] {
  const rows = [...runtime.tasks].reverse().map((t) => ({
    containerId: t.id,
    name: `${runtime.appName}.1`,
    state: t.desired,
    currentState: `${capitalise(t.state)} ${ago(now - t.since)}`,
    node: 'sandbox',
    error: t.error ? `"${t.error}"` : '',
  }));
  // Dokploy trims the whole output, then strips "Error: ": an empty last error reads "Error:".
  const last = rows[rows.length - 1];
  if (last && last.error === '') last.error = 'Error:';
  return rows;
}

/** Rows as docker.getContainersByAppNameMatch answers for a docker-compose stack (`docker ps -a`). */
export function composeRows(runtime: ServiceRuntime, now: number): Record<string, string>[] {
  return [...runtime.tasks].reverse().map((t) => ({
    containerId: t.id,
    name: t.name,
    state: t.state,
    status: composeStatus(t, now),
  }));
}

/**
 * The container `docker exec` would reach: the service's running task (application) or the running
 * container of one compose service. The sandbox's stacks run a single compose service, `web`
 * (containers `<appName>-web-1`). Undefined when nothing runs, as when the service was never
 * deployed, or its tasks crashed or are pending.
 */
export function runningContainer(
  runtime: ServiceRuntime,
  composeService: string | undefined = undefined,
): RuntimeTask | undefined {
  return [...runtime.tasks]
    .reverse()
    .find(
      (t) =>
        t.state === 'running' &&
        t.desired === 'running' &&
        (runtime.kind === 'application' || t.name === `${runtime.appName}-${composeService}-1`),
    );
}

/** A task's full 64-hex container id; a compose container's starts with the short id `docker ps` shows. */
export function containerIdOf(task: RuntimeTask): string {
  return /^[0-9a-f]{12}$/.test(task.id) ? task.id + hexOf(task.id, 52) : hexOf(task.id, 64);
}

function addTask(
  runtime: ServiceRuntime,
  image: string,
  host: RuntimeHost,
  state: string,
  error: string,
): RuntimeTask {
  const compose = runtime.kind === 'compose';
  const task: RuntimeTask = {
    id: compose ? hexOf(host.newId('c'), 12) : host.newId('task'),
    name: compose ? `${runtime.appName}-web-1` : `${runtime.appName}.1`,
    state: compose && state === 'pending' ? 'created' : state,
    desired: 'running',
    since: host.now(),
    error,
    exitCode: undefined,
    image,
  };
  runtime.tasks.push(task);
  return task;
}

function crashLater(
  runtime: ServiceRuntime,
  task: RuntimeTask,
  afterMs: number,
  code: number,
  host: RuntimeHost,
  restartsLeft: number,
): void {
  host.later(afterMs, () => {
    if (task.desired !== 'running' || task.state !== 'running') return;
    print(runtime, host, `${runtime.appName} ${task.image}: exiting with code ${code}`);
    if (runtime.kind === 'compose') {
      // restart: unless-stopped keeps the same container, restarting.
      task.state = 'restarting';
      task.exitCode = code;
      task.since = host.now();
      return;
    }
    fail(runtime, task, code, host);
    if (restartsLeft <= 0) return;
    const next = addTask(runtime, task.image, host, 'running', '');
    crashLater(runtime, next, afterMs, code, host, restartsLeft - 1);
  });
}

function fail(runtime: ServiceRuntime, task: RuntimeTask, code: number, host: RuntimeHost): void {
  task.state = 'failed';
  task.desired = 'shutdown';
  task.error = `task: non-zero exit (${code})`;
  task.since = host.now();
  void runtime;
}

function print(runtime: ServiceRuntime, host: RuntimeHost, line: string): void {
  runtime.log.push(`${new Date(host.now()).toISOString()} ${line}`);
}

function composeStatus(t: RuntimeTask, now: number): string {
  if (t.state === 'running') return `Up ${ago(now - t.since).replace(/ ago$/, '')}`;
  if (t.state === 'restarting') return `Restarting (${t.exitCode ?? 1}) ${ago(now - t.since)}`;
  if (t.state === 'exited') return `Exited (${t.exitCode ?? 0}) ${ago(now - t.since)}`;
  return 'Created';
}

/** Docker's relative times: "less than a second ago", "1 second ago", "12 seconds ago", "3 minutes ago". */
function ago(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'less than a second ago';
  if (s < 60) return `${s} second${s === 1 ? '' : 's'} ago`;
  const m = Math.floor(s / 60);
  return m === 1 ? 'About a minute ago' : `${m} minutes ago`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hexOf(seed: string, length: number): string {
  let h = 2166136261;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (const ch of `${seed}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
