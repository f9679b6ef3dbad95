/**
 * `npm run bench -- wait`: wait-healthy's figures, as ratios against baselines measured in the same run.
 *
 * 1. 50 HTTP targets become healthy at random moments within 5 s (interval 1 s). When does the
 *    wait end, counted from the moment the last target turned healthy (it must be within one
 *    interval)? How late is each target noticed? How many probes are sent? Baseline: the same
 *    probes polled at a fixed interval, as the wait-for-URL actions do (wait-on, url-health-check).
 * Start-up (process start to the first probe) is measured with the other actions' in startup.bench.ts.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import { recordingLogger } from '../__tests__/support/logger.js';
import { systemClock } from '../src/lib/clock.js';
import { createTransport } from '../src/lib/http-transport.js';
import { createProbe } from '../src/wait-healthy/probes.js';
import { parseTargets, type Target } from '../src/wait-healthy/targets.js';
import { waitHealthy } from '../src/wait-healthy/wait.js';
import { loadLine, median, printTable } from './support.js';

const TARGETS = 50;
const WINDOW_MS = 5000;
const INTERVAL_MS = 1000;
const RUNS = 5;

interface FleetRun {
  /** From the last target turning healthy to the wait's end, ms. */
  endLagMs: number;
  /** Per target: from turning healthy to being reported healthy, ms. */
  lagsMs: number[];
  probes: number;
  allHealthy: boolean;
}

type Poller = (targets: Target[], fetch: typeof globalThis.fetch) => Promise<(number | null)[]>;

/** wait-healthy's core: returns when each target was reported healthy (epoch ms). */
const waitHealthyPoller: Poller = async (targets, fetch) => {
  const started = Date.now();
  const report = await waitHealthy(
    targets,
    {
      timeoutMs: 60_000,
      intervalMs: INTERVAL_MS,
      requestTimeoutMs: 5000,
      consecutiveSuccesses: 1,
      insecureTls: false,
    },
    { clock: systemClock, fetch, signal: new AbortController().signal, log: recordingLogger() },
  );
  return report.results.map((r) => (r.timeToHealthyMs === null ? null : started + r.timeToHealthyMs));
};

/** The baseline: every target probed at a fixed interval until healthy. */
const fixedIntervalPoller: Poller = async (targets, fetch) => {
  const probe = createProbe({ fetch, insecureTls: false });
  const signal = new AbortController().signal;
  return Promise.all(
    targets.map(async (target) => {
      while (!(await probe(target, signal)).ok) await systemClock.sleep(INTERVAL_MS, signal);
      return Date.now();
    }),
  );
};

async function fleet(seed: number, poller: Poller): Promise<FleetRun> {
  const random = seeded(seed);
  const start = Date.now();
  const healthyAt = Array.from({ length: TARGETS }, () => start + random() * WINDOW_MS);
  let probes = 0;
  const { server, base } = await listen((req, res) => {
    probes++;
    const index = Number(req.url?.split('/').pop());
    res.writeHead(Date.now() >= (healthyAt[index] ?? 0) ? 200 : 503).end();
  });
  const http = await createTransport({});
  const targets = parseTargets(
    healthyAt.map((_, i) => `${base}/t/${i}`),
    'bench',
  );
  const reported = await poller(targets, http.fetch);
  const end = Date.now();
  await http.close();
  await close(server);
  return {
    endLagMs: end - Math.max(...healthyAt),
    lagsMs: reported.map((at, i) => (at ?? Infinity) - (healthyAt[i] ?? 0)),
    probes,
    allHealthy: reported.every((at) => at !== null),
  };
}

async function main(): Promise<void> {
  console.log(
    `### ${TARGETS} HTTP targets healthy at random moments within ${WINDOW_MS / 1000}s, interval ${INTERVAL_MS / 1000}s, ${RUNS} interleaved runs; ${loadLine()}\n`,
  );
  const ours: FleetRun[] = [];
  const fixed: FleetRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(await fleet(run + 1, waitHealthyPoller));
    fixed.push(await fleet(run + 1, fixedIntervalPoller));
  }
  const row = (name: string, runs: FleetRun[], base: FleetRun[]): string[] => {
    const lags = runs.flatMap((r) => r.lagsMs);
    const baseLags = base.flatMap((r) => r.lagsMs);
    return [
      name,
      String(runs.every((r) => r.allHealthy)),
      ratio(median(runs.map((r) => r.endLagMs)), INTERVAL_MS),
      ratio(Math.max(...runs.map((r) => r.endLagMs)), INTERVAL_MS),
      ratio(median(lags), INTERVAL_MS),
      ratio(percentile(lags, 0.95), INTERVAL_MS),
      `×${(median(lags) / median(baseLags)).toFixed(2)}`,
      `${median(runs.map((r) => r.probes))} (×${(median(runs.map((r) => r.probes)) / median(base.map((r) => r.probes))).toFixed(2)})`,
    ];
  };
  printTable(
    [
      'poller',
      'all healthy',
      'end after last (median, intervals)',
      'worst',
      'per-target lag (median)',
      'p95',
      'lag vs baseline',
      'probes (vs baseline)',
    ],
    [row('wait-healthy', ours, fixed), row('baseline: fixed interval', fixed, fixed)],
  );
}

async function listen(handler: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** A seeded generator, so both pollers face the same moments in each run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function ratio(ms: number, unit: number): string {
  return (ms / unit).toFixed(2);
}

await main();
