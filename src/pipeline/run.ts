/**
 * The staged pipeline as a function: for each stage of a plan, deploy its platforms in parallel, wait
 * until each is healthy, run the separation checks after the platforms stage, then the next stage. A
 * stage that fails (or is cancelled) stops every stage after it, as the workflow templates do. Pure:
 * the steps (deploy, health, separation) are passed in, so the same orchestration runs against the
 * real cores (`steps.ts`) or against fakes.
 */
import type { Clock } from '../lib/clock.js';
import { CancelledError, describeFailure } from '../lib/errors.js';
import type { Plan, PlannedPlatform } from '../detect-changed-platforms/plan.js';

/** Where one platform is. */
export const PLATFORM_STATES = [
  'pending',
  'deploying',
  'checking health',
  'rolling back',
  'done',
  'failed',
  'not started',
  'cancelled',
] as const;
/** One platform state. */
export type PlatformState = (typeof PLATFORM_STATES)[number];

/** What a step ended with. `detail` is one line for people (never a secret). */
export interface StepOutcome {
  status: 'ok' | 'failed' | 'cancelled';
  detail: string;
  /** The Dokploy deployment, for deploy steps. */
  deploymentId?: string | undefined;
}

/** The three things the pipeline does, each of which may take long. They should not throw for expected failures. */
export interface PipelineSteps {
  /** Deploys one platform and follows the deployment to its end; `note` shows where it is (queued, running). */
  deploy(
    platform: PlannedPlatform,
    signal: AbortSignal,
    note: (detail: string) => void,
  ): Promise<StepOutcome>;
  /** Waits until the platform's health targets answer (ok with a note when it has none); `note` shows how far. */
  waitHealthy(
    platform: PlannedPlatform,
    signal: AbortSignal,
    note: (detail: string) => void,
  ): Promise<StepOutcome>;
  /**
   * The health check's hand-back: restores the version before the platform's deploy and waits for it
   * to be healthy again (ok: restored and healthy; the platform fails either way). `undefined` when
   * the pipeline does not roll back.
   */
  rollBack?:
    | ((
        platform: PlannedPlatform,
        signal: AbortSignal,
        note: (detail: string) => void,
      ) => Promise<StepOutcome>)
    | undefined;
  /** Runs the separation checks; `undefined` when there is no spec. `note` shows how far they are. */
  separation: ((signal: AbortSignal, note: (detail: string) => void) => Promise<StepOutcome>) | undefined;
}

/** One platform's row in the progress view and the final table. */
export interface PlatformRow {
  name: string;
  stage: number;
  state: PlatformState;
  /** When the platform's deploy began (by the clock), if it did. */
  startedAt: number | undefined;
  /** When it reached a final state. */
  endedAt: number | undefined;
  /** One line: what it is doing, or how it ended. */
  detail: string;
  deploymentId: string | undefined;
}

/** How a stage ended. `empty` means nothing of it deploys in this plan. */
export type StageOutcome = 'passed' | 'failed' | 'cancelled' | 'not started' | 'empty';

/** One stage's result. */
export interface StageResult {
  stage: number;
  platforms: string[];
  outcome: StageOutcome;
}

/** The separation checks' row. */
export interface SeparationRow {
  state: 'pending' | 'running' | 'passed' | 'failed' | 'not started' | 'cancelled' | 'not run';
  /** Runs after this stage. */
  afterStage: number;
  startedAt: number | undefined;
  endedAt: number | undefined;
  detail: string;
}

/** Everything the pipeline did; `progress` receives it after every change. */
export interface PipelineState {
  environment: string;
  startedAt: number;
  platforms: PlatformRow[];
  stages: StageResult[];
  separation: SeparationRow;
}

/** The worst thing that happened, and the matching process exit code. */
export type PipelineOutcome = 'passed' | 'nothing to deploy' | 'failed' | 'cancelled';

/** The exit codes of the `pipeline` command, per outcome. */
export const EXIT_CODES: Readonly<Record<PipelineOutcome, number>> = Object.freeze({
  passed: 0,
  'nothing to deploy': 0,
  failed: 1,
  cancelled: 130,
});

/** The final result. */
export interface PipelineResult extends PipelineState {
  outcome: PipelineOutcome;
  exitCode: number;
  durationMs: number;
  /** One line: how it ended and why. */
  headline: string;
}

/** What `runPipeline` is given besides the plan. */
export interface PipelineOptions {
  plan: Plan;
  /** Run the separation checks after this stage (the platforms stage, 1, in the templates). */
  separationAfterStage: number;
  /** The platforms the separation spec names: the checks run only when the plan deploys one of them. */
  separationPlatforms: readonly string[];
}

