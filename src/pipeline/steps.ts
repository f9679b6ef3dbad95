/**
 * The pipeline's steps built from the actions' own cores: `runDeploy` (dokploy-deploy), `waitHealthy`
 * (wait-healthy) and `runSeparation` (run-e2e-separation), with the settings the actions would have.
 * Pure like them: time, HTTP and logging come in through `deps`.
 */
import type { PlannedPlatform } from '../detect-changed-platforms/plan.js';
import { rollBackDeploy, runDeploy, type DeployResult } from '../dokploy-deploy/deploy.js';
import { isFinalStatus } from '../dokploy-deploy/correlate.js';
import { describeEvent } from '../dokploy-deploy/events.js';
import {
  resolveSettings as resolveDeploySettings,
  type DeployServerSettings,
  type DeploySettings,
  type DeployVerifySettings,
} from '../dokploy-deploy/settings.js';
import type { Clock } from '../lib/clock.js';
import { formatDuration } from '../lib/duration.js';
import type { FetchLike } from '../lib/http.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { Logger } from '../lib/logger.js';
import { runSeparation as runSeparationChecks } from '../run-e2e-separation/separation.js';
import type { SeparationSpec } from '../run-e2e-separation/spec.js';
import { separationOptions, type SeparationSettings } from '../run-e2e-separation/settings.js';
import { renderFailureLine } from '../run-e2e-separation/summary.js';
import {
  deadlineError,
  parseTargets,
  waitHealthy,
  type WaitEvent,
  type WaitOptions,
} from '../wait-healthy/index.js';
import type { PipelineSteps, StepOutcome } from './run.js';

/** What the steps are configured with (the CLI reads it from flags and the environment). */
export interface StepsConfig {
  /** The Dokploy server (DOKPLOY_URL, DOKPLOY_TOKEN: never logged) and the deploy timeout and poll interval, checked. */
  deploy: DeployServerSettings;
  /** `--stable-for` and `--rollback`: the running check after `done` and when to restore the last good version, checked. */
  verify: DeployVerifySettings;
  /** Each platform's Dokploy id in this environment (from the manifest, or the variable its `secret:` names). */
  ids: Readonly<Record<string, string>>;
  /** The same in the environment this one promotes from (`promote-from:`), for platforms given by id. */
  promoteIds?: Readonly<Record<string, string>>;
  /** The commit being deployed (recognises Dokploy's `Commit: <sha>` title rewrite). */
  sha: string;
  /** A token unique to this run, put in the deployment titles. */
  runId: string;
  /** Where the manifest came from, for health target messages. */
  manifestSource: string;
  /** wait-healthy's timing for every platform's health targets, checked (`resolveWaitOptions`). */
  health: WaitOptions;
  /**
   * The separation spec resolved for the environment, its credentials by platform, and the action's
   * settings for the run (request timeout, chunks followed), checked (`resolveSettings`).
   */
  separation:
    | {
        spec: SeparationSpec;
        credentials: Readonly<Record<string, string>>;
        settings: Pick<SeparationSettings, 'requestTimeoutMs' | 'maxChunks'>;
      }
    | undefined;
}

/** What the steps use from outside. */
export interface StepsDeps {
  clock: Clock;
  /** For Dokploy, the health targets and the separation checks (`createTransport`). */
  fetch: typeof globalThis.fetch;
  /** A logger per platform ('separation' for the checks): the CLI keeps their lines apart. */
  logFor(name: string): Logger;
  /** The repository, where promotion compares git trees (`promote-from:`). */
  git?: GitRunner | undefined;
}

