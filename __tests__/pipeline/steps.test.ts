/**
 * The pipeline's steps (src/pipeline/steps.ts) against the sandbox: the deploy core gets typed
 * settings (no input strings), and the live detail comes from the core's progress events (no log
 * line is parsed).
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import type { PlannedPlatform } from '../../src/detect-changed-platforms/plan.js';
import { systemClock } from '../../src/lib/clock.js';
import { createSteps, type StepsConfig } from '../../src/pipeline/steps.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { TEST_KEY } from '../support/dokploy.js';
import { recordingLogger } from '../support/logger.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const platform = (name: string, kind: 'application' | 'compose'): PlannedPlatform => ({
  name,
  stage: 0,
  needs: [],
  reason: { type: 'files', files: [] },
  reasonText: 'changed',
  kind,
  id: '',
  secret: '',
  health: [],
  tests: {},
});

function config(s: Sandbox): StepsConfig {
  return {
    deploy: { dokployUrl: s.url, apiKey: TEST_KEY, timeoutMs: 60_000, pollIntervalMs: 500 },
    ids: { web: 'app-web', stack: 'cmp-stack' },
    sha: 'abcdef1234567890abcdef1234567890abcdef12',
    runId: 'r1',
    manifestSource: 'platforms.yml',
    healthTimeoutMs: 1000,
    healthIntervalMs: 100,
    separation: undefined,
  };
}

async function run(kind: 'application' | 'compose', outcome: 'done' | 'error') {
  sandbox = await startSandbox({
    apiKey: TEST_KEY,
    scenario: {
      services: [
        { applicationId: 'app-web', name: 'web', deploy: { buildDuration: '1200ms', outcome } },
        { composeId: 'cmp-stack', name: 'stack', deploy: { buildDuration: '1200ms', outcome } },
      ],
    },
  });
  const notes: string[] = [];
  const log = recordingLogger();
  const steps = createSteps(config(sandbox), {
    clock: systemClock,
    fetch: globalThis.fetch,
    probeFetch: globalThis.fetch,
    logFor: () => log,
  });
  const name = kind === 'application' ? 'web' : 'stack';
  const outcome_ = await steps.deploy(platform(name, kind), new AbortController().signal, (d) =>
    notes.push(d),
  );
  return { outcome: outcome_, notes, log, sandbox };
}

describe('pipeline steps: deploy', () => {
  test('an application: deployed with the run title, done, the detail from the core events', async () => {
    const { outcome, notes, sandbox: s } = await run('application', 'done');
    const record = s.engine.services.get('app-web')!.deployments[0]!;
    expect(outcome).toEqual({
      status: 'ok',
      detail: `deployment ${record.deploymentId} done`,
      deploymentId: record.deploymentId,
    });
    expect(s.events[0]).toMatchObject({
      type: 'deploy-requested',
      title: 'dokploy-deploy pipeline r1 abcdef1',
    });
    // The end is the outcome's to report; the detail shows the way there.
    expect(notes.at(-1)).toBe(`running (deployment ${record.deploymentId})`);
    expect(notes.every((n) => /^(waiting for Dokploy|queued in Dokploy|running \(deployment)/.test(n))).toBe(
      true,
    );
  });

  test('a compose stack whose build fails: a failed outcome with the deploy core own line', async () => {
    const { outcome, sandbox: s } = await run('compose', 'error');
    const record = s.engine.services.get('cmp-stack')!.deployments[0]!;
    expect(outcome.status).toBe('failed');
    expect(outcome.deploymentId).toBe(record.deploymentId);
    expect(outcome.detail).toMatch(/^Deployment of compose stack \(cmp-stack\) ended with status 'error'/);
  });
});
