/**
 * "Safe by construction" (issue 6 §2), checked on the templates' structure: least-privilege
 * permissions, deploy concurrency that never cancels, pinned actions, no event data in scripts, no
 * pull_request_target, explicit secrets, a timeout on every job; and the names that must agree
 * across files (secrets in the manifest, the caller and the reusable workflow; detect's outputs).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseManifest } from '../../src/lib/manifest.js';
import { parseSpec } from '../../src/run-e2e-separation/spec.js';
import { parseTargets } from '../../src/wait-healthy/targets.js';
import { KIT_PIN, ROOT, TEMPLATES } from './support.js';

type Node = Record<string, unknown>;
interface Job extends Node {
  uses?: string;
  'runs-on'?: string;
  permissions?: unknown;
  'timeout-minutes'?: number;
  steps?: Node[];
  with?: Node;
  secrets?: Node | string;
  outputs?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  strategy?: { 'fail-fast'?: boolean; matrix?: unknown };
  environment?: unknown;
  env?: Record<string, string>;
}
interface Workflow {
  on: Node;
  permissions?: unknown;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

const text = (file: string): string => readFileSync(join(TEMPLATES, file), 'utf8');
const workflow = (file: string): Workflow => parse(text(file)) as Workflow;
const WORKFLOWS = ['pipeline.yml', 'deploy-stage.yml', 'monitor.yml', 'rollback.yml'];
const pipeline = workflow('pipeline.yml');
const stage = workflow('deploy-stage.yml');
const stageCalls = Object.entries(pipeline.jobs).filter(([, job]) => job.uses !== undefined);

describe.each(WORKFLOWS)('%s', (file) => {
  const wf = workflow(file);
  const jobs = Object.entries(wf.jobs);

  test('has no pull_request_target or workflow_run trigger', () => {
    expect(Object.keys(wf.on)).not.toContain('pull_request_target');
    expect(Object.keys(wf.on)).not.toContain('workflow_run');
  });

  test('grants nothing at the top and declares permissions on every job', () => {
    expect(wf.permissions).toEqual({});
    for (const [id, job] of jobs) expect([id, job.permissions !== undefined]).toEqual([id, true]);
  });

  test('gives every job that runs steps a timeout', () => {
    for (const [id, job] of jobs.filter(([, j]) => j.uses === undefined)) {
      expect([id, typeof job['timeout-minutes']]).toEqual([id, 'number']);
    }
  });

  test('pins every remote action to a full commit SHA with its version in a comment', () => {
    const uses = text(file)
      .split('\n')
      .filter((line) => /^\s*(- )?uses: /.test(line) && !/uses: \.\//.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d[\w.]*$/);
  });

  test('never splices an expression into a run: script', () => {
    for (const [id, job] of jobs) {
      for (const step of job.steps ?? []) {
        if (typeof step.run === 'string') expect([id, step.run.includes('${{')]).toEqual([id, false]);
      }
    }
  });

  test('never passes secrets: inherit', () => {
    for (const [, job] of jobs) expect(job.secrets).not.toBe('inherit');
  });
});

describe('the example manifest', () => {
  test("is valid for the kit's loader and stages the seed: infrastructure, then the two platforms, then management", () => {
    const manifest = parseManifest(text('platforms.yml'), 'workflows-templates/platforms.yml');
    expect(manifest.platforms.map((p) => [p.name, p.stage, p.kind])).toEqual([
      ['infrastructure', 0, 'compose'],
      ['bizoholic', 1, 'application'],
      ['coreldove', 1, 'application'],
      ['management', 2, 'application'],
    ]);
    const shared = manifest.platforms
      .filter((p) => p.paths.includes('shared/frontend/**'))
      .map((p) => p.name);
    expect(shared).toEqual(['bizoholic', 'coreldove']);
  });

  test('gives every platform health targets that wait-healthy accepts, in every environment', () => {
    const raw = parse(text('platforms.yml')) as {
      platforms: Record<string, { health: Record<string, string[]> }>;
    };
    for (const [name, platform] of Object.entries(raw.platforms)) {
      expect([name, Object.keys(platform.health).sort()]).toEqual([
        name,
        ['development', 'production', 'staging'],
      ]);
      for (const lines of Object.values(platform.health))
        expect(parseTargets(lines, name).length).toBe(lines.length);
    }
  });

  test('comes with a separation spec for the same platforms in every environment', () => {
    const names = Object.keys((parse(text('platforms.yml')) as { platforms: object }).platforms);
    for (const environment of ['production', 'staging', 'development']) {
      const spec = parseSpec(text('separation.yml'), 'separation.yml', environment);
      const platforms = spec.platforms.map((p) => p.name);
      expect(platforms.every((p) => names.includes(p))).toBe(true);
      expect(platforms).toEqual(expect.arrayContaining(['bizoholic', 'coreldove']));
    }
  });
});

describe('the pipeline', () => {
  test('runs one pipeline per branch at a time and never cancels one in progress', () => {
    expect(pipeline.concurrency?.group).toContain('github.ref');
    expect(pipeline.concurrency?.['cancel-in-progress']).toBe(false);
  });

  test('calls deploy-stage.yml for stages 0, 1 and 2, each after all the stages before it', () => {
    expect(stageCalls.map(([id, job]) => [id, job.uses, job.with?.stage])).toEqual([
      ['stage-0', './.github/workflows/deploy-stage.yml', 0],
      ['stage-1', './.github/workflows/deploy-stage.yml', 1],
      ['stage-2', './.github/workflows/deploy-stage.yml', 2],
    ]);
    expect(pipeline.jobs['stage-1']?.needs).toEqual(expect.arrayContaining(['tests', 'stage-0']));
    expect(pipeline.jobs['separation-1']?.needs).toEqual(expect.arrayContaining(['stage-0', 'stage-1']));
    expect(pipeline.jobs['stage-2']?.needs).toEqual(
      expect.arrayContaining(['stage-0', 'stage-1', 'separation-0', 'separation-1']),
    );
  });

  test('passes every stage exactly the secrets deploy-stage.yml declares', () => {
    const declared = Object.keys((stage.on.workflow_call as { secrets: Node }).secrets).sort();
    for (const [id, job] of stageCalls) {
      expect([id, Object.keys(job.secrets as Node).sort()]).toEqual([id, declared]);
      for (const [name, value] of Object.entries(job.secrets as Node))
        expect(value).toBe(`\${{ secrets.${name} }}`);
    }
  });

  test('reads only outputs that detect-changed-platforms declares', () => {
    const detect = parse(readFileSync(join(ROOT, 'actions/detect-changed-platforms/action.yml'), 'utf8')) as {
      outputs: Node;
    };
    const jobOutputs = pipeline.jobs.detect?.outputs ?? {};
    for (const [name, value] of Object.entries(jobOutputs)) {
      expect(value).toBe(`\${{ steps.plan.outputs.${name} }}`);
      expect([name, Object.keys(detect.outputs).includes(name)]).toEqual([name, true]);
    }
    const used = new Set(
      [...text('pipeline.yml').matchAll(/needs\.detect\.outputs\.([\w-]+)/g)].map((m) => m[1]),
    );
    for (const name of used)
      expect([name, Object.keys(jobOutputs).includes(name as string)]).toEqual([name, true]);
  });
});

describe('the monitor', () => {
  const monitor = workflow('monitor.yml');

  test('runs every 15 minutes and on demand, one run at a time, never cancelling one', () => {
    expect(monitor.on).toEqual({
      schedule: [{ cron: '*/15 * * * *' }],
      workflow_dispatch: expect.objectContaining({}),
    });
    expect(monitor.concurrency).toEqual({ group: 'dokploy-monitor', 'cancel-in-progress': false });
  });

  test("grants 'issues: write' in the one job that reports, and reads nothing else", () => {
    expect(monitor.jobs.plan?.permissions).toEqual({ contents: 'read' });
    expect(monitor.jobs.check?.permissions).toEqual({ contents: 'read', issues: 'write' });
    const writers = Object.entries(monitor.jobs).filter(([, job]) =>
      JSON.stringify(job.permissions).includes('write'),
    );
    expect(writers.map(([id]) => id)).toEqual(['check']);
  });

  test('checks each platform and environment as its own leg, fail-fast off, and reports every leg', () => {
    const check = monitor.jobs.check as Job;
    expect(check.strategy?.['fail-fast']).toBe(false);
    expect(check.strategy?.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}');
    expect(check.concurrency?.group).toContain('matrix.environment');
    expect(check.concurrency?.group).toContain('matrix.subject');
    const steps = check.steps ?? [];
    // The checks may fail without ending the leg; the report step always runs after them.
    for (const id of ['health', 'separation'])
      expect(steps.find((st) => st.id === id)?.['continue-on-error']).toBe(true);
    const report = steps.at(-1) as Node;
    expect(report.uses).toMatch(/^bizosaas\/dokploy-deploy\/actions\/report-incident@/);
    expect(report.if).toBeUndefined();
    expect((report.with as Node)['webhook-url']).toBe('${{ secrets.MONITOR_WEBHOOK_URL }}');
  });

  test('plans from the same manifest and environments as the pipeline, with no GitHub token', () => {
    const detects = (monitor.jobs.plan?.steps ?? []).filter((st) =>
      String(st.uses).includes('detect-changed-platforms'),
    );
    expect(detects.map((st) => (st.with as Node).environment)).toEqual([
      'production',
      'staging',
      'development',
    ]);
    for (const st of detects)
      expect(st.with).toMatchObject({ platforms: '.github/platforms.yml', select: 'all', token: '' });
  });
});

