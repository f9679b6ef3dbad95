/**
 * A seeded generator of dorny/paths-filter cases: filter YAML in every form dorny accepts (and a few
 * it rejects), the inputs around it, and the change set of one push. Cases are trees of YAML nodes,
 * rendered to text only when run, so a failing case can be shrunk node by node.
 */

/** A number source in [0, 1); the same seed gives the same cases. */
export type Random = () => number;

/** mulberry32: small, fast and good enough to spread cases; deterministic per seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the push does to a file (`unchanged` files exist on both sides; `typechange` makes it a symlink). */
export type ChangeKind = 'added' | 'modified' | 'deleted' | 'unchanged' | 'typechange';

/** One file of the case's repository. */
export interface CaseFile {
  path: string;
  change: ChangeKind;
}

/** A node of the filter YAML, rendered by `renderYaml`. */
export type YamlNode =
  | { kind: 'scalar'; text: string; anchor?: string }
  | { kind: 'raw'; text: string }
  | { kind: 'seq'; items: YamlNode[]; flow: boolean; anchor?: string }
  | { kind: 'map'; entries: YamlEntry[]; flow: boolean; anchor?: string }
  | { kind: 'alias'; name: string };

/** A mapping entry; the key `<<` is written plain, so it is a merge key. */
export interface YamlEntry {
  key: string;
  value: YamlNode;
}

/** One generated case: the step's inputs and the push it runs on. */
export interface FilterCase {
  /** `seed/index`, to re-run one case (DIFF_SEED, DIFF_ONLY). */
  label: string;
  /** The filters document (a mapping, or a sequence whose filters are named 0, 1, …). */
  root: YamlNode;
  quantifier: string;
  listFiles: string;
  files: CaseFile[];
  /** Whether the work tree holds a `.github/platforms.yml` (and no `platforms` input is given). */
  manifestInWorkTree: boolean;
  /** A comment line after the YAML (keeps a rewritten document inline YAML rather than a file path). */
  trailer?: string;
}

/** Generates case `index` of a seed's stream. */
export function generateCase(random: Random, label: string): FilterCase {
  const files = generateFiles(random);
  const doc = new DocumentBuilder(
    random,
    files.map((f) => f.path),
  );
  return {
    label,
    root: doc.root(),
    quantifier: weighted(random, [
      ['some', 12],
      ['every', 7],
      ['', 2],
      ['EVERY', 1],
    ]),
    listFiles: weighted(random, [
      ['none', 5],
      ['json', 4],
      ['csv', 4],
      ['shell', 4],
      ['escape', 4],
      ['CSV', 1],
      ['', 1],
      ['xml', 1],
    ]),
    files,
    manifestInWorkTree: random() < 0.2,
  };
}

/** The `filters` input of a case: its YAML (block style at the top, flow or block below), then its trailer. */
export function filtersText(c: FilterCase): string {
  return renderYaml(c.root) + (c.trailer === undefined ? '' : `# ${c.trailer}\n`);
}

/** The YAML text of a node (block style at the top, flow or block below as generated). */
export function renderYaml(node: YamlNode): string {
  if (node.kind === 'map' && !node.flow && node.entries.length > 0) return `${block(node, 0)}\n`;
  if (node.kind === 'seq' && !node.flow && node.items.length > 0) return `${block(node, 0)}\n`;
  return `${inline(node)}\n`;
}

/**
 * The forms a case exercises (a YAML form, an input value, a kind of name or change), so a test can
 * check that a seed's cases cover everything dorny accepts.
 */
export function caseFeatures(c: FilterCase): Set<string> {
  const features = new Set<string>([
    `quantifier ${c.quantifier || '(empty)'}`,
    `list-files ${c.listFiles || '(empty)'}`,
  ]);
  if (c.root.kind === 'seq') features.add('root sequence');
  if (c.manifestInWorkTree) features.add('platforms.yml in the work tree');
  const visit = (node: YamlNode, depth: number, inStatus: boolean): void => {
    if ('anchor' in node && node.anchor) features.add('anchor');
    if (node.kind === 'alias') features.add(inStatus ? 'alias in a status rule' : 'alias');
    if (node.kind === 'scalar') features.add(inStatus ? 'status rule with one pattern' : 'pattern');
    if (node.kind === 'raw') features.add('invalid value');
    if (node.kind === 'seq') {
      features.add(
        depth > 90
          ? 'list nested > 90 deep'
          : inStatus
            ? 'status rule with a list'
            : depth > 1
              ? 'nested list'
              : 'list',
      );
      node.items.forEach((item) => visit(item, depth + 1, inStatus));
    }
    if (node.kind === 'map') {
      for (const { key, value } of node.entries) {
        if (key === '<<') features.add(depth === 0 ? 'merge key at the root' : 'merge key in a status map');
        else if (depth > 0)
          features.add(key.split('|').every((s) => s.trim() === '') ? 'empty status key' : 'status key');
        visit(value, depth + 1, depth > 0 || inStatus);
      }
    }
  };
  visit(c.root, 0, false);
  for (const f of c.files) {
    features.add(`change ${f.change}`);
    if (!f.path.includes('/')) features.add('file at the root');
    if (f.path.split('/').length > 2) features.add('deep file');
    for (const [name, test] of NAME_KINDS) if (test.test(f.path)) features.add(`name with ${name}`);
  }
  return features;
}

