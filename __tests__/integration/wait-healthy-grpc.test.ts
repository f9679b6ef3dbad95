/**
 * The grpc.health.v1 probe against a real gRPC server: @grpc/grpc-js serving the official
 * grpc-health-check implementation on 127.0.0.1, plus a gRPC server without a health service.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { systemClock } from '../../src/lib/clock.js';
import { createProbe, describeProbeError } from '../../src/wait-healthy/probes.js';
import { parseTarget, parseTargets } from '../../src/wait-healthy/targets.js';
import { waitHealthy } from '../../src/wait-healthy/wait.js';
import { recordingLogger } from '../support/logger.js';
import { freePort, selfSignedCertificate } from '../support/servers.js';

const WORKFLOW = 'temporal.api.workflowservice.v1.WorkflowService';
const probe = createProbe({ fetch: globalThis.fetch, insecureTls: false });
const signal = new AbortController().signal;

let server: Server;
let bare: Server;
let health: HealthImplementation;
let port: number;
let barePort: number;
let secure: Server;
let securePort: number;

async function bind(s: Server, credentials = ServerCredentials.createInsecure()): Promise<number> {
  return new Promise((resolve, reject) =>
    s.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
}

beforeAll(async () => {
  health = new HealthImplementation({ '': 'SERVING', [WORKFLOW]: 'NOT_SERVING', 'batch.Jobs': 'UNKNOWN' });
  server = new Server();
  health.addToServer(server);
  port = await bind(server);
  bare = new Server();
  barePort = await bind(bare);
  const tls = selfSignedCertificate();
  secure = new Server();
  health.addToServer(secure);
  securePort = await bind(
    secure,
    ServerCredentials.createSsl(null, [{ private_key: tls.key, cert_chain: tls.cert }]),
  );
});

afterAll(async () => {
  await Promise.all(
    [server, bare, secure].map((s) => new Promise<void>((resolve) => s.tryShutdown(() => resolve()))),
  );
});

describe('gRPC health probe against a grpc-js server', () => {
  test('the server as a whole (empty service name) is SERVING', async () => {
    expect(await probe(parseTarget(`grpc://127.0.0.1:${port}`, 't'), signal)).toEqual({
      ok: true,
      status: 'SERVING',
      detail: 'the server is SERVING',
    });
  });

  test('a named service that is NOT_SERVING or UNKNOWN is not healthy', async () => {
    expect(await probe(parseTarget(`grpc://127.0.0.1:${port}/${WORKFLOW}`, 't'), signal)).toEqual({
      ok: false,
      status: 'NOT_SERVING',
      detail: `'${WORKFLOW}' is NOT_SERVING`,
    });
    expect(await probe(parseTarget(`grpc://127.0.0.1:${port}/batch.Jobs`, 't'), signal)).toMatchObject({
      ok: false,
      status: 'UNKNOWN',
    });
  });

  test('an unknown service and a server without the health service say so', async () => {
    expect(await probe(parseTarget(`grpc://127.0.0.1:${port}/no.Such`, 't'), signal)).toEqual({
      ok: false,
      status: 'NOT_FOUND',
      detail: "Health/Check answered NOT_FOUND: the health service does not know 'no.Such'",
    });
    expect(await probe(parseTarget(`grpc://127.0.0.1:${barePort}`, 't'), signal)).toEqual({
      ok: false,
      status: 'UNIMPLEMENTED',
      detail: 'Health/Check answered UNIMPLEMENTED: the server does not serve grpc.health.v1',
    });
  });

  test('waits until the service turns SERVING', async () => {
    const log = recordingLogger();
    const info = log.info;
    log.info = (message) => {
      info(message);
      if (message.includes('NOT_SERVING')) health.setStatus(WORKFLOW, 'SERVING');
    };
    const targets = parseTargets([`grpc://127.0.0.1:${port}/${WORKFLOW}`], `Input 'targets'`);
    const options = {
      timeoutMs: 10_000,
      intervalMs: 100,
      requestTimeoutMs: 2000,
      consecutiveSuccesses: 1,
      insecureTls: false,
    };
    const report = await waitHealthy(targets, options, {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal,
      log,
    });
    expect(report.results[0]).toMatchObject({ healthy: true, attempts: 2, status: 'SERVING' });
  });

  test('a closed port is connection refused', async () => {
    const closed = await freePort();
    const targets = parseTargets([`grpc://127.0.0.1:${closed}`], `Input 'targets'`);
    const options = {
      timeoutMs: 300,
      intervalMs: 100,
      requestTimeoutMs: 2000,
      consecutiveSuccesses: 1,
      insecureTls: false,
    };
    const log = recordingLogger();
    const report = await waitHealthy(targets, options, {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal,
      log,
    });
    expect(report.results[0]).toMatchObject({
      healthy: false,
      status: 'connection refused',
      detail: `connection refused by 127.0.0.1:${closed}`,
    });
  });

  test('grpcs:// speaks TLS, and a self-signed certificate needs insecure-tls', async () => {
    const target = parseTarget(`grpcs://127.0.0.1:${securePort}`, 't');
    const strict = await probe(target, signal).catch((error: unknown) => describeProbeError(error, target));
    expect(strict).toEqual({
      ok: false,
      status: 'TLS error',
      detail:
        'TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) (insecure-tls: true accepts a self-signed certificate)',
    });
    const relaxed = createProbe({ fetch: globalThis.fetch, insecureTls: true });
    expect(await relaxed(target, signal)).toEqual({
      ok: true,
      status: 'SERVING',
      detail: 'the server is SERVING',
    });
  });
});
