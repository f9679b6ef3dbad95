/**
 * The wait loop on a manual clock with a fake client passed as a value: how often it polls and
 * how often it reports, over simulated hours, without waiting.
 */
import { describe, expect, it } from '@jest/globals';
import type { Deployment, DokployClient } from '../../src/lib/dokploy-client.js';
import {
  expectedEndWindow,
  followDeployment,
  OUTAGE_LIMIT_MS,
  pollDelay,
  pollPolicy,
  PROGRESS_EVERY_MS,
  typicalBuildMs,
} from '../../src/dokploy-deploy/follow.js';
import { DokployApiError } from '../../src/lib/dokploy-client.js';
import { makeSettings } from '../support/dokploy.js';
import { manualClock } from '../support/clock.js';
import { recordingLogger } from '../support/logger.js';
import { nextDelay } from '../../src/lib/retry.js';

const TITLE = 'CI #7.1 abcdef1';

/** A client whose record of this run follows `statusAt(now)`; it records when each call came. */
/** What `statusAt` returns while Dokploy does not answer (a restart). */
const DOWN = 'down';

function fakeClient(clock: { now(): number }, statusAt: (ms: number) => string | undefined) {
  const calls: { at: number; name: string }[] = [];
  const start = clock.now();
  const client = {
    async deployments() {
      calls.push({ at: clock.now() - start, name: 'deployments' });
      const status = statusAt(clock.now() - start);
      if (status === DOWN) {
        const path = '/api/deployment.all';
        throw new DokployApiError(
          'GET',
          path,
          0,
          '(connection refused, 4 attempts)',
          'check the URL',
          'network',
          [],
        );
      }
      const row: Deployment = {
        deploymentId: 'dep-1',
        title: TITLE,
        description: '',
        status: status ?? 'running',
        createdAt: '',
        finishedAt: null,
        errorMessage: null,
        rollbackId: null,
      };
      return status === undefined ? [] : [row];
    },
    async queueList() {
      calls.push({ at: clock.now() - start, name: 'queueList' });
      return [
        {
          id: 'job-1',
          state: 'waiting',
          serviceId: 'app-web',
          titleLog: TITLE,
          descriptionLog: '',
          type: 'deploy',
        },
      ];
    },
  } as unknown as DokployClient;
  return { client, calls };
}

function setup(
  statusAt: (ms: number) => string | undefined,
  pollIntervalMs = 3000,
  timeoutMs = 3_600_000,
  typicalMs: number | undefined = undefined,
) {
  const clock = manualClock(0);
  const log = recordingLogger();
  const infoAt: number[] = [];
  const info = log.info;
  log.info = (m: string) => {
    infoAt.push(clock.now());
    info(m);
  };
  const { client, calls } = fakeClient(clock, statusAt);
  const settings = makeSettings({ dokployUrl: 'http://127.0.0.1:1', pollIntervalMs, timeoutMs });
  const ctx = {
    client,
    settings,
    marker: { title: TITLE, description: '', sha: undefined },
    known: new Set<string>(),
    label: 'application web (app-web)',
    deadline: timeoutMs,
    started: 0,
    triggeredAt: 0,
    typicalMs,
  };
  return {
    clock,
    log,
    infoAt,
    calls,
    run: () => followDeployment(ctx, { clock, fetch: globalThis.fetch, log }),
  };
}

describe('the expected end of a build', () => {
  const record = (status: string, createdAt: string, finishedAt: string | null): Deployment => ({
    deploymentId: 'd',
    title: 't',
    description: '',
    status,
    createdAt,
    finishedAt,
    errorMessage: null,
    rollbackId: null,
  });
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();

  it("is the median of the newest done builds' durations; errors, cancels and timeless records do not count", () => {
    expect(
      typicalBuildMs([
        record('done', at(0), at(40)),
        record('error', at(0), at(2)),
        record('done', at(0), at(50)),
        record('cancelled', at(0), null),
        record('done', at(0), at(45)),
        record('done', at(10), at(10)),
      ]),
    ).toBe(45_000);
    expect(typicalBuildMs([record('error', at(0), at(3))])).toBeUndefined();
    expect(typicalBuildMs([])).toBeUndefined();
  });

  it('polls fast from a tenth of the build before it to two tenths after it, within 1.5–5 s, and never waits past its start', () => {
    expect(expectedEndWindow(1000, 60_000, 3000)).toEqual({ start: 56_000, end: 71_000, fastMs: 750 });
    expect(expectedEndWindow(0, 5000, 3000)).toEqual({ start: 3500, end: 8000, fastMs: 750 });
    expect(expectedEndWindow(0, 600_000, 1000)).toEqual({ start: 595_000, end: 610_000, fastMs: 500 });
    const window = expectedEndWindow(0, 60_000, 3000);
    expect(pollDelay(6000, 10_000, window)).toBe(6000);
    expect(pollDelay(6000, 52_000, window)).toBe(3000);
    expect(pollDelay(6000, 60_000, window)).toBe(750);
    expect(pollDelay(6000, 80_000, window)).toBe(6000);
    expect(pollDelay(6000, 60_000, undefined)).toBe(6000);
  });

  it('sees a build that ends as its recent ones did within 750 ms, and stays within 30 requests a minute', async () => {
    // A 4-minute build whose recent builds took 4 minutes and 3 s.
    const t = setup((ms) => (ms < 240_000 ? 'running' : 'done'), 3000, 3_600_000, 243_000);
    const result = await t.run();
    expect(result.status).toBe('done');
    const last = t.calls.at(-1)?.at ?? 0;
    expect(last - 240_000).toBeLessThanOrEqual(750);
    for (let minute = 1; minute * 60_000 < last; minute++) {
      const inMinute = t.calls.filter((c) => c.at >= minute * 60_000 && c.at < (minute + 1) * 60_000);
      expect(inMinute.length).toBeLessThanOrEqual(30);
    }
    // Without the history the same build is seen up to a poll interval later.
    const without = setup((ms) => (ms < 240_000 ? 'running' : 'done'));
    await without.run();
    expect((without.calls.at(-1)?.at ?? 0) - 240_000).toBeGreaterThan(750);
  });
});

