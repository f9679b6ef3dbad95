/**
 * dist/dokploy-deploy/index.js run the way the runner runs it (INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files), under the machine's Node and Node 24, against the Dokploy sandbox.
 * The bundle polls in real time (it is another process); the sandbox's builds run on a manual clock
 * that the test moves once the bundle has reported the build running.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { nodeBinaries, runBundle, type BundleRun } from '../support/bundle.js';
import { manualClock, type ManualClock } from '../support/clock.js';
import { TEST_KEY } from '../support/dokploy.js';
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js';

let sandbox: Sandbox | undefined;
let clock: ManualClock;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const ENV = {
  GITHUB_WORKFLOW: 'Deploy',
  GITHUB_RUN_ID: '5150',
  GITHUB_RUN_NUMBER: '12',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SHA: 'abcdef1234567890abcdef1234567890abcdef12',
  GITHUB_REPOSITORY: 'acme/mono',
};

async function start(deploy: Record<string, unknown>): Promise<Sandbox> {
  clock = manualClock();
  sandbox = await startSandbox({
    apiKey: TEST_KEY,
    clock: clock.passive,
    scenario: { services: [{ applicationId: 'app-web', name: 'web', history: ['done'], deploy }] },
  });
  return sandbox;
}

function inputs(s: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'dokploy-url': s.url,
    'api-key': TEST_KEY,
    'application-id': 'app-web',
    'poll-interval': '500ms',
    // The running check is not what these runs test (verified.test.ts and the integration tests do).
    'stable-for': '0',
    ...extra,
  };
}

/** An `onOutput` that ends the build (moves the sandbox's clock by `ms`) once the bundle saw it running. */
function endBuildWhenRunning(ms: number): (stdout: string) => void {
  let ended = false;
  return (stdout) => {
    if (ended || !/: running \(deployment /.test(stdout)) return;
    ended = true;
    void clock.advance(ms);
  };
}

/** The key is masked first, and appears nowhere else (the runner consumes the ::add-mask:: line). */
function expectKeyMasked(run: BundleRun): void {
  expect(run.stdout.startsWith(`::add-mask::${TEST_KEY}\n`)).toBe(true);
  expect(run.everything.replace(`::add-mask::${TEST_KEY}`, '')).not.toContain(TEST_KEY);
}

describe.each(nodeBinaries())('dokploy-deploy bundle under $label', ({ path: node }) => {
  test('deploys, follows its own record to done, and writes outputs and a summary row', async () => {
    const s = await start({ buildDuration: '700ms' });
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s),
      env: ENV,
      onOutput: endBuildWhenRunning(700),
    });
    const record = s.engine.services.get('app-web')!.deployments[0]!;
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      'deployment-id': record.deploymentId,
      status: 'done',
      'duration-seconds': expect.stringMatching(/^\d+$/),
      'dokploy-version': 'v0.30.2',
      rollback: 'none',
      'rolled-back-to': '',
      'rollback-detail': '',
      // A git-built application without Dokploy Rollbacks: nothing a later step could restore.
      'restore-point': '',
      'github-deployment-id': '',
    });
    expect(s.events[0]).toMatchObject({ type: 'deploy-requested', title: 'Deploy #12.1 abcdef1' });
    expect(run.summary).toContain('| Service | Deployment | Status | Duration | Notes |');
    expect(run.summary).toContain(`| application web \\(app-web\\) | \`${record.deploymentId}\` | ✅ done |`);
    expectKeyMasked(run);
  });

  test('fails with one line, the build log in a group and status error', async () => {
    const s = await start({ buildDuration: '300ms', outcome: 'error' });
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s, { 'log-lines': '1' }),
      env: ENV,
      onOutput: endBuildWhenRunning(300),
    });
    const id = s.engine.services.get('app-web')!.deployments[0]!.deploymentId;
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('error');
    expect(run.stdout).toContain(
      `::group::Build log of deployment ${id} (last 1 lines)\nError occurred ❌, check the logs for details.\n::endgroup::`,
    );
    expect(run.stdout).toContain(
      `::error::Deployment of application web (app-web) ended with status 'error': the last lines of its build log are in the log group above; the full log is on deployment ${id} in Dokploy`,
    );
    expect(run.summary).toContain('❌ error');
    expectKeyMasked(run);
  });

  test('rollback-to previous restores the kept deployment before the running one instead of deploying', async () => {
    sandbox = await startSandbox({
      apiKey: TEST_KEY,
      scenario: {
        services: [
          {
            applicationId: 'app-web',
            name: 'web',
            rollback: true,
            history: [
              { status: 'done', title: 'v1', description: 'first' },
              { status: 'done', title: 'v2', description: 'second' },
            ],
          },
        ],
      },
    });
    const [, v1] = sandbox.engine.services.get('app-web')!.deployments;
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(sandbox, { 'rollback-to': 'previous' }),
      env: ENV,
    });
    const to = `deployment ${v1!.deploymentId} ("v1")`;
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      status: 'done',
      rollback: 'restored',
      'rolled-back-to': to,
      'rollback-detail': expect.stringMatching(/^done in \d+ms \(running not checked\)$/),
      'restore-point': '',
    });
    // Nothing of the current source was deployed: no deploy request, one rollback.rollback.
    expect(sandbox.events.filter((e) => e.type === 'deploy-requested')).toEqual([]);
    expect(sandbox.requests.filter((r) => r.path.endsWith('rollback.rollback'))).toHaveLength(1);
    expect(run.summary).toContain('| ✅ done |');
    expect(run.summary).toContain(`rolled back to deployment ${v1!.deploymentId} \\("v1"\\), done in`);
    expectKeyMasked(run);
  });

  test('rejects a bad input in one line before any request', async () => {
    const s = await start({});
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s, { 'dokploy-url': 'ftp://dokploy.example.com', env: 'A=1\nnot a pair' }),
      env: ENV,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::Input 'dokploy-url' is 'ftp://dokploy.example.com': use an http(s) address such as https://dokploy.example.com",
    );
    expect(run.outputs.status).toBe('error');
    expect(s.requests).toEqual([]);
    expectKeyMasked(run);
  });

  test('stops on SIGTERM and says what it left running on Dokploy', async () => {
    const s = await start({ outcome: 'hang' });
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s),
      env: ENV,
      signal: { name: 'SIGTERM', afterOutput: /: running \(deployment / },
    });
    const id = s.engine.services.get('app-web')!.deployments[0]!.deploymentId;
    // The build never ends: exiting at all shows the wait stopped.
    expect(run.code).toBe(1);
    expect(run.outputs.status).toBe('cancelled');
    expect(run.stdout).toContain(
      `::error::Cancelled while waiting for deployment ${id} of application web (app-web) (status running): it keeps running on Dokploy, which cannot cancel a running build (self-hosted); check it in the Deployments tab`,
    );
    expectKeyMasked(run);
  });
});

