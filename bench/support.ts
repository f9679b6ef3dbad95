/**
 * Shared helpers for bench/*.bench.ts: the Node binaries every comparison runs under, the real peer
 * actions (../shared/peers) with their action.yml defaults as the runner passes them, interleaved
 * runs with medians and ranges, the load average, and a plain table printer.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { nodeBinaries } from '../__tests__/support/bundle.js';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..');

/** The bundles to measure: dist/, or BENCH_DIST (a `node scripts/bundle.mjs --outdir` build to compare). */
export const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');

/** Where the peer actions' bundles are: ../shared/peers beside this checkout. */
export const PEERS_DIR = resolve(ROOT, '..', 'shared', 'peers');

/** A Node binary to run programs under. */
export interface NodeBinary {
  label: string;
  path: string;
}

/** Node 24 (the runtime GitHub runs `node24` actions with) first, then the machine's own Node. */
export function benchNodes(): NodeBinary[] {
  const [machine, node24] = nodeBinaries();
  return [node24!, machine!];
}

/** A peer action: its bundle and the INPUT_* environment the runner would give it by default. */
export interface Peer {
  name: string;
  bundle: string;
  /** INPUT_<NAME> for every input with a default in its action.yml, expressions evaluated. */
  defaults: Record<string, string>;
}

/** The values the runner substitutes for the expressions peers use as defaults. */
const EXPRESSIONS: Record<string, string> = {
  'github.token': 'ghs_benchPlaceholderToken000000000000000',
  'github.api_url': 'https://api.github.com',
};

/**
 * Loads a peer from ../shared/peers/<folder>; ends the bench with one line when it is absent.
 */
export function loadPeer(folder: string): Peer {
  const dir = join(PEERS_DIR, folder);
  const bundle = join(dir, 'index.js');
  const actionYml = join(dir, 'action.yml');
  if (!existsSync(bundle) || !existsSync(actionYml)) {
    console.error(
      `bench: the real peer ${folder} is missing (${bundle} and action.yml): put the peers in ${PEERS_DIR} (see its README); the bench has no stand-in.`,
    );
    process.exit(1);
  }
  return { name: folder, bundle, defaults: actionDefaults(actionYml) };
}

/**
 * INPUT_<NAME> for every input of an action.yml that declares a default, as the runner passes them
 * (name upper-cased, hyphens kept; `${{ github.token }}` and `${{ github.api_url }}` evaluated).
 */
export function actionDefaults(actionYml: string): Record<string, string> {
  const action = yaml.load(readFileSync(actionYml, 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  const defaults: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    if (input.default === undefined || input.default === null) continue;
    defaults[`INPUT_${name.toUpperCase()}`] = String(input.default).replace(
      /\$\{\{\s*([\w.]+)\s*\}\}/g,
      (_, expr: string) => EXPRESSIONS[expr] ?? '',
    );
  }
  return defaults;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** "median (min–max)" of a list, rounded to `digits`. */
export function formatSpread(values: number[], digits = 0): string {
  const f = (n: number): string => n.toFixed(digits);
  return `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`;
}

/** The 1/5/15-minute load average and the core count, for printing next to figures. */
export function loadLine(): string {
  const [one, five, fifteen] = loadavg().map((n) => n.toFixed(2));
  return `load average ${one} ${five} ${fifteen} on ${availableParallelism()} cores`;
}

/**
 * Runs every contender once per round, `rounds` times, in a rotating order (so a load spike or a
 * warm cache favours none of them); returns each contender's samples in the given order.
 */
export async function interleave<T>(rounds: number, contenders: (() => Promise<T>)[]): Promise<T[][]> {
  const samples: T[][] = contenders.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + round) % contenders.length;
      samples[index]!.push(await contenders[index]!());
    }
  }
  return samples;
}

/** Wall time (ms) and peak RSS (KiB) of one process run, measured with /usr/bin/time. */
export async function timeProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ ms: number; maxRssKiB: number; code: number | null; stderr: string }> {
  const started = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const ms = performance.now() - started;
  const lines = stderr.trim().split('\n');
  return { ms, maxRssKiB: Number(lines[lines.length - 1]) || 0, code, stderr };
}

/** Size of a file in KiB. */
export function kib(path: string): number {
  return statSync(path).size / 1024;
}

/** Prints rows as an aligned plain-text table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const row of cells) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
}
