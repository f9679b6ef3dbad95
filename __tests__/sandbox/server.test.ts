/**
 * The sandbox over HTTP. Its engine runs on a manual clock: a test moves time with `clock.advance`
 * and so sees every step of a deploy in order, without waiting for builds in real time.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { parseScenario } from '../../src/sandbox/scenario.js';
import { manualClock, type ManualClock } from '../support/clock.js';

const KEY = 'test-key-9f2c';
let sandbox: Sandbox | undefined;
let clock: ManualClock;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(scenario: Record<string, unknown>): Promise<Sandbox> {
  clock = manualClock();
  sandbox = await startSandbox({ apiKey: KEY, scenario, clock: clock.passive });
  return sandbox;
}

async function call(
  s: Sandbox,
  path: string,
  init: { method?: string; body?: unknown; key?: string | null; type?: string } = {},
): Promise<{ status: number; text: string; json: () => unknown; type: string | null }> {
  const headers: Record<string, string> = {};
  if (init.key !== null) headers['x-api-key'] = init.key ?? KEY;
  if (init.body !== undefined) headers['content-type'] = init.type ?? 'application/json';
  const response = await fetch(`${s.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
    redirect: 'manual',
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: () => JSON.parse(text),
    type: response.headers.get('content-type'),
  };
}

type Row = {
  deploymentId: string;
  title: string;
  description: string;
  status: string;
  finishedAt: string | null;
};

const web = { applicationId: 'app-web', name: 'web', sourceType: 'github' };

describe('Dokploy sandbox transport', () => {
  it('answers 401 {"message":"Unauthorized"} without a key or with a wrong one, and /api/health without', async () => {
    const s = await start({ services: [web] });
    for (const key of [null, 'wrong']) {
      const r = await call(s, '/api/application.one?applicationId=app-web', { key });
      expect(r.status).toBe(401);
      expect(r.json()).toEqual({ message: 'Unauthorized' });
    }
    expect((await call(s, '/api/health', { key: null })).json()).toEqual({ ok: true });
  });

  it('matches dot paths case-insensitively and answers 404 Not found for a wrong method or unknown path', async () => {
    const s = await start({ services: [web] });
    expect((await call(s, '/api/APPLICATION.one?applicationId=app-web')).status).toBe(200);
    const wrongMethod = await call(s, '/api/application.one', { body: { applicationId: 'app-web' } });
    expect(wrongMethod.status).toBe(404);
    // Dokploy v0.30.2's adapter adds `data` (without a path), as checked against a real server.
    expect(wrongMethod.json()).toEqual({
      message: 'Not found',
      code: 'NOT_FOUND',
      data: { code: 'NOT_FOUND', httpStatus: 404, zodError: null },
    });
    expect((await call(s, '/api/application/one?applicationId=app-web')).status).toBe(404);
  });

  it('redirects a trailing slash with 308 and refuses malformed JSON before the key check', async () => {
    const s = await start({ services: [web] });
    const slash = await call(s, '/api/settings.getDokployVersion/');
    expect(slash.status).toBe(308);
    const bad = await call(s, '/api/application.deploy', { body: '{"applicationId":', key: null });
    expect(bad.status).toBe(400);
    expect(bad.text).toBe('Invalid JSON');
  });

  it('answers 415 for a POST without a JSON content type', async () => {
    const s = await start({ services: [web] });
    const r = await call(s, '/api/application.deploy', { body: 'applicationId=app-web', type: 'text/plain' });
    expect(r.status).toBe(415);
    expect(r.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers zod-shaped 400s naming the field, and 404 for unknown ids', async () => {
    const s = await start({ services: [web] });
    const missing = await call(s, '/api/application.one?applicationId=');
    expect(missing.status).toBe(400);
    expect(missing.json()).toMatchObject({
      message: 'Input validation failed',
      code: 'BAD_REQUEST',
      data: { httpStatus: 400, path: 'application.one' },
      issues: [{ path: ['applicationId'], message: 'Invalid input: expected string, received undefined' }],
    });
    const env = await call(s, '/api/application.saveEnvironment', {
      body: { applicationId: 'app-web', env: '' },
    });
    expect(env.status).toBe(400);
    expect((env.json() as { issues: { path: string[] }[] }).issues.map((i) => i.path[0])).toEqual([
      'buildArgs',
      'buildSecrets',
      'createEnvFile',
    ]);
    const unknown = await call(s, '/api/application.one?applicationId=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ message: 'Application not found', code: 'NOT_FOUND' });
    expect((await call(s, '/api/deployment.all?applicationId=nope')).json()).toEqual([]);
  });

  it('answers the version as a JSON string literal', async () => {
    const s = await start({ version: 'v0.29.9', services: [web] });
    expect((await call(s, '/api/settings.getDokployVersion')).text).toBe('"v0.29.9"');
  });

  it('hides procedures newer than the scenario version (queueList before v0.28.3)', async () => {
    const s = await start({ version: 'v0.27.0', services: [web] });
    expect((await call(s, '/api/deployment.queueList')).status).toBe(404);
  });
});

describe('Dokploy sandbox deploy engine', () => {
  it('answers application.deploy with an empty body and compose.deploy with {success,message,composeId}', async () => {
    const s = await start({ services: [web, { composeId: 'cmp-db', name: 'db' }] });
    const app = await call(s, '/api/application.deploy', { body: { applicationId: 'app-web' } });
    expect(app.status).toBe(200);
    expect(app.text).toBe('');
    const compose = await call(s, '/api/compose.deploy', { body: { composeId: 'cmp-db' } });
    expect(compose.json()).toEqual({ success: true, message: 'Deployment queued', composeId: 'cmp-db' });
  });

  it('creates the record only when the job starts, runs one job at a time FIFO, then rewrites git titles', async () => {
    const s = await start({
      services: [
        { ...web, deploy: { buildDuration: '150ms' } },
        { applicationId: 'app-api', name: 'api', deploy: { buildDuration: '50ms' } },
      ],
    });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web', title: 'mark-1' } });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-api', title: 'mark-2' } });
    // api waits behind web: no record yet, and queueList shows it waiting.
    expect((await call(s, '/api/deployment.all?applicationId=app-api')).json()).toEqual([]);
    const queue = (await call(s, '/api/deployment.queueList')).json() as {
      data: { titleLog: string };
      state: string;
    }[];
    expect(queue.map((j) => [j.data.titleLog, j.state])).toEqual([
      ['mark-2', 'waiting'],
      ['mark-1', 'active'],
    ]);
    const running = (await call(s, '/api/deployment.all?applicationId=app-web')).json() as Row[];
    expect(running[0]).toMatchObject({ title: 'mark-1', status: 'running', finishedAt: null });
    // web ends at 150 ms and api starts then; at 199 ms api still runs, at 200 ms it is done.
    await clock.advance(199);
    expect((await call(s, '/api/deployment.all?applicationId=app-web')).json()).toMatchObject([
      { title: 'Update app-web', status: 'done', finishedAt: new Date(clock.now() - 49).toISOString() },
    ]);
    expect((await call(s, '/api/deployment.all?applicationId=app-api')).json()).toMatchObject([
      { title: 'mark-2', status: 'running' },
    ]);
    await clock.advance(1);
    const [done] = (await call(s, '/api/deployment.all?applicationId=app-api')).json() as Row[];
    const sha = s.engine.services.get('app-api')!.spec.commit.sha;
    expect(done).toMatchObject({ title: 'Update app-api', description: `Commit: ${sha}` });
    // The worker takes web's job at once; api's waits behind it (FIFO across services, one at a time).
    expect(s.events.map((e) => `${e.type}:${e.serviceId}`)).toEqual([
      'deploy-requested:app-web',
      'deployment-started:app-web',
      'deploy-requested:app-api',
      'deployment-finished:app-web',
      'deployment-started:app-api',
      'deployment-finished:app-api',
    ]);
  });

  it('serves the same events over GET /__sandbox/events without a key', async () => {
    const s = await start({ services: [{ ...web, deploy: { buildDuration: '20ms', outcome: 'error' } }] });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web', title: 'x' } });
    await clock.advance(20);
    const events = (await call(s, '/__sandbox/events', { key: null })).json() as {
      type: string;
      status: string;
    }[];
    expect(events.map((e) => [e.type, e.status])).toEqual([
      ['deploy-requested', 'queued'],
      ['deployment-started', 'running'],
      ['deployment-finished', 'error'],
    ]);
  });

  it('ends a failed build in error with errorMessage null and the reason in readLogs (tail semantics)', async () => {
    const s = await start({ services: [{ ...web, deploy: { buildDuration: '20ms', outcome: 'error' } }] });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web' } });
    await clock.advance(20);
    const [row] = (await call(s, '/api/deployment.all?applicationId=app-web')).json() as (Row & {
      errorMessage: null;
    })[];
    expect(row).toMatchObject({ status: 'error', errorMessage: null });
    // Dokploy's `echo "\nError occurred …"` leaves an empty line before the last one (v0.30.2).
    const tail = (await call(s, `/api/deployment.readLogs?deploymentId=${row!.deploymentId}&tail=3`)).json();
    expect(tail).toBe(
      'ERROR: failed to solve: process "/bin/sh -c npm run build" did not complete successfully: exit code: 1\n\nError occurred ❌, check the logs for details.\n',
    );
    expect((await call(s, '/api/deployment.readLogs?deploymentId=nope')).status).toBe(404);
  });

  it('keeps a hung build running, and a restart turns it cancelled and drops waiting jobs', async () => {
    const s = await start({
      services: [{ ...web, deploys: [{ outcome: 'hang', restartAfter: '120ms' }, {}] }],
    });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web', title: 'first' } });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web', title: 'second' } });
    await clock.advance(119);
    expect((await call(s, '/api/deployment.all?applicationId=app-web')).json()).toMatchObject([
      { title: 'first', status: 'running' },
    ]);
    await clock.advance(1);
    const row = (await call(s, '/api/deployment.all?applicationId=app-web')).json() as Row[];
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ title: 'first', status: 'cancelled', finishedAt: null });
    expect((await call(s, '/api/deployment.queueList')).json()).toEqual([]);
  });

  it('puts a competing deploy by another actor ahead of the requested one', async () => {
    const s = await start({ services: [{ ...web, deploy: { buildDuration: '30ms', competing: 'before' } }] });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web', title: 'mine' } });
    await clock.advance(60);
    const rows = (await call(s, '/api/deployment.all?applicationId=app-web')).json() as Row[];
    expect(rows.map((r) => r.status)).toEqual(['done', 'done']);
    expect(s.events.filter((e) => e.type === 'deployment-started').map((e) => [e.actor, e.title])).toEqual([
      ['competitor', 'Competing deploy by another actor'],
      ['api', 'mine'],
    ]);
    expect(rows).toHaveLength(2);
  });

  it('keeps about ten records per service', async () => {
    const s = await start({
      services: [{ ...web, history: Array(10).fill('done'), deploy: { buildDuration: '10ms' } }],
    });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web' } });
    await call(s, '/api/application.deploy', { body: { applicationId: 'app-web' } });
    await clock.advance(20);
    expect(s.events.filter((e) => e.type === 'deployment-finished')).toHaveLength(2);
    const rows = (await call(s, '/api/deployment.all?applicationId=app-web')).json() as Row[];
    expect(rows).toHaveLength(11);
  });

  it('rolls an application with rollback images back to an earlier image with an empty body', async () => {
    const s = await start({ services: [{ ...web, rollback: true, history: ['done'] }] });
    const rows = (await call(s, '/api/deployment.all?applicationId=app-web')).json() as {
      rollbackId: string;
    }[];
    const r = await call(s, '/api/rollback.rollback', { body: { rollbackId: rows[0]!.rollbackId } });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const bad = await call(s, '/api/rollback.rollback', { body: { rollbackId: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ message: 'Error input: Rolling back' });
  });
});

describe('Dokploy sandbox faults', () => {
  it('answers N initial 5xx with Retry-After, then normally', async () => {
    const s = await start({
      services: [web],
      faults: [{ procedure: 'application.one', kind: 'status', status: 503, times: 2, retryAfter: '1' }],
    });
    const first = await fetch(`${s.url}/api/application.one?applicationId=app-web`, {
      headers: { 'x-api-key': KEY },
    });
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '1']);
    expect((await call(s, '/api/application.one?applicationId=app-web')).status).toBe(503);
    expect((await call(s, '/api/application.one?applicationId=app-web')).status).toBe(200);
  });

  it('answers an HTML 403 like Cloudflare, before the key check', async () => {
    const s = await start({ services: [web], faults: [{ kind: 'html-403' }] });
    const r = await call(s, '/api/settings.getDokployVersion', { key: null });
    expect(r.status).toBe(403);
    expect(r.type).toContain('text/html');
    expect(r.text).toContain('Cloudflare');
  });

  it('drops the connection (reset), optionally after processing the request', async () => {
    const s = await start({
      services: [web],
      faults: [{ procedure: 'application.deploy', kind: 'reset', processed: true }],
    });
    await expect(
      call(s, '/api/application.deploy', { body: { applicationId: 'app-web', title: 't' } }),
    ).rejects.toThrow();
    expect(s.events[0]).toMatchObject({ type: 'deploy-requested', title: 't' });
    expect(s.requests.at(-1)).toMatchObject({ path: '/api/application.deploy', status: 0 });
  });

  it('answers malformed JSON, and 401 for a rate-limited key after some calls', async () => {
    const s = await start({
      services: [web],
      faults: [
        { procedure: 'deployment.all', kind: 'malformed-json' },
        { procedure: 'application.one', kind: 'unauthorized', skip: 1, times: 0 },
      ],
    });
    const r = await call(s, '/api/deployment.all?applicationId=app-web');
    expect(() => r.json()).toThrow();
    expect((await call(s, '/api/application.one?applicationId=app-web')).status).toBe(200);
    expect((await call(s, '/api/application.one?applicationId=app-web')).status).toBe(401);
    expect((await call(s, '/api/application.one?applicationId=app-web')).status).toBe(401);
  });

  it('answers slowly when asked', async () => {
    const s = await start({ services: [web], faults: [{ kind: 'slow', delay: '300ms' }] });
    const controller = new AbortController();
    const pending = fetch(`${s.url}/api/settings.getDokployVersion`, {
      headers: { 'x-api-key': KEY },
      signal: controller.signal,
    });
    // Not answered within 100 ms of real time means the delay is in place; abort rather than time.
    const early = await Promise.race([
      pending.then(() => 'answered'),
      new Promise((r) => setTimeout(() => r('waiting'), 100)),
    ]);
    controller.abort();
    expect(early).toBe('waiting');
    await expect(pending).rejects.toThrow();
  });

  it('never writes the key to its request log', async () => {
    const lines: string[] = [];
    sandbox = await startSandbox({ apiKey: KEY, services: [web], log: (l) => lines.push(l) });
    await call(sandbox, '/api/application.one?applicationId=app-web');
    await call(sandbox, '/api/application.one?applicationId=app-web', { key: 'wrong' });
    expect(lines).toEqual(['GET /api/application.one 200', 'GET /api/application.one 401']);
    expect(lines.join('\n')).not.toContain(KEY);
  });
});

describe('scenario files', () => {
  it('parses YAML with durations and per-deploy overrides', () => {
    const scenario = parseScenario(
      'version: 0.30.1\nservices:\n  - composeId: c1\n    name: db\n    deploy: { buildDuration: 2s, queueDelay: 500ms }\n    deploys: [{ outcome: error }]\n',
      'x.yml',
    );
    expect(scenario.version).toBe('v0.30.1');
    expect(scenario.services[0]).toMatchObject({
      kind: 'compose',
      id: 'c1',
      sourceType: 'git',
      plan: { buildDurationMs: 2000, queueDelayMs: 500, outcome: 'done' },
      deploys: [{ buildDurationMs: 2000, outcome: 'error' }],
    });
  });

  it('rejects a bad field with one line naming it', () => {
    expect(() =>
      parseScenario('services:\n  - applicationId: a\n    deploy: { outcome: maybe }\n', 'x.yml'),
    ).toThrow(
      "Sandbox scenario field 'services[0].deploy.outcome' in x.yml is 'maybe': use one of done, error, hang",
    );
    expect(() => parseScenario('services:\n  - name: a\n', 'x.yml')).toThrow(
      "Sandbox scenario field 'services[0]' in x.yml: give exactly one of applicationId or composeId",
    );
    expect(() => parseScenario('faults:\n  - { kind: slow, delay: soon }\n', 'x.yml')).toThrow(
      "Sandbox scenario field 'faults[0].delay' in x.yml is 'soon': use a duration such as 500ms, 2s or 1m (a plain number means seconds)",
    );
    expect(() => parseScenario('services: [\n', 'x.yml')).toThrow(
      /^Sandbox scenario 'x.yml': invalid YAML\/JSON: /,
    );
  });
});
