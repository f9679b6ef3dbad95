/**
 * Sandbox parity: drives the SAME calls against the kit's sandbox (src/sandbox, started in-process
 * with a scenario that mirrors the real objects) and against the real Dokploy v0.30.2 that
 * `npm run dokploy:up` started, and lists what a client can observe differently: the record
 * lifecycle and its timing, titles and descriptions before and after the end, statuses, queue
 * entries, build logs, error bodies, env semantics and compose specifics.
 *
 * On the real server it uses only its own project, `sandbox-parity` (created through the API when
 * absent): a docker-sourced application (127.0.0.1:5000/kit/web:v1, host-mode port 19000) and a raw
 * compose stack (port 19001). Other tests share the server and its one global deploy queue, so the
 * checks are written as what must hold whatever else is queued, and timing is compared in classes.
 *
 * `node --import tsx scripts/dokploy/compare-sandbox.ts` prints the differences (exit 1 if any);
 * `compareSandbox()` is what the jest test calls.
 */
import { pathToFileURL } from 'node:url';
import { startSandbox } from '../../src/sandbox/server.js';
import { dokployApi, readDokployEnv, REGISTRY } from './fixtures.js';

/** The only project the comparison touches on the real server. */
export const PARITY_PROJECT = 'sandbox-parity';
const APP_NAME = 'parity-web';
const COMPOSE_NAME = 'parity-stack';
const APP_PORT = 19000;
const COMPOSE_PORT = 19001;
const GOOD_IMAGE = `${REGISTRY}/kit/web:v1`;
/** An image the local registry does not hold: the pull fails, the deploy ends `error`. */
const MISSING_IMAGE = `${REGISTRY}/kit/parity-missing:v0`;
const POLL_MS = 100;
const FOLLOW_DEADLINE_MS = 100_000;

/** One server the scenario runs against. */
export interface Target {
  label: 'sandbox' | 'real';
  url: string;
  apiKey: string;
  applicationId: string;
  composeId: string;
}

/** What the comparison found. */
export interface ParityReport {
  /** One readable line per difference; empty when the sandbox follows the real server. */
  differences: string[];
  /** The normalised observations, by fact name. */
  sandbox: Record<string, unknown>;
  real: Record<string, unknown>;
  durationMs: number;
}

/** Options of `compareSandbox`. */
export interface CompareOptions {
  /** The real server; default: read from the env file `dokploy:up` wrote. */
  real?: { url: string; apiKey: string };
  /** Progress lines (never the key). */
  log?: (line: string) => void;
}

/**
 * Runs the scenario against the sandbox and the real server (at the same time) and compares.
 * @throws Error when the real server cannot be reached or its project cannot be set up
 */
export async function compareSandbox(options: CompareOptions = {}): Promise<ParityReport> {
  const started = Date.now();
  const log = options.log ?? ((): void => undefined);
  const real = options.real ?? readDokployEnv();
  const ids = await ensureParityProject(real.url, real.apiKey);
  log(`real: project ${PARITY_PROJECT} ready (application ${ids.applicationId}, compose ${ids.composeId})`);
  const sandbox = await startSandbox({ apiKey: 'parity-sandbox-key', scenario: mirrorScenario(ids) });
  try {
    const [sandboxFacts, realFacts] = await Promise.all([
      observe({ label: 'sandbox', url: sandbox.url, apiKey: sandbox.apiKey, ...ids }, log),
      observe({ label: 'real', url: real.url, apiKey: real.apiKey, ...ids }, log),
    ]);
    return {
      differences: diffFacts(sandboxFacts, realFacts),
      sandbox: sandboxFacts,
      real: realFacts,
      durationMs: Date.now() - started,
    };
  } finally {
    await sandbox.close();
  }
}

/** The sandbox scenario that mirrors the real parity objects (same ids, sources and stored values). */
export function mirrorScenario(ids: ParityIds): Record<string, unknown> {
  return {
    version: 'v0.30.2',
    missingImages: [MISSING_IMAGE],
    services: [
      {
        applicationId: ids.applicationId,
        appName: ids.appName,
        name: APP_NAME,
        sourceType: 'docker',
        dockerImage: GOOD_IMAGE,
        env: null,
        // A docker pull from the local registry plus a Swarm update: a fraction of a second.
        deploy: { buildDuration: '300ms' },
      },
      {
        composeId: ids.composeId,
        appName: ids.composeAppName,
        name: COMPOSE_NAME,
        sourceType: 'raw',
        env: null,
        // `up -d` waits for the slow service's health check.
        deploy: { buildDuration: '3s' },
      },
    ],
  };
}

/**
 * Creates (or finds) the `sandbox-parity` project, its application and compose stack, and sets
 * their configuration; never touches anything else on the server.
 */
