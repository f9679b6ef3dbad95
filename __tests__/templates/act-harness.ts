/**
 * Runs the pipeline templates in a real workflow runner: nektos/act in self-hosted mode (no Docker), on
 * a throwaway seed-shaped monorepo, against the kit's Dokploy sandbox (the CLI bundle) and local health
 * and platform servers. The kit's actions are mapped to a copy of this working tree's action.yml files
 * and dist/ bundles with act's `--local-repository`; actions/checkout is skipped by act itself (it copies
 * the repository into the job's workspace when the checkout is of the repository being run).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { tempRepo, type TempRepo } from '../support/git.js';
import { ROOT, KIT_PIN, LAYOUT, TEMPLATES, tool } from './support.js';

/** The sandbox's API key in these tests (masked by the actions; asserted absent from every log). */
export const API_KEY = 'act-sandbox-key-5f1c9a7e';

/** The seed's projects and their Dokploy service kinds. */
export const PROJECTS = ['infrastructure', 'bizoholic', 'coreldove', 'management'] as const;
export type Project = (typeof PROJECTS)[number];

/** The environments of the seed and the suffix of their id secrets. */
export const SUFFIX: Record<string, string> = { production: 'PROD', staging: 'STAGING', development: 'DEV' };

/** The Dokploy id of a project's service in an environment (what the secrets hold). */
export function serviceId(project: Project, environment: string): string {
  return `${project === 'infrastructure' ? 'cmp' : 'app'}-${project}-${SUFFIX[environment]?.toLowerCase()}`;
}

/** The name of the secret holding that id, as in the seed. */
export function secretName(project: Project, environment: string): string {
  return `DOKPLOY_${project.toUpperCase()}_${SUFFIX[environment]}_ID`;
}

/** One deploy event of the sandbox (GET /__sandbox/events). */
export interface SandboxEvent {
  at: string;
  type: 'deploy-requested' | 'deployment-started' | 'deployment-finished';
  serviceId: string;
  name: string;
  status: string;
  actor: string;
  deploymentId?: string;
}

/** A running sandbox (the CLI bundle as a child process). */
export interface RunningSandbox {
  url: string;
  events(): Promise<SandboxEvent[]>;
  close(): Promise<void>;
}

/** Per-service build behaviour for a scenario. */
export type Builds = Partial<
  Record<
    Project,
    {
      outcome?: 'done' | 'error';
      buildDuration?: string;
      /** What the new version does once done (the sandbox's afterDone: stable, crash-loop, ...). */
      afterDone?: string;
      /** The service keeps rollback images and has two `done` deployments (v1, then v2) before this run's. */
      rollback?: boolean;
      /** The description of one `done` deployment its staging service has (what promote-from reads). */
      stagingRecord?: string;
      /** The commit of one `done` deployment its services have in every environment (since: deployed reads it). */
      deployedCommit?: string;
    }
  >
>;

/**
 * Starts `node dist/cli/index.js sandbox --port 0` with a service for every project and environment,
 * whose git builds report `commit` (the commit being deployed).
 * @throws Error when it does not print its address within 20 s
 */
export async function startSandbox(builds: Builds = {}, commit?: string): Promise<RunningSandbox> {
  const services = PROJECTS.flatMap((project) =>
    Object.keys(SUFFIX).map((environment) => ({
      [project === 'infrastructure' ? 'composeId' : 'applicationId']: serviceId(project, environment),
      name: `${project}-${environment}`,
      // Dokploy's names for it, for manifests that name their targets (seedManifest byName).
      project: `${project}-platform`,
      environment,
      // The commit a git build reports (Dokploy rewrites the record to `Commit: <sha>`): the pushed one.
      ...(commit ? { commit: { sha: commit, message: 'Change' } } : {}),
      deploy: {
        buildDuration: builds[project]?.buildDuration ?? '1s',
        outcome: builds[project]?.outcome ?? 'done',
        ...(builds[project]?.afterDone ? { afterDone: builds[project]?.afterDone } : {}),
      },
      ...(builds[project]?.deployedCommit !== undefined
        ? {
            history: [
              {
                status: 'done',
                title: 'deployed',
                description: `Commit: ${builds[project]?.deployedCommit}`,
              },
            ],
          }
        : {}),
      ...(environment === 'staging' && builds[project]?.stagingRecord !== undefined
        ? { history: [{ status: 'done', title: 'staged', description: builds[project]?.stagingRecord }] }
        : {}),
      ...(builds[project]?.rollback
        ? {
            rollback: true,
            history: [
              { status: 'done', title: 'v1', description: '' },
              { status: 'done', title: 'v2', description: '' },
            ],
          }
        : {}),
    })),
  );
  return startScenarioSandbox(services);
}

