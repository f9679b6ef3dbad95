/**
 * Start-up of every action bundle, run the way the runner runs it (every action.yml default as
 * INPUT_*, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files): from spawning the process to its first
 * request reaching a local server (dokploy-deploy, wait-healthy, run-e2e-separation) or its first
 * byte of output (detect-changed-platforms, on a one-commit push), against bare
 * `node -e "await fetch(url)"` and `node -e "console.log(1)"` measured in the same rounds, under
 * Node 24 and the machine's Node. Then the bundle sizes, ours and the peers'. BENCH_STARTS rounds
 * (default 15); BENCH_DIST_BASE=<dir> adds the same actions from another build to the rounds.
 * Asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import {
  actionDefaults,
  benchNodes,
  formatSpread,
  interleave,
  kib,
  loadLine,
  loadPeer,
  median,
  printTable,
  DIST,
  ROOT,
} from './support.js';

const STARTS = Number(process.env.BENCH_STARTS ?? 15);
const MAX_BUNDLE_KIB = 0.7 * 1024;

/** How one contender is started and when it counts as started. */
interface Start {
  label: string;
  args: string[];
  /** Environment besides PATH/HOME and the runner files. */
  env: Record<string, string>;
  /** 'request': the first request reaching the server; 'output': the first byte on stdout. */
  until: 'request' | 'output';
}

