/**
 * `dokploy-deploy init`: what it writes into a repository, that it never overwrites without --force,
 * and that what it generates for another layout is still a valid, lint-clean pipeline.
 */
import { afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { command, renderManifest, secretsToSet, TEMPLATE_PIN } from '../../src/cli/init.js';
import { PROJECT_IDS, rewriteBlocks } from '../../src/cli/workflow-edits.js';
import { readLayout, type RepoFiles } from '../../src/cli/repo-layout.js';
import { parseManifest } from '../../src/lib/manifest.js';
import { ROOT, runTool, tool } from '../templates/support.js';
import { comparableName, findTargets } from '../../src/cli/init-targets.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { TEST_KEY } from '../support/dokploy.js';
import { tempRepo, type TempRepo } from '../support/git.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository with these top-level folders (a package.json in the ones listed in `npm`). */
function repoWith(folders: string[], npm: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'init-'));
  dirs.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  for (const folder of folders) {
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, npm.includes(folder) ? 'package.json' : 'README.md'), '{}\n');
  }
  return dir;
}

/** Runs the command in-process; returns its exit code and what it printed. */
async function init(dir: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  return initWith({}, dir, ...args);
}

/** `init` with these environment variables (DOKPLOY_URL and DOKPLOY_TOKEN for --dokploy). */
async function initWith(
  env: NodeJS.ProcessEnv,
  dir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await command.run(['--dir', dir, ...args], {
      signal: new AbortController().signal,
      env,
      cwd: ROOT,
    });
    return { code, stdout };
  } finally {
    process.stdout.write = write;
  }
}

const SEED = [
  'infrastructure',
  'bizoholic-platform',
  'coreldove-platform',
  'management-platform',
  'shared',
  '.github',
  'node_modules',
  'docs',
];
const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');
/** A repository of these files (all empty) for readLayout. */
const filesOf = (files: string[], texts: Record<string, string> = {}): RepoFiles => ({
  files: [...files, ...Object.keys(texts)],
  read: (path) => texts[path] ?? (files.includes(path) ? '' : undefined),
});
const template = (file: string): string => readFileSync(join(ROOT, 'workflows-templates', file), 'utf8');

