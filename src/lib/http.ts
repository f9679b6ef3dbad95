/**
 * HTTP requests with the kit's one retry policy (`retry.ts`), an overall deadline and cancellation.
 * The transport is passed in (`deps.fetch`: undici's fetch in the shells, anything fetch-shaped in
 * tests), as are the clock and the abort signal. Nothing here knows about Dokploy; the Dokploy client
 * builds its typed errors on top.
 */
import type { Clock } from './clock.js';
import { CancelledError, DeadlineError } from './errors.js';
import type { Logger } from './logger.js';
import { formatDuration } from './duration.js';
import { isRetryableStatus, nextDelay, parseRetryAfter, type RetryPolicy } from './retry.js';

/** The part of a fetch Response the kit reads. */
export interface FetchResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A fetch-shaped function (global fetch and undici's fetch both fit). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchResponse>;

/** What a core that talks HTTP receives. */
export interface HttpDeps {
  clock: Clock;
  fetch: FetchLike;
  /** Aborted when the run is cancelled (SIGTERM/SIGINT). */
  signal?: AbortSignal;
  log: Logger;
}

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Whether the request may be sent twice. A non-idempotent request (a deploy trigger) is repeated
   * only when it surely never reached the server (connection refused, DNS failure).
   */
  idempotent: boolean;
  /** How logs and errors name it, e.g. `GET /api/deployment.all` (never the query or the body). */
  label: string;
}

/** How requests are retried and bounded. */
export interface HttpOptions {
  policy: RetryPolicy;
  /** Absolute time (by `deps.clock`) after which no attempt starts and no wait is begun. */
  deadline?: number;
  /** Longest wait for one attempt's answer, in ms. Default 30 000. */
  attemptTimeoutMs?: number;
}

/** The final answer (possibly an error status, after retries ran out). */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: { get(name: string): string | null };
  text: string;
  /** Attempts made, the successful one included. */
  attempts: number;
}

/**
 * Thrown when no answer came (connection refused or reset, DNS, per-attempt timeout) after the
 * attempts the policy allows. Carries the request label, a short reason and whether the request may
 * have reached the server. Its message holds no URL query, header or body.
 */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly label: string,
    readonly reason: string,
    readonly mayHaveReached: boolean,
    readonly attempts: number,
  ) {
    super(`${label} failed: ${reason} (${attempts} attempt${attempts === 1 ? '' : 's'})`);
  }
}

const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;

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
      const { reason, mayHaveReached } = outcome;
      lastState = reason;
      if (attempt >= policy.maxAttempts || (mayHaveReached && !request.idempotent)) {
        throw new NetworkError(request.label, reason, mayHaveReached, attempt);
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

type Outcome = { response: Omit<HttpResponse, 'attempts'> } | { reason: string; mayHaveReached: boolean };

async function attemptOnce(request: HttpRequest, timeoutMs: number, deps: HttpDeps): Promise<Outcome> {
  // AbortSignal.timeout guards the socket in real time; the injected clock cannot drive a socket.
  const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
  try {
    const response = await deps.fetch(request.url, {
      method: request.method,
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      signal,
    });
    const text = await response.text();
    return {
      response: { status: response.status, statusText: response.statusText, headers: response.headers, text },
    };
  } catch (error) {
    if (deps.signal?.aborted) throw new CancelledError(`waiting for ${request.label}`);
    if (timeout.aborted)
      return { reason: `no answer within ${formatDuration(timeoutMs)}`, mayHaveReached: true };
    const code = errorCode(error);
    return { reason: describeNetworkError(code), mayHaveReached: !NOT_SENT_CODES.has(code) };
  }
}

function errorCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown; cause?: { code?: unknown } } } | undefined;
  const code = e?.cause?.code ?? e?.code ?? e?.cause?.cause?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

function describeNetworkError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect timeout';
    case 'UNKNOWN':
      return 'network error';
    default:
      return `network error ${code}`;
  }
}
