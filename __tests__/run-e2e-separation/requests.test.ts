import { manualClock } from '../support/clock.js';
import { recordingLogger } from '../support/logger.js';
import { CancelledError } from '../../src/lib/errors.js';
import { DEFAULT_RETRY_POLICY, nextDelay, toRetryPolicy } from '../../src/lib/retry.js';
import { request, RequestFailedError, type SeparationDeps } from '../../src/run-e2e-separation/requests.js';

const limits = { timeoutMs: 10_000, maxBytes: 16, retry: toRetryPolicy({ maxAttempts: 3 }) };

/** A fetch that plays `script` in order: a status (with a body) or a thrown error. */
function scriptedFetch(script: (number | Error)[]): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const fetchLike = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push(`${init?.method} ${String(input)}`);
    const step = script.shift();
    if (step === undefined) throw new Error('unexpected request');
    if (step instanceof Error) throw step;
    return new Response(step === 204 ? null : 'x'.repeat(40), {
      status: step,
      headers: [
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2; Domain=example.com'],
      ],
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
    expect(d.log.text()).toContain(`GET http://127.0.0.1:1/x answered 503; retry 2 of 3 in ${waits[0]} ms`);
    expect(d.log.text()).toContain(
      `GET http://127.0.0.1:1/x connect ECONNREFUSED; retry 3 of 3 in ${waits[1]} ms`,
    );
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

  it('fails with the reason when no attempt is answered', async () => {
    const { fetch } = scriptedFetch([new Error('boom'), new Error('boom'), new Error('boom')]);
    const error = await request('GET', 'http://127.0.0.1:1/', {}, limits, deps(fetch)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestFailedError);
    expect((error as Error).message).toBe('GET http://127.0.0.1:1/ failed: boom');
  });

  it('gives up an attempt at its deadline on the injected clock', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      )) as typeof fetch;
    const single = { ...limits, retry: toRetryPolicy({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }) };
    const error = await request('GET', 'http://127.0.0.1:1/slow', {}, single, deps(hanging)).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe('GET http://127.0.0.1:1/slow failed: no answer within 10000 ms');
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
