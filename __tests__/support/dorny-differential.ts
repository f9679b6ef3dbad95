/**
 * Runs generated cases (filter-cases.ts) through two action bundles the way the runner runs them
 * (a real git repository, a push event file, INPUT_* variables, a GITHUB_OUTPUT file) and compares
 * everything they set, in order. Cases are batched: one fast-import builds every case's two commits
 * (a branch per case) in one repository, so a few hundred cases cost two processes each and no more.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { formatFileList } from '../../src/detect-changed-platforms/list-format.js';
import { ROOT, runBundle } from './bundle.js';
import { filtersText, shrinkCandidates, type FilterCase, type YamlNode } from './filter-cases.js';
import { tempRepo, type TempRepo } from './git.js';

/** dorny/paths-filter's committed bundle (b41dfa9), as its users run it. */
export const DORNY_BUNDLE = resolve(ROOT, '..', 'shared', 'peers', 'dorny-paths-filter', 'index.js');
/** The kit's bundle. */
export const KIT_BUNDLE = join(ROOT, 'dist', 'detect-changed-platforms', 'index.js');
/** Node 24: what `runs.using: node24` gives both actions. */
export const NODE_24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');

/** How long one run may take before it is killed (code `null`); above the kit's 30 s matching limit. */
export const CASE_TIME_LIMIT_MS = 40_000;

/** What one run of a bundle did, reduced to what a workflow can see of it. */
export interface ActionResult {
  code: number | null;
  /** The `::error::` lines (a failed step must print at least one). */
  errors: string[];
  /** The GITHUB_OUTPUT records, in order. */
  records: [string, string][];
}

/** The repositories the cases run in (the second has a `.github/platforms.yml` in its work tree). */
export interface CaseRepos {
  plain: TempRepo;
  withManifest: TempRepo;
  /** Case label → its branch and its two commits. */
  commits: Map<string, { branch: string; before: string; after: string }>;
  remove(): void;
}

/** Builds every case's base and head commits, one branch per case, in two repositories. */
export function buildCaseRepos(cases: readonly FilterCase[]): CaseRepos {
  const stream = fastImportStream(cases);
  const repos = [tempRepo('main'), tempRepo('main')] as [TempRepo, TempRepo];
  let marks = '';
  for (const repo of repos) {
    repo.commit('init', { 'init.txt': 'x' });
    const marksFile = join(repo.dir, '.git', 'case-marks');
    execFileSync('git', ['fast-import', '--quiet', `--export-marks=${marksFile}`], {
      cwd: repo.dir,
      input: stream,
      maxBuffer: 1 << 28,
    });
    marks = readFileSync(marksFile, 'utf8');
  }
  const manifest = readFileSync(join(ROOT, '__tests__', 'fixtures', 'detect', 'seed-platforms.yml'), 'utf8');
  mkdirSync(join(repos[1].dir, '.github'), { recursive: true });
  writeFileSync(join(repos[1].dir, '.github', 'platforms.yml'), manifest);
  const sha = new Map(marks.split('\n').map((line) => line.split(' ') as [string, string]));
  const commits = new Map(
    cases.map((c, i) => [
      c.label,
      { branch: `case-${i}`, before: sha.get(`:${2 * i + 1}`) ?? '', after: sha.get(`:${2 * i + 2}`) ?? '' },
    ]),
  );
  return {
    plain: repos[0],
    withManifest: repos[1],
    commits,
    remove: () => repos.forEach((r) => r.remove()),
  };
}

/** Runs one case through `script` on a push to the case's branch (the default branch, so `before..after`). */
export async function runCase(script: string, c: FilterCase, repos: CaseRepos): Promise<ActionResult> {
  const commit = repos.commits.get(c.label);
  if (!commit) throw new Error(`case ${c.label} has no commits: build the repos with it`);
  const ref = `refs/heads/${commit.branch}`;
  const run = await runBundle('detect-changed-platforms', {
    script,
    node: NODE_24,
    cwd: (c.manifestInWorkTree ? repos.withManifest : repos.plain).dir,
    env: {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: ref,
      GITHUB_SHA: commit.after,
      GITHUB_REPOSITORY: 'acme/mono',
    },
    event: { before: commit.before, after: commit.after, ref, repository: { default_branch: commit.branch } },
    // Every input of both action.yml files, with its default unless the case sets it (as the runner does).
    inputs: {
      filters: filtersText(c),
      'list-files': c.listFiles,
      'predicate-quantifier': c.quantifier,
      'initial-fetch-depth': '100',
      token: 'ghs_differentialPlaceholder',
      base: '',
      ref: '',
      'working-directory': '',
      platforms: '',
      select: '',
      environment: '',
    },
    killAfterMs: CASE_TIME_LIMIT_MS,
  });
  return {
    code: run.code,
    errors: run.stdout.split('\n').filter((line) => line.startsWith('::error::')),
    records: run.records,
  };
}

