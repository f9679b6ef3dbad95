/**
 * wait-healthy against a real redis-server and real PostgreSQL servers (Debian packages), started
 * on 127.0.0.1 by the test support; a missing binary fails the test with the install command.
 */
import { systemClock } from '../../src/lib/clock.js';
import { createProbe, describeProbeError } from '../../src/wait-healthy/probes.js';
import { parseTargets, parseTarget } from '../../src/wait-healthy/targets.js';
import { waitHealthy, type WaitOptions } from '../../src/wait-healthy/wait.js';
import { recordingLogger } from '../support/logger.js';
import {
  selfSignedCertificate,
  startPostgres,
  startRedis,
  type PostgresServer,
  type RunningServer,
} from '../support/servers.js';

const FAST: WaitOptions = {
  timeoutMs: 20_000,
  intervalMs: 100,
  requestTimeoutMs: 2000,
  consecutiveSuccesses: 1,
  insecureTls: false,
};

const probe = createProbe({ fetch: globalThis.fetch, insecureTls: false });
const signal = new AbortController().signal;

let redis: RunningServer;
let securedRedis: RunningServer;
let tlsRedis: RunningServer;
let postgres: PostgresServer;
let standby: PostgresServer;
let starting: PostgresServer;

beforeAll(async () => {
  [redis, securedRedis, tlsRedis, postgres, standby, starting] = await Promise.all([
    startRedis(),
    startRedis({ password: 'redis-pa55' }),
    startRedis({ password: 'tls-pa55', tls: selfSignedCertificate() }),
    startPostgres(),
    startPostgres({ standby: true }),
    startPostgres({ startingUp: true }),
  ]);
});

afterAll(async () => {
  await Promise.all(
    [redis, securedRedis, tlsRedis, postgres, standby, starting].filter(Boolean).map((s) => s.stop()),
  );
});

describe('Redis probe against redis-server', () => {
  test('PING answers PONG', async () => {
    expect(await probe(parseTarget(`redis://127.0.0.1:${redis.port}`, 't'), signal)).toEqual({
      ok: true,
      status: 'PONG',
      detail: 'PING answered PONG',
    });
  });

  test('AUTH with the password from the URL, then PING', async () => {
    const target = parseTarget(`redis://:redis-pa55@127.0.0.1:${securedRedis.port}/0`, 't');
    expect(await probe(target, signal)).toMatchObject({ ok: true, status: 'PONG' });
    const user = parseTarget(`redis://default:redis-pa55@127.0.0.1:${securedRedis.port}`, 't');
    expect(await probe(user, signal)).toMatchObject({ ok: true, status: 'PONG' });
  });

  test('without the password, or with a wrong one, the server is not healthy and says why', async () => {
    expect(await probe(parseTarget(`redis://127.0.0.1:${securedRedis.port}`, 't'), signal)).toEqual({
      ok: false,
      status: 'NOAUTH',
      detail: 'PING answered "-NOAUTH Authentication required." instead of PONG',
    });
    expect(await probe(parseTarget(`redis://:wrong@127.0.0.1:${securedRedis.port}`, 't'), signal)).toEqual({
      ok: false,
      status: 'AUTH refused',
      detail: 'Redis refused AUTH: WRONGPASS invalid username-password pair or user is disabled.',
    });
  });
});

test('rediss:// speaks TLS, and a self-signed certificate needs insecure-tls', async () => {
  const target = parseTarget(`rediss://:tls-pa55@127.0.0.1:${tlsRedis.port}`, 't');
  const strict = await probe(target, signal).catch((error: unknown) => describeProbeError(error, target));
  expect(strict).toEqual({
    ok: false,
    status: 'TLS error',
    detail:
      'TLS error: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) (insecure-tls: true accepts a self-signed certificate)',
  });
  const relaxed = createProbe({ fetch: globalThis.fetch, insecureTls: true });
  expect(await relaxed(target, signal)).toMatchObject({ ok: true, status: 'PONG' });
});

describe('PostgreSQL probe against a real server (pg_isready semantics)', () => {
  test('an authentication request means the server accepts connections', async () => {
    const target = parseTarget(`postgres://${postgres.user}@127.0.0.1:${postgres.port}/postgres`, 't');
    expect(await probe(target, signal)).toEqual({
      ok: true,
      status: 'accepting connections',
      detail: 'accepting connections',
    });
  });

  test('an error other than 57P03 still means the server is up, and the error is kept', async () => {
    const target = parseTarget(`postgres://rejected@127.0.0.1:${postgres.port}/shop`, 't');
    expect(await probe(target, signal)).toEqual({
      ok: true,
      status: 'accepting connections',
      detail:
        'accepting connections (28000: pg_hba.conf rejects connection for host "127.0.0.1", user "rejected", database "shop", no encryption)',
    });
  });

  test('a server that is not accepting connections yet (57P03) is waited for until it is', async () => {
    const line = `postgres://${standby.user}:${standby.password}@127.0.0.1:${standby.port}/postgres`;
    const before = await probe(parseTarget(line, 't'), signal);
    expect(before).toMatchObject({ ok: false, status: 'rejecting connections' });
    expect(before.detail).toMatch(
      /^PostgreSQL answered 57P03: the database system is (not yet accepting|not accepting) connections$/,
    );
    const log = recordingLogger();
    const info = log.info;
    log.info = (message) => {
      info(message);
      if (message.includes('57P03')) standby.promote();
    };
    const targets = parseTargets([line], `Input 'targets'`);
    const report = await waitHealthy(targets, FAST, {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal,
      log,
    });
    expect(report.results[0]).toMatchObject({
      target: `postgres://${standby.user}:***@127.0.0.1:${standby.port}/postgres`,
      healthy: true,
      status: 'accepting connections',
    });
    expect(report.results[0]?.attempts).toBeGreaterThanOrEqual(2);
    expect(log.text()).toContain(
      `✗ postgres://${standby.user}:***@127.0.0.1:${standby.port}/postgres: PostgreSQL answered 57P03`,
    );
    expect(log.text() + JSON.stringify(report)).not.toContain(standby.password);
  });

  test('a server that is still starting up (57P03) is waited for until it has started', async () => {
    const line = `postgres://${starting.user}@127.0.0.1:${starting.port}/postgres`;
    expect(await probe(parseTarget(line, 't'), signal)).toEqual({
      ok: false,
      status: 'rejecting connections',
      detail: 'PostgreSQL answered 57P03: the database system is starting up',
    });
    const log = recordingLogger();
    const info = log.info;
    log.info = (message) => {
      info(message);
      if (message.includes('starting up')) starting.finishStartup();
    };
    const targets = parseTargets([line], `Input 'targets'`);
    const report = await waitHealthy(targets, FAST, {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal,
      log,
    });
    expect(report.results[0]).toMatchObject({ healthy: true, status: 'accepting connections' });
    expect(log.entries.map((e) => e.message)[0]).toBe(
      `✗ ${line}: PostgreSQL answered 57P03: the database system is starting up`,
    );
  });

  test('a stopped server is connection refused', async () => {
    const gone = await startPostgres();
    const target = parseTarget(`postgres://kit@127.0.0.1:${gone.port}/postgres`, 't');
    await gone.stop();
    const report = await waitHealthy(
      [target],
      { ...FAST, timeoutMs: 300 },
      {
        clock: systemClock,
        fetch: globalThis.fetch,
        signal,
        log: recordingLogger(),
      },
    );
    expect(report.results[0]).toMatchObject({
      healthy: false,
      detail: `connection refused by 127.0.0.1:${gone.port}`,
    });
  });
});
