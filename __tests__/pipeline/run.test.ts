/** The pipeline's orchestration with scripted steps: order, gating, cancellation, outcomes. */
import { describe, expect, it } from '@jest/globals';
import { planDeploys, type Plan, type PlannedPlatform } from '../../src/detect-changed-platforms/plan.js';
import { CancelledError, DeployFailedError } from '../../src/lib/errors.js';
import { parseManifest } from '../../src/lib/manifest.js';
import {
  runPipeline,
  type PipelineState,
  type PipelineSteps,
  type StepOutcome,
} from '../../src/pipeline/run.js';
import { renderChanges, renderFinal, renderLive, snapshot } from '../../src/pipeline/render.js';
import { tickingClock } from '../support/clock.js';

const MANIFEST = parseManifest(
  `platforms:
  infrastructure:
    paths: [infrastructure/**]
    cascade: true
    deploy: { kind: compose, production: { id: cmp-1 } }
  bizoholic:
    paths: [bizoholic-platform/**]
    needs: [infrastructure]
    deploy: { kind: application, production: { id: app-b } }
  coreldove:
    paths: [coreldove-platform/**]
    needs: [infrastructure]
    deploy: { kind: application, production: { secret: CORELDOVE_ID } }
  management:
    paths: [management-platform/**]
    needs: [bizoholic, coreldove]
    deploy: { kind: application, production: { id: app-m } }
`,
  'inline',
);

function plan(select: string[]): Plan {
  return planDeploys({
    manifest: MANIFEST,
    matches: new Map(),
    environment: 'production',
    branch: 'main',
    select,
  });
}

interface Script {
  deploy?: Partial<Record<string, StepOutcome | Error>>;
  health?: Partial<Record<string, StepOutcome | Error>>;
  separation?: StepOutcome | Error | 'none';
  /** The health check's hand-back; absent: the pipeline does not roll back. */
  rollBack?: Partial<Record<string, StepOutcome | Error>>;
  /** Called when a deploy starts (e.g. to abort). */
  onDeploy?: (name: string) => void;
}

function scripted(script: Script): { steps: PipelineSteps; calls: string[] } {
  const calls: string[] = [];
  const answer = async (value: StepOutcome | Error | undefined, ok: string): Promise<StepOutcome> => {
    await new Promise((resolve) => setImmediate(resolve));
    if (value instanceof Error) throw value;
    return value ?? { status: 'ok', detail: ok };
  };
  return {
    calls,
    steps: {
      deploy: async (p: PlannedPlatform, _signal: AbortSignal, note: (detail: string) => void) => {
        calls.push(`deploy ${p.name}`);
        script.onDeploy?.(p.name);
        note(`queued in Dokploy, position 1 (0 jobs ahead)`);
        return answer(script.deploy?.[p.name], `deployment of ${p.name} done`);
      },
      waitHealthy: async (p: PlannedPlatform) => {
        calls.push(`health ${p.name}`);
        return answer(script.health?.[p.name], 'healthy');
      },
      rollBack: script.rollBack
        ? async (p: PlannedPlatform, _signal: AbortSignal, note: (detail: string) => void) => {
            calls.push(`rollback ${p.name}`);
            note('rolling back to deployment dep-0');
            return answer(
              script.rollBack?.[p.name],
              'rolled back to deployment dep-0, healthy again in 3.0s',
            );
          }
        : undefined,
      separation:
        script.separation === 'none'
          ? undefined
          : async () => {
              calls.push('separation');
              return answer(script.separation as StepOutcome | Error | undefined, '31 of 31 checks passed');
            },
    },
  };
}

async function run(script: Script, select = ['all'], controller = new AbortController()) {
  const { steps, calls } = scripted(script);
  const states: PipelineState[] = [];
  const result = await runPipeline(
    { plan: plan(select), separationAfterStage: 1, separationPlatforms: ['bizoholic', 'coreldove'] },
    {
      steps,
      clock: tickingClock(),
      signal: controller.signal,
      progress: (s) => states.push(structuredClone(s)),
    },
  );
  return { result, calls, states };
}

