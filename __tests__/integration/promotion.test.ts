/**
 * promote-from against the sandbox over HTTP, a real git repository (trees) and real TCP servers on
 * 127.0.0.1 (health): every way a promotion is allowed or refused, and that a refused one deploys
 * nothing. The real Dokploy's side is __tests__/real-dokploy/promotion.test.ts.
 */
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { runDeploy, type DeployResult } from '../../src/dokploy-deploy/deploy.js';
import type { PromotionRequest } from '../../src/dokploy-deploy/promotion.js';
import { deployedCommit } from '../../src/lib/deployed-commit.js';
import type { DeploySettings } from '../../src/dokploy-deploy/settings.js';
import { systemClock } from '../../src/lib/clock.js';
import { createGitRunner } from '../../src/lib/git-runner.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { makeSettings, TEST_KEY } from '../support/dokploy.js';
import { tempRepo, type TempRepo } from '../support/git.js';
import { recordingLogger } from '../support/logger.js';
import { freePort } from '../support/servers.js';

let sandbox: Sandbox | undefined;
let repo: TempRepo | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sandbox?.close();
  repo?.remove();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  sandbox = repo = server = undefined;
});

/** A repository whose main merges staging: `staged` and `merged` share a tree, `hotfix` does not. */
function history(): { staged: string; merged: string; hotfix: string } {
  repo = tempRepo();
  repo.commit('first', { 'web/page.txt': 'v1\n' });
  repo.git('checkout', '-q', '-b', 'staging');
  const staged = repo.commit('staging: v2', { 'web/page.txt': 'v2\n' });
  repo.git('checkout', '-q', 'main');
  repo.git('merge', '-q', '--no-ff', '-m', 'Merge staging', 'staging');
  const merged = repo.git('rev-parse', 'HEAD');
  const hotfix = repo.commit('hotfix straight to main', { 'web/page.txt': 'v2 hotfix\n' });
  repo.git('checkout', '-q', merged);
  return { staged, merged, hotfix };
}

async function listening(): Promise<number> {
  const port = await freePort();
  server = createServer((socket) => socket.end());
  await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  return port;
}

const service = (id: string, over: Record<string, unknown> = {}) => ({
  applicationId: id,
  name: 'web',
  history: ['done'],
  deploy: { buildDuration: '200ms' },
  ...over,
});

interface Run {
  result: DeployResult | undefined;
  error: Error | undefined;
  log: string;
  deploysOf: (id: string) => number;
}

async function promote(
  staging: Record<string, unknown>,
  request: Partial<PromotionRequest>,
  overrides: Partial<DeploySettings> & { sha: string },
  options: { git?: boolean; production?: Record<string, unknown> } = {},
): Promise<Run> {
  // Real time: the health probes connect to real sockets, whose answers a manual clock would outrun.
  const clock = systemClock;
  sandbox = await startSandbox({
    apiKey: TEST_KEY,
    scenario: {
      services: [service('app-web', options.production), { ...service('app-web-staging'), ...staging }],
    },
  });
  const log = recordingLogger();
  const settings = makeSettings({
    dokployUrl: sandbox.url,
    ...overrides,
    promotion: {
      from: 'staging',
      target: { kind: 'application', id: 'app-web-staging' },
      targetNames: undefined,
      health: [],
      ...request,
    },
  });
  let result: DeployResult | undefined;
  let error: Error | undefined;
  try {
    result = await runDeploy(settings, {
      clock,
      fetch: globalThis.fetch,
      log,
      promotion: {
        git:
          options.git === false || !repo
            ? undefined
            : createGitRunner(repo.dir, () => undefined, process.env),
        probeFetch: globalThis.fetch,
      },
    });
  } catch (e) {
    error = e as Error;
  }
  expect([log.text(), JSON.stringify(result ?? {}), error?.message ?? ''].join('\n')).not.toContain(TEST_KEY);
  const s = sandbox;
  return {
    result,
    error,
    log: log.text(),
    deploysOf: (id) =>
      s.events.filter((e) => e.type === 'deploy-requested' && JSON.stringify(e).includes(id)).length,
  };
}

const commitRecord = (sha: string, status = 'done') => ({
  status,
  title: 'web: v2',
  description: `Commit: ${sha}`,
});

