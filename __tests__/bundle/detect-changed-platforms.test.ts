import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeBinaries, runBundle } from '../support/bundle.js';
import { tempRepo, type TempRepo } from '../support/git.js';

const SEED = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'detect', 'seed-platforms.yml'),
  'utf8',
);
const TOKEN = 'ghs_bundleTestToken123';

let repo: TempRepo;
let before: string;
let after: string;

beforeAll(() => {
  repo = tempRepo('staging');
  before = repo.commit('seed', {
    '.github/platforms.yml': SEED,
    'infrastructure/compose.yml': 'x',
    'bizoholic-platform/app.ts': 'x',
    'coreldove-platform/app.ts': 'x',
    'management-platform/app.ts': 'x',
    'shared/frontend/theme.ts': 'x',
  });
  after = repo.commit('coreldove only', {
    'coreldove-platform/app.ts': 'y',
    'coreldove-platform/new page.tsx': 'z',
  });
});
afterAll(() => repo.remove());

const pushEnv = (branch: string) => ({
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: `refs/heads/${branch}`,
  GITHUB_REPOSITORY: 'acme/mono',
});
const pushEvent = () => ({ before, after, repository: { default_branch: 'main' } });

describe.each(nodeBinaries())('dist/detect-changed-platforms under $label', ({ path: node }) => {
  it('produces dorny-compatible outputs, in dorny order, for a push', async () => {
    const run = await runBundle('detect-changed-platforms', {
      node,
      cwd: repo.dir,
      env: pushEnv('staging'),
      event: pushEvent(),
      inputs: {
        filters: "cd: 'coreldove-platform/**'\ninfra: 'infrastructure/**'\nchanges: '**'\n",
        token: TOKEN,
        'list-files': 'shell',
        base: 'refs/heads/staging',
      },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Exactly dorny's outputs: the repository's .github/platforms.yml is not read beside filters.
    const dornyOutputs = [
      ['cd', 'true'],
      ['cd_count', '2'],
      ['cd_files', "coreldove-platform/app.ts 'coreldove-platform/new page.tsx'"],
      ['infra', 'false'],
      ['infra_count', '0'],
      ['infra_files', ''],
      ['changes', 'true'],
      ['changes_count', '2'],
      ['changes_files', "coreldove-platform/app.ts 'coreldove-platform/new page.tsx'"],
    ];
    expect(run.records).toEqual(dornyOutputs);
    expect(run.visible).not.toContain(TOKEN);
  });

  it('adds the platform outputs after the filter outputs when platforms is given too', async () => {
    const run = await runBundle('detect-changed-platforms', {
      node,
      cwd: repo.dir,
      env: pushEnv('staging'),
      event: pushEvent(),
      inputs: {
        filters: "cd: 'coreldove-platform/**'\n",
        platforms: '.github/platforms.yml',
        token: TOKEN,
        base: 'refs/heads/staging',
      },
    });
    expect(run.code).toBe(0);
    expect(run.records.slice(0, 4)).toEqual([
      ['cd', 'true'],
      ['cd_count', '2'],
      ['infrastructure', 'false'],
      ['infrastructure_count', '0'],
    ]);
    expect(run.outputs.changes).toBe('["cd"]');
    expect(run.outputs.environment).toBe('staging');
  });

  it('plans a staging deploy of coreldove alone from the manifest', async () => {
    const run = await runBundle('detect-changed-platforms', {
      node,
      cwd: repo.dir,
      env: pushEnv('staging'),
      event: pushEvent(),
      inputs: { token: TOKEN, base: 'staging' },
    });
    expect(run.code).toBe(0);
    expect(run.outputs.environment).toBe('staging');
    expect(run.outputs.changes).toBe('["coreldove"]');
    expect(JSON.parse(run.outputs.stages ?? '')).toEqual([[], ['coreldove'], []]);
    expect(JSON.parse(run.outputs['matrix-stage-1'] ?? '')).toEqual({
      include: [
        {
          platform: 'coreldove',
          stage: 1,
          environment: 'staging',
          kind: 'application',
          id: '',
          secret: 'DOKPLOY_CORELDOVE_STAGING_ID',
          project: '',
          'project-environment': '',
          service: '',
          health: '',
          unit: '',
          integration: '',
          'tests-with-deploy': '',
          'pre-deploy': '',
          'post-deploy': '',
          'hook-service': '',
          'hook-timeout': '',
          url: '',
          'promote-from': '',
          'promote-id': '',
          'promote-secret': '',
          'promote-project': '',
          'promote-project-environment': '',
          'promote-service': '',
          'promote-health': '',
        },
      ],
    });
    expect(run.outputs['matrix-stage-0']).toBe('{"include":[]}');
    // No .github/separation.yml in this repository: no separation job.
    expect(run.outputs['separation-stage']).toBe('');
    expect(run.outputs['separation-platforms']).toBe('[]');
    expect(run.summary).toContain(
      '| `coreldove` | deploys | 2 files changed \\(coreldove-platform/app.ts, coreldove-platform/new page.tsx\\) | 1 | `staging` |',
    );
    expect(run.visible).not.toContain(TOKEN);
  });

  it("carries a platform's hooks for the environment into its matrix entry, as the deploy action's inputs", async () => {
    const notARepo = mkdtempSync(join(tmpdir(), 'no-checkout-'));
    const manifest = [
      'platforms:',
      '  stack:',
      '    paths: [stack/**]',
      '    hooks: { before: ./migrate.sh, service: api, timeout: 2m }',
      '    deploy:',
      '      kind: compose',
      '      production: { id: c1, url: https://stack.example.com, hooks: { after: ./smoke.sh } }',
      '',
    ].join('\n');
    const run = await runBundle('detect-changed-platforms', {
      node,
      cwd: notARepo,
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main' },
      event: { inputs: { select: 'stack' }, repository: { default_branch: 'main' } },
      inputs: { platforms: manifest, select: 'stack', token: TOKEN },
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.matrix ?? '').include[0]).toMatchObject({
      platform: 'stack',
      id: 'c1',
      'pre-deploy': './migrate.sh',
      'post-deploy': './smoke.sh',
      'hook-service': 'api',
      'hook-timeout': '120000ms',
      url: 'https://stack.example.com',
    });
  });

  it('workflow_dispatch with select deploys exactly that platform without needing a checkout', async () => {
    const notARepo = mkdtempSync(join(tmpdir(), 'no-checkout-'));
    const run = await runBundle('detect-changed-platforms', {
      node,
      cwd: notARepo,
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main' },
      event: { inputs: { select: 'management' }, repository: { default_branch: 'main' } },
      inputs: { platforms: SEED, select: 'management', token: TOKEN },
    });
    expect(run.code).toBe(0);
    expect(run.outputs.environment).toBe('production');
    expect(JSON.parse(run.outputs.matrix ?? '').include.map((e: { platform: string }) => e.platform)).toEqual(
      ['management'],
    );
    expect(run.stdout).toContain('management: true');
  });

  it("a tag's ref reaches only the manifest's refs/tags/ keys, even when a branch pattern matches its name", async () => {
    const manifest = `environments:\n  develop: development\n  'v*': staging\n  'refs/tags/v*': production\n${SEED.slice(SEED.indexOf('platforms:'))}`;
    const runOn = (ref: string) =>
      runBundle('detect-changed-platforms', {
        node,
        cwd: mkdtempSync(join(tmpdir(), 'tag-ref-')),
        env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: ref },
        event: { inputs: { select: 'management' }, repository: { default_branch: 'main' } },
        inputs: { platforms: manifest, select: 'management', token: TOKEN },
      });
    const tag = await runOn('refs/tags/v1.2.0');
    expect([tag.code, tag.outputs.environment]).toEqual([0, 'production']);
    const branch = await runOn('refs/heads/v2-preview');
    expect([branch.code, branch.outputs.environment]).toEqual([0, 'staging']);
  });

  it('lists a pull request through the API, loading the HTTP client only then', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.url} ${req.headers.authorization}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ filename: 'bizoholic-platform/page.tsx', status: 'modified' }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const run = await runBundle('detect-changed-platforms', {
        node,
        cwd: mkdtempSync(join(tmpdir(), 'pr-no-checkout-')),
        env: {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_REF: 'refs/pull/5/merge',
          GITHUB_HEAD_REF: 'feature/x',
          GITHUB_REPOSITORY: 'acme/mono',
          GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        },
        event: {
          pull_request: { number: 5, changed_files: 1, head: { ref: 'feature/x' }, base: { ref: 'main' } },
        },
        inputs: { platforms: SEED, token: TOKEN },
      });
      expect(run.code).toBe(0);
      expect(requests).toEqual([`/repos/acme/mono/pulls/5/files?per_page=100&page=1 Bearer ${TOKEN}`]);
      expect(run.outputs.bizoholic).toBe('true');
      expect(run.outputs.environment).toBe('');
      expect(run.outputs.matrix).toBe('{"include":[]}');
      expect(JSON.parse(run.outputs['test-matrix'] ?? '').include[0].unit).toBe(
        'npm test --workspace bizoholic-platform',
      );
      expect(run.visible).not.toContain(TOKEN);
    } finally {
      server.close();
    }
  });

  it("places the separation checks where the spec's after: says, when a platform it names deploys", async () => {
    const detect = (spec: string) =>
      runBundle('detect-changed-platforms', {
        node,
        cwd: repo.dir,
        env: pushEnv('staging'),
        event: pushEvent(),
        inputs: { token: TOKEN, base: 'staging', 'separation-spec': spec },
      });
    const after = await detect('after: [infrastructure]\nplatforms: { bizoholic: {}, coreldove: {} }');
    expect([after.code, after.outputs['separation-stage'], after.outputs['separation-platforms']]).toEqual([
      0,
      '0',
      '["bizoholic","coreldove"]',
    ]);
    expect(after.summary).toContain('Separation checks after stage 0: `bizoholic`, `coreldove`.');
    // The default place (stage 1); a spec none of whose platforms deploys runs no check.
    expect((await detect('platforms: { coreldove: {}, management: {} }')).outputs['separation-stage']).toBe(
      '1',
    );
    expect((await detect('platforms: { bizoholic: {}, management: {} }')).outputs['separation-stage']).toBe(
      '',
    );
    const bad = await detect('after: 3\nplatforms: { bizoholic: {}, coreldove: {} }');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(
      "::error::Separation spec field 'after' is '3': the manifest's stages are 0 to 2\n",
    );
  });

  it('fails with one ::error:: line for bad input, before touching git', async () => {
    const run = await runBundle('detect-changed-platforms', {
      node,
      cwd: mkdtempSync(join(tmpdir(), 'bad-input-')),
      env: pushEnv('main'),
      inputs: { filters: "x: 'a/**'", 'list-files': 'xml', token: TOKEN },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::Input 'list-files' is 'xml': use one of none, csv, json, shell, escape\n",
    );
    expect(run.stdout.match(/::error::/g)).toHaveLength(1);
    expect(run.visible).not.toContain(TOKEN);
  });
});
