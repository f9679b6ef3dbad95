import type { ChangedFile } from './file.js';
import type { Filter, FilterRule, PredicateQuantifier } from './filters.js';
import { compileGlob, globDirectory, isCheapGlob, type GlobTest } from './glob.js';

/** Set to the glob and path being tested before each test that could be slow, to name them if a time limit interrupts it. */
export interface MatchWatch {
  glob: string;
  path: string;
}

/**
 * Returns, for each filter, the changed files that belong to it, in the order of `files`, as dorny
 * decides: under `some` a file belongs when a rule matches it, under `every` when all do; a rule
 * matches when its statuses allow the file's (a plain pattern has none) and one of its globs does.
 *
 * Which globs run is dorny's too, where it matters: dorny stops at the first rule that decides (and
 * at a rule's first matching glob), so a costly glob behind a decided rule never runs. Here such a
 * glob (an extglob, or more than two wildcards: `isCheapGlob`) is tried only on the files dorny
 * tries it on. A cheap glob cannot hang, so it is tested once on every file and its matches are
 * reused by every rule and filter that names it; the answers are the same, only the work differs.
 */
export function matchFilters(
  filters: readonly Filter[],
  files: readonly ChangedFile[],
  quantifier: PredicateQuantifier,
  watch: MatchWatch = { glob: '', path: '' },
): Map<string, ChangedFile[]> {
  const m = new Matching(files, watch);
  const result = new Map<string, ChangedFile[]>();
  for (const filter of filters) {
    const belonging = quantifier === 'every' ? m.every(filter.rules) : m.some(filter.rules);
    const matched = new Array<ChangedFile>(belonging.length); // sized once: a filter can match 200,000
    for (let k = 0; k < belonging.length; k++) matched[k] = files[belonging[k] as number] as ChangedFile;
    result.set(filter.name, matched);
  }
  return result;
}

/** A glob compiled once: its answer per file (0 not tested yet, 1 matches, 2 does not) and, once tested on all, its matches. */
interface CompiledGlob {
  glob: string;
  test: GlobTest;
  cheap: boolean;
  /** For `dir/**`, the directory (`globDirectory`): only paths equal to it or below it can match. */
  directory: string | undefined;
  answers: Uint8Array;
  matches: Int32Array | undefined;
}

/**
 * The state shared by all filters of one call. Each step is a small function of one loop: hot from
 * the first filters on, so the JIT compiles it early and cheaply, which is most of the cost of a
 * step that runs once.
 */
class Matching {
  private readonly globs = new Map<string, CompiledGlob>();
  /** Whether the paths ascend strictly (git lists them so): a directory's paths are then one run of them. */
  private ascending: boolean | undefined;
  // The rest serves status rules, costly globs and `every` only: sized by `prepareRuleByRule`.
  private statuses: (string | undefined)[] = [];
  /** `mark[i]` is the number of the filter (some) or rule (every) that last decided or hit file i. */
  private mark = new Int32Array(0);
  private stamp = 0;
  /** every: the undecided files at the front, and a rule's candidates. */
  private undecided = new Int32Array(0);
  private pending = new Int32Array(0);

  constructor(
    private readonly files: readonly ChangedFile[],
    private readonly watch: MatchWatch,
  ) {}

  /** The files some rule matches, ascending: each rule only on the files no earlier rule matched. */
  some(rules: readonly FilterRule[]): Int32Array {
    const filter = ++this.stamp;
    const lists: Int32Array[] = [];
    let marked = 0;
    for (const rule of rules) {
      const globs = rule.patterns.map((g) => this.compiled(g));
      if (rule.statuses === undefined && globs.every((g) => g.cheap)) {
        for (const entry of globs) lists.push(this.matchesOf(entry));
        continue;
      }
      // A rule dorny would not try on every file: mark what earlier rules matched, try the rest.
      this.prepareRuleByRule();
      for (; marked < lists.length; marked++) this.markAll(lists[marked] as Int32Array, filter);
      const found: number[] = [];
      for (let i = 0; i < this.files.length; i++) {
        if (this.mark[i] !== filter && this.ruleMatches(rule.statuses, globs, i)) {
          this.mark[i] = filter;
          found.push(i);
        }
      }
      lists.push(Int32Array.from(found));
      marked = lists.length;
    }
    return union(lists);
  }

  /** The files every rule matches, ascending: each rule only on the files no earlier rule missed. */
  every(rules: readonly FilterRule[]): Int32Array {
    this.prepareRuleByRule();
    let left = this.files.length;
    for (let i = 0; i < left; i++) this.undecided[i] = i;
    for (const rule of rules) {
      if (left === 0) break;
      const hit = ++this.stamp;
      let tries = this.allowedByStatus(left, rule.statuses);
      for (const glob of rule.patterns) {
        if (tries === 0) break;
        tries = this.tryGlob(tries, this.compiled(glob), hit);
      }
      left = this.keepHits(left, hit);
    }
    return this.undecided.slice(0, left);
  }

  /** Makes the per-file state of rule-by-rule matching (a plain filter of cheap globs needs none). */
  private prepareRuleByRule(): void {
    if (this.mark.length === this.files.length) return;
    this.statuses = this.files.map((f) => f.status);
    this.mark = new Int32Array(this.files.length);
    this.undecided = new Int32Array(this.files.length);
    this.pending = new Int32Array(this.files.length);
  }

