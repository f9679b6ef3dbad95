/**
 * detect-changed-platforms: process start → outputs written, on a push whose diff adds 20,000 and
 * 200,000 files, 10 filters, against what is measured in the same run, under Node 24 and the
 * machine's Node:
 *   - the floor: bare `node -e 0`, and the `git diff` every contender runs, alone;
 *   - the real dorny/paths-filter bundle (../shared/peers);
 *   - the real tj-actions/changed-files bundle, the same groups as `files_yaml` (20,000 files only:
 *     it takes seconds per run).
 * Every program gets each input default its action.yml declares, as the runner passes them (the
 * token a placeholder: on a push all three use git). Runs are interleaved (one of each per round,
 * rotating order); prints medians and ranges, peak RSS, and the load average.
 * BENCH_RUNS (default 5) rounds; BENCH_FILES="20000,200000" the diff sizes. Asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  actionDefaults,
  benchNodes,
  formatSpread,
  interleave,
  loadLine,
  loadPeer,
  median,
  printTable,
  DIST,
  ROOT,
  timeProcess,
} from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const COUNTS = (process.env.BENCH_FILES ?? '20000,200000').split(',').map(Number);
/** tj-actions runs only on diffs up to this size (≈ 9 s at 20,000 files). */
const TJ_MAX_FILES = 20_000;
const FILTERS = Array.from({ length: 10 }, (_, i) => `f${i}:\n  - 'pkg${i}/**'\n  - '**/*.md'`).join('\n');

/**
 * A repo whose HEAD adds `count` files over its parent, built with fast-import (no work tree), with
 * origin's main at HEAD, as actions/checkout leaves a push's branch.
 */
function makeRepo(count: number): { dir: string; before: string; head: string } {
  const dir = mkdtempSync(join(tmpdir(), `bench-detect-${count}-`));
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: dir, input, maxBuffer: 1 << 30 })
      .toString()
      .trim();
  git(['init', '-q', '-b', 'main']);
  const lines = ['blob', 'mark :1', 'data 2', 'x', '', 'commit refs/heads/main', 'mark :2'];
  lines.push('committer B <b@b> 1700000000 +0000', 'data 4', 'base', 'M 100644 :1 README.md', '');
  lines.push('commit refs/heads/main', 'mark :3', 'committer B <b@b> 1700000001 +0000', 'data 4', 'head');
  lines.push('from :2');
  for (let i = 0; i < count; i++)
    lines.push(`M 100644 :1 pkg${i % 20}/dir${i % 97}/file${i}.${i % 5 === 0 ? 'md' : 'ts'}`);
  lines.push('');
  git(['fast-import', '--quiet'], lines.join('\n'));
  git(['symbolic-ref', 'HEAD', 'refs/heads/main']);
  git(['read-tree', 'HEAD']);
  git(['update-ref', 'refs/remotes/origin/main', 'HEAD']);
  return { dir, before: git(['rev-parse', 'HEAD^']), head: git(['rev-parse', 'HEAD']) };
}