/** What `runPipeline` needs from outside. */
export interface PipelineDeps {
  steps: PipelineSteps;
  clock: Pick<Clock, 'now'>;
  /** Aborted on SIGINT/SIGTERM: running steps stop, nothing new starts. */
  signal: AbortSignal;
  /** Called after every change of state (the CLI redraws its view). */
  progress(state: PipelineState): void;
}

/**
 * Runs the plan stage by stage and returns what happened; never throws for a failed step.
 * @returns the final state with the outcome, exit code and a one-line headline
 */
export async function runPipeline(options: PipelineOptions, deps: PipelineDeps): Promise<PipelineResult> {
  const { plan } = options;
  const state = initialState(options, deps.clock.now());
  const changed = (): void => deps.progress(state);
  changed();
  let stop: string | undefined;
  for (const stage of state.stages) {
    const rows = state.platforms.filter((r) => r.stage === stage.stage);
    if (stop !== undefined) {
      if (rows.length > 0) stage.outcome = 'not started';
      for (const row of rows) Object.assign(row, { state: 'not started', detail: stop });
    } else if (rows.length > 0) {
      stage.outcome = await runStage(rows, plan, deps, changed);
      if (stage.outcome !== 'passed') stop = `stage ${stage.stage} ${stage.outcome}`;
    }
    changed();
    if (stage.stage === state.separation.afterStage) stop = await runSeparation(state, stop, deps, changed);
  }
  return finish(state, deps.clock.now());
}

function initialState(options: PipelineOptions, now: number): PipelineState {
  const { plan } = options;
  const stageCount = plan.stages.length;
  const platforms = plan.platforms.map<PlatformRow>((p) => ({
    name: p.name,
    stage: p.stage,
    state: 'pending',
    startedAt: undefined,
    endedAt: undefined,
    detail: p.reasonText,
    deploymentId: undefined,
  }));
  const stages = plan.stages.map<StageResult>((names, stage) => ({
    stage,
    platforms: names,
    outcome: names.length > 0 ? 'not started' : 'empty',
  }));
  const afterStage = Math.max(0, Math.min(options.separationAfterStage, stageCount - 1));
  const covered = plan.platforms.some((p) => options.separationPlatforms.includes(p.name));
  const separation: SeparationRow = {
    state: covered ? 'pending' : 'not run',
    afterStage,
    startedAt: undefined,
    endedAt: undefined,
    detail: covered ? `after stage ${afterStage}` : 'no platform of the separation spec deploys',
  };
  return { environment: plan.environment, startedAt: now, platforms, stages, separation };
}

/** Deploys and checks every platform of one stage at once; one failure does not stop its siblings. */
async function runStage(
  rows: PlatformRow[],
  plan: Plan,
  deps: PipelineDeps,
  changed: () => void,
): Promise<StageOutcome> {
  await Promise.all(
    rows.map((row) =>
      runPlatform(
        row,
        plan.platforms.find((p) => p.name === row.name)!,
        deps,
        changed,
      ),
    ),
  );
  if (rows.some((r) => r.state === 'cancelled') || deps.signal.aborted) return 'cancelled';
  return rows.some((r) => r.state === 'failed') ? 'failed' : 'passed';
}

async function runPlatform(
  row: PlatformRow,
  platform: PlannedPlatform,
  deps: PipelineDeps,
  changed: () => void,
): Promise<void> {
  const set = (state: PlatformState, detail: string): void => {
    Object.assign(row, { state, detail });
    const final = state === 'done' || state === 'failed' || state === 'cancelled';
    if (final) row.endedAt = deps.clock.now();
    changed();
  };
  if (deps.signal.aborted) return set('cancelled', 'cancelled before it started');
  row.startedAt = deps.clock.now();
  set('deploying', `${platform.kind} ${targetText(platform)}`);
  // A step's live detail shows only while the row is still in that step (late notes are dropped).
  const noteWhile =
    (state: PlatformState) =>
    (detail: string): void => {
      if (row.state === state) set(state, detail);
    };
  const deployed = await attempt(
    () => deps.steps.deploy(platform, deps.signal, noteWhile('deploying')),
    deps.signal,
  );
  row.deploymentId = deployed.deploymentId;
  if (deployed.status !== 'ok') return set(endState(deployed), deployed.detail);
  if (deps.signal.aborted) return set('cancelled', `${deployed.detail}; cancelled before the health check`);
  set('checking health', deployed.detail);
  const healthy = await attempt(
    () => deps.steps.waitHealthy(platform, deps.signal, noteWhile('checking health')),
    deps.signal,
  );
  const rollBack = deps.steps.rollBack;
  if (healthy.status === 'failed' && rollBack !== undefined && !deps.signal.aborted) {
    // The health gate hands back to the deploy's rollback; a rollback is not a success.
    set('rolling back', healthy.detail);
    const rolled = await attempt(
      () => rollBack(platform, deps.signal, noteWhile('rolling back')),
      deps.signal,
    );
    return set(rolled.status === 'cancelled' ? 'cancelled' : 'failed', `${healthy.detail}; ${rolled.detail}`);
  }
  if (healthy.status !== 'ok') return set(endState(healthy), healthy.detail);
  set('done', `${deployed.detail}; ${healthy.detail}`);
}