/** Builds the pipeline's steps from the actions' cores. */
export function createSteps(config: StepsConfig, deps: StepsDeps): PipelineSteps {
  const separation = config.separation;
  // Each platform's last deploy: what the health check's hand-back restores.
  const deployed = new Map<string, Deployed>();
  return {
    deploy: (platform, signal, note) => deploy(config, platform, signal, { ...deps, note, deployed }),
    waitHealthy: (platform, signal, note) => checkHealth(config, platform, signal, { ...deps, note }),
    rollBack:
      config.verify.rollback === 'never'
        ? undefined
        : (platform, signal, note) => rollBack(config, platform, signal, { ...deps, note, deployed }),
    separation: separation
      ? (signal, note) =>
          checkSeparation(separation, {
            clock: deps.clock,
            fetch: deps.fetch,
            signal,
            log: deps.logFor('separation'),
            note,
          })
      : undefined,
  };
}

/**
 * Runs the separation checks with the action's own limits (request timeout, chunks followed, page
 * sizes, retries): ok when none failed, else failed with the action's failure line. `note` gets how
 * far they are. The pipeline's separation step and the monitor command's separation check.
 * @throws CancelledError when `deps.signal` aborts
 */
export async function checkSeparation(
  separation: NonNullable<StepsConfig['separation']>,
  deps: Omit<StepsDeps, 'logFor' | 'git'> & {
    signal: AbortSignal;
    log: Logger;
    note: (detail: string) => void;
  },
): Promise<StepOutcome & { failedCount: number }> {
  let failures = 0;
  const options = separationOptions(separation.settings);
  const report = await runSeparationChecks(separation.spec, separation.credentials, options, {
    clock: deps.clock,
    fetch: deps.fetch,
    signal: deps.signal,
    log: deps.log,
    // The row's live detail: checks done so far and the failures among them.
    onEvent: (event) => {
      if (event.result.verdict === 'failed' || event.result.verdict === 'error') failures++;
      const failed = failures > 0 ? `, ${failures} failed` : '';
      deps.note(`${event.done} of ${event.total} checks done${failed}`);
    },
  });
  const { passed, total, skipped, failed: failedCount } = report.totals;
  if (failedCount > 0) return { status: 'failed', detail: renderFailureLine(report), failedCount };
  const allowed = skipped > 0 ? ` (${skipped} allowed by the spec)` : '';
  return { status: 'ok', detail: `${passed} of ${total} checks passed${allowed}`, failedCount };
}

/** A platform's deploy as the hand-back needs it: its settings and result (with the restore point). */
interface Deployed {
  settings: DeploySettings;
  result: DeployResult;
}

async function deploy(
  config: StepsConfig,
  platform: PlannedPlatform,
  signal: AbortSignal,
  deps: StepsDeps & { note: (detail: string) => void; deployed: Map<string, Deployed> },
): Promise<StepOutcome> {
  const settings = resolveDeploySettings({
    ...config.deploy,
    ...config.verify,
    target: {
      kind: platform.kind === 'compose' ? 'compose' : 'application',
      id: config.ids[platform.name] ?? '',
    },
    targetNames: platform.service
      ? { project: platform.project, environment: platform.projectEnvironment, service: platform.service }
      : undefined,
    preDeploy: platform.hooks.before,
    postDeploy: platform.hooks.after,
    hookService: platform.hooks.service,
    ...(platform.hooks.timeoutMs === undefined ? {} : { hookTimeoutMs: platform.hooks.timeoutMs }),
    title: `dokploy-deploy pipeline ${config.runId} ${config.sha.slice(0, 7)}`.trim(),
    description: `dokploy-deploy pipeline run ${config.runId}${config.sha ? `, commit ${config.sha}` : ''}`,
    sha: config.sha || undefined,
    promotion: platform.promotion && {
      from: platform.promotion.from,
      target: { kind: platform.kind, id: config.promoteIds?.[platform.name] ?? '' },
      targetNames: platform.promotion.service
        ? {
            project: platform.promotion.project,
            environment: platform.promotion.projectEnvironment,
            service: platform.promotion.service,
          }
        : undefined,
      health: platform.promotion.health,
    },
  });
  const result = await runDeploy(settings, {
    clock: deps.clock,
    fetch: deps.fetch as FetchLike,
    signal,
    log: deps.logFor(platform.name),
    // The pipeline command prints a failed platform's log lines above its final table.
    logShownAt: 'printed above',
    promotion: { git: deps.git, probeFetch: deps.fetch },
    // The platform's live detail in the view; the end of a deploy is reported by the step's outcome.
    onEvent: (event) => {
      if (event.type !== 'record' || !isFinalStatus(event.status)) deps.note(describeEvent(event));
    },
  });
  if (result.status === 'done') {
    deps.deployed.set(platform.name, { settings, result });
    return {
      status: 'ok',
      detail: `deployment ${result.deploymentId ?? '?'} done`,
      deploymentId: result.deploymentId,
    };
  }
  return {
    status: result.status === 'cancelled' && signal.aborted ? 'cancelled' : 'failed',
    detail: result.failure?.message ?? `deployment ended with status '${result.status}'`,
    deploymentId: result.deploymentId,
  };
}

