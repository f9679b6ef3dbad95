import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { createTransport, type HttpTransport } from '../../src/lib/http-transport.js';
import { sendRequest } from '../../src/lib/http.js';
import { DEFAULT_RETRY_POLICY } from '../../src/lib/retry.js';
import { manualClock } from '../support/clock.js';
import { recordingLogger } from '../support/logger.js';
import { selfSignedCertificate } from '../support/servers.js';

/**
 * A small forward proxy on 127.0.0.1: CONNECT tunnels (what undici's ProxyAgent sends, for http and
 * https targets) and absolute-URI forwarding (what other clients send for http). It records each
 * request it carried as "CONNECT host:port" or "GET http://…".
 */
function startProxy(): Promise<{ url: string; seen: string[]; stop(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(client);
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect({ host: host ?? '', port: Number(port), autoSelectFamily: true }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s) => sockets.add(s));
  return listen(server).then((port) => ({
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () => close(server, sockets),
  }));
}

let target: Server;
let targetPort: number;
let tlsTarget: Server;
let tlsPort: number;
const targetSockets = new Set<Socket>();
let proxy: Awaited<ReturnType<typeof startProxy>>;
const transports: HttpTransport[] = [];

beforeAll(async () => {
  const answer = (kind: string) => (req: { headers: { host?: string } }, res: { end(text: string): void }) =>
    res.end(`${kind} target reached as ${req.headers.host}`);
  target = createServer(answer('http'));
  const tls = selfSignedCertificate();
  tlsTarget = createHttpsServer({ key: tls.key, cert: tls.cert }, answer('https'));
  for (const server of [target, tlsTarget]) server.on('connection', (s) => targetSockets.add(s));
  targetPort = await listen(target);
  tlsPort = await listen(tlsTarget);
  proxy = await startProxy();
});

afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await proxy.stop();
  await close(target, targetSockets);
  await close(tlsTarget, targetSockets);
});

async function get(env: Record<string, string>, url: string, insecureTls = false): Promise<string> {
  const transport = await createTransport(env, { insecureTls });
  transports.push(transport);
  const answer = await sendRequest(
    { method: 'GET', url, idempotent: true, label: 'GET /' },
    { policy: DEFAULT_RETRY_POLICY, attemptTimeoutMs: 5000 },
    { clock: manualClock(), fetch: transport.fetch, log: recordingLogger() },
  );
  expect(answer.status).toBe(200);
  return answer.text;
}

describe('createTransport', () => {
  it('is the global fetch, with nothing loaded, when no proxy variable is set', async () => {
    const transport = await createTransport({ NO_PROXY: 'localhost', PATH: '/usr/bin' });
    expect(transport.fetch).toBe(globalThis.fetch);
    expect(transport.proxied).toBe(false);
  });

  it('sends a request to an http target through the HTTP_PROXY', async () => {
    proxy.seen.length = 0;
    const text = await get({ HTTP_PROXY: proxy.url }, `http://127.0.0.1:${targetPort}/`);
    expect(text).toBe(`http target reached as 127.0.0.1:${targetPort}`);
    expect(proxy.seen).toEqual([`CONNECT 127.0.0.1:${targetPort}`]);
  });

  it('sends a request to an https target through the https_proxy (lower case)', async () => {
    proxy.seen.length = 0;
    const text = await get({ https_proxy: proxy.url }, `https://localhost:${tlsPort}/`, true);
    expect(text).toBe(`https target reached as localhost:${tlsPort}`);
    expect(proxy.seen).toEqual([`CONNECT localhost:${tlsPort}`]);
  });

  it('goes directly to the NO_PROXY hosts and through the proxy to the others', async () => {
    proxy.seen.length = 0;
    const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1,.internal' };
    expect(await get(env, `http://127.0.0.1:${targetPort}/`)).toContain('http target reached');
    expect(proxy.seen).toEqual([]);
    expect(await get(env, `http://localhost:${targetPort}/`)).toContain('http target reached');
    expect(proxy.seen).toEqual([`CONNECT localhost:${targetPort}`]);
  });
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function close(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
