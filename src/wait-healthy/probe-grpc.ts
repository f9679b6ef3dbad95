/**
 * The gRPC probe: the standard `grpc.health.v1.Health/Check` call (Temporal's frontend, and most
 * gRPC servers, serve it); SERVING is healthy.
 *
 * Written over node:http2 rather than with @grpc/grpc-js: the call is one HTTP/2 POST carrying a
 * one-field protobuf message (`service`, a string) and answered by another (`status`, an enum),
 * each behind gRPC's 5-byte length prefix. A gRPC client library plus a protobuf loader would add
 * ~1 MB to the bundle and to every start for those few bytes. The tests check the exchange
 * against a real grpc-js server running the official grpc-health-check service.
 */
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import type { ProbeOutcome } from './probes.js';
import type { GrpcTarget } from './targets.js';

const CHECK_PATH = '/grpc.health.v1.Health/Check';
/** HealthCheckResponse.ServingStatus. */
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
/** gRPC status codes worth naming in a health check's answer. */
const GRPC_CODES: Record<string, string> = {
  '4': 'DEADLINE_EXCEEDED',
  '5': 'NOT_FOUND',
  '7': 'PERMISSION_DENIED',
  '12': 'UNIMPLEMENTED',
  '13': 'INTERNAL',
  '14': 'UNAVAILABLE',
  '16': 'UNAUTHENTICATED',
};

/** Probes one gRPC server's health service. @throws the session's error or the abort reason */
export async function probeGrpc(
  target: GrpcTarget,
  signal: AbortSignal,
  insecureTls: boolean,
): Promise<ProbeOutcome> {
  const authority = `${target.tls ? 'https' : 'http'}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const session = connect(authority, { rejectUnauthorized: !insecureTls });
  try {
    const answer = await call(session, encodeRequest(target.service), signal);
    return describeAnswer(answer, target.service);
  } finally {
    session.destroy();
  }
}

interface Answer {
  httpStatus: number;
  grpcStatus: string;
  grpcMessage: string;
  body: Buffer;
}

function call(session: ClientHttp2Session, message: Buffer, signal: AbortSignal): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      session.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const done = (error: unknown, answer?: Answer): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (answer) resolve(answer);
      else reject(error);
    };
    // A refused connection fails the session and cancels the stream: report the session's error.
    let sessionError: unknown;
    session.once('error', (error) => done((sessionError = error)));
    const stream = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: CHECK_PATH,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const chunks: Buffer[] = [];
    let headers: Record<string, unknown> = {};
    let trailers: Record<string, unknown> = {};
    stream.on('response', (h) => (headers = h));
    stream.on('trailers', (t) => (trailers = t));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('error', (error) => setImmediate(() => done(sessionError ?? error)));
    stream.once('end', () => {
      // A "trailers-only" answer (an error without a body) carries grpc-status in the headers.
      const field = (name: string): string => String(trailers[name] ?? headers[name] ?? '');
      done(undefined, {
        httpStatus: Number(headers[constants.HTTP2_HEADER_STATUS] ?? 0),
        grpcStatus: field('grpc-status'),
        grpcMessage: decodeURIComponent(field('grpc-message')),
        body: Buffer.concat(chunks),
      });
    });
    stream.end(message);
  });
}

function describeAnswer(answer: Answer, service: string): ProbeOutcome {
  if (answer.httpStatus !== 200) {
    return {
      ok: false,
      status: `HTTP ${answer.httpStatus}`,
      detail: `not a gRPC answer: HTTP/2 status ${answer.httpStatus}`,
    };
  }
  if (answer.grpcStatus !== '0') {
    const name = GRPC_CODES[answer.grpcStatus] ?? `status ${answer.grpcStatus || 'missing'}`;
    const hint =
      name === 'UNIMPLEMENTED'
        ? ': the server does not serve grpc.health.v1'
        : name === 'NOT_FOUND'
          ? `: the health service does not know '${service}'`
          : answer.grpcMessage
            ? `: ${answer.grpcMessage}`
            : '';
    return { ok: false, status: name, detail: `Health/Check answered ${name}${hint}` };
  }
  const status = SERVING_STATUS[decodeStatus(answer.body)] ?? 'UNKNOWN';
  const about = service === '' ? 'the server' : `'${service}'`;
  return { ok: status === 'SERVING', status, detail: `${about} is ${status}` };
}

/** A gRPC message: compressed flag 0, 4-byte length, then HealthCheckRequest { string service = 1 }. */
function encodeRequest(service: string): Buffer {
  const name = Buffer.from(service);
  const body =
    name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(body.length, 1);
  return Buffer.concat([prefix, body]);
}

/** Reads HealthCheckResponse { ServingStatus status = 1 } from one gRPC message (absent field = 0). */
function decodeStatus(message: Buffer): number {
  const body = message.subarray(5, 5 + (message.length >= 5 ? message.readUInt32BE(1) : 0));
  let at = 0;
  while (at < body.length) {
    const key = body[at++] ?? 0;
    const [value, next] = readVarint(body, at);
    at = next;
    if (key === 0x08) return value;
    if ((key & 7) === 2) at += value; // skip an unknown length-delimited field
  }
  return 0;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function readVarint(buffer: Buffer, start: number): [number, number] {
  let value = 0;
  let shift = 0;
  let at = start;
  for (;;) {
    const byte = buffer[at++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80 || at >= buffer.length) return [value, at];
  }
}
