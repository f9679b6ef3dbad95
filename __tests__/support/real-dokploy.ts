/**
 * The real Dokploy that `npm run dokploy:up` brought up (scripts/dokploy): its URL and key, the
 * fixtures (scripts/dokploy/fixtures.ts), a git server for the git-sourced one, and small helpers
 * to read what Dokploy recorded and what the containers answer. When the server is absent the
 * tests fail with the reason: a real-server test never passes without the real server.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUILDER_DOCKERFILE,
  dokployApi,
  ensureFixtures,
  deploymentsOf,
  dokployRoot,
  fetchText,
  reachDokploy,
  type Fixtures,
} from '../../scripts/dokploy/fixtures.js';
import { startGitServer, type GitServer } from '../../scripts/dokploy/git-server.js';
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { Deployment } from '../../src/lib/dokploy-client.js';
import { nodeBinaries, runBundle, type BundleRun, type BundleRunOptions } from './bundle.js';

export const DOKPLOY_ROOT = dokployRoot();

export interface RealDokploy {
  url: string;
  apiKey: string;
  api: ReturnType<typeof dokployApi>;
  fixtures: Fixtures;
  git: GitServer & {
    repo: string;
    push(files: Record<string, string>, message: string, branch?: string): string;
    /** Runs git in the working repository (`repo`) as its author; trimmed stdout. */
    run(...args: string[]): string;
  };
  /** Turns on Dokploy's Rollbacks for an application, with the local registry as rollback registry. */
  enableRollbacks(applicationId: string): Promise<void>;
  disableRollbacks(applicationId: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The running server's URL and key, held for this test file alone until `release()`: jest may run
 * files in parallel on a larger machine, and they share one Dokploy (whose deploy queue is one for the
 * whole server) and a test that restarts it. Throws the one line that says why there is no server.
 */
export async function holdRealDokploy(): Promise<{ url: string; apiKey: string; release(): void }> {
  const { url, apiKey } = await reachDokploy(DOKPLOY_ROOT);
  const lock = join(DOKPLOY_ROOT, 'run', 'tests.lock');
  for (let waited = 0; ; waited += 500) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(readFileSync(join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }));
      if (!holder || !isAlive(holder)) rmSync(lock, { recursive: true, force: true });
      else if (waited > 30 * 60_000)
        throw new Error(`the real Dokploy is held by process ${holder} (${lock})`);
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return { url, apiKey, release: () => rmSync(lock, { recursive: true, force: true }) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Holds the running server (see `holdRealDokploy`), sets the fixtures up, and serves the git repository. */
export async function connectRealDokploy(): Promise<RealDokploy> {
  const { url, apiKey, release } = await holdRealDokploy();
  const git = await gitRepository();
  const fixtures = await ensureFixtures(url, apiKey, `${git.url}/builder.git`);
  const api = dokployApi(url, apiKey);
  return {
    url,
    apiKey,
    api,
    fixtures,
    git,
    async enableRollbacks(applicationId) {
      const registries = (await api('registry.all', {}, 'GET')) as {
        registryId: string;
        registryName: string;
      }[];
      let registry = registries.find((r) => r.registryName === 'kit-rollbacks');
      if (!registry) {
        // The local registry has no auth; Dokploy logs in anyway, which such a registry accepts.
        await api('registry.create', {
          registryName: 'kit-rollbacks',
          username: 'kit',
          password: 'unused',
          registryUrl: '127.0.0.1:5000',
          registryType: 'cloud',
          imagePrefix: 'kit-rollbacks',
        });
        registry = ((await api('registry.all', {}, 'GET')) as typeof registries).find(
          (r) => r.registryName === 'kit-rollbacks',
        );
      }
      await api('application.update', {
        applicationId,
        rollbackActive: true,
        rollbackRegistryId: registry!.registryId,
      });
    },
    async disableRollbacks(applicationId) {
      await api('application.update', { applicationId, rollbackActive: false, rollbackRegistryId: null });
    },
    async close() {
      await git.close();
      release();
    },
  };
}

let runNumber = Math.floor(Date.now() / 1000) % 100_000;

/**
 * Runs the deploy action's bundle under Node 24 (the runner's runtime) against the real server, with a
 * runner environment of its own; `title` is the deployment title the action gave this run.
 */
export async function runDeploy(
  dokploy: RealDokploy,
  inputs: Record<string, string>,
  options: Pick<BundleRunOptions, 'killAfterMs' | 'signal' | 'onOutput'> & {
    /** Runner variables over `runnerEnv`'s (GITHUB_SHA for a given commit). */
    env?: Record<string, string>;
  } = {},
): Promise<BundleRun & { title: string }> {
  const number = ++runNumber;
  const run = await runBundle('dokploy-deploy', {
    node: nodeBinaries()[1]!.path,
    // A short running check (the default 20s adds ~30s per deploy); tests of the check give their own.
    inputs: {
      'dokploy-url': dokploy.url,
      'api-key': dokploy.apiKey,
      'poll-interval': '1s',
      'stable-for': '3s',
      ...inputs,
    },
    env: { ...runnerEnv(number), ...options.env },
    killAfterMs: options.killAfterMs ?? 240_000,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
  return { ...run, title: `Deploy #${number}.1 abcdef1` };
}

/** The key was masked, and a user sees it nowhere. */
export function expectNoKey(dokploy: RealDokploy, run: BundleRun): void {
  expect(run.everything).toContain(`::add-mask::${dokploy.apiKey}`);
  expect(run.visible).not.toContain(dokploy.apiKey);
}

/** A bare repository `builder.git` with the builder's Dockerfile on `main`, served over HTTP. */
async function gitRepository(): Promise<RealDokploy['git']> {
  const root = mkdtempSync(join(tmpdir(), 'kit-git-'));
  const bare = join(root, 'builder.git');
  const work = join(root, 'work');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Kit',
        GIT_AUTHOR_EMAIL: 'kit@example.test',
        GIT_COMMITTER_NAME: 'Kit',
        GIT_COMMITTER_EMAIL: 'kit@example.test',
      },
    })
      .toString()
      .trim();
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare]);
  execFileSync('git', ['init', '-q', '-b', 'main', work]);
  const push = (files: Record<string, string>, message: string, branch = 'main'): string => {
    git(work, 'checkout', '-q', '-B', branch);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(work, name), text);
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '--allow-empty', '-m', message);
    git(work, 'push', '-q', '-f', bare, `${branch}:${branch}`);
    return git(work, 'rev-parse', 'HEAD');
  };
  push({ Dockerfile: BUILDER_DOCKERFILE, version: 'git-1\n' }, 'builder: first version');
  const server = await startGitServer(root);
  return { ...server, repo: work, push, run: (...args) => git(work, ...args) };
}