/** Why two results differ as a workflow would see it, or `undefined` when they do not. */
export function difference(expected: ActionResult, actual: ActionResult): string | undefined {
  if (actual.code === null) return `did not finish within ${CASE_TIME_LIMIT_MS} ms (killed)`;
  const failed = (r: ActionResult) => r.code !== 0;
  if (failed(expected) !== failed(actual))
    return `exit code ${actual.code} where ${expected.code} was expected (${[...expected.errors, ...actual.errors].join(' | ')})`;
  if (failed(actual) && (expected.errors.length === 0 || actual.errors.length === 0))
    return `both failed, but not both with an ::error:: line`;
  const length = Math.max(expected.records.length, actual.records.length);
  for (let i = 0; i < length; i++) {
    const [e, a] = [expected.records[i], actual.records[i]];
    if (JSON.stringify(e) !== JSON.stringify(a))
      return `output #${i + 1}: expected ${JSON.stringify(e ?? 'nothing')}, got ${JSON.stringify(a ?? 'nothing')}`;
  }
  return undefined;
}

/**
 * A difference kept on purpose (README, "Differences from dorny/paths-filter"): which cases it
 * touches, the case dorny runs instead, and how dorny's outputs for that case become the kit's.
 * Known exactly: the kit's outputs are predicted in full, nothing is skipped.
 */
export interface KeptDifference {
  name: string;
  applies(c: FilterCase): boolean;
  forDorny(c: FilterCase): FilterCase;
  expected(records: [string, string][], c: FilterCase): [string, string][];
}

const LINE_TERMINATORS = /[\n\r\u2028\u2029]/;
const PROTO_STAND_IN = '__proto_stand_in__';

/** The differences the kit keeps. */
export const KEPT_DIFFERENCES: readonly KeptDifference[] = [
  {
    // dorny's csv/shell "safe name" tests are multi-line regexes and its escape keeps a backslash-newline.
    name: 'names with line breaks are quoted whole in csv, shell and escape lists',
    applies: (c) =>
      ['csv', 'shell', 'escape'].includes(c.listFiles.toLowerCase()) &&
      c.files.some((f) => f.change !== 'unchanged' && LINE_TERMINATORS.test(f.path)),
    forDorny: (c) => ({ ...c, listFiles: 'json' }),
    expected: (records, c) =>
      mapFileLists(records, (names) =>
        formatFileList(names, c.listFiles.toLowerCase() as 'csv' | 'shell' | 'escape'),
      ),
  },
  {
    // dorny stores filters in a plain object, where the key __proto__ sets the prototype.
    name: "a filter named '__proto__' gets its outputs",
    applies: (c) => JSON.stringify(c.root).includes('"key":"__proto__"'),
    forDorny: (c) => ({ ...c, root: renameKeys(c.root, '__proto__', PROTO_STAND_IN) }),
    expected: (records) =>
      records.map(([name, value]) => [
        name.replace(PROTO_STAND_IN, '__proto__'),
        name === 'changes' ? value.replaceAll(`"${PROTO_STAND_IN}"`, '"__proto__"') : value,
      ]),
  },
  {
    // picomatch 2.3.1 (and 4) mis-read the text around a "quoted" part in places; the kit reads it as literal text.
    name: 'double quotes make the text between them literal',
    applies: (c) => globsOf(c.root).some((g) => unquoteForDorny(g) !== g),
    forDorny: (c) => ({ ...c, root: mapGlobs(c.root, unquoteForDorny) }),
    expected: (records) => records,
  },
  {
    // picomatch 2.3.1 mis-compiles the text after a brace range or a POSIX class in some places.
    name: 'brace ranges and POSIX classes match what they say',
    applies: (c) => globsOf(c.root).some((g) => rewriteRangesAndClasses(g) !== g),
    forDorny: (c) => {
      // Without the class's ':' a one-line document would become a file path (no newline, no ':').
      const text = filtersText(c).trim();
      const inline = text.includes('\n') || text.includes(':');
      return {
        ...c,
        root: mapGlobs(c.root, rewriteRangesAndClasses),
        ...(inline && { trailer: 'rewritten: still inline YAML' }),
      };
    },
    expected: (records) => records,
  },
];