describe('runPipeline', () => {
  it('deploys stage by stage, checks health after each deploy, and runs separation after the platforms stage', async () => {
    const { result, calls } = await run({});
    expect(calls).toEqual([
      'deploy infrastructure',
      'health infrastructure',
      'deploy bizoholic',
      'deploy coreldove',
      'health bizoholic',
      'health coreldove',
      'separation',
      'deploy management',
      'health management',
    ]);
    expect(result.outcome).toBe('passed');
    expect(result.exitCode).toBe(0);
    expect(result.stages.map((s) => s.outcome)).toEqual(['passed', 'passed', 'passed']);
    expect(result.platforms.every((p) => p.state === 'done')).toBe(true);
    expect(result.separation).toMatchObject({
      state: 'passed',
      afterStage: 1,
      detail: '31 of 31 checks passed',
    });
    expect(result.headline).toBe('Deployed 4 platforms to production: every stage passed.');
  });

  it('stops every later stage when an infrastructure build fails, and names the failure', async () => {
    const failure = new DeployFailedError(
      'compose infrastructure (cmp-1)',
      'error',
      'open deployment dep-1 in Dokploy',
    );
    const { result, calls } = await run({
      deploy: { infrastructure: { status: 'failed', detail: failure.message, deploymentId: 'dep-1' } },
    });
    expect(calls).toEqual(['deploy infrastructure']);
    expect(result.outcome).toBe('failed');
    expect(result.exitCode).toBe(1);
    expect(result.stages.map((s) => s.outcome)).toEqual(['failed', 'not started', 'not started']);
    expect(result.platforms.find((p) => p.name === 'infrastructure')).toMatchObject({
      state: 'failed',
      deploymentId: 'dep-1',
      detail:
        "Deployment of compose infrastructure (cmp-1) ended with status 'error': open deployment dep-1 in Dokploy",
    });
    expect(result.platforms.filter((p) => p.state === 'not started').map((p) => p.detail)).toEqual([
      'stage 0 failed',
      'stage 0 failed',
      'stage 0 failed',
    ]);
    expect(result.separation).toMatchObject({ state: 'not started', detail: 'stage 0 failed' });
    expect(result.headline).toBe(
      'Pipeline failed in production: stage 0 failed (infrastructure); stages 1, 2 not started.',
    );
  });

  it('lets a failing platform’s sibling finish, then stops the next stage', async () => {
    const { result, calls } = await run({ health: { coreldove: { status: 'failed', detail: 'Timed out' } } });
    expect(calls).toContain('health bizoholic');
    expect(calls).not.toContain('separation');
    expect(calls).not.toContain('deploy management');
    expect(result.platforms.map((p) => p.state)).toEqual(['done', 'done', 'failed', 'not started']);
    expect(result.headline).toBe(
      'Pipeline failed in production: stage 1 failed (coreldove); stage 2 not started.',
    );
  });

  it('hands a failed health check back to the rollback: the platform still fails, its dependents do not deploy', async () => {
    const { result, calls, states } = await run(
      {
        health: { coreldove: { status: 'failed', detail: 'Timed out after 5m' } },
        rollBack: {
          coreldove: { status: 'ok', detail: 'rolled back to deployment dep-0, healthy again in 3.0s' },
        },
      },
      ['all'],
    );
    expect(calls.filter((c) => c.startsWith('rollback'))).toEqual(['rollback coreldove']);
    expect(calls).not.toContain('deploy management');
    expect(
      states.some((s) => s.platforms.some((p) => p.name === 'coreldove' && p.state === 'rolling back')),
    ).toBe(true);
    expect(result.platforms.find((p) => p.name === 'coreldove')).toMatchObject({
      state: 'failed',
      detail: 'Timed out after 5m; rolled back to deployment dep-0, healthy again in 3.0s',
    });
    expect(result.platforms.find((p) => p.name === 'management')?.state).toBe('not started');
    expect(result.outcome).toBe('failed');
    expect(renderFinal(result)).toContain('rolled back to deployment dep-0, healthy again in 3.0s');
  });

  it('a rollback cancelled by SIGTERM ends the platform cancelled with what it left', async () => {
    const { result } = await run({
      health: { coreldove: { status: 'failed', detail: 'Timed out after 5m' } },
      rollBack: {
        coreldove: new CancelledError(
          'rolling coreldove back to deployment dep-0: rollback.rollback was sent',
        ),
      },
    });
    const row = result.platforms.find((p) => p.name === 'coreldove');
    expect(row?.state).toBe('cancelled');
    expect(row?.detail).toMatch(/^Timed out after 5m; .*rollback\.rollback was sent/);
    expect(result.outcome).toBe('cancelled');
  });

  it('stops stage 2 when the separation checks fail', async () => {
    const { result, calls } = await run({
      separation: { status: 'failed', detail: '1 of 31 separation checks failed' },
    });
    expect(calls).not.toContain('deploy management');
    expect(result.stages.map((s) => s.outcome)).toEqual(['passed', 'passed', 'not started']);
    expect(result.exitCode).toBe(1);
    expect(result.headline).toBe(
      'Pipeline failed in production: the separation checks failed; stage 2 not started.',
    );
  });

  it('turns a thrown error into the platform’s one-line failure (unexpected ones say so)', async () => {
    const { result } = await run({ deploy: { infrastructure: new TypeError('boom') } });
    expect(result.platforms[0]?.detail).toBe(
      'Unexpected error: boom (re-run with debug logging for details)',
    );
    expect(result.outcome).toBe('failed');
  });

  it('stops cleanly when cancelled: running steps end cancelled, nothing new starts, exit code 130', async () => {
    const controller = new AbortController();
    const { result, calls } = await run(
      {
        deploy: { bizoholic: new CancelledError('waiting for deployment dep-2') },
        onDeploy: (name) => name === 'coreldove' && controller.abort(),
      },
      ['all'],
      controller,
    );
    expect(calls).toEqual([
      'deploy infrastructure',
      'health infrastructure',
      'deploy bizoholic',
      'deploy coreldove',
    ]);
    expect(result.platforms.map((p) => p.state)).toEqual(['done', 'cancelled', 'cancelled', 'not started']);
    expect(result.platforms[2]?.detail).toBe(
      'deployment of coreldove done; cancelled before the health check',
    );
    expect(result.stages.map((s) => s.outcome)).toEqual(['passed', 'cancelled', 'not started']);
    expect(result.outcome).toBe('cancelled');
    expect(result.exitCode).toBe(130);
    expect(result.headline).toBe(
      'Pipeline cancelled in production: stage 1 cancelled (bizoholic, coreldove); stage 2 not started.',
    );
  });

  it('skips the separation checks when no platform of the spec deploys, or there is no spec', async () => {
    const only = await run({}, ['management']);
    expect(only.calls).toEqual(['deploy management', 'health management']);
    expect(only.result.separation.state).toBe('not run');
    expect(only.result.stages.map((s) => s.outcome)).toEqual(['empty', 'empty', 'passed']);
    const none = await run({ separation: 'none' });
    expect(none.calls).not.toContain('separation');
  });

  it('reports nothing to deploy with exit code 0', async () => {
    const { steps } = scripted({});
    const empty = planDeploys({
      manifest: MANIFEST,
      matches: new Map(),
      environment: 'production',
      branch: 'main',
      select: [],
    });
    const result = await runPipeline(
      { plan: empty, separationAfterStage: 1, separationPlatforms: [] },
      { steps, clock: tickingClock(), signal: new AbortController().signal, progress: () => undefined },
    );
    expect(result.outcome).toBe('nothing to deploy');
    expect(result.exitCode).toBe(0);
    expect(result.headline).toBe('Nothing to deploy to production.');
  });
});

