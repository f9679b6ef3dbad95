/**
 * `npm run demo [-- --real] [-- --fail <platform>] [-- --plain]`: the staged pipeline, start to
 * finish, on this machine and with no configuration. It starts the kit's Dokploy sandbox, three small
 * platform servers (bizoholic, coreldove, management) and a TCP server standing in for
 * infrastructure's database, creates a throwaway seed-shaped monorepo with a change to infrastructure
 * (which cascades to every platform), and runs `dokploy-deploy pipeline` (the committed CLI bundle)
 * against them. `--fail <platform>` makes that platform's Dokploy build fail, to show the later stages
 * not starting. Everything it starts is stopped, and the repository removed, also on Ctrl-C.
 *
 * `--real` deploys to the real Dokploy that `npm run dokploy:up` started instead of the sandbox (its
 * URL and key from $DOKPLOY_ROOT/dokploy.env, default /tmp/dokploy-deploy-real; without it the demo
 * ends in one line saying to run `npm run dokploy:up`). It makes sure the fixtures exist
 * (scripts/dokploy/fixtures.ts), and deploys their staging environment from branch `staging` (the
 * real-server tests deploy production): a new release of each (scripts/dokploy/release.ts: the other
 * web image, kit/web:v1 ↔ v2, for the three applications; a new KIT_MARK for the infrastructure
 * stack), with health gates on the fixture containers' real endpoints — Redis, the TCP service,
 * /health — and on the answer only the new release gives (/version, /env), since Dokploy's `done`
 * means Swarm took the update while the old task still answers. The separation checks stay on the
 * local fixture platform servers, as in the sandbox demo: the fixture images carry no platform pages.
 * `--fail <platform>` points that platform's release at kit/web:missing, an image the registry does
 * not have, so Dokploy's pull fails and the deployment ends `error`; the demo puts the release back
 * afterwards. The verdict is read from the deployment records Dokploy created. What the real run
 * leaves behind is the new release running on the staging services (and Dokploy itself).
 *
 * Exit code: 0 when the demo showed what it should (with --fail: the pipeline failed and no later
 * stage deployed), 130 when interrupted, 1 otherwise.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dump } from 'js-yaml';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import {
  PLATFORM_NAMES,
  startPlatformServers,
  type PlatformServers,
} from '../__tests__/fixtures/separation/servers.js';
import { startRealTarget, type DemoTarget } from './demo-real.js';
import { SEED_PLATFORMS } from './dokploy/release.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PROJECTS = SEED_PLATFORMS;
type Project = (typeof PROJECTS)[number];
const API_KEY = `demo-${Math.random().toString(36).slice(2, 12)}`;

const USAGE = `Usage: npm run demo [-- --real] [-- --fail <platform>] [-- --plain]

Runs the staged pipeline start to finish on this machine, with no configuration: a throwaway
seed-shaped monorepo, the kit's Dokploy sandbox and small platform servers, and
\`dokploy-deploy pipeline\` (the committed CLI bundle) against them. Everything is removed at the end.

  --fail PLATFORM  make that platform's build fail, to see the later stages not start
                   (one of ${PROJECTS.join(', ')})
  --real           deploy to the real Dokploy of \`npm run dokploy:up\` instead of the sandbox
  --plain          one line per change instead of the live table
  -h, --help       this text
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const failAt = args.indexOf('--fail');
const fail = failAt >= 0 ? (args[failAt + 1] as Project | undefined) : undefined;
const plain = args.includes('--plain');
const real = args.includes('--real');
if (failAt >= 0 && (fail === undefined || !PROJECTS.includes(fail))) {
  console.error(`demo: --fail takes one of ${PROJECTS.join(', ')}`);
  process.exit(2);
}
// An option the demo does not know would otherwise be ignored and the whole demo run.
const known = (a: string, i: number): boolean =>
  ['--plain', '--real', '--fail'].includes(a) || (failAt >= 0 && i === failAt + 1);
const unknown = args.filter((a, i) => !known(a, i));
if (unknown.length > 0) {
  console.error(`demo: unknown option '${unknown[0]}': use --fail <platform>, --real, --plain or --help`);
  process.exit(2);
}

const serviceId = (p: Project): string => `${p === 'infrastructure' ? 'cmp' : 'app'}-${p}-prod`;
const secretName = (p: Project): string => `DOKPLOY_${p.toUpperCase()}_PROD_ID`;

let interrupted = false;
const cleanups: (() => Promise<void> | void)[] = [];
// Ctrl-C reaches the pipeline too (same process group): it cancels and reports; we only wait for it.
const onSignal = (): void => void (interrupted = true);
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

let code = 1;
try {
  code = await demo();
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
} finally {
  for (const cleanup of cleanups.reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error: Error) => console.error(`demo: cleaning up: ${error.message}`));
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
process.exitCode = interrupted ? 130 : code;

async function demo(): Promise<number> {
  const started = Date.now();
  say(
    real
      ? `dokploy-deploy demo: a seed-shaped monorepo deployed in stages to the real Dokploy on this machine (its staging environment).`
      : 'dokploy-deploy demo: a seed-shaped monorepo deployed in stages to a local Dokploy sandbox.',
  );
  const target = real ? await startRealTarget(fail) : await startSandboxTarget();
  cleanups.push(() => target.close());
  const servers = await startPlatformServers('correct');
  cleanups.push(() => servers.close());
  const repo = createMonorepo(target, servers);
  cleanups.push(() => rmSync(repo, { recursive: true, force: true }));
  for (const line of target.intro(servers)) say(line);
  say(
    `  monorepo          ${repo} (${real ? `branch ${target.branch}; ` : ''}last commit changes infrastructure/, which cascades)`,
  );
  say(`\n$ dokploy-deploy pipeline --base HEAD~1${plain ? ' --plain' : ''}\n`);
  const pipelineStartedAt = Date.now();
  const exit = await runPipeline(repo, target, servers);
  say('');
  if (interrupted) {
    say(
      real
        ? 'demo: interrupted; the servers and the repository are being removed (a deploy Dokploy already started keeps running there).'
        : 'demo: interrupted; the sandbox, the servers and the repository are being removed.',
    );
    return 130;
  }
  return target.verdict(exit, Date.now() - started, pipelineStartedAt);
}

/** The kit's sandbox with the four services and a TCP server for infrastructure's database. */
async function startSandboxTarget(): Promise<DemoTarget> {
  const sandbox = await startSandbox({ apiKey: API_KEY, scenario: scenario() });
  const database = await startDatabase().catch(async (error: unknown) => {
    await sandbox.close();
    throw error;
  });
  return {
    intro: (servers) => [
      `  Dokploy sandbox   ${sandbox.url} (4 services; builds take 2s${fail ? `; ${fail}'s build fails` : ''})`,
      ...PLATFORM_NAMES.map((name) => `  ${name.padEnd(16)}  ${servers.urls[name]}`),
      `  infrastructure    tcp://127.0.0.1:${database.port} (its database)`,
    ],
    branch: 'main',
    environments: { main: 'production' },
    environment: 'production',
    deploy: (p) => ({
      kind: p === 'infrastructure' ? 'compose' : 'application',
      production: { secret: secretName(p) },
    }),
    health: (p) => (p === 'infrastructure' ? [`tcp://127.0.0.1:${database.port}`] : undefined),
    env: {
      DOKPLOY_URL: sandbox.url,
      DOKPLOY_TOKEN: API_KEY,
      ...Object.fromEntries(PROJECTS.map((p) => [secretName(p), serviceId(p)])),
    },
    // A short running check: the sandbox's versions are stable at once.
    pipelineArgs: ['--poll-interval', '500ms', '--stable-for', '2s'],
    verdict: async (exit, tookMs) => verdict(exit, sandbox, tookMs),
    async close() {
      await sandbox.close();
      await new Promise<void>((done) => database.server.close(() => done()));
    },
  };
}

