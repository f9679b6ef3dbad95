/**
 * The house rules in eslint.config.js catch what they are there for: a core that imports the toolkit
 * or reads `process`, while the shells (main.ts, src/cli) may. Planted snippets, linted as if they
 * were the text of an existing file there (the type-aware rules need a file of the project).
 */
import { describe, expect, jest, test } from '@jest/globals';
import { ESLint } from 'eslint';
import { ROOT } from '../support/bundle.js';

jest.setTimeout(120_000);
const eslint = new ESLint({ cwd: ROOT });
const PLANTED =
  "import * as core from '@actions/core';\nexport const where = (): string => process.cwd() + core.getInput('x');\n";

async function rulesBroken(filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(PLANTED, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message).sort();
}

describe('lint: pure cores, thin shells', () => {
  test('a core in src/lib may neither import @actions/* nor read process', async () => {
    expect(await rulesBroken('src/lib/errors.ts')).toEqual([
      '@typescript-eslint/no-restricted-imports',
      'no-restricted-globals',
    ]);
  });

  test('an action shell and the CLI may', async () => {
    expect(await rulesBroken('src/wait-healthy/main.ts')).toEqual([]);
    expect(await rulesBroken('src/cli/plan.ts')).toEqual([]);
  });

  test('a type-only import of the toolkit is allowed in a core', async () => {
    const [result] = await eslint.lintText(
      "import type * as core from '@actions/core';\nexport type Core = typeof core;\n",
      {
        filePath: 'src/lib/logger.ts',
      },
    );
    expect(result?.messages.filter((m) => m.ruleId?.includes('restricted'))).toEqual([]);
  });

  test('a promise nobody awaits, and a switch that forgets a case, are errors in the sources', async () => {
    const text = [
      "type Kind = 'a' | 'b';",
      'export function f(kind: Kind): number {',
      '  Promise.resolve(1);',
      '  switch (kind) {',
      "    case 'a':",
      '      return 1;',
      '  }',
      '  return 0;',
      '}',
      '',
    ].join('\n');
    const [result] = await eslint.lintText(text, { filePath: 'src/lib/errors.ts' });
    expect((result?.messages ?? []).map((m) => m.ruleId).sort()).toEqual([
      '@typescript-eslint/no-floating-promises',
      '@typescript-eslint/switch-exhaustiveness-check',
    ]);
  });
});
