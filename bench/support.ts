/** Shared helpers for bench/*.bench.ts: medians over repeated runs, and a plain table printer. */
import { spawn } from 'node:child_process';

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Wall time (ms) and peak RSS (KiB) of one process run, measured with /usr/bin/time when present. */
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
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - started;
  const lines = stderr.trim().split('\n');
  return { ms, maxRssKiB: Number(lines[lines.length - 1]) || 0, code, stderr };
}

/** Prints rows as an aligned plain-text table. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const row of cells) console.log(row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
}
