/**
 * The drop-in claim, tested: detect-changed-platforms' bundle against dorny/paths-filter's real
 * bundle (b41dfa9), both run as the runner runs them (a real git repository, a push event file, the
 * git-diff path, INPUT_* variables, GITHUB_OUTPUT), on issue #17's reproductions and on seeded
 * generated cases (__tests__/support/filter-cases.ts), every output compared in order.
 *
 * DIFF_CASES (default 160) generated cases, spread over the seeds of DIFF_SEED (default "17,2026");
 * e.g. `DIFF_CASES=5000 DIFF_SEED=7 npm test -- __tests__/detect-changed-platforms/differential.test.ts`.
 * A divergence fails with a shrunk reproduction.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareCases,
  describeCase,
  DORNY_BUNDLE,
  KEPT_DIFFERENCES,
  KIT_BUNDLE,
  rewriteRangesAndClasses,
  shrinkDivergence,
  unquoteForDorny,
  type Comparison,
  type Scripts,
} from '../support/dorny-differential.js';
import {
  caseFeatures,
  generateCase,
  nested,
  seededRandom,
  type FilterCase,
  type YamlNode,
} from '../support/filter-cases.js';
import { compileGlob } from '../../src/detect-changed-platforms/glob.js';

/**
 * The reproductions of issue #17, one case per divergence family, run before the generated ones so
 * that every family is covered whatever the seed.
 */
const ISSUE_CASES: readonly FilterCase[] = [
  issueCase('1 **/name at the root', map(['f', str('**/README.md')], ['pkg', str('**/package.json')]), [
    'README.md',
    'docs/README.md',
    'package.json',
  ]),
  issueCase(
    '2 aliases and nested lists in a status rule',
    map(
      ['shared', { kind: 'seq', flow: true, anchor: 'shared', items: [str('src/**')] }],
      ['f', seq([map(['added|modified', seq([{ kind: 'alias', name: 'shared' }, str('docs/**')])])])],
      ['g', map(['added', seq([seq([])])])],
    ),
    ['src/a.ts', 'docs/b.md', 'other/c.txt'],
  ),
  issueCase(
    '3 status keys empty after splitting on |',
    map(['a', map(['', str('**')])], ['b', map(['|', str('**')])], ['c', map([' ', str('**')])]),
    ['src/a.ts'],
  ),
  {
    ...issueCase('4 a platforms.yml beside dorny filters', map(['f', str('**')]), [
      'coreldove-platform/app.ts',
    ]),
    manifestInWorkTree: true,
  },
  issueCase('5 a costly glob behind a matching one', map(['f', seq([str('**'), str('+(**)/')])]), [
    'a'.repeat(48),
  ]),
  issueCase(
    '6 picomatch 2 corners',
    map(
      ['ext1', str('+(a|aa)/**')],
      ['ext2', str('src/+(|lib)/*')],
      ['bar', str('docs/*|*.txt')],
      ['quotes', str('**/"a b".txt')],
      ['qdir', str('"docs"/**')],
      ['neg', str('./!**/*.md')],
      ['lines', seq([str('**'), str('src/**')])],
      ['deep', nested(120, str('src/**'))],
      ['range', str('v{1..3}/x.md')],
      ['posix', str('[[:alpha:]]x.md')],
    ),
    [
      'aa/x',
      'src/lib/x',
      'docs/y',
      'a.txt',
      'q/a b.txt',
      'a.md',
      'src/a\rb',
      'src/a\u2028b',
      'src/p\u2029',
      'v2/x.md',
      'v2/.md',
      'bx.md',
    ],
  ),
  issueCase(
    '7 a filter named __proto__',
    map(
      ['__proto__', str('src/**')],
      ['m', { kind: 'map', flow: true, anchor: 'm', entries: [{ key: '__proto__', value: str('docs/**') }] }],
      ['<<', { kind: 'alias', name: 'm' }],
    ),
    ['src/a.ts', 'docs/b.md'],
  ),
  issueCase(
    '7 __proto__ through a merge key only',
    map(
      ['m', { kind: 'map', flow: true, anchor: 'm', entries: [{ key: '__proto__', value: str('docs/**') }] }],
      ['<<', { kind: 'alias', name: 'm' }],
    ),
    ['docs/b.md'],
  ),
];

