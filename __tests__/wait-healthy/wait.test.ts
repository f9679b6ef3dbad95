import { CancelledError, DeadlineError } from '../../src/lib/errors.js';
import type { Probe, ProbeOutcome } from '../../src/wait-healthy/probes.js';
import { parseTargets, type Target } from '../../src/wait-healthy/targets.js';
import { deadlineError, waitWithProbe, type WaitOptions } from '../../src/wait-healthy/wait.js';
import { recordingLogger } from '../support/logger.js';
import { virtualClock, type VirtualClock } from '../support/clock.js';

const OPTIONS: WaitOptions = {
  timeoutMs: 60_000,
  intervalMs: 1000,
  requestTimeoutMs: 5000,
  consecutiveSuccesses: 1,
  insecureTls: false,
};

const OK: ProbeOutcome = { ok: true, status: 'HTTP 200', detail: 'HTTP 200 OK' };
const REFUSED: ProbeOutcome = {
  ok: false,
  status: 'connection refused',
  detail: 'connection refused by db:5432',
};
const UNAVAILABLE: ProbeOutcome = {
  ok: false,
  status: 'HTTP 503',
  detail: 'HTTP 503 Service Unavailable: warming up',
};

/** A probe that answers from a per-target script, given the virtual time; records when each probe ran. */
function scripted(
  clock: VirtualClock,
  script: Record<string, (elapsedMs: number, attempt: number) => ProbeOutcome | 'hang'>,
) {
  const calls: { target: string; at: number }[] = [];
  const aborted: string[] = [];
  const probe: Probe = (target, signal) => {
    const attempt = calls.filter((c) => c.target === target.display).length + 1;
    calls.push({ target: target.display, at: clock.elapsed() });
    const answer = script[target.display]?.(clock.elapsed(), attempt) ?? OK;
    if (answer !== 'hang') return Promise.resolve(answer);
    return new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () => {
        aborted.push(target.display);
        reject(signal.reason);
      }),
    );
  };
  const at = (display: string): number[] => calls.filter((c) => c.target === display).map((c) => c.at);
  return { probe, calls, aborted, at };
}

function setup(lines: string[]) {
  const clock = virtualClock();
  const log = recordingLogger();
  const controller = new AbortController();
  const targets: Target[] = parseTargets(lines, `Input 'targets'`);
  return { clock, log, controller, targets, deps: { clock, log, signal: controller.signal, fetch } };
}

