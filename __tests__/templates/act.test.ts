/**
 * The pipeline templates executed by a real workflow runner (nektos/act, self-hosted mode) against the
 * kit's Dokploy sandbox and local servers. Each scenario asserts which deploys the sandbox received and
 * in which order, not just act's exit code. Slow (about 30-60 s per scenario): scenarios run one after
 * another, each with its own sandbox.
 */
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import {
  API_KEY,
  jobOutputs,
  runSummaryStep,
  pushEvent,
  requested,
  runAct,
  seedMonorepo,
  startFakeProjects,
  startSandbox,
  type ActRun,
  type Builds,
  type FakeProjects,
  type RunningSandbox,
  type SandboxEvent,
  type SeedOptions,
} from './act-harness.js';
import type { TempRepo } from '../support/git.js';

jest.setTimeout(300_000);

let fakes: FakeProjects;
let sandbox: RunningSandbox | undefined;
let repo: TempRepo | undefined;

beforeAll(async () => {
  fakes = await startFakeProjects();
});
afterAll(async () => {
  await fakes.close();
});
afterEach(async () => {
  fakes.reset();
  await sandbox?.close();
  sandbox = undefined;
  repo?.remove();
  repo = undefined;
});

/** Sets up a seed monorepo on `branch`, commits `change` on top, and pushes it through act. */
async function push(
  branch: string,
  change: Record<string, string | null>,
  builds: Builds = {},
  seed: SeedOptions = {},
): Promise<{ run: ActRun; events: SandboxEvent[] }> {
  repo = seedMonorepo(fakes, branch, seed);
  const before = repo.git('rev-parse', 'HEAD');
  const after = repo.commit('Change', change);
  sandbox = await startSandbox(builds, after);
  const run = await runAct({ repo, event: 'push', payload: pushEvent(repo, branch, before, after), sandbox });
  return { run, events: await sandbox.events() };
}

function finished(events: SandboxEvent[], name: string): SandboxEvent | undefined {
  return events.find((e) => e.type === 'deployment-finished' && e.name === name);
}

function requestedAt(events: SandboxEvent[], name: string): string {
  const event = events.find((e) => e.type === 'deploy-requested' && e.name === name);
  if (!event) throw new Error(`no deploy of ${name}`);
  return event.at;
}

/** The key never shows, and each deploy recognised its own Dokploy record (no fallback warning). */
function expectCleanRun(run: ActRun): void {
  expect(run.log).not.toContain(API_KEY);
  expect(run.log).not.toContain("does not carry this run's title");
}

