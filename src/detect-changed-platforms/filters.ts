import picomatch from 'picomatch';
import { parseYaml } from '../lib/yaml.js';
import { InputError } from '../lib/errors.js';
import type { ChangedFile } from './file.js';

/** How a filter's rules combine per file (dorny's `predicate-quantifier`). */
export const PREDICATE_QUANTIFIERS = ['some', 'every'] as const;
/** `some`: a file belongs if any rule matches; `every`: only if all rules match. */
export type PredicateQuantifier = (typeof PREDICATE_QUANTIFIERS)[number];

/** One rule: its pattern(s) (any may match) and, optionally, the change statuses it is restricted to. */
export interface FilterRule {
  /** Lower-cased statuses (empty: any status). */
  statuses: string[];
  /** Globs, OR-ed (a string rule has one). */
  patterns: string[];
}

/** A named filter: its rules, in YAML order. */
export interface Filter {
  name: string;
  rules: FilterRule[];
}

/**
 * Parses dorny/paths-filter's filter YAML as its `src/filter.ts` (@ b41dfa9) does: a mapping (or a
 * sequence, whose filters are named "0", "1", …) of filters, each a pattern, a list (flattened,
 * aliases allowed), or a `status|status: pattern(s)` map.
 * Filters keep JS property order, exactly like dorny's outputs.
 *
 * @throws InputError ("Input 'filters': invalid filter YAML format: …") for anything dorny rejects,
 *   and also for an empty (comment-only) document or a null filter, where dorny crashes with a TypeError
 */
export function parseFilters(text: string): Filter[] {
  if (text.trim() === '') return [];
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw filterError(
      `the YAML does not parse: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`,
    );
  }
  if (doc === null || doc === undefined)
    throw filterError('the document is empty; define at least one filter');
  if (typeof doc !== 'object')
    throw filterError('root element is not an object; use a mapping of filter names to patterns');
  return Object.entries(doc as Record<string, unknown>).map(([name, value]) => ({
    name,
    rules: parseRules(name, value),
  }));
}

/**
 * Returns, for each filter, the changed files that belong to it, in the order of `files`.
 * Each distinct pattern is compiled once and tested once per file, however many filters share it
 * (YAML anchors make sharing common), so the cost is files × distinct patterns.
 */
export function matchFilters(
  filters: readonly Filter[],
  files: readonly ChangedFile[],
  quantifier: PredicateQuantifier,
): Map<string, ChangedFile[]> {
  // Each rule becomes the sorted list of the indices of the files it matches; filters then combine
  // lists, so the work after the one pass per pattern grows with the matches, not with files × rules.
  const count = files.length;
  const patternHits = new Map<string, Int32Array>();
  const hitsOf = (patterns: string[]): Int32Array => {
    const key = JSON.stringify(patterns);
    let hits = patternHits.get(key);
    if (!hits) {
      const test = compileGlobs(patterns);
      const found: number[] = [];
      for (let i = 0; i < count; i++) if (test((files[i] as ChangedFile).filename)) found.push(i);
      hits = Int32Array.from(found);
      patternHits.set(key, hits);
    }
    return hits;
  };
  const ruleHits = (rule: FilterRule): Int32Array => {
    const hits = hitsOf(rule.patterns);
    if (rule.statuses.length === 0) return hits;
    return hits.filter((i) => {
      const status = (files[i] as ChangedFile).status;
      return status !== undefined && rule.statuses.includes(status);
    });
  };
  const result = new Map<string, ChangedFile[]>();
  for (const filter of filters) {
    const lists = filter.rules.map(ruleHits);
    const indices = quantifier === 'every' ? intersect(lists, count) : union(lists);
    result.set(
      filter.name,
      Array.from(indices, (i) => files[i] as ChangedFile),
    );
  }
  return result;
}

/** The sorted union of sorted index lists. */
function union(lists: Int32Array[]): Int32Array {
  if (lists.length === 0) return new Int32Array(0);
  if (lists.length === 1) return lists[0] as Int32Array;
  const all = new Int32Array(lists.reduce((n, list) => n + list.length, 0));
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  all.sort();
  return all.filter((value, i) => i === 0 || value !== all[i - 1]);
}