describe('dokploy-deploy init', () => {
  test("in the seed's monorepo writes the templates unchanged, the seed's manifest shape and prints the secrets", async () => {
    const dir = repoWith(SEED, ['bizoholic-platform', 'coreldove-platform', 'management-platform']);
    const { code, stdout } = await init(dir);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        'wrote .github/workflows/pipeline.yml',
        'wrote .github/workflows/deploy-stage.yml',
        'wrote .github/workflows/rollback.yml',
        'wrote .github/workflows/monitor.yml',
        'wrote .github/platforms.yml',
        'wrote .github/separation.yml',
      ].join('\n'),
    );
    // The seed's folders give back the seed's platform names, so the workflows are the templates verbatim.
    expect(read(dir, '.github/workflows/pipeline.yml')).toBe(template('pipeline.yml'));
    expect(read(dir, '.github/workflows/deploy-stage.yml')).toBe(template('deploy-stage.yml'));
    expect(read(dir, '.github/workflows/rollback.yml')).toBe(template('rollback.yml'));
    expect(read(dir, '.github/workflows/monitor.yml')).toBe(template('monitor.yml'));
    const manifest = parseManifest(read(dir, '.github/platforms.yml'), '.github/platforms.yml');
    const platforms = manifest.platforms.map((p) => [p.name, p.stage, p.needs]);
    expect(platforms).toEqual([
      ['infrastructure', 0, []],
      ['bizoholic', 1, ['infrastructure']],
      ['coreldove', 1, ['infrastructure']],
      ['management', 2, ['bizoholic', 'coreldove']],
    ]);
    const raw = parse(read(dir, '.github/platforms.yml')) as {
      platforms: Record<
        string,
        { paths: string[]; deploy: Record<string, unknown>; cascade?: boolean; tests?: unknown }
      >;
    };
    expect(raw.platforms.bizoholic?.paths).toEqual(['bizoholic-platform/**', 'shared/**', '!**/*.md']);
    expect(raw.platforms.infrastructure?.deploy).toEqual({
      kind: 'compose',
      production: { secret: 'DOKPLOY_INFRASTRUCTURE_PROD_ID' },
      staging: { secret: 'DOKPLOY_INFRASTRUCTURE_STAGING_ID' },
      development: { secret: 'DOKPLOY_INFRASTRUCTURE_DEV_ID' },
    });
    expect(raw.platforms.infrastructure?.cascade).toBe(true);
    expect(raw.platforms.coreldove?.tests).toEqual({ unit: 'npm test --prefix coreldove-platform' });
    expect(raw.platforms.infrastructure?.tests).toBeUndefined();
    const separation = parse(read(dir, '.github/separation.yml')) as { platforms: Record<string, unknown> };
    expect(Object.keys(separation.platforms)).toEqual(['bizoholic', 'coreldove', 'management']);
    expect(stdout).toContain(
      'Secrets to set (Settings → Secrets and variables → Actions, or per environment):',
    );
    for (const secret of [
      'DOKPLOY_URL',
      'DOKPLOY_TOKEN',
      'DOKPLOY_CORELDOVE_STAGING_ID',
      'DOKPLOY_MANAGEMENT_DEV_ID',
    ]) {
      expect(stdout).toContain(`\n  ${secret}\n`);
    }
    expect(stdout).toContain(
      'Environments to create (Settings → Environments; add reviewers to production): production, staging, development',
    );
    expect(stdout).toContain(`pinned to ${TEMPLATE_PIN}: rerun with --kit-ref`);
  });

  test('never overwrites a file that differs without --force: shows the diff, writes only what is missing', async () => {
    const dir = repoWith(SEED);
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, '.github/platforms.yml'), 'mine\n');
    const first = await init(dir);
    expect(first.code).toBe(0);
    expect(read(dir, '.github/platforms.yml')).toBe('mine\n');
    expect(first.stdout).toContain(
      '.github/platforms.yml exists and differs: proposed changes (not written)\n--- a/.github/platforms.yml\n+++ b/.github/platforms.yml\n@@ -1 +1,',
    );
    expect(first.stdout).toContain('\n-mine\n+# The platforms manifest');
    expect(first.stdout).toContain(
      '1 file(s) exist and differ from what init would write now: nothing of them was overwritten; rerun with --force to write them\n',
    );
    expect(first.stdout).toContain('wrote .github/workflows/pipeline.yml\n');

    const forced = await init(dir, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('overwrote .github/platforms.yml\n');
    expect(forced.stdout).toContain('unchanged .github/workflows/pipeline.yml\n');
    expect(read(dir, '.github/platforms.yml')).toContain('platforms:\n  infrastructure:\n');
  });

  test('a second run on an unchanged repository changes nothing and says so', async () => {
    const dir = repoWith(SEED);
    await init(dir);
    const again = await init(dir);
    expect(again.code).toBe(0);
    for (const path of ['.github/workflows/pipeline.yml', '.github/platforms.yml', '.github/separation.yml'])
      expect(again.stdout).toContain(`unchanged ${path}\n`);
    expect(again.stdout).not.toContain('wrote ');
    expect(again.stdout).not.toContain('differ');
  });

  test('--dry-run prints the manifest and spec it would write, the workflows in one line each, and writes nothing', async () => {
    const dir = repoWith(SEED);
    const { code, stdout } = await init(dir, '--dry-run');
    expect(code).toBe(0);
    expect(existsSync(join(dir, '.github/platforms.yml'))).toBe(false);
    expect(existsSync(join(dir, '.github/workflows'))).toBe(false);
    expect(stdout).toMatch(
      /\nwould write \.github\/workflows\/pipeline\.yml \(\d+ lines: workflows-templates\/pipeline\.yml for these platforms\)\n/,
    );
    expect(stdout).toContain('would write .github/platforms.yml:\n  | # The platforms manifest');
    expect(stdout).toContain('\n  |   bizoholic:\n  |     paths: [bizoholic-platform/**, shared/**');
    expect(stdout).toContain('would write .github/separation.yml:\n');
    expect(stdout).toContain('Dry run: nothing was written.\n');
    // Where a file exists and differs, the dry run shows the same diff a real run would.
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, '.github/separation.yml'), 'platforms: {}\n');
    const again = await init(dir, '--dry-run', '--force');
    expect(again.stdout).toContain('would overwrite .github/separation.yml:\n');
    expect(read(dir, '.github/separation.yml')).toBe('platforms: {}\n');
  });

  test('pins the kit to --kit-ref and rejects a ref that is not a full commit SHA', async () => {
    const dir = repoWith(SEED);
    const sha = 'a'.repeat(40);
    const { stdout } = await init(dir, '--kit-ref', sha);
    const stage = read(dir, '.github/workflows/deploy-stage.yml');
    expect(stage).toContain(`uses: bizosaas/dokploy-deploy@${sha} # v1`);
    expect(stage).not.toContain(TEMPLATE_PIN);
    // The doctor job runs the CLI of the same commit.
    const pipeline = read(dir, '.github/workflows/pipeline.yml');
    expect(pipeline).toContain(`npx --yes github:bizosaas/dokploy-deploy#${sha} doctor`);
    expect(pipeline).not.toContain(TEMPLATE_PIN);
    expect(stdout).not.toContain('rerun with --kit-ref');
    await expect(init(repoWith(SEED), '--kit-ref', 'v1')).rejects.toThrow(
      "Option '--kit-ref' is 'v1': use a full commit SHA (40 hex digits) of bizosaas/dokploy-deploy",
    );
  });

  test('fails with one line when two folders would be the same platform', async () => {
    await expect(init(repoWith(['web', 'web-platform']))).rejects.toThrow(
      "Folders web/ and web-platform/ would both be platform 'web': rename one, or write .github/platforms.yml yourself",
    );
  });

  test('fails with one line in a repository without folders to deploy', async () => {
    await expect(init(repoWith(['.github', 'docs', 'shared']))).rejects.toThrow(
      'The repository has no top-level folder to deploy: create one folder per Dokploy project',
    );
  });

  test('for another layout generates a pipeline that actionlint and zizmor accept, with its own secrets', async () => {
    const dir = repoWith(['infra', 'api', 'web', 'admin-console', 'common'], ['api']);
    await init(dir);
    const stage = read(dir, '.github/workflows/deploy-stage.yml');
    const pipeline = read(dir, '.github/workflows/pipeline.yml');
    const rollback = read(dir, '.github/workflows/rollback.yml');
    const monitor = read(dir, '.github/workflows/monitor.yml');
    expect(monitor).not.toMatch(/BIZOHOLIC|CORELDOVE|MANAGEMENT/);
    for (const name of ['API', 'WEB', 'ADMIN_CONSOLE']) expect(monitor).toContain(`${name}_E2E_TOKEN`);
    for (const text of [stage, pipeline, rollback]) {
      expect(text).not.toMatch(/BIZOHOLIC|CORELDOVE|MANAGEMENT|INFRASTRUCTURE/);
      for (const name of ['INFRA', 'API', 'WEB', 'ADMIN_CONSOLE'])
        expect(text).toContain(`DOKPLOY_${name}_STAGING_ID`);
    }
    expect(stage).toContain(
      "|| matrix.secret == 'DOKPLOY_ADMIN_CONSOLE_DEV_ID' && secrets.DOKPLOY_ADMIN_CONSOLE_DEV_ID\n",
    );
    const manifest = parseManifest(read(dir, '.github/platforms.yml'), '.github/platforms.yml');
    expect(manifest.platforms.map((p) => [p.name, p.stage])).toEqual([
      ['infra', 0],
      ['api', 1],
      ['web', 1],
      ['admin-console', 2],
    ]);
    const lint = runTool(tool('actionlint'), ['-no-color'], dir);
    expect(lint.stdout).toBe('');
    expect(lint.code).toBe(0);
    const zizmor = runTool(
      tool('zizmor'),
      ['--no-online-audits', '--no-progress', '--format', 'json', '.github/workflows'],
      dir,
    );
    expect(JSON.parse(zizmor.stdout)).toEqual([]);
  });
});