function scenario(): Record<string, unknown> {
  return {
    version: 'v0.30.2',
    // Two build workers, so the platforms stage really builds in parallel.
    concurrency: 2,
    services: PROJECTS.map((p) => ({
      [p === 'infrastructure' ? 'composeId' : 'applicationId']: serviceId(p),
      name: p,
      sourceType: 'github',
      deploy: { buildDuration: '2s', outcome: p === fail ? 'error' : 'done' },
    })),
  };
}

function createMonorepo(target: DemoTarget, servers: PlatformServers): string {
  const dir = mkdtempSync(join(tmpdir(), 'dokploy-demo-'));
  const git = (...argv: string[]): void =>
    void execFileSync('git', argv, {
      cwd: dir,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Demo',
        GIT_AUTHOR_EMAIL: 'demo@example.com',
        GIT_COMMITTER_NAME: 'Demo',
        GIT_COMMITTER_EMAIL: 'demo@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
      },
    });
  const write = (files: Record<string, string>): void => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  git('init', '-q', '-b', target.branch);
  git('config', 'commit.gpgsign', 'false');
  write({
    'infrastructure/docker-compose.yml': 'services:\n  postgres:\n    image: postgres:16\n',
    'bizoholic-platform/package.json': '{ "name": "bizoholic-platform" }\n',
    'coreldove-platform/package.json': '{ "name": "coreldove-platform" }\n',
    'management-platform/package.json': '{ "name": "management-platform" }\n',
    'shared/frontend/index.ts': 'export const platform = process.env.NEXT_PUBLIC_PLATFORM;\n',
    '.github/platforms.yml': manifest(target, servers),
    '.github/separation.yml': servers.spec(target.environment),
  });
  git('add', '-A');
  git('commit', '-qm', 'Seed monorepo');
  write({ 'infrastructure/docker-compose.yml': 'services:\n  postgres:\n    image: postgres:17\n' });
  git('commit', '-qam', 'infrastructure: PostgreSQL 17');
  return dir;
}

