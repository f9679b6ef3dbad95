/**
 * The Node floor the README and package.json state is the real one: the lowest Node 20 that every
 * locked package accepts, and the packages `npm ci` warns about on Node 20 (EBADENGINE) are exactly
 * the ones the README names.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/bundle.js';

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
type Version = [number, number, number];

describe('the minimum Node version', () => {
  const lock = JSON.parse(read('package-lock.json')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
  };
  const ranges = Object.entries(lock.packages).flatMap(([path, p]) => {
    const node = Array.isArray(p.engines) ? undefined : p.engines?.node;
    return path && node ? [{ name: `${path.replace(/.*node_modules\//, '')}@${p.version}`, node }] : [];
  });
  const node20 = Array.from({ length: 40 }, (_, minor) => [20, minor, 0] as Version);
  const floor = (range: string): Version | undefined => node20.find((v) => satisfies(v, range));

  it('is the highest floor any locked package sets on Node 20, as package.json and the README say', () => {
    const floors = ranges.map((r) => floor(r.node)).filter((v): v is Version => v !== undefined);
    const highest = floors.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe(`>=${highest[0]}.${highest[1]}`);
    expect(read('README.md')).toContain(`(Node ${highest[0]}.${highest[1]} or later)`);
  });

  it("warns on Node 20 only for the packages the README names, and the README's words say so", () => {
    const warned = ranges.filter((r) => floor(r.node) === undefined).map((r) => `${r.name} (${r.node})`);
    expect(warned).toEqual(['content-type@3.1.1 (>=22)']);
    expect(read('README.md')).toContain('`npm ci` prints one `npm warn EBADENGINE` for `content-type@3.1.1`');
    // Harmless because nothing loads it: no source, script or bundle imports @actions/github.
    const importers = ['src', 'scripts', 'bench', 'dist']
      .flatMap((dir) =>
        readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)),
      )
      .filter((f) => /\.(ts|mjs|js)$/.test(f) && /['"]@actions\/github['"/]/.test(read(f)));
    expect(importers).toEqual([]);
  });

  it('reads the range forms the lock uses', () => {
    expect(satisfies([20, 19, 0], '^20.19.0 || ^22.13.0 || >=24')).toBe(true);
    expect(satisfies([20, 18, 0], '^20.19.0 || ^22.13.0 || >=24')).toBe(false);
    expect(satisfies([20, 0, 0], '>= 20')).toBe(true);
    expect(satisfies([20, 0, 0], '>=22')).toBe(false);
    expect(satisfies([20, 0, 0], '18 || 20 || >=22')).toBe(true);
    expect(satisfies([20, 0, 0], '6.* || 8.* || >= 10.*')).toBe(true);
    expect(satisfies([14, 16, 0], '>=16 || 14 >=14.17')).toBe(false);
  });
});

/** Whether `v` satisfies an npm engines range of the forms in the lock (`||`, spaces, >=, >, <=, <, ^, partial versions). */
function satisfies(v: Version, range: string): boolean {
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/([<>=^~]+)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => {
        const [, op = '', text = ''] = /^([<>=^~]*)(.*)$/.exec(comparator) ?? [];
        const parts = text.split('.').filter((p) => /^\d+$/.test(p));
        const at = [0, 1, 2].map((i) => Number(parts[i] ?? 0)) as Version;
        const c = compare(v, at);
        if (op === '>=') return c >= 0;
        if (op === '>') return c > 0;
        if (op === '<=') return c <= 0;
        if (op === '<') return c < 0;
        if (op === '^') return c >= 0 && v[0] === at[0];
        // A bare or partial version: equal in the parts it names.
        return parts.every((p, i) => v[i] === Number(p));
      }),
  );
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
