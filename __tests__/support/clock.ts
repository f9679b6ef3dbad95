/**
 * The test clocks, one home for all of them. Each replaces `systemClock` in a core's `deps` (or the
 * sandbox's `clock` option), so no test waits on real time for something that is about order:
 * - `manualClock`: sequential code; every sleep returns at once, moving time. Its `passive` view
 *   gives a server (the sandbox) timers that fire only when time reaches them.
 * - `virtualClock`: concurrent waits; sleeps are timers, and time jumps to the earliest one once
 *   nothing else is left to run.
 * - `tickingClock`: no sleeps at all; every reading moves one step, so elapsed times are visible.
 */
import { CancelledError } from '../../src/lib/errors.js';
import type { Clock } from '../../src/lib/clock.js';

/** A clock whose time advances only through its sleeps and `advance`; sleeps are recorded. */
export interface ManualClock extends Clock {
  /** Every sleep requested (through the clock itself, not `passive`), in ms, in order. */
  sleeps: number[];
  /**
   * Moves time forward by `ms` without a sleep (to simulate slow work, or to drive a server), waking
   * the passive sleeps that fall due on the way, in time order. Resolves once the work they set off
   * (and the timers that work registered, when they fall due too) has run.
   */
  advance(ms: number): Promise<void>;
  /**
   * The same time, for a party that only reacts to it (the sandbox's queue, builds and restarts):
   * its sleeps are not recorded and end only when the clock's own sleeps or `advance` reach them.
   * A sleep of 0 ms or less ends on the next turn of the event loop, as a real timer would.
   */
  passive: Clock;
  /** How many passive sleeps are waiting. */
  pending(): number;
}

/** A clock for concurrent waits: time jumps to the earliest sleep once nothing else is left to run. */
export interface VirtualClock extends Clock {
  /** Every sleep requested, in ms, in order. */
  sleeps: number[];
  /** Virtual ms since the clock started. */
  elapsed(): number;
}

/**
 * Returns a manual clock starting at `startMs`; `random` defaults to 0.5 (half jitter).
 * @example
 * const clock = manualClock();
 * const sandbox = await startSandbox({ clock: clock.passive, scenario });
 * await clock.advance(1000); // the default build of one second ends
 */
export function manualClock(startMs = 1_700_000_000_000, random: () => number = () => 0.5): ManualClock {
  const timeline = new Timeline(startMs);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => timeline.now,
    random,
    advance: async (ms) => {
      await timeline.moveTo(timeline.now + ms);
      await turn();
    },
    pending: () => timeline.size,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new CancelledError('waiting');
      sleeps.push(ms);
      await timeline.moveTo(timeline.now + ms);
      // Yield so that concurrent work (and aborts) can interleave as they would with real timers.
      await turn();
      if (signal?.aborted) throw new CancelledError('waiting');
    },
    passive: {
      now: () => timeline.now,
      random,
      sleep: (ms, signal) =>
        ms <= 0
          ? turn().then(() => {
              if (signal?.aborted) throw new CancelledError('waiting');
            })
          : timeline.wait(timeline.now + ms, signal),
    },
  };
}

/**
 * Returns a virtual clock starting at `startMs`; `random` defaults to 0.5 (half jitter). Unlike
 * `manualClock`, two targets sleeping 1 s at once advance time by 1 s, not 2 s.
 */
export function virtualClock(startMs = 1_700_000_000_000, random: () => number = () => 0.5): VirtualClock {
  const timeline = new Timeline(startMs);
  const sleeps: number[] = [];
  let scheduled = false;
  // Two turns of the event loop: whatever the fired timer set off gets to register its own timers first.
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() =>
      setImmediate(() => {
        scheduled = false;
        if (timeline.wakeNext()) schedule();
      }),
    );
  };
  return {
    sleeps,
    now: () => timeline.now,
    random,
    elapsed: () => timeline.now - startMs,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new CancelledError('waiting'));
      sleeps.push(ms);
      const woken = timeline.wait(timeline.now + ms, signal);
      schedule();
      return woken;
    },
  };
}

/** Returns a clock whose every reading is `stepMs` later than the one before (no sleeps). */
export function tickingClock(stepMs = 1000, startMs = 1_000_000): Pick<Clock, 'now'> {
  let t = startMs;
  return { now: () => (t += stepMs) };
}

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/** Virtual time and the sleeps waiting on it, woken in time order (then in the order they began). */
class Timeline {
  private timers: Timer[] = [];
  private seq = 0;

  constructor(public now: number) {}

  get size(): number {
    return this.timers.length;
  }

  /** Resolves when time reaches `at`; rejects with `CancelledError` when `signal` aborts first. */
  wait(at: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new CancelledError('waiting'));
      const onAbort = (): void => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(new CancelledError('waiting'));
      };
      const timer: Timer = {
        at,
        seq: this.seq++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** Wakes the earliest sleep, moving time to it; false when none is waiting. */
  wakeNext(limit = Infinity): boolean {
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = this.timers[0];
    if (!next || next.at > limit) return false;
    this.timers.shift();
    this.now = Math.max(this.now, next.at);
    next.wake();
    return true;
  }

  /** Moves time to `target`, waking each sleep due on the way and letting its work run first. */
  async moveTo(target: number): Promise<void> {
    while (this.wakeNext(target)) await turn();
    this.now = Math.max(this.now, target);
  }
}

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
