/**
 * The pipeline's steps (src/pipeline/steps.ts) against the sandbox: the deploy core gets typed
 * settings (no input strings), and the live detail comes from the core's progress events (no log
 * line is parsed).
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, test } from '@jest/globals';
import type { PlannedPlatform } from '../../src/detect-changed-platforms/plan.js';
import { systemClock } from '../../src/lib/clock.js';
import { createSteps, healthNote, type StepsConfig } from '../../src/pipeline/steps.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { TEST_KEY } from '../support/dokploy.js';
import { recordingLogger } from '../support/logger.js';
import { NO_HOOKS } from '../../src/lib/platform.js';

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
  project: '',
  projectEnvironment: '',
  service: '',
  health: [],
  tests: {},
  testsWithDeploy: false,
  hooks: NO_HOOKS,
  url: '',
});

function config(s: Sandbox): StepsConfig {
  return {
    deploy: { dokployUrl: s.url, apiKey: TEST_KEY, timeoutMs: 60_000, pollIntervalMs: 500 },
    // A short running check: long enough to be seen in the notes, short for the suite.
    verify: { stableForMs: 1000, rollback: 'never' },
    ids: { web: 'app-web', stack: 'cmp-stack' },
    sha: 'abcdef1234567890abcdef1234567890abcdef12',
    runId: 'r1',
    manifestSource: 'platforms.yml',
    health: {
      timeoutMs: 5000,
      intervalMs: 100,
      requestTimeoutMs: 1000,
      consecutiveSuccesses: 1,
      insecureTls: false,
    },
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
    // The end is the outcome's to report; the detail shows the way there: the record, then the running check.
    const checking = notes.findIndex((n) => n.startsWith('done; running for'));
    expect(notes.slice(0, checking).at(-1)).toBe(`running (deployment ${record.deploymentId})`);
    expect(notes.at(-1)).toMatch(/^done; running for \d+ms of 1\.0s$/);
    expect(
      notes.every((n) =>
        /^(waiting for Dokploy|queued in Dokploy|running \(deployment|done; running for)/.test(n),
      ),
    ).toBe(true);
  });

  test('a compose stack whose build fails: a failed outcome with the deploy core own line', async () => {
    const { outcome, sandbox: s } = await run('compose', 'error');
    const record = s.engine.services.get('cmp-stack')!.deployments[0]!;
    expect(outcome.status).toBe('failed');
    expect(outcome.deploymentId).toBe(record.deploymentId);
    expect(outcome.detail).toMatch(/^Deployment of compose stack \(cmp-stack\) ended with status 'error'/);
  });
});

describe('pipeline steps: the manifest hooks', () => {
  test("a platform's hooks run around its deploy; a failing post-deploy fails it with the command's line", async () => {
    sandbox = await startSandbox({
      apiKey: TEST_KEY,
      scenario: {
        services: [
          { applicationId: 'app-web', name: 'web', history: ['done'], deploy: { buildDuration: '200ms' } },
        ],
      },
    });
    const notes: string[] = [];
    const steps = createSteps(config(sandbox), {
      clock: systemClock,
      fetch: globalThis.fetch,
      logFor: () => recordingLogger(),
    });
    const hooked = {
      ...platform('web', 'application'),
      hooks: { ...NO_HOOKS, before: 'echo migrated', after: 'echo "cache cold" >&2; exit 1' },
    };
    const outcome = await steps.deploy(hooked, new AbortController().signal, (d) => notes.push(d));
    expect(notes.slice(0, 2)).toEqual(['running the pre-deploy command', 'pre-deploy command done']);
    expect(notes).toContain('running the post-deploy command');
    expect(outcome.status).toBe('failed');
    expect(outcome.detail).toBe(
      'The post-deploy command failed in application web (app-web): cache cold; its log is printed above',
    );
  });
});

describe('pipeline steps: health', () => {
  test("a platform's targets: the wait-healthy core with the config's timing, the detail from its events", async () => {
    // Answers 503 twice, then 200: the note shows the failing answer, then the count.
    let requests = 0;
    const server = createServer((_req, res) => res.writeHead(++requests > 2 ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/health`;
    try {
      const notes: string[] = [];
      const steps = createSteps(config({ url: 'http://127.0.0.1:9' } as Sandbox), {
        clock: systemClock,
        fetch: globalThis.fetch,
        logFor: () => recordingLogger(),
      });
      const outcome = await steps.waitHealthy(
        { ...platform('web', 'application'), health: [url] },
        new AbortController().signal,
        (d) => notes.push(d),
      );
      expect(outcome.status).toBe('ok');
      expect(outcome.detail).toMatch(/^1 target healthy in \d/);
      expect(notes[0]).toBe(`0 of 1 target healthy; ${url}: HTTP 503 Service Unavailable (expected 2xx)`);
      expect(notes.at(-1)).toBe('1 of 1 target healthy');
      expect(requests).toBe(3);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('the note counts healthy targets across events', () => {
    const healthy = new Set<string>();
    expect(
      healthNote({ type: 'healthy', target: 'tcp://a:1', attempts: 1, detail: 'open' }, healthy, 2),
    ).toBe('1 of 2 targets healthy');
    expect(
      healthNote(
        {
          type: 'waiting',
          pending: [{ target: 'tcp://b:2', status: 'refused' }],
          total: 2,
          elapsedMs: 30_000,
          leftMs: 90_000,
        },
        healthy,
        2,
      ),
    ).toBe('1 of 2 targets healthy, 1m 30s left');
  });
});

describe('pipeline steps: the health check hands back to the deploy rollback', () => {
  /** An HTTP health target that answers 503 until `healthy()` says otherwise. */
  async function healthServer(healthy: () => boolean) {
    const server = createServer((_req, res) => res.writeHead(healthy() ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/health`;
    const close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    return { url, close };
  }

  async function deployThenFailHealth(rollback: boolean) {
    sandbox = await startSandbox({
      apiKey: TEST_KEY,
      scenario: {
        services: [
          {
            applicationId: 'app-web',
            name: 'web',
            rollback,
            history: [{ status: 'done', title: 'v1', description: 'the good one' }],
            deploy: { buildDuration: '800ms' },
          },
        ],
      },
    });
    // Unhealthy until Dokploy is asked to roll back: the new version is what fails its health check.
    const requests: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return globalThis.fetch(input, init);
    };
    const target = await healthServer(() => requests.includes('POST /api/rollback.rollback'));
    const notes: string[] = [];
    const cfg = config(sandbox);
    const steps = createSteps(
      {
        ...cfg,
        verify: { stableForMs: 500, rollback: 'on-unhealthy' },
        health: { ...cfg.health, timeoutMs: 1500, intervalMs: 100 },
      },
      { clock: systemClock, fetch, logFor: () => recordingLogger() },
    );
    const web = { ...platform('web', 'application'), health: [target.url] };
    const signal = new AbortController().signal;
    try {
      const deployed = await steps.deploy(web, signal, () => undefined);
      const health = await steps.waitHealthy(web, signal, () => undefined);
      const rolled = await steps.rollBack!(web, signal, (d) => notes.push(d));
      return { deployed, health, rolled, notes, requests, sandbox };
    } finally {
      await target.close();
    }
  }

  test('restores the record kept before the deploy, then waits until the targets are healthy again', async () => {
    const { deployed, health, rolled, notes, sandbox: s } = await deployThenFailHealth(true);
    const [newRecord, good] = s.engine.services.get('app-web')!.deployments;
    expect(deployed).toMatchObject({ status: 'ok', deploymentId: newRecord!.deploymentId });
    expect(health.status).toBe('failed');
    expect(rolled.status).toBe('ok');
    expect(rolled.detail).toMatch(
      new RegExp(`^rolled back to deployment ${good!.deploymentId} \\("v1"\\), healthy again in \\d`),
    );
    expect(notes[0]).toBe(`rolling back to deployment ${good!.deploymentId} ("v1")`);
    expect(notes).toContainEqual(expect.stringMatching(/^rolled back to deployment .*, running again in/));
  });

  test('nothing kept to restore: the hand-back says why in one line, and Dokploy is not asked to roll back', async () => {
    const { rolled, requests } = await deployThenFailHealth(false);
    expect(rolled).toEqual({
      status: 'failed',
      detail:
        'not rolled back: application web is built from its github source and keeps no rollback images (turn on Rollbacks with a registry in Dokploy)',
    });
    expect(requests).not.toContain('POST /api/rollback.rollback');
  });

  test('--rollback never: no hand-back step', () => {
    const steps = createSteps(config({ url: 'http://127.0.0.1:9' } as Sandbox), {
      clock: systemClock,
      fetch: globalThis.fetch,
      logFor: () => recordingLogger(),
    });
    expect(steps.rollBack).toBeUndefined();
  });
});
