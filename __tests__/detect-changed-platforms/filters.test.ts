import picomatch from 'picomatch';
import { matchFilters } from '../../src/detect-changed-platforms/filter-match.js';
import { parseFilters } from '../../src/detect-changed-platforms/filters.js';
import { compileGlobs, GLOB_OPTIONS } from '../../src/detect-changed-platforms/glob.js';
import { runWithTimeLimit, TimeLimitError } from '../../src/detect-changed-platforms/time-limit.js';
import type { ChangedFile } from '../../src/detect-changed-platforms/file.js';

const files = (...names: string[]): ChangedFile[] =>
  names.map((filename) => ({ filename, status: 'modified' }));
const names = (matched: ChangedFile[] | undefined): string[] => (matched ?? []).map((f) => f.filename);

describe('parseFilters: dorny filter YAML forms', () => {
  it('reads a string, a list, nested lists and aliases into rules', () => {
    const filters = parseFilters(
      [
        "shared: &shared ['common/**', 'config/**']",
        'src:',
        '  - *shared',
        "  - 'src/**'",
        "one: 'docs/**'",
      ].join('\n'),
    );
    expect(filters.map((f) => [f.name, f.rules.length])).toEqual([
      ['shared', 2],
      ['src', 3],
      ['one', 1],
    ]);
  });

  it('keeps JS property order: integer-like names first, then YAML order', () => {
    const filters = parseFilters("b: 'x'\n10: 'x'\na: 'x'\n2: 'x'\n");
    expect(filters.map((f) => f.name)).toEqual(['2', '10', 'b', 'a']);
  });

  it('accepts a root sequence, naming its filters 0, 1, …', () => {
    expect(parseFilters("- 'a/**'\n- 'b/**'\n").map((f) => f.name)).toEqual(['0', '1']);
  });

  it('gives no filters for an empty input', () => {
    expect(parseFilters('  \n')).toEqual([]);
  });

  it('splits status keys on |, trims and lower-cases them, one rule per key', () => {
    const [filter] = parseFilters("x:\n  - ' Added | MODIFIED ': 'src/**'\n  - deleted: ['a/**', 'b/**']\n");
    expect(filter?.rules.map((r) => r.statuses)).toEqual([['added', 'modified'], ['deleted']]);
  });

  it('takes nested lists and aliases in a status rule, flattened in order, as picomatch does', () => {
    const [, filter, empty] = parseFilters(
      "shared: &shared ['src/**']\nf: [{added|modified: [*shared, 'docs/**', [['x/**']]]}]\ng: {added: [[]]}\n",
    );
    expect(filter?.rules).toEqual([
      { statuses: ['added', 'modified'], patterns: ['src/**', 'docs/**', 'x/**'] },
    ]);
    expect(empty?.rules).toEqual([{ statuses: ['added'], patterns: [] }]);
  });

  it('keeps a status key that is empty after splitting on | as an empty status list, not "any"', () => {
    const filters = parseFilters("a: {'': '**'}\nb: {'|': '**'}\nc: {' ': '**'}\nd: '**'\n");
    expect(filters.map((f) => f.rules[0]?.statuses)).toEqual([[], [], [], undefined]);
  });

  it('accepts nesting deeper than 100 levels, as dorny (js-yaml 4.1) does', () => {
    const yaml = `x: ${'['.repeat(150)}'src/**'${']'.repeat(150)}\n`;
    expect(parseFilters(yaml)[0]?.rules).toEqual([{ statuses: undefined, patterns: ['src/**'] }]);
  });

  it('keeps a filter named __proto__ (dorny drops it), directly or through a merge key', () => {
    expect(parseFilters("__proto__: 'src/**'\n").map((f) => f.name)).toEqual(['__proto__']);
    expect(parseFilters("m: &m {__proto__: 'docs/**'}\n<<: *m\n").map((f) => f.name)).toEqual([
      'm',
      '__proto__',
    ]);
  });

  it.each([
    [
      "x: ''",
      "Input 'filters': invalid filter YAML format: filter 'x' has an empty pattern ''; remove it or give a glob",
    ],
    [
      "x: {added: ['a/**', 5]}",
      "Input 'filters': invalid filter YAML format: filter 'x': 'added' lists a number; list only patterns (strings)",
    ],
    [
      `x: '${'a'.repeat(65_537)}'`,
      "Input 'filters': invalid filter YAML format: filter 'x' has a pattern of 65537 characters; picomatch accepts at most 65536",
    ],
    [
      'not a dictionary',
      "Input 'filters': invalid filter YAML format: root element is not an object; use a mapping of filter names to patterns",
    ],
    [
      'x: 5',
      "Input 'filters': invalid filter YAML format: filter 'x' has an element of type 'number'; use a string, a list or a mapping",
    ],
    [
      'x:\n  added: 5',
      "Input 'filters': invalid filter YAML format: filter 'x': expected 'added: pattern' or 'added: [patterns]', found a number",
    ],
    [
      'x:',
      "Input 'filters': invalid filter YAML format: filter 'x' has an empty (null) entry; give a pattern, a list or a status map",
    ],
    [
      '# only a comment',
      "Input 'filters': invalid filter YAML format: the document is empty; define at least one filter",
    ],
  ])('rejects %j with one clear line', (yaml, message) => {
    expect(() => parseFilters(yaml)).toThrow(message);
  });

  it('rejects YAML that does not parse, quoting the parser', () => {
    expect(() => parseFilters('x:\n  - *.md')).toThrow(
      /^Input 'filters': invalid filter YAML format: the YAML does not parse: /,
    );
  });
});

