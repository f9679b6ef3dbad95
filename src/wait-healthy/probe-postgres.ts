/**
 * The PostgreSQL probe, with pg_isready's semantics: send a startup message and read the first
 * answer. An authentication request (or any answer but 57P03) means the server accepts
 * connections; the error 57P03 (cannot_connect_now: "the database system is starting up", or
 * shutting down, or in recovery without hot standby) means it does not yet.
 *
 * Written over node:net rather than with the `pg` package: `pg` would have to complete
 * authentication to say anything, so it cannot tell "up, but this password is wrong" from "down",
 * and it adds a dependency for what is one 30-byte message and one reply.
 */
import type { ProbeOutcome } from './probes.js';
import { exchange } from './socket.js';
import type { PostgresTarget } from './targets.js';

/** Protocol 3.0, as libpq sends it. */
const PROTOCOL_VERSION = 196608;
/** SQLSTATE cannot_connect_now. */
const CANNOT_CONNECT_NOW = '57P03';

/** Probes one PostgreSQL server. @throws the socket's error or the abort reason */
export async function probePostgres(target: PostgresTarget, signal: AbortSignal): Promise<ProbeOutcome> {
  const answer = await exchange({
    host: target.host,
    port: target.port,
    tls: undefined,
    signal,
    send: startupMessage(target.user, target.database),
    read: readFirstMessage,
  });
  if (answer === undefined || answer.type !== 'E') {
    return { ok: true, status: 'accepting connections', detail: 'accepting connections' };
  }
  const fields = errorFields(answer.body);
  const code = fields.get('C') ?? '';
  const message = fields.get('M') ?? 'an error';
  if (code === CANNOT_CONNECT_NOW) {
    // pg_isready's word for this answer: the server is there but rejects connections for now.
    return { ok: false, status: 'rejecting connections', detail: `PostgreSQL answered ${code}: ${message}` };
  }
  // Like pg_isready: the server answered (e.g. 28000 no pg_hba.conf entry, 3D000 unknown database),
  // so it is up; the answer is kept in the detail for whoever reads the results.
  return { ok: true, status: 'accepting connections', detail: `accepting connections (${code}: ${message})` };
}

function startupMessage(user: string, database: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0${database}\0application_name\0wait-healthy\0\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + params.length, 0);
  head.writeInt32BE(PROTOCOL_VERSION, 4);
  return Buffer.concat([head, params]);
}

/** The first backend message (type byte, Int32 length including itself, body), once complete. */
function readFirstMessage(received: Buffer): { type: string; body: Buffer } | undefined {
  if (received.length < 5) return undefined;
  const length = received.readInt32BE(1);
  if (received.length < 1 + length) return undefined;
  return { type: String.fromCharCode(received[0] ?? 0), body: received.subarray(5, 1 + length) };
}

/** An ErrorResponse body: (field type byte, C string)* then a zero byte. */
function errorFields(body: Buffer): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const end = body.indexOf(0, at + 1);
    if (end < 0) break;
    fields.set(String.fromCharCode(body[at] ?? 0), body.toString('utf8', at + 1, end));
    at = end + 1;
  }
  return fields;
}