describe('dokploy-deploy init from the bundle (dist/cli)', () => {
  test('finds the templates next to the installed bundle; a second run changes nothing', () => {
    const dir = repoWith(SEED);
    const cli = (): { code: number; stdout: string; stderr: string } =>
      runTool(process.execPath, [join(ROOT, 'dist', 'cli', 'index.js'), 'init', '--dir', dir], ROOT);
    const first = cli();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote .github/workflows/deploy-stage.yml\n');
    expect(read(dir, '.github/workflows/deploy-stage.yml')).toBe(template('deploy-stage.yml'));
    const second = cli();
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain('unchanged .github/workflows/deploy-stage.yml\n');
  });
});

describe('the pieces of init', () => {
  test('readLayout on folders strips -platform, skips hidden, ignored and shared folders, and orders by stage', () => {
    const layout = readLayout(
      filesOf([
        'zeta-platform/a',
        'management/a',
        'infrastructure/a',
        '.git/a',
        'shared/a',
        'tests/a',
        'bad name/a',
      ]),
    );
    expect(layout.shared).toEqual(['shared']);
    expect(layout.projects.map((p) => [p.name, p.folder, p.kind, p.needs])).toEqual([
      ['infrastructure', 'infrastructure', 'compose', []],
      ['zeta', 'zeta-platform', 'application', ['infrastructure']],
      ['management', 'management', 'application', ['zeta']],
    ]);
    expect(layout.skipped.map((s) => s.folder)).toEqual(['bad name', 'tests']);
  });

  test("rewriteBlocks repeats the seed's first id line per secret and keeps the rest", () => {
    const text = [
      'a',
      '# >>> project ids',
      'head',
      'X_DOKPLOY_INFRASTRUCTURE_PROD_ID',
      'X_DOKPLOY_INFRASTRUCTURE_STAGING_ID',
      'X_DOKPLOY_OTHER_PROD_ID',
      'tail',
      '# <<< project ids',
      'b',
    ].join('\n');
    expect(rewriteBlocks(text, PROJECT_IDS, ['DOKPLOY_ONE_PROD_ID', 'WEB_ID'])).toBe(
      [
        'a',
        '# >>> project ids',
        'head',
        'X_DOKPLOY_ONE_PROD_ID',
        'X_WEB_ID',
        'tail',
        '# <<< project ids',
        'b',
      ].join('\n'),
    );
    expect(() => rewriteBlocks('# >>> project ids\nnothing\n# <<< project ids', PROJECT_IDS, ['x'])).toThrow(
      'a project ids block has no DOKPLOY_INFRASTRUCTURE_PROD_ID line to repeat',
    );
  });

  test('secretsToSet lists the connection, then the id secrets the manifest names', () => {
    const layout = readLayout(filesOf(['infrastructure/a', 'web/a']));
    expect(secretsToSet(parseManifest(renderManifest(layout), 'm'))).toEqual([
      'DOKPLOY_URL',
      'DOKPLOY_TOKEN',
      'DOKPLOY_INFRASTRUCTURE_PROD_ID',
      'DOKPLOY_INFRASTRUCTURE_STAGING_ID',
      'DOKPLOY_INFRASTRUCTURE_DEV_ID',
      'DOKPLOY_WEB_PROD_ID',
      'DOKPLOY_WEB_STAGING_ID',
      'DOKPLOY_WEB_DEV_ID',
    ]);
  });
});

