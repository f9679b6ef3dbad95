import { CancelledError } from '../../src/lib/errors.js';
import type { Clock } from '../../src/lib/clock.js';

/** A clock whose time advances only through sleeps, which are recorded. */
export interface ManualClock extends Clock {
  /** Every sleep requested, in ms, in order. */
  sleeps: number[];
  /** Moves time forward without a sleep (e.g. to simulate slow work). */
  advance(ms: number): void;
}

/** Returns a manual clock starting at `startMs`; `random` defaults to 0.5 (half jitter). */
export function manualClock(startMs = 1_700_000_000_000, random: () => number = () => 0.5): ManualClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new CancelledError('waiting');
      sleeps.push(ms);
      now += ms;
      // Yield so that concurrent work (and aborts) can interleave as they would with real timers.
      await new Promise((resolve) => setImmediate(resolve));
      if (signal?.aborted) throw new CancelledError('waiting');
    },
  };
}