/** Runs the separation checks when due; returns why later stages must not start, if they must not. */
async function runSeparation(
  state: PipelineState,
  stop: string | undefined,
  deps: PipelineDeps,
  changed: () => void,
): Promise<string | undefined> {
  const row = state.separation;
  const step = deps.steps.separation;
  if (row.state === 'not run') return stop;
  if (stop !== undefined || step === undefined) {
    Object.assign(
      row,
      step ? { state: 'not started', detail: stop } : { state: 'not run', detail: 'no spec' },
    );
    changed();
    return stop;
  }
  Object.assign(row, {
    state: 'running',
    startedAt: deps.clock.now(),
    detail: 'checking every pair of platforms',
  });
  changed();
  const note = (detail: string): void => {
    if (row.state !== 'running') return;
    row.detail = detail;
    changed();
  };
  const outcome = await attempt(() => step(deps.signal, note), deps.signal);
  const final = outcome.status === 'ok' ? 'passed' : endState(outcome);
  Object.assign(row, { state: final, endedAt: deps.clock.now(), detail: outcome.detail });
  changed();
  return final === 'passed' ? undefined : `the separation checks ${final}`;
}

/** Runs a step, turning a thrown error into an outcome (a cancellation into `cancelled`). */
async function attempt(step: () => Promise<StepOutcome>, signal: AbortSignal): Promise<StepOutcome> {
  try {
    return await step();
  } catch (error) {
    const { message } = describeFailure(error);
    const cancelled = error instanceof CancelledError || signal.aborted;
    return { status: cancelled ? 'cancelled' : 'failed', detail: message };
  }
}

function endState(outcome: StepOutcome): 'failed' | 'cancelled' {
  return outcome.status === 'cancelled' ? 'cancelled' : 'failed';
}

function finish(state: PipelineState, now: number): PipelineResult {
  const outcome = outcomeOf(state);
  return {
    ...state,
    outcome,
    exitCode: EXIT_CODES[outcome],
    durationMs: now - state.startedAt,
    headline: headlineOf(state, outcome),
  };
}

function outcomeOf(state: PipelineState): PipelineOutcome {
  const outcomes = [...state.stages.map((s) => s.outcome), state.separation.state];
  if (outcomes.includes('cancelled')) return 'cancelled';
  if (outcomes.includes('failed')) return 'failed';
  return state.platforms.length === 0 ? 'nothing to deploy' : 'passed';
}

function headlineOf(state: PipelineState, outcome: PipelineOutcome): string {
  const env = state.environment;
  if (outcome === 'nothing to deploy') {
    return env ? `Nothing to deploy to ${env}.` : 'Nothing to deploy: the branch maps to no environment.';
  }
  const count = `${state.platforms.length} platform${state.platforms.length === 1 ? '' : 's'}`;
  if (outcome === 'passed') return `Deployed ${count} to ${env}: every stage passed.`;
  const failedStage = state.stages.find((s) => s.outcome === 'failed' || s.outcome === 'cancelled');
  const culprits = state.platforms.filter((r) => r.state === 'failed' || r.state === 'cancelled');
  const skipped = state.stages.filter((s) => s.outcome === 'not started').map((s) => s.stage);
  const what = failedStage
    ? `stage ${failedStage.stage} ${failedStage.outcome} (${culprits.map((r) => r.name).join(', ')})`
    : `the separation checks ${state.separation.state}`;
  const later =
    skipped.length > 0 ? `; stage${skipped.length === 1 ? '' : 's'} ${skipped.join(', ')} not started` : '';
  return `Pipeline ${outcome === 'cancelled' ? 'cancelled' : 'failed'} in ${env}: ${what}${later}.`;
}

/** How the row names the platform's target before the deploy starts. */
function targetText(p: PlannedPlatform): string {
  if (p.service) return `'${p.service}' in ${p.project}/${p.projectEnvironment}`;
  return p.id || `(id from ${p.secret})`;
}