/** The issue's monorepo of another shape, as npm workspaces (a real git repository). */
function foreignRepo(extra: Record<string, string | null> = {}): TempRepo {
  const repo = tempRepo('main');
  repos.push(repo);
  const pkg = (name: string, more: Record<string, unknown> = {}): string =>
    `${JSON.stringify({ name: `@acme/${name}`, version: '1.0.0', ...more }, null, 2)}\n`;
  const service = (name: string, deps: string[], scripts: Record<string, string> = {}): string =>
    pkg(name, {
      scripts: { start: 'node .', ...scripts },
      dependencies: Object.fromEntries(deps.map((d) => [`@acme/${d}`, '*'])),
    });
  repo.commit('the monorepo', {
    'package.json': `${JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*', 'services/*', 'packages/*'] })}\n`,
    'package-lock.json': '{}\n',
    '.gitignore': 'node_modules\n',
    'apps/storefront/package.json': service('storefront', ['ui'], { test: 'vitest run' }),
    'apps/storefront/Dockerfile': 'FROM node:24\n',
    'apps/admin/package.json': service('admin', ['ui']),
    'apps/admin/Dockerfile': 'FROM node:24\n',
    'services/api/package.json': service('api', ['db'], { test: 'node --test' }),
    'services/api/Dockerfile': 'FROM node:24\n',
    'services/worker/package.json': service('worker', ['db', 'api']),
    'packages/ui/package.json': pkg('ui', { main: 'index.js' }),
    'packages/ui/index.js': 'export {};\n',
    'packages/db/package.json': pkg('db', { main: 'index.js' }),
    'packages/db/index.js': 'export {};\n',
    'deploy/infra/docker-compose.yml': 'services:\n  postgres:\n    image: postgres:17\n',
    'docs/index.md': '# Acme\n',
    ...extra,
  });
  // Installed dependencies are ignored, as in a real checkout.
  repo.write({ 'node_modules/left-pad/package.json': '{"name":"left-pad"}\n' });
  return repo;
}

const repos: TempRepo[] = [];
afterEach(() => {
  for (const repo of repos.splice(0)) repo.remove();
});

const bundle = (dir: string, ...args: string[]): { code: number; stdout: string; stderr: string } =>
  runTool(process.execPath, [join(ROOT, 'dist', 'cli', 'index.js'), ...args], dir);