export async function ensureParityProject(url: string, apiKey: string): Promise<ParityIds> {
  const api = dokployApi(url, apiKey);
  type Env = {
    environmentId: string;
    name: string;
    applications: { applicationId: string; name: string }[];
    compose: { composeId: string; name: string }[];
  };
  const find = async () =>
    ((await api('project.all')) as { name: string; environments: Env[] }[]).find(
      (p) => p.name === PARITY_PROJECT,
    );
  let project = await find();
  if (!project) {
    await api('project.create', { name: PARITY_PROJECT, description: 'dokploy-deploy sandbox parity' });
    project = await find();
  }
  const env = project!.environments.find((e) => e.name === 'production') ?? project!.environments[0]!;
  const app =
    env.applications.find((a) => a.name === APP_NAME) ??
    ((await api('application.create', { name: APP_NAME, environmentId: env.environmentId })) as {
      applicationId: string;
    });
  const compose =
    env.compose.find((c) => c.name === COMPOSE_NAME) ??
    ((await api('compose.create', {
      name: COMPOSE_NAME,
      environmentId: env.environmentId,
      composeType: 'docker-compose',
      sourceType: 'raw',
    })) as { composeId: string });
  const { applicationId } = app;
  const { composeId } = compose;
  await api('application.saveDockerProvider', {
    applicationId,
    dockerImage: GOOD_IMAGE,
    username: null,
    password: null,
    registryUrl: null,
  });
  await api('application.saveEnvironment', {
    applicationId,
    env: null,
    buildArgs: null,
    buildSecrets: null,
    createEnvFile: true,
  });
  // Host-mode ports and Swarm's default start-first order cannot both hold on one node.
  await api('application.update', {
    applicationId,
    updateConfigSwarm: { Parallelism: 1, Order: 'stop-first', FailureAction: 'rollback' },
  });
  const row = (await api('application.one', { applicationId })) as { ports?: { publishedPort: number }[] };
  if (!row.ports?.some((p) => p.publishedPort === APP_PORT)) {
    await api('port.create', {
      applicationId,
      publishedPort: APP_PORT,
      targetPort: 8080,
      publishMode: 'host',
      protocol: 'tcp',
    });
  }
  await api('compose.update', { composeId, sourceType: 'raw', composeFile: parityCompose('setup') });
  await api('compose.saveEnvironment', { composeId, env: null, createEnvFile: true });
  const appName = ((await api('application.one', { applicationId })) as { appName: string }).appName;
  const composeAppName = ((await api('compose.one', { composeId })) as { appName: string }).appName;
  return { applicationId, composeId, appName, composeAppName };
}

/** The parity objects' ids and appNames. */
export interface ParityIds {
  applicationId: string;
  composeId: string;
  appName: string;
  composeAppName: string;
}

/**
 * The parity stack's compose file. `docker compose up -d` waits for `slow` to be healthy (about
 * 3 s), so a compose deploy really runs for a while; `mark` changes the file, which recreates it.
 */
export function parityCompose(mark: string): string {
  return `services:
  slow:
    image: ${REGISTRY}/kit/base:1
    command: ["sh", "-c", "sleep 3; touch /tmp/ready; exec sleep 86400"]
    stop_signal: SIGKILL
    environment:
      PARITY_MARK: "${mark}"
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 30
  web:
    image: ${GOOD_IMAGE}
    environment:
      APP_NAME: parity
    ports: ["127.0.0.1:${COMPOSE_PORT}:8080"]
    depends_on:
      slow:
        condition: service_healthy
`;
}

// ---------------------------------------------------------------------------------------------
// The scenario: every step records facts (plain JSON values, already normalised).

type Facts = Record<string, unknown>;

async function observe(target: Target, log: (line: string) => void): Promise<Facts> {
  const facts: Facts = {};
  const c = connect(target);
  const step = async (name: string, fn: () => Promise<void>): Promise<void> => {
    const t = Date.now();
    try {
      await fn();
    } catch (error) {
      facts[`${name}: step failed`] = (error as Error).message;
    }
    log(`${target.label}: ${name} (${Date.now() - t} ms)`);
  };
  await step('errors', () => errorFacts(c, facts));
  await step('env', () => envFacts(c, facts));
  await step('application deploy', () =>
    deployFacts(c, facts, 'application deploy', 'application', [
      { procedure: 'application.deploy', title: 'parity: titled deploy', description: 'parity description' },
      { procedure: 'application.deploy' },
    ]),
  );
  await step('application redeploy', () =>
    deployFacts(c, facts, 'application redeploy', 'application', [
      { procedure: 'application.redeploy', title: '', description: '' },
    ]),
  );
  await step('queue blocked by a compose deploy, then cleanQueues', () => cleanQueueFacts(c, facts));
  await step('application error', async () => {
    await c.post('application.saveDockerProvider', {
      applicationId: target.applicationId,
      dockerImage: MISSING_IMAGE,
      username: null,
      password: null,
      registryUrl: null,
    });
    try {
      await deployFacts(c, facts, 'application error', 'application', [
        { procedure: 'application.deploy', title: 'parity: failing deploy' },
      ]);
    } finally {
      await c.post('application.saveDockerProvider', {
        applicationId: target.applicationId,
        dockerImage: GOOD_IMAGE,
        username: null,
        password: null,
        registryUrl: null,
      });
    }
  });
  await step('compose deploy', async () => {
    await c.post('compose.update', {
      composeId: target.composeId,
      composeFile: parityCompose(`deploy-${Date.now()}`),
    });
    await deployFacts(c, facts, 'compose deploy', 'compose', [
      { procedure: 'compose.deploy', title: 'parity: compose deploy', description: 'compose description' },
      { procedure: 'compose.redeploy' },
    ]);
  });
  return facts;
}

