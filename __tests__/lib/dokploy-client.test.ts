import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DokployApiError, createDokployClient, type DokployClient } from '../../src/lib/dokploy-client.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { manualClock } from '../support/clock.js';
import { recordingLogger, type RecordingLogger } from '../support/logger.js';

const KEY = 'dk_live_7Hq2VxL9pW3rTz';
let sandbox: Sandbox | undefined;
let log: RecordingLogger;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const web = { applicationId: 'app-web', name: 'web' };

async function client(scenario: Record<string, unknown>, key = KEY): Promise<DokployClient> {
  sandbox = await startSandbox({ apiKey: KEY, scenario });
  log = recordingLogger();
  return createDokployClient(
    { url: sandbox.url, apiKey: key },
    { clock: manualClock(), fetch: globalThis.fetch, log },
  );
}

async function failure(promise: Promise<unknown>): Promise<DokployApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DokployApiError);
  expect((error as Error).message).not.toContain(KEY);
  expect(log.text()).not.toContain(KEY);
  return error as DokployApiError;
}

describe('Dokploy client against the sandbox', () => {
  it('reads the version, a service, its records, the queue, the projects and a build log', async () => {
    const c = await client({
      services: [
        { ...web, history: ['done', 'error'], env: 'A=1' },
        { composeId: 'cmp', name: 'db' },
      ],
    });
    expect(await c.version()).toBe('v0.30.2');
    expect(await c.service({ kind: 'application', id: 'app-web' })).toMatchObject({
      name: 'web',
      sourceType: 'github',
      env: 'A=1',
      rollbackActive: false,
    });
    const rows = await c.deployments({ kind: 'application', id: 'app-web' });
    expect(rows.map((r) => r.status)).toEqual(['error', 'done']);
    expect(await c.deployments({ kind: 'compose', id: 'cmp' })).toEqual([]);
    expect(await c.readLogs(rows[0]!.deploymentId, 1)).toBe('Earlier deployment 2\n');
    expect(await c.queueList()).toEqual([]);
    const [project] = await c.projects();
    expect(project?.environments[0]?.applications).toEqual([{ applicationId: 'app-web', name: 'web' }]);
    expect(project?.environments[0]?.compose).toEqual([{ composeId: 'cmp', name: 'db' }]);
  });

  it('deploys (empty body) and sees its job in the queue by title', async () => {
    const c = await client({ services: [{ ...web, deploy: { queueDelay: '5s' } }] });
    await c.deploy(
      { kind: 'application', id: 'app-web' },
      { action: 'deploy', title: 'mark', description: 'd' },
    );
    expect(await c.queueList()).toEqual([
      {
        id: 'job-1',
        state: 'waiting',
        serviceId: 'app-web',
        titleLog: 'mark',
        descriptionLog: 'd',
        type: 'deploy',
      },
    ]);
  });

  it('fails with 401 in one line naming the endpoint and what to do', async () => {
    const c = await client({ services: [web] }, 'wrong-key-123');
    const error = await failure(c.version());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toBe(
      "Dokploy GET /api/settings.getDokployVersion answered 401 Unauthorized: check that 'api-key' holds a valid Dokploy API key (Profile → API/CLI Keys) with access to this Dokploy server",
    );
  });

  it('suspects a rate-limited key when a 401 follows successful calls', async () => {
    const c = await client({ services: [web], faults: [{ kind: 'unauthorized', skip: 1, times: 0 }] });
    await c.version();
    const error = await failure(c.service({ kind: 'application', id: 'app-web' }));
    expect(error.message).toBe(
      "Dokploy GET /api/application.one answered 401 Unauthorized: check that 'api-key' holds a valid Dokploy API key (Profile → API/CLI Keys) with access to application app-web; it worked for 1 earlier call in this run, so it may be rate-limited (keys created through the API allow a few calls a day): create the key in the Dokploy UI",
    );
  });

  it('fails with 404 for an unknown id, and for a procedure this Dokploy does not have', async () => {
    const c = await client({ version: 'v0.27.0', services: [web] });
    const unknown = await failure(c.service({ kind: 'application', id: 'nope' }));
    expect(unknown.message).toBe(
      'Dokploy GET /api/application.one answered 404 Not Found ("Application not found"): check the id: Dokploy has no application nope',
    );
    const old = await failure(c.queueList());
    expect([old.kind, old.message]).toEqual([
      'not-found',
      'Dokploy GET /api/deployment.queueList answered 404 Not Found: this Dokploy does not serve deployment.queueList: the kit needs Dokploy v0.25 or later',
    ]);
  });

  it("switches to v0.28.0's slash paths once the dot path is unknown, and keeps them", async () => {
    const c = await client({ version: 'v0.28.0', services: [web] });
    expect(await c.version()).toBe('v0.28.0');
    expect((await c.service({ kind: 'application', id: 'app-web' })).name).toBe('web');
    expect(sandbox!.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/settings.getDokployVersion 404',
      '/api/settings/getDokployVersion 200',
      '/api/application/one 200',
    ]);
  });

  it('names the fields of a validation error', async () => {
    const c = await client({ services: [{ ...web, history: ['done'] }] });
    const [row] = await c.deployments({ kind: 'application', id: 'app-web' });
    const error = await failure(c.readLogs(row!.deploymentId, 20_000));
    expect([error.kind, error.fields]).toEqual(['validation', ['tail']]);
    expect(error.message).toBe(
      'Dokploy GET /api/deployment.readLogs answered 400 Bad Request ("Input validation failed" for tail): this Dokploy refused the fields the kit sent; check that it runs v0.25 or later and report the Dokploy version if it does',
    );
  });

  it('recognises an HTML 403 from a proxy such as Cloudflare', async () => {
    const c = await client({ services: [web], faults: [{ kind: 'html-403' }] });
    const error = await failure(c.version());
    expect(error.kind).toBe('html');
    expect(error.message).toBe(
      "Dokploy GET /api/settings.getDokployVersion answered 403 Forbidden with an HTML page instead of Dokploy's JSON: a proxy or firewall in front of Dokploy answered (Cloudflare bot protection blocks CI runners): allow the runner's requests to /api/* or use a URL that reaches Dokploy directly",
    );
  });

  it('retries N initial 503s and succeeds', async () => {
    const c = await client({
      services: [web],
      faults: [{ procedure: 'application.one', kind: 'status', times: 2 }],
    });
    expect((await c.service({ kind: 'application', id: 'app-web' })).name).toBe('web');
    expect(sandbox!.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(log.entries.filter((e) => e.level === 'info')).toHaveLength(2);
  });

  it('fails after the attempts run out on a 5xx', async () => {
    const c = await client({ services: [web], faults: [{ kind: 'status', status: 502, times: 0 }] });
    const error = await failure(c.version());
    expect([error.kind, sandbox!.requests.length]).toEqual(['server', 4]);
    expect(error.message).toBe(
      'Dokploy GET /api/settings.getDokployVersion answered 502 Bad Gateway ("Sandbox fault: 502") after 4 attempts: Dokploy (or its proxy) failed; try again later or check the Dokploy server\'s logs',
    );
  });

  it('reports a 200 whose body is not JSON', async () => {
    const c = await client({
      services: [web],
      faults: [{ procedure: 'deployment.all', kind: 'malformed-json' }],
    });
    const error = await failure(c.deployments({ kind: 'application', id: 'app-web' }));
    expect(error.message).toBe(
      `Dokploy GET /api/deployment.all answered 200 OK with a body that is not JSON: check that 'dokploy-url' (${new URL(sandbox!.url).host}) is Dokploy's own address, not a page or proxy in front of it`,
    );
  });

  it('does not repeat a deploy whose connection dropped after it reached Dokploy', async () => {
    const c = await client({
      services: [{ ...web, deploy: { queueDelay: '5s' } }],
      faults: [{ procedure: 'application.deploy', kind: 'reset', processed: true }],
    });
    const error = await failure(
      c.deploy({ kind: 'application', id: 'app-web' }, { action: 'deploy', title: 't', description: '' }),
    );
    expect([error.kind, error.mayHaveReached, error.status]).toEqual(['network', true, 0]);
    expect(error.message).toBe(
      `Dokploy POST /api/application.deploy failed (connection reset, 1 attempt): check that 'dokploy-url' (${new URL(sandbox!.url).host}) is reachable from the runner`,
    );
    expect(sandbox!.requests).toHaveLength(1);
    expect(sandbox!.events.filter((e) => e.type === 'deploy-requested')).toHaveLength(1);
  });

  it('fails in one line when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    log = recordingLogger();
    const c = createDokployClient(
      { url: `http://127.0.0.1:${port}/`, apiKey: KEY },
      { clock: manualClock(), fetch: globalThis.fetch, log },
    );
    const error = await failure(c.version());
    expect(error.message).toBe(
      `Dokploy GET /api/settings.getDokployVersion failed (connection refused, 4 attempts): check that 'dokploy-url' (127.0.0.1:${port}) is reachable from the runner`,
    );
  });

  it('saves compose env with compose.saveEnvironment from v0.29.0 and compose.update before', async () => {
    for (const [version, path] of [
      ['v0.30.2', '/api/compose.saveEnvironment'],
      ['v0.28.3', '/api/compose.update'],
    ] as const) {
      const c = await client({ version, services: [{ composeId: 'cmp', name: 'db' }] });
      await c.saveComposeEnvironment('cmp', 'A=2', version);
      expect(sandbox!.requests.at(-1)).toMatchObject({ path, status: 200 });
      expect(sandbox!.engine.services.get('cmp')?.env).toBe('A=2');
      await sandbox!.close();
      sandbox = undefined;
    }
  });

  it('never repeats the key, even when a server echoes it back', async () => {
    const echo = createServer((req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `bad key ${String(req.headers['x-api-key'])}` }));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    log = recordingLogger();
    const c = createDokployClient(
      { url: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`, apiKey: KEY },
      { clock: manualClock(), fetch: globalThis.fetch, log },
    );
    const error = await failure(c.version());
    expect(error.message).toContain('("bad key ***")');
    await new Promise((r) => echo.close(r));
  });
});
