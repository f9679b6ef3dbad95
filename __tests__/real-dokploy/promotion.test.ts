/**
 * Issue 12 §5 against the real Dokploy v0.30.2: `promote-from: staging` lets a production deploy go
 * ahead only when staging's newest deployment is done, ran the same content (the same git tree for
 * the git-built fixture, whose records Dokploy rewrites to `Commit: <sha>`; the same image for a
 * docker-sourced one) and staging's health targets answer now.
 */
import { dirname, join } from 'node:path';
import { describe, expect, jest, test } from '@jest/globals';
import { BUILDER_DOCKERFILE } from '../../scripts/dokploy/fixtures.js';
import {
  eventually,
  expectNoKey,
  realDokployForThisFile,
  recordsOf,
  runDeploy,
  useBuilderBranch,
} from '../support/real-dokploy.js';

jest.setTimeout(600_000);
const real = realDokployForThisFile();

const builder = () => real().fixtures.builder!;
const web = () => real().fixtures.bizoholic!;
const image = (tag: string) => `127.0.0.1:5000/kit/web:${tag}`;
const git = (...args: string[]): string => real().git.run(...args);

/** A merge of `staging` into `main` whose tree is staging's (as a fast "merge staging into main" PR makes). */
function mergeStagingIntoMain(): string {
  const staging = git('rev-parse', 'staging');
  const main = git('rev-parse', 'main');
  const merge = git('commit-tree', `${staging}^{tree}`, '-p', main, '-p', staging, '-m', 'Merge staging');
  git('update-ref', 'refs/heads/main', merge);
  git('push', '-q', '-f', join(dirname(real().git.repo), 'builder.git'), 'main:main');
  return merge;
}

const promoteBuilder = (sha: string) =>
  runDeploy(
    real(),
    {
      'application-id': builder().production.id,
      'promote-from': 'staging',
      'promote-from-id': builder().staging.id,
      'promote-from-health': builder().staging.healthUrl,
      'working-directory': real().git.repo,
    },
    { env: { GITHUB_SHA: sha } },
  );

describe('dokploy-deploy against the real Dokploy: promotion from staging', () => {
  test('a merge of what staging verified deploys; a commit staging never ran is refused before deploying', async () => {
    const version = `promo-${Date.now()}`;
    const staged = real().git.push(
      { Dockerfile: BUILDER_DOCKERFILE, version: `${version}\n` },
      `builder: ${version}`,
      'staging',
    );
    await useBuilderBranch(real(), 'staging', 'staging');
    const stagingRun = await runDeploy(
      real(),
      { 'application-id': builder().staging.id },
      { env: { GITHUB_SHA: staged } },
    );
    expect(stagingRun.outputs.status).toBe('done');
    // What promotion reads: Dokploy rewrote staging's record to the commit it built.
    const [newest] = await recordsOf(real(), 'application', builder().staging.id);
    expect(newest).toMatchObject({ status: 'done', description: `Commit: ${staged}` });
    expect(await eventually(builder().staging.healthUrl, (text) => text.includes('ok'))).toContain('ok');

    const merge = mergeStagingIntoMain();
    await useBuilderBranch(real(), 'main');
    const promoted = await promoteBuilder(merge);
    expect(promoted.code).toBe(0);
    expect(promoted.outputs.status).toBe('done');
    const tree = git('rev-parse', `${staged}^{tree}`).slice(0, 7);
    expect(promoted.stdout).toContain(
      `Promotion from staging: staging (application builder, ${builder().staging.id}) verified commit ${staged.slice(0, 7)} (tree ${tree}) (deployment ${newest!.deploymentId}, done, healthy now)`,
    );
    expect(promoted.summary).toContain(`promoted: staging verified commit ${staged.slice(0, 7)}`);
    expect(
      await eventually(`http://127.0.0.1:${builder().production.port}/version`, (t) => t.includes(version)),
    ).toBe(`builder ${version}\n`);
    expectNoKey(real(), promoted);

    const unverified = real().git.push(
      { Dockerfile: BUILDER_DOCKERFILE, version: `${version}-hotfix\n` },
      'builder: straight to main',
      'main',
    );
    const before = await recordsOf(real(), 'application', builder().production.id);
    const refused = await promoteBuilder(unverified);
    expect(refused.code).toBe(1);
    expect(refused.outputs.status).toBe('refused');
    expect(refused.stdout).toMatch(
      new RegExp(
        `::error::Promotion from staging refused: staging \\(application builder, \\S+\\) last verified commit ${staged.slice(0, 7)} \\(tree ${tree}\\), this deploy is ${unverified.slice(0, 7)} \\(tree [0-9a-f]{7}\\): deploy this commit there first; nothing was deployed\\n`,
      ),
    );
    expect(await recordsOf(real(), 'application', builder().production.id)).toHaveLength(before.length);
    expectNoKey(real(), refused);
  });

  test('docker-sourced: another image than staging runs is refused; so is a staging that does not answer', async () => {
    // Staging runs v1 (its newest record done), production is asked for v2.
    const staging = await runDeploy(real(), {
      'application-id': web().staging.id,
      'docker-image': image('v1'),
    });
    expect(staging.outputs.status).toBe('done');
    const byName = {
      project: 'bizoholic-platform',
      'project-environment': 'production',
      'application-name': 'bizoholic',
      'promote-from': 'staging',
    };
    const before = await recordsOf(real(), 'application', web().production.id);
    const other = await runDeploy(real(), { ...byName, 'docker-image': image('v2') });
    expect(other.code).toBe(1);
    expect(other.outputs.status).toBe('refused');
    expect(other.stdout).toContain(
      `::error::Promotion from staging refused: staging (application 'bizoholic' in bizoholic-platform/staging) runs the image ${image('v1')}, this deploy would run ${image('v2')}: deploy ${image('v2')} there first; nothing was deployed`,
    );

    const silent = await runDeploy(real(), {
      ...byName,
      'docker-image': image('v1'),
      'promote-from-health': 'tcp://127.0.0.1:9',
    });
    expect(silent.code).toBe(1);
    expect(silent.outputs.status).toBe('refused');
    expect(silent.stdout).toMatch(
      /::error::Promotion from staging refused: staging \(application 'bizoholic' in bizoholic-platform\/staging\) runs image 127\.0\.0\.1:5000\/kit\/web:v1 but is not healthy now \(tcp:\/\/127\.0\.0\.1:9: .+ within 30\.0s\); nothing was deployed\n/,
    );
    expect(await recordsOf(real(), 'application', web().production.id)).toHaveLength(before.length);
    expectNoKey(real(), other);
    expectNoKey(real(), silent);
  });
});