/** A glob with each pair of unescaped double quotes replaced by its content, glob characters escaped. */
export function unquoteForDorny(glob: string): string {
  return glob.replace(/(?<!\\)"([^"]*)"/g, (_, inner: string) =>
    inner.replace(/[*?[\]{}()!+@|,\\]/g, (c) => `\\${c}`),
  );
}

/**
 * A glob with each brace range (`{1..3}`, `{a..c}`) written as its list and each POSIX class
 * (`[[:alpha:]]`) as its ranges: what picomatch 4 compiles them to, in a form picomatch 2.3.1 reads right.
 */
export function rewriteRangesAndClasses(glob: string): string {
  return glob
    .replace(/(?<!\\)\{(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])\}/g, (whole, from: string, to: string) => {
      const numeric = /\d/.test(from);
      if (numeric !== /\d/.test(to)) return whole;
      const [a, b] = numeric ? [Number(from), Number(to)] : [from.charCodeAt(0), to.charCodeAt(0)];
      const step = a <= b ? 1 : -1;
      const items: string[] = [];
      for (let v = a; step > 0 ? v <= b : v >= b; v += step)
        items.push(numeric ? String(v) : String.fromCharCode(v));
      return items.length === 1 ? (items[0] as string) : `{${items.join(',')}}`;
    })
    .replace(
      /(?<!\\)\[\[:(alpha|digit|alnum|upper|lower):\]\]/g,
      (_, name: string) => `[${POSIX_RANGES[name]}]`,
    );
}

const POSIX_RANGES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
};

/** The kept differences a case touches. */
export function keptDifferencesOf(c: FilterCase): KeptDifference[] {
  return KEPT_DIFFERENCES.filter((d) => d.applies(c));
}

/** The two bundles compared, and whether the kept differences apply (not when dorny meets dorny). */
export interface Scripts {
  reference: string;
  candidate: string;
  keep: boolean;
}

/** Runs `c` through both bundles: how the candidate differs from the reference (kept differences applied). */
export async function compareCase(
  c: FilterCase,
  repos: CaseRepos,
  scripts: Scripts,
): Promise<{ why: string | undefined; candidate: ActionResult; referenceFinished: boolean }> {
  const kept = scripts.keep ? keptDifferencesOf(c) : [];
  const referenceCase = kept.reduce((x, d) => d.forDorny(x), c);
  const [reference, candidate] = await Promise.all([
    runCase(scripts.reference, referenceCase, repos),
    runCase(scripts.candidate, c, repos),
  ]);
  const referenceFinished = reference.code !== null;
  if (!referenceFinished) {
    // dorny hung on a costly glob: only the candidate's finishing can be checked.
    const why =
      candidate.code === null ? `did not finish within ${CASE_TIME_LIMIT_MS} ms (killed)` : undefined;
    return { why, candidate, referenceFinished };
  }
  const expected = { ...reference, records: kept.reduce((r, d) => d.expected(r, c), reference.records) };
  return { why: difference(expected, candidate), candidate, referenceFinished };
}

/** What comparing many cases found: the diverging cases and why, and each case's candidate result. */
export interface Comparison {
  diverging: { c: FilterCase; why: string }[];
  /** Cases the reference did not finish (killed): nothing to compare, but the candidate must have finished. */
  unfinished: FilterCase[];
  results: Map<string, ActionResult>;
}

/** Compares many cases, two bundles per case in flight per two cores. */
export async function compareCases(cases: readonly FilterCase[], scripts: Scripts): Promise<Comparison> {
  const repos = buildCaseRepos(cases);
  try {
    const diverging: { c: FilterCase; why: string }[] = [];
    const unfinished: FilterCase[] = [];
    const results = new Map<string, ActionResult>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const c = cases[next++] as FilterCase;
        const { why, candidate, referenceFinished } = await compareCase(c, repos, scripts);
        results.set(c.label, candidate);
        if (!referenceFinished) unfinished.push(c);
        if (why !== undefined) diverging.push({ c, why });
      }
    };
    // Each case runs its two bundles at once, so one case per two cores keeps the machine busy.
    await Promise.all(Array.from({ length: Math.max(1, Math.floor(availableParallelism() / 2)) }, worker));
    diverging.sort((a, b) => cases.indexOf(a.c) - cases.indexOf(b.c));
    return { diverging, unfinished, results };
  } finally {
    repos.remove();
  }
}

/**
 * Shrinks a diverging case greedily (drop a file, a filter, a list item; plainer inputs) while it
 * still diverges, within `budget` comparisons, and describes the smallest one as a reproduction.
 */
