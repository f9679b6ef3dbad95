/**
 * The pipeline's live progress on a terminal: the block of platform lines is redrawn in place (and
 * every half second, so elapsed times tick) when stdout is a TTY; otherwise one plain line is printed
 * per change, which reads well in GitLab, Jenkins or a log file.
 */
import { renderChanges, renderLive, snapshot } from '../pipeline/render.js';
import type { Logger } from '../lib/logger.js';
import type { PipelineState } from '../pipeline/run.js';

/** Where the view writes. */
export interface ViewOutput {
  write(text: string): void;
  /** Whether to redraw in place (stdout is a TTY and --plain was not given). */
  tty: boolean;
  /** Terminal width, for cutting long lines in the live block. */
  columns: number;
}

/** A live view; `print` puts a line above the live block. */
export interface PipelineView {
  update(state: PipelineState): void;
  print(line: string): void;
  /** Draws the last state once more and stops redrawing; later calls (and updates) do nothing. */
  stop(): void;
}

/** Creates the view for `out`; `now` is the clock's. */
export function createView(out: ViewOutput, now: () => number): PipelineView {
  return out.tty ? ttyView(out, now) : plainView(out, now);
}

function plainView(out: ViewOutput, now: () => number): PipelineView {
  let before = new Map<string, string>();
  return {
    update(state) {
      for (const line of renderChanges(state, before, now())) out.write(`${line}\n`);
      before = snapshot(state);
    },
    print: (line) => out.write(`${line}\n`),
    stop: () => undefined,
  };
}

function ttyView(out: ViewOutput, now: () => number): PipelineView {
  let state: PipelineState | undefined;
  let drawn = 0;
  const erase = (): string => (drawn > 0 ? `\x1b[${drawn}F\x1b[J` : '');
  const block = (): string => {
    if (!state) return '';
    const lines = renderLive(state, now(), Math.max(40, out.columns - 1));
    drawn = lines.length;
    return lines.map((line) => `${line}\n`).join('');
  };
  const redraw = (): void => out.write(erase() + block());
  const timer = setInterval(redraw, 500);
  timer.unref();
  let stopped = false;
  return {
    update(next) {
      if (stopped) return;
      state = next;
      redraw();
    },
    print(line) {
      out.write(stopped ? `${line}\n` : `${erase()}${line}\n${block()}`);
    },
    stop() {
      // Once stopped, the block is plain output: what is written after it (the final table) must
      // never be erased by a later redraw, so a second stop() (the caller's `finally`) does nothing.
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      redraw();
      drawn = 0;
    },
  };
}

/** A logger for one step: lines are kept (shown after a failure); warnings and, with --verbose, every line go out at once. */
export function stepLogger(
  name: string,
  logs: Map<string, string[]>,
  view: PipelineView,
  verbose: boolean,
): Logger {
  const keep = (line: string): void => {
    const lines = logs.get(name) ?? [];
    lines.push(line);
    if (lines.length > 400) lines.shift();
    logs.set(name, lines);
  };
  const info = (line: string): void => {
    keep(line);
    if (verbose) view.print(`[${name}] ${line}`);
  };
  const loud = (prefix: string) => (line: string) => {
    keep(`${prefix}${line}`);
    view.print(`[${name}] ${prefix}${line}`);
  };
  return {
    debug: (line) => (verbose ? view.print(`[${name}] debug: ${line}`) : undefined),
    info,
    warning: loud('warning: '),
    error: loud('error: '),
    group: async (title, fn) => {
      info(`── ${title}`);
      return fn();
    },
  };
}
