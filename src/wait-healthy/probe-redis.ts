/**
 * The Redis probe: PING must answer PONG (Redis, Dragonfly, Valkey, KeyDB all speak this).
 * A tiny hand-written RESP exchange: `AUTH` (when the URL has a password) then `PING`,
 * pipelined, and the simple-string or error replies read back. No client library is needed
 * for two commands, and none would know more about "healthy" than this.
 */
import type { ProbeOutcome } from './probes.js';
import { exchange } from './socket.js';
import type { RedisTarget } from './targets.js';

/** Probes one Redis-compatible server. @throws the socket's error or the abort reason */
export async function probeRedis(
  target: RedisTarget,
  signal: AbortSignal,
  insecureTls: boolean,
): Promise<ProbeOutcome> {
  const commands: string[][] = [];
  if (target.password !== undefined) {
    commands.push(['AUTH', ...(target.username ? [target.username] : []), target.password]);
  }
  commands.push(['PING']);
  const replies = await exchange({
    host: target.host,
    port: target.port,
    tls: target.tls ? { rejectUnauthorized: !insecureTls } : undefined,
    signal,
    send: Buffer.from(commands.map(encodeCommand).join('')),
    read: (received) => readReplies(received, commands.length),
  });
  const [auth, ping] = commands.length === 2 ? (replies ?? []) : [undefined, replies?.[0]];
  if (auth !== undefined && auth.startsWith('-')) {
    return { ok: false, status: 'AUTH refused', detail: `Redis refused AUTH: ${auth.slice(1)}` };
  }
  if (ping === '+PONG') return { ok: true, status: 'PONG', detail: 'PING answered PONG' };
  const word = /^-(\S+)/.exec(ping ?? '')?.[1] ?? 'no PONG';
  return { ok: false, status: word, detail: `PING answered ${JSON.stringify(ping ?? '')} instead of PONG` };
}

/** RESP array of bulk strings, the form every Redis-compatible server accepts. */
function encodeCommand(words: string[]): string {
  return `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;
}

/**
 * Returns the first `count` reply lines once they have all arrived. AUTH and PING answer with
 * simple strings (`+OK`, `+PONG`) or errors (`-NOAUTH …`); anything else is kept as it came.
 */
function readReplies(received: Buffer, count: number): string[] | undefined {
  const lines = received.toString('utf8').split('\r\n');
  if (lines.length <= count) return undefined;
  return lines.slice(0, count);
}
