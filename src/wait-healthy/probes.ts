/**
 * One probe of one target, per protocol: HTTP(S) through the `fetch` it is given, TCP through
 * node:net, Redis and PostgreSQL through their own small exchanges. A probe answers with an
 * outcome (healthy or not, a short status, a one-line detail) or throws the transport's error,
 * which `describeProbeError` turns into the same kind of outcome.
 */
import { classifyNetworkError, readBounded } from '../lib/http.js';
import { checkBody, isStatusIn } from './checks.js';
import { probeGrpc } from './probe-grpc.js';
import { probePostgres } from './probe-postgres.js';
import { probeRedis } from './probe-redis.js';
import { exchange } from './socket.js';
import type { HttpTarget, Target } from './targets.js';

/** What one probe found. */
export interface ProbeOutcome {
  /** The target answered healthy. */
  ok: boolean;
  /** A short state, stable between probes (`HTTP 503`, `connection refused`, `PONG`): changes are logged. */
  status: string;
  /** One line for people: the status plus what helps (the first bytes of the body, the server's message). */
  detail: string;
}

/** Probes one target; the signal aborts it (request timeout, cancellation). */
export type Probe = (target: Target, signal: AbortSignal) => Promise<ProbeOutcome>;

/** What the real probes need. */
export interface ProbeDeps {
  /** A fetch-shaped client for HTTP targets (the shell's carries the TLS settings). */
  fetch: typeof globalThis.fetch;
  /** Accept self-signed certificates on rediss:// and grpcs:// targets (HTTP gets it through `fetch`). */
  insecureTls: boolean;
}

/** Most of a body read for matching; the rest is not downloaded. */
const MAX_BODY_BYTES = 1 << 20;
/** How much of a body a failure line shows. */
const BODY_PREVIEW_CHARS = 120;

/** Returns the probe for every kind of target, over the given transports. */
export function createProbe(deps: ProbeDeps): Probe {
  return async (target, signal) => {
    switch (target.kind) {
      case 'http':
        return probeHttp(target, signal, deps.fetch);
      case 'tcp':
        await exchange({
          host: target.host,
          port: target.port,
          tls: undefined,
          signal,
          send: undefined,
          read,
        });
        return { ok: true, status: 'connected', detail: 'accepted a connection' };
      case 'redis':
        return probeRedis(target, signal, deps.insecureTls);
      case 'postgres':
        return probePostgres(target, signal);
      case 'grpc':
        return probeGrpc(target, signal, deps.insecureTls);
    }
  };
}

/**
 * Turns a transport error into an outcome: connection refused, DNS failure, TLS error, reset, …
 * Unknown errors keep their own message.
 */
export function describeProbeError(error: unknown, target: Target): ProbeOutcome {
  const { kind, code, message } = classifyNetworkError(error);
  const fail = (status: string, detail = status): ProbeOutcome => ({ ok: false, status, detail });
  switch (kind) {
    case 'refused':
      return fail('connection refused', `connection refused by ${where(target)}`);
    case 'dns':
      return fail('DNS failure', `DNS lookup of ${target.host} failed (${code})`);
    case 'reset':
      return fail('connection reset', `connection reset by ${where(target)}`);
    case 'closed':
      return fail('connection closed', `${where(target)} closed the connection before answering`);
    case 'connect-timeout':
      return fail('connect timeout');
    case 'unreachable':
      return fail('unreachable', `${where(target)} is unreachable`);
    case 'tls': {
      const selfSigned = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
      const hint = selfSigned ? ' (insecure-tls: true accepts a self-signed certificate)' : '';
      return fail('TLS error', `TLS error: ${message}${code ? ` (${code})` : ''}${hint}`);
    }
    case 'not-http':
      return fail('not HTTP', `${where(target)} did not answer with HTTP (${code})`);
    case 'other':
      return fail('error', message);
  }
}

async function probeHttp(
  target: HttpTarget,
  signal: AbortSignal,
  fetch: typeof globalThis.fetch,
): Promise<ProbeOutcome> {
  const response = await fetch(target.url, {
    method: target.method,
    headers: target.headers,
    redirect: target.followRedirects ? 'follow' : 'manual',
    signal,
  });
  const statusOk = isStatusIn(target.statuses, response.status);
  const needBody = target.method !== 'HEAD' && (!statusOk || target.body !== undefined);
  const body = needBody
    ? (await readBounded(response.body, MAX_BODY_BYTES)).text
    : (await response.body?.cancel(), '');
  const line = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  if (!statusOk) {
    const location = response.headers.get('location');
    const shown = preview(body);
    const extra = location ? ` → ${location}` : shown ? `: ${shown}` : '';
    return {
      ok: false,
      status: `HTTP ${response.status}`,
      detail: `${line}${extra} (expected ${target.statuses.text})`,
    };
  }
  const mismatch = target.body === undefined ? undefined : checkBody(target.body, body);
  if (mismatch !== undefined) {
    return { ok: false, status: 'wrong body', detail: `${line} but ${mismatch}: ${preview(body)}` };
  }
  return { ok: true, status: `HTTP ${response.status}`, detail: line };
}

function preview(body: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  return oneLine.length > BODY_PREVIEW_CHARS ? `${oneLine.slice(0, BODY_PREVIEW_CHARS)}…` : oneLine;
}

/** The TCP probe's answer is the connection itself: nothing is read. */
function read(): undefined {
  return undefined;
}

function where(target: Target): string {
  return `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}