interface Contender {
  label: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

interface Measured {
  label: string;
  ms: number[];
  rssMiB: number[];
}

async function measure(contenders: Contender[], cwd: string): Promise<Measured[]> {
  const samples = await interleave(
    RUNS,
    contenders.map((c) => async () => {
      const r = await timeProcess(c.command, c.args, { cwd, env: c.env });
      if (r.code !== 0) throw new Error(`${c.label} exited ${r.code}: ${r.stderr.slice(-2000)}`);
      return r;
    }),
  );
  return contenders.map((c, i) => ({
    label: c.label,
    ms: samples[i]!.map((s) => s.ms),
    rssMiB: samples[i]!.map((s) => s.maxRssKiB / 1024),
  }));
}

async function main(): Promise<void> {
  const dorny = loadPeer('dorny-paths-filter');
  const tj = loadPeer('tj-actions-changed-files');
  const ownDefaults = actionDefaults(join(ROOT, 'actions', 'detect-changed-platforms', 'action.yml'));
  const scratch = mkdtempSync(join(tmpdir(), 'bench-detect-io-'));
  const rows: (string | number)[][] = [];
  /** Our median ms and MiB by `${node} ${count}`, and dorny's, for the summary lines. */
  const summary: string[] = [];
  const oursAt: Record<string, number> = {};
  console.log(`detect-changed-platforms, 10 filters, ${RUNS} interleaved rounds; ${loadLine()} at start`);
  for (const count of COUNTS) {
    const { dir, before, head } = makeRepo(count);
    const eventFile = join(scratch, `event-${count}.json`);
    writeFileSync(
      eventFile,
      JSON.stringify({ before, after: head, ref: 'refs/heads/main', repository: { default_branch: 'main' } }),
    );
    const runner = (name: string): NodeJS.ProcessEnv => {
      const output = join(scratch, `${name}-${count}.out`);
      const stepSummary = join(scratch, `${name}-${count}.summary`);
      writeFileSync(output, '');
      writeFileSync(stepSummary, '');
      return {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
        GITHUB_SHA: head,
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: stepSummary,
        GITHUB_WORKSPACE: dir,
        GITHUB_REPOSITORY: 'acme/mono',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_API_URL: 'https://api.github.com',
        RUNNER_TEMP: scratch,
      };
    };
    for (const node of benchNodes()) {
      const contenders: Contender[] = [
        { label: 'floor: node -e 0', command: node.path, args: ['-e', '0'], env: runner('node') },
        {
          label: 'floor: git diff alone',
          command: 'git',
          args: ['diff', '--no-renames', '--name-status', '-z', `${before}..${head}`],
          env: runner('git'),
        },
        {
          label: 'dorny/paths-filter',
          command: node.path,
          args: [dorny.bundle],
          env: { ...runner('dorny'), ...dorny.defaults, INPUT_FILTERS: FILTERS },
        },
        {
          label: 'detect-changed-platforms',
          command: node.path,
          args: [join(DIST, 'detect-changed-platforms', 'index.js')],
          env: { ...runner('detect'), ...ownDefaults, INPUT_FILTERS: FILTERS },
        },
      ];
      if (count <= TJ_MAX_FILES)
        contenders.push({
          label: 'tj-actions/changed-files',
          command: node.path,
          args: [tj.bundle],
          env: { ...runner('tj'), ...tj.defaults, INPUT_FILES_YAML: FILTERS },
        });
      const measured = await measure(contenders, dir);
      const [nodeFloor, gitFloor, dornyM, ours] = measured as [Measured, Measured, Measured, Measured];
      const floor = median(nodeFloor.ms) + median(gitFloor.ms);
      for (const m of measured)
        rows.push([
          count,
          node.label,
          m.label,
          formatSpread(m.ms),
          (median(m.ms) / median(dornyM.ms)).toFixed(2),
          (median(m.ms) / floor).toFixed(2),
          formatSpread(m.rssMiB),
          (median(m.rssMiB) / median(dornyM.rssMiB)).toFixed(2),
        ]);
      oursAt[`${node.label} ${count}`] = median(ours.ms);
      summary.push(
        `${count} files, ${node.label}: detect ${(median(ours.ms) / median(dornyM.ms)).toFixed(2)}× dorny's wall (target ≤ 0.45), ` +
          `${(median(ours.ms) / floor).toFixed(2)}× the floor (target ≤ 1.5), peak RSS ${(median(ours.rssMiB) / median(dornyM.rssMiB)).toFixed(2)}× dorny's`,
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(scratch, { recursive: true, force: true });
  printTable(
    [
      'files',
      'node',
      'program',
      'ms median (range)',
      'vs dorny',
      'vs floor',
      'peak MiB (range)',
      'RSS vs dorny',
    ],
    rows,
  );
  console.log(`floor = median(node -e 0) + median(git diff alone); ${loadLine()} at end`);
  for (const line of summary) console.log(line);
  for (const node of benchNodes()) {
    const small = oursAt[`${node.label} 20000`];
    const large = oursAt[`${node.label} 200000`];
    if (small && large)
      console.log(`200,000 / 20,000 files, ${node.label}: ${(large / small).toFixed(2)}× (target ≤ 5)`);
  }
}

await main();
