import { Script } from 'node:vm';

/** Where the script below finds the work to run: a registered symbol, which no user code holds. */
const WORK = Symbol.for('detect-changed-platforms.time-limited-work');
const CALL_WORK = new Script(`globalThis[Symbol.for(${JSON.stringify(WORK.description)})]()`);
/**
 * The global object scripts run in. It is this module's own one in a bundle, but not under a test
 * runner that gives modules a sandbox of their own (jest): ask a script rather than assume.
 */
const SCRIPT_GLOBAL = new Script('globalThis').runInThisContext() as Record<symbol, unknown>;

/** Thrown by `runWithTimeLimit` when the work ran out of time; carries the limit. */
export class TimeLimitError extends Error {
  override name = 'TimeLimitError';
  constructor(readonly limitMs: number) {
    super(`did not finish within ${limitMs} ms`);
  }
}

/**
 * Runs synchronous `work` and returns its result, interrupting it after `limitMs`. Unlike a check
 * between steps, V8's watchdog stops it even inside a single regular-expression test, which is
 * where a catastrophically backtracking glob (`+(**)/` on a long name) would spend forever.
 * Costs about 0.4 ms (the watchdog thread).
 *
 * @throws TimeLimitError when the limit is reached; whatever `work` throws, unchanged
 */
export function runWithTimeLimit<T>(limitMs: number, work: () => T): T {
  SCRIPT_GLOBAL[WORK] = work;
  try {
    return CALL_WORK.runInThisContext({ timeout: limitMs }) as T;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      throw new TimeLimitError(limitMs);
    throw error;
  } finally {
    delete SCRIPT_GLOBAL[WORK];
  }
}
