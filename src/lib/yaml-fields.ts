/**
 * Typed access to a parsed YAML document's nodes (the platforms manifest, the separation spec):
 * every failure is one InputError naming the field and the document, in one shape across the kit:
 * "Platforms manifest field 'platforms.web.cascade' in .github/platforms.yml is 'yes': use true or false".
 */
import { parseDurationOf } from './duration.js';
import { InputError } from './errors.js';

export class YamlFields {
  /**
   * @param document - what the document is, for people ("Platforms manifest")
   * @param source - where it came from (a path; 'inline' for YAML given in an input, left out of messages)
   */
  constructor(
    private readonly document: string,
    private readonly source: string,
  ) {}

  /** Fails about field `at` ('' is the top level); `predicate` goes after the field's name (" is not known"). */
  fail(at: string, value: string | undefined, hint: string, predicate = ''): never {
    throw new InputError(
      `${this.document} field '${at || '(top level)'}'${this.where()}${predicate}`,
      value,
      hint,
    );
  }

  /** Fails about the document as a whole (invalid YAML, a cycle between fields). */
  failDocument(hint: string): never {
    throw new InputError(`${this.document} '${this.source}'`, undefined, hint);
  }

  /** A mapping; with `keys`, any other key fails naming the accepted ones. */
  mapping(node: unknown, at: string, keys?: readonly string[]): Record<string, unknown> {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      this.fail(at, undefined, `must be a mapping${node === undefined ? ' (it is missing)' : ''}`);
    }
    const map = node as Record<string, unknown>;
    for (const key of Object.keys(map)) {
      if (keys && !keys.includes(key)) {
        this.fail(at ? `${at}.${key}` : key, undefined, `use one of ${keys.join(', ')}`, ' is not known');
      }
    }
    return map;
  }

  list(node: unknown, at: string): unknown[] {
    if (!Array.isArray(node))
      this.fail(at, undefined, `must be a list${node === undefined ? ' (it is missing)' : ''}`);
    return node;
  }

  string(node: unknown, at: string, options: { allowEmpty?: boolean; hint?: string } = {}): string {
    if (typeof node !== 'string' || (!options.allowEmpty && node.trim() === '')) {
      this.fail(
        at,
        node === undefined ? undefined : String(node),
        options.hint ?? 'must be a non-empty string',
      );
    }
    return node;
  }

  /** A list of non-empty strings. */
  strings(node: unknown, at: string): string[] {
    return this.list(node, at).map((item, i) => this.string(item, `${at}[${i}]`));
  }

  /** One string or a list of them, trimmed; absent is an empty list. */
  stringOrList(node: unknown, at: string): string[] {
    if (node === undefined || node === null) return [];
    const list = typeof node === 'string' ? [node] : node;
    if (!Array.isArray(list)) this.fail(at, undefined, 'must be a string or a list of non-empty strings');
    return list.map((item, i) => this.string(item, Array.isArray(node) ? `${at}[${i}]` : at).trim());
  }

  oneOf<T extends string>(node: unknown, at: string, accepted: readonly T[]): T {
    if (typeof node !== 'string' || !(accepted as readonly string[]).includes(node)) {
      this.fail(at, String(node), `use one of ${accepted.join(', ')}`);
    }
    return node as T;
  }

  /** true or false; absent is `fallback`. */
  boolean(node: unknown, at: string, fallback: boolean): boolean {
    if (node === undefined || node === null) return fallback;
    if (typeof node !== 'boolean') this.fail(at, String(node), 'use true or false');
    return node;
  }

  /** A whole number ≥ `min` (a YAML number or its text). */
  integer(node: unknown, at: string, min: number): number {
    const n = Number(node);
    if (!Number.isSafeInteger(n) || n < min) this.fail(at, String(node), `use a whole number ≥ ${min}`);
    return n;
  }

  /** A duration (`500ms`, `2s`, `1m`; a plain number means seconds), in ms; absent is `undefined`. */
  duration(node: unknown, at: string): number | undefined {
    if (node === undefined || node === null) return undefined;
    try {
      return parseDurationOf(at, String(node));
    } catch {
      return this.fail(
        at,
        String(node),
        'use a duration such as 500ms, 2s or 1m (a plain number means seconds)',
      );
    }
  }

  /** Each name must be one of `names` (`kind` says what they are: "platform of this spec"). */
  names(node: unknown, at: string, names: readonly string[], kind: string): string[] {
    return this.strings(node, at).map((name, i) => this.nameIn(name, `${at}[${i}]`, names, kind));
  }

  /** The name, when it is one of `names`. */
  nameIn(name: string, at: string, names: readonly string[], kind: string): string {
    if (!names.includes(name)) this.fail(at, name, `not a ${kind}; use one of ${names.join(', ')}`);
    return name;
  }

  private where(): string {
    return this.source === 'inline' ? '' : ` in ${this.source}`;
  }
}

/** The first line of an error's message, without a trailing colon (for "invalid YAML: …"). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).replace(/:$/, '');
}
