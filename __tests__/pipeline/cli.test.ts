/**
 * `dokploy-deploy pipeline` (the CLI bundle) against the real Dokploy sandbox, the separation fixture's
 * three platform servers and a TCP server for infrastructure, on a seed-shaped git repository.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { machineNode, ROOT } from '../support/bundle.js';
import { tempRepo, type TempRepo } from '../support/git.js';
import { startPlatformServers, type PlatformServers } from '../fixtures/separation/servers.js';

const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const API_KEY = 'pipeline-cli-key-93be1f';
const PROJECTS = ['infrastructure', 'bizoholic', 'coreldove', 'management'] as const;
type Project = (typeof PROJECTS)[number];
const id = (p: Project): string => `${p === 'infrastructure' ? 'cmp' : 'app'}-${p}`;
const secret = (p: Project): string => `DOKPLOY_${p.toUpperCase()}_PROD_ID`;

let servers: PlatformServers;
let database: Server;
let repo: TempRepo;

beforeAll(async () => {
  servers = await startPlatformServers('correct');
  database = createServer((socket) => socket.end());
  await new Promise<void>((done) => database.listen(0, '127.0.0.1', done));
  const port = (database.address() as { port: number }).port;
  const health = (p: Exclude<Project, 'infrastructure'>): string[] => [`${servers.urls[p]}/api/health`];
  const deploy = (p: Project): Record<string, unknown> => ({
    kind: p === 'infrastructure' ? 'compose' : 'application',
    production: { secret: secret(p) },
  });
  const manifest = stringify({
    environments: { main: 'production' },
    platforms: {
      infrastructure: {
        paths: ['infrastructure/**'],
        cascade: true,
        deploy: deploy('infrastructure'),
        health: [`tcp://127.0.0.1:${port}`],
      },
      bizoholic: {
        paths: ['bizoholic-platform/**'],
        needs: ['infrastructure'],
        deploy: deploy('bizoholic'),
        health: health('bizoholic'),
      },
      coreldove: {
        paths: ['coreldove-platform/**'],
        needs: ['infrastructure'],
        deploy: deploy('coreldove'),
        health: health('coreldove'),
      },
      management: {
        paths: ['management-platform/**'],
        needs: ['bizoholic', 'coreldove'],
        deploy: deploy('management'),
        health: health('management'),
      },
    },
  });
  repo = tempRepo('main');
  repo.commit('seed', {
    '.github/platforms.yml': manifest,
    '.github/separation.yml': servers.spec('production'),
    'infrastructure/compose.yml': 'postgres:16',
    'bizoholic-platform/a.ts': 'a',
    'coreldove-platform/a.ts': 'a',
    'management-platform/a.ts': 'a',
  });
  repo.commit('change', { 'infrastructure/compose.yml': 'postgres:17' });
});

afterAll(async () => {
  await servers.close();
  await new Promise((done) => database.close(done));
  repo.remove();
});

async function sandboxWith(
  builds: Partial<Record<Project, { outcome?: string; buildDuration?: string }>>,
): Promise<Sandbox> {
  // Git builds report the repository's head, as Dokploy's `Commit: <sha>` rewrite would.
  const commit = { sha: repo.git('rev-parse', 'HEAD'), message: 'change' };
  return startSandbox({
    apiKey: API_KEY,
    scenario: {
      version: 'v0.30.2',
      concurrency: 2,
      services: PROJECTS.map((p) => ({
        [p === 'infrastructure' ? 'composeId' : 'applicationId']: id(p),
        name: p,
        commit,
        deploy: { buildDuration: builds[p]?.buildDuration ?? '300ms', outcome: builds[p]?.outcome ?? 'done' },
      })),
    },
  });
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function env(sandbox: Sandbox, overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const all: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    DOKPLOY_URL: sandbox.url,
    DOKPLOY_TOKEN: API_KEY,
    ...servers.env(),
    ...Object.fromEntries(PROJECTS.map((p) => [secret(p), id(p)])),
    ...overrides,
  };
  for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
  return all;
}

/** Runs the pipeline; `interrupt` sends SIGINT once it returns true (polled). Killed after 60 s (a safety net). */
function pipeline(
  sandbox: Sandbox,
  options: {
    env?: Record<string, string | undefined>;
    interrupt?: (stdout: string) => boolean;
    args?: string[];
  } = {},
): Promise<CliRun> {
  const range = options.args ?? ['--base', 'HEAD~1'];
  // A short running check (the default 20s would add a minute to the three stages).
  const args = [
    CLI,
    'pipeline',
    ...range,
    '--poll-interval',
    '500ms',
    '--health-interval',
    '500ms',
    '--stable-for',
    '1s',
  ];
  const child = spawn(machineNode(), args, { cwd: repo.dir, env: env(sandbox, options.env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const poll = setInterval(() => {
    if (options.interrupt?.(stdout)) {
      clearInterval(poll);
      child.kill('SIGINT');
    }
  }, 50);
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      clearInterval(poll);
      resolve({ code, stdout, stderr });
    }),
  );
}