const NAME_KINDS: [string, RegExp][] = [
  ['a dot segment', /(^|\/)\./],
  ['a space', / /],
  ['unicode', /[^ -~\t\n\r]/],
  ['a quote', /['"]/],
  ['a $', /\$/],
  ['brackets', /[[\](){}]/],
  ['a line break', /\n/],
  ['a carriage return', /\r/],
  ['U+2028 or U+2029', /[\u2028\u2029]/],
];

/** Smaller variants of a case, most promising first (for shrinking a divergence). */
export function shrinkCandidates(c: FilterCase): FilterCase[] {
  const out: FilterCase[] = [];
  for (let i = 0; i < c.files.length; i++) out.push({ ...c, files: c.files.filter((_, j) => j !== i) });
  for (const root of smallerNodes(c.root)) out.push({ ...c, root });
  if (c.listFiles !== 'none') out.push({ ...c, listFiles: 'none' });
  if (c.listFiles !== 'json' && c.listFiles !== 'none') out.push({ ...c, listFiles: 'json' });
  if (c.quantifier !== 'some') out.push({ ...c, quantifier: 'some' });
  if (c.manifestInWorkTree) out.push({ ...c, manifestInWorkTree: false });
  for (let i = 0; i < c.files.length; i++) {
    const file = c.files[i] as CaseFile;
    if (file.change !== 'added')
      out.push({ ...c, files: c.files.map((f, j) => (j === i ? { ...f, change: 'added' } : f)) });
  }
  return out;
}

/** `[[[…node…]]]`, `levels` deep. */
export function nested(levels: number, node: YamlNode): YamlNode {
  for (let i = 0; i < levels; i++) node = { kind: 'seq', flow: true, items: [node] };
  return node;
}

// ---- files ---------------------------------------------------------------------------------------

const DIRS = [
  'src',
  'docs',
  'apps/web',
  'pkg1',
  'v2',
  'lib',
  '.github/workflows',
  'a b',
  'ünï',
  '日本',
  "it's",
  '"q"',
  '$x',
  '[1]',
  '(p)',
  '{b}',
  'a,b',
  '-rf',
  'nl\nx',
  'aa',
  'src/lib',
  'node_modules/x',
];
const NAMES = [
  'README.md',
  'package.json',
  'Dockerfile',
  '.env',
  'x.ts',
  'a.md',
  'file.txt',
  'a b.txt',
  '"a b".txt',
  "new name's.ts",
  '$weird,file".txt',
  'x*y.js',
  'q?.md',
  '!bang.md',
  '#hash',
  '@at.ts',
  '+plus.ts',
  '~tilde',
  '%pct',
  'colon:x',
  'back\\slash.ts',
  'cr\rx.md',
  'ls\u2028x.md',
  'ps\u2029x.md',
  'tab\tx.ts',
  'line\nbreak.md',
  'ok\n$(touch pwned)',
  'ü.md',
  '.md',
  '.hidden',
  'x.tsx',
  'x.less',
  'a',
  'lib',
];

function generateFiles(random: Random): CaseFile[] {
  const count = 1 + Math.floor(random() * 7);
  const paths = new Set<string>();
  for (let i = 0; i < count; i++) {
    const depth = weighted(random, [
      [0, 3],
      [1, 4],
      [2, 2],
      [3, 1],
    ]);
    const dirs = Array.from({ length: depth }, () => pick(random, DIRS));
    paths.add([...dirs, pick(random, NAMES)].join('/'));
  }
  // A path cannot be both a file and a directory of another file.
  const all = [...paths];
  const kept = all.filter((p) => !all.some((q) => q.startsWith(`${p}/`)));
  return kept.map((path) => ({
    path,
    change: weighted<ChangeKind>(random, [
      ['added', 5],
      ['modified', 4],
      ['deleted', 3],
      ['unchanged', 2],
      ['typechange', 1],
    ]),
  }));
}

// ---- filter documents ----------------------------------------------------------------------------

const FILTER_NAMES = [
  'src',
  'docs',
  'backend',
  'frontend',
  'shared',
  'x',
  'x_count',
  'changes',
  '2',
  '10',
  '0',
  '__proto__',
  'constructor',
  'my filter',
  'fïlter',
  'a.b',
  'a-b',
];
const STATUS_KEYS = [
  'added',
  'modified',
  'deleted',
  'added|modified',
  'added|deleted',
  'modified|deleted',
  ' Added | MODIFIED ',
  'renamed|copied',
  'unmerged',
  'modifed',
  'changed',
  '',
  '|',
  ' ',
];
/** Patterns worth trying whatever the files: everyday globs and the corners of picomatch 2 and 4. */
const SPECIAL_PATTERNS = [
  '**',
  '*',
  '**/*',
  '.*',
  '**/.*',
  '**/*.md',
  '**/README.md',
  '**/package.json',
  '**/Dockerfile',
  '*.txt',
  '!**/*.md',
  '!docs/**',
  'docs/*|*.txt',
  '+(a|aa)/**',
  'src/+(|lib)/*',
  '**/"a b".txt',
  '"docs"/**',
  './!**/*.md',
  './src/**',
  'v{1..3}/x.md',
  'v{1..3}/**',
  '[[:alpha:]]*',
  '**/[[:alpha:]].md',
  '!(**/*.tsx|**/*.less)',
  'src/**/',
  '**/',
  '{src,docs}/**',
  '**/*.{md,txt}',
  '@(src|docs)/**',
  '**/[abc]*',
  '\\*',
  '$x/**',
  '**/*$*',
  '/src/**',
  'src',
  'src/',
  '**/*\n*',
  '**/ls\u2028x.md',
  '**/cr\rx.md',
  '?',
  '**/?',
  '**/*.ts*',
  '+(*.md)',
  '*(src|lib)/**',
  '**/#hash',
  ' ',
  '',
];

class DocumentBuilder {
  private anchors: { name: string; kind: 'seq' | 'map' | 'scalar'; statusMap: boolean }[] = [];

  constructor(
    private readonly random: Random,
    private readonly paths: string[],
  ) {}

  root(): YamlNode {
    const r = this.random;
    if (r() < 0.06) return { kind: 'seq', flow: false, items: this.list(1 + Math.floor(r() * 3), 1) };
    if (r() < 0.02)
      return { kind: 'raw', text: pick(r, ['not a dictionary', '5', '# only a comment', '[]', '{}']) };
    const entries: YamlEntry[] = [];
    const count = 1 + Math.floor(r() * 5);
    for (let i = 0; i < count; i++) {
      const mergeable = this.anchors.filter((a) => a.kind === 'map');
      if (mergeable.length > 0 && r() < 0.25) {
        entries.push({ key: '<<', value: { kind: 'alias', name: pick(r, mergeable).name } });
        continue;
      }
      let key = pick(r, FILTER_NAMES);
      // Mostly distinct names; now and then a duplicate (both must fail).
      if (entries.some((e) => e.key === key) && r() < 0.9) key = `${key}${i}`;
      entries.push({ key, value: this.filterValue(0) });
    }
    return { kind: 'map', flow: r() < 0.05, entries };
  }

  /** A filter's value: a pattern, a list, a status map or an alias, now and then something invalid. */
  private filterValue(depth: number): YamlNode {
    const r = this.random;
    const roll = r();
    if (roll < 0.03) return { kind: 'raw', text: pick(r, ['5', 'true', 'null', '~', '']) };
    if (roll < 0.3) return this.anchored(this.pattern(), 'scalar', false);
    if (roll < 0.4 && this.anchors.length > 0) return { kind: 'alias', name: pick(r, this.anchors).name };
    if (roll < 0.72 || depth > 3)
      return this.anchored(
        { kind: 'seq', flow: r() < 0.4, items: this.list(Math.floor(r() * 4), depth + 1) },
        'seq',
        false,
      );
    if (roll < 0.74) return this.deepList(95 + Math.floor(r() * 15));
    return this.anchored(this.statusMap(), 'map', true);
  }

  private list(count: number, depth: number): YamlNode[] {
    const r = this.random;
    return Array.from({ length: count }, () => {
      const roll = r();
      if (roll < 0.5 || depth > 3) return this.anchored(this.pattern(), 'scalar', false);
      if (roll < 0.62 && this.anchors.length > 0) return { kind: 'alias', name: pick(r, this.anchors).name };
      if (roll < 0.75)
        return { kind: 'seq', flow: r() < 0.5, items: this.list(Math.floor(r() * 3), depth + 1) };
      return this.anchored(this.statusMap(), 'map', true);
    });
  }

  private statusMap(): YamlNode {
    const r = this.random;
    const entries: YamlEntry[] = [];
    const statusMaps = this.anchors.filter((a) => a.statusMap);
    if (statusMaps.length > 0 && r() < 0.4)
      entries.push({ key: '<<', value: { kind: 'alias', name: pick(r, statusMaps).name } });
    const count = Math.floor(r() * 3) + (entries.length === 0 ? 1 : 0);
    for (let i = 0; i < count; i++) {
      const key = pick(r, STATUS_KEYS);
      if (entries.some((e) => e.key === key)) continue;
      entries.push({ key, value: this.statusValue() });
    }
    return { kind: 'map', flow: r() < 0.5, entries };
  }

  /** What a status key maps to: a pattern or a list (nested lists and aliases allowed, as in picomatch). */
  private statusValue(): YamlNode {
    const r = this.random;
    const roll = r();
    if (roll < 0.03) return { kind: 'raw', text: pick(r, ['5', '{x: y}', 'null']) };
    if (roll < 0.45) return this.pattern();
    const items: YamlNode[] = Array.from({ length: Math.floor(r() * 4) }, () => {
      const lists = this.anchors.filter((a) => a.kind !== 'map');
      if (lists.length > 0 && r() < 0.3) return { kind: 'alias', name: pick(r, lists).name };
      if (r() < 0.15) return { kind: 'seq', flow: true, items: r() < 0.5 ? [] : [this.pattern()] };
      return this.pattern();
    });
    return { kind: 'seq', flow: r() < 0.6, items };
  }

  /** `[[[…'pattern'…]]]` nested `levels` deep (js-yaml 4.1 has no depth limit). */
  private deepList(levels: number): YamlNode {
    return nested(levels, this.pattern());
  }

  private anchored<T extends YamlNode & { anchor?: string }>(
    node: T,
    kind: 'seq' | 'map' | 'scalar',
    statusMap: boolean,
  ): T {
    if (this.random() >= 0.2) return node;
    const name = `a${this.anchors.length}`;
    this.anchors.push({ name, kind, statusMap });
    return { ...node, anchor: name };
  }

  private pattern(): YamlNode {
    return { kind: 'scalar', text: this.patternText() };
  }

  private patternText(): string {
    const r = this.random;
    if (r() < 0.25 || this.paths.length === 0) return pick(r, SPECIAL_PATTERNS);
    const segments = pick(r, this.paths).split('/');
    const mutations = Math.floor(r() * 3);
    for (let m = 0; m < mutations; m++) mutate(r, segments);
    let text = segments.join('/');
    const affix = r();
    if (affix < 0.06) text = `./${text}`;
    else if (affix < 0.1) text = `!${text}`;
    else if (affix < 0.13) text = `${text}|${pick(r, SPECIAL_PATTERNS)}`;
    else if (affix < 0.16) text = `${text}/`;
    return text;
  }
}

/** Rewrites one segment into a glob that (mostly) still matches it, or a neighbour. */
function mutate(random: Random, segments: string[]): void {
  const at = Math.floor(random() * segments.length);
  const seg = segments[at] as string;
  // A repeated extglob over a wildcard (`*(**)`) can backtrack for minutes in dorny; the kit's time
  // limit for it has its own test, so the generator does not build it.
  const wrap = (open: string, body: string) => (seg.includes('*') ? seg : `${open}(${body})`);
  const dot = seg.lastIndexOf('.');
  const ext = dot > 0 ? seg.slice(dot) : '';
  const choices: (() => void)[] = [
    () => (segments[at] = '*'),
    () => (segments[at] = '**'),
    () => segments.splice(0, at + 1, '**'),
    () => segments.splice(at, segments.length - at, '**'),
    () => (segments[at] = `*${ext}`),
    () => (segments[at] = seg.replace(/./u, '?')),
    () => (segments[at] = `[${seg.charAt(0)}x]${seg.slice(1)}`),
    () => (segments[at] = `[!${seg.charAt(0)}]${seg.slice(1)}`),
    () => (segments[at] = `{${seg},zz}`),
    () => (segments[at] = wrap('@', `${seg}|zz`)),
    () => (segments[at] = wrap('+', seg)),
    () => (segments[at] = wrap('*', seg)),
    () => (segments[at] = wrap('?', seg)),
    () => (segments[at] = `!(zz)`),
    () => (segments[at] = `"${seg}"`),
    () => (segments[at] = seg.replace(/[^\w]/u, (c) => `\\${c}`)),
    () => (segments[at] = seg.replace(/\d/, '{1..3}')),
    () => (segments[at] = `[[:alpha:]]*${ext}`),
  ];
  (pick(random, choices) as () => void)();
}

function block(node: YamlNode, indent: number): string {
  const pad = ' '.repeat(indent);
  if (node.kind === 'map') {
    return node.entries
      .map(({ key, value }) => {
        const head = `${pad}${key === '<<' ? '<<' : scalar(key, true)}:`;
        return isBlock(value)
          ? `${head}${anchorOf(value, ' ')}\n${block(value, indent + 2)}`
          : `${head} ${inline(value)}`;
      })
      .join('\n');
  }
  if (node.kind === 'seq') {
    return node.items
      .map((item) =>
        isBlock(item)
          ? `${pad}-${anchorOf(item, ' ')}\n${block(item, indent + 2)}`
          : `${pad}- ${inline(item)}`,
      )
      .join('\n');
  }
  return `${pad}${inline(node)}`;
}

function isBlock(node: YamlNode): node is Extract<YamlNode, { kind: 'map' | 'seq' }> {
  if (node.kind === 'map') return !node.flow && node.entries.length > 0;
  if (node.kind === 'seq') return !node.flow && node.items.length > 0;
  return false;
}

function anchorOf(node: YamlNode, before: string): string {
  return 'anchor' in node && node.anchor ? `${before}&${node.anchor}` : '';
}

function inline(node: YamlNode): string {
  const anchor = anchorOf(node, '');
  const prefix = anchor ? `${anchor} ` : '';
  switch (node.kind) {
    case 'raw':
      return node.text;
    case 'alias':
      return `*${node.name}`;
    case 'scalar':
      return `${prefix}${scalar(node.text, false)}`;
    case 'seq':
      return `${prefix}[${node.items.map(inline).join(', ')}]`;
    case 'map':
      return `${prefix}{${node.entries.map(({ key, value }) => `${key === '<<' ? '<<' : scalar(key, true)}: ${inline(value)}`).join(', ')}}`;
  }
}

/** A scalar as YAML: plain when unambiguous, else single-quoted, else double-quoted (line breaks, controls). */
function scalar(text: string, isKey: boolean): string {
  if (/^[A-Za-z_][\w.|-]*$/.test(text) && !/^(true|false|null|yes|no|on|off)$/i.test(text)) return text;
  if (isKey && /^[1-9]\d*$/.test(text)) return text;
  // Single quotes carry anything but line breaks and controls (U+2028/U+2029 stay raw: js-yaml reads them as text).
  // eslint-disable-next-line no-control-regex -- exactly the characters single quotes cannot carry
  if (!/[\u0000-\u0008\u000a-\u001f\u007f]/.test(text)) return `'${text.replace(/'/g, "''")}'`;
  return `"${[...text]
    .map((c) => {
      if (c === '\\' || c === '"') return `\\${c}`;
      if (c === '\n') return '\\n';
      if (c === '\r') return '\\r';
      if (c === '\t') return '\\t';
      const code = c.codePointAt(0) as number;
      return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : c;
    })
    .join('')}"`;
}

function* smallerNodes(node: YamlNode): Generator<YamlNode> {
  if (node.kind === 'map') {
    for (let i = 0; i < node.entries.length; i++)
      yield { ...node, entries: node.entries.filter((_, j) => j !== i) };
    for (let i = 0; i < node.entries.length; i++) {
      const entry = node.entries[i] as YamlEntry;
      for (const value of smallerNodes(entry.value))
        yield { ...node, entries: node.entries.map((e, j) => (j === i ? { ...e, value } : e)) };
    }
  } else if (node.kind === 'seq') {
    for (let i = 0; i < node.items.length; i++)
      yield { ...node, items: node.items.filter((_, j) => j !== i) };
    if (node.items.length === 1) yield node.items[0] as YamlNode;
    for (let i = 0; i < node.items.length; i++)
      for (const item of smallerNodes(node.items[i] as YamlNode))
        yield { ...node, items: node.items.map((x, j) => (j === i ? item : x)) };
  }
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(random: Random, choices: readonly [T, number][]): T {
  const total = choices.reduce((n, [, w]) => n + w, 0);
  let roll = random() * total;
  for (const [value, w] of choices) {
    roll -= w;
    if (roll < 0) return value;
  }
  return (choices[choices.length - 1] as [T, number])[0];
}
