/**
 * The deploy action against the real Dokploy with a git-sourced application: Dokploy clones the
 * repository from a git server on 127.0.0.1 and builds its Dockerfile; after the end it rewrites the
 * record's title and description with the commit, which must not confuse the correlation.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { BUILDER_DOCKERFILE } from '../../scripts/dokploy/fixtures.js';
import {
  realDokployForThisFile,
  eventually,
  expectNoKey,
  recordsOf,
  runDeploy,
  untilIdle,
  useBuilderBranch,
} from '../support/real-dokploy.js';

jest.setTimeout(300_000);
const real = realDokployForThisFile();

const builder = () => real().fixtures.builder!.production;

describe('dokploy-deploy against the real Dokploy: a Dockerfile built from git', () => {
  test('ends done on its own record although Dokploy rewrites the title with the commit', async () => {
    const version = `git-${Date.now()}`;
    const sha = real().git.push(
      { Dockerfile: BUILDER_DOCKERFILE, version: `${version}\n` },
      `builder: ${version}`,
    );
    await useBuilderBranch(real(), 'main');
    // Another file's leftover job (a restart mid-build) must not deploy over this version.
    await untilIdle(real(), builder().id);
    const before = new Set((await recordsOf(real(), 'application', builder().id)).map((r) => r.deploymentId));

    const run = await runDeploy(real(), { 'application-id': builder().id });

    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    const created = (await recordsOf(real(), 'application', builder().id)).filter(
      (r) => !before.has(r.deploymentId),
    );
    expect(created).toHaveLength(1);
    // What Dokploy recorded after the end: the commit, not the title the action sent.
    expect(created[0]).toMatchObject({
      deploymentId: run.outputs['deployment-id'],
      status: 'done',
      title: `builder: ${version}`,
      description: `Commit: ${sha}`,
    });
    expect(
      await eventually(`http://127.0.0.1:${builder().port}/version`, (text) => text.includes(version)),
    ).toBe(`builder ${version}\n`);
    expectNoKey(real(), run);
  });

  test('a broken Dockerfile ends error, exits non-zero and prints the tail of the real build log', async () => {
    real().git.push(
      { Dockerfile: `${BUILDER_DOCKERFILE}COPY no-such-file /\n`, version: 'broken\n' },
      'builder: broken',
      'broken',
    );
    await useBuilderBranch(real(), 'broken');
    try {
      const run = await runDeploy(real(), { 'application-id': builder().id, 'log-lines': '30' });
      expect(run.code).toBe(1);
      expect(run.outputs.status).toBe('error');
      const id = run.outputs['deployment-id'];
      expect((await recordsOf(real(), 'application', builder().id))[0]).toMatchObject({
        deploymentId: id,
        status: 'error',
      });
      const log = run.stdout.slice(run.stdout.indexOf(`::group::Build log of deployment ${id}`));
      expect(log).toMatch(/no-such-file/);
      expect(log).toContain('Docker build failed');
      expect(run.stdout).toMatch(/^::error::.*error.*$/m);
      expectNoKey(real(), run);
    } finally {
      real().git.push(
        { Dockerfile: BUILDER_DOCKERFILE, version: 'git-1\n' },
        'builder: back to good',
        'main',
      );
      await useBuilderBranch(real(), 'main');
    }
  });
});
