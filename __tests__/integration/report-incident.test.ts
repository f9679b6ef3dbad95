import { afterEach, describe, expect, it } from '@jest/globals';
import { reportIncident, type IncidentRequest } from '../../src/report-incident/report.js';
import { incidentMarker, type CheckOutcome } from '../../src/report-incident/incident.js';
import { manualClock, type ManualClock } from '../support/clock.js';
import { recordingLogger, type RecordingLogger } from '../support/logger.js';
import { startFakeGitHub, startWebhookReceiver, type FakeGitHub } from '../support/github-api.js';

const TOKEN = 'ghs_incidentSekrit42';
const HOUR = 3_600_000;
const TARGETS = [
  {
    target: 'https://bizoholic.example.com/api/health',
    healthy: false,
    status: 'HTTP 503',
    detail: 'HTTP 503: starting',
    latencyMs: 41,
  },
];

let github: FakeGitHub | undefined;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await github?.stop();
  github = undefined;
  for (const stop of stops.splice(0)) await stop();
});

async function setup(): Promise<{ github: FakeGitHub; clock: ManualClock; log: RecordingLogger }> {
  const clock = manualClock();
  github = await startFakeGitHub({ token: TOKEN, now: () => clock.now() });
  return { github, clock, log: recordingLogger() };
}

function request(
  api: FakeGitHub,
  outcome: CheckOutcome,
  extra: Partial<IncidentRequest> = {},
): IncidentRequest {
  return {
    check: {
      subject: 'bizoholic',
      environment: 'production',
      outcome,
      detail: outcome === 'failure' ? '1 of 1 targets unhealthy' : '',
      targets: outcome === 'failure' ? TARGETS : [],
    },
    scope: {
      api: { apiUrl: api.url, token: TOKEN, userAgent: 'dokploy-deploy/test' },
      repository: 'acme/mono',
      label: 'dokploy-incident',
    },
    commentIntervalMs: HOUR,
    webhookUrl: undefined,
    link: { runUrl: 'https://github.com/acme/mono/actions/runs/7' },
    ...extra,
  };
}

const deps = (clock: ManualClock, log: RecordingLogger) => ({ clock, fetch: globalThis.fetch, log });
const writes = (api: FakeGitHub) =>
  api.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);

