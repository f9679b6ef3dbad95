import picomatch from 'picomatch';
import { parse } from 'yaml';
import { InputError } from '../lib/errors.js';
import type { ChangedFile } from './file.js';

/** How a filter's rules combine per file (dorny's `predicate-quantifier`). */
export const PREDICATE_QUANTIFIERS = ['some', 'every'] as const;
/** `some`: a file belongs if any rule matches; `every`: only if all rules match. */
export type PredicateQuantifier = (typeof PREDICATE_QUANTIFIERS)[number];

/** One rule: a matcher and, optionally, the change statuses it is restricted to. */
export interface FilterRule {
  /** Lower-cased statuses (empty: any status). */
  statuses: string[];
  /** True when the path matches the rule's pattern(s). */
  isMatch: (path: string) => boolean;
}

/** A named filter: its rules, in YAML order. */
export interface Filter {
  name: string;
  rules: FilterRule[];
}

/**
 * Parses dorny/paths-filter's filter YAML (reference/paths-filter-spec.md §3): a mapping (or sequence)
 * of filters, each a pattern, a list (flattened, aliases allowed), or a `status|status: pattern(s)` map.
 * Filters keep JS property order, exactly like dorny's outputs.
 *
 * @throws InputError ("Input 'filters': invalid filter YAML format: …") for anything dorny rejects,
 *   and also for an empty (comment-only) document or a null filter, where dorny crashes with a TypeError
 */
export function parseFilters(text: string): Filter[] {
  if (text.trim() === '') return [];
  let doc: unknown;
  try {
    doc = parse(text, { merge: true, maxAliasCount: -1 });
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
 * One pass over the files; each rule's matcher is compiled once.
 */
export function matchFilters(
  filters: readonly Filter[],
  files: readonly ChangedFile[],
  quantifier: PredicateQuantifier,
): Map<string, ChangedFile[]> {
  const result = new Map<string, ChangedFile[]>();
  for (const filter of filters) {
    const test = (file: ChangedFile): boolean => ruleMatches(file, filter.rules[0] as FilterRule);
    const matched: ChangedFile[] = [];
    if (filter.rules.length === 1) {
      for (const file of files) if (test(file)) matched.push(file);
    } else if (quantifier === 'every') {
      for (const file of files) if (filter.rules.every((rule) => ruleMatches(file, rule))) matched.push(file);
    } else {
      for (const file of files) if (filter.rules.some((rule) => ruleMatches(file, rule))) matched.push(file);
    }
    result.set(filter.name, matched);
  }
  return result;
}

function ruleMatches(file: ChangedFile, rule: FilterRule): boolean {
  if (rule.statuses.length > 0 && (file.status === undefined || !rule.statuses.includes(file.status)))
    return false;
  return rule.isMatch(file.filename);
}

function parseRules(name: string, value: unknown): FilterRule[] {
  if (typeof value === 'string') return [{ statuses: [], isMatch: compile(value) }];
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
      if (typeof patterns === 'string') return { statuses, isMatch: compile(patterns) };
      if (Array.isArray(patterns) && patterns.every((p) => typeof p === 'string')) {
        return { statuses, isMatch: compile(patterns as string[]) };
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

function compile(patterns: string | string[]): (path: string) => boolean {
  return picomatch(patterns, { dot: true });
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list with a non-string item' : `a ${typeof value}`;
}

function filterError(hint: string): InputError {
  return new InputError("Input 'filters'", undefined, `invalid filter YAML format: ${hint}`);
}
