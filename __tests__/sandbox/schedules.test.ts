/**
 * The sandbox's schedules over HTTP, as Dokploy v0.30.2 answers them: schedule.create's row,
 * schedule.runManually's synchronous run (its record, its log, `error` for a failing command or a
 * service with nothing running), schedule.delete, and the run records through deployment.allByType.
 * The commands are real processes, so these tests run them; the engine still runs on a manual clock.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { manualClock, type ManualClock } from '../support/clock.js';

const KEY = 'test-key-5d1e';
let sandbox: Sandbox | undefined;
let clock: ManualClock;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(
  scenario: Record<string, unknown>,
  options: Pick<SandboxOptions, 'schedules'> = {},
): Promise<Sandbox> {
  clock = manualClock();
  sandbox = await startSandbox({ apiKey: KEY, scenario, clock: clock.passive, ...options });
  return sandbox;
}

async function call(
  s: Sandbox,
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string; json: () => unknown }> {
  const response = await fetch(`${s.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-api-key': KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

type Run = { status: string; deploymentId: string; logPath: string };

/** Creates a schedule (a 200 is part of the check) and answers its id. */
async function create(s: Sandbox, fields: Record<string, unknown>): Promise<string> {
  const r = await call(s, '/api/schedule.create', {
    name: 'probe',
    cronExpression: '0 0 31 2 *',
    enabled: false,
    shellType: 'sh',
    ...fields,
  });
  expect(r.status).toBe(200);
  return (r.json() as { scheduleId: string }).scheduleId;
}

async function run(s: Sandbox, scheduleId: string): Promise<Run> {
  const r = await call(s, '/api/schedule.runManually', { scheduleId });
  expect(r.status).toBe(200);
  return r.json() as Run;
}

async function logOf(s: Sandbox, deploymentId: string, tail = 100): Promise<string> {
  const r = await call(s, `/api/deployment.readLogs?deploymentId=${deploymentId}&tail=${tail}`);
  expect(r.status).toBe(200);
  return r.json() as string;
}

const deployed = { applicationId: 'app-web', name: 'web', history: ['done'] };
const appNameOf = (s: Sandbox, id: string): string => s.engine.services.get(id)!.appName;

describe('schedule.create', () => {
  it('answers the schedule row, field for field, with the given values and Dokploy defaults for the rest', async () => {
    const s = await start({ services: [deployed] });
    const r = await call(s, '/api/schedule.create', {
      name: 'probe',
      cronExpression: '0 0 31 2 *',
      enabled: false,
      scheduleType: 'application',
      applicationId: 'app-web',
      shellType: 'sh',
      command: 'echo hello',
    });
    expect(r.status).toBe(200);
    const row = r.json() as Record<string, unknown>;
    expect(Object.keys(row)).toEqual([
      'scheduleId',
      'name',
      'description',
      'cronExpression',
      'appName',
      'serviceName',
      'shellType',
      'scheduleType',
      'command',
      'script',
      'applicationId',
      'composeId',
      'serverId',
      'organizationId',
      'enabled',
      'timezone',
      'createdAt',
    ]);
    expect(row).toEqual({
      scheduleId: expect.stringMatching(/^\S+$/),
      name: 'probe',
      description: null,
      cronExpression: '0 0 31 2 *',
      appName: expect.stringMatching(/^schedule-[a-z0-9]+$/),
      serviceName: null,
      shellType: 'sh',
      scheduleType: 'application',
      command: 'echo hello',
      script: null,
      applicationId: 'app-web',
      composeId: null,
      serverId: null,
      organizationId: null,
      enabled: false,
      timezone: null,
      createdAt: new Date(clock.now()).toISOString(),
    });
    const bare = await call(s, '/api/schedule.create', {
      name: 'bare',
      cronExpression: '* * * * *',
      applicationId: 'app-web',
      command: 'true',
    });
    expect(bare.json()).toMatchObject({ shellType: 'bash', scheduleType: 'application', enabled: true });
  });

  it('answers NOT_FOUND for an unknown application or compose, as for any unknown service', async () => {
    const s = await start({ services: [deployed] });
    const base = { name: 'x', cronExpression: '* * * * *', command: 'true' };
    const app = await call(s, '/api/schedule.create', { ...base, applicationId: 'nope' });
    expect(app.status).toBe(404);
    expect(app.json()).toEqual({
      message: 'Application not found',
      code: 'NOT_FOUND',
      data: { code: 'NOT_FOUND', httpStatus: 404, path: 'schedule.create', zodError: null },
    });
    const compose = await call(s, '/api/schedule.create', {
      ...base,
      scheduleType: 'compose',
      composeId: 'nope',
    });
    expect(compose.status).toBe(404);
    expect(compose.json()).toMatchObject({ message: 'Compose not found', code: 'NOT_FOUND' });
  });

  it('answers zod-shaped 400s naming the field: a missing command, a shell that is not bash or sh', async () => {
    const s = await start({ services: [deployed] });
    const missing = await call(s, '/api/schedule.create', {
      name: 'x',
      cronExpression: '* * * * *',
      applicationId: 'app-web',
    });
    expect(missing.status).toBe(400);
    expect(missing.json()).toMatchObject({
      message: 'Input validation failed',
      data: { path: 'schedule.create', zodError: { fieldErrors: { command: [expect.any(String)] } } },
      issues: [
        {
          code: 'invalid_type',
          path: ['command'],
          message: 'Invalid input: expected string, received undefined',
        },
      ],
    });
    const zsh = await call(s, '/api/schedule.create', {
      name: 'x',
      cronExpression: '* * * * *',
      applicationId: 'app-web',
      command: 'true',
      shellType: 'zsh',
    });
    expect(zsh.status).toBe(400);
    expect((zsh.json() as { issues: unknown[] }).issues).toEqual([
      {
        code: 'invalid_value',
        values: ['bash', 'sh'],
        path: ['shellType'],
        message: 'Invalid option: expected one of "bash"|"sh"',
      },
    ]);
  });

  it('is not served before the version schedules appeared in', async () => {
    const s = await start({ version: 'v0.19.0', services: [deployed] });
    const r = await call(s, '/api/schedule.create', {
      name: 'x',
      cronExpression: '* * * * *',
      applicationId: 'app-web',
      command: 'true',
    });
    expect(r.status).toBe(404);
    expect(r.json()).toMatchObject({ message: 'Not found', code: 'NOT_FOUND' });
  });
});

