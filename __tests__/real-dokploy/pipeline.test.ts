/**
 * `dokploy-deploy pipeline` (the CLI bundle, as a user runs it) on a seed-shaped repository against the
 * real Dokploy v0.30.2 that `npm run dokploy:up` started: the fixtures' four projects, each with a new
 * release (scripts/dokploy/release.ts), deployed in stages, each stage gated on its real endpoints and
 * on the answer only its new release gives. The order is read back from what Dokploy recorded.
 *
 * Staging only: the other real-server tests deploy the production fixtures on this server at the same
 * time, and Dokploy runs one deploy at a time for the whole server (FIFO), so ours may wait behind
 * theirs. The staging services are ours alone, which keeps the records and the endpoints unambiguous.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { dokployApi, ensureFixtures, type Fixtures } from '../../scripts/dokploy/fixtures.js';
import {
  deploymentsOf,
  prepareRelease,
  SEED_PLATFORMS,
  type DeploymentRecord,
  type Release,
} from '../../scripts/dokploy/release.js';
import { machineNode, ROOT } from '../support/bundle.js';
import { tempRepo, type TempRepo } from '../support/git.js';
import { holdRealDokploy } from '../support/real-dokploy.js';

jest.setTimeout(600_000);
const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const PROJECTS = SEED_PLATFORMS;
type Project = (typeof PROJECTS)[number];
const secret = (p: Project): string => `DOKPLOY_${p.toUpperCase()}_STAGING_ID`;

let url: string;
let apiKey: string;
let api: ReturnType<typeof dokployApi>;
let fixtures: Fixtures;
let release: Release;
let repo: TempRepo;
let releaseServer: (() => void) | undefined;

beforeAll(async () => {
  // Throws (failing every test, never skipping) when the server is absent, naming what to run.
  const held = await holdRealDokploy();
  ({ url, apiKey } = held);
  releaseServer = held.release;
  api = dokployApi(url, apiKey);
  fixtures = await ensureFixtures(url, apiKey);
  const mark = `pipeline-${Date.now().toString(36)}`;
  release = await prepareRelease({ url, apiKey, fixtures, environment: 'staging', mark });
  repo = seedRepository();
});

afterAll(() => {
  repo?.remove();
  releaseServer?.();
});

/** The seed's monorepo on branch `staging`, its last commit changing infrastructure (which cascades). */
function seedRepository(): TempRepo {
  const staging = (p: Project) => fixtures[p]!.staging;
  const deploy = (p: Project) => ({
    kind: staging(p).kind,
    staging: { secret: secret(p) },
  });
  const manifest = stringify({
    environments: { main: 'production', staging: 'staging' },
    platforms: {
      infrastructure: {
        paths: ['infrastructure/**'],
        cascade: true,
        deploy: deploy('infrastructure'),
        // tcp://127.0.0.1:17100, redis://127.0.0.1:16479, http://127.0.0.1:17180/health and /env.
        health: release.health.infrastructure,
      },
      bizoholic: {
        paths: ['bizoholic-platform/**', 'shared/frontend/**'],
        needs: ['infrastructure'],
        deploy: deploy('bizoholic'),
        health: release.health.bizoholic,
      },
      coreldove: {
        paths: ['coreldove-platform/**', 'shared/frontend/**'],
        needs: ['infrastructure'],
        deploy: deploy('coreldove'),
        health: release.health.coreldove,
      },
      management: {
        paths: ['management-platform/**'],
        needs: ['bizoholic', 'coreldove'],
        deploy: deploy('management'),
        health: release.health.management,
      },
    },
  });
  const seed = tempRepo('staging');
  seed.commit('Seed monorepo', {
    '.github/platforms.yml': manifest,
    'infrastructure/docker-compose.yml': 'services:\n  cache:\n    image: redis:7.2\n',
    'bizoholic-platform/package.json': '{ "name": "bizoholic-platform" }\n',
    'coreldove-platform/package.json': '{ "name": "coreldove-platform" }\n',
    'management-platform/package.json': '{ "name": "management-platform" }\n',
    'shared/frontend/index.ts': 'export const platform = process.env.NEXT_PUBLIC_PLATFORM;\n',
  });
  seed.commit('infrastructure: Redis 7.4', {
    'infrastructure/docker-compose.yml': 'services:\n  cache:\n    image: redis:7.4\n',
  });
  return seed;
}

/** Dokploy's deployment records of one platform's staging service. */
const recordsOf = (p: Project): Promise<DeploymentRecord[]> => deploymentsOf(api, fixtures[p]!.staging);

