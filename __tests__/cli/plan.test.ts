import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { machineNode, ROOT } from '../support/bundle.js';
import { tempRepo, type TempRepo } from '../support/git.js';

const run = promisify(execFile);
const SEED = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'detect', 'seed-platforms.yml'),
  'utf8',
);
const CLI = join(ROOT, 'dist', 'cli', 'index.js');

let repo: TempRepo;
beforeAll(() => {
  repo = tempRepo('staging');
  repo.commit('seed', {
    '.github/platforms.yml': SEED,
    'infrastructure/compose.yml': 'a',
    'coreldove-platform/a.ts': 'a',
  });
  repo.commit('change', { 'infrastructure/compose.yml': 'b' });
});
afterAll(() => repo.remove());

async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return planIn(repo.dir, ...args);
}

async function planIn(
  dir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(machineNode(), [CLI, 'plan', ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dokploy-deploy plan (the bundled CLI)', () => {
  it('prints the staged plan for a local range, with the reasons', async () => {
    const result = await plan('--base', 'HEAD~1');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Branch staging deploys to staging.');
    expect(result.stdout).toMatch(
      /infrastructure\s+deploys\s+0\s+1 file changed \(infrastructure\/compose.yml\)/,
    );
    expect(result.stdout).toMatch(
      /management\s+deploys\s+2\s+needs infrastructure, which changed \(cascade\)/,
    );
  });

  it('prints the same matrix JSON as the action, for another branch', async () => {
    const result = await plan('--base', 'HEAD~1', '--branch', 'main', '--format', 'matrix');
    const matrix = JSON.parse(result.stdout) as {
      include: { platform: string; environment: string; secret: string }[];
    };
    expect(matrix.include.map((e) => [e.platform, e.environment])).toEqual([
      ['infrastructure', 'production'],
      ['bizoholic', 'production'],
      ['coreldove', 'production'],
      ['management', 'production'],
    ]);
    expect(matrix.include[0]?.secret).toBe('DOKPLOY_INFRASTRUCTURE_PROD_ID');
  });

  it('fails with one line for a base that is not a commit, or when no base can be found', async () => {
    expect(await plan('--base', 'nope')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: "dokploy-deploy plan: Option --base is 'nope': is not a commit in this repository\n",
    });
    expect(await plan()).toMatchObject({
      code: 1,
      stderr:
        'dokploy-deploy plan: Option --base: is required: the current branch has no upstream to compare with (e.g. --base origin/main)\n',
    });
    expect(await plan('--base', 'HEAD~1', '--format', 'xml')).toMatchObject({
      code: 1,
      stderr: "dokploy-deploy plan: Option --format is 'xml': use one of table, json, matrix, outputs\n",
    });
  });

  it('plans a selection without --base (no upstream needed) and says it skipped detection', async () => {
    const result = await plan('--select', 'bizoholic,coreldove');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Platforms selected by hand (--select): no change detection.\n');
    expect(result.stdout).toMatch(/bizoholic\s+deploys\s+1\s+selected by hand/);
    expect(result.stdout).toMatch(/infrastructure\s+-\s+0\s+no matching changes/);
  });

  it('says an --environment override is not the branch mapping', async () => {
    const result = await plan('--base', 'HEAD~1', '--branch', 'main', '--environment', 'staging');
    expect(result.stdout).toContain(
      "Deploys to staging (from --environment; branch main's mapping is not used).\n",
    );
    expect(result.stdout).not.toContain('Branch main deploys');
  });

  it('points to init in one line when the repository has no manifest, before asking for a base', async () => {
    const bare = tempRepo('main');
    try {
      bare.commit('first', { 'README.md': 'a' });
      expect(await planIn(bare.dir)).toEqual({
        code: 1,
        stdout: '',
        stderr: `dokploy-deploy plan: Option --manifest: is required: there is no .github/platforms.yml in ${bare.dir} (run 'dokploy-deploy init' to create one)\n`,
      });
    } finally {
      bare.remove();
    }
  });

  it('names its own options, never the action inputs, when a selection, environment or file is wrong', async () => {
    expect(await plan('--select', 'bizoholic,nope')).toEqual({
      code: 1,
      stdout: '',
      stderr:
        "dokploy-deploy plan: Option --select is 'bizoholic,nope': 'nope' is not a platform; use all or a comma list of infrastructure, bizoholic, coreldove, management\n",
    });
    expect(await plan('--select', 'all', '--environment', 'qa')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^dokploy-deploy plan: Option --environment is 'qa': use one of the manifest's environments: /,
      ),
    });
    expect(await plan('--select', 'all', '--manifest', 'missing.yml')).toEqual({
      code: 1,
      stdout: '',
      stderr: `dokploy-deploy plan: Option --manifest is 'missing.yml': no such file (relative to ${repo.dir}); give a path or inline YAML\n`,
    });
    expect(await plan('--select', 'all', '--filters', 'gone.yml')).toMatchObject({
      code: 1,
      stderr: `dokploy-deploy plan: Option --filters is 'gone.yml': no such file (relative to ${repo.dir}); give a path or inline YAML\n`,
    });
  });
});