describe('schedule.runManually', () => {
  it('runs the command, answers done with its record, and logs the docker exec line, the output and ✅', async () => {
    const s = await start({ services: [deployed] });
    const appName = appNameOf(s, 'app-web');
    const command = 'echo hello; echo "$SANDBOX_SERVICE $SANDBOX_VERSION"';
    const id = await create(s, { applicationId: 'app-web', command });
    const result = await run(s, id);
    const scheduleAppName = (s.engine.schedules.find(id) as { appName: string }).appName;
    const stamp = new Date(clock.now()).toISOString().slice(0, 19).replace('T', ':');
    expect(result).toEqual({
      status: 'done',
      deploymentId: expect.any(String),
      logPath: `/etc/dokploy/schedules/${scheduleAppName}/${scheduleAppName}-${stamp}.log`,
    });
    const log = await logOf(s, result.deploymentId);
    const [first, exec, ...rest] = log.split('\n');
    expect(first).toBe('Initializing schedule');
    expect(exec).toMatch(/^docker exec [0-9a-f]{64} sh -c /);
    expect(exec).toBe(`docker exec ${exec!.split(' ')[2]} sh -c ${command}`);
    expect(rest).toEqual(['hello', `web ${appName}:latest`, '✅ Command executed successfully', '']);
    expect(await logOf(s, result.deploymentId, 1)).toBe('✅ Command executed successfully\n');
    // The same container runs the next run.
    const again = await run(s, id);
    expect((await logOf(s, again.deploymentId)).split('\n')[1]).toBe(exec);
  });

  it("keeps the run records under the schedule, newest first, and out of the application's deployments", async () => {
    const s = await start({ services: [deployed] });
    const id = await create(s, { applicationId: 'app-web', command: 'true' });
    const first = await run(s, id);
    await clock.advance(1000);
    const second = await run(s, id);
    const rows = (await call(s, `/api/deployment.allByType?id=${id}&type=schedule`)).json() as Record<
      string,
      unknown
    >[];
    expect(rows.map((r) => r.deploymentId)).toEqual([second.deploymentId, first.deploymentId]);
    expect(rows[0]).toMatchObject({
      title: 'Schedule',
      description: 'Schedule',
      status: 'done',
      scheduleId: id,
      applicationId: null,
      composeId: null,
      logPath: second.logPath,
      finishedAt: new Date(clock.now()).toISOString(),
      rollback: null,
    });
    const deployments = (await call(s, '/api/deployment.all?applicationId=app-web')).json() as {
      deploymentId: string;
    }[];
    expect(deployments).toHaveLength(1);
    expect(deployments.map((d) => d.deploymentId)).not.toContain(first.deploymentId);
  });

  it("answers 200 with status error for a failing command; the log ends '❌ Command failed' then its stderr", async () => {
    const s = await start({ services: [deployed] });
    const command = 'echo bad >&2; exit 3';
    const id = await create(s, { applicationId: 'app-web', command });
    const result = await run(s, id);
    expect(result.status).toBe('error');
    const log = await logOf(s, result.deploymentId);
    expect(log).toMatch(
      new RegExp(
        `^Initializing schedule\\ndocker exec [0-9a-f]{64} sh -c echo bad >&2; exit 3\\nbad\\n❌ Command failed\\nbad\\n$`,
      ),
    );
    const [row] = (await call(s, `/api/deployment.allByType?id=${id}&type=schedule`)).json() as {
      status: string;
    }[];
    expect(row!.status).toBe('error');
  });

  it('ends error with Dokploy\'s "Container not found" line when the application has never run', async () => {
    const s = await start({ services: [{ applicationId: 'app-new', name: 'new' }] });
    const id = await create(s, { applicationId: 'app-new', command: 'echo never' });
    const result = await run(s, id);
    expect(result.status).toBe('error');
    expect(await logOf(s, result.deploymentId)).toBe(
      `Initializing schedule\n❌ Container not found for application '${appNameOf(s, 'app-new')}', make sure the service is running\n`,
    );
  });

  it('runs a compose schedule in the container of its compose service, and names the service when none runs', async () => {
    const s = await start({ services: [{ composeId: 'cmp-db', name: 'db', history: ['done'] }] });
    const web = await create(s, {
      scheduleType: 'compose',
      composeId: 'cmp-db',
      serviceName: 'web',
      command: 'echo "$SANDBOX_KIND $SANDBOX_COMPOSE_SERVICE $SANDBOX_APP_NAME"',
    });
    const ok = await run(s, web);
    expect(ok.status).toBe('done');
    const lines = (await logOf(s, ok.deploymentId)).split('\n');
    expect(lines[2]).toBe(`compose web ${appNameOf(s, 'cmp-db')}`);
    // The full id starts with the short one docker ps lists for the stack.
    const [container] = (
      await call(s, `/api/docker.getContainersByAppNameMatch?appName=${appNameOf(s, 'cmp-db')}`)
    ).json() as { containerId: string }[];
    expect(lines[1]!.split(' ')[2]).toMatch(new RegExp(`^${container!.containerId}[0-9a-f]{52}$`));

    const worker = await create(s, {
      scheduleType: 'compose',
      composeId: 'cmp-db',
      serviceName: 'worker',
      command: 'true',
    });
    const missing = await run(s, worker);
    expect(missing.status).toBe('error');
    expect(await logOf(s, missing.deploymentId)).toBe(
      "Initializing schedule\n❌ Container not found for service 'worker' of compose 'db', make sure the service is running\n",
    );
  });

  it('sees the version the service runs now: a deploy of another image changes SANDBOX_VERSION', async () => {
    const s = await start({
      services: [
        {
          applicationId: 'app-img',
          name: 'img',
          sourceType: 'docker',
          dockerImage: 'registry.test/img:v1',
          history: ['done'],
          deploy: { buildDuration: '10ms' },
        },
      ],
    });
    const id = await create(s, { applicationId: 'app-img', command: 'echo "$SANDBOX_VERSION"' });
    expect((await logOf(s, (await run(s, id)).deploymentId)).split('\n')[2]).toBe('registry.test/img:v1');
    const provider = await call(s, '/api/application.saveDockerProvider', {
      applicationId: 'app-img',
      dockerImage: 'registry.test/img:v2',
      username: null,
      password: null,
      registryUrl: null,
    });
    expect(provider.status).toBe(200);
    expect((await call(s, '/api/application.deploy', { applicationId: 'app-img' })).status).toBe(200);
    await clock.advance(10);
    expect((await logOf(s, (await run(s, id)).deploymentId)).split('\n')[2]).toBe('registry.test/img:v2');
  });

  it("runs in the service's own working directory, kept between runs, without the sandbox's environment", async () => {
    const s = await start({ services: [deployed, { ...deployed, applicationId: 'app-api', name: 'api' }] });
    process.env.DOKPLOY_SANDBOX_API_KEY = 'must-not-leak';
    try {
      const write = await create(s, { applicationId: 'app-web', command: 'echo kept > marker' });
      expect((await run(s, write)).status).toBe('done');
      const read = await create(s, {
        applicationId: 'app-web',
        command:
          'cat marker; [ "$HOME" = "$(pwd)" ] && echo home; echo "key=${DOKPLOY_SANDBOX_API_KEY-unset}"',
      });
      const lines = (await logOf(s, (await run(s, read)).deploymentId)).split('\n');
      expect(lines.slice(2, 5)).toEqual(['kept', 'home', 'key=unset']);
      const other = await create(s, { applicationId: 'app-api', command: 'cat marker' });
      expect((await run(s, other)).status).toBe('error');
    } finally {
      delete process.env.DOKPLOY_SANDBOX_API_KEY;
    }
  });

  it('runs with bash when the schedule says so', async () => {
    const s = await start({ services: [deployed] });
    const id = await create(s, {
      applicationId: 'app-web',
      shellType: 'bash',
      command: 'echo "${BASH_VERSION:+bash}"',
    });
    const lines = (await logOf(s, (await run(s, id)).deploymentId)).split('\n');
    expect(lines[1]).toMatch(/ bash -c echo /);
    expect(lines[2]).toBe('bash');
  });

  it('kills a command that outlives the limit, with what it started, and ends error saying so', async () => {
    const s = await start({ services: [deployed] }, { schedules: { timeoutMs: 300 } });
    // sleep keeps the output pipe open: only killing the whole group ends the run this soon.
    const id = await create(s, { applicationId: 'app-web', command: 'echo started; sleep 30' });
    const began = Date.now();
    const result = await run(s, id);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(result.status).toBe('error');
    const log = await logOf(s, result.deploymentId);
    expect(log).toMatch(
      /\nstarted\n❌ Command failed\nsandbox: the command ran longer than 300 ms and was killed\n$/,
    );
  });

  it('ends when the command ends, even with a background job still running', async () => {
    const s = await start({ services: [deployed] });
    const id = await create(s, { applicationId: 'app-web', command: 'sleep 30 & echo left' });
    const began = Date.now();
    const result = await run(s, id);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(result.status).toBe('done');
    expect((await logOf(s, result.deploymentId)).split('\n')[2]).toBe('left');
  });

  it('stops a command still running when the sandbox closes', async () => {
    const s = await start({ services: [deployed] });
    const id = await create(s, { applicationId: 'app-web', command: 'sleep 30' });
    const began = Date.now();
    const pending = call(s, '/api/schedule.runManually', { scheduleId: id });
    while (s.engine.schedules.records(id).length === 0) await new Promise((r) => setTimeout(r, 10));
    await s.close();
    sandbox = undefined;
    await expect(pending).rejects.toThrow();
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(s.engine.schedules.records(id)[0]!.status).toBe('error');
  });

  it('keeps at most the configured output in the log', async () => {
    const s = await start({ services: [deployed] }, { schedules: { maxOutputChars: 10 } });
    const id = await create(s, { applicationId: 'app-web', command: 'printf 0123456789abcdef' });
    const log = await logOf(s, (await run(s, id)).deploymentId);
    expect(log.split('\n').slice(2)).toEqual([
      '0123456789',
      'sandbox: output beyond 10 characters dropped',
      '✅ Command executed successfully',
      '',
    ]);
  });

  it('answers NOT_FOUND "Schedule not found" for an unknown id, and 400 without one', async () => {
    const s = await start({ services: [deployed] });
    const unknown = await call(s, '/api/schedule.runManually', { scheduleId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({
      message: 'Schedule not found',
      code: 'NOT_FOUND',
      data: { code: 'NOT_FOUND', httpStatus: 404, path: 'schedule.runManually', zodError: null },
    });
    const empty = await call(s, '/api/schedule.runManually', { scheduleId: '' });
    expect(empty.status).toBe(400);
    expect(empty.json()).toMatchObject({ issues: [{ path: ['scheduleId'] }] });
  });
});

describe('schedule.delete', () => {
  it('answers true and removes the schedule with its run records; an unknown id is NOT_FOUND', async () => {
    const s = await start({ services: [deployed] });
    const id = await create(s, { applicationId: 'app-web', command: 'true' });
    const { deploymentId } = await run(s, id);
    const deleted = await call(s, '/api/schedule.delete', { scheduleId: id });
    expect(deleted.status).toBe(200);
    expect(deleted.text).toBe('true');
    expect((await call(s, `/api/deployment.allByType?id=${id}&type=schedule`)).json()).toEqual([]);
    expect((await call(s, `/api/deployment.readLogs?deploymentId=${deploymentId}`)).status).toBe(404);
    expect((await call(s, '/api/schedule.runManually', { scheduleId: id })).status).toBe(404);
    const again = await call(s, '/api/schedule.delete', { scheduleId: id });
    expect(again.status).toBe(404);
    expect(again.json()).toMatchObject({
      message: 'Schedule not found',
      data: { path: 'schedule.delete' },
    });
  });
});
