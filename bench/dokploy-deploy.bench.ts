/**
 * dokploy-deploy (issue #3), against baselines measured in the same run:
 *   1. Exit delay: from the sandbox marking the deployment done to the bundle process exiting, at the
 *      default poll interval (3s), median of RUNS runs with staggered build lengths. Baseline: the same
 *      bundle with `wait: false` (process start → trigger → exit).
 *   2. Requests per minute while waiting, on a 6-minute build: the action's wait loop (runDeploy) on a
 *      clock that runs SCALE× faster than real time, against the sandbox over real HTTP. Baseline: a
 *      naive poller listing deployment.all every 3 s on the same clock.
 * Prints figures and ratios; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDeploy } from '../src/dokploy-deploy/deploy.js';
import type { Clock } from '../src/lib/clock.js';
import { CancelledError } from '../src/lib/errors.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { makeSettings } from '../__tests__/support/dokploy.js';
import { median, printTable } from './support.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KEY = 'bench-key-000';
const SCALE = 20;
const BUILD_MINUTES = 6;

/** Runs the bundle like the runner; resolves with the wall time at which the process exited. */
function runAction(
  url: string,
  extra: Record<string, string>,
): Promise<{ exitedAt: number; startedAt: number; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-dokploy-'));
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_SHA: '0'.repeat(40),
    'INPUT_DOKPLOY-URL': url,
    'INPUT_API-KEY': KEY,
    'INPUT_APPLICATION-ID': 'app-web',
  };
  for (const [k, v] of Object.entries(extra)) env[`INPUT_${k.toUpperCase()}`] = v;
  const startedAt = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist/dokploy-deploy/index.js')], {
    env,
    stdio: 'ignore',
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ exitedAt: Date.now(), startedAt, code })),
  );
}

async function sandboxWith(deploy: Record<string, unknown>): Promise<Sandbox> {
  return startSandbox({
    apiKey: KEY,
    scenario: { services: [{ applicationId: 'app-web', name: 'web', sourceType: 'docker', deploy }] },
  });
}

async function exitDelays(): Promise<{ delays: number[]; baseline: number[] }> {
  const delays: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const quick = await sandboxWith({ buildDuration: '1s' });
    const b = await runAction(quick.url, { wait: 'false' });
    baseline.push(b.exitedAt - b.startedAt);
    await quick.close();
    // Stagger the build length so the end falls at different points of the poll cycle.
    const sandbox = await sandboxWith({ buildDuration: `${4000 + Math.round((i * 5000) / RUNS)}ms` });
    const run = await runAction(sandbox.url, {});
    const finished = sandbox.events.find((e) => e.type === 'deployment-finished');
    if (run.code !== 0 || !finished) throw new Error(`bench run ${i} failed (exit ${run.code})`);
    delays.push(run.exitedAt - Date.parse(finished.at));
    await sandbox.close();
  }
  return { delays, baseline };
}

/** A clock SCALE× faster than real time (sleeps are shortened, now() is stretched). */
function fastClock(): Clock {
  const origin = Date.now();
  return {
    now: () => origin + (Date.now() - origin) * SCALE,
    random: () => Math.random(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new CancelledError('waiting'));
        setTimeout(resolve, ms / SCALE);
      }),
  };
}

/** Requests per simulated minute, for minutes 2.. of the wait (the first minute is excluded). */
function perMinute(sandbox: Sandbox, since: number): number[] {
  const counts: number[] = [];
  for (const r of sandbox.requests.filter((q) => q.at >= since)) {
    const minute = Math.floor(((r.at - since) * SCALE) / 60_000);
    counts[minute] = (counts[minute] ?? 0) + 1;
  }
  return counts.slice(1, BUILD_MINUTES).map((c) => c ?? 0);
}

async function requestRates(): Promise<{ action: number[]; naive: number[] }> {
  const buildMs = (BUILD_MINUTES * 60_000) / SCALE;
  const sandbox = await sandboxWith({ buildDuration: `${buildMs}ms` });
  const since = Date.now();
  const log = {
    debug() {},
    info() {},
    warning() {},
    error() {},
    group: async <T>(_n: string, fn: () => Promise<T>) => fn(),
  };
  const result = await runDeploy(
    makeSettings({ dokployUrl: sandbox.url, apiKey: KEY, pollIntervalMs: 3000, timeoutMs: 3_600_000 }),
    { clock: fastClock(), fetch: globalThis.fetch, log },
  );
  if (result.status !== 'done') throw new Error(`the wait ended ${result.status}`);
  const action = perMinute(sandbox, since);
  await sandbox.close();

  const naiveBox = await sandboxWith({ buildDuration: `${buildMs}ms` });
  const naiveSince = Date.now();
  const clock = fastClock();
  const headers = { 'x-api-key': KEY, 'content-type': 'application/json' };
  await fetch(`${naiveBox.url}/api/application.deploy`, {
    method: 'POST',
    headers,
    body: '{"applicationId":"app-web"}',
  });
  for (;;) {
    await clock.sleep(3000);
    const rows = (await (
      await fetch(`${naiveBox.url}/api/deployment.all?applicationId=app-web`, { headers })
    ).json()) as {
      status: string;
    }[];
    if (rows[0]?.status === 'done') break;
  }
  const naive = perMinute(naiveBox, naiveSince);
  await naiveBox.close();
  return { action, naive };
}

const { delays, baseline } = await exitDelays();
const rates = await requestRates();
const d = median(delays);
const b = median(baseline);
console.log(`Exit delay after "done" at the default poll interval (3s), median of ${RUNS} runs:`);
printTable(
  ['measure', 'median ms', 'runs (ms)', 'ratio'],
  [
    [
      'baseline: bundle with wait=false (start → exit)',
      Math.round(b),
      baseline.map(Math.round).join(' '),
      '1.00',
    ],
    ['done → action exited', Math.round(d), delays.map(Math.round).join(' '), (d / b).toFixed(2)],
  ],
);
console.log(
  `\nRequests per minute while waiting (${BUILD_MINUTES}-minute build, minutes 2–${BUILD_MINUTES}, clock ×${SCALE}):`,
);
const a = median(rates.action);
const n = median(rates.naive);
printTable(
  ['poller', 'median req/min', 'max req/min', 'per minute', 'ratio'],
  [
    ['baseline: naive, deployment.all every 3 s', n, Math.max(...rates.naive), rates.naive.join(' '), '1.00'],
    ['dokploy-deploy (limit: 30)', a, Math.max(...rates.action), rates.action.join(' '), (a / n).toFixed(2)],
  ],
);
