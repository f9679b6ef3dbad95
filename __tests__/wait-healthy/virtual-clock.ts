import { CancelledError } from '../../src/lib/errors.js';
import type { Clock } from '../../src/lib/clock.js';

/**
 * A clock for concurrent waits: every sleep is a timer on a virtual timeline, and time jumps to
 * the earliest timer once nothing else is left to run (after the pending callbacks and promise
 * jobs). Unlike `manualClock`, two targets sleeping 1 s at once advance time by 1 s, not 2 s.
 */
export interface VirtualClock extends Clock {
  /** Every sleep requested, in ms, in order. */
  sleeps: number[];
  /** Virtual ms since the clock started. */
  elapsed(): number;
}

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/** Returns a virtual clock starting at `startMs`; `random` defaults to 0.5 (half jitter). */
export function virtualClock(startMs = 1_700_000_000_000, random: () => number = () => 0.5): VirtualClock {
  let now = startMs;
  let seq = 0;
  let scheduled = false;
  const timers: Timer[] = [];
  const sleeps: number[] = [];
  const advance = (): void => {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = timers.shift();
    if (!next) return;
    now = Math.max(now, next.at);
    next.fire();
    schedule();
  };
  // Two turns of the event loop: whatever the fired timer set off gets to register its own timers first.
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => setImmediate(advance));
  };
  return {
    sleeps,
    now: () => now,
    random,
    elapsed: () => now - startMs,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new CancelledError('waiting'));
        sleeps.push(ms);
        const timer: Timer = {
          at: now + ms,
          seq: seq++,
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          reject(new CancelledError('waiting'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        schedule();
      }),
  };
}
