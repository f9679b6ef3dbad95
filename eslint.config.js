import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Where the house allows @actions/* and `process`: the action shells and the CLI (DESIGN.md, "Pure core, thin shell"). */
const SHELLS = ['src/*/main.ts', 'src/cli/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'scripts/dokploy/overlay/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules on the sources: a promise nobody awaits, a switch that forgets a case.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  {
    // Cores are pure: plain values in and out, no toolkit and no process.
    files: ['src/**/*.ts'],
    ignores: SHELLS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              allowTypeImports: true,
              message:
                'Only src/<action>/main.ts and src/cli use @actions/*: pass what a core needs as a value.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'process',
          message:
            'Only src/<action>/main.ts and src/cli read process: pass env, cwd or signals in as values.',
        },
      ],
    },
  },
);
