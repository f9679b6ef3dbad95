/**
 * The deploy flow against the real sandbox over HTTP: one test per behaviour and per fault.
 * Polls run every 50 ms (settings built directly; the input's floor is 500 ms). The deploy core and
 * the sandbox share one manual clock: each poll's sleep moves time, and the builds, queue delays and
 * restarts it reaches happen before the next poll, so no test waits for a build in real time.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { runDeploy, type DeployResult } from '../../src/dokploy-deploy/deploy.js';
import type { DeploySettings } from '../../src/dokploy-deploy/settings.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { manualClock, type ManualClock } from '../support/clock.js';
import { makeSettings, TEST_KEY } from '../support/dokploy.js';
import { recordingLogger, type RecordingLogger } from '../support/logger.js';

const SHA = 'abcdef1234567890abcdef1234567890abcdef12';
let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

interface Run {
  result: DeployResult | undefined;
  error: Error | undefined;
  log: RecordingLogger;
  sandbox: Sandbox;
  /** Requests as "METHOD /path status". */
  calls: string[];
  clock: ManualClock;
}

async function deploy(
  scenario: Record<string, unknown>,
  overrides: Partial<DeploySettings> = {},
  options: { signal?: AbortSignal; before?: (s: Sandbox) => Promise<void>; log?: RecordingLogger } = {},
): Promise<Run> {
  const clock = manualClock();
  sandbox = await startSandbox({ apiKey: TEST_KEY, scenario, clock: clock.passive });
  await options.before?.(sandbox);
  const log = options.log ?? recordingLogger();
  const { signal } = options;
  const settings = makeSettings({ dokployUrl: sandbox.url, ...overrides });
  let result: DeployResult | undefined;
  let error: Error | undefined;
  try {
    result = await runDeploy(settings, {
      clock,
      fetch: globalThis.fetch,
      log,
      ...(signal ? { signal } : {}),
    });
  } catch (e) {
    error = e as Error;
  }
  // In every scenario the key appears in no output, log, result or error.
  const everything = [
    log.text(),
    JSON.stringify(result ?? {}),
    result?.failure?.message ?? '',
    error?.message ?? '',
  ].join('\n');
  expect(everything).not.toContain(TEST_KEY);
  const calls = sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
  return { result, error, log, sandbox, calls, clock };
}

const web = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  applicationId: 'app-web',
  name: 'web',
  history: ['done'],
  commit: { sha: '1111111111111111111111111111111111111111', message: 'Other commit' },
  deploy: { buildDuration: '200ms' },
  ...over,
});
const deploysRequested = (s: Sandbox): number => s.events.filter((e) => e.type === 'deploy-requested').length;

