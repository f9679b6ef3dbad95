/**
 * The HTTP requests the separation checks make: one fetch with a deadline and a bounded body, retried
 * (GET/OPTIONS only) on connection errors and the retry policy's statuses, through `nextDelay`.
 */
import type { Clock } from '../lib/clock.js';
import { CancelledError, toError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { PageRenderer } from './browser.js';
import { isRetryableStatus, nextDelay, type RetryPolicy } from '../lib/retry.js';

/** What the checks need from the outside world. */
export interface SeparationDeps {
  clock: Clock;
  /** Shaped like the global `fetch` (the shell passes it; tests may wrap it). */
  fetch: typeof fetch;
  signal: AbortSignal;
  log: Logger;
  /** Browser mode: loads each page in a real browser too (`undefined`: HTML and chunks only). */
  browser?: PageRenderer | undefined;
}

/** Limits of one request. */
export interface RequestLimits {
  /** Deadline of one attempt, in ms. */
  timeoutMs: number;
  /** Body bytes kept; the rest is not read. */
  maxBytes: number;
  retry: RetryPolicy;
}

/** One answer, with the body as text (possibly truncated). */
export interface Answer {
  method: string;
  url: string;
  status: number;
  headers: Headers;
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
 * @throws RequestFailedError when no attempt got an answer; CancelledError when `deps.signal` aborts
 */
export async function request(
  method: 'GET' | 'OPTIONS',
  url: string,
  headers: Record<string, string>,
  limits: RequestLimits,
  deps: SeparationDeps,
): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    try {
      const answer = await attempt1(method, url, headers, limits, deps);
      if (!isRetryableStatus(answer.status, limits.retry) || attempt >= limits.retry.maxAttempts)
        return answer;
      reason = `answered ${answer.status}`;
    } catch (error) {
      if (error instanceof CancelledError || !(error instanceof RequestFailedError)) throw error;
      if (attempt >= limits.retry.maxAttempts) throw error;
      reason = error.reason;
    }
    const wait = nextDelay(attempt, limits.retry, deps.clock.random);
    deps.log.info(
      `${method} ${url} ${reason}; retry ${attempt + 1} of ${limits.retry.maxAttempts} in ${wait} ms`,
    );
    await deps.clock.sleep(wait, deps.signal);
  }
}

async function attempt1(
  method: string,
  url: string,
  headers: Record<string, string>,
  limits: RequestLimits,
  deps: SeparationDeps,
): Promise<Answer> {
  if (deps.signal.aborted) throw new CancelledError(`requesting ${url}`);
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  deps.signal.addEventListener('abort', abort, { once: true });
  let timedOut = false;
  // The deadline runs on the injected clock; the sleep is cancelled once the request settles.
  const timer = new AbortController();
  deps.clock.sleep(limits.timeoutMs, timer.signal).then(
    () => {
      timedOut = true;
      controller.abort();
    },
    () => undefined,
  );
  try {
    const response = await deps.fetch(url, {
      method,
      headers,
      redirect: 'manual',
      signal: controller.signal,
    });
    const { body, truncated } = await readBounded(response, limits.maxBytes);
    return {
      method,
      url,
      status: response.status,
      headers: response.headers,
      setCookies: response.headers.getSetCookie(),
      body,
      truncated,
    };
  } catch (error) {
    if (deps.signal.aborted) throw new CancelledError(`requesting ${url}`);
    if (timedOut) throw new RequestFailedError(method, url, `no answer within ${limits.timeoutMs} ms`);
    throw new RequestFailedError(method, url, describeNetworkError(error));
  } finally {
    timer.abort();
    deps.signal.removeEventListener('abort', abort);
  }
}

async function readBounded(
  response: Response,
  maxBytes: number,
): Promise<{ body: string; truncated: boolean }> {
  if (!response.body) return { body: '', truncated: false };
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.byteLength;
    if (size > maxBytes) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = Buffer.concat(parts).subarray(0, maxBytes);
  return { body: bytes.toString('utf8'), truncated };
}

function describeNetworkError(error: unknown): string {
  // Checked by shape, not instanceof: fetch's errors may come from another realm (jest's vm, a bundle).
  const message = (value: unknown): string | undefined =>
    value &&
    typeof value === 'object' &&
    'message' in value &&
    typeof value.message === 'string' &&
    value.message !== ''
      ? value.message
      : undefined;
  const cause = error && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
  const detail = message(cause) ?? message(error) ?? toError(error).message;
  return code && !detail.includes(code) ? `${code} ${detail}` : detail;
}
