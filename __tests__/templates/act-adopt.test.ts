/**
 * Issue 14's acceptance test: a monorepo of another shape than the seed's (npm workspaces apps/storefront,
 * apps/admin, services/api, services/worker, shared packages/ui and packages/db, a compose stack in
 * deploy/infra, docs/) adopted end to end. `dokploy-deploy init --dokploy` (the CLI bundle) reads the
 * repository and a Dokploy sandbox whose one project "Acme" holds the services by their own names, and
 * writes the manifest with its targets by name and the workflows; `doctor` checks them against the
 * sandbox; then the generated pipeline, never edited by hand, runs in act for each scenario. Only the
 * placeholders init asks the adopter to fill in are filled: the health targets and the separation URLs
 * (the local servers standing in for the deployed platforms). Slow: one act run per scenario.
 */
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  API_KEY,
  jobOutputs,
  runAct,
  runSummaryStep,
  startFakeProjects,
  startScenarioSandbox,
  type ActRun,
  type FakeProjects,
  type RunningSandbox,
  type SandboxEvent,
} from './act-harness.js';
import { ROOT } from './support.js';
import { tempRepo, type TempRepo } from '../support/git.js';

jest.setTimeout(300_000);

const PLATFORMS = ['infra', 'admin', 'api', 'storefront', 'worker'] as const;
type Platform = (typeof PLATFORMS)[number];
/** Dokploy's environments of the project and the branch each one builds. */
const BRANCHES: Record<string, string> = { production: 'main', staging: 'staging', development: 'develop' };
/** The one Dokploy project the team keeps the repository's services in. */
const PROJECT = 'Acme';
const kindOf = (platform: Platform): 'compose' | 'application' =>
  platform === 'infra' ? 'compose' : 'application';
/** A Dokploy id (what init reads from project.all and the manifest never holds). */
const idOf = (platform: Platform, environment: string): string =>
  `${platform === 'infra' ? 'cmp' : 'app'}-${platform}-${environment}-x7Qk`;

/** The sandbox's services: project Acme, its three environments, one service per platform in each. */
function acmeServices(
  options: {
    /** The commit of each service's newest done deployment (what since: deployed reads). */
    deployed?: string;
    /** The commit a git build reports (the pushed one). */
    commit?: string;
    failing?: Platform;
  } = {},
): Record<string, unknown>[] {
  return PLATFORMS.flatMap((platform) =>
    Object.entries(BRANCHES).map(([environment, branch]) => ({
      [kindOf(platform) === 'compose' ? 'composeId' : 'applicationId']: idOf(platform, environment),
      name: platform,
      project: PROJECT,
      environment,
      branch,
      // Built applications keep rollback images (doctor warns otherwise).
      ...(kindOf(platform) === 'application' ? { rollback: true } : {}),
      ...(options.commit ? { commit: { sha: options.commit, message: 'Change' } } : {}),
      ...(options.deployed
        ? { history: [{ status: 'done', title: 'deployed', description: `Commit: ${options.deployed}` }] }
        : {}),
      deploy: { buildDuration: '1s', outcome: options.failing === platform ? 'error' : 'done' },
    })),
  );
}

/** "api/staging" for each deploy the pipeline asked for, in the order asked. */
function deploys(events: SandboxEvent[]): string[] {
  return events.filter((e) => e.type === 'deploy-requested' && e.actor === 'api').map(label);
}
function label(event: SandboxEvent): string {
  for (const platform of PLATFORMS) {
    for (const environment of Object.keys(BRANCHES)) {
      if (idOf(platform, environment) === event.serviceId) return `${platform}/${environment}`;
    }
  }
  return event.serviceId;
}
function at(events: SandboxEvent[], type: SandboxEvent['type'], service: string): string {
  const event = events.find((e) => e.type === type && label(e) === service);
  if (!event) throw new Error(`no ${type} of ${service}`);
  return event.at;
}
function finished(events: SandboxEvent[], service: string): string | undefined {
  return events.find((e) => e.type === 'deployment-finished' && label(e) === service)?.status;
}

