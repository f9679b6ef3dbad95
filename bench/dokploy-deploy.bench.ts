/**
 * dokploy-deploy (issues #3, #15), against baselines measured in the same run:
 *   1. Exit delay: from the sandbox marking the deployment done to the bundle process exiting, with
 *      every action.yml default (poll interval 3s), RUNS interleaved rounds with staggered build
 *      lengths, under Node 24 and the machine's Node. Baseline: the same bundle with `wait: false`
 *      (process start → trigger → exit).
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
import {
  actionDefaults,
  benchNodes,
  formatSpread,
  interleave,
  loadLine,
  median,
  printTable,
  DIST,
  ROOT,
  type NodeBinary,
} from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KEY = 'bench-key-000';
const SCALE = 20;
const BUILD_MINUTES = 6;

/** Runs the bundle like the runner; resolves with the wall time at which the process exited. */
function runAction(
  node: NodeBinary,
  url: string,
  extra: Record<string, string>,
): Promise<{ exitedAt: number; startedAt: number; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-dokploy-'));
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  const env: Record<string, string> = {
    ...actionDefaults(join(ROOT, 'action.yml')),
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
  // The post-done running check (issue #12) waits `stable-for` by design: measured apart, not here.
  if ('INPUT_STABLE-FOR' in env) env['INPUT_STABLE-FOR'] = '0';
  for (const [k, v] of Object.entries(extra)) env[`INPUT_${k.toUpperCase()}`] = v;
  const startedAt = Date.now();
  const child = spawn(node.path, [join(DIST, 'dokploy-deploy', 'index.js')], {
    env,
    stdio: 'ignore',
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ exitedAt: Date.now(), startedAt, code })),
  );
}

async function sandboxWith(
  deploy: Record<string, unknown>,
  history: Record<string, unknown>[] = [],
): Promise<Sandbox> {
  return startSandbox({
    apiKey: KEY,
    scenario: {
      services: [{ applicationId: 'app-web', name: 'web', sourceType: 'docker', deploy, history }],
    },
  });
}

/**
 * Three earlier builds (a service deployed before, the usual case) whose median is `ms × drift`:
 * this build is up to 8 % shorter or longer than they were.
 */
const pastBuilds = (ms: number, drift: number) =>
  [0.97, 1.03, 1].map((f) => ({ status: 'done', duration: `${Math.round(ms * drift * f)}ms` }));

interface ExitDelays {
  node: NodeBinary;
  delays: number[];
  /** The same, on a service whose recent builds took about as long (the expected-end window). */
  withHistory: number[];
  baseline: number[];
}

async function exitDelays(): Promise<ExitDelays[]> {
  const nodes = benchNodes();
  const results: ExitDelays[] = nodes.map((node) => ({ node, delays: [], withHistory: [], baseline: [] }));
  let round = 0;
  await interleave(
    RUNS,
    results.map((r) => async () => {
      const quick = await sandboxWith({ buildDuration: '1s' });
      const b = await runAction(r.node, quick.url, { wait: 'false' });
      r.baseline.push(b.exitedAt - b.startedAt);
      await quick.close();
      // Stagger the build length so the end falls at different points of the poll cycle.
      const i = Math.floor(round++ / nodes.length);
      const buildMs = 4000 + Math.round((i * 5000) / RUNS);
      const drift = 0.92 + 0.04 * (i % 5);
      for (const history of [[], pastBuilds(buildMs, drift)]) {
        const sandbox = await sandboxWith({ buildDuration: `${buildMs}ms` }, history);
        const run = await runAction(r.node, sandbox.url, {});
        const finished = sandbox.events.find((e) => e.type === 'deployment-finished');
        if (run.code !== 0 || !finished) throw new Error(`bench run ${i} failed (exit ${run.code})`);
        (history.length > 0 ? r.withHistory : r.delays).push(run.exitedAt - Date.parse(finished.at));
        await sandbox.close();
      }
    }),
  );
  return results;
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

console.log(`dokploy-deploy; ${loadLine()} at start`);
const exits = await exitDelays();
const rates = await requestRates();
console.log(
  `Exit delay after "done" at the default poll interval (3s), ${RUNS} interleaved rounds (builds 4–9 s; the earlier builds 8 % shorter to 8 % longer):`,
);
const exitRows: (string | number)[][] = [];
for (const { node, delays, withHistory, baseline } of exits) {
  const b = median(baseline);
  exitRows.push(
    [node.label, 'baseline: bundle with wait=false (start → exit)', formatSpread(baseline), '1.00'],
    [
      node.label,
      'done → action exited, first deploy (target ≤ 1000)',
      formatSpread(delays),
      (median(delays) / b).toFixed(2),
    ],
    [
      node.label,
      'done → action exited, builds before it as long (target ≤ 1000)',
      formatSpread(withHistory),
      (median(withHistory) / b).toFixed(2),
    ],
  );
}
printTable(['node', 'measure', 'ms median (range)', 'ratio'], exitRows);
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
