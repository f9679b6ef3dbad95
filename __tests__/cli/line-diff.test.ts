/** unifiedDiff: the hunks GNU diff -u prints, for the edits init proposes. */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unifiedDiff } from '../../src/cli/line-diff.js';

const dir = mkdtempSync(join(tmpdir(), 'line-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GNU diff's hunks for the same texts, under the same file header. */
function gnuDiff(before: string, after: string): string {
  writeFileSync(join(dir, 'a'), before);
  writeFileSync(join(dir, 'b'), after);
  const run = spawnSync('diff', ['-U3', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
  if (run.stdout === '') return '';
  const hunks = run.stdout.split('\n').slice(2).join('\n');
  return `--- a/x.yml\n+++ b/x.yml\n${hunks}`;
}

const lines = (n: number): string[] => Array.from({ length: n }, (_, i) => `line ${i + 1}`);
const text = (l: string[]): string => `${l.join('\n')}\n`;

describe('unifiedDiff', () => {
  const base = lines(30);
  const cases: Record<string, string[]> = {
    'one line changed': base.map((l, i) => (i === 10 ? 'changed' : l)),
    'lines added at the end': [...base, 'new 1', 'new 2'],
    'lines removed at the start': base.slice(4),
    'two changes 6 lines apart (one hunk)': base.map((l, i) => (i === 5 || i === 12 ? `${l}!` : l)),
    'two changes 7 lines apart (two hunks)': base.map((l, i) => (i === 5 || i === 13 ? `${l}!` : l)),
    'a block replaced by a longer one': [...base.slice(0, 8), 'x', 'y', 'z', 'w', ...base.slice(10)],
    'everything new': ['other'],
  };
  for (const [name, after] of Object.entries(cases)) {
    it(`prints what GNU diff prints: ${name}`, () => {
      expect(unifiedDiff('x.yml', text(base), text(after))).toBe(gnuDiff(text(base), text(after)));
    });
  }

  it('is empty for the same text, and numbers a new file from 0', () => {
    expect(unifiedDiff('x.yml', 'a\nb\n', 'a\nb\n')).toBe('');
    expect(unifiedDiff('x.yml', '', 'a\n')).toBe('--- a/x.yml\n+++ b/x.yml\n@@ -0,0 +1 @@\n+a\n');
  });
});
