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
import {
  command,
  planProjects,
  PROJECT_IDS,
  rewriteBlocks,
  secretsToSet,
  TEMPLATE_PIN,
} from '../../src/cli/init.js';
import { parseManifest } from '../../src/lib/manifest.js';
import { ROOT, runTool, tool } from '../templates/support.js';

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
  let stdout = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await command.run(['--dir', dir, ...args], {
      signal: new AbortController().signal,
      env: {},
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
        'wrote .github/platforms.yml',
        'wrote .github/separation.yml',
      ].join('\n'),
    );
    // The seed's folders give back the seed's platform names, so the workflows are the templates verbatim.
    expect(read(dir, '.github/workflows/pipeline.yml')).toBe(template('pipeline.yml'));
    expect(read(dir, '.github/workflows/deploy-stage.yml')).toBe(template('deploy-stage.yml'));
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

  test('never overwrites a file without --force, and writes nothing then', async () => {
    const dir = repoWith(SEED);
    mkdirSync(join(dir, '.github'), { recursive: true });
    writeFileSync(join(dir, '.github/platforms.yml'), 'mine\n');
    await expect(init(dir)).rejects.toThrow(
      '.github/platforms.yml already exists: use --force to overwrite (nothing was written)',
    );
    expect(read(dir, '.github/platforms.yml')).toBe('mine\n');
    expect(existsSync(join(dir, '.github/workflows/pipeline.yml'))).toBe(false);

    const forced = await init(dir, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('overwrote .github/platforms.yml\n');
    expect(forced.stdout).toContain('wrote .github/workflows/pipeline.yml\n');
    expect(read(dir, '.github/platforms.yml')).not.toBe('mine\n');
  });

  test('counts every file that exists in the refusal', async () => {
    const dir = repoWith(SEED);
    await init(dir);
    await expect(init(dir)).rejects.toThrow(
      '.github/workflows/pipeline.yml already exists (and 3 more): use --force to overwrite (nothing was written)',
    );
  });

  test('pins the kit to --kit-ref and rejects a ref that is not a full commit SHA', async () => {
    const dir = repoWith(SEED);
    const sha = 'a'.repeat(40);
    const { stdout } = await init(dir, '--kit-ref', sha);
    const stage = read(dir, '.github/workflows/deploy-stage.yml');
    expect(stage).toContain(`uses: bizosaas/dokploy-deploy@${sha} # v1`);
    expect(stage).not.toContain(TEMPLATE_PIN);
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
    for (const text of [stage, pipeline]) {
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
  test('finds the templates next to the installed bundle and refuses a second run with one line', () => {
    const dir = repoWith(SEED);
    const cli = (): { code: number; stdout: string; stderr: string } =>
      runTool(process.execPath, [join(ROOT, 'dist', 'cli', 'index.js'), 'init', '--dir', dir], ROOT);
    const first = cli();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote .github/workflows/deploy-stage.yml\n');
    expect(read(dir, '.github/workflows/deploy-stage.yml')).toBe(template('deploy-stage.yml'));
    const second = cli();
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      'dokploy-deploy init: .github/workflows/pipeline.yml already exists (and 3 more): use --force to overwrite (nothing was written)\n',
    );
  });
});

describe('the pieces of init', () => {
  test('planProjects strips -platform, skips hidden, ignored and shared folders, and orders by stage', () => {
    const layout = planProjects(
      ['zeta-platform', 'management', 'infrastructure', '.git', 'shared', 'tests', 'bad name'],
      () => false,
    );
    expect(layout.shared).toEqual(['shared']);
    expect(layout.projects.map((p) => [p.name, p.folder, p.kind, p.needs])).toEqual([
      ['infrastructure', 'infrastructure', 'compose', []],
      ['zeta', 'zeta-platform', 'application', ['infrastructure']],
      ['management', 'management', 'application', ['zeta']],
    ]);
  });

  test('rewriteBlocks repeats the INFRASTRUCTURE lines per platform and keeps the rest', () => {
    const text = [
      'a',
      '# >>> project ids',
      'head',
      'X_DOKPLOY_INFRASTRUCTURE_PROD_ID',
      'X_DOKPLOY_OTHER_PROD_ID',
      'tail',
      '# <<< project ids',
      'b',
    ].join('\n');
    expect(rewriteBlocks(text, PROJECT_IDS, ['one', 'two-b'])).toBe(
      [
        'a',
        '# >>> project ids',
        'head',
        'X_DOKPLOY_ONE_PROD_ID',
        'X_DOKPLOY_TWO_B_PROD_ID',
        'tail',
        '# <<< project ids',
        'b',
      ].join('\n'),
    );
    expect(() => rewriteBlocks('# >>> project ids\nnothing\n# <<< project ids', PROJECT_IDS, ['x'])).toThrow(
      'a project ids block has no DOKPLOY_INFRASTRUCTURE_ line to repeat',
    );
  });

  test('secretsToSet lists the connection, then every platform per environment', () => {
    const layout = planProjects(['infrastructure', 'web'], () => false);
    expect(secretsToSet(layout)).toEqual([
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
