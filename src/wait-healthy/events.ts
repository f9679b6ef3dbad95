/**
 * What a wait reports as it goes, as typed events: the core logs them through `describeWaitEvent`,
 * the `pipeline` command shows them in its live table. Nobody parses the log lines back.
 */
import { formatDuration } from '../lib/duration.js';

/** A change in what is known about the targets. Target names are as shown to people (credentials masked). */
export type WaitEvent =
  /** A target's answer changed (or it answered for the first time) without making it healthy yet. */
  | { type: 'probed'; target: string; ok: boolean; detail: string; inARow: number; needed: number }
  /** A target answered healthy as often in a row as needed. */
  | { type: 'healthy'; target: string; attempts: number; detail: string }
  /** The periodic progress line while targets are pending. */
  | {
      type: 'waiting';
      pending: readonly { target: string; status: string }[];
      total: number;
      elapsedMs: number;
      leftMs: number;
    };

/** The event in words, as the action's log shows it. */
export function describeWaitEvent(event: WaitEvent): string {
  switch (event.type) {
    case 'probed': {
      const inARow = event.ok ? ` (${event.inARow} of ${event.needed} in a row)` : '';
      return `${event.ok ? '…' : '✗'} ${event.target}: ${event.detail}${inARow}`;
    }
    case 'healthy':
      return `✓ ${event.target} is healthy after ${plural(event.attempts, 'attempt')}: ${event.detail}`;
    case 'waiting': {
      const states = event.pending.map((p) => `${p.target} (${p.status || 'not probed yet'})`).join(', ');
      return `Waiting for ${event.pending.length} of ${event.total} targets, ${formatDuration(event.elapsedMs)} elapsed, ${formatDuration(event.leftMs)} left: ${states}`;
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
