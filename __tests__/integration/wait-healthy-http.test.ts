/**
 * wait-healthy against real HTTP(S) and TCP servers on 127.0.0.1: late starts, 503 then 200,
 * flapping, hanging, wrong bodies, redirects, closed ports, self-signed TLS, credentials.
 * Behaviour is driven by request counts, never by wall-clock time.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer } from 'node:net';
import { systemClock } from '../../src/lib/clock.js';
import { createTransport, type HttpTransport } from '../../src/lib/http-transport.js';
import { parseTargets } from '../../src/wait-healthy/targets.js';
import { waitHealthy, type WaitOptions, type WaitReport } from '../../src/wait-healthy/wait.js';
import { recordingLogger, type RecordingLogger } from '../support/logger.js';
import { freePort, selfSignedCertificate } from '../support/servers.js';

const FAST: WaitOptions = {
  timeoutMs: 10_000,
  intervalMs: 80,
  requestTimeoutMs: 1000,
  consecutiveSuccesses: 1,
  insecureTls: false,
};

type Handler = (req: IncomingMessage, res: ServerResponse, count: number) => void;

/** Routes by path; each route counts its requests; `hang` requests are kept open until the end. */
const hits = new Map<string, number>();
const held: ServerResponse[] = [];
let firstDelayedHit = 0;
const routes: Record<string, Handler> = {
  // Healthy 300 ms after the first request: the wait must keep probing through the 503s.
  '/after-delay': (_q, r) => {
    firstDelayedHit ||= Date.now();
    if (Date.now() - firstDelayedHit >= 300) r.end('ok');
    else send(r, 503, 'starting');
  },
  '/ok': (_q, r) => r.end('fine'),
  '/unavailable-twice': (_q, r, n) => (n <= 2 ? send(r, 503, 'warming up, try later') : r.end('ok')),
  '/flap': (_q, r, n) => (n % 2 === 0 ? send(r, 503, 'flap') : r.end('ok')),
  '/flap-then-stable': (_q, r, n) => (n === 2 || n === 4 ? send(r, 503, 'flap') : r.end('ok')),
  '/hang-once': (_q, r, n) => (n === 1 ? held.push(r) : r.end('ok')),
  '/degraded': (_q, r) => send(r, 200, '{"status":"degraded","version":"1.4.2"}', 'application/json'),
  '/status-ok': (_q, r) => send(r, 200, '{"status":"ok","version":"1.4.2"}', 'application/json'),
  '/old': (_q, r) => (r.writeHead(302, { location: '/new' }), r.end()),
  '/new': (_q, r) => r.end('moved here'),
  '/to-broken': (_q, r) => (r.writeHead(301, { location: '/broken' }), r.end()),
  '/broken': (_q, r) => send(r, 503, 'broken'),
  '/auth': (q, r) => {
    const basic = `Basic ${Buffer.from('deploy:pa55word').toString('base64')}`;
    if (q.headers.authorization === basic && q.headers['x-api-key'] === 'key-424242') r.end('ok');
    else send(r, 401, `denied: got ${q.headers.authorization} / ${q.headers['x-api-key']}`);
  },
  '/echo-token': (q, r) => send(r, 401, `token ${q.headers.authorization} is expired`),
};

function send(res: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const count = (hits.get(path) ?? 0) + 1;
  hits.set(path, count);
  const route = routes[path];
  if (route) route(req, res, count);
  else send(res, 404, 'no such route');
}

let server: Server;
let tlsServer: Server;
let base: string;
let tlsBase: string;
let http: HttpTransport;
let insecure: HttpTransport;

beforeAll(async () => {
  server = createHttpServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const tls = selfSignedCertificate();
  tlsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, handle);
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  tlsBase = `https://127.0.0.1:${(tlsServer.address() as { port: number }).port}`;
  // No proxy variables: the probes go straight to the servers, as on a runner without a proxy.
  http = await createTransport({});
  insecure = await createTransport({}, { insecureTls: true });
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await Promise.all([http.close(), insecure.close()]);
  server.closeAllConnections();
  tlsServer.closeAllConnections();
  await Promise.all([server, tlsServer].map((s) => new Promise((resolve) => s.close(resolve))));
});