describe('waitHealthy (wait loop)', () => {
  test('probes every target at once and reports each healthy with attempts and time to healthy', async () => {
    const { clock, targets, deps } = setup(['https://app.example/health', 'tcp://db.example:5432']);
    const { probe, at } = scripted(clock, {
      'tcp://db.example:5432': (t) => (t >= 3000 ? OK : REFUSED),
    });
    const report = await waitWithProbe(targets, OPTIONS, { ...deps, probe });
    expect(report.healthy).toBe(true);
    // After a failure: a quarter of the interval with half of the 20% jitter (225), doubling, capped at the interval.
    expect(at('tcp://db.example:5432')).toEqual([0, 225, 675, 1575, 2475, 3375]);
    expect(report.results).toEqual([
      expect.objectContaining({
        target: 'https://app.example/health',
        healthy: true,
        attempts: 1,
        timeToHealthyMs: 0,
      }),
      expect.objectContaining({
        target: 'tcp://db.example:5432',
        healthy: true,
        attempts: 6,
        timeToHealthyMs: 3375,
      }),
    ]);
    expect(report.durationMs).toBe(3375);
  });

  test('needs consecutive successes, and a failure in between starts the count again', async () => {
    const { clock, targets, deps } = setup(['https://flappy.example/']);
    const answers = [OK, UNAVAILABLE, OK, OK, OK];
    const { probe, at } = scripted(clock, { 'https://flappy.example/': (_t, n) => answers[n - 1] ?? OK });
    const report = await waitWithProbe(targets, { ...OPTIONS, consecutiveSuccesses: 3 }, { ...deps, probe });
    expect(report.results[0]).toMatchObject({ healthy: true, attempts: 5, status: 'HTTP 200' });
    // A success waits the full interval; the failure waits a quarter of it.
    expect(at('https://flappy.example/')).toEqual([0, 1000, 1225, 2225, 3225]);
  });

  test('stops before the deadline rather than sleep into it, and keeps the last error', async () => {
    const { clock, targets, deps } = setup(['redis://cache.example:6379', 'https://app.example/']);
    const { probe, at } = scripted(clock, { 'redis://cache.example:6379': () => REFUSED });
    const report = await waitWithProbe(targets, { ...OPTIONS, timeoutMs: 5000 }, { ...deps, probe });
    expect(report.healthy).toBe(false);
    const probes = at('redis://cache.example:6379');
    // The next probe would come at 4275 with 725 ms left, less than the 1 s a probe is given at least.
    expect(probes).toEqual([0, 225, 675, 1575, 2475, 3375]);
    expect(report.durationMs).toBe(3375);
    expect(report.results[0]).toMatchObject({ healthy: false, attempts: 6, status: 'connection refused' });
    const error = deadlineError(report, 5000);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error.message).toBe(
      'Timed out after 5s waiting for 1 of 2 targets to be healthy; last state: redis://cache.example:6379: connection refused by db:5432',
    );
  });

  test('gives up on a probe that does not answer within request-timeout and aborts it', async () => {
    const { clock, targets, deps } = setup(['https://hang.example/']);
    const { probe, aborted } = scripted(clock, {
      'https://hang.example/': (_t, n) => (n === 1 ? 'hang' : OK),
    });
    const report = await waitWithProbe(targets, { ...OPTIONS, requestTimeoutMs: 2000 }, { ...deps, probe });
    expect(aborted).toEqual(['https://hang.example/']);
    expect(report.results[0]).toMatchObject({ healthy: true, attempts: 2, timeToHealthyMs: 2225 });
  });

  test('a probe never runs past the deadline: its timeout is what is left', async () => {
    const { clock, targets, deps } = setup(['https://hang.example/']);
    const { probe } = scripted(clock, { 'https://hang.example/': () => 'hang' });
    const report = await waitWithProbe(
      targets,
      { ...OPTIONS, timeoutMs: 3000, requestTimeoutMs: 10_000 },
      { ...deps, probe },
    );
    expect(report.results[0]).toMatchObject({
      healthy: false,
      attempts: 1,
      status: 'timeout',
      detail: 'no answer within 3.0s',
    });
    expect(clock.elapsed()).toBe(3000);
  });

  test('logs a line when a target changes state, not on every attempt', async () => {
    const { clock, log, targets, deps } = setup(['https://app.example/']);
    const answers = [REFUSED, REFUSED, UNAVAILABLE, UNAVAILABLE, OK];
    const { probe } = scripted(clock, { 'https://app.example/': (_t, n) => answers[n - 1] ?? OK });
    await waitWithProbe(targets, OPTIONS, { ...deps, probe });
    expect(log.entries.filter((e) => e.level === 'info').map((e) => e.message)).toEqual([
      '✗ https://app.example/: connection refused by db:5432',
      '✗ https://app.example/: HTTP 503 Service Unavailable: warming up',
      '✓ https://app.example/ is healthy after 5 attempts: HTTP 200 OK',
    ]);
    // Every attempt is in the debug log, with the wait that follows it.
    expect(log.entries.filter((e) => e.level === 'debug').map((e) => e.message)).toEqual([
      'https://app.example/: attempt 1, connection refused by db:5432; next probe in 225ms',
      'https://app.example/: attempt 2, connection refused by db:5432; next probe in 450ms',
      'https://app.example/: attempt 3, HTTP 503 Service Unavailable: warming up; next probe in 900ms',
      'https://app.example/: attempt 4, HTTP 503 Service Unavailable: warming up; next probe in 900ms',
    ]);
  });

  test('logs a progress line every 30 s while targets are pending', async () => {
    const { clock, log, targets, deps } = setup(['https://slow.example/', 'tcp://fast.example:1']);
    const { probe } = scripted(clock, { 'https://slow.example/': (t) => (t >= 95_000 ? OK : UNAVAILABLE) });
    await waitWithProbe(targets, { ...OPTIONS, timeoutMs: 300_000 }, { ...deps, probe });
    const progress = log.entries.filter((e) => e.message.startsWith('Waiting for'));
    expect(progress.map((e) => e.message)).toEqual([
      'Waiting for 1 of 2 targets, 30.0s elapsed, 4m 30s left: https://slow.example/ (HTTP 503)',
      'Waiting for 1 of 2 targets, 1m 00s elapsed, 4m 00s left: https://slow.example/ (HTTP 503)',
      'Waiting for 1 of 2 targets, 1m 30s elapsed, 3m 30s left: https://slow.example/ (HTTP 503)',
    ]);
  });

  test('ends with CancelledError when the signal aborts during a wait', async () => {
    const { clock, controller, targets, deps } = setup(['https://app.example/']);
    const { probe, calls } = scripted(clock, {
      'https://app.example/': (_t, n) => {
        if (n === 3) controller.abort();
        return UNAVAILABLE;
      },
    });
    await expect(waitWithProbe(targets, OPTIONS, { ...deps, probe })).rejects.toThrow(
      new CancelledError('waiting for targets to be healthy'),
    );
    expect(calls).toHaveLength(3);
  });

  test('ends with CancelledError when the signal aborts during a probe, and aborts the probe', async () => {
    const { clock, controller, targets, deps } = setup(['https://hang.example/']);
    const { probe, aborted } = scripted(clock, { 'https://hang.example/': () => 'hang' });
    setImmediate(() => controller.abort());
    await expect(waitWithProbe(targets, OPTIONS, { ...deps, probe })).rejects.toThrow(CancelledError);
    expect(aborted).toEqual(['https://hang.example/']);
  });

  test('masks credentials that a probe echoes back, in results and logs', async () => {
    const { clock, log, targets, deps } = setup([
      'redis://:hunter2pw@cache.example:6379',
      "https://app.example/ header='Authorization: Bearer tok-123456'",
    ]);
    const { probe } = scripted(clock, {
      'redis://:***@cache.example:6379': () => ({
        ok: false,
        status: 'error',
        detail: 'bad redis://:hunter2pw@cache',
      }),
      'https://app.example/': () => ({
        ok: false,
        status: 'HTTP 401',
        detail: 'HTTP 401: token tok-123456 rejected',
      }),
    });
    const report = await waitWithProbe(targets, { ...OPTIONS, timeoutMs: 2000 }, { ...deps, probe });
    const everything = JSON.stringify(report) + log.text() + deadlineError(report, 2000).message;
    expect(everything).not.toContain('hunter2pw');
    expect(everything).not.toContain('tok-123456');
    expect(report.results.map((r) => r.detail)).toEqual([
      'bad redis://:***@cache',
      'HTTP 401: token *** rejected',
    ]);
  });
});