describe('followDeployment', () => {
  it('polls at most 30 times a minute after the first minute, even while queued (2 calls a poll)', async () => {
    const t = setup((ms) => (ms < 10 * 60_000 ? undefined : ms < 20 * 60_000 ? 'running' : 'done'));
    const result = await t.run();
    expect(result.status).toBe('done');
    for (let minute = 1; minute < 20; minute++) {
      const inMinute = t.calls.filter((c) => c.at >= minute * 60_000 && c.at < (minute + 1) * 60_000);
      expect(inMinute.length).toBeLessThanOrEqual(30);
    }
    // The waits grow from a third of the poll interval to twice it.
    expect(t.clock.sleeps.slice(0, 1)).toEqual([nextDelay(1, pollPolicy(3000), () => 0.5)]);
    expect(Math.max(...t.clock.sleeps)).toBeLessThanOrEqual(6000);
  });

  it('prints a progress line at least every 15 s, even with a 60 s poll interval', async () => {
    const t = setup((ms) => (ms < 5 * 60_000 ? 'running' : 'done'), 60_000);
    await t.run();
    const gaps = t.infoAt.slice(1).map((at, i) => at - (t.infoAt[i] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(PROGRESS_EVERY_MS);
    expect(t.log.text()).toContain(
      'info: application web (app-web): waiting for Dokploy to start the deployment, 15.0s elapsed\ninfo: application web (app-web): running (deployment dep-1), 18.0s elapsed\ninfo: application web (app-web): running (deployment dep-1), 33.0s elapsed\ninfo: application web (app-web): running (deployment dep-1), 48.0s elapsed',
    );
  });

  it('treats an unknown status as not final and keeps following', async () => {
    const t = setup((ms) => (ms < 30_000 ? 'queued' : 'done'));
    const result = await t.run();
    expect(result.status).toBe('done');
    expect(t.log.text()).toContain('info: application web (app-web): queued (deployment dep-1)');
  });

  it('stops at the deadline with status timeout, even in the middle of a wait', async () => {
    const t = setup(() => 'running', 3000, 100_000);
    const result = await t.run();
    expect(result.status).toBe('timeout');
    expect(t.clock.now()).toBe(100_000);
    expect(result.failure?.message).toBe(
      'Timed out after 100s waiting for application web (app-web) to finish deploying; last state: deployment dep-1 of application web (app-web) (status running); it keeps running on Dokploy, which cannot cancel a running build (self-hosted); check it in the Deployments tab',
    );
  });

  it('says the job stays queued when it times out before the record exists', async () => {
    const t = setup(() => undefined, 3000, 60_000);
    const result = await t.run();
    expect(result.failure?.message).toBe(
      "Timed out after 60s waiting for application web (app-web) to finish deploying; last state: the deploy of application web (app-web) (queued, position 1); its job stays in Dokploy's queue and will still run; use Clean queues in the service's Deployments tab to drop it",
    );
  });

  it('follows through a Dokploy restart (connections refused for 30 s) to the status after it', async () => {
    const t = setup((ms) => (ms < 20_000 ? 'running' : ms < 50_000 ? DOWN : 'cancelled'));
    const result = await t.run();
    expect(result.status).toBe('cancelled');
    expect(result.failure?.message).toContain('Dokploy cancelled deployment dep-1');
    expect(t.log.text()).toContain(
      'warning: Dokploy GET /api/deployment.all failed (connection refused, 4 attempts): check the URL; polling again',
    );
  });

  it('gives up when Dokploy stays unreachable for the outage limit, naming the last failure', async () => {
    const t = setup((ms) => (ms < 20_000 ? 'running' : DOWN));
    const result = await t.run();
    expect(result.status).toBe('error');
    expect(result.failure?.message).toBe(
      'Dokploy GET /api/deployment.all failed (connection refused, 4 attempts): check the URL',
    );
    const firstFailure = t.calls.find((c) => c.at >= 20_000)!.at;
    expect(t.clock.now() - firstFailure).toBeGreaterThanOrEqual(OUTAGE_LIMIT_MS);
    expect(t.clock.now() - firstFailure).toBeLessThan(OUTAGE_LIMIT_MS + 10_000);
  });
});
