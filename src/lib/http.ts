/**
 * The kit's one HTTP client: every request to Dokploy, to GitHub's API and from the separation checks
 * goes through `sendRequest`, with the kit's one retry policy (`retry.ts`), Retry-After, a
 * per-attempt timeout, an overall deadline, cancellation, a redirect mode and a byte limit on the
 * body. The transport is passed in (`deps.fetch`: the global fetch, or undici's behind a proxy — see
 * `http-transport.ts` — or anything fetch-shaped in tests), as are the clock and the abort signal.
 * Nothing here knows about Dokploy or GitHub; their clients build their typed errors on top.
 */
import type { Clock } from './clock.js';
import { CancelledError, DeadlineError } from './errors.js';
import type { Logger } from './logger.js';
import { formatDuration } from './duration.js';
import { isRetryableStatus, nextDelay, parseRetryAfter, type RetryPolicy } from './retry.js';

/** The headers of an answer as the kit reads them (a fetch `Headers` fits). */
export interface HeadersLike {
  get(name: string): string | null;
  /** Every Set-Cookie line, in order (they cannot be joined into one value). */
  getSetCookie(): string[];
}

/** The part of a fetch Response the kit reads. */
export interface FetchResponse {
  status: number;
  statusText: string;
  headers: HeadersLike;
  body: ReadableStream<Uint8Array> | null;
}

/** What the kit passes to fetch. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  redirect?: 'follow' | 'manual';
}

/** A fetch-shaped function (global fetch and undici's fetch both fit). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** What a core that talks HTTP receives. */
export interface HttpDeps {
  clock: Clock;
  fetch: FetchLike;
  /** Aborted when the run is cancelled (SIGTERM/SIGINT). */
  signal?: AbortSignal | undefined;
  log: Logger;
}

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'OPTIONS';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Whether the request may be sent twice. A non-idempotent request (a deploy trigger) is repeated
   * only when it surely never reached the server (connection refused, DNS failure).
   */
  idempotent: boolean;
  /** How logs and errors name it, e.g. `GET /api/deployment.all` (never a secret, header or body). */
  label: string;
  /** `follow` (default) follows redirects; `manual` returns each 3xx as it is (with its cookies). */
  redirect?: 'follow' | 'manual';
  /** Body bytes kept; the rest is not downloaded and `truncated` is set. Default 32 MiB. */
  maxBytes?: number;
}

/** How requests are retried and bounded. */
export interface HttpOptions {
  policy: RetryPolicy;
  /** Absolute time (by `deps.clock`) after which no attempt starts and no wait is begun. */
  deadline?: number | undefined;
  /** Longest wait for one attempt's answer (body included), in ms. Default 30 000. */
  attemptTimeoutMs?: number | undefined;
}

/** The final answer (possibly an error status, after retries ran out). */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: HeadersLike;
  /** Every Set-Cookie line of the answer, in order. */
  setCookies: string[];
  /** The body as UTF-8 text, cut at `maxBytes`. */
  text: string;
  /** True when the body was longer than `maxBytes` and was cut. */
  truncated: boolean;
  /** Attempts made, the successful one included. */
  attempts: number;
}

/**
 * Thrown when no answer came (connection refused or reset, DNS, per-attempt timeout) after the
 * attempts the policy allows. Carries the request label, a short reason (from
 * `describeNetworkError`), the error code when there was one, and whether the request may have
 * reached the server. Its message holds no URL query, header or body.
 */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly label: string,
    readonly reason: string,
    readonly mayHaveReached: boolean,
    readonly attempts: number,
    readonly code = '',
  ) {
    super(`${label} failed: ${reason} (${attempts} attempt${attempts === 1 ? '' : 's'})`);
  }
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** Error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Sends a request, retrying network errors and the policy's statuses (429, 502, 503, 504, ...) with
 * backoff and jitter; a Retry-After header takes priority. Never retries other statuses (400, 401,
 * 404): the caller gets the answer. Returns the last answer when the retries run out on a status.
 *
 * @throws NetworkError when no answer came after the allowed attempts
 * @throws DeadlineError when the next wait or attempt would cross `options.deadline`
 * @throws CancelledError as soon as `deps.signal` aborts
 * @example
 * const res = await sendRequest(
 *   { method: 'GET', url: `${base}/api/deployment.all?applicationId=a1`, idempotent: true, label: 'GET /api/deployment.all' },
 *   { policy: DEFAULT_RETRY_POLICY },
 *   { clock: systemClock, fetch, log },
 * );
 */
