/** The suite's start check: dist/ must be built from the sources the working tree has. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
// @ts-expect-error -- plain ESM helpers without type declarations
import { checkDistIsCurrent } from '../support/dist-is-current.mjs';
// @ts-expect-error -- plain ESM helpers without type declarations
import { SOURCES_FILE, sourcesHash } from '../../scripts/sources-hash.mjs';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'dist-check-'));
  for (const dir of ['src/lib', 'scripts', 'dist']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'src/lib/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  writeFileSync(join(root, 'scripts/bundle.mjs'), '// bundler\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, SOURCES_FILE), `${(sourcesHash as (root: string) => string)(root)}\n`);
  return root;
}

describe('dist is current', () => {
  test('passes for the sources dist/ was built from, and fails with the command once a source changes', () => {
    const root = tree();
    expect(() => checkDistIsCurrent(root)).not.toThrow();
    writeFileSync(join(root, 'src/lib/a.ts'), 'export const a = 2;\n');
    expect(() => checkDistIsCurrent(root)).toThrow(
      "dist/ was built from other sources than src/ has now (dist/sources.sha256): run 'npm run bundle' first, the tests run the bundles",
    );
  });

  test('a new source file counts too, and so does a dist/ with no fingerprint', () => {
    const root = tree();
    writeFileSync(join(root, 'src/lib/b.ts'), 'export const b = 1;\n');
    expect(() => checkDistIsCurrent(root)).toThrow(/run 'npm run bundle' first/);
    const bare = tree();
    writeFileSync(join(bare, SOURCES_FILE), '');
    expect(() => checkDistIsCurrent(bare)).toThrow(/run 'npm run bundle' first/);
  });

  test('the committed dist/ is current', () => {
    expect(() => checkDistIsCurrent(join(import.meta.dirname, '..', '..'))).not.toThrow();
  });
});