/** Error bodies: what a client sees for each mistake. */
async function errorFacts(c: Connection, facts: Facts): Promise<void> {
  const { applicationId, composeId } = c.target;
  const cases: [string, () => Promise<Raw>][] = [
    ['wrong key, GET', () => c.raw('GET', '/api/settings.getDokployVersion', { key: 'wrong-key' })],
    ['no key, POST', () => c.raw('POST', '/api/application.deploy', { key: null, json: { applicationId } })],
    ['wrong key, unknown procedure', () => c.raw('GET', '/api/nope.nothing', { key: 'wrong-key' })],
    ['version', () => c.raw('GET', '/api/settings.getDokployVersion')],
    ['procedure name in another case', () => c.raw('GET', '/api/Settings.GetDokployVersion')],
    ['health', () => c.raw('GET', '/api/health', { key: null })],
    ['unknown procedure', () => c.raw('GET', '/api/nope.nothing')],
    ['slash path', () => c.raw('GET', '/api/settings/getDokployVersion')],
    ['wrong method (POST to a query)', () => c.raw('POST', '/api/settings.getDokployVersion', { json: {} })],
    [
      'wrong method (GET to a mutation)',
      () => c.raw('GET', `/api/application.deploy?applicationId=${applicationId}`),
    ],
    ['trailing slash', () => c.raw('GET', '/api/settings.getDokployVersion/')],
    ['trailing slash with a query', () => c.raw('GET', '/api/deployment.all/?applicationId=x')],
    ['unknown application id (one)', () => c.raw('GET', '/api/application.one?applicationId=parity-nope')],
    ['unknown compose id (one)', () => c.raw('GET', '/api/compose.one?composeId=parity-nope')],
    [
      'unknown application id (deploy)',
      () => c.raw('POST', '/api/application.deploy', { json: { applicationId: 'parity-nope' } }),
    ],
    [
      'unknown compose id (deploy)',
      () => c.raw('POST', '/api/compose.deploy', { json: { composeId: 'parity-nope' } }),
    ],
    [
      'unknown application id (redeploy)',
      () => c.raw('POST', '/api/application.redeploy', { json: { applicationId: 'parity-nope' } }),
    ],
    [
      'unknown application id (deployment.all)',
      () => c.raw('GET', '/api/deployment.all?applicationId=parity-nope'),
    ],
    [
      'unknown compose id (deployment.allByCompose)',
      () => c.raw('GET', '/api/deployment.allByCompose?composeId=parity-nope'),
    ],
    [
      'unknown id (deployment.allByType)',
      () => c.raw('GET', '/api/deployment.allByType?id=parity-nope&type=application'),
    ],
    [
      'bad type (deployment.allByType)',
      () => c.raw('GET', '/api/deployment.allByType?id=parity-nope&type=nothing'),
    ],
    [
      'unknown deployment id (readLogs)',
      () => c.raw('GET', '/api/deployment.readLogs?deploymentId=parity-nope'),
    ],
    ['readLogs tail=0', () => c.raw('GET', '/api/deployment.readLogs?deploymentId=parity-nope&tail=0')],
    [
      'readLogs tail=20000',
      () => c.raw('GET', '/api/deployment.readLogs?deploymentId=parity-nope&tail=20000'),
    ],
    ['readLogs tail=abc', () => c.raw('GET', '/api/deployment.readLogs?deploymentId=parity-nope&tail=abc')],
    ['readLogs tail=1.5', () => c.raw('GET', '/api/deployment.readLogs?deploymentId=parity-nope&tail=1.5')],
    ['missing id (GET)', () => c.raw('GET', '/api/application.one')],
    ['empty id (GET)', () => c.raw('GET', '/api/application.one?applicationId=')],
    ['repeated id (GET)', () => c.raw('GET', '/api/application.one?applicationId=a&applicationId=b')],
    ['missing id (POST)', () => c.raw('POST', '/api/application.deploy', { json: {} })],
    ['number id (POST)', () => c.raw('POST', '/api/application.deploy', { json: { applicationId: 5 } })],
    [
      'empty body (POST)',
      () => c.raw('POST', '/api/application.deploy', { body: '', type: 'application/json' }),
    ],
    [
      'malformed JSON',
      () => c.raw('POST', '/api/application.deploy', { body: '{"applicationId":', type: 'application/json' }),
    ],
    [
      'malformed JSON, no key',
      () => c.raw('POST', '/api/application.deploy', { key: null, body: '{bad', type: 'application/json' }),
    ],
    [
      'form content type',
      () =>
        c.raw('POST', '/api/application.deploy', {
          body: 'applicationId=x',
          type: 'application/x-www-form-urlencoded',
        }),
    ],
    ['no content type', () => c.raw('POST', '/api/application.deploy', { body: '{}', type: null })],
    [
      'form content type, unknown procedure',
      () => c.raw('POST', '/api/nope.nothing', { body: 'a=1', type: 'text/plain' }),
    ],
    [
      'saveEnvironment without fields',
      () => c.raw('POST', '/api/application.saveEnvironment', { json: { applicationId } }),
    ],
    [
      'saveEnvironment unknown id',
      () =>
        c.raw('POST', '/api/application.saveEnvironment', {
          json: {
            applicationId: 'parity-nope',
            env: 'A=1',
            buildArgs: null,
            buildSecrets: null,
            createEnvFile: false,
          },
        }),
    ],
    [
      'compose.saveEnvironment without env',
      () => c.raw('POST', '/api/compose.saveEnvironment', { json: { composeId } }),
    ],
    [
      'compose.saveEnvironment unknown id',
      () => c.raw('POST', '/api/compose.saveEnvironment', { json: { composeId: 'parity-nope', env: 'A=1' } }),
    ],
    [
      'saveDockerProvider without fields',
      () => c.raw('POST', '/api/application.saveDockerProvider', { json: { applicationId } }),
    ],
    [
      'saveDockerProvider unknown id',
      () =>
        c.raw('POST', '/api/application.saveDockerProvider', {
          json: {
            applicationId: 'parity-nope',
            dockerImage: 'x',
            username: null,
            password: null,
            registryUrl: null,
          },
        }),
    ],
    [
      'application.update unknown id',
      () => c.raw('POST', '/api/application.update', { json: { applicationId: 'parity-nope', env: 'A=1' } }),
    ],
    [
      'compose.update unknown id',
      () => c.raw('POST', '/api/compose.update', { json: { composeId: 'parity-nope', env: 'A=1' } }),
    ],
    [
      'application.cancelDeployment',
      () => c.raw('POST', '/api/application.cancelDeployment', { json: { applicationId } }),
    ],
    [
      'application.cancelDeployment unknown id',
      () => c.raw('POST', '/api/application.cancelDeployment', { json: { applicationId: 'parity-nope' } }),
    ],
    [
      'compose.cancelDeployment',
      () => c.raw('POST', '/api/compose.cancelDeployment', { json: { composeId } }),
    ],
    [
      'application.cleanQueues unknown id',
      () => c.raw('POST', '/api/application.cleanQueues', { json: { applicationId: 'parity-nope' } }),
    ],
    [
      'compose.cleanQueues unknown id',
      () => c.raw('POST', '/api/compose.cleanQueues', { json: { composeId: 'parity-nope' } }),
    ],
    [
      'rollback unknown id',
      () => c.raw('POST', '/api/rollback.rollback', { json: { rollbackId: 'parity-nope' } }),
    ],
  ];
  for (const [name, run] of cases) facts[`error: ${name}`] = c.normalise(await run());
}

