/**
 * monitor.yml executed by a real workflow runner (nektos/act, self-hosted mode) on a seed-shaped
 * monorepo: the platforms' health endpoints and pages are local servers, GitHub's issues API is the
 * local stand-in (act's GITHUB_API_URL pointed at it), the webhook a local receiver. A platform that
 * goes down gets exactly one incident issue and one chat message; when it is back the issue is closed.
 */
import { afterAll, beforeAll, expect, jest, test } from '@jest/globals';
import { runAct, seedMonorepo, startFakeProjects, type FakeProjects } from './act-harness.js';
import { startFakeGitHub, startWebhookReceiver, type FakeGitHub } from '../support/github-api.js';
import type { TempRepo } from '../support/git.js';

jest.setTimeout(400_000);

const TOKEN = 'ghs_actMonitorToken77';

let fakes: FakeProjects;
let github: FakeGitHub;
let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let repo: TempRepo;

beforeAll(async () => {
  fakes = await startFakeProjects();
  github = await startFakeGitHub({
    token: TOKEN,
    now: () => Date.now(),
    repository: 'bizosaas/bizosaas-monorepo',
  });
  hook = await startWebhookReceiver();
  repo = seedMonorepo(fakes, 'main');
});
afterAll(async () => {
  await fakes.close();
  await github.stop();
  await hook.stop();
  repo.remove();
});

const monitor = () =>
  runAct({
    repo,
    workflow: 'monitor.yml',
    event: 'workflow_dispatch',
    payload: { inputs: { environment: 'staging', 'health-timeout': '4s' } },
    extraArgs: [
      '--env',
      `GITHUB_API_URL=${github.url}`,
      '--secret',
      `GITHUB_TOKEN=${TOKEN}`,
      '--secret',
      `MONITOR_WEBHOOK_URL=${hook.url}`,
    ],
  });

test('a platform that goes down gets one incident issue and one message; once it is back the issue is closed', async () => {
  fakes.down.add('coreldove');
  const down = await monitor();
  expect(down.code).not.toBe(0);
  expect(github.issues.map((i) => [i.title, i.labels, i.state])).toEqual([
    ['Incident: coreldove in staging', ['dokploy-incident'], 'open'],
  ]);
  expect(github.issues[0]?.body).toContain('| ❌ unhealthy |');
  expect(hook.received).toEqual([
    {
      text: expect.stringMatching(
        /^🔴 coreldove in staging is failing its checks: 1 of 1 targets unhealthy\. https:\/\/github\.com\/bizosaas\/bizosaas-monorepo\/issues\/1$/,
      ),
    },
  ]);
  // Every platform of staging and the separation checks had their own leg and reported.
  for (const subject of ['infrastructure', 'bizoholic', 'coreldove', 'management', 'separation'])
    expect(down.log).toContain(`${subject} in staging: ${subject === 'coreldove' ? 'open' : 'none'} (`);

  fakes.down.delete('coreldove');
  const up = await monitor();
  expect(up.code).toBe(0);
  expect(github.issues.map((i) => [i.number, i.state, i.state_reason])).toEqual([[1, 'closed', 'completed']]);
  expect(github.issues[0]?.comments.at(-1)?.body).toMatch(
    /Recovered: the checks pass again at .* Downtime: /,
  );
  expect(hook.received).toHaveLength(2);
  expect(`${down.log}${up.log}`).not.toContain(TOKEN);
  expect(`${down.log}${up.log}`).not.toContain('sekritWebhookKey');
});