describe('the deploy stage', () => {
  const deploy = stage.jobs.deploy as Job;

  test('deploys each platform as its own leg, fail-fast off, behind the environment', () => {
    expect(deploy.strategy?.['fail-fast']).toBe(false);
    expect(deploy.strategy?.matrix).toBe('${{ fromJSON(inputs.matrix) }}');
    // The environment's page links to the platform's address from the manifest (matrix field url).
    expect(deploy.environment).toEqual({ name: '${{ inputs.environment }}', url: '${{ matrix.url }}' });
  });

  test('allows one deploy per platform and environment at a time and never cancels it', () => {
    expect(deploy.concurrency?.group).toContain('inputs.environment');
    expect(deploy.concurrency?.group).toContain('matrix.platform');
    expect(deploy.concurrency?.['cancel-in-progress']).toBe(false);
  });

  test('uses the kit at one pinned commit', () => {
    const pins = [
      ...(text('deploy-stage.yml') + text('pipeline.yml') + text('monitor.yml')).matchAll(
        /bizosaas\/dokploy-deploy[\w/-]*@(\w+)/g,
      ),
    ];
    expect(new Set(pins.map((m) => m[1]))).toEqual(new Set([KIT_PIN]));
  });

  test('selects every project-id secret of the manifest by its literal name, and only those', () => {
    const manifest = parse(text('platforms.yml')) as {
      platforms: Record<string, { deploy: Record<string, { secret?: string }> }>;
    };
    const named = Object.values(manifest.platforms)
      .flatMap((p) => Object.entries(p.deploy).filter(([key]) => key !== 'kind'))
      .map(([, target]) => target.secret ?? '')
      .sort();
    expect(named).toHaveLength(12);
    for (const name of named) expect(name).toMatch(/^DOKPLOY_[A-Z]+_(PROD|STAGING|DEV)_ID$/);
    const selector = deploy.env?.DOKPLOY_TARGET_ID ?? '';
    const selected = [...selector.matchAll(/matrix\.secret == '(\w+)' && secrets\.(\w+)/g)];
    for (const [, compared, read] of selected) expect(read).toBe(compared);
    expect(selected.map((m) => m[1]).sort()).toEqual(named);
    expect(selector).not.toContain('secrets[');
    const declared = Object.keys((stage.on.workflow_call as { secrets: Node }).secrets);
    expect(declared.sort()).toEqual(['DOKPLOY_TOKEN', 'DOKPLOY_URL', ...named].sort());
  });
});
