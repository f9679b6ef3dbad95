/**
 * A local server that behaves like Dokploy v0.30 for everything the kit calls: the `x-api-key` gate,
 * REST paths, bodies and errors, an asynchronous deploy queue, plus transport faults from the
 * scenario. Non-Dokploy observation endpoints live under `/__sandbox/` (no key needed).
 * It never logs the key, request bodies or headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock, type Clock } from '../lib/clock.js';
import { Engine, type SandboxEvent } from './engine.js';
import { compareVersions } from '../lib/version.js';
import { PROCEDURES, trpcError, type Answer } from './routes.js';
import { toScenario, type FaultSpec, type Scenario } from './scenario.js';
import { DEFAULT_SCHEDULE_LIMITS, type ScheduleLimits } from './schedules.js';

export type { SandboxEvent } from './engine.js';

/** A service given directly to `startSandbox`, in addition to the scenario's. */
export interface SandboxService {
  applicationId?: string;
  composeId?: string;
  name?: string;
  sourceType?: string;
}

/** Options of `startSandbox`. */
export interface SandboxOptions {
  /** The key clients must send as `x-api-key`. Default `sandbox-api-key`. */
  apiKey?: string;
  /** Port to listen on (127.0.0.1). Default 0: any free port. */
  port?: number;
  /** The scenario, as parsed from a file (`parseScenario`) or a plain object in the same format. */
  scenario?: Scenario | Record<string, unknown>;
  /** More services (ids and names), each with the default deploy plan. */
  services?: SandboxService[];
  /** Receives one line per request (method, path, status); never the key or a body. */
  log?: (line: string) => void;
  /**
   * Time for the deploy engine (queue delays, builds, restarts) and for record and request times.
   * Default `systemClock`. A `slow` fault always waits in real time: it delays a socket, and the
   * client's socket timeout is real time too.
   */
  clock?: Clock;
  /** A number in [0, 1), for the random part of ids. Default the clock's `random`. */
  random?: () => number;
  /**
   * Limits of `schedule.runManually`'s command, which runs on this machine in real time: killed after
   * `timeoutMs` (default 10 minutes), at most `maxOutputChars` of output logged (default 1 MiB), with
   * `path` as its PATH (default Docker's container PATH).
   */
  schedules?: Partial<ScheduleLimits>;
}

/** One request the sandbox received, for tests and benches (no headers, no bodies). */
export interface SandboxRequest {
  /** When it arrived, in ms since the epoch by the sandbox's clock. */
  at: number;
  method: string;
  /** The path without the query string. */
  path: string;
  /** The status answered; 0 when the connection was dropped. */
  status: number;
}

/** A running sandbox. */
export interface Sandbox {
  /** `http://127.0.0.1:<port>`: the value for `dokploy-url`. */
  url: string;
  apiKey: string;
  /** The deploy events so far, in time order (the same list `GET /__sandbox/events` answers). */
  events: SandboxEvent[];
  /** Every request so far, in order. */
  requests: SandboxRequest[];
  /** The engine, for tests that need to look inside (services, records). */
  engine: Engine;
  /** Stops the server and every pending timer. */
  close(): Promise<void>;
}

/** The key used when none is given. It is not a secret: the sandbox is a local test double. */
export const DEFAULT_SANDBOX_KEY = 'sandbox-api-key';

const MAX_BODY = 1024 * 1024;

/** The media type of the answers Next's own routes give (the key gate, /api/health). */
const NEXT_JSON = { 'content-type': 'application/json; charset=utf-8' };

