import picomatch from 'picomatch';
import { compileGlobs, matchFilters, parseFilters } from '../../src/detect-changed-platforms/filters.js';
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

  it.each([
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
  ];

  it.each(patterns)('gives the same answer as picomatch(%j, { dot: true }) for every path', (pattern) => {
    const ours = compileGlobs([pattern]);
    const theirs = picomatch(pattern, { dot: true });
    expect(paths.map((p) => [p, ours(p)])).toEqual(paths.map((p) => [p, theirs(p)]));
  });
});