describe('dokploy-deploy init reads the repository', () => {
  test('npm workspaces: a platform per deployable package, shared packages in their users’ paths, needs from dependencies', async () => {
    const repo = foreignRepo();
    const { code, stdout } = await init(repo.dir);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        'Read the repository: npm workspaces (package.json: apps/*, services/*, packages/*).',
        'Platforms:',
        '  infra       compose      deploy/infra/     deploy/infra/docker-compose.yml is a compose stack (deployed first; every application needs it)',
        '  admin       application  apps/admin/       workspace package @acme/admin with a Dockerfile',
        '  api         application  services/api/     workspace package @acme/api with a Dockerfile',
        '  storefront  application  apps/storefront/  workspace package @acme/storefront with a Dockerfile',
        '  worker      application  services/worker/  workspace package @acme/worker with a start script; needs api (a workspace dependency)',
        'Shared: packages/db/ (in the paths of api, worker, which depend on it)',
        'Shared: packages/ui/ (in the paths of admin, storefront, which depend on it)',
        'Not deployed: docs/ (never a platform)',
        'Separation checks: admin (in apps/), storefront (in apps/); not api (a service in services/), worker (a service in services/)',
        'warning: services/worker has a start script but no Dockerfile: taken as deployable (Dokploy builds it with Nixpacks); check it is a service',
        '',
      ].join('\n'),
    );
    const manifest = parseManifest(read(repo.dir, '.github/platforms.yml'), '.github/platforms.yml');
    expect(manifest.platforms.map((p) => [p.name, p.stage, p.needs])).toEqual([
      ['infra', 0, []],
      ['admin', 1, ['infra']],
      ['api', 1, ['infra']],
      ['storefront', 1, ['infra']],
      ['worker', 2, ['api']],
    ]);
    const raw = parse(read(repo.dir, '.github/platforms.yml')) as {
      platforms: Record<
        string,
        { paths: string[]; deploy: { kind: string }; cascade?: boolean; tests?: unknown }
      >;
    };
    expect(raw.platforms.infra).toMatchObject({
      paths: ['deploy/infra/**'],
      deploy: { kind: 'compose' },
      cascade: true,
    });
    expect(raw.platforms.storefront?.paths).toEqual(['apps/storefront/**', 'packages/ui/**', '!**/*.md']);
    expect(raw.platforms.worker?.paths).toEqual(['services/worker/**', 'packages/db/**', '!**/*.md']);
    expect(raw.platforms.storefront?.tests).toEqual({
      unit: 'npm ci && npm test --workspace apps/storefront',
    });
    expect(raw.platforms.admin?.tests).toBeUndefined();
    expect(Object.keys(raw.platforms)).not.toContain('packages');
    // The separation spec checks the platforms that serve pages, not the API and the worker.
    const separation = parse(read(repo.dir, '.github/separation.yml')) as {
      platforms: Record<string, unknown>;
    };
    expect(Object.keys(separation.platforms)).toEqual(['admin', 'storefront']);
    const lint = runTool(tool('actionlint'), ['-no-color'], repo.dir);
    expect(lint.stdout).toBe('');
    expect(lint.code).toBe(0);
  });

  test('a web framework dependency marks a page app; fewer than two page apps write no separation spec', async () => {
    const json = (value: unknown) => `${JSON.stringify(value)}\n`;
    // admin and storefront become libraries (no start script, no Dockerfile); api renders with Next.js.
    const repo = foreignRepo({
      'services/api/package.json': json({
        name: '@acme/api',
        scripts: { start: 'next start' },
        dependencies: { '@acme/db': '*', next: '15.0.0' },
      }),
      'apps/admin/package.json': json({ name: '@acme/admin' }),
      'apps/storefront/package.json': json({ name: '@acme/storefront' }),
      'apps/admin/Dockerfile': null,
      'apps/storefront/Dockerfile': null,
    });
    const { code, stdout } = await init(repo.dir);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Separation checks: none (only api serves pages; not worker (a service in services/)): no .github/separation.yml\n',
    );
    expect(existsSync(join(repo.dir, '.github/separation.yml'))).toBe(false);
  });

  test('the manifest it writes plans the right deploys: a shared package, the compose stack, docs only', async () => {
    const repo = foreignRepo();
    await init(repo.dir);
    repo.commit('adopt the kit', {});
    const deploys = (files: Record<string, string>): string[] => {
      repo.commit('a change', files);
      const result = bundle(repo.dir, 'plan', '--base', 'HEAD~1', '--format', 'json');
      expect(result.code).toBe(0);
      return (JSON.parse(result.stdout) as { platforms: { name: string }[] }).platforms.map((p) => p.name);
    };
    expect(deploys({ 'packages/db/index.js': 'export const db = 1;\n' })).toEqual(['api', 'worker']);
    expect(deploys({ 'packages/ui/index.js': 'export const ui = 1;\n' })).toEqual(['admin', 'storefront']);
    expect(deploys({ 'deploy/infra/docker-compose.yml': 'services: {}\n' })).toEqual([
      'infra',
      'admin',
      'api',
      'storefront',
      'worker',
    ]);
    expect(deploys({ 'docs/index.md': '# Acme, documented\n' })).toEqual([]);
  });

  test('pnpm and yarn workspaces: read from their own files, tests run with their own commands', async () => {
    const pnpm = foreignRepo({
      'pnpm-workspace.yaml':
        "packages:\n  - 'apps/*'\n  - 'services/*'\n  - 'packages/*'\n  - '!packages/db'\n",
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      'package-lock.json': null,
    });
    const fromPnpm = await init(pnpm.dir);
    expect(fromPnpm.stdout).toContain(
      'Read the repository: pnpm workspaces (pnpm-workspace.yaml: apps/*, services/*, packages/*, !packages/db).\n',
    );
    expect(read(pnpm.dir, '.github/platforms.yml')).toContain(
      '      unit: pnpm install --frozen-lockfile && pnpm --filter @acme/storefront test\n',
    );
    // packages/db is excluded from the workspaces, so it is not a dependency the paths follow.
    expect(read(pnpm.dir, '.github/platforms.yml')).toContain("    paths: [services/api/**, '!**/*.md']\n");

    const yarn = foreignRepo({ 'yarn.lock': '# yarn lockfile v1\n', 'package-lock.json': null });
    await init(yarn.dir);
    expect(read(yarn.dir, '.github/platforms.yml')).toContain(
      '      unit: yarn install --frozen-lockfile && yarn workspace @acme/storefront test\n',
    );
  });

  test('warns where it guessed: a root compose file, a compose file inside a package, a folder no rule covers', async () => {
    const repo = foreignRepo({
      'docker-compose.yml': 'services: {}\n',
      'apps/admin/compose.yaml': 'services: {}\n',
      'legacy/server.php': '<?php\n',
    });
    const { stdout } = await init(repo.dir);
    expect(stdout).toContain(
      "warning: docker-compose.yml at the root taken as the compose stack 'infrastructure': if it only serves local development, remove that platform\n",
    );
    expect(stdout).toContain(
      'warning: apps/admin/compose.yaml belongs to the package apps/admin/: not a compose stack of its own\n',
    );
    expect(stdout).toContain(
      'warning: legacy/ is neither a workspace package nor a compose stack: not deployed; add it to .github/platforms.yml if it is\n',
    );
    const manifest = parseManifest(read(repo.dir, '.github/platforms.yml'), '.github/platforms.yml');
    expect(manifest.platforms.filter((p) => p.stage === 0).map((p) => p.name)).toEqual([
      'infra',
      'infrastructure',
    ]);
    expect(
      (
        parse(read(repo.dir, '.github/platforms.yml')) as {
          platforms: { infrastructure: { paths: string[] } };
        }
      ).platforms.infrastructure.paths,
    ).toEqual(['docker-compose.yml']);
  });

  test('without workspaces: compose stacks anywhere, the other top-level folders, and a warning for a folder of packages', async () => {
    const repo = tempRepo('main');
    repos.push(repo);
    repo.commit('folders', {
      'deploy/infra/compose.yml': 'services: {}\n',
      'apps/storefront/package.json': '{}\n',
      'apps/admin/package.json': '{}\n',
      'api/package.json': '{}\n',
    });
    const { stdout } = await init(repo.dir);
    expect(stdout).toContain('Not deployed: deploy/ (holds the compose stack deploy/infra/)\n');
    expect(stdout).toContain(
      'warning: apps/ holds 2 packages (apps/admin, apps/storefront) but is one platform: declare workspaces, or split it in .github/platforms.yml\n',
    );
    const manifest = parseManifest(read(repo.dir, '.github/platforms.yml'), '.github/platforms.yml');
    expect(manifest.platforms.map((p) => [p.name, p.stage])).toEqual([
      ['infra', 0],
      ['api', 1],
      ['apps', 1],
    ]);
  });

  test('fails in one line when the workspaces hold nothing deployable and there is no compose file', async () => {
    const repo = tempRepo('main');
    repos.push(repo);
    repo.commit('libraries only', {
      'package.json': '{"workspaces":["packages/*"]}\n',
      'packages/ui/package.json': '{"name":"ui"}\n',
    });
    await expect(init(repo.dir)).rejects.toThrow(
      'Found nothing to deploy in the npm workspaces (package.json: packages/*): no package with a Dockerfile or a start script, and no compose file; write .github/platforms.yml yourself (docs/platforms-manifest.md)',
    );
    expect(existsSync(join(repo.dir, '.github'))).toBe(false);
  });
});

