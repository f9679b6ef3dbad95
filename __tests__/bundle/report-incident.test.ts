import { afterEach, describe, expect, it } from '@jest/globals';
import { nodeBinaries, runBundle } from '../support/bundle.js';
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js';

const TOKEN = 'ghs_bundleIncidentToken99';
const RESULTS = JSON.stringify([
  {
    target: 'https://coreldove.example.com/api/health',
    kind: 'http',
    healthy: false,
    attempts: 4,
    status: 'HTTP 502',
    detail: 'HTTP 502',
    latencyMs: 12,
    timeToHealthyMs: null,
  },
]);

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.stop();
  github = undefined;
});

const env = (apiUrl: string) => ({
  GITHUB_API_URL: apiUrl,
  GITHUB_REPOSITORY: 'acme/mono',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '99',
});

describe.each(nodeBinaries())('dist/report-incident under $label', ({ path: node }) => {
  it('opens the incident issue, fails the step while down, then closes it with outputs and a summary', async () => {
    github = await startFakeGitHub({ token: TOKEN, now: () => Date.now() });
    const inputs = { subject: 'coreldove', environment: 'staging', token: TOKEN, label: 'dokploy-incident' };
    const down = await runBundle('report-incident', {
      node,
      env: env(github.url),
      inputs: { ...inputs, outcome: 'failure', results: RESULTS, detail: '1 of 1 targets unhealthy' },
    });
    expect(down.code).toBe(1);
    expect(down.outputs).toMatchObject({
      action: 'open',
      'issue-number': '1',
      'issue-url': 'https://github.com/acme/mono/issues/1',
    });
    expect(down.stdout).toContain(
      '::error::coreldove in staging is failing its checks (incident #1: https://github.com/acme/mono/issues/1): 1 of 1 targets unhealthy',
    );
    expect(down.summary).toContain(
      '### 🔴 coreldove in staging: incident opened [#1](https://github.com/acme/mono/issues/1)',
    );
    expect(down.summary).toContain(
      '| `https://coreldove.example.com/api/health` | ❌ unhealthy | 12ms | HTTP 502 |',
    );
    expect(github.issues[0]?.body).toContain('([run](https://github.com/acme/mono/actions/runs/99))');

    const up = await runBundle('report-incident', {
      node,
      env: env(github.url),
      inputs: { ...inputs, outcome: 'success' },
    });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.outputs).toMatchObject({ action: 'close', 'issue-number': '1' });
    expect(Number(up.outputs['down-seconds'])).toBeGreaterThanOrEqual(0);
    expect(github.issues[0]?.state).toBe('closed');
    expect(`${down.visible}${up.visible}`).not.toContain(TOKEN);
  });

  it('ends a bad input in one line and never sends a request', async () => {
    github = await startFakeGitHub({ token: TOKEN, now: () => Date.now() });
    const run = await runBundle('report-incident', {
      node,
      env: env(github.url),
      inputs: { subject: 'coreldove', environment: 'staging', outcome: 'broken', token: TOKEN },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::Input 'outcome' is 'broken': use one of success, failure, cancelled, skipped",
    );
    expect(github.requests).toEqual([]);
  });
});
