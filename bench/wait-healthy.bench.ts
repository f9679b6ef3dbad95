/**
 * `npm run bench -- wait`: wait-healthy's figures, as ratios against baselines measured in the same run.
 *
 * 1. 50 HTTP targets become healthy at random moments within 5 s. How long after the last one
 *    turns healthy does the wait end (must be within one interval)? Baseline: the same probes
 *    polled at a fixed interval, as the wait-for-URL actions do. Also the number of probes sent.
 * 2. Overhead: process start to the first probe arriving at a local server, for the bundle,
 *    against bare `node -e "fetch(url)"`, under the machine's Node and Node 24.
 */
import { spawn } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import { join } from 'node:path';
import { systemClock } from '../src/lib/clock.js';
import { recordingLogger } from '../__tests__/support/logger.js';
import { nodeBinaries, ROOT } from '../__tests__/support/bundle.js';
import { createProbeFetch } from '../src/wait-healthy/http-fetch.js';
import { parseTargets, type Target } from '../src/wait-healthy/targets.js';
import { waitHealthy, type WaitOptions } from '../src/wait-healthy/wait.js';
import { createProbe } from '../src/wait-healthy/probes.js';
import { median, printTable } from './support.js';

const TARGETS = 50;
const WINDOW_MS = 5000;
const INTERVAL_MS = 1000;
const RUNS = 5;

async function listen(handler: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** A seeded generator, so every run of the bench draws the same moments. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

interface FleetRun {
  lagMs: number;
  probes: number;
  allHealthy: boolean;
}

/** One wait over 50 targets; `fixed` replaces the backoff with a constant interval (the baseline). */
async function fleet(seed: number, fixed: boolean): Promise<FleetRun> {
  const random = seeded(seed);
  const start = Date.now();
  const healthyAt = Array.from({ length: TARGETS }, () => start + random() * WINDOW_MS);
  let probes = 0;
  const { server, base } = await listen((req, res) => {
    probes++;
    const index = Number(req.url?.split('/').pop());
    res.writeHead(Date.now() >= (healthyAt[index] ?? 0) ? 200 : 503).end();
  });
  const http = await createProbeFetch({ insecureTls: false });
  const targets = parseTargets(
    healthyAt.map((_, i) => `${base}/t/${i}`),
    'bench',
  );
  const options: WaitOptions = {
    timeoutMs: 60_000,
    intervalMs: INTERVAL_MS,
    requestTimeoutMs: 5000,
    consecutiveSuccesses: 1,
    insecureTls: false,
  };
  const deps = {
    clock: systemClock,
    fetch: http.fetch,
    signal: new AbortController().signal,
    log: recordingLogger(),
  };
  const healthy = fixed
    ? await fixedIntervalPoller(targets, http.fetch)
    : (await waitHealthy(targets, options, deps)).healthy;
  const end = Date.now();
  await http.close();
  await close(server);
  return { lagMs: end - Math.max(...healthyAt), probes, allHealthy: healthy };
}

/** The baseline: every target probed at a fixed interval until healthy (wait-on, url-health-check). */
async function fixedIntervalPoller(targets: Target[], fetch: typeof globalThis.fetch): Promise<boolean> {
  const probe = createProbe({ fetch, insecureTls: false });
  const signal = new AbortController().signal;
  await Promise.all(
    targets.map(async (target) => {
      while (!(await probe(target, signal)).ok) await systemClock.sleep(INTERVAL_MS, signal);
    }),
  );
  return true;
}

/** Time from spawning `args` to the first request reaching the server, ms. */
async function firstProbeMs(node: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let firstAt = 0;
  const { server, base } = await listen((_req, res) => {
    firstAt ||= performance.now();
    res.end('ok');
  });
  const started = performance.now();
  const child = spawn(
    node,
    args.map((a) => a.replace('$URL', `${base}/first`)),
    {
      env: { ...env, INPUT_TARGETS: `${base}/first` },
      stdio: 'ignore',
    },
  );
  await new Promise((resolve) => child.on('close', resolve));
  await close(server);
  return firstAt - started;
}

async function main(): Promise<void> {
  console.log(
    `### ${TARGETS} HTTP targets healthy at random moments within ${WINDOW_MS / 1000}s, interval ${INTERVAL_MS / 1000}s, median of ${RUNS}\n`,
  );
  const ours: FleetRun[] = [];
  const fixed: FleetRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(await fleet(run + 1, false));
    fixed.push(await fleet(run + 1, true));
  }
  const lag = median(ours.map((r) => r.lagMs));
  const fixedLag = median(fixed.map((r) => r.lagMs));
  printTable(
    [
      'poller',
      'all healthy',
      'lag after last (ms)',
      'lag / interval',
      'worst lag / interval',
      'probes',
      'vs fixed',
    ],
    [
      [
        'wait-healthy (backoff ¼→1 interval)',
        String(ours.every((r) => r.allHealthy)),
        lag.toFixed(0),
        (lag / INTERVAL_MS).toFixed(2),
        (Math.max(...ours.map((r) => r.lagMs)) / INTERVAL_MS).toFixed(2),
        median(ours.map((r) => r.probes)),
        `lag ×${(lag / fixedLag).toFixed(2)}, probes ×${(median(ours.map((r) => r.probes)) / median(fixed.map((r) => r.probes))).toFixed(2)}`,
      ],
      [
        'baseline: fixed interval',
        String(fixed.every((r) => r.allHealthy)),
        fixedLag.toFixed(0),
        (fixedLag / INTERVAL_MS).toFixed(2),
        (Math.max(...fixed.map((r) => r.lagMs)) / INTERVAL_MS).toFixed(2),
        median(fixed.map((r) => r.probes)),
        '×1.00',
      ],
    ],
  );

  console.log(`\n### Overhead: process start to first probe, median of 7\n`);
  const bundle = join(ROOT, 'dist', 'wait-healthy', 'index.js');
  const rows: (string | number)[][] = [];
  for (const { label, path } of nodeBinaries()) {
    const env = { PATH: process.env.PATH ?? '', INPUT_TIMEOUT: '30s' };
    const bare: number[] = [];
    const action: number[] = [];
    for (let i = 0; i < 7; i++) {
      bare.push(await firstProbeMs(path, ['-e', 'await fetch("$URL")', '--input-type=module'], env));
      action.push(await firstProbeMs(path, [bundle], env));
    }
    const b = median(bare);
    const a = median(action);
    rows.push([label, b.toFixed(0), a.toFixed(0), (a / b).toFixed(2), (a - b).toFixed(0)]);
  }
  printTable(
    ['node', 'bare node + fetch (ms)', 'wait-healthy bundle (ms)', 'ratio', 'own overhead (ms)'],
    rows,
  );
}

await main();