/** Env semantics of application.saveEnvironment and compose.saveEnvironment. */
async function envFacts(c: Connection, facts: Facts): Promise<void> {
  const { applicationId, composeId } = c.target;
  const appEnv = async (): Promise<unknown> => {
    const row = (await c.get('application.one', { applicationId })).json as Record<string, unknown>;
    return pick(row, ['env', 'buildArgs', 'buildSecrets', 'createEnvFile']);
  };
  const composeEnv = async (): Promise<unknown> => {
    const row = (await c.get('compose.one', { composeId })).json as Record<string, unknown>;
    return pick(row, ['env', 'createEnvFile']);
  };
  facts['env: application.one before'] = await appEnv();
  const save = (values: Record<string, unknown>) =>
    c.post('application.saveEnvironment', { applicationId, ...values });
  facts['env: application.saveEnvironment answer'] = c.normalise(
    await save({ env: 'A=1\nB=two words', buildArgs: 'X=1', buildSecrets: 'S=secret', createEnvFile: false }),
  );
  facts['env: application after a full save'] = await appEnv();
  await save({ env: '', buildArgs: '', buildSecrets: null, createEnvFile: true });
  facts['env: application after empty strings and null'] = await appEnv();
  await save({ env: null, buildArgs: null, buildSecrets: null, createEnvFile: true });
  facts['env: application after nulls'] = await appEnv();
  facts['env: application.update with env answer'] = c.normalise(
    await c.post('application.update', { applicationId, env: 'U=1' }),
  );
  facts['env: application after update'] = await appEnv();
  await save({ env: null, buildArgs: null, buildSecrets: null, createEnvFile: true });

  facts['env: compose.one before'] = await composeEnv();
  facts['env: compose.saveEnvironment answer'] = c.normalise(
    await c.post('compose.saveEnvironment', { composeId, env: 'C=1', createEnvFile: false }),
  );
  facts['env: compose after a save with createEnvFile false'] = await composeEnv();
  await c.post('compose.saveEnvironment', { composeId, env: 'C=2' });
  facts['env: compose after a save without createEnvFile'] = await composeEnv();
  await c.post('compose.saveEnvironment', { composeId, env: null, createEnvFile: true });
  facts['env: compose after null env'] = await composeEnv();
  const updated = (await c.post('compose.update', { composeId, env: 'D=1' })).json as Record<string, unknown>;
  facts['env: compose.update answer'] = {
    composeId: c.normalise(updated?.composeId),
    env: updated?.env,
    relations: ['deployments', 'environment', 'domains', 'mounts'].filter((k) => k in (updated ?? {})),
  };
  facts['env: compose after update'] = await composeEnv();
  await c.post('compose.saveEnvironment', { composeId, env: null, createEnvFile: true });
}

