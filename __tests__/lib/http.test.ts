import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CancelledError, DeadlineError } from '../../src/lib/errors.js';
import { NetworkError, sendRequest, type HttpRequest } from '../../src/lib/http.js';
import { DEFAULT_RETRY_POLICY, nextDelay, toRetryPolicy } from '../../src/lib/retry.js';
import { manualClock } from '../support/clock.js';
import { recordingLogger } from '../support/logger.js';

/** A real server whose answers are scripted per test; it counts requests. */
let server: Server;
let base: string;
let script: ((req: IncomingMessage, res: ServerResponse) => void)[] = [];
let fallback: (req: IncomingMessage, res: ServerResponse) => void;
let hits = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    req.resume();
    (script.shift() ?? fallback)(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  hits = 0;
  script = [];
  fallback = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('"ok"');
});

const status =
  (code: number, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(code, headers).end('{"message":"x"}');
  };
const reset = (req: IncomingMessage): void => {
  req.socket.destroy();
};

function get(path = '/api/x'): HttpRequest {
  return { method: 'GET', url: `${base}${path}`, idempotent: true, label: `GET ${path}` };
}
function post(path = '/api/application.deploy'): HttpRequest {
  return { method: 'POST', url: `${base}${path}`, body: '{}', idempotent: false, label: `POST ${path}` };
}
function deps(clock = manualClock(), signal?: AbortSignal) {
  const log = recordingLogger();
  return { clock, log, fetch: globalThis.fetch, ...(signal ? { signal } : {}) };
}

describe('sendRequest', () => {
  it('retries a 503 with the policy backoff and returns the answer that follows', async () => {
    script = [status(503), status(502)];
    const d = deps();
    const res = await sendRequest(get(), { policy: DEFAULT_RETRY_POLICY }, d);
    expect([res.status, res.text, res.attempts, hits]).toEqual([200, '"ok"', 3, 3]);
    expect(d.clock.sleeps).toEqual([
      nextDelay(1, DEFAULT_RETRY_POLICY, () => 0.5),
      nextDelay(2, DEFAULT_RETRY_POLICY, () => 0.5),
    ]);
    expect(d.log.text()).toContain(
      'info: GET /api/x: attempt 1 of 4 failed (503 Service Unavailable); retrying in',
    );
  });

  it('honours Retry-After (without jitter) over the backoff', async () => {
    script = [status(429, { 'retry-after': '7' })];
    const d = deps();
    await sendRequest(get(), { policy: DEFAULT_RETRY_POLICY }, d);
    expect(d.clock.sleeps).toEqual([7000]);
  });

  it('never retries 400, 401 or 404 and logs nothing for them', async () => {
    for (const code of [400, 401, 404]) {
      hits = 0;
      script = [status(code)];
      const d = deps();
      const res = await sendRequest(get(), { policy: DEFAULT_RETRY_POLICY }, d);
      expect([res.status, hits, d.clock.sleeps.length, d.log.entries.length]).toEqual([code, 1, 0, 0]);
    }
  });

  it('returns the last 5xx answer when the attempts run out', async () => {
    fallback = status(504);
    const res = await sendRequest(get(), { policy: toRetryPolicy({ maxAttempts: 3 }) }, deps());
    expect([res.status, res.attempts, hits]).toEqual([504, 3, 3]);
  });

  it('retries a connection reset for an idempotent request', async () => {
    script = [reset];
    const res = await sendRequest(get(), { policy: DEFAULT_RETRY_POLICY }, deps());
    expect([res.status, hits]).toEqual([200, 2]);
  });

  it('does not repeat a POST that may have reached the server (reset or 503)', async () => {
    script = [reset];
    const error = await sendRequest(post(), { policy: DEFAULT_RETRY_POLICY }, deps()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).message).toBe(
      'POST /api/application.deploy failed: connection reset (1 attempt)',
    );
    expect((error as NetworkError).mayHaveReached).toBe(true);
    expect(hits).toBe(1);
    script = [status(503)];
    hits = 0;
    const res = await sendRequest(post(), { policy: DEFAULT_RETRY_POLICY }, deps());
    expect([res.status, hits]).toEqual([503, 1]);
  });

  it('repeats a POST when the connection was refused (it never reached the server)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const d = deps();
    const request = { ...post(), url: `http://127.0.0.1:${port}/api/application.deploy` };
    const error = await sendRequest(request, { policy: toRetryPolicy({ maxAttempts: 3 }) }, d).catch(
      (e: unknown) => e,
    );
    expect((error as NetworkError).message).toBe(
      'POST /api/application.deploy failed: connection refused (3 attempts)',
    );
    expect((error as NetworkError).mayHaveReached).toBe(false);
    expect(d.clock.sleeps).toHaveLength(2);
  });

  it('gives up on a slow answer after the attempt timeout and retries a GET', async () => {
    script = [(_req, res) => setTimeout(() => res.writeHead(200).end('"late"'), 400).unref()];
    const d = deps();
    const res = await sendRequest(get(), { policy: DEFAULT_RETRY_POLICY, attemptTimeoutMs: 100 }, d);
    expect([res.text, hits]).toEqual(['"ok"', 2]);
    expect(d.log.text()).toContain('attempt 1 of 4 failed (no answer within 100ms)');
  });

  it('throws DeadlineError instead of waiting past the deadline, with the last state', async () => {
    fallback = status(503);
    const clock = manualClock(0);
    const error = await sendRequest(
      get(),
      { policy: DEFAULT_RETRY_POLICY, deadline: 1200 },
      deps(clock),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    // 1st wait 450 ms (ends at 450), 2nd would be 900 ms (ends at 1350 > 1200).
    expect((error as Error).message).toBe(
      'Timed out after 0.5s waiting for an answer from GET /api/x; last state: 503 Service Unavailable',
    );
    expect(hits).toBe(2);
  });

  it('stops with CancelledError as soon as the signal aborts, during a wait or a request', async () => {
    fallback = status(503);
    const controller = new AbortController();
    const clock = manualClock();
    const sleep = clock.sleep;
    clock.sleep = async (ms, signal) => {
      controller.abort();
      return sleep(ms, signal);
    };
    const error = await sendRequest(
      get(),
      { policy: DEFAULT_RETRY_POLICY },
      deps(clock, controller.signal),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('Cancelled while waiting for GET /api/x');
    expect(hits).toBe(1);

    const slow = new AbortController();
    fallback = (_req, res) => setTimeout(() => res.writeHead(200).end('"late"'), 5000).unref();
    const pending = sendRequest(get(), { policy: DEFAULT_RETRY_POLICY }, deps(manualClock(), slow.signal));
    setTimeout(() => slow.abort(), 50);
    await expect(pending).rejects.toThrow('Cancelled while waiting for GET /api/x');
  });
});
