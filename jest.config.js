/** Jest in native-ESM mode with ts-jest (see reference/github-actions-ecosystem.md §2). */
export default {
  preset: 'ts-jest/presets/default-esm',
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/__tests__'],
  // Fails fast when dist/ is not what src/ builds (the suite runs the bundles).
  globalSetup: '<rootDir>/__tests__/support/dist-is-current.mjs',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } },
    ],
  },
  testTimeout: 60000,
  verbose: false,
};
