import type { DeploySettings } from '../../src/dokploy-deploy/settings.js';

/** The key every Dokploy test uses; tests assert it appears in no output. */
export const TEST_KEY = 'dk_test_Q8m4ZrT1vW6s';

/** A complete, valid DeploySettings from a partial one (the sandbox URL is required). */
export function makeSettings(overrides: Partial<DeploySettings> & { dokployUrl: string }): DeploySettings {
  return {
    apiKey: TEST_KEY,
    target: { kind: 'application', id: 'app-web' },
    action: 'deploy',
    wait: true,
    timeoutMs: 60_000,
    pollIntervalMs: 50,
    title: 'CI #7.1 abcdef1',
    description: 'GitHub Actions run 99.1 acme/mono@abcdef1234567890abcdef1234567890abcdef12',
    sha: 'abcdef1234567890abcdef1234567890abcdef12',
    env: [],
    envMode: 'merge',
    dockerImage: undefined,
    logLines: 100,
    // Off unless a test turns it on: most flows are about the record, not the running check.
    stableForMs: 0,
    rollback: 'never',
    rollbackTo: undefined,
    preDeploy: undefined,
    postDeploy: undefined,
    hookService: undefined,
    hookTimeoutMs: 60_000,
    githubDeployment: undefined,
    ...overrides,
  };
}