describe('the pipeline view', () => {
  it('prints one plain line per change, never repeating an unchanged row', async () => {
    const { states } = await run({
      deploy: { infrastructure: { status: 'failed', detail: 'build failed' } },
    });
    let before = new Map<string, string>();
    const lines: string[] = [];
    for (const state of states) {
      lines.push(...renderChanges(state, before, state.startedAt + 2500));
      before = snapshot(state);
    }
    expect(lines).toEqual([
      '[   2.5s] stage 0 infrastructure: deploying (compose cmp-1)',
      '[   2.5s] stage 0 infrastructure: deploying (queued in Dokploy, position 1 (0 jobs ahead))',
      '[   2.5s] stage 0 infrastructure: failed (build failed)',
      '[   2.5s] stage 1 bizoholic: not started (stage 0 failed)',
      '[   2.5s] stage 1 coreldove: not started (stage 0 failed)',
      '[   2.5s] separation: not started (stage 0 failed)',
      '[   2.5s] stage 2 management: not started (stage 0 failed)',
    ]);
  });

  it('draws a line per platform with its state and elapsed time, cut to the terminal width', async () => {
    const { states } = await run({});
    const running = states.find((s) => s.platforms[1]?.state === 'deploying') as PipelineState;
    const started = running.platforms[1]?.startedAt as number;
    const lines = renderLive(running, started + 4200, 80);
    expect(lines[0]).toMatch(
      /^✔ stage 0 {2}infrastructure {2}done {12}\s+\d+\.\d+s {2}deployment of infrastructur…$/,
    );
    expect(lines[1]).toMatch(/^↻ stage 1 {2}bizoholic {7}deploying {7}\s+4\.2s {2}application app-b$/);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines.at(-1)).toMatch(/^· after 1 {2}separation/);
  });

  it('ends with a table and the headline', async () => {
    const { result } = await run({
      deploy: { infrastructure: { status: 'failed', detail: 'build failed' } },
    });
    const text = renderFinal(result);
    expect(text).toMatch(/^stage\s+platform\s+result\s+time\s+detail\n/);
    expect(text).toMatch(/\n0\s+infrastructure\s+✘ failed\s+\d+\.\d+s\s+build failed\n/);
    expect(text).toMatch(/\n2\s+management\s+– not started\s+stage 0 failed\n/);
    expect(text).toMatch(/\nafter 1\s+separation\s+– not started\s+stage 0 failed\n/);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(
      /^Pipeline failed in production: stage 0 failed \(infrastructure\); stages 1, 2 not started\. \(\d+\.\d+s\)$/,
    );
  });
});