interface DeployRequest {
  procedure: string;
  title?: string;
  description?: string;
}

/** Sends deploy requests back to back and follows every record they create to its end. */
async function deployFacts(
  c: Connection,
  facts: Facts,
  name: string,
  kind: 'application' | 'compose',
  requests: DeployRequest[],
): Promise<void> {
  const ref: Record<string, string> =
    kind === 'application' ? { applicationId: c.target.applicationId } : { composeId: c.target.composeId };
  const before = new Set((await c.records(kind)).map((r) => r.deploymentId));
  const answers: unknown[] = [];
  const started = Date.now();
  const queueAtAnswer: Job[] = [];
  for (const request of requests) {
    const input: Record<string, unknown> = { ...ref };
    if (request.title !== undefined) input.title = request.title;
    if (request.description !== undefined) input.description = request.description;
    answers.push(c.normalise(await c.post(request.procedure, input)));
    queueAtAnswer.push(...(await c.ourJobs()));
  }
  facts[`${name}: answers`] = answers;
  const timeline = await follow(c, kind, before, requests.length, started);
  facts[`${name}: service status after the end`] = (
    (await c.get(`${kind}.one`, ref)).json as Record<string, unknown>
  )[kind === 'application' ? 'applicationStatus' : 'composeStatus'];
  describeTimeline(c, facts, name, requests, timeline, queueAtAnswer);
  for (const [i, record] of timeline.records.entries()) {
    await logFacts(c, facts, `${name} #${i + 1}`, record.deploymentId);
  }
}

interface Sample {
  at: number;
  jobs: Job[];
  records: RecordRow[];
  serviceStatus: unknown;
}
interface Timeline {
  samples: Sample[];
  /** New records in creation order, as last seen. */
  records: RecordRow[];
}

async function follow(
  c: Connection,
  kind: 'application' | 'compose',
  before: Set<string>,
  expected: number,
  started: number,
): Promise<Timeline> {
  const samples: Sample[] = [];
  const ref: Record<string, string> =
    kind === 'application' ? { applicationId: c.target.applicationId } : { composeId: c.target.composeId };
  let records: RecordRow[] = [];
  let settledAt: number | undefined;
  while (Date.now() - started < FOLLOW_DEADLINE_MS) {
    // Records first, then the queue: a job seen waiting had not started when the records were read.
    records = (await c.records(kind)).filter((r) => !before.has(r.deploymentId)).reverse();
    const jobs = await c.ourJobs();
    const row = (await c.get(`${kind}.one`, ref)).json as Record<string, unknown>;
    samples.push({
      at: Date.now() - started,
      jobs,
      records,
      serviceStatus: row[kind === 'application' ? 'applicationStatus' : 'composeStatus'],
    });
    const ended = records.length >= expected && records.every((r) => r.status !== 'running');
    if (ended && jobs.length === 0) {
      // One more second of samples: nothing may change after the end.
      settledAt ??= Date.now();
      if (Date.now() - settledAt > 1000) break;
    }
    await sleep(POLL_MS);
  }
  return { samples, records };
}

