/**
 * One probe of one target, per protocol: HTTP(S) through the `fetch` it is given, TCP through
 * node:net, Redis and PostgreSQL through their own small exchanges. A probe answers with an
 * outcome (healthy or not, a short status, a one-line detail) or throws the transport's error,
 * which `describeProbeError` turns into the same kind of outcome.
 */
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
  const { code, message } = rootCause(error);
  const fail = (status: string, detail = status): ProbeOutcome => ({ ok: false, status, detail });
  if (code === 'ECONNREFUSED') return fail('connection refused', `connection refused by ${where(target)}`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
    return fail('DNS failure', `DNS lookup of ${target.host} failed (${code})`);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return fail('connection reset', `connection reset by ${where(target)}`);
  if (code === 'ECLOSEDEARLY' || code === 'UND_ERR_SOCKET') {
    return fail('connection closed', `${where(target)} closed the connection before answering`);
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return fail('connect timeout');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return fail('unreachable', `${where(target)} is unreachable`);
  if (isTlsError(code, message)) {
    const selfSigned = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
    const hint = selfSigned ? ' (insecure-tls: true accepts a self-signed certificate)' : '';
    return fail('TLS error', `TLS error: ${message}${code ? ` (${code})` : ''}${hint}`);
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'HPE_INVALID_CONSTANT') {
    return fail('not HTTP', `${where(target)} did not answer with HTTP (${code})`);
  }
  return fail('error', message);
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
  const body = needBody ? await readText(response, MAX_BODY_BYTES) : (await response.body?.cancel(), '');
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

/** Reads at most `limit` bytes of the body as text, then stops the download. */
async function readText(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= limit) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
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

/** Follows `cause` (fetch wraps the socket's error in "fetch failed") to the error that names the problem. */
function rootCause(error: unknown): { code: string; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = (current as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) break;
    current = cause;
  }
  const code = (current as { code?: unknown } | null)?.code;
  // Duck-typed: errors from node internals may come from another realm (vm contexts, jest).
  const ownMessage = (current as { message?: unknown } | null)?.message;
  const message = typeof ownMessage === 'string' ? ownMessage : String(current);
  return { code: typeof code === 'string' ? code : '', message: message.replace(/\s+/g, ' ') };
}

function isTlsError(code: string, message: string): boolean {
  return (
    /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/.test(code) ||
    /\b(SSL|TLS)\b/.test(message)
  );
}
