/**
 * How the deploy action fails against the real Dokploy: a wrong key, an unknown id, a Dokploy that
 * does not answer, and a Dokploy restarted in the middle of a build (production mode cancels the
 * running deployment on start). One clear line each, the right `status`, the key in no output.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { createServer } from 'node:net';
import { BUILDER_DOCKERFILE } from '../../scripts/dokploy/fixtures.js';
import type { BundleRun } from '../support/bundle.js';
import {
  realDokployForThisFile,
  expectNoKey,
  recordsOf,
  restartDokploy,
  runDeploy,
  untilIdle,
  useBuilderBranch,
} from '../support/real-dokploy.js';

jest.setTimeout(420_000);
const real = realDokployForThisFile();

/** The `::error::` lines of a run: the one line a user reads. */
const errorLines = (run: BundleRun) => run.stdout.split('\n').filter((line) => line.startsWith('::error::'));

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('dokploy-deploy against the real Dokploy: failures', () => {
  test('a wrong key: 401 in one line, status error', async () => {
    const run = await runDeploy(real(), {
      'application-id': real().fixtures.bizoholic!.production.id,
      'api-key': 'dk_wrong_key_for_the_test',
    });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(errorLines(run)).toEqual([
      "::error::Dokploy GET /api/settings.getDokployVersion answered 401 Unauthorized: check that 'api-key' holds a valid Dokploy API key (Profile → API/CLI Keys) with access to this Dokploy server",
    ]);
    expect(run.visible).not.toContain('dk_wrong_key_for_the_test');
  });

  test('an unknown application id and an unknown compose id: Dokploy says which', async () => {
    const application = await runDeploy(real(), { 'application-id': 'no-such-app' });
    const compose = await runDeploy(real(), { 'compose-id': 'no-such-stack' });
    expect([application.code, compose.code]).toEqual([1, 1]);
    expect([application.outputs.status, compose.outputs.status]).toEqual(['error', 'error']);
    expect(errorLines(application)).toEqual([
      '::error::Dokploy GET /api/application.one answered 404 Not Found ("Application not found"): check the id: Dokploy has no application no-such-app',
    ]);
    expect(errorLines(compose)).toEqual([
      '::error::Dokploy GET /api/compose.one answered 404 Not Found ("Compose not found"): check the id: Dokploy has no compose no-such-stack',
    ]);
    expectNoKey(real(), application);
    expectNoKey(real(), compose);
  });

  test('a Dokploy that is not running: connection refused, named with the host', async () => {
    const port = await closedPort();
    const run = await runDeploy(real(), {
      'application-id': real().fixtures.bizoholic!.production.id,
      'dokploy-url': `http://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(errorLines(run)).toEqual([
      `::error::Dokploy GET /api/settings.getDokployVersion failed (connection refused, 4 attempts): check that 'dokploy-url' (127.0.0.1:${port}) is reachable from the runner`,
    ]);
    expectNoKey(real(), run);
  });

  test('Dokploy restarted mid-build: the action follows through the outage and ends cancelled', async () => {
    const builder = real().fixtures.builder!.production;
    real().git.push(
      // A step unique to this run, so Docker never answers it from its layer cache.
      { Dockerfile: `${BUILDER_DOCKERFILE}RUN echo ${Date.now()} && sleep 45\n`, version: 'slow\n' },
      'builder: slow',
      'slow',
    );
    await useBuilderBranch(real(), 'slow');
    try {
      let restarted: Promise<void> | undefined;
      const run = await runDeploy(
        real(),
        { 'application-id': builder.id },
        {
          onOutput: (stdout) =>
            void (/: running \(deployment /.test(stdout) && (restarted ??= restartDokploy())),
        },
      );
      await restarted;
      const [record] = await recordsOf(real(), 'application', builder.id);
      expect(record).toMatchObject({ deploymentId: run.outputs['deployment-id'], status: 'cancelled' });
      expect(run.code).toBe(1);
      expect(run.outputs.status).toBe('cancelled');
      expect(errorLines(run)).toHaveLength(1);
      expect(errorLines(run)[0]).toMatch(/cancelled/);
      expectNoKey(real(), run);
    } finally {
      // What the restart left may still run; it must not deploy over a later test's version.
      await untilIdle(real(), builder.id);
      await useBuilderBranch(real(), 'main');
    }
  });
});
