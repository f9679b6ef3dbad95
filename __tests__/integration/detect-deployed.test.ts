/**
 * detect-changed-platforms with `since: deployed` against the sandbox over HTTP and real git
 * repositories: each platform compared with the commit of its newest done deployment, so a failed
 * deploy stays behind until one succeeds; never deployed, unknown and force-pushed bases are selected
 * with their reason; Dokploy refusing falls back to the event with a warning.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { detectChanges, type DetectResult } from '../../src/detect-changed-platforms/detect.js';
import { describeReason } from '../../src/detect-changed-platforms/plan.js';
import { readSettings } from '../../src/detect-changed-platforms/settings.js';
import { systemClock } from '../../src/lib/clock.js';
import { createGitRunner } from '../../src/lib/git-runner.js';
import type { GitHubContext } from '../../src/lib/github-context.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { TEST_KEY } from '../support/dokploy.js';
import { tempRepo, type TempRepo } from '../support/git.js';
import { inputErrorMessage } from '../support/errors.js';
import { recordingLogger } from '../support/logger.js';

let sandbox: Sandbox | undefined;
let repo: TempRepo | undefined;
afterEach(async () => {
  await sandbox?.close();
  repo?.remove();
  sandbox = repo = undefined;
});

const MANIFEST = `
platforms:
  infrastructure:
    paths: [infrastructure/**]
    deploy: { kind: compose, staging: { id: cmp-infra } }
  bizoholic:
    paths: [bizoholic-platform/**]
    deploy: { kind: application, staging: { project: bizoholic-platform, environment: staging, application: web } }
  coreldove:
    paths: [coreldove-platform/**]
    deploy: { kind: application, staging: { id: app-coreldove } }
  management:
    paths: [management-platform/**]
    deploy: { kind: application, staging: { id: app-management } }
  docs:
    paths: [docs/**]
    deploy: { kind: application, staging: { secret: DOCS_STAGING_ID } }
`;

/** seed → coreldove change (its deploy failed) → docs only (the push being planned). */
function pushes(): { seed: string; failed: string; head: string } {
  repo = tempRepo('staging');
  const seed = repo.commit('seed', {
    '.github/platforms.yml': MANIFEST,
    'infrastructure/compose.yml': 'services: {}\n',
    'bizoholic-platform/a.ts': '1\n',
    'coreldove-platform/c.ts': '1\n',
    'management-platform/m.ts': '1\n',
  });
  const failed = repo.commit('coreldove: cart', { 'coreldove-platform/c.ts': '2\n' });
  const head = repo.commit('docs only', { 'docs/readme.md': 'hello\n' });
  return { seed, failed, head };
}

const done = (description: string) => ({ status: 'done', title: 'x', description });

async function detect(
  services: Record<string, unknown>[],
  shas: { before: string; head: string },
  inputs: Record<string, string> = {},
  event: { name: string; payload?: Record<string, unknown> } = { name: 'push' },
): Promise<{ result: DetectResult; log: string }> {
  sandbox = await startSandbox({ apiKey: TEST_KEY, scenario: { services } });
  const log = recordingLogger();
  const values: Record<string, string> = {
    'dokploy-url': sandbox.url,
    'api-key': TEST_KEY,
    token: '',
    // As the pipeline template does: a long-lived branch compares each push with its before commit.
    base: 'staging',
    ...inputs,
  };
  const settings = readSettings((name) => values[name] ?? '', repo!.dir);
  const context = {
    eventName: event.name,
    payload: event.payload ?? {
      before: shas.before,
      after: shas.head,
      ref: 'refs/heads/staging',
      repository: { default_branch: 'main' },
    },
    ref: 'refs/heads/staging',
    headRef: '',
    sha: shas.head,
    repository: 'acme/mono',
    apiUrl: 'http://127.0.0.1:9',
    serverUrl: 'https://github.com',
  } as unknown as GitHubContext;
  const result = await detectChanges(settings, context, {
    git: () => createGitRunner(repo!.dir, () => undefined, process.env),
    fetch: globalThis.fetch,
    clock: systemClock,
    log,
  });
  expect(log.text()).not.toContain(TEST_KEY);
  return { result, log: log.text() };
}