/**
 * Starts a Dokploy-compatible sandbox on 127.0.0.1.
 * @example const sandbox = await startSandbox({ scenario: { services: [{ applicationId: 'app-1', name: 'web' }] } });
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const base = isScenario(options.scenario) ? options.scenario : toScenario(options.scenario ?? {});
  const extra = toScenario({ services: (options.services ?? []) as unknown[] });
  const scenario: Scenario = {
    ...base,
    services: [...base.services, ...extra.services.filter((s) => !base.services.some((b) => b.id === s.id))],
  };
  const apiKey = options.apiKey ?? DEFAULT_SANDBOX_KEY;
  const clock = options.clock ?? systemClock;
  const engine = new Engine(scenario, {
    clock,
    random: options.random ?? clock.random,
    scheduleLimits: { ...DEFAULT_SCHEDULE_LIMITS, ...options.schedules },
  });
  const requests: SandboxRequest[] = [];
  const faults = scenario.faults.map((spec) => ({ spec, seen: 0 }));
  const sockets = new Set<Socket>();
  const log = options.log ?? ((): void => undefined);

  const server = createServer((req, res) => {
    const started = clock.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record = (status: number): void => {
      requests.push({ at: started, method: req.method ?? 'GET', path, status });
      log(`${req.method} ${path} ${status === 0 ? 'dropped' : status}`);
    };
    handle(req, res, { engine, apiKey, scenario, faults, requests }, record).catch((error: unknown) => {
      record(500);
      if (!res.headersSent)
        json(res, 500, { message: (error as Error).message, code: 'INTERNAL_SERVER_ERROR' });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    events: engine.events,
    requests,
    engine,
    close: async () => {
      engine.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Context {
  engine: Engine;
  apiKey: string;
  scenario: Scenario;
  faults: { spec: FaultSpec; seen: number }[];
  requests: SandboxRequest[];
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: Context,
  record: (status: number) => void,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const path = url.pathname;
  const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    record(status);
    json(res, status, body, headers);
  };

  if (path === '/__sandbox/events') return send(200, ctx.engine.events);
  if (path === '/__sandbox/requests') return send(200, ctx.requests);
  // Next's own API routes (the key gate, /api/health) answer with a charset; the tRPC adapter does not.
  if (path === '/api/health') return send(200, { ok: true }, NEXT_JSON);
  if (!path.startsWith('/api/')) return send(404, { message: 'Not found', code: 'NOT_FOUND' });
  // A trailing slash is not normalised: Next answers 308 before the API sees the request.
  if (path.length > 5 && path.endsWith('/')) {
    const location = path.replace(/\/+$/, '') + url.search;
    record(308);
    res.writeHead(308, { location }).end(location);
    return;
  }
  // v0.28.0 served /api/<router>/<procedure> and nothing else; every other version dot paths
  // (docs/dokploy-api.md#routes-and-methods).
  const slashOnly = ctx.scenario.version === 'v0.28.0';
  const raw = path.slice('/api/'.length);
  const name = slashOnly
    ? /^[^./]+\/[^./]+$/.test(raw)
      ? raw.replace('/', '.')
      : ''
    : raw.includes('/')
      ? ''
      : raw;
  const fault = takeFault(ctx.faults, name);

  // Faults that sit in front of Dokploy (a proxy, a WAF, the network) answer before the API runs.
  if (fault?.kind === 'html-403') {
    record(403);
    res
      .writeHead(403, { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare' })
      .end(
        '<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>',
      );
    return;
  }
  if (fault?.kind === 'status') {
    const headers: Record<string, string> =
      fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
    return send(
      fault.status,
      { message: `Sandbox fault: ${fault.status}`, code: 'INTERNAL_SERVER_ERROR' },
      headers,
    );
  }
  if (fault?.kind === 'reset' && !fault.processed) {
    record(0);
    req.socket.destroy();
    return;
  }
  // Real time even under a test clock: the delay is the transport's, and the client waits on a socket.
  if (fault?.kind === 'slow') await systemClock.sleep(fault.delayMs);
  if (res.destroyed || req.socket.destroyed) {
    record(0);
    return;
  }

  let input: Record<string, unknown> = {};
  if (req.method === 'POST') {
    const body = await readBody(req);
    if (body === undefined) {
      record(413);
      res.writeHead(413, { 'content-type': 'text/plain' }).end('Body exceeded 1mb limit');
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (body.length > 0 && type.startsWith('application/json')) {
      try {
        input = asInput(JSON.parse(body));
      } catch {
        // Next's body parser refuses malformed JSON before the key is checked (no content-type).
        record(400);
        res.writeHead(400, 'Invalid JSON').end('Invalid JSON');
        return;
      }
    }
  } else {
    input = queryInput(url.searchParams);
  }

  if (!authorised(req, ctx.apiKey) || fault?.kind === 'unauthorized')
    return send(401, { message: 'Unauthorized' }, NEXT_JSON);

  const procedure = PROCEDURES[name.toLowerCase()];
  if (
    !procedure ||
    procedure.method !== req.method ||
    compareVersions(ctx.scenario.version, procedure.since) < 0
  ) {
    return send(404, {
      message: 'Not found',
      code: 'NOT_FOUND',
      data: { code: 'NOT_FOUND', httpStatus: 404, zodError: null },
    });
  }
  const type = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && !type.startsWith('application/json')) {
    // The adapter checks the media type once it has found the procedure; its message lacks the
    // closing quote (v0.30.2).
    const message = type === '' ? 'Missing content-type header' : `Unsupported content-type "${type}`;
    return send(415, trpcError(message, 'UNSUPPORTED_MEDIA_TYPE', 415, procedure.name));
  }
  // schedule.runManually answers only once its command has ended, as Dokploy's does.
  const answer: Answer = await procedure.handle(input, ctx.engine, ctx.scenario.version, procedure.name);
  if (fault?.kind === 'reset') {
    // Processed, then the connection drops: the caller cannot know whether it reached Dokploy.
    record(0);
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'malformed-json' && answer.status === 200) {
    record(200);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"running","deploy');
    return;
  }
  send(answer.status, answer.body);
}

/** True for a scenario that `parseScenario`/`toScenario` already built (as opposed to the raw format). */
function isScenario(value: unknown): value is Scenario {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<Scenario>;
  return (
    typeof s.version === 'string' &&
    typeof s.concurrency === 'number' &&
    Array.isArray(s.services) &&
    s.services.every((x) => typeof x === 'object' && x !== null && 'plan' in x) &&
    Array.isArray(s.faults) &&
    s.faults.every((f) => typeof f === 'object' && f !== null && 'delayMs' in f)
  );
}

function takeFault(faults: Context['faults'], name: string): FaultSpec | undefined {
  for (const entry of faults) {
    const { spec } = entry;
    if (spec.procedure !== '*' && spec.procedure.toLowerCase() !== name.toLowerCase()) continue;
    entry.seen++;
    if (entry.seen <= spec.skip) continue;
    if (spec.times !== 0 && entry.seen > spec.skip + spec.times) continue;
    return spec;
  }
  return undefined;
}

function authorised(req: IncomingMessage, apiKey: string): boolean {
  return req.headers['x-api-key'] === apiKey;
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  // A procedure returning undefined answers 200 with an empty body (application.deploy, rollback.rollback).
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}

function queryInput(params: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    // A repeated key becomes an array; an empty value counts as missing.
    input[key] = values.length > 1 ? values : values[0] === '' ? undefined : values[0];
  }
  return input;
}

function asInput(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
