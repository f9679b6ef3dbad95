/**
 * Issue 12 §2 against the real Dokploy v0.30.2: the pipeline's health check hands back to the
 * deploy's rollback (src/pipeline/steps.ts). The production copy of management keeps Dokploy
 * Rollbacks; v1 is deployed and kept, v2 is set and deployed by the pipeline's deploy step, its
 * health target fails, and the hand-back restores the deployment the deploy recorded before it.
 * The health target is a local server that answers 503 until Dokploy is asked to roll back, so what
 * is under test is the restore on the real server, not an image's health.
 */
import { createServer } from 'node:http';
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import type { PlannedPlatform } from '../../src/detect-changed-platforms/plan.js';
import { systemClock } from '../../src/lib/clock.js';
import { createSteps } from '../../src/pipeline/steps.js';
import { recordingLogger } from '../support/logger.js';
import { eventually, realDokployForThisFile, recordsOf, runDeploy } from '../support/real-dokploy.js';
import { NO_HOOKS } from '../../src/lib/platform.js';

// Long enough to wait for the shared server (holdRealDokploy) and then deploy twice.
jest.setTimeout(900_000);
const real = realDokployForThisFile();

const app = () => real().fixtures.management!.production;
const version = () => `http://127.0.0.1:${app().port}/version`;
const image = (tag: string) => `127.0.0.1:5000/kit/web:${tag}`;

afterAll(async () => {
  await real().disableRollbacks(app().id);
});

describe('the pipeline hand-back against the real Dokploy', () => {
  test('a platform whose health check fails after its deploy is restored to the deployment kept before it, and checked again', async () => {
    await real().enableRollbacks(app().id);
    const v1 = await runDeploy(real(), { 'application-id': app().id, 'docker-image': image('v1') });
    expect([v1.code, v1.outputs.status]).toEqual([0, 'done']);
    const [kept] = await recordsOf(real(), 'application', app().id);
    expect(kept).toMatchObject({ deploymentId: v1.outputs['deployment-id'], status: 'done' });
    // v2 is the version the pipeline deploys (set, not deployed yet).
    await real().api('application.saveDockerProvider', {
      applicationId: app().id,
      dockerImage: image('v2'),
      username: null,
      password: null,
      registryUrl: null,
    });

    const requests: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return globalThis.fetch(input, init);
    };
    const healthy = () => requests.includes('POST /api/rollback.rollback');
    const server = createServer((_req, res) => res.writeHead(healthy() ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(server.address() as { port: number }).port}/health`;
    const notes: string[] = [];
    try {
      const steps = createSteps(
        {
          deploy: {
            dokployUrl: real().url,
            apiKey: real().apiKey,
            timeoutMs: 5 * 60_000,
            pollIntervalMs: 1000,
          },
          verify: { stableForMs: 3000, rollback: 'on-unhealthy' },
          ids: { management: app().id },
          sha: '',
          runId: `handback-${Date.now().toString(36)}`,
          manifestSource: 'platforms.yml',
          health: {
            timeoutMs: 4000,
            intervalMs: 500,
            requestTimeoutMs: 1000,
            consecutiveSuccesses: 1,
            insecureTls: false,
          },
          separation: undefined,
        },
        { clock: systemClock, fetch, logFor: () => recordingLogger() },
      );
      const platform: PlannedPlatform = {
        name: 'management',
        stage: 2,
        needs: [],
        reason: { type: 'files', files: [] },
        reasonText: 'changed',
        kind: 'application',
        id: app().id,
        secret: '',
        project: '',
        projectEnvironment: '',
        service: '',
        health: [target],
        tests: {},
        testsWithDeploy: false,
        hooks: NO_HOOKS,
        url: '',
      };
      const signal = new AbortController().signal;
      const deployed = await steps.deploy(platform, signal, () => undefined);
      expect(deployed.status).toBe('ok');
      expect(await eventually(version(), (text) => text.includes('v2'))).toBe('management v2\n');
      const health = await steps.waitHealthy(platform, signal, () => undefined);
      expect(health.status).toBe('failed');
      const rolled = await steps.rollBack!(platform, signal, (d) => notes.push(d));
      expect(rolled.status).toBe('ok');
      expect(rolled.detail).toMatch(
        new RegExp(`^rolled back to deployment ${kept!.deploymentId} \\("[^"]*"\\), healthy again in \\d`),
      );
      expect(notes[0]).toMatch(new RegExp(`^rolling back to deployment ${kept!.deploymentId} `));
      expect(requests.filter((r) => r === 'POST /api/rollback.rollback')).toHaveLength(1);
      // Swarm runs the image Dokploy kept for v1 again.
      expect(await eventually(version(), (text) => text.includes('v1'), 90)).toBe('management v1\n');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