/** The foreign-shape monorepo as real npm workspaces (npm install wrote its lockfile and links). */
function acmeRepo(): TempRepo {
  const repo = tempRepo('main');
  repo.git('remote', 'add', 'origin', 'https://github.com/acme/acme.git');
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  const pkg = (name: string, deps: string[], scripts?: Record<string, string>): string =>
    json({
      name: `@acme/${name}`,
      version: '1.0.0',
      type: 'module',
      ...(scripts ? { scripts } : { main: 'index.js' }),
      ...(deps.length ? { dependencies: Object.fromEntries(deps.map((d) => [`@acme/${d}`, '*'])) } : {}),
    });
  // A test that imports the shared package through the workspace link and says it ran ($TEST_LOG).
  const testFile = (name: string, dep: string): string =>
    [
      `import { appendFileSync } from 'node:fs';`,
      `import { name } from '@acme/${dep}';`,
      `if (name !== '${dep}') throw new Error('wrong package');`,
      `if (process.env.TEST_LOG) appendFileSync(process.env.TEST_LOG, 'unit ${name}\\n');`,
      '',
    ].join('\n');
  repo.write({
    'package.json': json({
      name: 'acme',
      private: true,
      workspaces: ['apps/*', 'services/*', 'packages/*'],
    }),
    '.gitignore': 'node_modules\n',
    'apps/storefront/package.json': pkg('storefront', ['ui'], {
      start: 'node server.js',
      test: 'node test.js',
    }),
    'apps/storefront/test.js': testFile('storefront', 'ui'),
    'apps/storefront/server.js': "import '@acme/ui';\n",
    'apps/storefront/Dockerfile': 'FROM node:24\nCOPY . .\nCMD ["npm", "start", "-w", "apps/storefront"]\n',
    'apps/admin/package.json': pkg('admin', ['ui'], { start: 'node server.js' }),
    'apps/admin/server.js': "import '@acme/ui';\n",
    'apps/admin/Dockerfile': 'FROM node:24\nCOPY . .\nCMD ["npm", "start", "-w", "apps/admin"]\n',
    'services/api/package.json': pkg('api', ['db'], { start: 'node server.js', test: 'node test.js' }),
    'services/api/test.js': testFile('api', 'db'),
    'services/api/server.js': "import '@acme/db';\n",
    'services/api/Dockerfile': 'FROM node:24\nCOPY . .\nCMD ["npm", "start", "-w", "services/api"]\n',
    'services/worker/package.json': pkg('worker', ['db', 'api'], { start: 'node worker.js' }),
    'services/worker/worker.js': "import '@acme/db';\n",
    'services/worker/Dockerfile': 'FROM node:24\nCOPY . .\nCMD ["npm", "start", "-w", "services/worker"]\n',
    'packages/ui/package.json': pkg('ui', []),
    'packages/ui/index.js': "export const name = 'ui';\n",
    'packages/ui/README.md': '# @acme/ui\n',
    'packages/db/package.json': pkg('db', []),
    'packages/db/index.js': "export const name = 'db';\n",
    'deploy/infra/docker-compose.yml': 'services:\n  postgres:\n    image: postgres:17\n',
    'docs/index.md': '# Acme\n',
  });
  // No registry needed: the workspaces depend only on each other.
  const install = spawnSync('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: repo.dir,
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  repo.commit('The Acme monorepo', {});
  return repo;
}

/** Runs the CLI bundle in the repository with the sandbox's address and key. */
function cli(
  dir: string,
  url: string,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'index.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DOKPLOY_URL: url, DOKPLOY_TOKEN: API_KEY },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every `secrets.NAME` a workflow refers to. */
function secretsOf(text: string): string[] {
  return [
    ...new Set([...text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string)),
  ].sort();
}

const WORKFLOWS = ['pipeline.yml', 'deploy-stage.yml', 'rollback.yml', 'monitor.yml'];

let fakes: FakeProjects<Platform>;
let repo: TempRepo;
let adopted: string;
let initOutput: string;
let doctorRun: { code: number | null; stdout: string; stderr: string };
let written: Record<string, string>;
let sandbox: RunningSandbox | undefined;

beforeAll(async () => {
  fakes = await startFakeProjects(PLATFORMS, 'infra');
  repo = acmeRepo();
  const setup = await startScenarioSandbox(acmeServices());
  try {
    const init = cli(repo.dir, setup.url, 'init', '--dokploy');
    if (init.code !== 0) throw new Error(`init failed: ${init.stdout}${init.stderr}`);
    initOutput = init.stdout;
    written = Object.fromEntries(
      WORKFLOWS.map((file) => [file, readFileSync(join(repo.dir, '.github/workflows', file), 'utf8')]),
    );
    fillIn(repo.dir, fakes);
    doctorRun = cli(repo.dir, setup.url, 'doctor');
  } finally {
    await setup.close();
  }
  adopted = repo.commit('Adopt dokploy-deploy', {});
});
afterAll(async () => {
  await fakes.close();
  repo.remove();
});
afterEach(async () => {
  fakes.reset();
  await sandbox?.close();
  sandbox = undefined;
});

/**
 * What init leaves for the adopter to fill in: a health target per platform in the manifest (its
 * commented `# health:` lines) and each platform's URL in the separation spec (example.com).
 */
function fillIn(dir: string, servers: FakeProjects<Platform>): void {
  const manifestPath = join(dir, '.github/platforms.yml');
  let manifest = readFileSync(manifestPath, 'utf8');
  for (const platform of PLATFORMS) {
    manifest = manifest.replace(
      new RegExp(
        `( {4})# health:.*\\n {4}#   production: \\['https://${platform}\\.example\\.com/api/health'\\]\\n`,
      ),
      `$1health: ['${servers.url(platform)}/health']\n`,
    );
  }
  writeFileSync(manifestPath, manifest);
  const specPath = join(dir, '.github/separation.yml');
  const spec = readFileSync(specPath, 'utf8').replace(
    /https:\/\/(?:[a-z]+\.)?(admin|api|storefront|worker)\.example\.com/g,
    (_, platform: Platform) => servers.url(platform),
  );
  writeFileSync(specPath, spec);
}

/** Commits `change` on `branch` (from the adoption commit), then pushes it through act. */
async function push(
  branch: string,
  change: Record<string, string>,
  options: { failing?: Platform } = {},
): Promise<{ run: ActRun; events: SandboxEvent[] }> {
  repo.git('checkout', '-q', '-B', branch, adopted);
  const after = repo.commit('Change', change);
  sandbox = await startScenarioSandbox(acmeServices({ deployed: adopted, commit: after, ...options }));
  const run = await runAct({
    repo,
    event: 'push',
    payload: {
      ref: `refs/heads/${branch}`,
      before: adopted,
      after,
      repository: { full_name: 'acme/acme', default_branch: 'main' },
      head_commit: { id: after, message: 'Change' },
    },
    sandbox,
    // Only DOKPLOY_URL and DOKPLOY_TOKEN: no id secret at all.
    environments: [],
  });
  return { run, events: await sandbox.events() };
}

/** The key never shows, the workflows are still init's, and each deploy found its own record. */
function expectCleanRun(run: ActRun): void {
  expect(run.log).not.toContain(API_KEY);
  expect(run.log).not.toContain("does not carry this run's title");
  for (const file of WORKFLOWS) {
    expect(readFileSync(join(repo.dir, '.github/workflows', file), 'utf8')).toBe(written[file]);
  }
}

describe('adopting the kit in a monorepo of another shape', () => {
  test('init --dokploy names every target in the one project Acme; the workflows need only DOKPLOY_URL and DOKPLOY_TOKEN; doctor passes', () => {
    expect(initOutput).toContain(
      'Read the repository: npm workspaces (package.json: apps/*, services/*, packages/*).',
    );
    for (const platform of PLATFORMS) {
      const kind = kindOf(platform);
      expect(initOutput).toContain(
        `  ${platform} → project Acme (production: ${kind} ${platform}, staging: ${kind} ${platform}, development: ${kind} ${platform})\n`,
      );
    }
    expect(initOutput).not.toContain('not found');
    expect(initOutput).toContain(
      'Secrets to set (Settings → Secrets and variables → Actions, or per environment):\n  DOKPLOY_URL\n  DOKPLOY_TOKEN\n\n',
    );
    const manifest = parse(readFileSync(join(repo.dir, '.github/platforms.yml'), 'utf8')) as {
      platforms: Record<string, { needs?: string[]; deploy: Record<string, unknown> }>;
    };
    expect(Object.keys(manifest.platforms).sort()).toEqual([...PLATFORMS].sort());
    expect(manifest.platforms.worker?.needs).toEqual(['api']);
    expect(manifest.platforms.api?.deploy.staging).toEqual({ project: 'Acme', application: 'api' });
    expect(manifest.platforms.infra?.deploy.development).toEqual({ project: 'Acme', compose: 'infra' });
    expect(JSON.stringify(manifest)).not.toMatch(/secret|_ID\b|x7Qk/);
    // The deploying workflows refer to no secret but the connection (the e2e tokens are the
    // separation spec's optional test accounts, the webhook the monitor's).
    const deploying = secretsOf(
      `${written['pipeline.yml']}${written['deploy-stage.yml']}${written['rollback.yml']}`,
    );
    expect(deploying.filter((s) => !s.endsWith('_E2E_TOKEN'))).toEqual(['DOKPLOY_TOKEN', 'DOKPLOY_URL']);
    for (const file of WORKFLOWS)
      expect(secretsOf(written[file] ?? '').filter((s) => s.endsWith('_ID'))).toEqual([]);
    expect(doctorRun.stdout).toContain('0 errors, 0 warnings');
    expect(doctorRun.stdout).toContain(
      "ok       api/staging             application 'api' (app-api-staging-x7Qk, application 'api' in Acme/staging)",
    );
    expect(doctorRun.code).toBe(0);
  });

  test('a change to packages/db deploys api (stage 1), then worker (stage 2), to staging, after api’s unit test', async () => {
    const { run, events } = await push('staging', {
      'packages/db/index.js': "export const name = 'db'; // v2\n",
    });
    expect(deploys(events)).toEqual(['api/staging', 'worker/staging']);
    expect(finished(events, 'api/staging')).toBe('done');
    expect(
      at(events, 'deployment-finished', 'api/staging') < at(events, 'deploy-requested', 'worker/staging'),
    ).toBe(true);
    expect(run.testLog).toEqual(['unit api']);
    expect(run.log).toContain('## Dokploy pipeline → staging');
    // worker has no test command: no test leg (and no runner) for it.
    expect(run.log).toContain('| tests | api | ✅ success |');
    expect(run.log).not.toContain('Test worker');
    // Neither api nor worker serves pages (the separation spec is admin's and storefront's): no check.
    expect(run.log).toContain('| separation tests | – | nothing to do |');
    expect(run.log).toContain('| stage 0 | – | nothing to do |');
    expect(run.log).toContain('| stage 1 | api | ✅ success |');
    expect(run.log).toContain('| stage 2 | worker | ✅ success |');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a change to deploy/infra deploys infra first and healthy, then admin, api and storefront together, then worker', async () => {
    const { run, events } = await push('staging', {
      'deploy/infra/docker-compose.yml': 'services:\n  postgres:\n    image: postgres:17.2\n',
    });
    const order = deploys(events);
    expect(order[0]).toBe('infra/staging');
    expect(order.slice(1, 4).sort()).toEqual(['admin/staging', 'api/staging', 'storefront/staging']);
    expect(order[4]).toBe('worker/staging');
    expect(order).toHaveLength(5);
    // infra's health target answered 503 (starting), then 200, before any application was asked for.
    expect(fakes.healthHits.infra).toBeGreaterThanOrEqual(2);
    const healthy = fakes.healthyAt.infra ?? '';
    expect(healthy).not.toBe('');
    for (const app of ['admin/staging', 'api/staging', 'storefront/staging']) {
      expect(healthy < at(events, 'deploy-requested', app)).toBe(true);
      expect(at(events, 'deployment-finished', app) < at(events, 'deploy-requested', 'worker/staging')).toBe(
        true,
      );
    }
    expect(JSON.parse(jobOutputs(run.log, 'Deploy pipeline/Detect changed platforms').stages ?? '')).toEqual([
      ['infra'],
      ['admin', 'api', 'storefront'],
      ['worker'],
    ]);
    expect(run.log).toContain('| stage 0 | infra | ✅ success |');
    expect(run.log).toContain('| stage 1 | admin, api, storefront | ✅ success |');
    expect(run.log).toContain('| separation tests | admin, storefront | ✅ success |');
    expect(run.log).toContain('| stage 2 | worker | ✅ success |');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a change to docs/ and a package README deploys nothing', async () => {
    const { run, events } = await push('staging', {
      'docs/index.md': '# Acme, documented\n',
      'packages/ui/README.md': '# @acme/ui, documented\n',
    });
    expect(deploys(events)).toEqual([]);
    expect(run.testLog).toEqual([]);
    expect(run.log).toContain('| stage 0 | – | nothing to do |');
    expect(run.log).toContain('| stage 1 | – | nothing to do |');
    expect(run.log).toContain('| stage 2 | – | nothing to do |');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a failed build of api does not stop admin beside it, and worker, which needs api, is not deployed', async () => {
    const { run, events } = await push(
      'staging',
      {
        'packages/db/index.js': "export const name = 'db'; // v3\n",
        'apps/admin/server.js': "import '@acme/ui'; // v2\n",
      },
      { failing: 'api' },
    );
    expect(deploys(events).sort()).toEqual(['admin/staging', 'api/staging']);
    expect(finished(events, 'api/staging')).toBe('error');
    expect(finished(events, 'admin/staging')).toBe('done');
    const why = jobOutputs(run.log, 'Stage 1/Deploy stage/Stage 1 · api').failure ?? '';
    expect(why).toMatch(/^api: Dokploy deployment dep-\S+ ended with status error in staging$/);
    expect(run.log).toMatch(/::error::Deployment of application api .*'error'/);
    expect(run.log).not.toMatch(/\[Stage 2\//);
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
    // act ends the run when a called workflow fails, so its summary job (if: always()) does not run:
    // run the step verbatim from pipeline.yml on this run's outputs and results, as GitHub would.
    const detect = jobOutputs(run.log, 'Deploy pipeline/Detect changed platforms');
    const summary = runSummaryStep({
      detect: { result: 'success', outputs: detect },
      tests: { result: 'success', outputs: {} },
      'stage-0': { result: 'skipped', outputs: {} },
      'stage-1': { result: 'failure', outputs: { failure: why } },
      'separation-1': { result: 'skipped', outputs: {} },
      'stage-2': { result: 'skipped', outputs: {} },
    });
    expect(summary).toContain(`| stage 1 | admin, api | ❌ failure: ${why} |`);
    expect(summary).toContain('| stage 2 | worker | ⏭️ not run: stage 2 needs the steps before it |');
  });

  test('a manual run selecting admin and worker for production deploys those two, by stage', async () => {
    repo.git('checkout', '-q', '-B', 'staging', adopted);
    sandbox = await startScenarioSandbox(acmeServices({ deployed: adopted, commit: adopted }));
    const run = await runAct({
      repo,
      event: 'workflow_dispatch',
      payload: {
        ref: 'refs/heads/staging',
        inputs: { select: 'admin, worker', environment: 'production' },
        repository: { full_name: 'acme/acme', default_branch: 'main' },
      },
      sandbox,
      environments: [],
    });
    const events = await sandbox.events();
    expect(deploys(events)).toEqual(['admin/production', 'worker/production']);
    expect(run.log).toContain('## Dokploy pipeline → production');
    expect(run.log).toContain('| stage 1 | admin | ✅ success |');
    expect(run.log).toContain('| stage 2 | worker | ✅ success |');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a push to develop changing packages/ui deploys admin and storefront to development, after storefront’s unit test', async () => {
    const { run, events } = await push('develop', {
      'packages/ui/index.js': "export const name = 'ui'; // v2\n",
    });
    expect(deploys(events).sort()).toEqual(['admin/development', 'storefront/development']);
    expect(run.testLog).toEqual(['unit storefront']);
    expect(run.log).toContain('## Dokploy pipeline → development');
    expect(run.log).toContain('| stage 1 | admin, storefront | ✅ success |');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });
});
