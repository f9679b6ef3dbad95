/**
 * The deploy action against the real Dokploy with a git-sourced application: Dokploy clones the
 * repository from a git server on 127.0.0.1 and builds its Dockerfile; after the end it rewrites the
 * record's title and description with the commit, which must not confuse the correlation.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { BUILDER_DOCKERFILE } from '../../scripts/dokploy/fixtures.js';
import {
  connectRealDokploy,
  eventually,
  expectNoKey,
  recordsOf,
  runDeploy,
  type RealDokploy,
} from '../support/real-dokploy.js';

jest.setTimeout(300_000);
let dokploy: RealDokploy;

beforeAll(async () => {
  dokploy = await connectRealDokploy();
});
afterAll(async () => {
  await dokploy?.close();
});

const builder = () => dokploy.fixtures.builder!.production;

async function useBranch(branch: string): Promise<void> {
  await dokploy.api('application.saveGitProvider', {
    applicationId: builder().id,
    customGitUrl: `${dokploy.git.url}/builder.git`,
    customGitBranch: branch,
    customGitBuildPath: '/',
    customGitSSHKeyId: null,
    watchPaths: null,
    enableSubmodules: false,
  });
}

describe('dokploy-deploy against the real Dokploy: a Dockerfile built from git', () => {
  test('ends done on its own record although Dokploy rewrites the title with the commit', async () => {
    const version = `git-${Date.now()}`;
    const sha = dokploy.git.push(
      { Dockerfile: BUILDER_DOCKERFILE, version: `${version}\n` },
      `builder: ${version}`,
    );
    await useBranch('main');
    const before = new Set(
      (await recordsOf(dokploy, 'application', builder().id)).map((r) => r.deploymentId),
    );

    const run = await runDeploy(dokploy, { 'application-id': builder().id });

    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    const created = (await recordsOf(dokploy, 'application', builder().id)).filter(
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
    expectNoKey(dokploy, run);
  });

  test('a broken Dockerfile ends error, exits non-zero and prints the tail of the real build log', async () => {
    dokploy.git.push(
      { Dockerfile: `${BUILDER_DOCKERFILE}COPY no-such-file /\n`, version: 'broken\n' },
      'builder: broken',
      'broken',
    );
    await useBranch('broken');
    try {
      const run = await runDeploy(dokploy, { 'application-id': builder().id, 'log-lines': '30' });
      expect(run.code).toBe(1);
      expect(run.outputs.status).toBe('error');
      const id = run.outputs['deployment-id'];
      expect((await recordsOf(dokploy, 'application', builder().id))[0]).toMatchObject({
        deploymentId: id,
        status: 'error',
      });
      const log = run.stdout.slice(run.stdout.indexOf(`::group::Build log of deployment ${id}`));
      expect(log).toMatch(/no-such-file/);
      expect(log).toContain('Docker build failed');
      expect(run.stdout).toMatch(/^::error::.*error.*$/m);
      expectNoKey(dokploy, run);
    } finally {
      dokploy.git.push(
        { Dockerfile: BUILDER_DOCKERFILE, version: 'git-1\n' },
        'builder: back to good',
        'main',
      );
      await useBranch('main');
    }
  });
});
