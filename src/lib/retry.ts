/**
 * The kit's one backoff policy. HTTP retries and status polls (deployments, health probes) all
 * take their waits from `nextDelay`; there is no second backoff formula in the kit.
 */

/** How to back off between attempts. */
export interface RetryPolicy {
  /** Attempts in total, the first included. Default 4. */
  maxAttempts: number;
  /** Wait before the second attempt, in ms. Default 500. */
  baseDelayMs: number;
  /** Growth factor per attempt. Default 2. */
  factor: number;
  /** Upper bound of one wait, in ms. Default 10 000. */
  maxDelayMs: number;
  /** Fraction of the wait that is randomised (0 = none, 1 = "full jitter"). Default 0.2. */
  jitter: number;
  /** HTTP statuses worth retrying. Default 408, 429, 500, 502, 503, 504. */
  retryStatuses: readonly number[];
  /** Longest Retry-After honoured, in ms; longer ones are capped. Default 60 000. */
  maxRetryAfterMs: number;
}

/** The defaults above. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 500,
  factor: 2,
  maxDelayMs: 10_000,
  jitter: 0.2,
  retryStatuses: Object.freeze([408, 429, 500, 502, 503, 504]),
  maxRetryAfterMs: 60_000,
});

/** Returns a complete policy from a partial one, filling the gaps with the defaults. */
export function toRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...partial };
}

/**
 * Returns the wait in ms before attempt `attempt + 1`, given that `attempt` (1-based) just failed.
 * The wait grows by `factor` up to `maxDelayMs`; `jitter` of it is randomised downwards.
 *
 * @example nextDelay(1, DEFAULT_RETRY_POLICY, () => 0.5) // 450
 */
export function nextDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempt - 1));
  return Math.round(raw * (1 - policy.jitter * random()));
}

/**
 * Parses a Retry-After header (seconds or an HTTP date) into a wait in ms, capped by the policy.
 * Returns `undefined` for a missing or malformed header, so the caller falls back to `nextDelay`.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  nowMs: number,
  policy: RetryPolicy,
): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - nowMs);
  }
  return Math.min(ms, policy.maxRetryAfterMs);
}

/** True when an HTTP status is one the policy retries. */
export function isRetryableStatus(status: number, policy: RetryPolicy): boolean {
  return policy.retryStatuses.includes(status);
}