describe('matchFilters: dorny matching semantics', () => {
  const match = (yaml: string, list: ChangedFile[], quantifier: 'some' | 'every' = 'some') =>
    matchFilters(parseFilters(yaml), list, quantifier);

  it('matches dot files, is case-sensitive and needs ** for a directory', () => {
    const result = match(
      "any: '**'\nsrc: 'src/**'\nbare: 'src'\n",
      files('.github/ci.yml', 'SRC/b.ts', 'src/a.ts'),
    );
    expect(names(result.get('any'))).toEqual(['.github/ci.yml', 'SRC/b.ts', 'src/a.ts']);
    expect(names(result.get('src'))).toEqual(['src/a.ts']);
    expect(names(result.get('bare'))).toEqual([]);
  });

  it('keeps the order of the change list', () => {
    expect(names(match("x: '**/*.ts'", files('z.ts', 'a.ts', 'm/b.ts')).get('x'))).toEqual([
      'z.ts',
      'a.ts',
      'm/b.ts',
    ]);
  });

  it("treats a '!' pattern as one more OR-ed rule under some (dorny's documented behaviour)", () => {
    const result = match("x: ['src/**', '!src/**/*.md']", files('src/a.ts', 'src/README.md', 'docs/x.txt'));
    expect(names(result.get('x'))).toEqual(['src/a.ts', 'src/README.md', 'docs/x.txt']);
  });

  it('ANDs every rule under every, so negations subtract and an empty filter matches all', () => {
    const list = files('src/a.ts', 'src/README.md', 'docs/x.txt');
    expect(names(match("x: ['src/**', '!src/**/*.md']", list, 'every').get('x'))).toEqual(['src/a.ts']);
    expect(names(match('x: []', list, 'every').get('x'))).toEqual([
      'src/a.ts',
      'src/README.md',
      'docs/x.txt',
    ]);
    expect(names(match('x: []', list, 'some').get('x'))).toEqual([]);
  });

  it('matches no file with an empty status list, whatever its status', () => {
    const list: ChangedFile[] = [
      { filename: 'a', status: 'added' },
      { filename: 'b', status: undefined },
    ];
    expect(names(match("x: {'|': '**'}", list).get('x'))).toEqual([]);
  });

  it('matches root files with **/name (the literal tail does not keep its leading /)', () => {
    const result = match(
      "f: '**/README.md'\ng: 'docs/*|*.txt'",
      files('README.md', 'docs/README.md', 'docs/y', 'a.txt'),
    );
    expect(names(result.get('f'))).toEqual(['README.md', 'docs/README.md']);
    expect(names(result.get('g'))).toEqual(['docs/README.md', 'docs/y', 'a.txt']);
  });

  it('stops at the first rule that decides, so a costly glob behind a matching one never runs', () => {
    const long = files('a'.repeat(48));
    const filters = parseFilters("f: ['**', '+(**)/']");
    const some = runWithTimeLimit(2_000, () => matchFilters(filters, long, 'some'));
    expect(names(some.get('f'))).toEqual(['a'.repeat(48)]);
    const watch = { glob: '', path: '' };
    expect(() => runWithTimeLimit(300, () => matchFilters(filters, long, 'every', watch))).toThrow(
      TimeLimitError,
    );
    expect(watch).toEqual({ glob: '+(**)/', path: 'a'.repeat(48) });
  });

  it('tries a costly glob only on the files dorny tries it on, and once per file across filters', () => {
    const tested: string[] = [];
    const watch = new Proxy(
      { glob: '', path: '' },
      {
        set: (target, key, value: string) => {
          if (key === 'path' && target.glob.startsWith('+(')) tested.push(`${target.glob} ${value}`);
          return Reflect.set(target, key, value);
        },
      },
    );
    // '+(x|y)/**' is an extglob (costly); 'src/**' is cheap and decides src/x.ts first.
    const yaml = "a: &s ['src/**', '+(x|y)/**']\nb: *s\n";
    const list = files('src/x.ts', 'x/y.ts', 'z/w.ts');
    const some = matchFilters(parseFilters(yaml), list, 'some', watch);
    expect(tested).toEqual(['+(x|y)/** x/y.ts', '+(x|y)/** z/w.ts']);
    expect(names(some.get('b'))).toEqual(['src/x.ts', 'x/y.ts']);
    tested.length = 0;
    const every = matchFilters(parseFilters(yaml), list, 'every', watch);
    expect(tested).toEqual(['+(x|y)/** src/x.ts']);
    expect(names(every.get('a'))).toEqual([]);
  });

  it('matches dir/** the same whether or not the paths ascend (git lists them so; an API list may not)', () => {
    const paths = [
      'pkg',
      'pkg-x/a.ts',
      'pkg.md',
      'pkg/./a.ts',
      'pkg/a.ts',
      'pkg/b/c.md',
      'pkg0/a.ts',
      'pkg/\nx',
      'pkga',
      'pkg\n/a.ts',
      'pkg\n/b\n',
      'zz/pkg/a.ts',
    ];
    const yaml = "a: 'pkg/**'\nb: ['pkg/**', '**/*.md']\nc: 'pkg0/**'\nd: \"pkg\\n/**\"\n";
    const expected = (list: ChangedFile[], glob: string): string[] =>
      names(list).filter((p) => picomatch(glob, GLOB_OPTIONS)(p));
    for (const list of [
      files(...[...paths].sort()),
      files(...paths),
      files(...[...paths].sort().reverse()),
    ]) {
      const result = match(yaml, list);
      expect(names(result.get('a'))).toEqual(expected(list, 'pkg/**'));
      expect(names(result.get('b'))).toEqual(
        names(list).filter((p) => picomatch(['pkg/**', '**/*.md'], GLOB_OPTIONS)(p)),
      );
      expect(names(result.get('c'))).toEqual(expected(list, 'pkg0/**'));
      expect(names(result.get('d'))).toEqual(expected(list, 'pkg\n/**'));
    }
  });

  it('restricts status rules to their statuses; an undefined status matches only unrestricted rules', () => {
    const list: ChangedFile[] = [
      { filename: 'src/new.ts', status: 'added' },
      { filename: 'src/old.ts', status: 'deleted' },
      { filename: 'src/link', status: undefined },
    ];
    const result = match("add: [{ added: 'src/**' }]\nall: 'src/**'\n", list);
    expect(names(result.get('add'))).toEqual(['src/new.ts']);
    expect(names(result.get('all'))).toEqual(['src/new.ts', 'src/old.ts', 'src/link']);
  });
});

