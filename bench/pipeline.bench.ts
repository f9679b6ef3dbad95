/**
 * Whole-pipeline cost (issue #15 §3): the pipeline template run by a real workflow runner (act, in
 * self-hosted mode, as __tests__/templates/act.test.ts runs it) and the CLI's `pipeline` command,
 * each against its own kit sandbox (1 s builds, two workers) and local health/platform servers, on
 * a push to staging that changes one platform, one shared package, and everything. Prints the wall
 * time, the jobs that ran (each one a runner start on GitHub: a matrix leg is a job) and the deploys
 * Dokploy received. act does not start a VM per job, so GitHub adds ~10-40 s per runner start on top.
 * The template runs twice: as the seed has it (a tests job every stage waits for) and with
 * `tests.with-deploy` on every platform that has tests (them run in its deploy leg: fewer jobs).
 * BENCH_PIPELINE_RUNS interleaved rounds (default 2). Needs act (see .ci/run). Asserts nothing.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  API_KEY,
  PROJECTS,
  pushEvent,
  requested,
  runAct,
  secretName,
  seedMonorepo,
  serviceId,
  startFakeProjects,
  startSandbox,
  SUFFIX,
  type FakeProjects,
  type SeedOptions,
} from '../__tests__/templates/act-harness.js';
import { tool } from '../__tests__/templates/support.js';
import {
  benchNodes,
  DIST,
  formatSpread,
  interleave,
  loadLine,
  printTable,
  type NodeBinary,
} from './support.js';

const RUNS = Number(process.env.BENCH_PIPELINE_RUNS ?? 2);
const BRANCH = 'staging';

/** The pushes measured: what each commit changes. */
const ALL_SCENARIOS: { label: string; change: Record<string, string> }[] = [
  {
    label: 'one platform (coreldove)',
    change: { 'coreldove-platform/src/cart.ts': 'export const cart = 2;\n' },
  },
  {
    label: 'one shared package (shared/frontend)',
    change: { 'shared/frontend/index.ts': 'export const shared = 2;\n' },
  },
  {
    label: 'everything',
    change: Object.fromEntries(
      [
        'infrastructure/docker-compose.yml',
        'bizoholic-platform/src/a.ts',
        'coreldove-platform/src/a.ts',
        'management-platform/src/a.ts',
        'shared/frontend/index.ts',
      ].map((path) => [path, `// changed\nexport const changed = ${JSON.stringify(path)};\n`]),
    ),
  },
];

const SCENARIOS = ALL_SCENARIOS.filter((s) => s.label.includes(process.env.BENCH_PIPELINE_ONLY ?? ''));

interface Sample {
  ms: number;
  jobs: string[];
  deploys: string[];
  ok: boolean;
}

/**
 * Every service last deployed `commit` (the push's parent), as in a repository in use: the
 * command's `since: deployed` (it reads the id variables) then selects what the push changed.
 */
const deployedAt = (commit: string) =>
  Object.fromEntries(PROJECTS.map((project) => [project, { deployedCommit: commit }]));

/** One act run of the template on a fresh seed monorepo. */
async function actRun(
  fakes: FakeProjects,
  change: Record<string, string>,
  seed: SeedOptions = {},
): Promise<Sample> {
  const repo = seedMonorepo(fakes, BRANCH, seed);
  const before = repo.git('rev-parse', 'HEAD');
  const after = repo.commit('Change', change);
  const sandbox = await startSandbox(deployedAt(before), after);
  fakes.reset();
  const started = performance.now();
  const run = await runAct({ repo, event: 'push', payload: pushEvent(repo, BRANCH, before, after), sandbox });
  const ms = performance.now() - started;
  const deploys = requested(await sandbox.events());
  await sandbox.close();
  repo.remove();
  if (run.code !== 0) console.error(`act exited ${run.code}:\n${run.log.slice(-3000)}`);
  return { ms, jobs: jobsRan(run.log), deploys, ok: run.code === 0 };
}

/** One `dokploy-deploy pipeline` run (the CLI bundle) on a fresh seed monorepo. */
async function cliRun(
  fakes: FakeProjects,
  change: Record<string, string>,
  node: NodeBinary,
): Promise<Sample> {
  const repo = seedMonorepo(fakes, BRANCH);
  const before = repo.git('rev-parse', 'HEAD');
  const after = repo.commit('Change', change);
  const sandbox = await startSandbox(deployedAt(before), after);
  fakes.reset();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DOKPLOY_URL: sandbox.url,
    DOKPLOY_TOKEN: API_KEY,
  };
  for (const environment of Object.keys(SUFFIX))
    for (const project of PROJECTS) env[secretName(project, environment)] = serviceId(project, environment);
  const started = performance.now();
  const child = spawn(
    node.path,
    [
      join(DIST, 'cli', 'index.js'),
      'pipeline',
      '--base',
      before,
      '--head',
      after,
      '--branch',
      BRANCH,
      '--plain',
    ],
    { cwd: repo.dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const ms = performance.now() - started;
  const deploys = requested(await sandbox.events());
  await sandbox.close();
  repo.remove();
  if (code !== 0) console.error(`pipeline command exited ${code}:\n${log.slice(-1500)}`);
  return { ms, jobs: ['(one process)'], deploys, ok: code === 0 };
}

/** The jobs act ran (matrix legs and called workflows' jobs each count), from its 🏁 lines. */
function jobsRan(log: string): string[] {
  const jobs = new Set<string>();
  for (const line of log.split('\n')) {
    const match = /^\[([^\]]+)\]\s+🏁\s+Job (succeeded|failed)/u.exec(line);
    if (match) jobs.add((match[1] as string).trim());
  }
  return [...jobs];
}

async function main(): Promise<void> {
  tool('act');
  const fakes = await startFakeProjects();
  const [node24, machine] = benchNodes() as [NodeBinary, NodeBinary];
  console.log(`Pipeline on a push to ${BRANCH}, ${RUNS} interleaved rounds; ${loadLine()} at start`);
  const contenders = SCENARIOS.flatMap((s) => [
    { scenario: s.label, driver: `template in act (${node24.label})`, run: () => actRun(fakes, s.change) },
    {
      scenario: s.label,
      driver: `template in act, tests.with-deploy (${node24.label})`,
      run: () => actRun(fakes, s.change, { testsWithDeploy: ['bizoholic', 'coreldove', 'management'] }),
    },
    {
      scenario: s.label,
      driver: `pipeline command (${node24.label})`,
      run: () => cliRun(fakes, s.change, node24),
    },
    {
      scenario: s.label,
      driver: `pipeline command (${machine.label})`,
      run: () => cliRun(fakes, s.change, machine),
    },
  ]);
  const samples = await interleave(
    RUNS,
    contenders.map((c) => c.run),
  );
  await fakes.close();
  const rows = contenders.map((c, i) => {
    const runs = samples[i]!;
    const last = runs[runs.length - 1]!;
    return [
      c.scenario,
      c.driver,
      formatSpread(
        runs.map((r) => r.ms / 1000),
        1,
      ),
      String(last.jobs.length),
      last.deploys.join(' → ') || '(none)',
      runs.every((r) => r.ok) ? 'yes' : 'NO',
    ];
  });
  printTable(
    ['push changes', 'driver', 'wall s median (range)', 'jobs (runner starts)', 'deploys, in order', 'ok'],
    rows,
  );
  console.log(loadLine() + ' at end');
  for (const [i, c] of contenders.entries())
    if (c.driver.startsWith('template')) console.log(`${c.scenario}: ${samples[i]![0]!.jobs.join(', ')}`);
}

await main();
