import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './support/bundle.js';

interface ActionYml {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string; default?: unknown; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
  runs?: { using?: string; main?: string };
}

const files = [
  join(ROOT, 'action.yml'),
  ...readdirSync(join(ROOT, 'actions')).map((name) => join(ROOT, 'actions', name, 'action.yml')),
].filter(existsSync);

describe.each(files.map((file) => [file.slice(ROOT.length + 1), file]))('%s', (_label, file) => {
  const action = parse(readFileSync(file, 'utf8')) as ActionYml;

  it('has a name, a description, the author and branding', () => {
    expect(action.name).toEqual(expect.any(String));
    expect(action.description).toEqual(expect.any(String));
    expect(action.author).toBe('bizosaas');
    expect(action.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
  });

  it('documents every input with a default and every output', () => {
    for (const [name, input] of Object.entries(action.inputs ?? {})) {
      expect([name, typeof input.description, typeof input.default]).toEqual([name, 'string', 'string']);
    }
    for (const [name, output] of Object.entries(action.outputs ?? {})) {
      expect([name, typeof output.description]).toEqual([name, 'string']);
    }
  });

  it('runs its committed bundle on node24', () => {
    expect(action.runs?.using).toBe('node24');
    const bundle = resolve(dirname(file), action.runs?.main ?? '');
    expect(bundle.startsWith(join(ROOT, 'dist'))).toBe(true);
    expect(existsSync(bundle)).toBe(true);
  });
});