function manifest(target: DemoTarget, servers: PlatformServers): string {
  const health = (p: Project): string[] =>
    target.health(p) ?? [`${servers.urls[p as (typeof PLATFORM_NAMES)[number]]}/api/health`];
  return dump({
    environments: target.environments,
    platforms: {
      infrastructure: {
        paths: ['infrastructure/**'],
        cascade: true,
        deploy: target.deploy('infrastructure'),
        health: health('infrastructure'),
      },
      bizoholic: {
        paths: ['bizoholic-platform/**', 'shared/frontend/**'],
        needs: ['infrastructure'],
        deploy: target.deploy('bizoholic'),
        health: health('bizoholic'),
      },
      coreldove: {
        paths: ['coreldove-platform/**', 'shared/frontend/**'],
        needs: ['infrastructure'],
        deploy: target.deploy('coreldove'),
        health: health('coreldove'),
      },
      management: {
        paths: ['management-platform/**'],
        needs: ['bizoholic', 'coreldove'],
        deploy: target.deploy('management'),
        health: health('management'),
      },
    },
  });
}

/** Runs the CLI bundle's pipeline command in the monorepo, sharing this terminal. */
async function runPipeline(repo: string, target: DemoTarget, servers: PlatformServers): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...servers.env(), ...target.env };
  const argv = [
    join(ROOT, 'dist', 'cli', 'index.js'),
    'pipeline',
    '--base',
    'HEAD~1',
    '--health-interval',
    '1s',
    ...target.pipelineArgs,
    ...(plain ? ['--plain'] : []),
  ];
  const child = spawn(process.execPath, argv, { cwd: repo, env, stdio: 'inherit' });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  return new Promise<number>((done) => child.once('exit', (c, signal) => done(c ?? (signal ? 130 : 1))));
}

function verdict(exit: number, sandbox: Sandbox, tookMs: number): number {
  const requested = [
    ...new Set(sandbox.events.filter((e) => e.type === 'deploy-requested').map((e) => e.name)),
  ];
  const took = `${(tookMs / 1000).toFixed(1)}s`;
  if (!fail) {
    const ok = exit === 0 && requested.length === PROJECTS.length;
    say(
      ok
        ? `demo: done in ${took}. Dokploy received ${requested.length} deploys, stage by stage: ${requested.join(' → ')}. Try it failing: npm run demo -- --fail infrastructure`
        : `demo: the pipeline exited with ${exit} (expected 0); Dokploy received deploys for: ${requested.join(', ') || 'nothing'}`,
    );
    return ok ? 0 : 1;
  }
  const failStage = fail === 'infrastructure' ? 0 : fail === 'management' ? 2 : 1;
  const later = PROJECTS.filter((p) => stageOf(p) > failStage);
  const leaked = later.filter((p) => requested.includes(p));
  const ok = exit === 1 && leaked.length === 0;
  say(
    ok
      ? `demo: as intended, ${fail}'s build failed, the pipeline exited with 1 and Dokploy never received a deploy for ${later.join(', ') || '(no later stage)'} (${took}).`
      : `demo: expected the pipeline to exit with 1 and no deploy after stage ${failStage}; it exited with ${exit} and Dokploy received: ${requested.join(', ')}`,
  );
  return ok ? 0 : 1;
}

function stageOf(p: Project): number {
  return p === 'infrastructure' ? 0 : p === 'management' ? 2 : 1;
}

async function startDatabase(): Promise<{ server: TcpServer; port: number }> {
  const server = createTcpServer((socket) => socket.end());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the database stand-in has no port');
  return { server, port: address.port };
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
