/** A forward proxy on 127.0.0.1 for the proxy tests (the transport's, and the bundles run behind it). */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface RunningProxy {
  /** `http://127.0.0.1:<port>`, for HTTP_PROXY/HTTPS_PROXY. */
  url: string;
  /** What it carried, in order: "CONNECT host:port" or "GET http://…". */
  seen: string[];
  stop(): Promise<void>;
}

/**
 * A small forward proxy on 127.0.0.1: CONNECT tunnels (what undici's ProxyAgent sends, for http and
 * https targets) and absolute-URI forwarding (what other clients send for http). It records each
 * request it carried as "CONNECT host:port" or "GET http://…".
 */
export function startProxy(): Promise<RunningProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(client);
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect({ host: host ?? '', port: Number(port), autoSelectFamily: true }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (s) => sockets.add(s));
  return listen(server).then((port) => ({
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () => close(server, sockets),
  }));
}

export function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

export function close(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}