/**
 * Starts `node dist/cli/index.js sandbox --port 0` with these scenario services (docs/sandbox.md: any
 * projects, environments and names), two build workers, and the tests' API key.
 * @throws Error when it does not print its address within 20 s
 */
export async function startScenarioSandbox(services: Record<string, unknown>[]): Promise<RunningSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'act-sandbox-'));
  const scenario = join(dir, 'scenario.yml');
  // Two workers, so the platforms' builds can overlap the way they do on a real server with two nodes.
  writeFileSync(scenario, stringify({ version: 'v0.30.2', concurrency: 2, services }));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli', 'index.js'), 'sandbox', '--port', '0', '--scenario', scenario],
    { env: { ...process.env, DOKPLOY_SANDBOX_API_KEY: API_KEY }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start in 20 s: ${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Dokploy sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    async events() {
      const response = await fetch(`${url}/__sandbox/events`);
      return (await response.json()) as SandboxEvent[];
    },
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Local servers standing in for the deployed projects: health endpoints and the platforms' pages. */
export interface FakeProjects<P extends string = Project> {
  /** Base URL of a project's server. */
  url(project: P): string;
  /** When each project's health endpoint first answered 200 (ISO time), if it did. */
  healthyAt: Partial<Record<P, string>>;
  /** Health requests received per project. */
  healthHits: Record<P, number>;
  /** Projects whose health endpoint answers 503 for now (the monitor's outages). */
  down: Set<P>;
  /** Forgets the health history (each scenario starts with infrastructure still starting). */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts one HTTP server per project on 127.0.0.1 (the seed's, or `projects`). `/health` answers 503 to
 * the first request of `starting` (infrastructure: a stack still starting) and 200 after that; `/`
 * serves a page with the platform's marker.
 */
export async function startFakeProjects(): Promise<FakeProjects>;
export async function startFakeProjects<P extends string>(
  projects: readonly P[],
  starting: P,
): Promise<FakeProjects<P>>;
export async function startFakeProjects<P extends string>(
  projects: readonly P[] = PROJECTS as unknown as readonly P[],
  starting: P = 'infrastructure' as P,
): Promise<FakeProjects<P>> {
  const servers = new Map<P, { server: Server; url: string }>();
  const healthyAt: Partial<Record<P, string>> = {};
  const healthHits = Object.fromEntries(projects.map((p) => [p, 0])) as Record<P, number>;
  const down = new Set<P>();
  for (const project of projects) {
    const server = createServer((request, response) => {
      if (request.url === '/health') {
        healthHits[project] += 1;
        if (down.has(project)) {
          response.writeHead(503).end('down');
          return;
        }
        if (project === starting && healthHits[project] === 1) {
          response.writeHead(503).end('starting');
          return;
        }
        healthyAt[project] ??= new Date().toISOString();
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<html><body data-platform="${project}"><h1>${project} platform</h1></body></html>`);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    servers.set(project, { server, url: `http://127.0.0.1:${address.port}` });
  }
  return {
    url: (project) => servers.get(project)?.url ?? '',
    healthyAt,
    healthHits,
    down,
    reset() {
      down.clear();
      for (const project of projects) {
        healthHits[project] = 0;
        delete healthyAt[project];
      }
    },
    async close() {
      for (const { server } of servers.values()) {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
      }
    },
  };
}

/** How the seed's manifest varies: targets by name, promotion, platforms whose deploy leg runs their tests. */
export interface SeedOptions {
  byName?: boolean;
  promoteFrom?: boolean;
  testsWithDeploy?: Project[];
}

/** The seed's platforms manifest with the tests' health targets and test commands. */
export function seedManifest(fakes: FakeProjects, options: SeedOptions = {}): string {
  // By id secret (the seed's way), or by Dokploy's names: no secret beyond the URL and the token.
  const target = (project: Project, kind: string, environment: string): Record<string, string> =>
    options.byName
      ? { project: `${project}-platform`, [kind]: `${project}-${environment}` }
      : { secret: secretName(project, environment) };
  const deploy = (project: Project, kind: string): Record<string, unknown> => ({
    kind,
    ...Object.fromEntries(
      Object.keys(SUFFIX).map((environment) => [environment, target(project, kind, environment)]),
    ),
  });
  // The commands append to $TEST_LOG (passed with act --env), so a test can tell which tests ran.
  const tests = (project: Project): Record<string, string | boolean> => ({
    unit: `test -f ${project}-platform/package.json && echo "unit ${project}" >> "$TEST_LOG"`,
    integration: `echo "integration ${project}" >> "$TEST_LOG"`,
    ...(options.testsWithDeploy?.includes(project) ? { 'with-deploy': true } : {}),
  });
  return stringify({
    environments: { main: 'production', staging: 'staging', develop: 'development' },
    ...(options.promoteFrom ? { 'promote-from': { production: 'staging' } } : {}),
    platforms: {
      infrastructure: {
        paths: ['infrastructure/**'],
        deploy: deploy('infrastructure', 'compose'),
        health: [`${fakes.url('infrastructure')}/health`],
        cascade: true,
      },
      bizoholic: {
        paths: ['bizoholic-platform/**', 'shared/frontend/**', '!**/*.md'],
        needs: ['infrastructure'],
        deploy: deploy('bizoholic', 'application'),
        health: [`${fakes.url('bizoholic')}/health`],
        tests: tests('bizoholic'),
      },
      coreldove: {
        paths: ['coreldove-platform/**', 'shared/frontend/**', '!**/*.md'],
        needs: ['infrastructure'],
        deploy: deploy('coreldove', 'application'),
        health: [`${fakes.url('coreldove')}/health`],
        tests: tests('coreldove'),
      },
      management: {
        paths: ['management-platform/**'],
        needs: ['bizoholic', 'coreldove'],
        deploy: deploy('management', 'application'),
        health: [`${fakes.url('management')}/health`],
        tests: tests('management'),
      },
    },
  });
}

/** The separation spec for the two platforms, pointing at the fake servers in every environment. */
export function seedSeparation(fakes: FakeProjects): string {
  const platform = (project: Project): Record<string, unknown> => ({
    urls: Object.fromEntries(Object.keys(SUFFIX).map((environment) => [environment, fakes.url(project)])),
    markers: [`data-platform="${project}"`],
    pages: ['/'],
  });
  return stringify({ platforms: { bizoholic: platform('bizoholic'), coreldove: platform('coreldove') } });
}

/**
 * A seed-shaped monorepo with the templates installed as an adopter would (the workflow files are
 * byte-for-byte copies of workflows-templates/), the manifest and spec for the local servers, on `branch`.
 */
export function seedMonorepo(fakes: FakeProjects, branch: string, options: SeedOptions = {}): TempRepo {
  const repo = tempRepo(branch);
  repo.git('remote', 'add', 'origin', 'https://github.com/bizosaas/bizosaas-monorepo.git');
  const files: Record<string, string> = {
    'infrastructure/docker-compose.yml': 'services:\n  postgres:\n    image: postgres:16\n',
    'bizoholic-platform/package.json': '{"name":"bizoholic-platform"}\n',
    'coreldove-platform/package.json': '{"name":"coreldove-platform"}\n',
    'management-platform/package.json': '{"name":"management-platform"}\n',
    'shared/frontend/index.ts': 'export const shared = 1;\n',
    '.github/platforms.yml': seedManifest(fakes, options),
    '.github/separation.yml': seedSeparation(fakes),
  };
  for (const file of ['pipeline.yml', 'deploy-stage.yml', 'monitor.yml', 'rollback.yml']) {
    files[LAYOUT[file] as string] = readTemplate(file);
  }
  repo.commit('Seed monorepo', files);
  return repo;
}

function readTemplate(file: string): string {
  return readFileSync(join(TEMPLATES, file), 'utf8');
}

let kitCopy: string | undefined;

/**
 * A copy of the kit as act should see it at the pinned ref: the action.yml files and dist/ (not
 * node_modules, which act would otherwise archive for every step).
 */
export function kitCheckout(): string {
  if (kitCopy && existsSync(kitCopy)) return kitCopy;
  kitCopy = mkdtempSync(join(tmpdir(), 'act-kit-'));
  for (const path of ['action.yml', 'actions', 'dist']) {
    if (existsSync(join(ROOT, path))) cpSync(join(ROOT, path), join(kitCopy, path), { recursive: true });
  }
  return kitCopy;
}

/** What one act run produced. */
export interface ActRun {
  code: number | null;
  /** act's combined log (every job's lines, prefixed with [workflow/job]). */
  log: string;
  /** Lines the tests' commands appended to $TEST_LOG. */
  testLog: string[];
}

/** Options of one act run. */
export interface ActOptions {
  repo: TempRepo;
  event: 'push' | 'workflow_dispatch';
  payload: Record<string, unknown>;
  /** The Dokploy sandbox the pipeline deploys to (the monitor needs none). */
  sandbox?: RunningSandbox;
  /** Environments whose id secrets are set (default all). */
  environments?: string[];
  /** Hard stop for the whole run (a safety net, not an assertion). Default 240 s. */
  killAfterMs?: number;
  /** The workflow to run (default the pipeline). */
  workflow?: 'pipeline.yml' | 'monitor.yml' | 'rollback.yml';
  /** More act arguments (--env, --secret). */
  extraArgs?: string[];
}

/** Runs the pipeline with act in self-hosted mode and collects its log. */
export async function runAct(options: ActOptions): Promise<ActRun> {
  const work = mkdtempSync(join(tmpdir(), 'act-run-'));
  const eventFile = join(work, 'event.json');
  const testLogFile = join(work, 'tests.log');
  writeFileSync(eventFile, JSON.stringify(options.payload));
  writeFileSync(testLogFile, '');
  // The secrets as the README has adopters give them: a --secret-file of NAME=value lines.
  const secrets: string[] = options.sandbox
    ? [`DOKPLOY_URL=${options.sandbox.url}`, `DOKPLOY_TOKEN=${API_KEY}`]
    : [];
  for (const environment of options.environments ?? Object.keys(SUFFIX)) {
    for (const project of PROJECTS) {
      secrets.push(`${secretName(project, environment)}=${serviceId(project, environment)}`);
    }
  }
  const secretFile = join(work, '.secrets');
  writeFileSync(secretFile, `${secrets.join('\n')}\n`);
  const args = [
    options.event,
    '--workflows',
    `.github/workflows/${options.workflow ?? 'pipeline.yml'}`,
    '--eventpath',
    eventFile,
    '-P',
    'ubuntu-latest=-self-hosted',
    '--local-repository',
    `bizosaas/dokploy-deploy@${KIT_PIN}=${kitCheckout()}`,
    '--action-offline-mode',
    '--no-cache-server',
    '--env',
    `TEST_LOG=${testLogFile}`,
    // A short running check after each deploy (deploy-stage.yml's default is 20s).
    '--var',
    'DOKPLOY_STABLE_FOR=2s',
    // A health check that fails does so quickly (pipeline.yml's default is 5m).
    '--var',
    'DOKPLOY_HEALTH_TIMEOUT=10s',
    '--secret-file',
    secretFile,
    ...(options.extraArgs ?? []),
  ];
  // Node actions run with the `node` on PATH: put Node 24 (runs.using: node24) first.
  const node24 = join(ROOT, 'node_modules', 'node', 'bin');
  const child = spawn(tool('act'), args, {
    cwd: options.repo.dir,
    env: { ...process.env, PATH: `${node24}${delimiter}${process.env.PATH ?? ''}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 240_000);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearTimeout(killer);
  // ACT_LOG_DIR=/some/dir keeps each run's full log for debugging.
  if (process.env.ACT_LOG_DIR) writeFileSync(join(process.env.ACT_LOG_DIR, `act-${Date.now()}.log`), log);
  const testLog = readFileSync(testLogFile, 'utf8').split('\n').filter(Boolean);
  rmSync(work, { recursive: true, force: true });
  return { code, log, testLog };
}

/** The push event payload for a commit range on a branch. */
export function pushEvent(
  repo: TempRepo,
  branch: string,
  before: string,
  after: string,
): Record<string, unknown> {
  return {
    ref: `refs/heads/${branch}`,
    before,
    after,
    repository: { full_name: 'bizosaas/bizosaas-monorepo', default_branch: 'main' },
    head_commit: { id: after, message: repo.git('log', '-1', '--format=%s', after) },
  };
}

/** The deploy requests the sandbox received, as `<name>` in order. */
export function requested(events: SandboxEvent[]): string[] {
  return events.filter((e) => e.type === 'deploy-requested' && e.actor === 'api').map((e) => e.name);
}

/** The outputs a job set, read from act's `::set-output::` log lines of that job (by its display name). */
export function jobOutputs(log: string, job: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const prefix = `[${job}`;
  for (const line of log.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const match = /⚙ {2}::set-output:: ([\w-]+)=(.*)$/.exec(line);
    if (match) outputs[match[1] as string] = match[2] as string;
  }
  return outputs;
}

/**
 * Runs the pipeline's summary step (the script exactly as in pipeline.yml) the way the runner does,
 * with `needs` as given; returns what it wrote to the step summary.
 */
export function runSummaryStep(
  needs: Record<string, { result: string; outputs: Record<string, string> }>,
): string {
  const pipeline = parse(readFileSync(join(TEMPLATES, 'pipeline.yml'), 'utf8')) as {
    jobs: { summary: { steps: { run: string }[] } };
  };
  const script = pipeline.jobs.summary.steps[0]?.run ?? '';
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, '');
  writeFileSync(join(dir, 'step.sh'), script);
  execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'step.sh')], {
    env: {
      PATH: process.env.PATH ?? '',
      NEEDS: JSON.stringify(needs),
      RUNNER_TEMP: dir,
      GITHUB_STEP_SUMMARY: summary,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const text = readFileSync(summary, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return text;
}
