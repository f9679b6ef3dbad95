/**
 * The seed's four projects on a real Dokploy, made through Dokploy's own HTTP API, with a production
 * and a staging environment each:
 *   infrastructure       compose stack (raw compose file): Redis (kit/redis), a TCP echo service and
 *                        a web service that serves its environment
 *   bizoholic-platform   application "bizoholic"  (docker source, 127.0.0.1:5000/kit/web:v1)
 *   coreldove-platform   application "coreldove"  (docker source)
 *   management-platform  application "management" (docker source)
 *   git-build            application "builder": a Dockerfile built from a git server on 127.0.0.1
 * Every service publishes its port on 127.0.0.1 (Swarm host mode: this kernel has no IP_VS for the
 * routing mesh), so tests reach it from the host. Idempotent: what exists (by name) is kept, and its
 * settings are set again. `npx tsx scripts/dokploy/fixtures.ts [--git-url URL]` prints the ids.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Deployment } from '../../src/lib/dokploy-client.js';

export const REGISTRY = '127.0.0.1:5000';
export type EnvironmentName = 'production' | 'staging';
export const ENVIRONMENTS: EnvironmentName[] = ['production', 'staging'];

/** One service of the fixtures in one environment. */
export interface FixtureService {
  kind: 'application' | 'compose';
  id: string;
  appName: string;
  /** Where its health endpoint answers on the host. */
  healthUrl: string;
  /** Host port of the service's web endpoint (/health, /version, /env). */
  port: number;
}

/** Ids by platform, then environment. */
export type Fixtures = Record<string, Record<EnvironmentName, FixtureService>>;

/** The platforms: project name, service name, and host ports (staging adds 100). */
const APPLICATIONS = [
  { platform: 'bizoholic', project: 'bizoholic-platform', port: 18081 },
  { platform: 'coreldove', project: 'coreldove-platform', port: 18082 },
  { platform: 'management', project: 'management-platform', port: 18083 },
] as const;
const GIT_APP = { platform: 'builder', project: 'git-build', port: 18084 } as const;
const INFRA = {
  platform: 'infrastructure',
  project: 'infrastructure',
  webPort: 17080,
  redisPort: 16379,
  tcpPort: 17000,
};

export const portFor = (base: number, environment: EnvironmentName): number =>
  environment === 'production' ? base : base + 100;

/** The host ports of the infrastructure stack's three services in one environment. */
export function infrastructurePorts(environment: EnvironmentName): {
  web: number;
  redis: number;
  tcp: number;
} {
  return {
    web: portFor(INFRA.webPort, environment),
    redis: portFor(INFRA.redisPort, environment),
    tcp: portFor(INFRA.tcpPort, environment),
  };
}

/** The infrastructure stack's compose file for one environment. */
export function infrastructureCompose(environment: EnvironmentName, webImage = 'kit/web:v1'): string {
  const { web, redis, tcp } = infrastructurePorts(environment);
  return `services:
  cache:
    image: ${REGISTRY}/kit/redis:7
    ports: ["127.0.0.1:${redis}:6379"]
  echo:
    image: ${REGISTRY}/kit/base:1
    command: ["nc", "-ll", "-p", "7000", "-e", "/bin/echo", "ok"]
    ports: ["127.0.0.1:${tcp}:7000"]
  web:
    image: ${REGISTRY}/${webImage}
    environment:
      APP_NAME: infrastructure
      KIT_MARK: \${KIT_MARK:-unset}
    ports: ["127.0.0.1:${web}:8080"]
`;
}

/** The git-sourced application's Dockerfile (the repository the tests serve holds it). */
export const BUILDER_DOCKERFILE = `FROM ${REGISTRY}/kit/web:v1\nCOPY version /version\n`;

