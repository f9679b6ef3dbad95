/**
 * The wait: probe every target at once, each on its own schedule, until each has answered
 * healthy `consecutiveSuccesses` times in a row or the overall deadline comes. After a failure a
 * target is probed again soon (a quarter of the interval) and then less often, doubling up to the
 * interval, with jitter: the kit's `nextDelay`. A target is therefore never left unprobed for
 * longer than one interval, which bounds how late a recovery is noticed.
 */
import type { Clock } from '../lib/clock.js';
import { formatDuration } from '../lib/duration.js';
import { CancelledError, DeadlineError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { nextDelay, toRetryPolicy, type RetryPolicy } from '../lib/retry.js';
import { createProbe, describeProbeError, type Probe } from './probes.js';
import { redactor, secretsOf } from './credentials.js';
import { describeWaitEvent, type WaitEvent } from './events.js';
import type { Target } from './targets.js';

/** How long and how often to wait. */
export interface WaitOptions {
  /** Overall deadline, ms (input `timeout`, default 5m). */
  timeoutMs: number;
  /** Longest wait between two probes of one target, ms (input `interval`, default 5s). */
  intervalMs: number;
  /** Longest wait for one probe's answer, ms (input `request-timeout`, default 10s). */
  requestTimeoutMs: number;
  /** Healthy answers in a row needed (input `consecutive-successes`, default 1). */
  consecutiveSuccesses: number;
  /** Accept self-signed certificates (input `insecure-tls`, default false); HTTP gets it via `fetch`. */
  insecureTls: boolean;
}

/** What waiting needs from outside. */
export interface WaitDeps {
  clock: Clock;
  /** For HTTP targets; the shell builds it with `createTransport` (proxy and TLS settings, connection reuse). */
  fetch: typeof globalThis.fetch;
  signal: AbortSignal;
  log: Logger;
  /** Where progress events go besides the log (the pipeline's live table). */
  onEvent?: (event: WaitEvent) => void;
}

/** One target's result (the `results` output holds a list of these). */
export interface TargetResult {
  /** The target line as shown to people (credentials masked). */
  target: string;
  kind: Target['kind'];
  healthy: boolean;
  attempts: number;
  /** The last short status or error (`HTTP 200`, `PONG`, `connection refused`); '' before any probe. */
  status: string;
  /** The last probe's one-line detail (first bytes of a body, the server's message). */
  detail: string;
  /** The last probe's duration, ms; null before any probe. */
  latencyMs: number | null;
  /** From the start of the wait to the success that made it healthy, ms; null while unhealthy. */
  timeToHealthyMs: number | null;
}

/** The outcome of a wait. */
export interface WaitReport {
  /** Every target is healthy. */
  healthy: boolean;
  /** How long the wait took, ms. */
  durationMs: number;
  results: TargetResult[];
}

/** A progress line is logged at least this often while targets are still pending. */
export const PROGRESS_EVERY_MS = 30_000;

/** A probe after the first is only started with at least this long (or request-timeout) left, ms. */
export const MIN_PROBE_BUDGET_MS = 1000;

/**
 * Waits until every target is healthy or the deadline passes, and returns the per-target results
 * (it does not throw for unhealthy targets: see `deadlineError` for the one-line failure).
 * Credentials never appear in the results or the log.
 * @throws CancelledError when `deps.signal` aborts
 */
export function waitHealthy(
  targets: readonly Target[],
  options: WaitOptions,
  deps: WaitDeps,
): Promise<WaitReport> {
  const probe = createProbe({ fetch: deps.fetch, insecureTls: options.insecureTls });
  return waitWithProbe(targets, options, { ...deps, probe });
}

/** `waitHealthy` with the probe passed in (tests give a scripted one). */
export async function waitWithProbe(
  targets: readonly Target[],
  options: WaitOptions,
  deps: WaitDeps & { probe: Probe },
): Promise<WaitReport> {
  const started = deps.clock.now();
  const run: Run = {
    ...deps,
    options,
    started,
    deadline: started + options.timeoutMs,
    redact: redactor(secretsOf(targets)),
    policy: backoffPolicy(options.intervalMs),
  };
  const results = targets.map(emptyResult);
  const progress = new AbortController();
  const progressDone = reportProgress(results, run, progress.signal);
  const settled = await Promise.allSettled(
    targets.map((target, i) => watch(target, results[i] as TargetResult, run)),
  );
  progress.abort();
  await progressDone;
  if (deps.signal.aborted) throw new CancelledError('waiting for targets to be healthy');
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return { healthy: results.every((r) => r.healthy), durationMs: deps.clock.now() - started, results };
}

/** The one-line failure for a report that is not healthy: the deadline and every unhealthy target's last state. */
export function deadlineError(report: WaitReport, timeoutMs: number): DeadlineError {
  const pending = report.results.filter((r) => !r.healthy);
  const last = pending.map((r) => `${r.target}: ${r.detail || 'not probed'}`).join('; ');
  const awaited = `${pending.length} of ${report.results.length} target${report.results.length === 1 ? '' : 's'} to be healthy`;
  return new DeadlineError(awaited, Math.max(report.durationMs, timeoutMs), last);
}

interface Run extends WaitDeps {
  probe: Probe;
  options: WaitOptions;
  started: number;
  deadline: number;
  redact: (text: string) => string;
  policy: RetryPolicy;
}

/** Backoff after failures: a quarter of the interval, doubling, capped at the interval, 20% jitter. */
function backoffPolicy(intervalMs: number): RetryPolicy {
  return toRetryPolicy({
    baseDelayMs: Math.max(1, intervalMs / 4),
    factor: 2,
    maxDelayMs: intervalMs,
    jitter: 0.2,
  });
}

async function watch(target: Target, result: TargetResult, run: Run): Promise<void> {
  const { clock, options } = run;
  const streak = { successes: 0, failures: 0 };
  for (;;) {
    const remaining = run.deadline - clock.now();
    // A late timer can wake a target after the deadline: then the wait is over.
    if (remaining <= 0 && result.attempts > 0) return;
    const before = clock.now();
    const outcome = await probeWithin(target, Math.min(options.requestTimeoutMs, remaining), run);
    record(target, result, { outcome, latencyMs: clock.now() - before, streak }, run);
    if (result.healthy) return;
    const wait = outcome.ok ? options.intervalMs : nextDelay(streak.failures, run.policy, clock.random);
    // Every wait has a deadline: stop at once rather than sleep into it, or wake up to a probe
    // that would have too little time left to answer (its timeout would be the only news).
    const budget = Math.min(options.requestTimeoutMs, MIN_PROBE_BUDGET_MS);
    if (clock.now() + wait + budget > run.deadline) return;
    run.log.debug(
      `${target.display}: attempt ${result.attempts}, ${result.detail}; next probe in ${formatDuration(wait)}`,
    );
    await clock.sleep(wait, run.signal);
  }
}

interface Probed {
  outcome: ProbeOutcome;
  latencyMs: number;
  /** Healthy and unhealthy answers in a row so far (updated). */
  streak: { successes: number; failures: number };
}

/** Records one probe in the target's result and logs a line when its state changed. */
function record(
  target: Target,
  result: TargetResult,
  { outcome, latencyMs, streak }: Probed,
  run: Run,
): void {
  const status = run.redact(outcome.status);
  const changed = result.attempts === 0 || status !== result.status;
  result.attempts++;
  result.latencyMs = latencyMs;
  result.status = status;
  result.detail = run.redact(outcome.detail);
  streak.successes = outcome.ok ? streak.successes + 1 : 0;
  streak.failures = outcome.ok ? 0 : streak.failures + 1;
  const needed = run.options.consecutiveSuccesses;
  if (streak.successes >= needed) {
    result.healthy = true;
    result.timeToHealthyMs = run.clock.now() - run.started;
    emit(run, { type: 'healthy', target: target.display, attempts: result.attempts, detail: result.detail });
  } else if (changed) {
    emit(run, {
      type: 'probed',
      target: target.display,
      ok: outcome.ok,
      detail: result.detail,
      inARow: streak.successes,
      needed,
    });
  }
}

/** Logs the event and hands it on. */
function emit(run: Run, event: WaitEvent): void {
  run.log.info(describeWaitEvent(event));
  run.onEvent?.(event);
}

/** Runs one probe, giving up after `ms`; transport errors become outcomes, cancellation throws. */
async function probeWithin(target: Target, ms: number, run: Run): Promise<ProbeOutcome> {
  if (run.signal.aborted) throw new CancelledError('waiting for targets to be healthy');
  const attempt = new AbortController();
  const timer = new AbortController();
  let onCancel = (): void => undefined;
  const cancelled = new Promise<ProbeOutcome>((resolve) => {
    onCancel = () => {
      attempt.abort(new CancelledError('waiting for targets to be healthy'));
      resolve({ ok: false, status: 'cancelled', detail: 'cancelled' });
    };
  });
  run.signal.addEventListener('abort', onCancel, { once: true });
  const timedOut = run.clock.sleep(Math.max(0, ms), timer.signal).then(
    (): ProbeOutcome => {
      attempt.abort(new Error('request timeout'));
      return { ok: false, status: 'timeout', detail: `no answer within ${formatDuration(ms)}` };
    },
    () => new Promise<never>(() => undefined),
  );
  let outcome: ProbeOutcome;
  try {
    outcome = await Promise.race([
      run.probe(target, attempt.signal).catch((error: unknown) => describeProbeError(error, target)),
      timedOut,
      cancelled,
    ]);
  } finally {
    timer.abort();
    run.signal.removeEventListener('abort', onCancel);
  }
  if (run.signal.aborted) throw new CancelledError('waiting for targets to be healthy');
  return outcome;
}

async function reportProgress(results: readonly TargetResult[], run: Run, stop: AbortSignal): Promise<void> {
  for (;;) {
    try {
      await run.clock.sleep(PROGRESS_EVERY_MS, AbortSignal.any([stop, run.signal]));
    } catch {
      return;
    }
    emit(run, {
      type: 'waiting',
      pending: results.filter((r) => !r.healthy).map((r) => ({ target: r.target, status: r.status })),
      total: results.length,
      elapsedMs: run.clock.now() - run.started,
      leftMs: Math.max(0, run.deadline - run.clock.now()),
    });
  }
}

function emptyResult(target: Target): TargetResult {
  return {
    target: target.display,
    kind: target.kind,
    healthy: false,
    attempts: 0,
    status: '',
    detail: '',
    latencyMs: null,
    timeToHealthyMs: null,
  };
}

type ProbeOutcome = Awaited<ReturnType<Probe>>;