async function checkHealth(
  config: StepsConfig,
  platform: PlannedPlatform,
  signal: AbortSignal,
  deps: StepsDeps & { note: (detail: string) => void },
): Promise<StepOutcome> {
  const targets = parseTargets(platform.health, `${config.manifestSource} platforms.${platform.name}.health`);
  if (targets.length === 0) return { status: 'ok', detail: 'no health targets' };
  const options = config.health;
  const healthy = new Set<string>();
  const report = await waitHealthy(targets, options, {
    clock: deps.clock,
    fetch: deps.fetch,
    signal,
    log: deps.logFor(platform.name),
    // The platform's live detail in the view: how many targets are healthy, the latest answer.
    onEvent: (event) => deps.note(healthNote(event, healthy, targets.length)),
  });
  if (!report.healthy) return { status: 'failed', detail: deadlineError(report, options.timeoutMs).message };
  const n = targets.length;
  return {
    status: 'ok',
    detail: `${n === 1 ? '1 target' : `${n} targets`} healthy in ${formatDuration(report.durationMs)}`,
  };
}

/** The hand-back after a failed health check: the deploy's restore point, followed, then the health targets again. */
async function rollBack(
  config: StepsConfig,
  platform: PlannedPlatform,
  signal: AbortSignal,
  deps: StepsDeps & { note: (detail: string) => void; deployed: Map<string, Deployed> },
): Promise<StepOutcome> {
  const last = deps.deployed.get(platform.name);
  if (last === undefined) return { status: 'failed', detail: 'not rolled back: no deploy of it is recorded' };
  const started = deps.clock.now();
  const outcome = await rollBackDeploy(last.settings, last.result, {
    clock: deps.clock,
    fetch: deps.fetch as FetchLike,
    signal,
    log: deps.logFor(platform.name),
    onEvent: (event) => deps.note(describeEvent(event)),
  });
  if (outcome.method === 'none') return { status: 'failed', detail: `not rolled back: ${outcome.why}` };
  if (!outcome.ok) return { status: 'failed', detail: `rollback failed: ${outcome.detail}` };
  const healthy = await checkHealth(config, platform, signal, deps);
  if (healthy.status !== 'ok') {
    return {
      status: healthy.status,
      detail: `rolled back to ${outcome.to} (${outcome.detail}), but not healthy again: ${healthy.detail}`,
    };
  }
  return {
    status: 'ok',
    detail: `rolled back to ${outcome.to}, healthy again in ${formatDuration(deps.clock.now() - started)}`,
  };
}

/** One line for the view from a wait event: "1 of 2 targets healthy; tcp://db:5432: connection refused". */
export function healthNote(event: WaitEvent, healthy: Set<string>, total: number): string {
  if (event.type === 'healthy') healthy.add(event.target);
  const count = `${healthy.size} of ${total} target${total === 1 ? '' : 's'} healthy`;
  switch (event.type) {
    case 'healthy':
      return count;
    case 'probed':
      return `${count}; ${event.target}: ${event.detail}`;
    case 'waiting':
      return `${count}, ${formatDuration(event.leftMs)} left`;
  }
}