describe('report-incident against a stand-in of GitHub’s issues API', () => {
  it('opens one labelled issue, stays quiet within the hour, comments after it, and closes with the downtime', async () => {
    const { github, clock, log } = await setup();
    const opened = await reportIncident(request(github, 'failure'), deps(clock, log));
    expect(opened).toMatchObject({ action: 'open', issue: { number: 1 }, downMs: 0 });
    expect(github.issues).toHaveLength(1);
    const issue = github.issues[0];
    expect(issue?.title).toBe('Incident: bizoholic in production');
    expect(issue?.labels).toEqual(['dokploy-incident']);
    expect(issue?.body).toContain(incidentMarker('bizoholic', 'production'));
    expect(issue?.body).toContain(
      '| `https://bizoholic.example.com/api/health` | ❌ unhealthy | 41ms | HTTP 503: starting |',
    );
    expect(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

    await clock.advance(15 * 60_000);
    const quiet = await reportIncident(request(github, 'failure'), deps(clock, log));
    expect(quiet).toMatchObject({ action: 'still-down', issue: { number: 1 }, downMs: 15 * 60_000 });
    expect(writes(github)).toEqual(['POST /repos/acme/mono/issues']);

    await clock.advance(50 * 60_000);
    const comment = await reportIncident(request(github, 'failure'), deps(clock, log));
    expect(comment).toMatchObject({ action: 'comment', downMs: 65 * 60_000 });
    expect(issue?.comments[0]?.body).toContain('Still failing after 1h 05m');

    // The kit's comment 10 minutes ago counts, not the opening an hour ago.
    await clock.advance(10 * 60_000);
    expect((await reportIncident(request(github, 'failure'), deps(clock, log))).action).toBe('still-down');

    await clock.advance(5 * 60_000);
    const closed = await reportIncident(request(github, 'success'), deps(clock, log));
    expect(closed).toMatchObject({ action: 'close', issue: { number: 1 }, downMs: 80 * 60_000 });
    expect(issue?.state).toBe('closed');
    expect(issue?.state_reason).toBe('completed');
    expect(issue?.comments[1]?.body).toContain('Downtime: 1h 20m');
    expect(writes(github)).toEqual([
      'POST /repos/acme/mono/issues',
      'POST /repos/acme/mono/issues/1/comments',
      'POST /repos/acme/mono/issues/1/comments',
      'PATCH /repos/acme/mono/issues/1',
    ]);
    expect(log.text()).not.toContain(TOKEN);
  });

  it('a stale incident closed by hand is left alone: a failure opens a new issue, a success touches nothing', async () => {
    const { github, clock, log } = await setup();
    const stale = github.seed({
      title: 'Incident: bizoholic in production',
      body: incidentMarker('bizoholic', 'production'),
      labels: ['dokploy-incident'],
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect((await reportIncident(request(github, 'success'), deps(clock, log))).action).toBe('none');
    expect(writes(github)).toEqual([]);

    const opened = await reportIncident(request(github, 'failure'), deps(clock, log));
    expect(opened).toMatchObject({ action: 'open', issue: { number: 2 } });
    expect(stale.comments).toEqual([]);
    expect(stale.state).toBe('closed');
    await clock.advance(20 * 60_000);
    expect(await reportIncident(request(github, 'success'), deps(clock, log))).toMatchObject({
      action: 'close',
      issue: { number: 2 },
      downMs: 20 * 60_000,
    });
    expect(stale.comments).toEqual([]);
  });

  it('finds an incident whose title someone edited by its marker, and ignores a pull request of the same title', async () => {
    const { github, clock, log } = await setup();
    github.seed({
      title: 'Incident: bizoholic in production',
      labels: ['dokploy-incident'],
      pull_request: { url: 'x' },
    });
    github.seed({
      title: 'bizoholic is down (investigating)',
      body: `notes\n${incidentMarker('bizoholic', 'production')}`,
      labels: ['dokploy-incident'],
    });
    const closed = await reportIncident(request(github, 'success'), deps(clock, log));
    expect(closed).toMatchObject({ action: 'close', issue: { number: 2 } });
  });

  it('a 403 rate limit fails in one line saying when it resets, is not retried, and never shows the token', async () => {
    const { github, clock, log } = await setup();
    github.script({
      status: 403,
      message: 'API rate limit exceeded for installation ID 4242.',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700003600' },
    });
    const error = (await reportIncident(request(github, 'failure'), deps(clock, log)).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toBe(
      "GitHub GET /repos/acme/mono/issues answered 403 (API rate limit exceeded for installation ID 4242.): the token's rate limit is used up until 2023-11-14T23:13:20.000Z: the next run reports again, or run less often",
    );
    expect(github.requests).toHaveLength(1);
    expect(github.issues).toEqual([]);
    expect(`${error.message}${log.text()}`).not.toContain(TOKEN);
  });

  it('a secondary rate limit (403 with Retry-After) says when to try again', async () => {
    const { github, clock, log } = await setup();
    github.seed({ title: 'Incident: bizoholic in production', labels: ['dokploy-incident'] });
    github.script({
      status: 403,
      message: 'You have exceeded a secondary rate limit.',
      headers: { 'retry-after': '60' },
      method: 'POST',
    });
    const error = (await reportIncident(request(github, 'success'), deps(clock, log)).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toBe(
      `GitHub POST /repos/acme/mono/issues/1/comments answered 403 (You have exceeded a secondary rate limit.): the token's rate limit is used up until ${new Date(clock.now() + 60_000).toISOString()}: the next run reports again, or run less often`,
    );
    expect(github.issues[0]?.state).toBe('open');
  });

  it('a 403 without a rate limit names the permission the job needs', async () => {
    const { github, clock, log } = await setup();
    github.script({ status: 403, message: 'Resource not accessible by integration' });
    await expect(reportIncident(request(github, 'failure'), deps(clock, log))).rejects.toThrow(
      "GitHub GET /repos/acme/mono/issues answered 403 (Resource not accessible by integration): give the job 'issues: write' permission (and the token access to this repository)",
    );
  });

  it('retries a 502 on a read with the kit backoff, but never repeats an issue creation that may have arrived', async () => {
    const { github, clock, log } = await setup();
    github.script({ status: 502 });
    const opened = await reportIncident(request(github, 'failure'), deps(clock, log));
    expect(opened.action).toBe('open');
    expect(clock.sleeps).toEqual([450]);
    expect(log.text()).toContain(
      'info: GitHub GET /repos/acme/mono/issues: attempt 1 of 4 failed (502 Bad Gateway); retrying in 450ms',
    );

    await clock.advance(2 * HOUR);
    github.script({ status: 502, message: 'Server Error', method: 'POST' });
    const other = request(github, 'failure');
    other.check.environment = 'staging';
    await expect(reportIncident(other, deps(clock, log))).rejects.toThrow(
      'GitHub POST /repos/acme/mono/issues answered 502 (Server Error): retry the run; the next scheduled run reports again',
    );
    expect(writes(github).filter((w) => w === 'POST /repos/acme/mono/issues')).toHaveLength(2);
  });

  it('a cancelled or skipped check makes no request at all', async () => {
    const { github, clock, log } = await setup();
    for (const outcome of ['cancelled', 'skipped'] as const) {
      const report = await reportIncident(request(github, outcome), deps(clock, log));
      expect(report).toMatchObject({
        action: 'none',
        reason: `the check was ${outcome}, which says nothing about health`,
      });
    }
    expect(github.requests).toEqual([]);
  });

  it('posts the same events to a Slack-compatible webhook, and a broken webhook is only a warning', async () => {
    const { github, clock, log } = await setup();
    const hook = await startWebhookReceiver();
    stops.push(hook.stop);
    const withHook = (outcome: CheckOutcome) => request(github, outcome, { webhookUrl: hook.url });
    expect((await reportIncident(withHook('failure'), deps(clock, log))).webhook).toBe('sent');
    await clock.advance(10 * 60_000);
    expect((await reportIncident(withHook('failure'), deps(clock, log))).webhook).toBe('not-sent');
    await clock.advance(60 * 60_000);
    await reportIncident(withHook('failure'), deps(clock, log));
    await reportIncident(withHook('success'), deps(clock, log));
    expect(hook.received).toEqual([
      {
        text: '🔴 bizoholic in production is failing its checks: 1 of 1 targets unhealthy. https://github.com/acme/mono/issues/1',
      },
      {
        text: '🟠 bizoholic in production still failing after 1h 10m: 1 of 1 targets unhealthy. https://github.com/acme/mono/issues/1',
      },
      {
        text: '🟢 bizoholic in production recovered after 1h 10m of downtime. https://github.com/acme/mono/issues/1',
      },
    ]);

    const broken = await startWebhookReceiver(404);
    stops.push(broken.stop);
    const report = await reportIncident(
      request(github, 'failure', { webhookUrl: broken.url }),
      deps(clock, log),
    );
    expect(report).toMatchObject({ action: 'open', webhook: 'failed' });
    expect(log.text()).toContain(
      "warning: The incident webhook answered 404: check input 'webhook-url' (the MONITOR_WEBHOOK_URL secret)",
    );
    expect(log.text()).not.toContain('sekritWebhookKey');
  });
});
