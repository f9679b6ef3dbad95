/**
 * dist/wait-healthy/index.js run the way the runner runs it (INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files), under the machine's Node and Node 24, against real local servers.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBinaries, runBundle } from '../support/bundle.js';
import { startProxy } from '../support/proxy.js';
import { freePort, selfSignedCertificate } from '../support/servers.js';

let server: Server;
let base: string;
let tlsServer: Server;
let tlsBase: string;
let requests = 0;
const BASIC = `Basic ${Buffer.from('ci:b0ttle-pw').toString('base64')}`;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    if (
      req.url === '/private' &&
      (req.headers.authorization !== BASIC || req.headers['x-token'] !== 'tkn-5150')
    ) {
      res.writeHead(401).end('no');
    } else res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const tls = selfSignedCertificate();
  tlsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('secure'));
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  tlsBase = `https://127.0.0.1:${(tlsServer.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const s of [server, tlsServer]) s.closeAllConnections();
  await Promise.all([server, tlsServer].map((s) => new Promise((resolve) => s.close(resolve))));
});

const SECRETS = ['b0ttle-pw', 'tkn-5150', BASIC.slice(6)];

describe.each(nodeBinaries())('wait-healthy bundle under $label', ({ path: node }) => {
  test('reports every target healthy in outputs and the job summary, with credentials masked', async () => {
    const run = await runBundle('wait-healthy', {
      node,
      inputs: {
        targets: [
          `${base.replace('//', '//ci:b0ttle-pw@')}/private header='X-Token: tkn-5150' body='$.status == "ok"'`,
          `tcp://${base.slice('http://'.length)}`,
        ].join('\n'),
        interval: '200ms',
      },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.healthy).toBe('true');
    expect(Number(run.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0);
    const results = JSON.parse(run.outputs.results ?? '[]') as { target: string; healthy: boolean }[];
    expect(results.map((r) => [r.target, r.healthy])).toEqual([
      [`${base.replace('//', '//ci:***@')}/private`, true],
      [`tcp://${base.slice('http://'.length)}`, true],
    ]);
    expect(run.summary).toContain('### ✅ wait-healthy: all 2 targets are healthy in');
    expect(run.summary).toContain('| Target | Result | Attempts | Last answer | Latency | Time to healthy |');
    expect(run.stdout).toContain('::add-mask::b0ttle-pw');
    for (const secret of SECRETS)
      expect(run.everything.replace(/::add-mask::.*\n/g, '')).not.toContain(secret);
  });

  test('fails at the deadline with one line per unhealthy target', async () => {
    const port = await freePort();
    const run = await runBundle('wait-healthy', {
      node,
      inputs: { targets: `tcp://127.0.0.1:${port}\n${base}/ok`, timeout: '1s', interval: '200ms' },
    });
    expect(run.code).toBe(1);
    expect(run.outputs.healthy).toBe('false');
    expect(run.stdout).toContain(`::error::tcp://127.0.0.1:${port} is not healthy after `);
    expect(run.stdout).toContain(
      `::error::Timed out after 1s waiting for 1 of 2 targets to be healthy; last state: tcp://127.0.0.1:${port}: connection refused by 127.0.0.1:${port}`,
    );
    expect(run.summary).toContain('### ❌ wait-healthy: 1 of 2 targets healthy after');
  });

  test('rejects a bad target in one line before any probe', async () => {
    const before = requests;
    const run = await runBundle('wait-healthy', {
      node,
      inputs: { targets: `${base}/ok\n${base}/ok status=20x header='Authorization: Bearer tkn-5150'` },
    });
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toEqual([
      "::error::Input 'targets' line 2 status is '20x': use codes, classes and ranges such as 200, 2xx or 200-299,301",
    ]);
    expect(requests).toBe(before);
    expect(run.everything).not.toContain('tkn-5150');
  });

  test('takes targets from the platforms manifest with targets-from', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'kit-wait-'));
    mkdirSync(join(workspace, '.github'));
    writeFileSync(
      join(workspace, '.github/platforms.yml'),
      `platforms:\n  web:\n    paths: [web/**]\n    health:\n      production: ['${base}/ok body=ok']\n`,
    );
    const run = await runBundle('wait-healthy', {
      node,
      cwd: workspace,
      env: { GITHUB_REF_NAME: 'main' },
      inputs: { 'targets-from': 'web' },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.results ?? '[]')).toEqual([
      expect.objectContaining({ target: `${base}/ok`, healthy: true, status: 'HTTP 200' }),
    ]);
  });

  test('accepts a self-signed certificate only with insecure-tls (undici is loaded for it)', async () => {
    const inputs = { targets: `${tlsBase}/ body=secure`, timeout: '1s', interval: '200ms' };
    const strict = await runBundle('wait-healthy', { node, inputs });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(
      '(DEPTH_ZERO_SELF_SIGNED_CERT) (insecure-tls: true accepts a self-signed certificate)',
    );
    const relaxed = await runBundle('wait-healthy', { node, inputs: { ...inputs, 'insecure-tls': 'true' } });
    expect(relaxed.stderr).toBe('');
    expect(relaxed.code).toBe(0);
    expect(relaxed.outputs.healthy).toBe('true');
  });

  test('probes HTTP targets through HTTPS_PROXY/HTTP_PROXY, and NO_PROXY hosts directly', async () => {
    const proxy = await startProxy();
    try {
      const port = base.split(':').at(-1) ?? '';
      const inputs = {
        targets: `http://localhost:${port}/ok\n${tlsBase}/ body=secure`,
        'insecure-tls': 'true',
      };
      const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' };
      const run = await runBundle('wait-healthy', { node, inputs, env });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.outputs.healthy).toBe('true');
      // localhost went through the proxy; 127.0.0.1 (in NO_PROXY) did not.
      expect(proxy.seen).toEqual([`CONNECT localhost:${port}`]);
    } finally {
      await proxy.stop();
    }
  });

  test('stops cleanly when the job is cancelled (SIGTERM)', async () => {
    const port = await freePort();
    const run = await runBundle('wait-healthy', {
      node,
      inputs: { targets: `tcp://127.0.0.1:${port}`, timeout: '10m', interval: '1s' },
      signal: { name: 'SIGTERM', afterOutput: /connection refused/ },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Cancelled while waiting for targets to be healthy');
  });
});
