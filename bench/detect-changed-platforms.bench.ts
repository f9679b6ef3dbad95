/**
 * detect-changed-platforms: process start → outputs written, for a 20,000-file and a 200,000-file
 * diff with 10 filters (issue #2), against baselines measured in the same run:
 *   - node alone (`node -e 0`): the floor;
 *   - a dorny-shaped program (bench/baselines/dorny-shaped.ts, one CommonJS bundle like dorny's).
 * Prints medians of RUNS runs and peak RSS; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable, timeProcess } from './support.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const FILTERS = Array.from({ length: 10 }, (_, i) => `f${i}:\n  - 'pkg${i}/**'\n  - '**/*.md'`).join('\n');

/** A repo whose HEAD adds `count` files over its parent, built with fast-import (no work tree). */
function makeRepo(count: number): { dir: string; before: string } {
  const dir = mkdtempSync(join(tmpdir(), `bench-detect-${count}-`));
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: dir, input, maxBuffer: 1 << 30 })
      .toString()
      .trim();
  git(['init', '-q', '-b', 'main']);
  const lines = [
    'blob',
    'mark :1',
    'data 2',
    'x',
    '',
    'commit refs/heads/main',
    'mark :2',
    'committer B <b@b> 1700000000 +0000',
    'data 4',
    'base',
    'M 100644 :1 README.md',
    '',
  ];
  lines.push(
    'commit refs/heads/main',
    'mark :3',
    'committer B <b@b> 1700000001 +0000',
    'data 4',
    'head',
    'from :2',
  );
  for (let i = 0; i < count; i++)
    lines.push(`M 100644 :1 pkg${i % 20}/dir${i % 97}/file${i}.${i % 5 === 0 ? 'md' : 'ts'}`);
  lines.push('');
  git(['fast-import', '--quiet'], lines.join('\n'));
  git(['symbolic-ref', 'HEAD', 'refs/heads/main']);
  git(['read-tree', 'HEAD']);
  return { dir, before: git(['rev-parse', 'HEAD^']) };
}

type Program = { label: string; command: string; args: string[] };

/** Runs the programs round-robin (so a load spike hits all of them alike) and takes medians. */
async function measureAll(programs: Program[], env: NodeJS.ProcessEnv, cwd: string) {
  const samples = programs.map(() => ({ ms: [] as number[], rss: [] as number[] }));
  for (let i = 0; i < RUNS; i++) {
    for (const [p, program] of programs.entries()) {
      const r = await timeProcess(program.command, program.args, { cwd, env });
      if (r.code !== 0) throw new Error(`${program.label} exited ${r.code}: ${r.stderr}`);
      samples[p]!.ms.push(r.ms);
      samples[p]!.rss.push(r.maxRssKiB);
    }
  }
  return programs.map((program, p) => ({
    label: program.label,
    ms: median(samples[p]!.ms),
    rssMiB: median(samples[p]!.rss) / 1024,
  }));
}

async function main(): Promise<void> {
  // One scratch folder for the baseline bundle and the event/output files, removed at the end.
  const baselineDir = mkdtempSync(join(tmpdir(), 'bench-dorny-shaped-'));
  // One CommonJS bundle with every module evaluated at start, as dorny's ncc bundle is.
  await build({
    entryPoints: [join(import.meta.dirname, 'baselines', 'dorny-shaped.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: join(baselineDir, 'index.cjs'),
    logLevel: 'error',
  });
  const node = process.execPath;
  const rows: (string | number)[][] = [];
  const results: Record<string, number> = {};
  for (const count of [20_000, 200_000]) {
    const { dir, before } = makeRepo(count);
    const eventFile = join(baselineDir, `event-${count}.json`);
    writeFileSync(eventFile, JSON.stringify({ before, repository: { default_branch: 'main' } }));
    const outputFile = join(baselineDir, `out-${count}`);
    writeFileSync(outputFile, '');
    const env = {
      PATH: process.env.PATH,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_OUTPUT: outputFile,
      GITHUB_REPOSITORY: 'acme/mono',
      INPUT_FILTERS: FILTERS,
      INPUT_TOKEN: '',
    };
    const measured = await measureAll(
      [
        { label: 'node -e 0 (floor)', command: node, args: ['-e', '0'] },
        { label: 'dorny-shaped baseline', command: node, args: [join(baselineDir, 'index.cjs')] },
        {
          label: 'detect-changed-platforms',
          command: node,
          args: [join(ROOT, 'dist', 'detect-changed-platforms', 'index.js')],
        },
      ],
      env,
      dir,
    );
    const baseline = measured[1]!;
    for (const m of measured) {
      rows.push([
        count,
        m.label,
        m.ms.toFixed(0),
        (m.ms / baseline.ms).toFixed(2),
        m.rssMiB.toFixed(0),
        (m.rssMiB / baseline.rssMiB).toFixed(2),
      ]);
    }
    results[count] = measured[2]!.ms;
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(baselineDir, { recursive: true, force: true });
  console.log(`detect-changed-platforms, 10 filters, median of ${RUNS} runs, ${process.version}`);
  printTable(['files', 'program', 'ms', 'time vs dorny-shaped', 'peak MiB', 'memory vs dorny-shaped'], rows);
  console.log(
    `\n200,000 files / 20,000 files, detect-changed-platforms: ${(results[200_000]! / results[20_000]!).toFixed(2)}x (goal: at most 5x)`,
  );
  console.log('\nbundle sizes:');
  printTable(
    ['bundle', 'KiB'],
    readdirSync(join(ROOT, 'dist')).map((name) => [
      `dist/${name}/index.js`,
      (statSync(join(ROOT, 'dist', name, 'index.js')).size / 1024).toFixed(0),
    ]),
  );
}

await main();
