/**
 * One short exchange over TCP (or TLS): connect, send a request, read until the answer is complete.
 * The Redis and PostgreSQL probes are built on it; the TCP probe uses it with nothing to send.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** What to exchange with whom. */
export interface ExchangeOptions<T> {
  host: string;
  port: number;
  /** Speak TLS; `rejectUnauthorized: false` accepts self-signed certificates. */
  tls: { rejectUnauthorized: boolean } | undefined;
  /** Aborting destroys the socket and rejects with the signal's reason. */
  signal: AbortSignal;
  /** Bytes to send once connected; nothing to send means "connected" is the answer. */
  send: Buffer | undefined;
  /** Given every byte received so far, returns the answer once it is complete, else undefined. */
  read: (received: Buffer) => T | undefined;
}

/** Error for a server that closed the connection before its answer was complete. */
export class ClosedEarlyError extends Error {
  override name = 'ClosedEarlyError';
  readonly code = 'ECLOSEDEARLY';
  constructor() {
    super('the server closed the connection before answering');
  }
}

/**
 * Connects, sends `send`, and resolves with the first complete answer `read` recognises
 * (or `undefined` when there was nothing to send). The socket is always destroyed afterwards.
 * @throws the socket's error (ECONNREFUSED, ENOTFOUND, TLS errors, …), `ClosedEarlyError`, or the abort reason
 */
export function exchange<T>(options: ExchangeOptions<T>): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const { host, port, signal } = options;
    if (signal.aborted) return reject(signal.reason);
    const socket: Socket = options.tls
      ? connectTls({ host, port, servername: isIp(host) ? undefined : host, ...options.tls })
      : connectTcp({ host, port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (error: unknown, value?: T): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error === undefined) resolve(value);
      else reject(error);
    };
    const onAbort = (): void => finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      if (options.send === undefined) finish(undefined);
      else socket.write(options.send);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = options.read(received);
      if (answer !== undefined) finish(undefined, answer);
    });
    socket.once('error', (error) => finish(error));
    socket.once('close', () => finish(new ClosedEarlyError()));
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