  private compiled(glob: string): CompiledGlob {
    let entry = this.globs.get(glob);
    if (!entry) {
      const answers = new Uint8Array(this.files.length);
      const directory = globDirectory(glob);
      entry = {
        glob,
        test: compileGlob(glob),
        cheap: isCheapGlob(glob),
        directory,
        answers,
        matches: undefined,
      };
      this.globs.set(glob, entry);
    }
    return entry;
  }

  /**
   * A glob's matches among all files (ascending), testing the files not tested yet; for `dir/**`
   * over ascending paths, only the run of paths that sort from the directory up to the directory
   * and '0' (the character after '/'), which holds the directory and every path below it.
   */
  private matchesOf(entry: CompiledGlob): Int32Array {
    if (entry.matches) return entry.matches;
    const { answers, test, directory } = entry;
    const files = this.files;
    let from = 0;
    let to = files.length;
    if (directory !== undefined && this.pathsAscend()) {
      from = this.firstAtOrAfter(directory);
      to = this.firstAtOrAfter(`${directory}0`);
    }
    const found: number[] = [];
    this.watch.glob = entry.glob;
    for (let i = from; i < to; i++) {
      if (answers[i] === 0) {
        this.watch.path = (files[i] as ChangedFile).filename;
        answers[i] = test(this.watch.path) ? 1 : 2;
      }
      if (answers[i] === 1) found.push(i);
    }
    return (entry.matches = Int32Array.from(found));
  }

  private pathsAscend(): boolean {
    if (this.ascending === undefined) {
      const files = this.files;
      let i = 1;
      while (i < files.length && (files[i - 1] as ChangedFile).filename < (files[i] as ChangedFile).filename)
        i++;
      this.ascending = i >= files.length;
    }
    return this.ascending;
  }

  /** The index of the first path not below `text` among ascending paths (binary search). */
  private firstAtOrAfter(text: string): number {
    const files = this.files;
    let low = 0;
    let high = files.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((files[middle] as ChangedFile).filename < text) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private markAll(list: Int32Array, filter: number): void {
    for (let k = 0; k < list.length; k++) this.mark[list[k] as number] = filter;
  }

  /** dorny's rule test on file i: the status first, then the globs in order until one matches. */
  private ruleMatches(statuses: string[] | undefined, globs: CompiledGlob[], i: number): boolean {
    if (statuses !== undefined) {
      const status = this.statuses[i];
      if (status === undefined || !statuses.includes(status)) return false;
    }
    for (let g = 0; g < globs.length; g++) if (this.answer(globs[g] as CompiledGlob, i)) return true;
    return false;
  }

  /** Whether a glob matches file i, testing it the first time only. */
  private answer(entry: CompiledGlob, i: number): boolean {
    let answer = entry.answers[i] as number;
    if (answer === 0) {
      const path = (this.files[i] as ChangedFile).filename;
      this.watch.glob = entry.glob;
      this.watch.path = path;
      answer = entry.answers[i] = entry.test(path) ? 1 : 2;
    }
    return answer === 1;
  }

  /** Puts the undecided files a rule's statuses allow into `pending` (all of them for a plain pattern). */
  private allowedByStatus(left: number, statuses: string[] | undefined): number {
    if (statuses === undefined) {
      this.pending.set(this.undecided.subarray(0, left));
      return left;
    }
    let tries = 0;
    for (let k = 0; k < left; k++) {
      const i = this.undecided[k] as number;
      const status = this.statuses[i];
      if (status !== undefined && statuses.includes(status)) this.pending[tries++] = i;
    }
    return tries;
  }

  /** Tries one glob on the pending files, marking its hits; leaves the misses pending and returns how many. */
  private tryGlob(tries: number, entry: CompiledGlob, hit: number): number {
    let misses = 0;
    for (let k = 0; k < tries; k++) {
      const i = this.pending[k] as number;
      if (this.answer(entry, i)) this.mark[i] = hit;
      else this.pending[misses++] = i;
    }
    return misses;
  }

  /** Keeps the undecided files the rule hit at the front, in order (the others are out); returns how many. */
  private keepHits(left: number, hit: number): number {
    let kept = 0;
    for (let k = 0; k < left; k++) {
      const i = this.undecided[k] as number;
      if (this.mark[i] === hit) this.undecided[kept++] = i;
    }
    return kept;
  }
}

/** The sorted union of ascending index lists. */
function union(lists: Int32Array[]): Int32Array {
  if (lists.length === 0) return new Int32Array(0);
  if (lists.length === 1) return lists[0] as Int32Array;
  if (lists.length === 2) return merge(lists[0] as Int32Array, lists[1] as Int32Array);
  const all = new Int32Array(lists.reduce((n, list) => n + list.length, 0));
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  all.sort();
  let kept = 0;
  for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) all[kept++] = all[k] as number;
  return all.subarray(0, kept);
}

/** The sorted union of two ascending index lists, in one pass (a filter of two globs is the common case). */
function merge(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let x = 0;
  let y = 0;
  let kept = 0;
  while (x < a.length && y < b.length) {
    const ax = a[x] as number;
    const by = b[y] as number;
    out[kept++] = ax <= by ? ax : by;
    if (ax <= by) x++;
    if (by <= ax) y++;
  }
  out.set(a.subarray(x), kept);
  kept += a.length - x;
  out.set(b.subarray(y), kept);
  kept += b.length - y;
  return out.subarray(0, kept);
}