/** A local HTTP server that records when its first request arrives. */
async function firstRequestServer(): Promise<{ url: string; firstAt(): number; close(): Promise<void> }> {
  let firstAt = 0;
  const server = createServer((_req, res) => {
    firstAt ||= performance.now();
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    firstAt: () => firstAt,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/** Spawns one contender; resolves with ms from spawn to its first request or output, then kills it. */
async function timeStart(node: string, start: Start, scratch: string, cwd: string): Promise<number> {
  const server = await firstRequestServer();
  for (const f of ['output', 'summary']) writeFileSync(join(scratch, f), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? scratch,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(scratch, 'output'),
    GITHUB_STEP_SUMMARY: join(scratch, 'summary'),
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: scratch,
  };
  for (const [k, v] of Object.entries(start.env)) env[k] = v.replaceAll('$URL', server.url);
  const started = performance.now();
  const child = spawn(
    node,
    start.args.map((a) => a.replaceAll('$URL', server.url)),
    { env, cwd, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let outputAt = 0;
  const closed = new Promise((done) => child.on('close', done));
  await new Promise<void>((done) => {
    const check = setInterval(() => {
      if (start.until === 'request' ? server.firstAt() : outputAt) done();
    }, 1);
    child.stdout.once('data', () => {
      outputAt = performance.now();
      if (start.until === 'output') done();
    });
    void closed.then(() => done());
    void closed.then(() => clearInterval(check));
    const stop = (): void => clearInterval(check);
    child.once('exit', stop);
  });
  const at = start.until === 'request' ? server.firstAt() : outputAt;
  child.kill('SIGKILL');
  await closed;
  await server.close();
  if (!at) throw new Error(`${start.label} exited without its first ${start.until}`);
  return at - started;
}

/** A one-commit repository and its push event, for detect-changed-platforms. */
function pushRepo(scratch: string): { dir: string; event: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-repo-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=B', '-c', 'user.email=b@b', ...args], { cwd: dir })
      .toString()
      .trim();
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README.md'), 'x\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  writeFileSync(join(dir, 'a.ts'), 'x\n');
  git('add', '.');
  git('commit', '-qm', 'head');
  const before = git('rev-parse', 'HEAD^');
  const head = git('rev-parse', 'HEAD');
  const event = join(scratch, 'event.json');
  writeFileSync(event, JSON.stringify({ before, after: head, repository: { default_branch: 'main' } }));
  return { dir, event, head };
}

function bundle(name: string): string {
  return join(DIST, name, 'index.js');
}

function defaultsOf(name: string): Record<string, string> {
  return actionDefaults(join(ROOT, ...(name === 'dokploy-deploy' ? [] : ['actions', name]), 'action.yml'));
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const repo = pushRepo(scratch);
  const spec = JSON.stringify({
    platforms: {
      a: { urls: { production: '$URL/a' }, markers: ['a'], pages: ['/'] },
      b: { urls: { production: '$URL/b' }, markers: ['b'], pages: ['/'] },
    },
  });
  const starts: Start[] = [
    {
      label: 'floor: node -e "await fetch(url)"',
      args: ['--input-type=module', '-e', 'await fetch("$URL")'],
      env: {},
      until: 'request',
    },
    { label: 'floor: node -e "console.log(1)"', args: ['-e', 'console.log(1)'], env: {}, until: 'output' },
    {
      label: 'dokploy-deploy (first request)',
      args: [bundle('dokploy-deploy')],
      env: {
        ...defaultsOf('dokploy-deploy'),
        'INPUT_DOKPLOY-URL': '$URL',
        'INPUT_API-KEY': 'bench-key-000',
        'INPUT_APPLICATION-ID': 'app-web',
        GITHUB_SHA: repo.head,
        GITHUB_RUN_ID: '1',
      },
      until: 'request',
    },
    {
      label: 'wait-healthy (first request)',
      args: [bundle('wait-healthy')],
      env: { ...defaultsOf('wait-healthy'), INPUT_TARGETS: '$URL/health' },
      until: 'request',
    },
    {
      label: 'run-e2e-separation (first request)',
      args: [bundle('run-e2e-separation')],
      env: { ...defaultsOf('run-e2e-separation'), INPUT_SPEC: spec, INPUT_ENVIRONMENT: 'production' },
      until: 'request',
    },
    {
      label: 'detect-changed-platforms (first output)',
      args: [bundle('detect-changed-platforms')],
      env: {
        ...defaultsOf('detect-changed-platforms'),
        INPUT_TOKEN: '',
        INPUT_FILTERS: "src:\n  - '**/*.ts'",
        GITHUB_EVENT_NAME: 'push',
        GITHUB_EVENT_PATH: repo.event,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_SHA: repo.head,
        GITHUB_REPOSITORY: 'acme/mono',
      },
      until: 'output',
    },
  ];
  // BENCH_DIST_BASE: the same actions from another build, in the same rounds (an A/B of a change).
  const base = process.env.BENCH_DIST_BASE;
  if (base)
    for (const s of starts.filter((c) => c.args[0]?.startsWith(DIST)))
      starts.push({
        ...s,
        label: `${s.label} [base]`,
        args: [s.args[0]!.replace(DIST, resolve(base)), ...s.args.slice(1)],
      });
  console.log(
    `Start-up to first request / first output, ${STARTS} interleaved rounds; ${loadLine()} at start`,
  );
  const rows: string[][] = [];
  const verdicts: string[] = [];
  for (const node of benchNodes()) {
    const samples = await interleave(
      STARTS,
      starts.map((s) => () => timeStart(node.path, s, scratch, repo.dir)),
    );
    const fetchFloor = median(samples[0]!);
    for (const [i, s] of starts.entries()) {
      const own = median(samples[i]!) - fetchFloor;
      rows.push([
        node.label,
        s.label,
        formatSpread(samples[i]!),
        i === 0 ? '—' : `${own >= 0 ? '+' : ''}${own.toFixed(0)}`,
      ]);
      if (i >= 2 && node.label === benchNodes()[0]!.label)
        verdicts.push(
          `${s.label}: ${own >= 0 ? '+' : ''}${own.toFixed(0)} ms over the fetch floor (target ≤ +40 on Node 24)`,
        );
    }
  }
  printTable(['node', 'program', 'ms median (range)', 'vs fetch floor (ms)'], rows);
  console.log(loadLine() + ' at end');
  for (const v of verdicts) console.log(v);

  console.log('\nBundle sizes (target ≤ 0.7 MiB each, lazily loaded chunks listed separately):');
  const sizes: (string | number)[][] = [];
  const folders = readdirSync(DIST, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const name of folders.map((d) => d.name).sort()) {
    for (const file of readdirSync(join(DIST, name))
      .filter((f) => f.endsWith('.js'))
      .sort()) {
      const size = kib(join(DIST, name, file));
      const note = file === 'index.js' ? (size <= MAX_BUNDLE_KIB ? 'ok' : 'over') : 'loaded on demand';
      if (name === 'cli' && file !== 'index.js' && file !== 'undici.js') continue;
      sizes.push([`${relative(ROOT, DIST) || 'dist'}/${name}/${file}`, size.toFixed(0), note]);
    }
  }
  for (const peer of ['dorny-paths-filter', 'tj-actions-changed-files'])
    sizes.push([`peer ${peer}/index.js`, kib(loadPeer(peer).bundle).toFixed(0), '']);
  printTable(['bundle', 'KiB', ''], sizes);
  rmSync(repo.dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}

await main();