describe('promote-from: production gets what staging verified', () => {
  it('deploys a merge of the commit staging deployed (same tree, other commit) once staging answers', async () => {
    const { staged, merged } = history();
    const port = await listening();
    const run = await promote(
      { history: [commitRecord(staged)] },
      { health: [`tcp://127.0.0.1:${port}`] },
      { sha: merged },
    );
    expect(run.error).toBeUndefined();
    expect(run.result?.status).toBe('done');
    expect(run.result?.promotion).toMatchObject({
      from: 'staging',
      content: expect.stringContaining(`commit ${staged.slice(0, 7)} (tree `),
    });
    expect(run.log).toContain(
      `Promotion from staging: staging (application web, app-web-staging) verified commit ${staged.slice(0, 7)}`,
    );
    expect(run.log).toContain('healthy now');
    expect(run.deploysOf('app-web')).toBe(1);
  });

  it('refuses a commit whose tree staging never ran, naming what staging verified; nothing deploys', async () => {
    const { staged, hotfix } = history();
    const run = await promote({ history: [commitRecord(staged)] }, {}, { sha: hotfix });
    expect(run.result).toBeUndefined();
    expect(run.error?.name).toBe('PromotionRefusedError');
    expect(run.error?.message).toMatch(
      new RegExp(
        `^Promotion from staging refused: staging \\(application web, app-web-staging\\) last verified commit ${staged.slice(0, 7)} \\(tree [0-9a-f]{7}\\), this deploy is ${hotfix.slice(0, 7)} \\(tree [0-9a-f]{7}\\): deploy this commit there first; nothing was deployed$`,
      ),
    );
    expect(run.deploysOf('app-web')).toBe(0);
  });

  it.each([
    [[], 'has no deployment yet: deploy there first'],
    [[{ status: 'error', title: 'x', description: 'Commit: ' }], 'ended error: it verified nothing'],
    [
      [{ status: 'done', title: 'Rollback', description: 'Rollback of dep-1 to dep-0' }],
      'does not say which commit it deployed ("Rollback of dep-1 to dep-0"): a rollback or a deploy from outside the kit',
    ],
  ])('refuses when staging’s newest record is %j', async (records, why) => {
    const { merged } = history();
    const run = await promote({ history: records }, {}, { sha: merged });
    expect(run.error?.message).toContain(why);
    expect(run.error?.message).toMatch(/^Promotion from staging refused: .*; nothing was deployed$/);
    expect(run.deploysOf('app-web')).toBe(0);
  });

  it('refuses while staging answers no health target, naming the target and what it said', async () => {
    const { staged, merged } = history();
    const closed = await freePort();
    const run = await promote(
      { history: [commitRecord(staged)] },
      { health: [`tcp://127.0.0.1:${closed}`], healthTimeoutMs: 2000 },
      { sha: merged },
    );
    expect(run.error?.message).toMatch(
      new RegExp(
        `^Promotion from staging refused: staging \\(application web, app-web-staging\\) runs commit ${staged.slice(0, 7)} \\(tree [0-9a-f]{7}\\) but is not healthy now \\(tcp://127\\.0\\.0\\.1:${closed}: [^)]+ within 2\\.0s\\); nothing was deployed$`,
      ),
    );
    expect(run.deploysOf('app-web')).toBe(0);
  });

  it('docker-sourced: compares the image staging is set to with the one this deploy sets', async () => {
    const docker = { sourceType: 'docker', dockerImage: 'registry.test/web:2.0.0' };
    const same = await promote(
      { ...docker, history: [{ status: 'done', title: 't', description: 'GitHub Actions run 1.1' }] },
      {},
      { sha: 'abcdef1234567890abcdef1234567890abcdef12', dockerImage: 'registry.test/web:2.0.0' },
      { git: false, production: { sourceType: 'docker', dockerImage: 'registry.test/web:1.9.0' } },
    );
    expect(same.result?.status).toBe('done');
    expect(same.result?.promotion?.content).toBe('image registry.test/web:2.0.0');
    await sandbox?.close();
    sandbox = undefined;
    const other = await promote(
      { ...docker, history: ['done'] },
      {},
      { sha: 'abcdef1234567890abcdef1234567890abcdef12', dockerImage: 'registry.test/web:2.1.0' },
      { git: false, production: { sourceType: 'docker', dockerImage: 'registry.test/web:1.9.0' } },
    );
    expect(other.error?.message).toBe(
      'Promotion from staging refused: staging (application web, app-web-staging) runs the image registry.test/web:2.0.0, this deploy would run registry.test/web:2.1.0: deploy registry.test/web:2.1.0 there first; nothing was deployed',
    );
    expect(other.deploysOf('app-web')).toBe(0);
  });

  it('says what is missing when there is no checkout to compare trees in', async () => {
    const { staged, merged } = history();
    const run = await promote({ history: [commitRecord(staged)] }, {}, { sha: merged }, { git: false });
    expect(run.error?.message).toBe(
      "Promotion compares git trees and needs the repository checked out: add actions/checkout (fetch-depth: 0) before this step, or set 'working-directory'",
    );
  });

  it('says which commit a shallow checkout lacks', async () => {
    const { merged } = history();
    const unknown = '0123456789abcdef0123456789abcdef01234567';
    const run = await promote({ history: [commitRecord(unknown)] }, {}, { sha: merged });
    expect(run.error?.message).toMatch(
      /^Promotion: the commit 0123456 of staging is not in the checkout at .+ and could not be fetched: check out with fetch-depth: 0$/,
    );
  });
});

describe('deployedCommit', () => {
  const sha = 'abcdef1234567890abcdef1234567890abcdef12';
  it.each([
    [`Commit: ${sha}`, sha],
    [`GitHub Actions run 12.1 acme/mono@${sha}`, sha],
    [`dokploy-deploy pipeline run lx3, commit ${sha}`, sha],
    ['Commit: ', undefined],
    [`Hash: ${sha}`, sha],
    [`Hash: ${sha.slice(0, 12)}`, undefined],
    ['Rollback of a to b', undefined],
  ])('%s → %s', (description, commit) => {
    expect(deployedCommit({ description })).toBe(commit);
  });
});
