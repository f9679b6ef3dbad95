/** Typed access to the separation spec's YAML nodes; every failure is one InputError naming the field. */
import { InputError } from '../lib/errors.js';

/** Typed accessors that throw one-line InputErrors naming the spec field. */
export class Fields {
  constructor(private readonly source: string) {}

  fail(at: string, value: string | undefined, hint: string, predicate = ''): never {
    const where = this.source === 'inline' ? '' : ` in ${this.source}`;
    throw new InputError(`Separation spec field '${at || '(top level)'}'${where}${predicate}`, value, hint);
  }

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

  string(node: unknown, at: string, allowEmpty = false): string {
    if (typeof node !== 'string' || (!allowEmpty && node.trim() === '')) {
      this.fail(at, node === undefined ? undefined : String(node), 'must be a non-empty string');
    }
    return node;
  }

  strings(node: unknown, at: string): string[] {
    return this.list(node, at).map((item, i) => this.string(item, `${at}[${i}]`));
  }

  oneOf<T extends string>(node: unknown, at: string, accepted: readonly T[]): T {
    if (typeof node !== 'string' || !(accepted as readonly string[]).includes(node)) {
      this.fail(at, String(node), `use one of ${accepted.join(', ')}`);
    }
    return node as T;
  }

  httpUrl(node: unknown, at: string): string {
    const text = this.string(node, at);
    let parsed: URL | undefined;
    try {
      parsed = new URL(text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      this.fail(at, text, 'use an absolute http:// or https:// URL');
    }
    return text;
  }

  statuses(node: unknown, at: string): number[] {
    const items = Array.isArray(node) ? node : [node];
    return items.map((item) => {
      if (typeof item !== 'number' || !Number.isInteger(item) || item < 100 || item > 599) {
        this.fail(at, String(item), 'use an HTTP status (100-599) or a list of them');
      }
      return item;
    });
  }

  platformNames(node: unknown, at: string, names: string[]): string[] {
    return this.strings(node, at).map((name, i) => {
      if (!names.includes(name))
        this.fail(`${at}[${i}]`, name, `not a platform of this spec; use one of ${names.join(', ')}`);
      return name;
    });
  }
}

/** The first line of an error's message, without a trailing colon. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).replace(/:$/, '');
}