/** A minimal API caller for setting things up (the kit's own client covers only what deploys need). */
export function dokployApi(url: string, apiKey: string) {
  return async function api(procedure: string, input: Record<string, unknown> = {}, method?: 'GET' | 'POST') {
    const verb = method ?? (/\.(one|all|by\w*|get\w*|read\w*)$/.test(procedure) ? 'GET' : 'POST');
    const query =
      verb === 'GET' && Object.keys(input).length
        ? `?${new URLSearchParams(input as Record<string, string>)}`
        : '';
    const response = await fetch(`${url}/api/${procedure}${query}`, {
      method: verb,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      ...(verb === 'POST' ? { body: JSON.stringify(input) } : {}),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${verb} /api/${procedure} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

interface ProjectRow {
  projectId: string;
  name: string;
  environments: {
    environmentId: string;
    name: string;
    applications: { applicationId: string; name: string; appName: string }[];
    compose: { composeId: string; name: string; appName: string }[];
  }[];
}

/**
 * Creates (or finds) every fixture and sets its configuration. `gitUrl` is the builder's repository;
 * without it the builder keeps the repository it has (so a run that does not build from git, such as
 * the pipeline test or `npm run demo -- --real`, does not move a git test's builder to another server).
 */
export async function ensureFixtures(url: string, apiKey: string, gitUrl?: string): Promise<Fixtures> {
  const api = dokployApi(url, apiKey);
  const environmentIds = async (projectName: string): Promise<Record<EnvironmentName, string>> => {
    let project = ((await api('project.all')) as ProjectRow[]).find((p) => p.name === projectName);
    if (!project) {
      await api('project.create', { name: projectName, description: 'dokploy-deploy test fixture' });
      project = ((await api('project.all')) as ProjectRow[]).find((p) => p.name === projectName)!;
    }
    if (!project.environments.some((e) => e.name === 'staging')) {
      await api('environment.create', {
        name: 'staging',
        projectId: project.projectId,
        description: 'staging',
      });
      project = ((await api('project.all')) as ProjectRow[]).find((p) => p.name === projectName)!;
    }
    const id = (name: string) => project!.environments.find((e) => e.name === name)!.environmentId;
    return { production: id('production'), staging: id('staging') };
  };
  const servicesOf = async (projectName: string, environment: EnvironmentName) => {
    const project = ((await api('project.all')) as ProjectRow[]).find((p) => p.name === projectName)!;
    return project.environments.find((e) => e.name === environment)!;
  };

  const fixtures: Fixtures = {};
  const ensureApplication = async (
    platform: string,
    projectName: string,
    basePort: number,
    configure: (applicationId: string, environment: EnvironmentName) => Promise<void>,
  ) => {
    const envIds = await environmentIds(projectName);
    fixtures[platform] = {} as Record<EnvironmentName, FixtureService>;
    for (const environment of ENVIRONMENTS) {
      let row = (await servicesOf(projectName, environment)).applications.find((a) => a.name === platform);
      if (!row) {
        row = await api('application.create', { name: platform, environmentId: envIds[environment] });
      }
      const applicationId = row!.applicationId;
      const port = portFor(basePort, environment);
      await configure(applicationId, environment);
      const app = await api('application.one', { applicationId });
      // Host-mode ports and Swarm's default start-first order cannot both hold on one node.
      await api('application.update', {
        applicationId,
        updateConfigSwarm: { Parallelism: 1, Order: 'stop-first', FailureAction: 'rollback' },
      });
      if (!app.ports?.some((p: { publishedPort: number }) => p.publishedPort === port)) {
        await api('port.create', {
          applicationId,
          publishedPort: port,
          targetPort: 8080,
          publishMode: 'host',
          protocol: 'tcp',
        });
      }
      fixtures[platform]![environment] = {
        kind: 'application',
        id: applicationId,
        appName: app.appName,
        healthUrl: `http://127.0.0.1:${port}/health`,
        port,
      };
    }
  };

  for (const { platform, project, port } of APPLICATIONS) {
    await ensureApplication(platform, project, port, async (applicationId) => {
      await api('application.saveDockerProvider', {
        applicationId,
        dockerImage: `${REGISTRY}/kit/web:v1`,
        username: null,
        password: null,
        registryUrl: null,
      });
      await api('application.saveEnvironment', {
        applicationId,
        env: `APP_NAME=${platform}`,
        buildArgs: null,
        buildSecrets: null,
        createEnvFile: false,
      });
    });
  }

  await ensureApplication(GIT_APP.platform, GIT_APP.project, GIT_APP.port, async (applicationId) => {
    if (gitUrl !== undefined) {
      await api('application.saveGitProvider', {
        applicationId,
        customGitUrl: gitUrl,
        customGitBranch: 'main',
        customGitBuildPath: '/',
        customGitSSHKeyId: null,
        watchPaths: null,
        enableSubmodules: false,
      });
    }
    await api('application.saveBuildType', {
      applicationId,
      buildType: 'dockerfile',
      dockerfile: 'Dockerfile',
      dockerContextPath: '',
      dockerBuildStage: '',
      herokuVersion: null,
      railpackVersion: null,
    });
    await api('application.saveEnvironment', {
      applicationId,
      env: 'APP_NAME=builder',
      buildArgs: null,
      buildSecrets: null,
      createEnvFile: false,
    });
  });

  const infraEnvIds = await environmentIds(INFRA.project);
  fixtures[INFRA.platform] = {} as Record<EnvironmentName, FixtureService>;
  for (const environment of ENVIRONMENTS) {
    let row = (await servicesOf(INFRA.project, environment)).compose.find((c) => c.name === INFRA.platform);
    if (!row) {
      row = await api('compose.create', {
        name: INFRA.platform,
        environmentId: infraEnvIds[environment],
        composeType: 'docker-compose',
        sourceType: 'raw',
      });
    }
    const composeId = row!.composeId;
    await api('compose.update', {
      composeId,
      sourceType: 'raw',
      composeFile: infrastructureCompose(environment),
    });
    const compose = await api('compose.one', { composeId });
    const port = portFor(INFRA.webPort, environment);
    fixtures[INFRA.platform]![environment] = {
      kind: 'compose',
      id: composeId,
      appName: compose.appName,
      healthUrl: `http://127.0.0.1:${port}/health`,
      port,
    };
  }
  return fixtures;
}

/** GET a URL on the host: its text, or undefined while nothing answers (or not with 2xx). */
export async function fetchText(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

/** A service's deployment records as Dokploy keeps them, newest first. */
export async function deploymentsOf(
  api: ReturnType<typeof dokployApi>,
  service: { kind: 'application' | 'compose'; id: string },
): Promise<Deployment[]> {
  return (await (service.kind === 'compose'
    ? api('deployment.allByCompose', { composeId: service.id }, 'GET')
    : api('deployment.all', { applicationId: service.id }, 'GET'))) as Deployment[];
}

/** Reads DOKPLOY_URL and DOKPLOY_TOKEN from the env file `dokploy:up` wrote. */
export function readDokployEnv(
  file = `${process.env.DOKPLOY_ROOT ?? '/tmp/dokploy-deploy-real'}/dokploy.env`,
): {
  url: string;
  apiKey: string;
} {
  const values = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { url: values.DOKPLOY_URL!, apiKey: values.DOKPLOY_TOKEN! };
}

/** Where `dokploy:up` keeps its state (and `dokploy.env`): DOKPLOY_ROOT, or /tmp/dokploy-deploy-real. */
export const dokployRoot = (env: NodeJS.ProcessEnv = process.env): string =>
  env.DOKPLOY_ROOT ?? '/tmp/dokploy-deploy-real';

/**
 * The URL and key of the Dokploy `dokploy:up` started under `root`, once it answers with its version.
 * @throws Error with one line saying why not (no env file, no answer) and to run `npm run dokploy:up`
 */
export async function reachDokploy(root: string): Promise<{ url: string; apiKey: string; version: string }> {
  let url: string;
  let apiKey: string;
  try {
    ({ url, apiKey } = readDokployEnv(`${root}/dokploy.env`));
  } catch {
    throw new Error(`no real Dokploy: ${root}/dokploy.env is missing; run 'npm run dokploy:up' first`);
  }
  const answer = await fetch(`${url}/api/settings.getDokployVersion`, {
    headers: { 'x-api-key': apiKey },
    signal: AbortSignal.timeout(10_000),
  }).catch((error: Error) => error);
  if (answer instanceof Error || !answer.ok) {
    // fetch's own message is only "fetch failed"; the cause says what happened (ECONNREFUSED, …).
    const cause =
      answer instanceof Error ? (answer.cause as { code?: string; message?: string } | undefined) : undefined;
    const why =
      answer instanceof Error ? (cause?.code ?? cause?.message ?? answer.message) : `HTTP ${answer.status}`;
    throw new Error(`no real Dokploy at ${url} (${why}); run 'npm run dokploy:up'`);
  }
  return { url, apiKey, version: String(JSON.parse(await answer.text())) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const gitIndex = process.argv.indexOf('--git-url');
  const gitUrl = gitIndex > 0 ? process.argv[gitIndex + 1]! : 'http://127.0.0.1:18999/builder.git';
  const { url, apiKey } = readDokployEnv();
  const fixtures = await ensureFixtures(url, apiKey, gitUrl);
  for (const [platform, byEnvironment] of Object.entries(fixtures)) {
    for (const [environment, service] of Object.entries(byEnvironment)) {
      console.log(
        `${platform.padEnd(15)} ${environment.padEnd(11)} ${service.kind.padEnd(12)} ${service.id}  ${service.healthUrl}`,
      );
    }
  }
}
