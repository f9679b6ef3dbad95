import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { createTransport, type HttpTransport } from '../../src/lib/http-transport.js';
import { sendRequest } from '../../src/lib/http.js';
import { DEFAULT_RETRY_POLICY } from '../../src/lib/retry.js';
import { manualClock } from '../support/clock.js';
import { recordingLogger } from '../support/logger.js';
import { close, listen, startProxy } from '../support/proxy.js';
import { selfSignedCertificate } from '../support/servers.js';

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