/** Facts that hold whatever else the server is doing; timing in coarse classes. */
function describeTimeline(
  c: Connection,
  facts: Facts,
  name: string,
  requests: DeployRequest[],
  timeline: Timeline,
  queueAtAnswer: Job[],
): void {
  const { samples, records } = timeline;
  facts[`${name}: records created`] = records.length;
  facts[`${name}: final records (oldest first)`] = records.map((r) => c.normalise(r));
  facts[`${name}: queue entries right after each answer (data)`] = dedupe(
    queueAtAnswer.map((j) => c.normalise(j.data)),
  );
  const seenJobs = [...queueAtAnswer, ...samples.flatMap((s) => s.jobs)];
  // Each record's observed statuses must be a suffix of running → terminal.
  const statusPaths = records.map((r) =>
    squeeze(
      samples.map((s) => s.records.find((x) => x.deploymentId === r.deploymentId)?.status).filter(Boolean),
    ),
  );
  facts[`${name}: statuses only move running → terminal`] = statusPaths.every(
    (path) => path.length <= 2 && (path.length < 2 || path[0] === 'running') && path.at(-1) !== 'running',
  );
  // Title and description never change (docker and raw sources: no git rewrite).
  facts[`${name}: title/description stay as created`] = records.every((r) =>
    samples.every((s) => {
      const seen = s.records.find((x) => x.deploymentId === r.deploymentId);
      return !seen || (seen.title === r.title && seen.description === r.description);
    }),
  );
  facts[`${name}: finishedAt set exactly when terminal`] = samples.every((s) =>
    s.records.every((r) => (r.status === 'running' || r.status === 'cancelled') === (r.finishedAt === null)),
  );
  // The deploy's expected-end polling reads build lengths from these two timestamps.
  facts[`${name}: a done record's finishedAt is after its createdAt`] = records
    .filter((r) => r.status === 'done')
    .every((r) => Date.parse(String(r.finishedAt)) > Date.parse(String(r.createdAt)));
  // No record exists for a job that has not started: new records ≤ requests − waiting jobs.
  facts[`${name}: a record exists before its job is active`] = samples.some(
    (s) => s.records.length > requests.length - s.jobs.filter((j) => j.state === 'waiting').length,
  );
  facts[`${name}: one active job of this service at a time`] = samples.every(
    (s) => s.jobs.filter((j) => j.state === 'active').length <= 1,
  );
  facts[`${name}: at most one running record at a time`] = samples.every(
    (s) => s.records.filter((r) => r.status === 'running').length <= 1,
  );
  facts[`${name}: processedOn only on active entries`] = seenJobs.every(
    (j) => (j.state === 'active') === j.hasProcessedOn,
  );
  // Timing: from the job turning active to its record appearing; from the record's end to the
  // job leaving the queue.
  // Server-side times: a record's createdAt against the processedOn of the job that made it (when
  // a poll saw that job active; a fast job may never be seen, which proves nothing either way).
  const seenActive = seenJobs.filter((j) => j.state === 'active' && typeof j.processedOn === 'number');
  facts[`${name}: each record appears within 1 s of its job starting`] = records.every((r) => {
    const job = seenActive.find((j) => j.titleLog === r.title);
    const created = Date.parse(String(r.createdAt));
    return !job || (created >= job.processedOn! - 50 && created - job.processedOn! < 1000);
  });
  const lastEnd = samples.find(
    (s) => s.records.length === records.length && s.records.every((r) => r.status !== 'running'),
  )?.at;
  const queueEmptyAt = samples.find((s) => s.at >= (lastEnd ?? Infinity) && s.jobs.length === 0)?.at;
  facts[`${name}: queue empties after the last end`] =
    lastEnd === undefined || queueEmptyAt === undefined
      ? 'never'
      : classify(queueEmptyAt - lastEnd, [5000, 20000]);
  // `running` is seen only when a poll falls inside the build (a docker pull takes ~0.2 s).
  // Before its job starts the service keeps whatever status it had (saveDockerProvider sets idle).
  facts[`${name}: service status values seen once a record exists (besides running)`] = dedupe(
    samples
      .filter((s) => s.records.length > 0)
      .map((s) => s.serviceStatus)
      .filter((v) => v !== 'running'),
  ).sort();
}

/** Build log: format and tail semantics. */
async function logFacts(c: Connection, facts: Facts, name: string, deploymentId: string): Promise<void> {
  const all = (await c.get('deployment.readLogs', { deploymentId, tail: '10000' })).json;
  const text = typeof all === 'string' ? all : '';
  const lines = text.split('\n');
  facts[`${name}: log ends with a newline`] = text.endsWith('\n');
  // Docker's per-layer pull lines and compose's per-container progress lines depend on what the
  // daemon already has; they are left out.
  facts[`${name}: log (normalised)`] = lines
    .map((l) => c.normaliseText(l))
    .filter((l) => !/^[0-9a-f]{12}: /.test(l) && !/^ (Container|Network|Volume|Image) /.test(l));
  facts[`${name}: log default tail is the whole short log`] =
    (await c.get('deployment.readLogs', { deploymentId })).json === text;
  const one = (await c.get('deployment.readLogs', { deploymentId, tail: '1' })).json;
  facts[`${name}: log tail=1`] = c.normaliseText(String(one));
  facts[`${name}: log tail=2 is the last two lines`] =
    (await c.get('deployment.readLogs', { deploymentId, tail: '2' })).json ===
    `${lines.slice(-3).join('\n')}`;
}