export async function shrinkDivergence(c: FilterCase, scripts: Scripts, budget = 40): Promise<string> {
  let current = c;
  let why = (await compareOne(current, scripts)) ?? 'no longer diverges';
  for (let progress = true; progress && budget > 0;) {
    progress = false;
    for (const candidate of shrinkCandidates(current)) {
      if (budget-- <= 0) break;
      const candidateWhy = await compareOne(candidate, scripts);
      if (candidateWhy !== undefined) {
        [current, why, progress] = [candidate, candidateWhy, true];
        break;
      }
    }
  }
  return describeCase(current, why);
}

/** A case as a reproduction: the filters, the inputs, the push, and what differed. */
export function describeCase(c: FilterCase, why: string): string {
  return [
    `case ${c.label}: ${why}`,
    `filters:\n${filtersText(c)}`,
    `filters as a JSON string: ${JSON.stringify(filtersText(c))}`,
    `list-files: ${JSON.stringify(c.listFiles)}, predicate-quantifier: ${JSON.stringify(c.quantifier)}` +
      (c.manifestInWorkTree ? ', .github/platforms.yml in the work tree' : ''),
    `push: ${c.files.map((f) => `${f.change} ${JSON.stringify(f.path)}`).join(', ')}`,
    `kept differences applied: ${
      keptDifferencesOf(c)
        .map((d) => d.name)
        .join('; ') || 'none'
    }`,
  ].join('\n');
}

async function compareOne(c: FilterCase, scripts: Scripts): Promise<string | undefined> {
  const repos = buildCaseRepos([c]);
  try {
    return (await compareCase(c, repos, scripts)).why;
  } finally {
    repos.remove();
  }
}

/** Rewrites each `<name>_files` record (the one after `<name>` and `<name>_count`) from its JSON list. */
function mapFileLists(records: [string, string][], format: (names: string[]) => string): [string, string][] {
  return records.map(([name, value], i) => {
    const [first, second] = [records[i - 2]?.[0], records[i - 1]?.[0]];
    if (first !== undefined && second === `${first}_count` && name === `${first}_files`)
      return [name, format(JSON.parse(value) as string[])];
    return [name, value];
  });
}

function globsOf(node: YamlNode): string[] {
  if (node.kind === 'scalar') return [node.text];
  if (node.kind === 'seq') return node.items.flatMap(globsOf);
  if (node.kind === 'map') return node.entries.flatMap((e) => globsOf(e.value));
  return [];
}

function mapGlobs(node: YamlNode, map: (glob: string) => string): YamlNode {
  if (node.kind === 'scalar') return { ...node, text: map(node.text) };
  if (node.kind === 'seq') return { ...node, items: node.items.map((item) => mapGlobs(item, map)) };
  if (node.kind === 'map')
    return { ...node, entries: node.entries.map((e) => ({ key: e.key, value: mapGlobs(e.value, map) })) };
  return node;
}

function renameKeys(node: YamlNode, from: string, to: string): YamlNode {
  if (node.kind === 'map')
    return {
      ...node,
      entries: node.entries.map((e) => ({
        key: e.key === from ? to : e.key,
        value: renameKeys(e.value, from, to),
      })),
    };
  if (node.kind === 'seq') return { ...node, items: node.items.map((item) => renameKeys(item, from, to)) };
  return node;
}

/** fast-import commands for every case: a root commit of its base files, then its head commit. */
function fastImportStream(cases: readonly FilterCase[]): Buffer {
  const chunks: Buffer[] = [];
  const add = (text: string) => chunks.push(Buffer.from(text, 'utf8'));
  const file = (mode: string, path: string, content: string) =>
    add(`M ${mode} inline ${quotePath(path)}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
  cases.forEach((c, i) => {
    const committer = `committer Case <case@example.test> ${1_700_000_000 + i} +0000\n`;
    add(`commit refs/heads/case-${i}\nmark :${2 * i + 1}\n${committer}data 4\nbase\n`);
    for (const f of c.files) if (f.change !== 'added') file('100644', f.path, `base of ${f.path}\n`);
    add(`\ncommit refs/heads/case-${i}\nmark :${2 * i + 2}\n${committer}data 4\nhead\nfrom :${2 * i + 1}\n`);
    for (const f of c.files) {
      if (f.change === 'added' || f.change === 'modified') file('100644', f.path, `head of ${f.path}\n`);
      else if (f.change === 'deleted') add(`D ${quotePath(f.path)}\n`);
      else if (f.change === 'typechange') file('120000', f.path, 'target');
    }
    add('\n');
  });
  return Buffer.concat(chunks);
}

/** A path in fast-import's C-style quotes, every byte outside printable ASCII as an octal escape. */
function quotePath(path: string): string {
  let out = '"';
  for (const byte of Buffer.from(path, 'utf8')) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}