function services(shas: { seed: string; head: string }): Record<string, unknown>[] {
  return [
    // A kit rollback is its newest done record: it says no commit.
    {
      composeId: 'cmp-infra',
      name: 'infra',
      history: [done(`Commit: ${shas.seed}`), done('Rollback of d-1 to d-0')],
    },
    {
      applicationId: 'app-web',
      name: 'web',
      project: 'bizoholic-platform',
      environment: 'staging',
      history: [done(`acme/mono@${shas.head}`)],
    },
    // coreldove's deploy of the failed push ended in error: its newest done record is the seed.
    {
      applicationId: 'app-coreldove',
      name: 'coreldove',
      history: [done(`Commit: ${shas.seed}`), { status: 'error', title: 'x', description: 'Commit: ' }],
    },
    { applicationId: 'app-management', name: 'management', history: [] },
    { applicationId: 'app-docs', name: 'docs', history: [] },
  ];
}

const reasons = (result: DetectResult): Record<string, string> =>
  Object.fromEntries((result.plan?.platforms ?? []).map((p) => [p.name, describeReason(p.reason)]));

describe('since: deployed', () => {
  it('a schedule (no base of its own) plans from what is deployed alone; since: event refuses it as dorny does', async () => {
    const shas = pushes();
    const schedule = { name: 'schedule', payload: {} };
    const { result } = await detect(
      services(shas),
      { before: shas.failed, head: shas.head },
      { base: '' },
      schedule,
    );
    expect(result.comparison).toBe(
      "since each platform's deployed commit in staging (not compared with the event (schedule gives no base) for the rest)",
    );
    expect(result.plan?.platforms.map((p) => p.name)).toEqual(['infrastructure', 'coreldove', 'management']);
    await sandbox?.close();
    sandbox = undefined;
    await expect(
      detect(
        services(shas),
        { before: shas.failed, head: shas.head },
        { base: '', since: 'event' },
        schedule,
      ),
    ).rejects.toThrow("Event 'schedule': this event has no 'repository.default_branch' in its payload");
  });

  it('selects what is behind its deployed commit, whatever the last push touched, and says why', async () => {
    const shas = pushes();
    const { result, log } = await detect(services(shas), { before: shas.failed, head: shas.head });
    expect(reasons(result)).toEqual({
      infrastructure: expect.stringMatching(
        /^the commit of its deployment \S+ in staging is unknown \("Rollback of d-1 to d-0"\)$/,
      ),
      coreldove: `1 file changed since the deployed ${shas.seed.slice(0, 7)} (2 commits: coreldove-platform/c.ts)`,
      management: 'never deployed to staging',
      // docs' target is a secret detect cannot read: compared with the event, which touched docs/.
      docs: '1 file changed (docs/readme.md)',
    });
    expect(result.comparison).toMatch(
      /^since each platform's deployed commit in staging \(.+ for the rest\)$/,
    );
    expect(log).toContain(`bizoholic: deployed ${shas.head.slice(0, 7)}`);
    expect(log).toContain('docs: its staging target is the secret DOCS_STAGING_ID, which detect cannot read');
    expect(log).toContain(
      'warning: docs: its target is held in secrets detect cannot read, so it is compared with the event; name the services in the manifest (dokploy-deploy init --dokploy) to compare with what is deployed',
    );
  });

  it('the same push compared with the event (since: event) leaves coreldove behind, as dorny would', async () => {
    const shas = pushes();
    const { result } = await detect(
      services(shas),
      { before: shas.failed, head: shas.head },
      { since: 'event' },
    );
    expect(result.plan?.platforms.map((p) => p.name)).toEqual(['docs']);
  });

  it('a deployed commit that is not an ancestor of the head (a force-push) selects the platform', async () => {
    const shas = pushes();
    repo!.git('checkout', '-q', '-b', 'rewritten', shas.seed);
    const elsewhere = repo!.commit('another history', { 'coreldove-platform/c.ts': '9\n' });
    repo!.git('checkout', '-q', 'staging');
    const list = services(shas);
    (list[2] as { history: unknown[] }).history = [done(`Commit: ${elsewhere}`)];
    const { result } = await detect(list, { before: shas.failed, head: shas.head });
    expect(reasons(result).coreldove).toBe(
      `its deployed ${elsewhere.slice(0, 7)} is not an ancestor of the head (a force-push, or a shallow clone)`,
    );
  });

  it('a deployed commit the clone does not have selects the platform, saying so', async () => {
    const shas = pushes();
    const list = services(shas);
    (list[2] as { history: unknown[] }).history = [done(`Commit: ${'0'.repeat(40)}`)];
    const { result } = await detect(list, { before: shas.failed, head: shas.head });
    expect(reasons(result).coreldove).toBe(
      'its deployed 0000000 is not in the clone (check out with fetch-depth: 0)',
    );
  });

  it('Dokploy refusing the key falls back to the event with one warning, the key in no line', async () => {
    const shas = pushes();
    const { result, log } = await detect(
      services(shas),
      { before: shas.failed, head: shas.head },
      { 'api-key': 'dk_wrong_key_1234' },
    );
    expect(result.plan?.platforms.map((p) => p.name)).toEqual(['docs']);
    expect(log).toMatch(
      /Dokploy could not be read for the deployed commits \(.*401.*\); every platform is compared with the event instead/,
    );
    expect(log).not.toContain('dk_wrong_key_1234');
  });

  it('is the default once dokploy-url and api-key are given; bad inputs are one line', async () => {
    const shas = pushes();
    const { result } = await detect(services(shas), { before: shas.failed, head: shas.head }, { since: '' });
    expect(result.plan?.platforms.map((p) => p.name)).toContain('coreldove');
    const read = (values: Record<string, string>) => () =>
      readSettings((name) => values[name] ?? '', repo!.dir);
    expect(inputErrorMessage(read({ since: 'deployed' }))).toBe(
      "Input 'since' is 'deployed': needs 'dokploy-url' and 'api-key' (the deployed commits are read from Dokploy)",
    );
    expect(inputErrorMessage(read({ since: 'latest' }))).toContain(
      "Input 'since' is 'latest': use one of deployed, event",
    );
    expect(inputErrorMessage(read({ 'dokploy-url': 'ftp://x', 'api-key': 'k' }))).toContain(
      "Input 'dokploy-url' is 'ftp://x': use an http(s) address",
    );
  });

  it("a package: platform is compared over its dependencies' folders too", async () => {
    repo = tempRepo('staging');
    const json = (value: unknown) => `${JSON.stringify(value)}\n`;
    const seed = repo.commit('seed', {
      '.github/platforms.yml': `platforms:
  web:
    package: '@m/web'
    deploy: { kind: application, staging: { id: app-web } }
`,
      'package.json': json({ name: 'm', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/web/package.json': json({ name: '@m/web', dependencies: { '@m/ui': '*' } }),
      'packages/ui/package.json': json({ name: '@m/ui' }),
      'packages/ui/button.js': '1\n',
    });
    const failed = repo.commit('ui: button', { 'packages/ui/button.js': '2\n' });
    const head = repo.commit('docs only', { 'docs/readme.md': 'hello\n' });
    const deployed = [{ applicationId: 'app-web', name: 'web', history: [done(`Commit: ${seed}`)] }];
    const { result } = await detect(deployed, { before: failed, head });
    expect(reasons(result)).toEqual({
      web: `1 file changed since the deployed ${seed.slice(0, 7)} (2 commits: packages/ui/button.js)`,
    });
  });
});