/** The sorted intersection of sorted index lists; with no lists, every index ("all of zero rules"). */
function intersect(lists: Int32Array[], count: number): Int32Array {
  if (lists.length === 0) return Int32Array.from({ length: count }, (_, i) => i);
  const seen = new Uint32Array(count);
  for (const list of lists) for (const i of list) seen[i] = (seen[i] as number) + 1;
  return (lists[0] as Int32Array).filter((i) => seen[i] === lists.length);
}

/**
 * Compiles globs with dorny's only option, `{ dot: true }`, into one test that is true when any
 * glob matches. It applies picomatch's own rule (the path equals the glob, or its regex matches)
 * straight to the regexes, skipping the per-call result objects of picomatch's matcher.
 */
export function compileGlobs(patterns: readonly string[]): (path: string) => boolean {
  const tests = patterns.map(compileGlob);
  if (tests.length === 1) return tests[0] as (path: string) => boolean;
  return (path) => tests.some((test) => test(path));
}

/** Characters that make a glob more than a literal (picomatch's syntax). */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\|]/;

function compileGlob(glob: string): (path: string) => boolean {
  const directory = literalDirectory(glob);
  if (directory !== undefined) return (path) => isInside(path, directory);
  const regex = picomatch.makeRe(glob, { dot: true });
  // A literal tail after the last glob character (".md" in "**/*.md") must end every match, so a
  // cheap endsWith() rules out most paths before the regex runs (picomatch allows one trailing '/').
  const tail = glob.startsWith('!') ? '' : literalTail(glob);
  if (tail.length < 2) return (path) => path === glob || regex.test(path);
  return (path) => path === glob || ((path.endsWith(tail) || path.endsWith(`${tail}/`)) && regex.test(path));
}

/**
 * For the commonest monorepo glob, `some/dir/**` with a literal directory, returns that directory.
 * picomatch's regex for it runs a lookahead per character; `isInside` decides the same in one pass.
 */
function literalDirectory(glob: string): string | undefined {
  const match = /^(?:\.\/)?([^*?[\]{}()!+@\\|]+?)\/\*\*$/.exec(glob);
  const directory = match?.[1];
  if (
    !directory ||
    directory.startsWith('/') ||
    directory.split('/').some((s) => s === '' || s === '.' || s === '..')
  ) {
    return undefined;
  }
  return directory;
}

/** picomatch's `dir/**` with `dot: true`: the directory itself, or below it with no `.` or `..` segment. */
function isInside(path: string, directory: string): boolean {
  if (path === directory) return true;
  if (!path.startsWith(directory) || path.charCodeAt(directory.length) !== 47 /* '/' */) return false;
  const rest = path.slice(directory.length + 1);
  return !(
    rest === '.' ||
    rest === '..' ||
    rest.startsWith('./') ||
    rest.startsWith('../') ||
    rest.includes('/./') ||
    rest.includes('/../') ||
    rest.endsWith('/.') ||
    rest.endsWith('/..')
  );
}

function literalTail(glob: string): string {
  let i = glob.length;
  while (i > 0 && !GLOB_SYNTAX.test(glob.charAt(i - 1))) i--;
  return i === 0 ? '' : glob.slice(i);
}

function parseRules(name: string, value: unknown): FilterRule[] {
  if (typeof value === 'string') return [{ statuses: [], patterns: [value] }];
  if (Array.isArray(value)) return value.flatMap((item) => parseRules(name, item));
  if (value === null || value === undefined) {
    throw filterError(`filter '${name}' has an empty (null) entry; give a pattern, a list or a status map`);
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([key, patterns]) => {
      const statuses = key
        .split('|')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '');
      if (typeof patterns === 'string') return { statuses, patterns: [patterns] };
      if (Array.isArray(patterns) && patterns.every((p) => typeof p === 'string')) {
        return { statuses, patterns: patterns as string[] };
      }
      throw filterError(
        `filter '${name}': expected '${key}: pattern' or '${key}: [patterns]', found ${typeOf(patterns)}`,
      );
    });
  }
  throw filterError(
    `filter '${name}' has an element of type '${typeof value}'; use a string, a list or a mapping`,
  );
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list with a non-string item' : `a ${typeof value}`;
}

function filterError(hint: string): InputError {
  return new InputError("Input 'filters'", undefined, `invalid filter YAML format: ${hint}`);
}