function requested(sandbox: Sandbox): string[] {
  return sandbox.events.filter((e) => e.type === 'deploy-requested').map((e) => e.name);
}

function at(sandbox: Sandbox, type: string, name: string): number {
  const event = sandbox.events.find((e) => e.type === type && e.name === name);
  if (!event) throw new Error(`no ${type} event for ${name}`);
  return Date.parse(event.at);
}

describe('dokploy-deploy pipeline (CLI bundle, real sandbox and servers)', () => {
  it('deploys the stages in order, waits healthy, runs separation, prints a table and exits 0', async () => {
    const sandbox = await sandboxWith({});
    try {
      const run = await pipeline(sandbox);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      // The two platforms of stage 1 are deployed at once, so in either order.
      const order = requested(sandbox);
      expect([order[0], [order[1], order[2]].sort(), order[3], order.length]).toEqual([
        'infrastructure',
        ['bizoholic', 'coreldove'],
        'management',
        4,
      ]);
      // Stage 1 starts only after infrastructure's deployment finished; stage 2 after both platforms.
      const infraDone = at(sandbox, 'deployment-finished', 'infrastructure');
      expect(at(sandbox, 'deploy-requested', 'bizoholic')).toBeGreaterThanOrEqual(infraDone);
      expect(at(sandbox, 'deploy-requested', 'coreldove')).toBeGreaterThanOrEqual(infraDone);
      const platformsDone = Math.max(
        at(sandbox, 'deployment-finished', 'bizoholic'),
        at(sandbox, 'deployment-finished', 'coreldove'),
      );
      expect(at(sandbox, 'deploy-requested', 'management')).toBeGreaterThanOrEqual(platformsDone);
      // The health targets and the separation checks reached the platform servers.
      expect(servers.requests).toEqual(
        expect.arrayContaining(['bizoholic GET /api/health', 'coreldove GET /api/me']),
      );
      expect(run.stdout).toContain('Deploying to production on 127.0.0.1:');
      expect(run.stdout).toMatch(
        /\] stage 0 infrastructure: deploying \(compose \(id from DOKPLOY_INFRASTRUCTURE_PROD_ID\)\)\n/,
      );
      expect(run.stdout).toMatch(
        /\] separation: passed \(29 of 31 checks passed \(2 allowed by the spec\)\)\n/,
      );
      expect(run.stdout).toMatch(
        /\n0\s+infrastructure\s+✔ done\s+\S+\s+deployment dep-\w+ done; 1 target healthy in \S+\n/,
      );
      expect(run.stdout).toMatch(/\nafter 1\s+separation\s+✔ passed\s/);
      expect(run.stdout).toMatch(/\nDeployed 4 platforms to production: every stage passed\. \([^)]+\)\n$/);
      expect(run.stdout).not.toContain(API_KEY);
      for (const token of Object.values(servers.env())) expect(run.stdout).not.toContain(token);
    } finally {
      await sandbox.close();
    }
  });

  it("runs the separation checks after the stage the spec's after: names", async () => {
    const sandbox = await sandboxWith({});
    // An untracked copy of the spec (the diff between commits does not see it), placed after management.
    writeFileSync(
      join(repo.dir, 'after-management.yml'),
      `after: [management]\n${servers.spec('production')}`,
    );
    try {
      const run = await pipeline(sandbox, { args: ['--base', 'HEAD~1', '--spec', 'after-management.yml'] });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('(separation checks after stage 2)');
      expect(run.stdout).toMatch(/\nafter 2\s+separation\s+✔ passed\s/);
      // The checks ran once management's deploy had finished.
      const managementDone = run.stdout.search(/\] stage 2 management: done/);
      expect(managementDone).toBeGreaterThan(0);
      expect(run.stdout.indexOf('] separation: passed')).toBeGreaterThan(managementDone);
    } finally {
      rmSync(join(repo.dir, 'after-management.yml'));
      await sandbox.close();
    }
  });

  it('stops the later stages when the infrastructure build fails, shows its build log and exits 1', async () => {
    const sandbox = await sandboxWith({ infrastructure: { outcome: 'error' } });
    try {
      const run = await pipeline(sandbox);
      expect(run.code).toBe(1);
      expect(requested(sandbox)).toEqual(['infrastructure']);
      expect(run.stdout).toMatch(
        /\] stage 0 infrastructure: failed \(Deployment of compose infrastructure \(cmp-infrastructure\) ended with status 'error': the last lines of its build log are printed above; the full log is on deployment dep-\w+ in Dokploy\)\n/,
      );
      expect(run.stdout).toContain('\n── infrastructure: the last lines of its log\n');
      expect(run.stdout).toContain('ERROR: failed to solve');
      expect(run.stdout).toMatch(/\n2\s+management\s+– not started\s+stage 0 failed\n/);
      expect(run.stdout).toMatch(
        /\nPipeline failed in production: stage 0 failed \(infrastructure\); stages 1, 2 not started\. \(\S+\)\n$/,
      );
      expect(run.stdout).not.toContain(API_KEY);
    } finally {
      await sandbox.close();
    }
  });

  it('stops cleanly on SIGINT: the running deploy is left, nothing new starts, the table is printed, exit 130', async () => {
    const sandbox = await sandboxWith({ infrastructure: { buildDuration: '60s' } });
    try {
      // Interrupted once the command shows Dokploy's record of the deploy running.
      const running = (stdout: string): boolean => / infrastructure: deploying \(running /.test(stdout);
      const run = await pipeline(sandbox, { interrupt: running });
      expect(run.code).toBe(130);
      expect(requested(sandbox)).toEqual(['infrastructure']);
      expect(run.stdout).toMatch(/\] stage 0 infrastructure: deploying \(running \(deployment dep-\w+\)\)\n/);
      expect(run.stdout).toMatch(
        /\] stage 0 infrastructure: cancelled \(Cancelled while waiting for deployment dep-\w+ of compose infrastructure \(cmp-infrastructure\) \(status running\): it keeps running on Dokploy, which cannot cancel a running build \(self-hosted\); check it in the Deployments tab\)\n/,
      );
      expect(run.stdout).toMatch(/\n1\s+bizoholic\s+– not started\s+stage 0 cancelled\n/);
      expect(run.stdout).toMatch(
        /\nPipeline cancelled in production: stage 0 cancelled \(infrastructure\); stages 1, 2 not started\. \(\S+\)\n$/,
      );
    } finally {
      await sandbox.close();
    }
  });

  it('refuses to start without DOKPLOY_TOKEN or an id variable, in one line naming it', async () => {
    const sandbox = await sandboxWith({});
    try {
      const noToken = await pipeline(sandbox, { env: { DOKPLOY_TOKEN: undefined } });
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toBe(
        'dokploy-deploy pipeline: Environment variable DOKPLOY_TOKEN: is required: a Dokploy API key (Settings → Profile → API/CLI in Dokploy)\n',
      );
      // Against the event: with since deployed, a platform whose id cannot be read is compared with the event instead.
      const noId = await pipeline(sandbox, {
        env: { DOKPLOY_CORELDOVE_PROD_ID: undefined },
        args: ['--base', 'HEAD~1', '--since', 'event'],
      });
      expect(noId.code).toBe(1);
      expect(noId.stderr).toBe(
        "dokploy-deploy pipeline: Environment variable DOKPLOY_CORELDOVE_PROD_ID: is not set: each holds the Dokploy id of a platform in production (the manifest's deploy.production.secret)\n",
      );
      const badUrl = await pipeline(sandbox, { env: { DOKPLOY_URL: 'dokploy.example.com' } });
      expect(badUrl.stderr).toBe(
        "dokploy-deploy pipeline: Environment variable DOKPLOY_URL is 'dokploy.example.com': use an http(s) address such as https://dokploy.example.com\n",
      );
      expect(requested(sandbox)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });

  it('deploys what --select names, in its stage, and says when there is nothing to deploy', async () => {
    const sandbox = await sandboxWith({});
    try {
      const selected = await pipeline(sandbox, { args: ['--select', 'management', '--no-separation'] });
      expect(selected.code).toBe(0);
      expect(requested(sandbox)).toEqual(['management']);
      expect(selected.stdout).toContain('Deploying to production on 127.0.0.1:');
      expect(selected.stdout).toContain('stage 0: (nothing) → stage 1: (nothing) → stage 2: management\n');
      expect(selected.stdout).toMatch(
        /\nDeployed 1 platform to production: every stage passed\. \([^)]+\)\n$/,
      );
      const nothing = await pipeline(sandbox, { args: ['--base', 'HEAD', '--since', 'event'] });
      expect(nothing).toEqual({
        code: 0,
        stdout: 'Nothing to deploy to production: no platform changed.\n',
        stderr: '',
      });
      // Since what is deployed (the default with DOKPLOY_URL and DOKPLOY_TOKEN): management now runs
      // HEAD, the others were never deployed.
      const behind = await pipeline(sandbox, { args: ['--base', 'HEAD', '--no-separation'] });
      expect(behind.code).toBe(0);
      expect(requested(sandbox).slice(1).sort()).toEqual(['bizoholic', 'coreldove', 'infrastructure']);
      expect(behind.stdout).toContain(
        'stage 0: infrastructure → stage 1: bizoholic, coreldove → stage 2: (nothing)\n',
      );
      const otherBranch = await pipeline(sandbox, { args: ['--base', 'HEAD~1', '--branch', 'feature/x'] });
      expect(otherBranch.stdout).toBe('Nothing to deploy: branch feature/x maps to no environment.\n');
      expect(requested(sandbox)).toHaveLength(4);
    } finally {
      await sandbox.close();
    }
  });
});