export async function sendRequest(
  request: HttpRequest,
  options: HttpOptions,
  deps: HttpDeps,
): Promise<HttpResponse> {
  const { policy } = options;
  const started = deps.clock.now();
  let lastState = 'no answer yet';
  for (let attempt = 1; ; attempt++) {
    if (deps.signal?.aborted) throw new CancelledError(`waiting for ${request.label}`);
    const remaining = options.deadline === undefined ? Infinity : options.deadline - deps.clock.now();
    if (remaining <= 0)
      throw new DeadlineError(`an answer from ${request.label}`, deps.clock.now() - started, lastState);
    const outcome = await attemptOnce(
      request,
      Math.min(options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS, remaining),
      deps,
    );
    let waitMs: number;
    if ('response' in outcome) {
      const { response } = outcome;
      const answer: HttpResponse = { ...response, attempts: attempt };
      if (
        !isRetryableStatus(response.status, policy) ||
        !request.idempotent ||
        attempt >= policy.maxAttempts
      ) {
        return answer;
      }
      lastState = `${response.status} ${response.statusText}`.trim();
      waitMs =
        parseRetryAfter(response.headers.get('retry-after'), deps.clock.now(), policy) ??
        nextDelay(attempt, policy, deps.clock.random);
    } else {
      const { reason, code, mayHaveReached } = outcome;
      lastState = reason;
      if (attempt >= policy.maxAttempts || (mayHaveReached && !request.idempotent)) {
        throw new NetworkError(request.label, reason, mayHaveReached, attempt, code);
      }
      waitMs = nextDelay(attempt, policy, deps.clock.random);
    }
    if (options.deadline !== undefined && deps.clock.now() + waitMs >= options.deadline) {
      throw new DeadlineError(`an answer from ${request.label}`, deps.clock.now() - started, lastState);
    }
    deps.log.info(
      `${request.label}: attempt ${attempt} of ${policy.maxAttempts} failed (${lastState}); retrying in ${formatDuration(waitMs)}`,
    );
    try {
      await deps.clock.sleep(waitMs, deps.signal);
    } catch (error) {
      if (error instanceof CancelledError) throw new CancelledError(`waiting for ${request.label}`);
      throw error;
    }
  }
}

/**
 * Reads a body as UTF-8 text, at most `maxBytes` of it; the rest is not downloaded.
 * @returns the text and whether it was cut
 */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  if (!body) return { text: '', truncated: false };
  const reader = body.getReader();
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
  return { text: Buffer.concat(parts).subarray(0, maxBytes).toString('utf8'), truncated };
}

/** What kind of transport failure an error is. */
export type NetworkErrorKind =
  'refused' | 'dns' | 'reset' | 'closed' | 'connect-timeout' | 'unreachable' | 'tls' | 'not-http' | 'other';

/** A transport error, classified: its kind, its code ('' without one) and its one-line message. */
export interface NetworkFailure {
  kind: NetworkErrorKind;
  code: string;
  message: string;
}

/**
 * Classifies a transport error (fetch's "fetch failed" wraps the socket's error in `cause`; a raw
 * socket's error comes as it is) by the code of the innermost error that has one.
 */
export function classifyNetworkError(error: unknown): NetworkFailure {
  let current: unknown = error;
  let code = '';
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    // Duck-typed: errors from node internals may come from another realm (vm contexts, jest, a bundle).
    const own = (current as { code?: unknown }).code;
    if (typeof own === 'string' && own !== '') code = own;
    const cause = (current as { cause?: unknown }).cause;
    if (cause === undefined || cause === null) break;
    current = cause;
  }
  const ownMessage = (current as { message?: unknown } | null)?.message;
  const message = (typeof ownMessage === 'string' ? ownMessage : String(current)).replace(/\s+/g, ' ').trim();
  return { kind: kindOf(code, message), code, message };
}

/**
 * Returns a short phrase for a transport error: "connection refused", "host not found",
 * "TLS error: … (CODE)", or the error's own message (with its code) when it is none of the known kinds.
 */
export function describeNetworkError(error: unknown): string {
  const { kind, code, message } = classifyNetworkError(error);
  switch (kind) {
    case 'refused':
      return 'connection refused';
    case 'dns':
      return 'host not found';
    case 'reset':
    case 'closed':
      return 'connection reset';
    case 'connect-timeout':
      return 'connect timeout';
    case 'unreachable':
      return 'host unreachable';
    case 'tls':
      return `TLS error: ${message}${code ? ` (${code})` : ''}`;
    case 'not-http':
      return `not an HTTP answer (${code})`;
    case 'other':
      if (!message) return code ? `network error ${code}` : 'network error';
      return code && !message.includes(code) ? `${code} ${message}` : message;
  }
}

type Outcome =
  { response: Omit<HttpResponse, 'attempts'> } | { reason: string; code: string; mayHaveReached: boolean };

async function attemptOnce(request: HttpRequest, timeoutMs: number, deps: HttpDeps): Promise<Outcome> {
  // AbortSignal.timeout guards the socket in real time; the injected clock cannot drive a socket.
  const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  try {
    const response = await deps.fetch(request.url, {
      method: request.method,
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      ...(request.redirect === undefined ? {} : { redirect: request.redirect }),
      signal,
    });
    const { text, truncated } = await readBounded(response.body, request.maxBytes ?? DEFAULT_MAX_BYTES);
    const { status, statusText, headers } = response;
    return { response: { status, statusText, headers, setCookies: headers.getSetCookie(), text, truncated } };
  } catch (error) {
    if (deps.signal?.aborted) throw new CancelledError(`waiting for ${request.label}`);
    if (timeout.aborted)
      return { reason: `no answer within ${formatDuration(timeoutMs)}`, code: '', mayHaveReached: true };
    const { code } = classifyNetworkError(error);
    return { reason: describeNetworkError(error), code, mayHaveReached: !NOT_SENT_CODES.has(code) };
  }
}

function kindOf(code: string, message: string): NetworkErrorKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME'].includes(code)) return 'dns';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ECLOSEDEARLY' || code === 'UND_ERR_SOCKET') return 'closed';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect-timeout';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (
    /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/.test(code) ||
    /\b(SSL|TLS)\b/.test(message)
  ) {
    return 'tls';
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'HPE_INVALID_CONSTANT') return 'not-http';
  return 'other';
}