describe('init --dokploy: the targets by name, from the Dokploy it reads', () => {
  const service = (
    id: string,
    kind: 'application' | 'compose',
    name: string,
    project: string,
    environment: string,
  ) => ({
    ...(kind === 'application' ? { applicationId: id } : { composeId: id, kind: 'compose' }),
    name,
    project,
    environment,
  });

  test('comparableName leaves case, separators and a -platform suffix aside', () => {
    expect(
      ['Bizoholic Platform', 'bizoholic-platform', 'BIZOHOLIC_platform', 'bizoholic'].map(comparableName),
    ).toEqual(['bizoholic', 'bizoholic', 'bizoholic', 'bizoholic']);
    expect(comparableName('coreldove-web')).toBe('coreldoveweb');
  });

  test('writes names where the service is found, keeps the id secret where not, and says which and why', async () => {
    const sandbox = await startSandbox({
      apiKey: TEST_KEY,
      scenario: {
        services: [
          service('c-p', 'compose', 'stack', 'infrastructure', 'production'),
          service('c-s', 'compose', 'stack', 'infrastructure', 'staging'),
          service('b-p', 'application', 'frontend', 'Bizoholic Platform', 'production'),
          service('b-s', 'application', 'frontend', 'Bizoholic Platform', 'staging'),
          service('k-p1', 'application', 'web', 'coreldove-platform', 'production'),
          service('k-p2', 'application', 'worker', 'coreldove-platform', 'production'),
        ],
      },
    });
    try {
      const dir = repoWith(SEED);
      const env = { DOKPLOY_URL: sandbox.url, DOKPLOY_TOKEN: TEST_KEY };
      const { code, stdout } = await initWith(env, dir, '--dokploy');
      expect(code).toBe(0);
      expect(stdout).toContain(
        '  infrastructure → project infrastructure (production: compose stack, staging: compose stack)\n',
      );
      expect(stdout).toContain(
        '  bizoholic → project Bizoholic Platform (production: application frontend, staging: application frontend)\n',
      );
      expect(stdout).toContain(
        "  not found: bizoholic in development: project 'Bizoholic Platform' has no environment 'development' (it has production, staging); its id secret stays in the manifest\n",
      );
      expect(stdout).toContain(
        '  not found: coreldove in production: several applications and none named like it (web, worker) in coreldove-platform/production; its id secret stays in the manifest\n',
      );
      expect(stdout).toContain(
        '  not found: management: no Dokploy project named like it (projects: infrastructure, Bizoholic Platform, coreldove-platform); its id secret stays in the manifest\n',
      );
      const text = read(dir, '.github/platforms.yml');
      expect(text).toContain('      production: { project: "Bizoholic Platform", application: frontend }\n');
      expect(text).toContain('      staging: { project: infrastructure, compose: stack }\n');
      expect(text).toContain('      development: { secret: DOKPLOY_BIZOHOLIC_DEV_ID }\n');
      const manifest = parseManifest(text, '.github/platforms.yml');
      expect(manifest.platforms.find((p) => p.name === 'bizoholic')?.targets.staging?.names).toEqual({
        project: 'Bizoholic Platform',
        environment: 'staging',
        service: 'frontend',
      });
      // The secrets still to set: only the targets not found.
      expect(stdout).not.toContain('DOKPLOY_BIZOHOLIC_PROD_ID\n');
      expect(stdout).toContain('  DOKPLOY_BIZOHOLIC_DEV_ID\n');
      expect(stdout).toContain('  DOKPLOY_MANAGEMENT_PROD_ID\n');
      expect(stdout).not.toContain(TEST_KEY);
    } finally {
      await sandbox.close();
    }
  });

  test('without DOKPLOY_URL or with a refused key: one line, nothing written', async () => {
    const dir = repoWith(SEED);
    await expect(initWith({ DOKPLOY_TOKEN: 'x' }, dir, '--dokploy')).rejects.toThrow(
      "Environment variable DOKPLOY_URL: is required: your Dokploy server's address, e.g. DOKPLOY_URL=https://dokploy.example.com",
    );
    const sandbox = await startSandbox({ apiKey: TEST_KEY, scenario: { services: [] } });
    try {
      await expect(
        initWith({ DOKPLOY_URL: sandbox.url, DOKPLOY_TOKEN: 'wrong' }, dir, '--dokploy'),
      ).rejects.toThrow(/^Dokploy GET \/api\/project\.all answered 401/);
    } finally {
      await sandbox.close();
    }
    expect(existsSync(join(dir, '.github', 'platforms.yml'))).toBe(false);
  });

  test('findTargets: the one service of the kind, or the one named like the platform among several', () => {
    const projects = [
      {
        projectId: 'p',
        name: 'web',
        environments: [
          {
            environmentId: 'e',
            name: 'production',
            applications: [
              { applicationId: 'a1', name: 'api' },
              { applicationId: 'a2', name: 'Web' },
            ],
            compose: [{ composeId: 'c1', name: 'db' }],
          },
        ],
      },
    ];
    expect(findTargets(projects, [{ name: 'web', kind: 'application' }], ['production']).names).toEqual({
      web: { production: { project: 'web', environment: 'production', service: 'Web' } },
    });
    expect(findTargets(projects, [{ name: 'web', kind: 'compose' }], ['production']).names).toEqual({
      web: { production: { project: 'web', environment: 'production', service: 'db' } },
    });
  });

  test('findTargets: without a project of its own, the one project holding a service named like it', () => {
    const env = (name: string, apps: string[], compose: string[] = []) => ({
      environmentId: `e-${name}`,
      name,
      applications: apps.map((a) => ({ applicationId: `a-${a}-${name}`, name: a })),
      compose: compose.map((c) => ({ composeId: `c-${c}-${name}`, name: c })),
    });
    const projects = [
      {
        projectId: 'p',
        name: 'Acme',
        environments: [env('production', ['storefront', 'API'], ['infra']), env('staging', ['storefront'])],
      },
      { projectId: 'q', name: 'Tools', environments: [env('production', ['grafana'])] },
    ];
    const found = findTargets(
      projects,
      [
        { name: 'api', kind: 'application' },
        { name: 'infra', kind: 'compose' },
        { name: 'admin', kind: 'application' },
      ],
      ['production', 'staging'],
    );
    expect(found.names).toEqual({
      api: { production: { project: 'Acme', environment: 'production', service: 'API' } },
      infra: { production: { project: 'Acme', environment: 'production', service: 'infra' } },
    });
    // In a shared project the lone service of a kind is not taken for a platform named otherwise.
    expect(found.notes).toEqual([
      'api in staging: no application named like it (storefront) in Acme/staging',
      'infra in staging: no compose in Acme/staging',
      'admin: no Dokploy project named like it (projects: Acme, Tools)',
    ]);
  });
});