/**
 * The queue: a compose deploy runs (~3 s); two application deploys queued meanwhile wait (one job
 * at a time on the server); `application.cleanQueues` drops them, and they never make a record.
 */
async function cleanQueueFacts(c: Connection, facts: Facts): Promise<void> {
  const name = 'queue';
  const app = { applicationId: c.target.applicationId };
  const appBefore = new Set((await c.records('application')).map((r) => r.deploymentId));
  const composeBefore = new Set((await c.records('compose')).map((r) => r.deploymentId));
  await c.post('compose.update', {
    composeId: c.target.composeId,
    composeFile: parityCompose(`queue-${Date.now()}`),
  });
  const started = Date.now();
  await c.post('compose.deploy', { composeId: c.target.composeId, title: 'parity: blocker' });
  // Wait (bounded) until the blocker runs: other people's jobs may be ahead of it on a shared server.
  while (Date.now() - started < FOLLOW_DEADLINE_MS) {
    const blocker = (await c.ourJobs()).find((j) => j.titleLog === 'parity: blocker');
    if (!blocker || blocker.state === 'active') break;
    await sleep(POLL_MS);
  }
  await c.post('application.deploy', { ...app, title: 'parity: waiting 1', description: 'first' });
  await c.post('application.deploy', { ...app, title: 'parity: waiting 2' });
  const waiting = await c.ourJobs();
  facts[`${name}: entries while the blocker runs (newest first)`] = waiting.map((j) => ({
    state: j.state,
    titleLog: j.titleLog,
    keys: j.keys,
    data: c.normalise(j.data),
  }));
  facts[`${name}: application records while its jobs wait`] = (await c.records('application')).filter(
    (r) => !appBefore.has(r.deploymentId),
  ).length;
  facts[`${name}: cleanQueues answer`] = c.normalise(await c.post('application.cleanQueues', app));
  facts[`${name}: entries after cleanQueues`] = (await c.ourJobs()).map((j) => ({
    state: j.state,
    titleLog: j.titleLog,
  }));
  await follow(c, 'compose', composeBefore, 1, started);
  await sleep(500);
  facts[`${name}: application records after the blocker ended`] = (await c.records('application')).filter(
    (r) => !appBefore.has(r.deploymentId),
  ).length;
  facts[`${name}: blocker record`] = (await c.records('compose'))
    .filter((r) => !composeBefore.has(r.deploymentId))
    .map((r) => ({ title: r.title, status: r.status }));
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Lists every fact whose normalised value differs, as `fact: sandbox X, real Y`. */
export function diffFacts(sandbox: Facts, real: Facts): string[] {
  const names = [...new Set([...Object.keys(real), ...Object.keys(sandbox)])];
  const out: string[] = [];
  for (const name of names) {
    const a = stable(sandbox[name]);
    const b = stable(real[name]);
    if (a !== b) out.push(`${name}: sandbox ${a ?? '(not observed)'}, real ${b ?? '(not observed)'}`);
  }
  return out;
}

function stable(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Transport and normalisation

interface Raw {
  status: number;
  type: string | null;
  location: string | null;
  text: string;
  json: unknown;
}
interface RecordRow {
  deploymentId: string;
  title: string;
  description: string | null;
  status: string;
  finishedAt: string | null;
  [key: string]: unknown;
}
interface Job {
  id: string;
  state: string;
  titleLog: unknown;
  keys: string[];
  hasProcessedOn: boolean;
  processedOn: number | undefined;
  data: unknown;
}
type Connection = ReturnType<typeof connect>;

function connect(target: Target) {
  const ids = new Map<string, string>([
    [target.applicationId, '<applicationId>'],
    [target.composeId, '<composeId>'],
  ]);
  let appNames: string[] = [];
  let scopeIds: [string, string][] = [];
  const raw = async (
    method: 'GET' | 'POST',
    path: string,
    options: { key?: string | null; json?: unknown; body?: string; type?: string | null } = {},
  ): Promise<Raw> => {
    const headers: Record<string, string> = {};
    const key = options.key === undefined ? target.apiKey : options.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.body !== undefined) {
      body = options.body;
      if (options.type) headers['content-type'] = options.type;
    }
    const response = await fetch(`${target.url}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      location: response.headers.get('location'),
      text,
      json,
    };
  };
  const query = (input: Record<string, string>): string =>
    Object.keys(input).length ? `?${new URLSearchParams(input).toString()}` : '';
  const get = (procedure: string, input: Record<string, string> = {}) =>
    raw('GET', `/api/${procedure}${query(input)}`);
  const post = (procedure: string, input: Record<string, unknown>) =>
    raw('POST', `/api/${procedure}`, { json: input });
  const normaliseText = (text: string): string => {
    let out = text;
    for (const [id, placeholder] of ids) out = out.split(id).join(placeholder);
    for (const appName of appNames) out = out.split(appName).join('<appName>');
    for (const [id, placeholder] of scopeIds) out = out.split(id).join(placeholder);
    return out
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replace(/\d{4}-\d\d-\d\d:\d\d:\d\d:\d\d/g, '<stamp>')
      .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>');
  };
  const normaliseValue = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') {
      if (/^(deploymentId|rollbackId|id)$/.test(key) && value !== '') return `<${key}>`;
      return normaliseText(value);
    }
    if (typeof value === 'number' && /^(timestamp|processedOn|finishedOn)$/.test(key)) return '<ms>';
    if (Array.isArray(value)) return value.map((v) => normaliseValue(v));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, normaliseValue(v, k)]),
      );
    }
    return value;
  };
  const connection = {
    target,
    raw,
    get,
    post,
    normaliseText,
    /** A raw answer as a comparable fact (status, media type, location, body). */
    normalise(value: Raw | unknown): unknown {
      if (isRaw(value)) {
        return {
          status: value.status,
          type: value.type,
          ...(value.location === null ? {} : { location: normaliseText(value.location) }),
          body: value.json === undefined ? normaliseText(value.text) : normaliseValue(value.json),
        };
      }
      return normaliseValue(value);
    },
    async records(kind: 'application' | 'compose'): Promise<RecordRow[]> {
      const answer =
        kind === 'application'
          ? await get('deployment.all', { applicationId: target.applicationId })
          : await get('deployment.allByCompose', { composeId: target.composeId });
      return Array.isArray(answer.json) ? (answer.json as RecordRow[]) : [];
    },
    /** Our service's entries in the server's queue (other people's entries are ignored). */
    async ourJobs(): Promise<Job[]> {
      const answer = await get('deployment.queueList');
      const rows = Array.isArray(answer.json) ? (answer.json as Record<string, unknown>[]) : [];
      return rows
        .filter((r) => {
          const data = (r.data ?? {}) as Record<string, unknown>;
          return data.applicationId === target.applicationId || data.composeId === target.composeId;
        })
        .map((r) => {
          const data = (r.data ?? {}) as Record<string, unknown>;
          return {
            id: String(r.id),
            state: String(r.state),
            titleLog: data.titleLog,
            keys: Object.keys(r)
              .filter((k) => r[k] !== undefined)
              .sort(),
            hasProcessedOn: typeof r.processedOn === 'number',
            processedOn: typeof r.processedOn === 'number' ? r.processedOn : undefined,
            data: { ...data, servicePath: r.servicePath },
          };
        });
    },
  };
  // The appNames are learnt once (they appear in log paths and log lines).
  const learn = async (): Promise<void> => {
    const a = (await get('application.one', { applicationId: target.applicationId })).json as {
      appName?: string;
      environmentId?: string;
      environment?: { projectId?: string };
    };
    scopeIds = [
      [a?.environment?.projectId ?? '\u0000', '<projectId>'],
      [a?.environmentId ?? '\u0000', '<environmentId>'],
    ];
    const c = (await get('compose.one', { composeId: target.composeId })).json as { appName?: string };
    appNames = [a?.appName, c?.appName].filter((n): n is string => typeof n === 'string' && n !== '');
  };
  const ready = learn();
  return {
    ...connection,
    get: async (...args: Parameters<typeof get>) => (await ready, get(...args)),
    post: async (...args: Parameters<typeof post>) => (await ready, post(...args)),
    raw: async (...args: Parameters<typeof raw>) => (await ready, raw(...args)),
  };
}

function isRaw(value: unknown): value is Raw {
  return (
    typeof value === 'object' && value !== null && 'status' in value && 'text' in value && 'json' in value
  );
}

function pick(row: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row?.[k]]));
}

function dedupe<T>(values: T[]): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = JSON.stringify(sortKeys(v));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function squeeze<T>(values: T[]): T[] {
  return values.filter((v, i) => i === 0 || v !== values[i - 1]);
}

function classify(ms: number, bounds: [number, number]): string {
  if (ms < bounds[0]) return `under ${bounds[0]} ms`;
  if (ms < bounds[1]) return `under ${bounds[1]} ms`;
  return `${bounds[1]} ms or more`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dump = process.argv.includes('--dump');
  const report = await compareSandbox({ log: (line) => console.error(line) });
  if (dump) console.log(JSON.stringify({ sandbox: report.sandbox, real: report.real }, null, 2));
  console.log(
    report.differences.length === 0
      ? `sandbox follows the real Dokploy (${report.durationMs} ms)`
      : `${report.differences.length} difference(s) (${report.durationMs} ms):\n- ${report.differences.join('\n- ')}`,
  );
  process.exitCode = report.differences.length === 0 ? 0 : 1;
}
