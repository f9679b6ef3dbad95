/** The separation spec's fields: the kit's YAML field checks plus the spec's own kinds of value. */
import { YamlFields } from '../lib/yaml-fields.js';

export { firstLine } from '../lib/yaml-fields.js';

/** Typed accessors that throw one-line InputErrors naming the spec field. */
export class Fields extends YamlFields {
  constructor(source: string) {
    super('Separation spec', source);
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
    return this.names(node, at, names, 'platform of this spec');
  }
}