describe('dokploy-deploy flow', () => {
  it('deploys an application and follows its own record to done', async () => {
    const run = await deploy({ services: [web()] });
    const record = run.sandbox.engine.services.get('app-web')!.deployments[0]!;
    expect(run.result).toMatchObject({
      label: 'application web (app-web)',
      status: 'done',
      deploymentId: record.deploymentId,
      matchedBy: 'marker',
      dokployVersion: 'v0.30.2',
      failure: undefined,
    });
    expect(run.calls.slice(0, 4)).toEqual([
      'GET /api/settings.getDokployVersion 200',
      'GET /api/application.one 200',
      'GET /api/deployment.all 200',
      'POST /api/application.deploy 200',
    ]);
    // Recognised by its title: the queue is never needed.
    expect(run.calls).not.toContain('GET /api/deployment.queueList 200');
    expect(run.sandbox.events[0]).toMatchObject({ type: 'deploy-requested', title: 'CI #7.1 abcdef1' });
    expect(run.log.text()).toContain(
      `info: Deployment ${record.deploymentId} of application web (app-web) is done`,
    );
  });

  it('deploys a compose stack', async () => {
    const run = await deploy(
      { services: [{ composeId: 'cmp-db', name: 'db', deploy: { buildDuration: '100ms' } }] },
      {
        target: { kind: 'compose', id: 'cmp-db' },
      },
    );
    expect(run.result).toMatchObject({ status: 'done', label: 'compose db (cmp-db)', matchedBy: 'marker' });
    expect(run.calls).toContain('POST /api/compose.deploy 200');
    expect(run.calls).toContain('GET /api/deployment.allByCompose 200');
  });

  it('redeploys with application.redeploy', async () => {
    const run = await deploy({ services: [web()] }, { action: 'redeploy' });
    expect(run.result?.status).toBe('done');
    expect(run.calls).toContain('POST /api/application.redeploy 200');
    expect(run.sandbox.events[0]).toMatchObject({ action: 'redeploy' });
  });

  it('returns queued without polling when wait is false', async () => {
    const run = await deploy({ services: [web()] }, { wait: false });
    expect(run.result).toMatchObject({ status: 'queued', deploymentId: undefined, failure: undefined });
    expect(run.calls.at(-1)).toBe('POST /api/application.deploy 200');
  });

  it('ends in error with the last build-log lines in a log group and one clear line', async () => {
    const run = await deploy(
      { services: [web({ deploy: { buildDuration: '100ms', outcome: 'error' } })] },
      { logLines: 3 },
    );
    const id = run.result?.deploymentId;
    expect(run.result?.status).toBe('error');
    expect(run.result?.failure?.message).toBe(
      `Deployment of application web (app-web) ended with status 'error': the last lines of its build log are in the log group above; the full log is on deployment ${id} in Dokploy`,
    );
    const text = run.log.text();
    expect(text).toContain(
      // Dokploy v0.30.2 leaves an empty line before "Error occurred" (checked against a real server).
      `group: Build log of deployment ${id} (last 3 lines)\ninfo: ERROR: failed to solve: process "/bin/sh -c npm run build" did not complete successfully: exit code: 1\ninfo: \ninfo: Error occurred ❌, check the logs for details.`,
    );
    expect(text).not.toContain('Step 5/5');
  });

  it('times out on a build that never ends and says it keeps running', async () => {
    const run = await deploy({ services: [web({ deploy: { outcome: 'hang' } })] }, { timeoutMs: 700 });
    const id = run.sandbox.engine.services.get('app-web')!.deployments[0]!.deploymentId;
    expect(run.result).toMatchObject({ status: 'timeout', deploymentId: id });
    expect(run.result?.failure?.message).toMatch(
      new RegExp(
        `^Timed out after \\d+\\.\\ds waiting for application web \\(app-web\\) to finish deploying; last state: deployment ${id} of application web \\(app-web\\) \\(status running\\); it keeps running on Dokploy, which cannot cancel a running build \\(self-hosted\\); check it in the Deployments tab$`,
      ),
    );
  });

  it('reports cancelled when Dokploy restarts mid-build', async () => {
    const run = await deploy({ services: [web({ deploy: { outcome: 'hang', restartAfter: '200ms' } })] });
    const id = run.result?.deploymentId;
    expect(run.result?.status).toBe('cancelled');
    expect(run.result?.failure?.message).toBe(
      `Deployment of application web (app-web) ended with status 'cancelled': Dokploy cancelled deployment ${id} (a restart of Dokploy cancels running builds): deploy again`,
    );
  });

  it('tells a lost job from a queued one: a restart drops the waiting job and no record ever appears', async () => {
    // Dokploy restarts while the run's job waits behind another service's build.
    const log = recordingLogger();
    const info = log.info;
    log.info = (message: string) => {
      info(message);
      if (message.includes('queued in Dokploy, position 2')) sandbox?.engine.restart();
    };
    const run = await deploy(
      { services: [{ applicationId: 'app-infra', name: 'infra', deploy: { outcome: 'hang' } }, web()] },
      {},
      {
        before: (s) => post(s, 'application.deploy', { applicationId: 'app-infra', title: 'other run' }),
        log,
      },
    );
    expect(run.result).toMatchObject({ status: 'cancelled', deploymentId: undefined });
    expect(run.result?.failure?.message).toBe(
      "Deployment of application web (app-web) ended with status 'cancelled': the deploy job left Dokploy's queue without creating a deployment record (a Dokploy restart drops waiting jobs since v0.29.9): deploy again",
    );
    expect(run.log.text()).toMatch(
      /application web \(app-web\): queued in Dokploy, position 2 \(1 job ahead\)/,
    );
    expect(run.sandbox.engine.services.get('app-web')!.deployments).toHaveLength(1);
  });

  it('ignores a competing deploy by another actor and follows its own record', async () => {
    const run = await deploy({
      services: [web({ deploy: { buildDuration: '1s', competing: 'before' } })],
    });
    const started = run.sandbox.events.filter((e) => e.type === 'deployment-started');
    expect(started.map((e) => e.actor)).toEqual(['competitor', 'api']);
    expect(run.result).toMatchObject({
      status: 'done',
      matchedBy: 'marker',
      deploymentId: started[1]!.deploymentId,
    });
    expect(run.log.text()).toContain('queued in Dokploy, position 2 (1 job ahead)');
  });

  it('is not fooled by a competing deploy of the same commit that ends first', async () => {
    const run = await deploy({
      services: [
        web({
          commit: { sha: SHA, message: 'Same push' },
          deploy: { buildDuration: '1s', competing: 'before' },
        }),
      ],
    });
    const mine = run.sandbox.events.find((e) => e.type === 'deployment-started' && e.actor === 'api');
    expect(run.result).toMatchObject({
      status: 'done',
      matchedBy: 'marker',
      deploymentId: mine?.deploymentId,
    });
  });

  it("recognises its record by 'Commit: <sha>' when the title was rewritten before the first poll", async () => {
    const run = await deploy(
      { services: [web({ commit: { sha: SHA, message: 'Fix cache' }, deploy: { buildDuration: 0 } })] },
      { pollIntervalMs: 300 },
    );
    expect(run.result).toMatchObject({ status: 'done', matchedBy: 'commit' });
    expect(run.log.text()).toContain('by its commit (Dokploy rewrote the title)');
  });

  it('takes a lone new record with a warning when neither title nor commit match', async () => {
    const run = await deploy({ services: [web({ deploy: { buildDuration: 0 } })] }, { pollIntervalMs: 300 });
    expect(run.result).toMatchObject({ status: 'done', matchedBy: 'lone' });
    expect(run.log.entries).toContainEqual({
      level: 'warning',
      message: `Deployment ${run.result?.deploymentId} of application web (app-web) does not carry this run's title; following it as the only new deployment`,
    });
  });

  it('warns that Dokploy before v0.25 ignores titles, and still follows the only new record', async () => {
    const run = await deploy({ version: 'v0.24.12', services: [web()] });
    expect(run.result).toMatchObject({ status: 'done', matchedBy: 'lone', dokployVersion: 'v0.24.12' });
    expect(run.log.text()).toContain('warning: Dokploy v0.24.12 ignores deploy titles (added in v0.25.0)');
  });

  it('deploys on Dokploy v0.28.0, which served slash paths only', async () => {
    const run = await deploy({ version: 'v0.28.0', services: [web()] });
    expect(run.result).toMatchObject({ status: 'done', matchedBy: 'marker', dokployVersion: 'v0.28.0' });
    expect(run.calls).toContain('POST /api/application/deploy 200');
  });

  it('merges env into an application, keeping build args and never printing values', async () => {
    const run = await deploy(
      { services: [web({ env: 'A=1\nKEEP=yes' })] },
      {
        env: [
          ['A', 'secret-value-1'],
          ['NEW', 'secret-value-2'],
        ],
      },
    );
    expect(run.result?.status).toBe('done');
    expect(run.sandbox.engine.services.get('app-web')!.env).toBe(
      'A=secret-value-1\nKEEP=yes\nNEW=secret-value-2',
    );
    expect(run.log.text()).toContain(
      'info: Environment of application web (app-web) merged into: A, NEW (values not shown)',
    );
    expect(run.log.text()).not.toContain('secret-value');
    expect(run.calls.indexOf('POST /api/application.saveEnvironment 200')).toBeLessThan(
      run.calls.indexOf('POST /api/application.deploy 200'),
    );
  });

  it('replaces a compose environment, with compose.update on Dokploy before v0.29', async () => {
    const run = await deploy(
      {
        version: 'v0.28.3',
        services: [{ composeId: 'cmp', name: 'db', env: 'OLD=1', deploy: { buildDuration: '50ms' } }],
      },
      { target: { kind: 'compose', id: 'cmp' }, env: [['B', '2']], envMode: 'replace' },
    );
    expect(run.result?.status).toBe('done');
    expect(run.calls).toContain('POST /api/compose.update 200');
    expect(run.sandbox.engine.services.get('cmp')!.env).toBe('B=2');
  });

  it('sets the image of a docker-sourced application before deploying', async () => {
    const run = await deploy(
      { services: [web({ sourceType: 'docker', dockerImage: 'ghcr.io/acme/web:1' })] },
      {
        dockerImage: 'ghcr.io/acme/web:2',
      },
    );
    expect(run.result?.status).toBe('done');
    expect(run.sandbox.engine.services.get('app-web')!.dockerImage).toBe('ghcr.io/acme/web:2');
    expect(run.log.text()).toContain(
      'Set the image of application web (app-web) to ghcr.io/acme/web:2 (was ghcr.io/acme/web:1)',
    );
  });

  it('refuses docker-image for an application built from git, before deploying', async () => {
    const run = await deploy({ services: [web()] }, { dockerImage: 'ghcr.io/acme/web:2' });
    expect(run.error?.message).toBe(
      "Input 'docker-image' is set but application web (app-web) is built from its github source, not a Docker image: remove 'docker-image' or switch the application's source to Docker in Dokploy",
    );
    expect(deploysRequested(run.sandbox)).toBe(0);
  });

  it('rolls back to the last good deployment on error when asked, and says so', async () => {
    const run = await deploy(
      {
        services: [
          web({
            rollback: true,
            history: ['done', 'error'],
            deploy: { buildDuration: '50ms', outcome: 'error' },
          }),
        ],
      },
      { rollback: 'on-failure' },
    );
    const good = run.sandbox.engine.services.get('app-web')!.deployments.find((d) => d.status === 'done')!;
    const to = `deployment ${good.deploymentId} ("Earlier deployment 1")`;
    expect(run.result).toMatchObject({ status: 'error', rollback: { method: 'rollback', to, ok: true } });
    expect(run.calls).toContain('POST /api/rollback.rollback 200');
    expect(run.result?.failure?.message).toMatch(
      new RegExp(
        `; rolled back to deployment ${good.deploymentId} \\("Earlier deployment 1"\\), done in .+ \\(running not checked\\)$`,
      ),
    );
    expect(run.log.text()).toContain(`Rolling application web (app-web) back to ${to}`);
  });

  it('does not roll back an application without rollback images, and warns', async () => {
    const run = await deploy(
      { services: [web({ deploy: { buildDuration: '50ms', outcome: 'error' } })] },
      { rollback: 'on-failure' },
    );
    expect(run.result).toMatchObject({ status: 'error', rollback: undefined });
    expect(run.log.text()).toContain(
      'warning: Not rolled back: application web is built from its github source and keeps no rollback images (turn on Rollbacks with a registry in Dokploy)',
    );
    expect(run.calls.some((c) => c.includes('rollback.rollback'))).toBe(false);
  });
});