function issueCase(label: string, root: YamlNode, paths: string[]): FilterCase {
  return {
    label: `issue 17 family ${label}`,
    root,
    quantifier: 'some',
    listFiles: 'json',
    files: paths.map((path) => ({ path, change: 'added' })),
    manifestInWorkTree: false,
  };
}

function str(text: string): YamlNode {
  return { kind: 'scalar', text };
}

function seq(items: YamlNode[]): YamlNode {
  return { kind: 'seq', flow: false, items };
}

/** A block mapping of [key, value] pairs (pairs, since an object literal cannot hold the key __proto__). */
function map(...entries: [string, YamlNode][]): YamlNode {
  return { kind: 'map', flow: false, entries: entries.map(([key, value]) => ({ key, value })) };
}

const SEEDS = (process.env.DIFF_SEED ?? '17,2026').split(',').map(Number);
const CASES = Number(process.env.DIFF_CASES ?? 160);
/** The generated cases: CASES spread over SEEDS, each seed's stream from its start. */
const GENERATED: FilterCase[] = SEEDS.flatMap((seed, s) => {
  const random = seededRandom(seed);
  const count = Math.floor(CASES / SEEDS.length) + (s < CASES % SEEDS.length ? 1 : 0);
  return Array.from({ length: count }, (_, i) => generateCase(random, `${seed}/${i}`));
});
const KIT_AGAINST_DORNY: Scripts = { reference: DORNY_BUNDLE, candidate: KIT_BUNDLE, keep: true };
const MINUTES = 60_000;

/** The diverging cases as lines, the first one shrunk to a reproduction. */
async function report(comparison: Comparison, scripts: Scripts): Promise<string> {
  const first = comparison.diverging[0];
  if (!first) return '';
  return [
    `${comparison.diverging.length} diverging case(s):`,
    ...comparison.diverging.map(({ c, why }) => `  ${c.label}: ${why}`),
    '',
    'the first, shrunk:',
    await shrinkDivergence(first.c, scripts),
  ].join('\n');
}

describe('detect-changed-platforms against the real dorny/paths-filter bundle', () => {
  it(
    `gives dorny's outputs in dorny's order on issue #17's reproductions and ${CASES} seeded cases`,
    async () => {
      const cases = [...ISSUE_CASES, ...GENERATED];
      const comparison = await compareCases(cases, KIT_AGAINST_DORNY);
      expect(await report(comparison, KIT_AGAINST_DORNY)).toBe('');
      // A case dorny does not finish (a glob it backtracks on) compares nothing; the kit finished it.
      expect(comparison.unfinished.length).toBeLessThanOrEqual(Math.ceil(cases.length / 100));
      // The comparison means something: most cases succeed, some of those match files, some fail.
      const results = [...comparison.results.values()];
      const succeeded = results.filter((r) => r.code === 0);
      expect(succeeded.length).toBeGreaterThan(cases.length / 2);
      expect(succeeded.filter((r) => r.records.some(([, v]) => v === 'true')).length).toBeGreaterThan(
        cases.length / 4,
      );
      expect(results.length - succeeded.length).toBeGreaterThan(0);
    },
    10 * MINUTES,
  );

  it('generates every form dorny accepts, and exercises every kept difference', () => {
    const seen = new Set(GENERATED.flatMap((c) => [...caseFeatures(c)]));
    const wanted = [
      'pattern',
      'list',
      'nested list',
      'anchor',
      'alias',
      'alias in a status rule',
      'merge key at the root',
      'merge key in a status map',
      'status key',
      'empty status key',
      'status rule with one pattern',
      'status rule with a list',
      'list nested > 90 deep',
      'root sequence',
      'invalid value',
      'quantifier some',
      'quantifier every',
      ...['none', 'csv', 'json', 'shell', 'escape'].map((mode) => `list-files ${mode}`),
      'platforms.yml in the work tree',
      ...['added', 'modified', 'deleted', 'unchanged', 'typechange'].map((kind) => `change ${kind}`),
      'file at the root',
      'deep file',
      ...['a dot segment', 'a space', 'unicode', 'a quote', 'a $', 'brackets', 'a line break'].map(
        (kind) => `name with ${kind}`,
      ),
      'name with a carriage return',
      'name with U+2028 or U+2029',
    ];
    if (CASES >= 160) expect(wanted.filter((feature) => !seen.has(feature))).toEqual([]);
    const cases = [...ISSUE_CASES, ...GENERATED];
    expect(KEPT_DIFFERENCES.filter((d) => !cases.some((c) => d.applies(c))).map((d) => d.name)).toEqual([]);
  });

  it('unquotes globs for dorny into what the kit matches them as', () => {
    const rewrites = [
      ['"a"/*', 'a/*'],
      ['**/"a b".txt', '**/a b.txt'],
      ['"x(y)"/{1..3}', 'x\\(y\\)/{1..3}'],
      ['a"b', 'a"b'],
      ['\\"a"', '\\"a"'],
    ];
    expect(rewrites.map(([glob]) => [glob, unquoteForDorny(glob as string)])).toEqual(rewrites);
    const paths = ['a/x', '"a"/x', 'q/a b.txt', 'x(y)/2', 'xy/2', 'a"b'];
    for (const [glob] of rewrites) {
      const [original, rewritten] = [
        compileGlob(glob as string),
        compileGlob(unquoteForDorny(glob as string)),
      ];
      expect([glob, paths.filter(original)]).toEqual([glob, paths.filter(rewritten)]);
    }
  });

  it('rewrites brace ranges and POSIX classes for dorny into what the kit matches them as', () => {
    const rewrites = [
      ['v{1..3}/x.md', 'v{1,2,3}/x.md'],
      ['v{3..1}', 'v{3,2,1}'],
      ['{1..1}/a', '1/a'],
      ['[[:alpha:]]x.md', '[a-zA-Z]x.md'],
      ['\\{1..3}', '\\{1..3}'],
    ];
    expect(rewrites.map(([glob]) => [glob, rewriteRangesAndClasses(glob as string)])).toEqual(rewrites);
    const paths = ['v1/x.md', 'v2/x.md', 'v2/.md', 'v4/x.md', 'bx.md', 'b.md', '1x.md', 'Zx.md'];
    for (const glob of ['v{1..3}/x.md', '[[:alpha:]]x.md']) {
      const [original, rewritten] = [compileGlob(glob), compileGlob(rewriteRangesAndClasses(glob))];
      expect(paths.filter(original)).toEqual(paths.filter(rewritten));
    }
  });
});

