import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectChanges } from '../../src/detect-changed-platforms/detect.js';
import { describeReason } from '../../src/detect-changed-platforms/plan.js';
import { readSettings } from '../../src/detect-changed-platforms/settings.js';
import { systemClock } from '../../src/lib/clock.js';
import { createGitRunner } from '../../src/lib/git-runner.js';
import type { GitHubContext } from '../../src/lib/github-context.js';
import { recordingLogger } from '../support/logger.js';
import { ROOT } from '../support/bundle.js';
import { tempRepo, type TempRepo } from '../support/git.js';

const FIXTURES = join(ROOT, '__tests__', 'fixtures', 'workspaces');
const MANAGERS = [
  { manager: 'npm', lockfile: 'package-lock.json', spec: '*' },
  { manager: 'pnpm', lockfile: 'pnpm-lock.yaml', spec: 'workspace:*' },
  { manager: 'yarn', lockfile: 'yarn.lock', spec: '*' },
  { manager: 'yarn-berry', lockfile: 'yarn.lock', spec: 'workspace:*' },
] as const;

const MANIFEST = `platforms:
  infra:
    paths: [infra/**]
  storefront:
    package: '@shop/storefront'
  admin:
    package: '@shop/admin'
    paths: ['!**/*.md']
`;

/** The workspace `make.sh` installed (the same package.json files, so the lockfiles fit them). */
function workspaceFiles(manager: (typeof MANAGERS)[number]): Record<string, string> {
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  const { spec } = manager;
  return {
    'package.json':
      manager.manager === 'pnpm'
        ? json({ name: 'shop', private: true })
        : json({ name: 'shop', private: true, workspaces: ['apps/*', 'packages/*'] }),
    ...(manager.manager === 'pnpm'
      ? { 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n  - packages/*\n' }
      : {}),
    'apps/storefront/package.json': json({
      name: '@shop/storefront',
      version: '1.0.0',
      dependencies: { '@shop/ui': spec, 'is-odd': '^3.0.0' },
    }),
    'apps/admin/package.json': json({
      name: '@shop/admin',
      version: '1.0.0',
      dependencies: { 'is-number': '^7.0.0' },
    }),
    'packages/ui/package.json': json({
      name: '@shop/ui',
      version: '1.0.0',
      devDependencies: { '@shop/tokens': spec },
    }),
    'packages/tokens/package.json': json({ name: '@shop/tokens', version: '1.0.0' }),
    'apps/storefront/index.js': 'export {};\n',
    'apps/admin/index.js': 'export {};\n',
    'packages/ui/index.js': 'export {};\n',
    'packages/tokens/index.js': 'export const red = 1;\n',
    'infra/compose.yml': 'services: {}\n',
    '.github/platforms.yml': MANIFEST,
    [manager.lockfile]: fixture(manager, 'base'),
  };
}

const fixture = (manager: (typeof MANAGERS)[number], which: 'base' | 'bump'): string =>
  readFileSync(join(FIXTURES, manager.manager, `${which}.${manager.lockfile}`), 'utf8');

function pushContext(): GitHubContext {
  return {
    eventName: 'push',
    payload: {},
    ref: 'refs/heads/main',
    headRef: '',
    sha: '',
    repository: 'acme/shop',
    apiUrl: 'https://api.github.com',
    serverUrl: 'https://github.com',
    workflow: '',
    runId: '',
    runNumber: '',
    runAttempt: '',
    actor: '',
  } as GitHubContext;
}

/** Commits `files` on top of `base` and detects base..head; returns each platform's reason line. */
async function detect(repo: TempRepo, base: string, files: Record<string, string | null>) {
  repo.git('checkout', '-q', '--detach', base);
  const head = repo.commit('change', files);
  const settings = readSettings((name) => ({ base, ref: head })[name] ?? '', repo.dir);
  const result = await detectChanges(settings, pushContext(), {
    git: () => createGitRunner(repo.dir, () => undefined, process.env),
    fetch: globalThis.fetch,
    clock: systemClock,
    log: recordingLogger(),
  });
  const plan = result.plan;
  if (!plan) throw new Error('no plan');
  return Object.fromEntries(plan.decisions.map((d) => [d.name, d.reason ? describeReason(d.reason) : '-']));
}

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

describe.each(MANAGERS)('$manager workspaces', (manager) => {
  let repo: TempRepo;
  let base: string;
  beforeAll(() => {
    repo = tempRepo();
    repos.push(repo);
    base = repo.commit('base', workspaceFiles(manager));
  });

  it('selects the platform that depends (transitively) on a changed workspace package, and not the other', async () => {
    expect(await detect(repo, base, { 'packages/tokens/index.js': 'export const red = 2;\n' })).toEqual({
      infra: '-',
      storefront: 'depends on @shop/tokens (packages/tokens), which changed',
      admin: '-',
    });
  });

  it("gives a platform's own files as the reason when they changed", async () => {
    const reasons = await detect(repo, base, { 'apps/admin/index.js': 'export const a = 1;\n' });
    expect(reasons).toEqual({ infra: '-', storefront: '-', admin: '1 file changed (apps/admin/index.js)' });
  });

  it('selects only the platform whose resolved dependencies a lockfile bump changed', async () => {
    expect(await detect(repo, base, { [manager.lockfile]: fixture(manager, 'bump') })).toEqual({
      infra: '-',
      storefront: `${manager.lockfile}: is-odd changed for this package`,
      admin: '-',
    });
  });

  it('selects every package platform for a lockfile change no package explains', async () => {
    const text = fixture(manager, 'bump');
    const broken =
      manager.manager === 'npm'
        ? text.replace('"lockfileVersion": 3', '"lockfileVersion": 2')
        : manager.manager === 'pnpm'
          ? text.replace('autoInstallPeers: true', 'autoInstallPeers: false')
          : manager.manager === 'yarn'
            ? `${text}\nleft-pad@^1.0.0:\n  version "1.3.0"\n`
            : `${text}\n"left-pad@npm:^1.0.0":\n  version: 1.3.0\n  resolution: "left-pad@npm:1.3.0"\n  languageName: node\n  linkType: hard\n`;
    const reasons = await detect(repo, base, { [manager.lockfile]: broken });
    expect(reasons.infra).toBe('-');
    expect(reasons.storefront).toMatch(
      new RegExp(
        `^${manager.lockfile.replace('.', '\\.')} changed in a way that cannot be attributed \\(.+\\): every package platform$`,
      ),
    );
    expect(reasons.admin).toBe(reasons.storefront);
  });

  it('selects every package platform when the root package.json changes', async () => {
    const root = JSON.parse(workspaceFiles(manager)['package.json'] as string) as Record<string, unknown>;
    const reasons = await detect(repo, base, {
      'package.json': JSON.stringify({ ...root, description: 'x' }),
    });
    expect(reasons).toEqual({
      infra: '-',
      storefront: 'package.json at the root changed: every package platform',
      admin: 'package.json at the root changed: every package platform',
    });
  });
});

describe('bad workspace input fails in one line naming the field', () => {
  const npm = MANAGERS[0];
  async function failure(files: Record<string, string | null>): Promise<string> {
    const repo = tempRepo();
    repos.push(repo);
    const base = repo.commit('base', { ...workspaceFiles(npm), ...files });
    const error = await detect(repo, base, { 'README.md': 'x\n' }).catch((e: unknown) => e as Error);
    if (!(error instanceof Error)) throw new Error('expected a failure');
    expect(error.message.split('\n')).toHaveLength(1);
    return error.message;
  }

  it('names a package no workspace package has', async () => {
    expect(
      await failure({ '.github/platforms.yml': MANIFEST.replace("'@shop/admin'", "'@shop/nope'") }),
    ).toBe(
      "Platforms manifest field 'platforms.admin.package' in .github/platforms.yml is '@shop/nope': no workspace package has that name (npm workspaces (package.json: apps/*, packages/*); packages: @shop/admin, @shop/storefront, @shop/tokens, @shop/ui)",
    );
  });

  it('rejects a malformed root package.json', async () => {
    expect(await failure({ 'package.json': '{ "workspaces": [' })).toMatch(
      /^Platforms manifest field 'platforms\.storefront\.package' in \.github\/platforms\.yml is '@shop\/storefront': package\.json is not valid JSON \(.+\): fix it, or list the platform's paths instead$/,
    );
  });

  it('rejects a malformed pnpm-workspace.yaml', async () => {
    expect(await failure({ 'pnpm-workspace.yaml': 'packages: [apps/*\n' })).toMatch(
      /^Platforms manifest field 'platforms\.storefront\.package' in \.github\/platforms\.yml is '@shop\/storefront': pnpm-workspace\.yaml is not valid YAML \(.+\): fix it, or list the platform's paths instead$/,
    );
  });

  it('rejects package: in a repository without workspaces', async () => {
    expect(await failure({ 'package.json': '{ "name": "shop" }\n' })).toBe(
      "Platforms manifest field 'platforms.storefront.package' in .github/platforms.yml is '@shop/storefront': the repository declares no workspaces (no workspaces in package.json, no pnpm-workspace.yaml): declare them, or list the platform's paths instead",
    );
  });
});
