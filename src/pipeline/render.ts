/**
 * What the pipeline looks like in a terminal: the live block (a line per platform with its state and
 * elapsed time, redrawn in place on a TTY), the plain line printed for each change when stdout is not
 * a TTY (CI logs), and the final table. Pure: the time is passed in.
 */
import { formatDuration } from '../lib/duration.js';
import { renderTextTable } from '../lib/report.js';
import type { PipelineResult, PipelineState, PlatformRow, SeparationRow } from './run.js';

const ICONS: Readonly<Record<string, string>> = {
  pending: '·',
  deploying: '↻',
  'checking health': '♥',
  'rolling back': '↺',
  running: '↻',
  done: '✔',
  passed: '✔',
  failed: '✘',
  cancelled: '✘',
  'not started': '–',
  'not run': '–',
};

/** The live block: one line per platform, then the separation checks (when they run). */
export function renderLive(state: PipelineState, now: number, width = 120): string[] {
  const nameWidth = Math.max(10, ...state.platforms.map((r) => r.name.length));
  const lines = state.platforms.map((row) =>
    fit(
      `${ICONS[row.state] ?? ' '} stage ${row.stage}  ${row.name.padEnd(nameWidth)}  ${row.state.padEnd(15)} ${elapsed(row, now).padStart(7)}  ${row.detail}`,
      width,
    ),
  );
  if (state.separation.state !== 'not run') {
    const row = state.separation;
    const label = `after ${row.afterStage}`.padEnd(7);
    lines.push(
      fit(
        `${ICONS[row.state] ?? ' '} ${label}  ${'separation'.padEnd(nameWidth)}  ${row.state.padEnd(15)} ${elapsed(row, now).padStart(7)}  ${row.detail}`,
        width,
      ),
    );
  }
  return lines;
}

/** The plain lines for what changed since `before` (a snapshot of states by name), for logs that are not a terminal. */
export function renderChanges(state: PipelineState, before: Map<string, string>, now: number): string[] {
  const lines: string[] = [];
  const clock = `[${formatDuration(now - state.startedAt).padStart(7)}]`;
  for (const row of state.platforms) {
    if (before.get(row.name) === `${row.state}|${row.detail}`) continue;
    if (row.state === 'pending' && !before.has(row.name)) continue;
    lines.push(
      `${clock} stage ${row.stage} ${row.name}: ${row.state}${row.detail ? ` (${row.detail})` : ''}`,
    );
  }
  const sep = state.separation;
  if (
    sep.state !== 'not run' &&
    sep.state !== 'pending' &&
    before.get('\0separation') !== `${sep.state}|${sep.detail}`
  ) {
    lines.push(`${clock} separation: ${sep.state}${sep.detail ? ` (${sep.detail})` : ''}`);
  }
  return lines;
}

/** A snapshot of every row's state and detail, for `renderChanges`. */
export function snapshot(state: PipelineState): Map<string, string> {
  const map = new Map(state.platforms.map((r) => [r.name, `${r.state}|${r.detail}`]));
  map.set('\0separation', `${state.separation.state}|${state.separation.detail}`);
  return map;
}

/** The final table and the headline. */
export function renderFinal(result: PipelineResult): string {
  const rows = result.platforms.map((r) => [
    String(r.stage),
    r.name,
    `${ICONS[r.state] ?? ''} ${r.state}`,
    elapsed(r, result.startedAt + result.durationMs),
    r.detail,
  ]);
  const sep = result.separation;
  if (sep.state !== 'not run') {
    rows.push([
      `after ${sep.afterStage}`,
      'separation',
      `${ICONS[sep.state] ?? ''} ${sep.state}`,
      elapsed(sep, result.startedAt + result.durationMs),
      sep.detail,
    ]);
  }
  const table =
    rows.length > 0 ? renderTextTable(['stage', 'platform', 'result', 'time', 'detail'], rows) : '';
  return `${table}${table ? '\n' : ''}${result.headline} (${formatDuration(result.durationMs)})\n`;
}

function elapsed(row: PlatformRow | SeparationRow, now: number): string {
  if (row.startedAt === undefined) return '';
  return formatDuration((row.endedAt ?? now) - row.startedAt);
}

function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}