describe('the differential harness itself', () => {
  const sample = [...ISSUE_CASES, ...GENERATED.slice(0, 20)];

  it(
    'finds dorny identical to itself on the same cases (nothing in the harness varies between runs)',
    async () => {
      const scripts = { reference: DORNY_BUNDLE, candidate: DORNY_BUNDLE, keep: false };
      const comparison = await compareCases(sample, scripts);
      expect(comparison.diverging.map(({ c, why }) => describeCase(c, why))).toEqual([]);
    },
    5 * MINUTES,
  );

  it(
    'catches a copy of dorny that drops one output, in every case where dorny succeeds, and shrinks it',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'broken-dorny-'));
      try {
        const broken = join(dir, 'index.cjs');
        writeFileSync(broken, brokenCopyOfDorny(DORNY_BUNDLE));
        chmodSync(broken, 0o755);
        const scripts = { reference: DORNY_BUNDLE, candidate: broken, keep: false };
        const comparison = await compareCases(sample, scripts);
        const succeeded = sample.filter((c) => comparison.results.get(c.label)?.code === 0);
        expect(succeeded.length).toBeGreaterThan(8);
        expect(comparison.diverging.map(({ c }) => c.label)).toEqual(succeeded.map((c) => c.label));
        const first = comparison.diverging[0] as { c: FilterCase };
        const reproduction = await shrinkDivergence(first.c, scripts, 8);
        expect(reproduction).toMatch(/^case .*: output #\d+: expected .*, got "nothing"\nfilters:\n/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    5 * MINUTES,
  );
});

/** A wrapper that runs dorny's bundle and then removes the last record it wrote to GITHUB_OUTPUT. */
function brokenCopyOfDorny(bundle: string): string {
  return `
const { spawnSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const run = spawnSync(process.execPath, [${JSON.stringify(bundle)}], { stdio: 'inherit' });
const file = process.env.GITHUB_OUTPUT;
const lines = readFileSync(file, 'utf8').split('\\n');
let last = -1;
lines.forEach((line, i) => { if (/^.+<<ghadelimiter_[0-9a-f-]+$/.test(line)) last = i; });
if (last >= 0) writeFileSync(file, lines.slice(0, last).join('\\n') + (last > 0 ? '\\n' : ''));
process.exit(run.status ?? 1);
`;
}
