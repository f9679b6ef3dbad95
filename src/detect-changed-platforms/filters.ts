import { parseYaml } from '../lib/yaml.js';
import { InputError } from '../lib/errors.js';

/** How a filter's rules combine per file (dorny's `predicate-quantifier`). */
export const PREDICATE_QUANTIFIERS = ['some', 'every'] as const;
/** `some`: a file belongs if any rule matches; `every`: only if all rules match. */
export type PredicateQuantifier = (typeof PREDICATE_QUANTIFIERS)[number];

/** One rule: its pattern(s) (any may match) and, optionally, the change statuses it is restricted to. */
export interface FilterRule {
  /**
   * Lower-cased statuses of a `status|status: …` rule; `undefined` for a plain pattern (any status).
   * An empty list (a key such as `''` or `'|'`) matches no file, as in dorny.
   */
  statuses: string[] | undefined;
  /** Globs, OR-ed in order (a string rule has one; a status rule's nested lists are flattened). */
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
    // dorny's js-yaml 4.1 has no depth limit (4.3 stops at 100): nesting is limited by the stack only.
    doc = parseYaml(text, { maxDepth: Number.POSITIVE_INFINITY });
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

function parseRules(name: string, value: unknown): FilterRule[] {
  if (typeof value === 'string') return [{ statuses: undefined, patterns: [checkedGlob(name, value)] }];
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
      if (typeof patterns !== 'string' && !Array.isArray(patterns)) {
        throw filterError(
          `filter '${name}': expected '${key}: pattern' or '${key}: [patterns]', found ${typeOf(patterns)}`,
        );
      }
      return { statuses, patterns: statusGlobs(name, key, patterns) };
    });
  }
  throw filterError(
    `filter '${name}' has an element of type '${typeof value}'; use a string, a list or a mapping`,
  );
}

/**
 * A status rule's globs: dorny hands the value to picomatch, which takes a glob or a list of globs
 * and lists (so aliases to lists and `[[]]` work), flattened here in order.
 */
function statusGlobs(name: string, key: string, value: unknown): string[] {
  if (typeof value === 'string') return [checkedGlob(name, value)];
  if (Array.isArray(value)) return value.flatMap((item) => statusGlobs(name, key, item));
  throw filterError(`filter '${name}': '${key}' lists ${typeOf(value)}; list only patterns (strings)`);
}

/** picomatch's own limits, checked when parsing as dorny compiles every glob before any git runs. */
function checkedGlob(name: string, glob: string): string {
  if (glob === '') throw filterError(`filter '${name}' has an empty pattern ''; remove it or give a glob`);
  if (glob.length > MAX_GLOB_LENGTH) {
    throw filterError(
      `filter '${name}' has a pattern of ${glob.length} characters; picomatch accepts at most ${MAX_GLOB_LENGTH}`,
    );
  }
  return glob;
}

/** picomatch's maximum glob length (its MAX_LENGTH, the same in 2.3.1 and 4). */
const MAX_GLOB_LENGTH = 65_536;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function filterError(hint: string): InputError {
  return new InputError("Input 'filters'", undefined, `invalid filter YAML format: ${hint}`);
}
