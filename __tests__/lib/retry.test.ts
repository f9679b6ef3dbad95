import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  nextDelay,
  parseRetryAfter,
  toRetryPolicy,
} from '../../src/lib/retry.js';

describe('nextDelay', () => {
  it('grows by the factor and is capped by maxDelayMs', () => {
    const policy = toRetryPolicy({ jitter: 0 });
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => nextDelay(a, policy, () => 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('randomises the jitter fraction downwards only', () => {
    expect(nextDelay(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(500);
    expect(nextDelay(1, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(400);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, caps long waits and ignores malformed headers', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('3', now, DEFAULT_RETRY_POLICY)).toBe(3000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:05 GMT', now, DEFAULT_RETRY_POLICY)).toBe(5000);
    expect(parseRetryAfter('3600', now, DEFAULT_RETRY_POLICY)).toBe(60_000);
    expect(parseRetryAfter('soon', now, DEFAULT_RETRY_POLICY)).toBeUndefined();
    expect(parseRetryAfter(null, now, DEFAULT_RETRY_POLICY)).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx but never 400, 401 or 404', () => {
    expect([408, 429, 500, 502, 503, 504].every((s) => isRetryableStatus(s, DEFAULT_RETRY_POLICY))).toBe(
      true,
    );
    expect([400, 401, 403, 404, 415].some((s) => isRetryableStatus(s, DEFAULT_RETRY_POLICY))).toBe(false);
  });
});