/**
 * Waits (bounded) until `url` answers with text that satisfies `want`, and returns that text; the
 * last answer (or nothing) otherwise. A deploy's `done` means Swarm took the update, not that the
 * new task already answers.
 */
export async function eventually(
  url: string,
  want: (text: string) => boolean,
  seconds = 60,
): Promise<string | undefined> {
  let last: string | undefined;
  for (let i = 0; i < seconds * 4; i++) {
    last = await fetchText(url);
    if (last !== undefined && want(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}

/**
 * Waits (bounded) until Dokploy's deploy queue is empty, no record of `applicationId` is running,
 * and no `docker build` of it runs on this host: a test that restarts Dokploy mid-build leaves that
 * build's shell behind (the stopped server's child), and when it ends it tags the service's image,
 * which a later test's deploy then runs instead of its own version.
 */
export async function untilIdle(dokploy: RealDokploy, applicationId: string, seconds = 180): Promise<void> {
  const { appName } = (await dokploy.api('application.one', { applicationId }, 'GET')) as { appName: string };
  for (let i = 0; i < seconds; i++) {
    const queue = (await dokploy.api('deployment.queueList', {}, 'GET')) as unknown[];
    const running = (await recordsOf(dokploy, 'application', applicationId)).some(
      (r) => r.status === 'running',
    );
    if (queue.length === 0 && !running && !buildRuns(appName)) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`Dokploy still busy with ${applicationId} after ${seconds}s`);
}

/** Whether a `docker build -t <appName>` process runs on this host (Dokploy's builder command). */
function buildRuns(appName: string): boolean {
  return readdirSync('/proc').some((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = argv.indexOf('build');
      return (
        at > 0 &&
        /(^|\/)docker$/.test(argv[at - 1] ?? '') &&
        argv[at + 1] === '-t' &&
        argv[at + 2] === appName
      );
    } catch {
      return false; // the process ended while being read
    }
  });
}

/** Dokploy's deployment records of a service, newest first. */
export const recordsOf = (
  dokploy: RealDokploy,
  kind: 'application' | 'compose',
  id: string,
): Promise<Deployment[]> => deploymentsOf(dokploy.api, { kind, id });

/**
 * Connects before the file's tests and lets the server go after them.
 * @example const real = realDokployForThisFile(); ... real().fixtures.bizoholic
 */
export function realDokployForThisFile(): () => RealDokploy {
  let dokploy: RealDokploy | undefined;
  beforeAll(async () => {
    dokploy = await connectRealDokploy();
  });
  afterAll(async () => {
    await dokploy?.close();
  });
  return () => {
    if (!dokploy) throw new Error('the real Dokploy is not connected (beforeAll failed)');
    return dokploy;
  };
}

/** Points the git-built fixture (in production unless told) at a branch of the test's repository. */
export async function useBuilderBranch(
  dokploy: RealDokploy,
  branch: string,
  environment: 'production' | 'staging' = 'production',
): Promise<void> {
  await dokploy.api('application.saveGitProvider', {
    applicationId: dokploy.fixtures.builder![environment].id,
    customGitUrl: `${dokploy.git.url}/builder.git`,
    customGitBranch: branch,
    customGitBuildPath: '/',
    customGitSSHKeyId: null,
    watchPaths: null,
    enableSubmodules: false,
  });
}

/** Runner environment for a bundle run (the title the action gives its deploy is built from it). */
export function runnerEnv(runNumber: number): Record<string, string> {
  return {
    GITHUB_WORKFLOW: 'Deploy',
    GITHUB_RUN_ID: String(700000 + runNumber),
    GITHUB_RUN_NUMBER: String(runNumber),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: 'abcdef1234567890abcdef1234567890abcdef12',
    GITHUB_REPOSITORY: 'acme/mono',
  };
}

/**
 * Stops the running Dokploy (SIGTERM, as a host restart or an update does) and starts it again with
 * `dokploy:up`, which only restarts what is not running. Resolves when it answers again.
 */
export async function restartDokploy(): Promise<void> {
  const pid = Number(readFileSync(join(DOKPLOY_ROOT, 'run', 'dokploy.pid'), 'utf8'));
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 120; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await promisify(execFile)('bash', [join(import.meta.dirname, '..', '..', 'scripts', 'dokploy', 'up.sh')], {
    env: { ...process.env, DOKPLOY_ROOT },
  });
}
