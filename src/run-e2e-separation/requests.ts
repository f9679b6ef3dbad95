/**
 * The HTTP requests the separation checks make, through the kit's one client (`lib/http.ts`): a
 * per-attempt timeout, a bounded body, redirects returned as they are (the checks follow them
 * themselves and read every hop's cookies), GET/OPTIONS retried on connection errors and the retry
 * policy's statuses with Retry-After honoured, an optional overall deadline, cancellation.
 */
import type { Clock } from '../lib/clock.js';
import { CancelledError } from '../lib/errors.js';
import { NetworkError, sendRequest, type FetchLike, type HeadersLike } from '../lib/http.js';
import type { Logger } from '../lib/logger.js';
import type { PageRenderer } from './browser.js';
import type { CheckResult } from './result.js';
import type { RetryPolicy } from '../lib/retry.js';

/** What the checks need from the outside world. */
export interface SeparationDeps {
  clock: Clock;
  /** Shaped like the global `fetch` (the shell passes its transport's; tests may wrap it). */
  fetch: FetchLike;
  signal: AbortSignal;
  log: Logger;
  /** Browser mode: loads each page in a real browser too (`undefined`: HTML and chunks only). */
  browser?: PageRenderer | undefined;
  /** Where each check's result goes as it comes, besides the log (the pipeline's live table). */
  onEvent?: ((event: SeparationEvent) => void) | undefined;
}

/** A check finished: its result (credentials redacted), and how many of the run's checks are done. */
export interface SeparationEvent {
  type: 'check';
  result: CheckResult;
  done: number;
  total: number;
}

/** Limits of one request. */
export interface RequestLimits {
  /** Deadline of one attempt, in ms. */
  timeoutMs: number;
  /** Body bytes kept; the rest is not read. */
  maxBytes: number;
  retry: RetryPolicy;
  /** Absolute time (by `deps.clock`) after which no attempt starts and no retry wait begins. Default none. */
  deadline?: number | undefined;
}

/** One answer, with the body as text (possibly truncated). */
export interface Answer {
  method: string;
  url: string;
  status: number;
  headers: HeadersLike;
  /** Every Set-Cookie header line, in order. */
  setCookies: string[];
  body: string;
  /** True when the body was longer than `maxBytes` and was cut. */
  truncated: boolean;
}

/** Thrown when a request got no answer (connection refused, timeout); carries the method and URL. */
export class RequestFailedError extends Error {
  override name = 'RequestFailedError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${method} ${url} failed: ${reason}`);
  }
}

/**
 * Sends one request and reads its body up to `limits.maxBytes`, retrying connection errors and
 * retryable statuses (the last answer is returned even when its status is retryable).
 * @throws RequestFailedError when no attempt got an answer
 * @throws DeadlineError when the next attempt or wait would cross `limits.deadline`
 * @throws CancelledError when `deps.signal` aborts
 */
export async function request(
  method: 'GET' | 'OPTIONS',
  url: string,
  headers: Record<string, string>,
  limits: RequestLimits,
  deps: SeparationDeps,
): Promise<Answer> {
  try {
    const answer = await sendRequest(
      {
        method,
        url,
        headers,
        idempotent: true,
        label: `${method} ${url}`,
        redirect: 'manual',
        maxBytes: limits.maxBytes,
      },
      { policy: limits.retry, attemptTimeoutMs: limits.timeoutMs, deadline: limits.deadline },
      deps,
    );
    const { status, headers: answerHeaders, setCookies, text, truncated } = answer;
    return { method, url, status, headers: answerHeaders, setCookies, body: text, truncated };
  } catch (error) {
    if (error instanceof CancelledError) throw new CancelledError(`requesting ${url}`);
    if (!(error instanceof NetworkError)) throw error;
    // The code too ("connection refused (ECONNREFUSED)"): the report is read by people debugging a setup.
    const reason =
      error.code && !error.reason.includes(error.code) ? `${error.reason} (${error.code})` : error.reason;
    throw new RequestFailedError(method, url, reason);
  }
}
