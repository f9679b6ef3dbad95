/**
 * GitHub's REST API as the kit asks it: JSON in and out through the kit's one HTTP client
 * (`sendRequest`: its retry policy, per-attempt timeout, cancellation), the token only in the
 * Authorization header, and one error whose message names the method, the path, GitHub's own
 * message and what to do. A used-up rate limit (403 or 429 with `x-ratelimit-remaining: 0`, or a
 * secondary limit's Retry-After) says when it resets instead of asking for a permission.
 */
import { KitError } from './errors.js';
import { NetworkError, sendRequest, type HttpDeps, type HttpOptions } from './http.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';

/** Where and as whom the API is asked. */
export interface GitHubApi {
  /** GITHUB_API_URL, e.g. https://api.github.com (a local stand-in in tests). */
  apiUrl: string;
  /** The token (never logged, never in an error). */
  token: string;
  /** The User-Agent GitHub requires, e.g. `dokploy-deploy/report-incident`. */
  userAgent: string;
}

/** One call: the path is also how logs and errors name it, so it carries no query string. */
export interface GitHubCall {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** Appended to the URL as given (already encoded), e.g. `state=open&per_page=100`. */
  query?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Statuses that are success for this call (default 200 and 201). */
  ok?: readonly number[];
}

/** What to tell the user when a call fails, by how it failed. */
export interface GitHubHints {
  /** What to do about a refusal with `status` (not a rate limit). */
  refused: (status: number) => string;
  /** What to do while the rate limit is used up, after "the token's rate limit is used up until …: ". */
  rateLimited: string;
  /** A way around GitHub altogether, offered after every hint ("set token: '' to …"). */
  otherwise?: string;
}

/** How GitHub's API is asked: the kit's retry policy, 30 s per attempt. */
export const GITHUB_HTTP_OPTIONS: HttpOptions = Object.freeze({
  policy: DEFAULT_RETRY_POLICY,
  attemptTimeoutMs: 30_000,
});

/** A page of issues, comments or files is tens of KB; this only bounds a broken answer. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * Thrown when GitHub refuses a call (`status` is its answer) or never answers (`status` 0). Carries
 * the method, the path, the status and, for a used-up rate limit, when it resets (`resetAt`, ISO).
 * The token is never part of it.
 */
export class GitHubError extends KitError {
  override name = 'GitHubError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
    readonly hint: string,
    readonly resetAt: string | undefined = undefined,
  ) {
    const answered =
      status === 0 ? `failed (${detail})` : `answered ${status}${detail ? ` (${detail})` : ''}`;
    super(`GitHub ${method} ${path} ${answered}: ${hint}`);
  }

  /** True for a used-up primary or secondary rate limit. */
  get rateLimited(): boolean {
    return this.resetAt !== undefined;
  }
}

/**
 * Sends one call and returns the parsed JSON answer. POST and PATCH are not idempotent: the client
 * repeats them only when they surely never reached GitHub (connection refused, DNS).
 *
 * @param hints - what to do about a refusal, a used-up rate limit, and (for both and no answer) instead
 * @throws GitHubError for a status outside `call.ok` (after the client's retries) or no answer
 * @throws CancelledError when `deps.signal` aborts
 * @example
 * const issue = await callGitHub<{ number: number }>(api, { method: 'POST', path: '/repos/o/r/issues', body }, deps,
 *   { refused: () => "give the job 'issues: write' permission", rateLimited: 'the next run reports again' });
 */
export async function callGitHub<T>(
  api: GitHubApi,
  call: GitHubCall,
  deps: HttpDeps,
  hints: GitHubHints,
  options: HttpOptions = GITHUB_HTTP_OPTIONS,
): Promise<T> {
  const advise = (hint: string): string => (hints.otherwise ? `${hint}, or ${hints.otherwise}` : hint);
  const label = `GitHub ${call.method} ${call.path}`;
  let response;
  try {
    response = await sendRequest(
      {
        method: call.method,
        url: `${api.apiUrl.replace(/\/$/, '')}${call.path}${call.query ? `?${call.query}` : ''}`,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${api.token}`,
          'user-agent': api.userAgent,
          'x-github-api-version': '2022-11-28',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        idempotent: call.method === 'GET',
        label,
        maxBytes: MAX_ANSWER_BYTES,
      },
      options,
      deps,
    );
  } catch (error) {
    if (error instanceof NetworkError) {
      const tries = error.attempts === 1 ? '1 attempt' : `${error.attempts} attempts`;
      throw new GitHubError(
        call.method,
        call.path,
        0,
        `${error.reason}, ${tries}`,
        advise('check that the runner reaches the GitHub API (behind a proxy, set HTTPS_PROXY)'),
      );
    }
    throw error;
  }
  if ((call.ok ?? [200, 201]).includes(response.status)) {
    return (response.text === '' ? undefined : JSON.parse(response.text)) as T;
  }
  const detail = messageOf(response.text);
  const resetAt = rateLimitReset(response.status, response.headers, detail, deps.clock.now());
  if (resetAt !== undefined) {
    throw new GitHubError(
      call.method,
      call.path,
      response.status,
      detail,
      advise(`the token's rate limit is used up until ${resetAt}: ${hints.rateLimited}`),
      resetAt,
    );
  }
  throw new GitHubError(
    call.method,
    call.path,
    response.status,
    detail,
    advise(hints.refused(response.status)),
  );
}

/** Splits GITHUB_REPOSITORY (`owner/name`) into its two path components, encoded. */
export function repositoryPath(repository: string): string {
  const [owner = '', name = '', ...rest] = repository.split('/');
  if (owner === '' || name === '' || rest.length > 0) {
    throw new KitError(
      `GITHUB_REPOSITORY is '${repository}': run inside GitHub Actions, or set it to owner/name`,
    );
  }
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

/** GitHub's `message`, first line only ('' when the body is not GitHub's error JSON). */
function messageOf(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? (message.split('\n')[0] ?? '') : '';
  } catch {
    return '';
  }
}

/**
 * When a used-up rate limit resets (ISO time), or undefined when the answer is no rate limit.
 * GitHub says so with 403 or 429 and `x-ratelimit-remaining: 0` (reset: `x-ratelimit-reset`, epoch
 * seconds), or, for its secondary limits, a Retry-After header or a message naming the limit.
 */
function rateLimitReset(
  status: number,
  headers: { get(name: string): string | null },
  message: string,
  nowMs: number,
): string | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const remaining = headers.get('x-ratelimit-remaining');
  const reset = Number(headers.get('x-ratelimit-reset'));
  const retryAfter = Number(headers.get('retry-after'));
  if (remaining === '0' && Number.isFinite(reset) && reset > 0) return new Date(reset * 1000).toISOString();
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new Date(nowMs + retryAfter * 1000).toISOString();
  if (remaining === '0' || /rate limit/i.test(message)) return 'the next reset';
  return undefined;
}
