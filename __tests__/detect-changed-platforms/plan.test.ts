import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../src/lib/manifest.js';
import { planDeploys, type PlanInput } from '../../src/detect-changed-platforms/plan.js';
import { matchPlatforms } from '../../src/detect-changed-platforms/platform-match.js';
import { buildOutputs } from '../../src/detect-changed-platforms/outputs.js';

const manifest = parseManifest(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'detect', 'seed-platforms.yml'), 'utf8'),
  'seed',
);

function plan(changed: string[], overrides: Partial<PlanInput> = {}) {
  const matches = matchPlatforms(
    manifest.platforms,
    changed.map((filename) => ({ filename, status: 'modified' })),
  );
  return planDeploys({
    manifest,
    matches,
    environment: 'staging',
    branch: 'staging',
    select: [],
    ...overrides,
  });
}

describe('matchPlatforms: gitignore-style negation', () => {
  it('includes a file when a positive pattern matches and no ! pattern does', () => {
    const matches = matchPlatforms(manifest.platforms, [
      { filename: 'shared/frontend/button.tsx', status: 'modified' },
      { filename: 'shared/frontend/README.md', status: 'modified' },
      { filename: 'docs/unrelated.txt', status: 'modified' },
    ]);
    expect(matches.get('bizoholic')).toEqual(['shared/frontend/button.tsx']);
    expect(matches.get('coreldove')).toEqual(['shared/frontend/button.tsx', 'shared/frontend/README.md']);
    expect(matches.get('management')).toEqual([]);
  });
});

describe('planDeploys', () => {
  it('a change only under coreldove-platform/ deploys only coreldove, in stage 1, to staging', () => {
    const result = plan(['coreldove-platform/src/page.tsx']);
    expect(result.platforms.map((p) => [p.name, p.stage, p.secret])).toEqual([
      ['coreldove', 1, 'DOKPLOY_CORELDOVE_STAGING_ID'],
    ]);
    expect(result.stages).toEqual([[], ['coreldove'], []]);
    expect(result.platforms[0]?.reason).toEqual({
      type: 'files',
      files: ['coreldove-platform/src/page.tsx'],
    });
  });

  it('a change under shared/frontend/ deploys both Next.js platforms in the same stage', () => {
    expect(plan(['shared/frontend/theme.ts']).stages).toEqual([[], ['bizoholic', 'coreldove'], []]);
  });

  it('a change under infrastructure/ with cascade redeploys everything that needs it, with the reason', () => {
    const result = plan(['infrastructure/postgres/init.sql']);
    expect(result.stages).toEqual([['infrastructure'], ['bizoholic', 'coreldove'], ['management']]);
    expect(result.platforms.find((p) => p.name === 'management')?.reason).toEqual({
      type: 'dependency',
      via: 'infrastructure',
    });
    expect(result.platforms.find((p) => p.name === 'management')?.reasonText).toBe(
      'needs infrastructure, which changed (cascade)',
    );
    expect(result.platforms.find((p) => p.name === 'management')?.needs).toEqual([
      'infrastructure',
      'bizoholic',
      'coreldove',
    ]);
  });

  it('without cascade a dependency change does not select dependents', () => {
    const result = plan(['bizoholic-platform/app.ts']);
    expect(result.platforms.map((p) => p.name)).toEqual(['bizoholic']);
    expect(result.platforms[0]?.needs).toEqual([]);
  });

  it('select picks exactly the named platforms, with no dependencies added', () => {
    const result = plan([], { select: ['management'] });
    expect(result.platforms.map((p) => [p.name, p.reasonText])).toEqual([['management', 'selected by hand']]);
    expect(plan([], { select: ['all'] }).platforms).toHaveLength(4);
  });

  it('select with an unknown name is a clear error', () => {
    expect(() => plan([], { select: ['bizoholic', 'nope'] })).toThrow(
      "Input 'select' is 'bizoholic,nope': 'nope' is not a platform; use all or a comma list of infrastructure, bizoholic, coreldove, management",
    );
  });

  it('a branch without an environment gives an empty deploy plan but keeps what changed', () => {
    const result = plan(['coreldove-platform/x'], { environment: '', branch: 'feature/x' });
    expect(result.platforms).toEqual([]);
    expect(result.stages).toEqual([[], [], []]);
    expect(result.decisions.filter((d) => d.selected).map((d) => d.name)).toEqual(['coreldove']);
  });

  it('a selected platform without a target in the environment is left out with a warning', () => {
    const result = plan(['coreldove-platform/x'], { environment: 'development', branch: 'develop' });
    expect(result.platforms).toEqual([]);
    expect(result.warnings).toEqual([
      "Platform 'coreldove' is selected but has no Dokploy target for environment 'development' (platforms.coreldove.deploy.development); it is not deployed",
    ]);
  });

  it('a target given by id is passed through with an empty secret', () => {
    const result = plan(['infrastructure/x'], { environment: 'development', branch: 'develop' });
    expect(result.platforms[0]).toMatchObject({
      name: 'infrastructure',
      kind: 'compose',
      id: 'infra-dev',
      secret: '',
    });
  });
});

describe('the test matrix', () => {
  const withTests = parseManifest(
    `platforms:
  web: { paths: [web/**], tests: { unit: npm test, with-deploy: true }, deploy: { kind: application, staging: { id: w } } }
  api: { paths: [api/**], tests: { unit: npm test }, deploy: { kind: application, staging: { id: a } } }
  docs: { paths: [docs/**], deploy: { kind: application, staging: { id: d } } }
`,
    'inline',
  );
  const outputsFor = (environment: string) => {
    const changed = ['web/a.ts', 'api/a.ts', 'docs/a.md'].map((filename) => ({
      filename,
      status: 'modified',
    }));
    const planned = planDeploys({
      manifest: withTests,
      matches: matchPlatforms(withTests.platforms, changed),
      environment,
      branch: 'x',
      select: [],
    });
    return Object.fromEntries(buildOutputs({ filterMatches: undefined, plan: planned, listFiles: 'none' }));
  };
  const legs = (json: string | undefined) =>
    (JSON.parse(json ?? '{}') as { include: Record<string, string>[] }).include.map((e) => e.platform);

  it('has a leg per selected platform with a test command, unless its deploy leg runs them (with-deploy)', () => {
    const outputs = outputsFor('staging');
    expect(legs(outputs['test-matrix'])).toEqual(['api']);
    const matrix = JSON.parse(outputs.matrix ?? '{}') as { include: Record<string, string>[] };
    expect(matrix.include.map((e) => [e.platform, e['tests-with-deploy']])).toEqual([
      ['web', 'true'],
      ['api', ''],
      ['docs', ''],
    ]);
    // No environment, so no deploy leg: web's tests get their own leg again.
    expect(legs(outputsFor('')['test-matrix'])).toEqual(['web', 'api']);
  });
});