describe('dokploy-deploy faults', () => {
  it('retries initial 5xx answers and succeeds', async () => {
    const run = await deploy({
      services: [web()],
      faults: [{ procedure: 'settings.getDokployVersion', kind: 'status', status: 503, times: 2 }],
    });
    expect(run.result?.status).toBe('done');
    expect(run.calls.slice(0, 3)).toEqual([
      'GET /api/settings.getDokployVersion 503',
      'GET /api/settings.getDokployVersion 503',
      'GET /api/settings.getDokployVersion 200',
    ]);
  });

  it('keeps polling through failing polls (5xx, malformed JSON, slow answers) and ends done', async () => {
    const run = await deploy({
      services: [web({ deploy: { buildDuration: '3s' } })],
      faults: [
        { procedure: 'deployment.all', kind: 'status', status: 500, skip: 2, times: 1 },
        { procedure: 'deployment.all', kind: 'malformed-json', skip: 4, times: 1 },
        { procedure: 'deployment.all', kind: 'slow', delay: '150ms', skip: 5, times: 1 },
      ],
    });
    expect(run.result?.status).toBe('done');
    expect(run.log.text()).toContain(
      'info: GET /api/deployment.all: attempt 1 of 4 failed (500 Internal Server Error)',
    );
    expect(run.log.text()).toMatch(
      /warning: Dokploy GET \/api\/deployment.all answered 200 OK with a body that is not JSON.*; polling again/,
    );
  });

  it('fails before deploying on an HTML 403 from a proxy', async () => {
    const run = await deploy({ services: [web()], faults: [{ kind: 'html-403', times: 0 }] });
    expect(run.error?.message).toBe(
      "Dokploy GET /api/settings.getDokployVersion answered 403 Forbidden with an HTML page instead of Dokploy's JSON: a proxy or firewall in front of Dokploy answered (Cloudflare bot protection blocks CI runners): allow the runner's requests to /api/* or use a URL that reaches Dokploy directly",
    );
    expect(deploysRequested(run.sandbox)).toBe(0);
  });

  it('fails before deploying on a wrong key (401) and on an unknown id (404)', async () => {
    const bad = await deploy({ services: [web()] }, { apiKey: 'not-the-key-000' });
    expect(bad.error?.message).toBe(
      "Dokploy GET /api/settings.getDokployVersion answered 401 Unauthorized: check that 'api-key' holds a valid Dokploy API key (Profile → API/CLI Keys) with access to this Dokploy server",
    );
    expect(bad.log.text() + bad.error?.message).not.toContain('not-the-key-000');
    await sandbox?.close();
    const unknown = await deploy({ services: [web()] }, { target: { kind: 'application', id: 'nope' } });
    expect(unknown.error?.message).toBe(
      'Dokploy GET /api/application.one answered 404 Not Found ("Application not found"): check the id: Dokploy has no application nope',
    );
    expect(deploysRequested(unknown.sandbox)).toBe(0);
  });

  it('does not deploy twice when the connection drops after Dokploy took the deploy', async () => {
    const run = await deploy({
      services: [web({ deploy: { buildDuration: '1500ms' } })],
      faults: [{ procedure: 'application.deploy', kind: 'reset', processed: true }],
    });
    expect(run.result).toMatchObject({ status: 'done', matchedBy: 'marker' });
    expect(deploysRequested(run.sandbox)).toBe(1);
    expect(run.calls.filter((c) => c.startsWith('POST /api/application.deploy'))).toEqual([
      'POST /api/application.deploy 0',
    ]);
    expect(run.log.text()).toContain('The deploy had reached Dokploy; not sending it again');
  });

  it('sends the deploy again when the dropped request never reached Dokploy', async () => {
    const run = await deploy({
      services: [web()],
      faults: [{ procedure: 'application.deploy', kind: 'reset' }],
    });
    expect(run.result?.status).toBe('done');
    expect(deploysRequested(run.sandbox)).toBe(1);
    expect(run.calls.filter((c) => c.startsWith('POST /api/application.deploy'))).toEqual([
      'POST /api/application.deploy 0',
      'POST /api/application.deploy 200',
    ]);
  });

  it('checks before sending a deploy again after a 503 on the deploy call, and deploys once', async () => {
    const run = await deploy({
      services: [web()],
      faults: [{ procedure: 'application.deploy', kind: 'status', status: 503 }],
    });
    expect(run.result?.status).toBe('done');
    expect(run.calls.filter((c) => c.startsWith('POST /api/application.deploy'))).toEqual([
      'POST /api/application.deploy 503',
      'POST /api/application.deploy 200',
    ]);
    const between = run.calls.slice(run.calls.indexOf('POST /api/application.deploy 503'));
    expect(between.slice(1, 3)).toEqual(['GET /api/deployment.queueList 200', 'GET /api/deployment.all 200']);
    expect(deploysRequested(run.sandbox)).toBe(1);
  });

  it('stops polling promptly when cancelled and says what it left running', async () => {
    const controller = new AbortController();
    const log = recordingLogger();
    const info = log.info;
    log.info = (message: string) => {
      info(message);
      if (message.includes(': running (deployment')) controller.abort();
    };
    const run = await deploy(
      { services: [web({ deploy: { outcome: 'hang' } })] },
      {},
      { signal: controller.signal, log },
    );
    const id = run.result?.deploymentId;
    expect(run.result?.status).toBe('cancelled');
    expect(run.result?.failure?.message).toBe(
      `Cancelled while waiting for deployment ${id} of application web (app-web) (status running): it keeps running on Dokploy, which cannot cancel a running build (self-hosted); check it in the Deployments tab`,
    );
    // Ten more seconds pass and no poll comes.
    const requestsAtCancel = run.sandbox.requests.length;
    await run.clock.advance(10_000);
    expect(run.sandbox.requests.length).toBe(requestsAtCancel);
  });

  it('says nothing was deployed when cancelled before the deploy', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await deploy({ services: [web()] }, {}, { signal: controller.signal });
    expect(run.error?.message).toBe(
      'Cancelled while preparing the deploy of application app-web: nothing was deployed',
    );
    expect(deploysRequested(run.sandbox)).toBe(0);
  });
});