/** The workflow's text without its generated blocks and push filters: what --sync must leave alone. */
function outsideGenerated(text: string): string {
  return text
    .replace(/^(\s*# >>> .*\n)(?:.*\n)*?(\s*# <<< .*\n)/gm, '$1$2')
    .replace(/^ {4}(branches|tags): .*\n/gm, '');
}

describe('init --sync: the workflows follow .github/platforms.yml as edited', () => {
  /** The seed's repository with init's setup committed, as a maintainer has it. */
  function adopted(): TempRepo {
    const repo = tempRepo('main');
    repos.push(repo);
    repo.commit('the seed', {
      'infrastructure/docker-compose.yml': 'services: {}\n',
      'bizoholic-platform/package.json': '{"scripts":{"start":"next start"}}\n',
      'coreldove-platform/package.json': '{"scripts":{"start":"next start"}}\n',
      'management-platform/package.json': '{"scripts":{"start":"node server.js"}}\n',
    });
    return repo;
  }

  test('a release/* branch and a v* tag: the trigger lists both, the id blocks the secrets named, nothing else changes', async () => {
    const repo = adopted();
    await init(repo.dir);
    // The maintainer's own edit of a workflow, outside the generated parts.
    const ownEdit = (text: string): string =>
      text.replace('timeout-minutes: 30', 'timeout-minutes: 40 # ours');
    repo.write({
      '.github/workflows/pipeline.yml': ownEdit(read(repo.dir, '.github/workflows/pipeline.yml')),
    });
    const manifest = read(repo.dir, '.github/platforms.yml')
      .replace(
        '  develop: development\n',
        "  develop: development\n  'release/*': staging\n  'refs/tags/v*': production\n",
      )
      .replace('{ secret: DOKPLOY_BIZOHOLIC_PROD_ID }', '{ project: bizoholic-platform, application: web }')
      .replace('DOKPLOY_CORELDOVE_STAGING_ID', 'CORELDOVE_STAGING');
    repo.commit('adopt the kit; deploy release branches and tags', { '.github/platforms.yml': manifest });
    const before = Object.fromEntries(
      ['pipeline.yml', 'deploy-stage.yml', 'rollback.yml', 'monitor.yml'].map((f) => [
        f,
        read(repo.dir, `.github/workflows/${f}`),
      ]),
    );

    const { code, stdout } = await init(repo.dir, '--sync');
    expect(code).toBe(0);
    expect(read(repo.dir, '.github/platforms.yml')).toBe(manifest);
    const pipeline = read(repo.dir, '.github/workflows/pipeline.yml');
    expect((parse(pipeline) as { on: { push: unknown } }).on.push).toEqual({
      branches: ['main', 'staging', 'develop', 'release/*'],
      tags: ['v*'],
    });
    expect(pipeline).toContain(
      '    branches: [main, staging, develop, release/*]\n    tags: [v*]\n  workflow_dispatch:\n',
    );
    expect(pipeline).toContain('timeout-minutes: 40 # ours');
    expect(stdout).toContain(
      'synced .github/workflows/pipeline.yml:\n--- a/.github/workflows/pipeline.yml\n',
    );
    expect(stdout).toContain(
      '\n-    branches: [main, staging, develop]\n+    branches: [main, staging, develop, release/*]\n+    tags: [v*]\n',
    );
    for (const [file, text] of Object.entries(before)) {
      const after = read(repo.dir, `.github/workflows/${file}`);
      expect([file, outsideGenerated(after)]).toEqual([file, outsideGenerated(text)]);
      expect([file, after.includes('DOKPLOY_BIZOHOLIC_PROD_ID')]).toEqual([file, false]);
    }
    // Monitor has e2e tokens only, for the same applications: nothing to change.
    expect(stdout).toContain('unchanged .github/workflows/monitor.yml\n');
    const stage = read(repo.dir, '.github/workflows/deploy-stage.yml');
    expect(stage).toContain('      CORELDOVE_STAGING: { required: false }\n');
    expect(stage).toContain("        || matrix.secret == 'CORELDOVE_STAGING' && secrets.CORELDOVE_STAGING\n");
    expect(pipeline.match(/^ {6}CORELDOVE_STAGING: \$\{\{ secrets\.CORELDOVE_STAGING \}\}$/gm)).toHaveLength(
      3,
    );
    expect(pipeline).toContain('          CORELDOVE_STAGING: ${{ secrets.CORELDOVE_STAGING }}\n'); // the doctor's
    expect(stdout).toContain('\n  CORELDOVE_STAGING\n');
    expect(stdout).not.toContain('\n  DOKPLOY_BIZOHOLIC_PROD_ID\n');

    const lint = runTool(tool('actionlint'), ['-no-color'], repo.dir);
    expect(lint.stdout).toBe('');
    expect(lint.code).toBe(0);
    // The plans of a release branch and of a tag (the short names the actions see) name the
    // environments the trigger now runs for.
    const plan = (checkout: string): string => {
      repo.git('checkout', '-q', checkout);
      const result = bundle(repo.dir, 'plan', '--base', 'HEAD~1', '--format', 'json');
      expect([checkout, result.stderr]).toEqual([checkout, '']);
      return (JSON.parse(result.stdout) as { environment: string }).environment;
    };
    repo.commit('the synced workflows', {});
    repo.git('branch', 'release/1.4');
    repo.git('tag', 'v1.4.0');
    expect([plan('release/1.4'), plan('v1.4.0'), plan('main')]).toEqual([
      'staging',
      'production',
      'production',
    ]);

    const again = await init(repo.dir, '--sync');
    for (const file of Object.keys(before))
      expect(again.stdout).toContain(`unchanged .github/workflows/${file}\n`);
  });

  test('--dry-run shows the diff and writes nothing; a workflow not installed is named', async () => {
    const repo = adopted();
    await init(repo.dir);
    repo.write({
      '.github/platforms.yml': read(repo.dir, '.github/platforms.yml').replace(
        '  main: production\n',
        '  trunk: production\n',
      ),
      '.github/workflows/monitor.yml': null,
    });
    const pipeline = read(repo.dir, '.github/workflows/pipeline.yml');
    const { stdout } = await init(repo.dir, '--sync', '--dry-run');
    expect(read(repo.dir, '.github/workflows/pipeline.yml')).toBe(pipeline);
    expect(stdout).toContain(
      'would sync .github/workflows/pipeline.yml:\n--- a/.github/workflows/pipeline.yml\n+++ b/.github/workflows/pipeline.yml\n',
    );
    expect(stdout).toContain(
      '\n-    branches: [main, staging, develop]\n+    branches: [trunk, staging, develop]\n',
    );
    expect(stdout).toContain(
      'missing .github/workflows/monitor.yml: not synced (init without --sync writes it)\n',
    );
    expect(stdout).toContain('Dry run: nothing was written.\n');
  });

  test('a key no branch or tag can match: one line naming the key, nothing written', async () => {
    const repo = adopted();
    await init(repo.dir);
    const pipeline = read(repo.dir, '.github/workflows/pipeline.yml');
    const manifest = read(repo.dir, '.github/platforms.yml');
    for (const [key, line] of [
      [
        'release /*',
        "Platforms manifest field 'environments.release /*' in .github/platforms.yml can never match a branch: it has a space or one of ~ ^ : \\ (git refuses them in ref names): use a branch name or glob such as release/* or hotfix/**, or a tag as refs/tags/v*",
      ],
      [
        'refs/heads/release',
        "Platforms manifest field 'environments.refs/heads/release' in .github/platforms.yml is a full ref: write a branch without refs/heads/, and a tag as refs/tags/ and its name or glob (refs/tags/v*)",
      ],
    ] as const) {
      repo.write({
        '.github/platforms.yml': manifest.replace(
          /^environments:\n/m,
          `environments:\n  '${key}': staging\n`,
        ),
      });
      await expect(init(repo.dir, '--sync')).rejects.toThrow(line);
    }
    expect(read(repo.dir, '.github/workflows/pipeline.yml')).toBe(pipeline);
  });

  test('without a manifest, or with the options of a full init: one line', async () => {
    const repo = adopted();
    await expect(init(repo.dir, '--sync')).rejects.toThrow(
      "Option '--sync': fits the workflows to .github/platforms.yml, which does not exist: run init without --sync first",
    );
    await expect(init(repo.dir, '--sync', '--force', '--dokploy')).rejects.toThrow(
      "Option '--sync': rewrites only the workflows' id blocks and push trigger: leave out --force, --dokploy",
    );
  });

  test('init on a repository with a manifest of its own keeps it and points to --sync', async () => {
    const repo = adopted();
    repo.commit('our manifest', {
      '.github/platforms.yml':
        'environments:\n  trunk: production\nplatforms:\n  web:\n    paths: [web/**]\n    deploy: { kind: application, production: { secret: WEB_ID } }\n',
    });
    const { stdout } = await init(repo.dir);
    expect(stdout).toContain(
      "To keep your .github/platforms.yml: `init --sync` fits the workflows' id blocks and push trigger to it\n",
    );
    await init(repo.dir, '--sync');
    const pipeline = read(repo.dir, '.github/workflows/pipeline.yml');
    expect(pipeline).toContain('    branches: [trunk]\n');
    expect(pipeline).toContain('      WEB_ID: ${{ secrets.WEB_ID }}\n');
    expect(pipeline).not.toMatch(/DOKPLOY_\w+_(PROD|STAGING|DEV)_ID/);
  });
});
