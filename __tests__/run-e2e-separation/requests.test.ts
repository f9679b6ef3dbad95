import { manualClock } from '../support/clock.js';
import { recordingLogger } from '../support/logger.js';
import { CancelledError, DeadlineError } from '../../src/lib/errors.js';
import { DEFAULT_RETRY_POLICY, nextDelay, toRetryPolicy } from '../../src/lib/retry.js';
import { request, RequestFailedError, type SeparationDeps } from '../../src/run-e2e-separation/requests.js';

const limits = { timeoutMs: 10_000, maxBytes: 16, retry: toRetryPolicy({ maxAttempts: 3 }) };

/** A fetch that plays `script` in order: a status (with a body), a status with headers, or a thrown error. */
function scriptedFetch(script: (number | [number, Record<string, string>] | Error)[]): {
  fetch: typeof fetch;
  calls: string[];
} {
  const calls: string[] = [];
  const fetchLike = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push(`${init?.method} ${String(input)}`);
    const step = script.shift();
    if (step === undefined) throw new Error('unexpected request');
    if (step instanceof Error) throw step;
    const [status, extra] = typeof step === 'number' ? [step, {}] : step;
    return new Response(status === 204 ? null : 'x'.repeat(40), {
      status,
      headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2; Domain=example.com'], ...Object.entries(extra)],
    });
  };
  return { fetch: fetchLike as typeof fetch, calls };
}

function deps(
  fetchLike: typeof fetch,
  signal = new AbortController().signal,
): SeparationDeps & {
  clock: ReturnType<typeof manualClock>;
  log: ReturnType<typeof recordingLogger>;
} {
  return { clock: manualClock(), fetch: fetchLike, signal, log: recordingLogger() };
}

describe('request', () => {
  it('returns the status, every Set-Cookie line and the body cut at maxBytes', async () => {
    const { fetch } = scriptedFetch([200]);
    const answer = await request('GET', 'http://127.0.0.1:1/', {}, limits, deps(fetch));
    expect(answer).toMatchObject({ status: 200, body: 'x'.repeat(16), truncated: true });
    expect(answer.setCookies).toEqual(['a=1', 'b=2; Domain=example.com']);
  });

  it('retries a 503 and a connection error with the policy delays, then returns the answer', async () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const { fetch, calls } = scriptedFetch([503, refused, 200]);
    const d = deps(fetch);
    const answer = await request('GET', 'http://127.0.0.1:1/x', {}, limits, d);
    expect(answer.status).toBe(200);
    expect(calls).toHaveLength(3);
    const waits = [nextDelay(1, limits.retry, () => 0.5), nextDelay(2, limits.retry, () => 0.5)];
    expect(d.clock.sleeps.filter((ms) => ms !== limits.timeoutMs)).toEqual(waits);
    expect(d.log.text()).toContain(
      `GET http://127.0.0.1:1/x: attempt 1 of 3 failed (503); retrying in ${waits[0]}ms`,
    );
    expect(d.log.text()).toContain(
      `GET http://127.0.0.1:1/x: attempt 2 of 3 failed (connection refused); retrying in ${waits[1]}ms`,
    );
  });

  it('honours Retry-After (without jitter) over the backoff', async () => {
    const { fetch, calls } = scriptedFetch([[429, { 'retry-after': '3' }], 200]);
    const d = deps(fetch);
    expect((await request('GET', 'http://127.0.0.1:1/', {}, limits, d)).status).toBe(200);
    expect([calls.length, d.clock.sleeps]).toEqual([2, [3000]]);
  });

  it('stops at the deadline instead of waiting past it, with the last state', async () => {
    const { fetch, calls } = scriptedFetch([[503, { 'retry-after': '30' }], 200]);
    const d = deps(fetch);
    const error = await request(
      'GET',
      'http://127.0.0.1:1/p',
      {},
      { ...limits, deadline: d.clock.now() + 20_000 },
      d,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect((error as Error).message).toBe(
      'Timed out after 0s waiting for an answer from GET http://127.0.0.1:1/p; last state: 503',
    );
    expect([calls.length, d.clock.sleeps]).toEqual([1, []]);
  });

  it('returns the last retryable answer once attempts run out', async () => {
    const { fetch, calls } = scriptedFetch([502, 502, 502]);
    expect((await request('GET', 'http://127.0.0.1:1/', {}, limits, deps(fetch))).status).toBe(502);
    expect(calls).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    const { fetch, calls } = scriptedFetch([401]);
    expect((await request('OPTIONS', 'http://127.0.0.1:1/', {}, limits, deps(fetch))).status).toBe(401);
    expect(calls).toEqual(['OPTIONS http://127.0.0.1:1/']);
  });

  it('fails with the reason (and the code) when no attempt is answered', async () => {
    const { fetch } = scriptedFetch([new Error('boom'), new Error('boom'), new Error('boom')]);
    const error = await request('GET', 'http://127.0.0.1:1/', {}, limits, deps(fetch)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestFailedError);
    expect((error as Error).message).toBe('GET http://127.0.0.1:1/ failed: boom');
    const refused = (): Error =>
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      });
    const again = scriptedFetch([refused(), refused(), refused()]);
    const second = await request('GET', 'http://127.0.0.1:1/', {}, limits, deps(again.fetch)).catch(
      (e: unknown) => e,
    );
    expect((second as Error).message).toBe(
      'GET http://127.0.0.1:1/ failed: connection refused (ECONNREFUSED)',
    );
  });

  it('gives up an attempt at its timeout', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      )) as typeof fetch;
    const single = {
      ...limits,
      timeoutMs: 50,
      retry: toRetryPolicy({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }),
    };
    const error = await request('GET', 'http://127.0.0.1:1/slow', {}, single, deps(hanging)).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe('GET http://127.0.0.1:1/slow failed: no answer within 50ms');
  });

  it('ends in CancelledError when the run is cancelled', async () => {
    const controller = new AbortController();
    const hanging = ((_: unknown, init?: RequestInit) => {
      setImmediate(() => controller.abort());
      return new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
      );
    }) as typeof fetch;
    const d = {
      ...deps(hanging, controller.signal),
      clock: { ...manualClock(), sleep: () => new Promise<void>(() => undefined) },
    };
    const error = await request('GET', 'http://127.0.0.1:1/', {}, limits, d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('Cancelled while requesting http://127.0.0.1:1/');
  });
});