/** The records Dokploy created since `before` was taken, per platform. */
async function newRecords(before: Map<Project, Set<string>>): Promise<Record<Project, DeploymentRecord[]>> {
  const created = {} as Record<Project, DeploymentRecord[]>;
  for (const p of PROJECTS) {
    created[p] = (await recordsOf(p)).filter((r) => !before.get(p)!.has(r.deploymentId));
  }
  return created;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli/index.js pipeline <args>` in the repository, with only the variables a user sets. */
function pipeline(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    DOKPLOY_URL: url,
    DOKPLOY_TOKEN: apiKey,
    ...Object.fromEntries(PROJECTS.map((p) => [secret(p), fixtures[p]!.staging.id])),
  };
  return run(machineNode(), [CLI, 'pipeline', ...args], repo.dir, env);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn(command, args, { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A safety net, not an assertion: the deploy and health timeouts end a run long before.
  const guard = setTimeout(() => child.kill('SIGKILL'), 540_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    }),
  );
}

const ms = (iso: string | null): number => {
  expect(iso).toEqual(expect.any(String));
  return Date.parse(iso!);
};

describe('dokploy-deploy pipeline against the real Dokploy (staging)', () => {
  test('deploys a seed-shaped repo in stage order and passes its health gates', async () => {
    const before = new Map<Project, Set<string>>();
    for (const p of PROJECTS) before.set(p, new Set((await recordsOf(p)).map((r) => r.deploymentId)));

    const run = await pipeline([
      '--base',
      'HEAD~1',
      '--no-separation',
      '--poll-interval',
      '1s',
      '--deploy-timeout',
      '5m',
      '--health-interval',
      '1s',
      '--health-timeout',
      '2m',
      // A short running check: the gates are what this test is about.
      '--stable-for',
      '3s',
    ]);

    // As one object, so that a failure shows what the command printed.
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(
      `Deploying to staging on ${new URL(url).host}: stage 0: infrastructure → stage 1: bizoholic, coreldove → stage 2: management\n`,
    );

    // One new record per platform, each done, each the one the pipeline followed.
    const created = await newRecords(before);
    for (const p of PROJECTS) {
      expect(created[p].map((r) => r.status)).toEqual(['done']);
      expect(run.stdout).toContain(`deployment ${created[p][0]!.deploymentId} done`);
    }
    const [infra, bizoholic, coreldove, management] = PROJECTS.map((p) => created[p][0]!);
    // Dokploy creates a record when its worker starts the deploy, and finishes it when Swarm took it.
    expect(ms(bizoholic!.createdAt)).toBeGreaterThanOrEqual(ms(infra!.finishedAt));
    expect(ms(coreldove!.createdAt)).toBeGreaterThanOrEqual(ms(infra!.finishedAt));
    expect(ms(management!.createdAt)).toBeGreaterThanOrEqual(
      Math.max(ms(bizoholic!.finishedAt), ms(coreldove!.finishedAt)),
    );

    // Every stage's gate passed on the fixtures' real endpoints, before the next stage began.
    const line = (p: Project, stage: number, targets: string): RegExp =>
      new RegExp(
        `\\] stage ${stage} ${p}: done \\(deployment ${created[p][0]!.deploymentId} done; ${targets} healthy in \\S+\\)\\n`,
      );
    expect(run.stdout).toMatch(line('infrastructure', 0, '4 targets'));
    expect(run.stdout).toMatch(line('bizoholic', 1, '2 targets'));
    expect(run.stdout).toMatch(line('coreldove', 1, '2 targets'));
    expect(run.stdout).toMatch(line('management', 2, '2 targets'));
    const order = [...run.stdout.matchAll(/\] (stage \d \w+: (?:deploying|done))\b/g)].map((m) => m[1]);
    expect(order.indexOf('stage 0 infrastructure: done')).toBeLessThan(
      order.indexOf('stage 1 bizoholic: deploying'),
    );
    for (const platform of ['bizoholic', 'coreldove']) {
      expect(order.indexOf(`stage 1 ${platform}: done`)).toBeLessThan(
        order.indexOf('stage 2 management: deploying'),
      );
    }
    // And the new release is what answers now.
    for (const p of PROJECTS.slice(1)) {
      const answer = await fetch(`http://127.0.0.1:${fixtures[p]!.staging.port}/version`);
      expect((await answer.text()).trim()).toBe(`${p} ${release.change[p].replace('kit/web:', '')}`);
    }
    const env = await fetch(`http://127.0.0.1:${fixtures.infrastructure!.staging.port}/env`);
    expect((await env.text()).split('\n')).toContain(release.change.infrastructure);
    expect(run.stdout).toMatch(/\nDeployed 4 platforms to staging: every stage passed\. \([^)]+\)\n$/);
    expect(run.stdout + run.stderr).not.toContain(apiKey);
  });

  test('npm run demo -- --real --fail bizoholic: the real deploy fails, stage 2 never deploys, the release is put back', async () => {
    const before = new Map<Project, Set<string>>();
    for (const p of PROJECTS) before.set(p, new Set((await recordsOf(p)).map((r) => r.deploymentId)));
    const args = ['run', '--silent', 'demo', '--', '--real', '--plain', '--fail', 'bizoholic'];

    const demo = await run('npm', args, ROOT, { ...process.env, FORCE_COLOR: '0' });

    expect(demo).toMatchObject({ code: 0, stderr: '' });
    expect(demo.stdout).toMatch(
      new RegExp(
        `\\n  bizoholic {9}application ${fixtures.bizoholic!.staging.id} → kit/web:v[12], broken by --fail: its web image is kit/web:missing, which the registry does not have\\n`,
      ),
    );
    // Dokploy's own build log, its last lines printed by the pipeline.
    expect(demo.stdout).toContain('\n── bizoholic: the last lines of its log\n');
    expect(demo.stdout).toContain('❌ Pulling image failed');
    expect(demo.stdout).toMatch(/\] separation: not started \(stage 1 failed\)\n/);
    expect(demo.stdout).toMatch(
      /\nPipeline failed in staging: stage 1 failed \(bizoholic\); stage 2 not started\. \([^)]+\)\n/,
    );
    expect(demo.stdout).toMatch(
      /\ndemo: as intended, bizoholic's deploy ended 'error' on Dokploy, the pipeline exited with 1 and Dokploy recorded no deploy for management \(\d+\.\ds\)\. Dokploy recorded: infrastructure done \S+ → /,
    );
    const created = await newRecords(before);
    expect(PROJECTS.map((p) => created[p].map((r) => r.status))).toEqual([['done'], ['error'], ['done'], []]);
    const bizoholic = await api('application.one', { applicationId: fixtures.bizoholic!.staging.id });
    expect(bizoholic.dockerImage).toMatch(/\/kit\/web:v[12]$/);
    expect(demo.stdout).not.toContain(apiKey);
  });
});