describe('compileGlobs agrees with picomatch', () => {
  const patterns = [
    'src/**',
    '**/*.md',
    '!**/*.md',
    './src/**',
    '/src/**',
    'src/**.md',
    '!(**/*.tsx|**/*.less)',
    '{a,b}/**/*.{ts,tsx}',
    'pkg[0-9]/*',
    '?.txt',
    '**',
    '*',
    'src/package1',
    'src/package1/',
    'a/+(b|c)/d',
    '**/*.test.ts',
    'pkg1/deep/**',
    './src/**',
    'infra structure/**',
    'src/.hidden/**',
    '*.md',
    'src/**/*.tsx',
    '@(a|b).md',
    '**/\\*.md',
    '**/README.md',
    'docs/*|*.txt',
    './!**/*.md',
    '+(a|aa)/**',
    'src/+(|lib)/*',
    'src/a\nb/**',
    '**/*.md/',
    'src/**/',
  ];
  const paths = [
    'src/a.ts',
    'src/README.md',
    'README.md',
    'root.tsx',
    'root.less',
    'x/y.tsx',
    '.github/ci.yml',
    'a/b/c.ts',
    'b/x.tsx',
    'pkg1/z',
    'a.txt',
    'src/package1',
    'a/b/d',
    'a/bc/d',
    'src/.env',
    'docs/x.txt',
    'src',
    'src/',
    'src/./a.ts',
    'src/../a.ts',
    'src/a/..',
    'src/.',
    'src/..',
    'src/.hidden/x',
    'srcfoo/a.ts',
    'pkg1/deep/er/x.ts',
    'infra structure/a b.yml',
    'docs/README.md',
    'q/a b.txt',
    'q/"a b".txt',
    '"src"/x',
    'docs/y',
    'aa/x',
    'src/lib/x',
    'src/a\rb',
    'src/a\nb',
    'src/a\nb/c',
    'src/a\u2028b',
    'src/p\u2029',
    'x.md/',
    'src/a.ts/',
  ];

  it('reads a quoted part as the literal text it stands for (picomatch 2 and 4 both mis-read some)', () => {
    const cases: [string, string[]][] = [
      ['"src"/**', ['src', 'src/a.ts', '"src"/x']],
      ['**/"a b".txt', ['q/a b.txt', 'q/"a b".txt']],
      ['"a"/*', ['a/x', '"a"/x']],
      ['"a"/{1..3}', ['a/2', '/2']],
      ['"*"', ['*', 'x']],
      ['a"b', ['a"b', 'ab']],
    ];
    expect(cases.map(([glob, list]) => [glob, list.filter(compileGlobs([glob]))])).toEqual([
      ['"src"/**', ['src', 'src/a.ts']],
      ['**/"a b".txt', ['q/a b.txt']],
      ['"a"/*', ['a/x']],
      ['"a"/{1..3}', ['a/2']],
      ['"*"', ['*']],
      ['a"b', ['a"b']],
    ]);
  });

  it.each(patterns)('gives the same answer as picomatch(%j, GLOB_OPTIONS) for every path', (pattern) => {
    const ours = compileGlobs([pattern]);
    const theirs = picomatch(pattern, GLOB_OPTIONS);
    expect(paths.map((p) => [p, ours(p)])).toEqual(paths.map((p) => [p, theirs(p)]));
  });
});