describe('the pipeline in act', () => {
  test("tests.with-deploy: a platform's tests run in its deploy leg, before the deploy; failing, they stop that deploy only", async () => {
    const seed = { testsWithDeploy: ['coreldove' as const] };
    const change = { 'shared/frontend/index.ts': 'export const shared = 2;\n' };
    const { run, events } = await push('staging', change, {}, seed);
    // bizoholic's tests had their own job; coreldove's ran in its deploy leg.
    expect(run.log).toMatch(/\[Deploy pipeline\/Test bizoholic\s*\]/);
    expect(run.log).not.toContain('[Deploy pipeline/Test coreldove');
    expect(run.log).toMatch(
      /\[Stage 1\/Deploy stage\/Stage 1 · coreldove[^\]]*\]\s+✅\s+Success - Main Unit tests/,
    );
    expect([...run.testLog].sort()).toEqual([
      'integration bizoholic',
      'integration coreldove',
      'unit bizoholic',
      'unit coreldove',
    ]);
    expect(requested(events).sort()).toEqual(['bizoholic-staging', 'coreldove-staging']);
    expect(run.log).toContain('| tests | bizoholic | ✅ success |');
    expect(run.code).toBe(0);
    expectCleanRun(run);
    await sandbox?.close();
    repo?.remove();

    // coreldove's unit test fails (its package.json is gone): bizoholic still deploys, coreldove not.
    const failing = await push('staging', { ...change, 'coreldove-platform/package.json': null }, {}, seed);
    expect(requested(failing.events)).toEqual(['bizoholic-staging']);
    expect(jobOutputs(failing.run.log, 'Stage 1/Deploy stage/Stage 1 · coreldove').failure).toBe(
      'coreldove: its unit tests failed, so it was not deployed to staging (see the unit tests step)',
    );
    expect(failing.run.code).not.toBe(0);
    expectCleanRun(failing.run);
  });

  test('a push to staging that changes only coreldove-platform/ deploys only coreldove, to staging', async () => {
    const { run, events } = await push('staging', {
      'coreldove-platform/src/cart.ts': 'export const cart = 2;\n',
    });
    expect(requested(events)).toEqual(['coreldove-staging']);
    expect(finished(events, 'coreldove-staging')?.status).toBe('done');
    expect(run.testLog.sort()).toEqual(['integration coreldove', 'unit coreldove']);
    expect(run.log).toMatch(/\| stage 1 \| coreldove \| ✅ success \|/);
    expect(run.log).toMatch(/\| stage 0 \| – \| nothing to do \|/);
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a change under shared/frontend/ deploys bizoholic and coreldove in parallel', async () => {
    const { run, events } = await push(
      'staging',
      { 'shared/frontend/button.tsx': 'export const b = 1;\n' },
      {
        bizoholic: { buildDuration: '4s' },
        coreldove: { buildDuration: '4s' },
      },
    );
    expect(requested(events).sort()).toEqual(['bizoholic-staging', 'coreldove-staging']);
    // Both were requested before either finished: the two matrix legs ran side by side.
    const firstEnd = events.find((e) => e.type === 'deployment-finished')?.at ?? '';
    expect(requestedAt(events, 'bizoholic-staging') < firstEnd).toBe(true);
    expect(requestedAt(events, 'coreldove-staging') < firstEnd).toBe(true);
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a change under infrastructure/ deploys infrastructure first, then the platforms once it is healthy', async () => {
    const { run, events } = await push('staging', { 'infrastructure/docker-compose.yml': 'services: {}\n' });
    const order = requested(events);
    expect(order[0]).toBe('infrastructure-staging');
    expect(order.slice(1, 3).sort()).toEqual(['bizoholic-staging', 'coreldove-staging']);
    expect(order[3]).toBe('management-staging');
    expect(order).toHaveLength(4);
    // Infrastructure finished and its health endpoint answered 200 before any platform was requested.
    const infraDone = finished(events, 'infrastructure-staging')?.at ?? '';
    const healthy = fakes.healthyAt.infrastructure ?? '';
    expect(healthy).not.toBe('');
    // wait-healthy got the 503 of a stack still starting, and asked again until it answered 200.
    expect(fakes.healthHits.infrastructure).toBeGreaterThanOrEqual(2);
    expect(infraDone < requestedAt(events, 'bizoholic-staging')).toBe(true);
    expect(healthy < requestedAt(events, 'bizoholic-staging')).toBe(true);
    expect(healthy < requestedAt(events, 'coreldove-staging')).toBe(true);
    // Management (stage 2) only after both platforms finished.
    const platformsDone = [
      finished(events, 'bizoholic-staging')?.at ?? '',
      finished(events, 'coreldove-staging')?.at ?? '',
    ];
    for (const done of platformsDone) expect(done < requestedAt(events, 'management-staging')).toBe(true);
    expect(run.log).toContain('| stage 0 | infrastructure | ✅ success |');
    expect(run.log).toContain('| separation tests | bizoholic, coreldove | ✅ success |');
    expect(run.log).toContain('| stage 2 | management | ✅ success |');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('an infrastructure build error stops every stage after it, and the summary says why', async () => {
    const { run, events } = await push(
      'staging',
      { 'infrastructure/docker-compose.yml': 'services: { broken: {} }\n' },
      { infrastructure: { outcome: 'error' } },
    );
    expect(requested(events)).toEqual(['infrastructure-staging']);
    const failed = finished(events, 'infrastructure-staging');
    expect(failed?.status).toBe('error');
    const why = `infrastructure: Dokploy deployment ${failed?.deploymentId ?? ''} ended with status error in staging`;
    // The failed leg explains itself (the reusable workflow's `failure` output) after the deploy's own error.
    expect(run.log).toMatch(/::error::Deployment of compose infrastructure-staging .*'error'/);
    expect(jobOutputs(run.log, 'Stage 0/Deploy stage/Stage 0 · infrastructure').failure).toBe(why);
    expect(run.log).not.toMatch(/\[Stage [12]\//);
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
    // act ends the whole run when a called workflow fails, so the summary job (if: always()) that
    // GitHub would still run does not run here: run its step, verbatim from pipeline.yml, on this
    // run's real outputs and results, as GitHub would.
    const detect = jobOutputs(run.log, 'Deploy pipeline/Detect changed platforms');
    expect(JSON.parse(detect.stages ?? '')).toEqual([
      ['infrastructure'],
      ['bizoholic', 'coreldove'],
      ['management'],
    ]);
    const summary = runSummaryStep({
      detect: { result: 'success', outputs: detect },
      tests: { result: 'success', outputs: {} },
      'stage-0': { result: 'failure', outputs: { failure: why } },
      'stage-1': { result: 'skipped', outputs: {} },
      'separation-1': { result: 'skipped', outputs: {} },
      'stage-2': { result: 'skipped', outputs: {} },
    });
    expect(summary).toContain(`| stage 0 | infrastructure | ❌ failure: ${why} |`);
    expect(summary).toContain(
      '| stage 1 | bizoholic, coreldove | ⏭️ not run: stage 1 needs the steps before it |',
    );
    expect(summary).toContain('| stage 2 | management | ⏭️ not run: stage 2 needs the steps before it |');
    expect(summary).toContain(`**Stopped:** stage 0 failure (${why}). The steps that need it did not run.`);
  });

  test('a failed platform does not stop its sibling in the same stage, but stops the stage that needs it', async () => {
    const { run, events } = await push(
      'staging',
      {
        'shared/frontend/button.tsx': 'export const b = 2;\n',
        'management-platform/a.ts': 'export const m = 1;\n',
      },
      { coreldove: { outcome: 'error', buildDuration: '2s' }, bizoholic: { buildDuration: '4s' } },
    );
    expect(requested(events).sort()).toEqual(['bizoholic-staging', 'coreldove-staging']);
    // coreldove failed first; bizoholic's leg went on to the end (fail-fast off) and was checked healthy.
    expect(finished(events, 'coreldove-staging')?.status).toBe('error');
    expect(finished(events, 'bizoholic-staging')?.status).toBe('done');
    expect(
      (finished(events, 'coreldove-staging')?.at ?? '') < (finished(events, 'bizoholic-staging')?.at ?? ''),
    ).toBe(true);
    expect(fakes.healthHits.bizoholic).toBeGreaterThanOrEqual(1);
    expect(jobOutputs(run.log, 'Stage 1/Deploy stage/Stage 1 · coreldove').failure).toMatch(
      /^coreldove: Dokploy deployment dep-\S+ ended with status error in staging$/,
    );
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
  });

  test('a platform that does not keep running after its deploy is rolled back, its dependents are not deployed, and the summary says so', async () => {
    const { run, events } = await push(
      'staging',
      {
        'coreldove-platform/src/cart.ts': 'export const cart = 2;\n',
        'management-platform/src/admin.ts': 'export const a = 1;\n',
      },
      { coreldove: { afterDone: 'crash-loop', rollback: true } },
    );
    // Dokploy says done; the kit's running check says unhealthy and restores the kept deployment.
    expect(requested(events)).toEqual(['coreldove-staging']);
    expect(finished(events, 'coreldove-staging')?.status).toBe('done');
    const requests = (await (await fetch(`${sandbox!.url}/__sandbox/requests`)).json()) as { path: string }[];
    expect(requests.filter((r) => r.path.endsWith('rollback.rollback'))).toHaveLength(1);
    expect(fakes.healthHits.coreldove).toBe(0);
    const why = jobOutputs(run.log, 'Stage 1/Deploy stage/Stage 1 · coreldove').failure ?? '';
    expect(why).toMatch(
      /^coreldove: Dokploy deployment dep-\S+ ended with status unhealthy in staging; rolled back to deployment dep-\S+ \("v2"\), running again in \d/,
    );
    expect(run.log).not.toMatch(/\[Stage 2\//);
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
    const detect = jobOutputs(run.log, 'Deploy pipeline/Detect changed platforms');
    const summary = runSummaryStep({
      detect: { result: 'success', outputs: detect },
      tests: { result: 'success', outputs: {} },
      'stage-0': { result: 'skipped', outputs: {} },
      'stage-1': { result: 'failure', outputs: { failure: why } },
      'separation-1': { result: 'skipped', outputs: {} },
      'stage-2': { result: 'skipped', outputs: {} },
    });
    expect(summary).toContain(`| stage 1 | coreldove | ❌ failure: ${why} |`);
    expect(summary).toContain('| stage 2 | management | ⏭️ not run: stage 2 needs the steps before it |');
  });

  test('a platform that fails its health check after the deploy is handed back to the rollback: restored, healthy again, the stage still fails', async () => {
    repo = seedMonorepo(fakes, 'staging');
    const before = repo.git('rev-parse', 'HEAD');
    const after = repo.commit('Change', { 'coreldove-platform/src/cart.ts': 'export const cart = 2;\n' });
    sandbox = await startSandbox({ coreldove: { rollback: true } }, after);
    const url = sandbox.url;
    // The new version runs but does not answer its health target, until Dokploy is asked to roll back.
    fakes.down.add('coreldove');
    const rolledBack = async () =>
      ((await (await fetch(`${url}/__sandbox/requests`)).json()) as { path: string }[]).filter((r) =>
        r.path.endsWith('rollback.rollback'),
      ).length;
    const watch = setInterval(() => {
      void rolledBack().then((n) => n > 0 && fakes.down.delete('coreldove'));
    }, 200);
    let run: ActRun;
    try {
      run = await runAct({
        repo,
        event: 'push',
        payload: pushEvent(repo, 'staging', before, after),
        sandbox,
      });
    } finally {
      clearInterval(watch);
    }
    const events = await sandbox.events();
    expect(requested(events)).toEqual(['coreldove-staging']);
    expect(finished(events, 'coreldove-staging')?.status).toBe('done');
    expect(await rolledBack()).toBe(1);
    const leg = 'Stage 1/Deploy stage/Stage 1 · coreldove';
    const why = jobOutputs(run.log, leg).failure ?? '';
    expect(why).toMatch(
      /^coreldove: deployed to staging but not healthy within the health timeout; rolled back to deployment dep-\S+ \("v2"\), healthy again in \d+s$/,
    );
    expect(run.log).toContain('Roll coreldove back (not healthy after the deploy)');
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
  });

  test('rollback.yml rolls one platform back on its own to the kept deployment before the running one, then checks it healthy', async () => {
    repo = seedMonorepo(fakes, 'staging');
    sandbox = await startSandbox({ coreldove: { rollback: true } }, repo.git('rev-parse', 'HEAD'));
    const run = await runAct({
      repo,
      event: 'workflow_dispatch',
      workflow: 'rollback.yml',
      payload: {
        ref: 'refs/heads/staging',
        inputs: { platform: 'coreldove', environment: 'staging', to: 'previous' },
        repository: { full_name: 'bizosaas/bizosaas-monorepo', default_branch: 'main' },
      },
      sandbox,
    });
    // No deploy of the current source: one rollback.rollback, of coreldove in staging only.
    expect(requested(await sandbox.events())).toEqual([]);
    const requests = (await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()) as { path: string }[];
    expect(requests.filter((r) => r.path.endsWith('rollback.rollback'))).toHaveLength(1);
    expect(run.log).toMatch(
      /Rolled application coreldove-staging \(\*\*\*\) back to deployment dep-\S+ \("v1"\): running again in \d/,
    );
    expect(fakes.healthHits.coreldove).toBeGreaterThanOrEqual(1);
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('rollback.yml refuses in one line when the platform keeps nothing to roll back to', async () => {
    repo = seedMonorepo(fakes, 'staging');
    sandbox = await startSandbox({}, repo.git('rev-parse', 'HEAD'));
    const run = await runAct({
      repo,
      event: 'workflow_dispatch',
      workflow: 'rollback.yml',
      payload: {
        ref: 'refs/heads/staging',
        inputs: { platform: 'bizoholic', environment: 'staging', to: 'previous' },
        repository: { full_name: 'bizosaas/bizosaas-monorepo', default_branch: 'main' },
      },
      sandbox,
    });
    expect(run.log).toContain(
      '::error::Cannot roll application bizoholic-staging back: it keeps no rollback images (turn on Rollbacks with a registry in Dokploy); candidates: none',
    );
    expect(fakes.healthHits.bizoholic).toBe(0);
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
  });

  test('a push to main deploys to production', async () => {
    const { run, events } = await push('main', {
      'management-platform/src/admin.ts': 'export const a = 1;\n',
    });
    expect(requested(events)).toEqual(['management-production']);
    expect(finished(events, 'management-production')?.status).toBe('done');
    expect(run.log).toContain('## Dokploy pipeline → production');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('production with promote-from: staging deploys what staging ran and refuses, before deploying, what it did not', async () => {
    repo = seedMonorepo(fakes, 'main', { promoteFrom: true });
    const before = repo.git('rev-parse', 'HEAD');
    const after = repo.commit('Change', {
      'bizoholic-platform/src/page.ts': 'export const page = 2;\n',
      'coreldove-platform/src/cart.ts': 'export const cart = 2;\n',
    });
    // Staging ran this very commit for bizoholic (Dokploy's rewrite), the seed commit for coreldove.
    sandbox = await startSandbox(
      { bizoholic: { stagingRecord: `Commit: ${after}` }, coreldove: { stagingRecord: `Commit: ${before}` } },
      after,
    );
    const run = await runAct({
      repo,
      event: 'push',
      payload: pushEvent(repo, 'main', before, after),
      sandbox,
    });
    const events = await sandbox.events();
    expect(requested(events)).toEqual(['bizoholic-production']);
    expect(run.log).toContain(
      // The id comes from a secret, so the runner masks it.
      `Promotion from staging: staging (application bizoholic-staging, ***) verified commit ${after.slice(0, 7)}`,
    );
    expect(run.log).toMatch(
      new RegExp(
        `Promotion from staging refused: staging \\(application coreldove-staging, \\S+\\) last verified commit ${before.slice(0, 7)} \\(tree [0-9a-f]{7}\\), this deploy is ${after.slice(0, 7)}`,
      ),
    );
    expect(run.log).toContain('coreldove: not deployed to production: staging has not verified this content');
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
  });

  test('workflow_dispatch with select: management deploys management alone', async () => {
    repo = seedMonorepo(fakes, 'staging');
    sandbox = await startSandbox({}, repo.git('rev-parse', 'HEAD'));
    const run = await runAct({
      repo,
      event: 'workflow_dispatch',
      payload: {
        ref: 'refs/heads/staging',
        inputs: { select: 'management', environment: '' },
        repository: { full_name: 'bizosaas/bizosaas-monorepo', default_branch: 'main' },
      },
      sandbox,
    });
    const events = await sandbox.events();
    expect(requested(events)).toEqual(['management-staging']);
    expect(run.testLog.sort()).toEqual(['integration management', 'unit management']);
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });
  test('workflow_dispatch with select: all and environment: production deploys every platform there, stage by stage', async () => {
    repo = seedMonorepo(fakes, 'staging');
    sandbox = await startSandbox({}, repo.git('rev-parse', 'HEAD'));
    const run = await runAct({
      repo,
      event: 'workflow_dispatch',
      payload: {
        ref: 'refs/heads/staging',
        inputs: { select: 'all', environment: 'production' },
        repository: { full_name: 'bizosaas/bizosaas-monorepo', default_branch: 'main' },
      },
      sandbox,
    });
    const events = await sandbox.events();
    const order = requested(events);
    expect(order[0]).toBe('infrastructure-production');
    expect(order.slice(1, 3).sort()).toEqual(['bizoholic-production', 'coreldove-production']);
    expect(order[3]).toBe('management-production');
    expect(order).toHaveLength(4);
    expect(run.log).toContain('## Dokploy pipeline → production');
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a manifest that names its Dokploy services needs only DOKPLOY_URL and DOKPLOY_TOKEN, and plans from what is deployed', async () => {
    repo = seedMonorepo(fakes, 'staging', { byName: true });
    const seed = repo.git('rev-parse', 'HEAD');
    // management changed, but its deploy failed: Dokploy's newest done deployment of it is the seed.
    const before = repo.commit('management: admin', {
      'management-platform/src/admin.ts': 'export const a = 2;\n',
    });
    const after = repo.commit('Change', { 'shared/frontend/index.ts': 'export const shared = 2;\n' });
    const deployed = (commit: string) => ({ deployedCommit: commit });
    sandbox = await startSandbox(
      {
        infrastructure: deployed(before),
        bizoholic: deployed(before),
        coreldove: deployed(before),
        management: deployed(seed),
      },
      after,
    );
    const run = await runAct({
      repo,
      event: 'push',
      payload: pushEvent(repo, 'staging', before, after),
      sandbox,
      environments: [],
    });
    const events = await sandbox.events();
    // The push touched shared/frontend only; management is still behind its deployed seed commit.
    expect(requested(events).sort()).toEqual([
      'bizoholic-staging',
      'coreldove-staging',
      'management-staging',
    ]);
    for (const name of ['bizoholic-staging', 'coreldove-staging', 'management-staging']) {
      expect(finished(events, name)?.status).toBe('done');
    }
    expect(run.log).toContain(
      `1 file changed since the deployed ${seed.slice(0, 7)} (2 commits: management-platform/src/admin.ts)`,
    );
    expect(run.log).toContain(
      "application 'coreldove-staging' in coreldove-platform/staging is application app-coreldove-staging",
    );
    expect(run.code).toBe(0);
    expectCleanRun(run);
  });

  test('a platform whose id secret is not set fails its leg with one line naming the secret, and deploys nothing', async () => {
    repo = seedMonorepo(fakes, 'staging');
    const before = repo.git('rev-parse', 'HEAD');
    const after = repo.commit('Change', { 'coreldove-platform/src/cart.ts': 'export const cart = 3;\n' });
    sandbox = await startSandbox({}, after);
    const run = await runAct({
      repo,
      event: 'push',
      payload: pushEvent(repo, 'staging', before, after),
      sandbox,
      environments: ['production'],
    });
    expect(requested(await sandbox.events())).toEqual([]);
    // The leg's failure line (what the run summary shows); act does not always print the output of
    // a step that fails within milliseconds, so the step's own ::error:: line is not asserted here.
    expect(run.log).toMatch(/Stage 1 · coreldove[^\]]*\]\s+❌\s+Failure - Main Check the target/);
    expect(jobOutputs(run.log, 'Stage 1/Deploy stage/Stage 1 · coreldove').failure).toBe(
      'coreldove: no Dokploy id for staging: set the secret DOKPLOY_CORELDOVE_STAGING_ID (if it is set, run dokploy-deploy init --sync)',
    );
    expect(run.code).not.toBe(0);
    expectCleanRun(run);
  });
});