function post(s: Sandbox, procedure: string, body: Record<string, unknown>): Promise<void> {
  return fetch(`${s.url}/api/${procedure}`, {
    method: 'POST',
    headers: { 'x-api-key': TEST_KEY, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => {
    await r.text();
  });
}

describe('done means running (stable-for) and rollbacks, against the sandbox', () => {
  const docker = (over: Record<string, unknown> = {}): Record<string, unknown> =>
    web({ sourceType: 'docker', dockerImage: 'ghcr.io/acme/web:1', ...over });
  const verified = { stableForMs: 2000 };

  it('passes once the new task has run for stable-for without a restart', async () => {
    const run = await deploy({ services: [docker()] }, verified);
    expect(run.result).toMatchObject({ status: 'done', failure: undefined, rollback: undefined });
    expect(run.result!.runningCheckedMs).toBeGreaterThanOrEqual(2000);
    expect(
      run.calls.filter((c) => c.startsWith('GET /api/docker.getServiceContainersByAppName 200')).length,
    ).toBeGreaterThan(2);
    expect(run.log.text()).toContain('application web (app-web) runs: no restart for 2.0s');
  });

  it('ends unhealthy on a crash loop under a done record, naming the task state and error, with the container log', async () => {
    const run = await deploy(
      { services: [docker({ deploy: { buildDuration: '50ms', afterDone: 'crash-loop' } })] },
      verified,
    );
    expect(run.result?.status).toBe('unhealthy');
    expect(run.sandbox.engine.services.get('app-web')!.deployments[0]!.status).toBe('done');
    expect(run.result?.failure?.message).toBe(
      "Deployment of application web (app-web) ended with status 'unhealthy': Dokploy says done, but task web-pp-web.1 failed: task: non-zero exit (1); the container's last log lines are in the log group above",
    );
    expect(run.log.text()).toContain('group: Container log of application web (app-web) (last 100 lines)');
    expect(run.log.text()).toMatch(/Z web-pp-web ghcr\.io\/acme\/web:1: exiting with code 1/);
    expect(run.calls).toContain('GET /api/application.readLogs 200');
  });

  it('ends unhealthy when Swarm rolls the update back by itself', async () => {
    const run = await deploy(
      { services: [docker({ deploy: { buildDuration: '50ms', afterDone: 'auto-rollback' } })] },
      verified,
    );
    expect(run.result?.status).toBe('unhealthy');
    expect(run.result?.failure?.message).toContain('task web-pp-web.1 failed: task: non-zero exit (1)');
  });

  it('ends unhealthy when the new task stays pending for two minutes', async () => {
    const run = await deploy(
      { services: [docker({ deploy: { buildDuration: '50ms', afterDone: 'stuck' } })] },
      { ...verified, timeoutMs: 10 * 60_000 },
    );
    expect(run.result?.status).toBe('unhealthy');
    expect(run.result?.failure?.message).toMatch(
      /Dokploy says done, but task web-pp-web\.1 pending: no suitable node \(host-mode port already in use on 1 node\) for 2m 0\ds/,
    );
  });

  it('ends unhealthy when a late crash comes within the window, and passes a window that ends before it', async () => {
    const late = { services: [docker({ deploy: { buildDuration: '50ms', afterDone: 'late-crash' } })] };
    expect((await deploy(late, { stableForMs: 10_000 })).result?.status).toBe('unhealthy');
    await sandbox?.close();
    expect((await deploy(late, { stableForMs: 3000 })).result?.status).toBe('done');
  });

  it('says once that the key lacks docker:read and falls back to the record', async () => {
    const run = await deploy(
      {
        services: [docker({ deploy: { buildDuration: '50ms', afterDone: 'crash-loop' } })],
        faults: [{ procedure: 'docker.getServiceContainersByAppName', kind: 'unauthorized', times: 0 }],
      },
      verified,
    );
    expect(run.result).toMatchObject({ status: 'done', runningCheckedMs: undefined });
    const warnings = run.log
      .text()
      .split('\n')
      .filter((l) => l.includes('docker:read'));
    expect(warnings).toEqual([
      'warning: Not checking that application web (app-web) keeps running: the API key may not list its containers (Dokploy answered 401 to /api/docker.getServiceContainersByAppName; give the key\'s user the docker:read permission, "Access to Docker"); health targets still apply',
    ]);
  });

  it('checks a compose stack by its containers: a restarting container is unhealthy', async () => {
    const stack = {
      composeId: 'cmp-1',
      name: 'infra',
      sourceType: 'raw',
      history: ['done'],
      deploy: { buildDuration: '50ms', afterDone: 'crash-loop' },
    };
    const run = await deploy(
      { services: [stack] },
      { ...verified, target: { kind: 'compose', id: 'cmp-1' } },
    );
    expect(run.result?.status).toBe('unhealthy');
    expect(run.result?.failure?.message).toMatch(
      /Dokploy says done, but container infra-cmp-1-web-1 restarting \(Restarting \(1\) /,
    );
    expect(run.calls).toContain('GET /api/compose.readLogs 200');
  });

  it('rollback on-unhealthy: restores the kept rollback image and reports both outcomes; the step still fails', async () => {
    const run = await deploy(
      { services: [docker({ rollback: true, deploy: { buildDuration: '50ms', afterDone: 'crash-loop' } })] },
      { ...verified, rollback: 'on-unhealthy' },
    );
    expect(run.result).toMatchObject({ status: 'unhealthy', rollback: { method: 'rollback', ok: true } });
    expect(run.calls).toContain('POST /api/rollback.rollback 200');
    expect(run.result?.failure?.message).toMatch(
      /ended with status 'unhealthy': Dokploy says done, but task .* failed: task: non-zero exit \(1\).*; rolled back to deployment dep-\S+ \("Earlier deployment 1"\), running again in \d/,
    );
  });

  it('rollback on-unhealthy without rollback images: the image recorded before the deploy, deployed and followed', async () => {
    const run = await deploy(
      {
        services: [
          docker({
            deploys: [{ buildDuration: '50ms', afterDone: 'crash-loop' }, { buildDuration: '50ms' }],
          }),
        ],
      },
      { ...verified, rollback: 'on-unhealthy', dockerImage: 'ghcr.io/acme/web:2' },
    );
    expect(run.result).toMatchObject({
      status: 'unhealthy',
      rollback: { method: 'image', to: 'image ghcr.io/acme/web:1', ok: true },
    });
    const service = run.sandbox.engine.services.get('app-web')!;
    expect(service.dockerImage).toBe('ghcr.io/acme/web:1');
    expect(service.deployments[0]).toMatchObject({ status: 'done', title: 'Rollback: CI #7.1 abcdef1' });
    expect(run.result?.failure?.message).toMatch(
      /; rolled back to image ghcr\.io\/acme\/web:1, running again in /,
    );
  });

  it('rollback of a compose stack: the compose file and environment read before the deploy', async () => {
    const stack = {
      composeId: 'cmp-1',
      name: 'infra',
      sourceType: 'raw',
      env: 'MODE=good',
      history: ['done'],
      deploys: [{ buildDuration: '50ms', afterDone: 'crash-loop' }, { buildDuration: '50ms' }],
    };
    const run = await deploy(
      { services: [stack] },
      {
        ...verified,
        rollback: 'on-failure',
        target: { kind: 'compose', id: 'cmp-1' },
        env: [['MODE', 'broken']],
      },
    );
    expect(run.result).toMatchObject({ status: 'unhealthy', rollback: { method: 'compose', ok: true } });
    expect(run.sandbox.engine.services.get('cmp-1')!.env).toBe('MODE=good');
    expect(run.calls).toContain('POST /api/compose.update 200');
  });

  it('rollback on-unhealthy leaves a build error alone; a failed rollback is reported as such', async () => {
    const built = await deploy(
      { services: [docker({ rollback: true, deploy: { buildDuration: '50ms', outcome: 'error' } })] },
      { ...verified, rollback: 'on-unhealthy' },
    );
    expect(built.result).toMatchObject({ status: 'error', rollback: undefined });
    await sandbox?.close();
    const broken = await deploy(
      {
        services: [
          docker({
            deploys: [
              { buildDuration: '50ms', afterDone: 'crash-loop' },
              { buildDuration: '50ms', afterDone: 'crash-loop' },
            ],
          }),
        ],
      },
      { ...verified, rollback: 'on-unhealthy', dockerImage: 'ghcr.io/acme/web:2' },
    );
    expect(broken.result).toMatchObject({ status: 'unhealthy', rollback: { ok: false } });
    expect(broken.result?.failure?.message).toMatch(
      /; rollback to image ghcr\.io\/acme\/web:1 failed: it does not run either: task .* failed: task: non-zero exit \(1\)$/,
    );
  });
});

describe('dokploy-deploy flow: a target by name', () => {
  const services = [
    web({ project: 'web-platform', environment: 'production' }),
    web({ applicationId: 'app-web-staging', project: 'web-platform', environment: 'staging' }),
    { composeId: 'cmp-web', name: 'web', project: 'web-platform', environment: 'staging' },
  ];

  it('resolves project, environment and name through one project.all, then deploys that service', async () => {
    const run = await deploy(
      { services },
      {
        target: { kind: 'application', id: '' },
        targetNames: { project: 'web-platform', environment: 'staging', service: 'web' },
      },
    );
    expect(run.error).toBeUndefined();
    expect(run.result?.status).toBe('done');
    expect(run.calls.filter((c) => c.startsWith('GET /api/project.all'))).toHaveLength(1);
    expect(run.sandbox.events.find((e) => e.type === 'deploy-requested')).toMatchObject({
      serviceId: 'app-web-staging',
    });
    expect(run.log.text()).toContain(
      "application 'web' in web-platform/staging is application app-web-staging",
    );
  });

  it('fails before any deploy with the candidates when the name is not in that environment', async () => {
    const run = await deploy(
      { services },
      {
        target: { kind: 'application', id: '' },
        targetNames: { project: 'web-platform', environment: 'preview', service: 'web' },
      },
    );
    expect(run.error?.message).toBe(
      "Environment 'preview' of Dokploy project 'web-platform' was not found (known: 'production', 'staging')",
    );
    expect(deploysRequested(run.sandbox)).toBe(0);
  });
});

describe('pre- and post-deploy commands, against the sandbox (which runs them with sh -c)', () => {
  const docker = (over: Record<string, unknown> = {}): Record<string, unknown> =>
    web({ sourceType: 'docker', dockerImage: 'ghcr.io/acme/web:1', ...over });

  it('runs pre-deploy in the old version and post-deploy in the new one, logs both, deletes the schedules', async () => {
    const run = await deploy(
      { services: [docker()] },
      {
        dockerImage: 'ghcr.io/acme/web:2',
        stableForMs: 500,
        preDeploy: 'echo "migrating on $SANDBOX_VERSION"',
        postDeploy: 'echo "checking $SANDBOX_VERSION"',
      },
    );
    expect(run.result).toMatchObject({ status: 'done', failure: undefined });
    expect(run.result!.hooks.map((h) => h.phase)).toEqual(['pre-deploy', 'post-deploy']);
    expect(run.log.text()).toContain('migrating on ghcr.io/acme/web:1');
    expect(run.log.text()).toContain('checking ghcr.io/acme/web:2');
    expect(run.log.text()).toContain('group: Log of the pre-deploy command in application web (app-web)');
    const order = run.calls.filter((c) => /schedule\.|application\.deploy|saveDockerProvider/.test(c));
    expect(order).toEqual([
      'POST /api/schedule.create 200',
      'POST /api/schedule.runManually 200',
      'POST /api/schedule.delete 200',
      'POST /api/application.saveDockerProvider 200',
      'POST /api/application.deploy 200',
      'POST /api/schedule.create 200',
      'POST /api/schedule.runManually 200',
      'POST /api/schedule.delete 200',
    ]);
  });

  it('a failing pre-deploy stops before anything changes, with its stderr in one line', async () => {
    const run = await deploy(
      { services: [docker()] },
      { dockerImage: 'ghcr.io/acme/web:2', preDeploy: 'echo "duplicate column: email" >&2; exit 2' },
    );
    expect(run.result).toMatchObject({
      status: 'error',
      failure: { phase: 'pre-deploy' },
      deploymentId: undefined,
    });
    expect(run.result?.failure?.message).toBe(
      'The pre-deploy command failed in application web (app-web): duplicate column: email; its log is in the log group above; nothing was deployed',
    );
    expect(deploysRequested(run.sandbox)).toBe(0);
    expect(run.calls).not.toContain('POST /api/application.saveDockerProvider 200');
    expect(run.calls).toContain('POST /api/schedule.delete 200');
  });

  it('pre-deploy on a service that never ran: Dokploy finds no container, one line says so', async () => {
    const run = await deploy({ services: [docker({ history: [] })] }, { preDeploy: 'true' });
    expect(run.result?.failure?.message).toBe(
      "The pre-deploy command failed in application web (app-web): Container not found for application 'web-pp-web', make sure the service is running; its log is in the log group above; nothing was deployed",
    );
  });

  it('a failing post-deploy fails the deploy and, with rollback on-unhealthy, restores the image before', async () => {
    const run = await deploy(
      { services: [docker()] },
      {
        dockerImage: 'ghcr.io/acme/web:2',
        stableForMs: 500,
        postDeploy: 'echo "smoke: 500 from /api/health" >&2; exit 1',
        rollback: 'on-unhealthy',
      },
    );
    expect(run.result).toMatchObject({
      status: 'error',
      rollback: { method: 'image', ok: true },
    });
    expect(run.result?.failure?.message).toMatch(
      /^The post-deploy command failed in application web \(app-web\): smoke: 500 from \/api\/health; its log is in the log group above; rolled back to image ghcr\.io\/acme\/web:1, /,
    );
  });

  it('a compose stack runs the commands in the named service', async () => {
    const run = await deploy(
      {
        services: [
          {
            composeId: 'cmp-1',
            name: 'stack',
            kind: 'compose',
            history: ['done'],
            deploy: { buildDuration: '50ms' },
          },
        ],
      },
      {
        target: { kind: 'compose', id: 'cmp-1' },
        preDeploy: 'echo "in $SANDBOX_COMPOSE_SERVICE"',
        hookService: 'web',
      },
    );
    expect(run.result).toMatchObject({ status: 'done' });
    expect(run.log.text()).toContain(
      'Running the pre-deploy command in service web of compose stack (cmp-1)',
    );
    expect(run.log.text()).toContain('in web');
  });
});