async function wait(
  lines: string[],
  options: Partial<WaitOptions> = {},
  log: RecordingLogger = recordingLogger(),
): Promise<{ report: WaitReport; log: RecordingLogger }> {
  const targets = parseTargets(lines, `Input 'targets'`);
  const fetch = options.insecureTls ? insecure.fetch : http.fetch;
  const signal = new AbortController().signal;
  const report = await waitHealthy(
    targets,
    { ...FAST, ...options },
    { clock: systemClock, fetch, signal, log },
  );
  return { report, log };
}

describe('wait-healthy over real HTTP and TCP', () => {
  test('waits through 503 answers until a 200, logging the first bytes of the body', async () => {
    const { report, log } = await wait([`${base}/unavailable-twice`]);
    expect(report.results[0]).toMatchObject({
      healthy: true,
      attempts: 3,
      status: 'HTTP 200',
      detail: 'HTTP 200 OK',
    });
    expect(log.text()).toContain(
      `info: ✗ ${base}/unavailable-twice: HTTP 503 Service Unavailable: warming up, try later (expected 2xx)`,
    );
  });

  test('waits for a server that becomes healthy after a delay', async () => {
    const { report, log } = await wait([`${base}/after-delay`]);
    expect(report.results[0]).toMatchObject({ healthy: true, status: 'HTTP 200' });
    expect(report.results[0]?.attempts).toBeGreaterThanOrEqual(2);
    expect(log.entries[0]?.message).toBe(
      `✗ ${base}/after-delay: HTTP 503 Service Unavailable: starting (expected 2xx)`,
    );
  });

  test('waits for a server that starts listening only after the first refusals', async () => {
    const port = await freePort();
    const late = createHttpServer((_q, r) => r.end('up'));
    const log = recordingLogger();
    const info = log.info;
    log.info = (message) => {
      info(message);
      if (message.includes('connection refused') && !late.listening) late.listen(port, '127.0.0.1');
    };
    const { report } = await wait([`http://127.0.0.1:${port}/`, `tcp://127.0.0.1:${port}`], {}, log);
    late.closeAllConnections();
    await new Promise((resolve) => late.close(resolve));
    expect(report.healthy).toBe(true);
    expect(log.text()).toContain(
      `info: ✗ http://127.0.0.1:${port}/: connection refused by 127.0.0.1:${port}`,
    );
    expect(report.results.map((r) => [r.status, r.attempts >= 2])).toEqual([
      ['HTTP 200', true],
      ['connected', true],
    ]);
  });

  test('a flapping service is healthy only after consecutive successes', async () => {
    const { report } = await wait([`${base}/flap-then-stable`], { consecutiveSuccesses: 2 });
    // ok, 503, ok, 503, ok, ok: the 6th answer is the second success in a row.
    expect(report.results[0]).toMatchObject({ healthy: true, attempts: 6 });
  });

  test('a service that keeps flapping never becomes healthy and the deadline ends the wait', async () => {
    const { report } = await wait([`${base}/flap`], { consecutiveSuccesses: 2, timeoutMs: 1500 });
    expect(report.healthy).toBe(false);
    expect(report.results[0]?.attempts).toBeGreaterThanOrEqual(4);
    expect(['HTTP 200', 'HTTP 503']).toContain(report.results[0]?.status);
  });

  test('gives up on an answer that hangs after request-timeout, then tries again', async () => {
    const { report, log } = await wait([`${base}/hang-once`], { requestTimeoutMs: 300 });
    expect(report.results[0]).toMatchObject({ healthy: true, attempts: 2 });
    expect(log.text()).toContain(`info: ✗ ${base}/hang-once: no answer within 300ms`);
  });

  test('a wrong body keeps a target unhealthy and says why', async () => {
    const { report } = await wait(
      [
        `${base}/degraded body='$.status == "ok"'`,
        `${base}/status-ok body='$.status == "ok"'`,
        `${base}/ok body=/f.ne/`,
      ],
      { timeoutMs: 600 },
    );
    expect(report.results.map((r) => [r.healthy, r.detail])).toEqual([
      [
        false,
        'HTTP 200 OK but $.status is "degraded", expected "ok": {"status":"degraded","version":"1.4.2"}',
      ],
      [true, 'HTTP 200 OK'],
      [true, 'HTTP 200 OK'],
    ]);
  });

  test('follows redirects unless the status set accepts the redirect itself', async () => {
    const before = hits.get('/new') ?? 0;
    const { report } = await wait([`${base}/old status=302`], { timeoutMs: 600 });
    expect(report.results[0]).toMatchObject({ healthy: true, status: 'HTTP 302' });
    expect(hits.get('/new') ?? 0).toBe(before);
    const followed = await wait([`${base}/old`, `${base}/to-broken`], { timeoutMs: 600 });
    expect(followed.report.results.map((r) => [r.healthy, r.detail])).toEqual([
      [true, 'HTTP 200 OK'],
      [false, 'HTTP 503 Service Unavailable: broken (expected 2xx)'],
    ]);
    expect(hits.get('/new')).toBe(before + 1);
  });

  test('reports a closed port as connection refused, for HTTP and TCP', async () => {
    const port = await freePort();
    const { report } = await wait([`http://127.0.0.1:${port}/health`, `tcp://127.0.0.1:${port}`], {
      timeoutMs: 400,
    });
    expect(report.results.map((r) => [r.healthy, r.status, r.detail])).toEqual([
      [false, 'connection refused', `connection refused by 127.0.0.1:${port}`],
      [false, 'connection refused', `connection refused by 127.0.0.1:${port}`],
    ]);
  });

  test('a TCP target is healthy once a connection is accepted', async () => {
    const tcp = createTcpServer((socket) => socket.end());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const { report } = await wait([`tcp://127.0.0.1:${(tcp.address() as { port: number }).port}`]);
    await new Promise((resolve) => tcp.close(resolve));
    expect(report.results[0]).toMatchObject({ healthy: true, attempts: 1, detail: 'accepted a connection' });
  });

  test('a self-signed certificate is a TLS error unless insecure-tls is set', async () => {
    const strict = await wait([`${tlsBase}/ok`], { timeoutMs: 400 });
    expect(strict.report.results[0]).toMatchObject({
      healthy: false,
      status: 'TLS error',
      detail:
        'TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) (insecure-tls: true accepts a self-signed certificate)',
    });
    const relaxed = await wait([`${tlsBase}/ok`], { insecureTls: true });
    expect(relaxed.report.results[0]).toMatchObject({ healthy: true, status: 'HTTP 200' });
  });

  test('sends URL credentials and headers, and masks them in results and logs', async () => {
    const { report, log } = await wait([
      `${base.replace('//', '//deploy:pa55word@')}/auth header='X-Api-Key: key-424242'`,
    ]);
    expect(report.results[0]).toMatchObject({
      healthy: true,
      target: `${base.replace('//', '//deploy:***@')}/auth`,
    });
    const echoed = await wait([`${base}/echo-token header='Authorization: Bearer tok-987654321'`], {
      timeoutMs: 400,
    });
    expect(echoed.report.results[0]?.detail).toBe(
      'HTTP 401 Unauthorized: token *** is expired (expected 2xx)',
    );
    const everything = JSON.stringify([report, echoed.report]) + log.text() + echoed.log.text();
    for (const secret of [
      'pa55word',
      'key-424242',
      'tok-987654321',
      Buffer.from('deploy:pa55word').toString('base64'),
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