describe('dokploy-deploy bundle: the deploy as a GitHub deployment (github-deployment)', () => {
  const node = nodeBinaries().at(-1)!.path;
  const TOKEN = 'ghs_deploymentsTok3n';
  let github: FakeGitHub | undefined;
  afterEach(async () => {
    await github?.stop();
    github = undefined;
  });
  const env = (g: FakeGitHub) => ({
    ...ENV,
    GITHUB_API_URL: g.url,
    GITHUB_SERVER_URL: 'https://github.example',
  });

  test('created before the deploy, in progress, then success with the log URL, the address and the Dokploy id', async () => {
    github = await startFakeGitHub({ token: TOKEN, now: () => Date.now() });
    const s = await start({ buildDuration: '300ms' });
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s, {
        'github-deployment': 'production',
        'environment-url': 'https://web.example.com',
        'github-token': TOKEN,
      }),
      env: env(github),
      onOutput: endBuildWhenRunning(300),
    });
    const record = s.engine.services.get('app-web')!.deployments[0]!;
    expect(run.code).toBe(0);
    expect(github.deployments).toEqual([
      {
        id: 1000,
        ref: ENV.GITHUB_SHA,
        environment: 'production',
        transient_environment: false,
        production_environment: true,
        description: 'Dokploy deploy of application app-web',
        statuses: [
          {
            state: 'in_progress',
            description: 'Deploying on Dokploy',
            log_url: 'https://github.example/acme/mono/actions/runs/5150/attempts/1',
            environment_url: 'https://web.example.com',
          },
          {
            state: 'success',
            description: `Dokploy deployment ${record.deploymentId}: done`,
            log_url: 'https://github.example/acme/mono/actions/runs/5150/attempts/1',
            environment_url: 'https://web.example.com',
          },
        ],
      },
    ]);
    expect(run.outputs['github-deployment-id']).toBe('1000');
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    expect(run.visible).not.toContain(TOKEN);
    expectKeyMasked(run);
  });

  test('a failed deploy is a failure status on a transient environment, with the one-line reason', async () => {
    github = await startFakeGitHub({ token: TOKEN, now: () => Date.now() });
    const s = await start({ buildDuration: '300ms', outcome: 'error' });
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s, { 'github-deployment': 'staging', 'github-token': TOKEN }),
      env: env(github),
      onOutput: endBuildWhenRunning(300),
    });
    expect(run.code).toBe(1);
    const [deployment] = github.deployments;
    expect(deployment).toMatchObject({ environment: 'staging', transient_environment: true });
    expect(deployment!.statuses.map((x) => x.state)).toEqual(['in_progress', 'failure']);
    expect(deployment!.statuses[1]!.description).toMatch(
      /^Dokploy deployment \S+: Deployment of application web \(app-web\) ended with status 'error'/,
    );
    expect(deployment!.statuses[1]!.description.length).toBeLessThanOrEqual(140);
  });

  test('a token without deployments: write is one warning naming the permission; the deploy goes on', async () => {
    github = await startFakeGitHub({ token: TOKEN, now: () => Date.now() });
    github.script({ status: 403, message: 'Resource not accessible by integration' });
    const s = await start({ buildDuration: '300ms' });
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s, { 'github-deployment': 'production', 'github-token': TOKEN }),
      env: env(github),
      onOutput: endBuildWhenRunning(300),
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'done', 'github-deployment-id': '' });
    expect(run.stdout).toContain(
      "::warning::Could not record the GitHub deployment: GitHub POST /repos/acme/mono/deployments answered 403 (Resource not accessible by integration): give the job 'deployments: write' permission (and pass its github.token as 'github-token')",
    );
    expect(github.deployments).toEqual([]);
    expect(run.visible).not.toContain(TOKEN);
  });

  test.each([
    [
      { 'github-deployment': 'prod;uction' },
      "Input 'github-deployment' is 'prod;uction': use the GitHub environment's name, e.g. production (at most 255 characters, no commas or semicolons)",
    ],
    [
      { 'github-deployment': 'production', 'environment-url': 'web.example.com' },
      "Input 'environment-url' is 'web.example.com': use the http(s) address people open, e.g. https://web.example.com",
    ],
    [
      { 'environment-url': 'https://web.example.com' },
      "Input 'environment-url' is 'https://web.example.com': needs 'github-deployment' (the GitHub environment it is the address of)",
    ],
    [
      { 'github-deployment': 'production', 'github-token': '' },
      "Input 'github-token': is required with 'github-deployment': pass ${{ github.token }} (the default) with 'deployments: write'",
    ],
  ])('refuses %j in one line before any request', async (extra, message) => {
    const s = await start({ buildDuration: '300ms' });
    const run = await runBundle('dokploy-deploy', {
      node,
      inputs: inputs(s, { 'github-token': TOKEN, ...extra }),
      env: ENV,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error::${message}\n`);
    expect(s.requests).toEqual([]);
    expect(run.visible).not.toContain(TOKEN);
  });
});
