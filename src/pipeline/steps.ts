/**
 * The pipeline's steps built from the actions' own cores: `runDeploy` (dokploy-deploy), `waitHealthy`
 * (wait-healthy) and `runSeparation` (run-e2e-separation), with the settings the actions would have.
 * Pure like them: time, HTTP and logging come in through `deps`.
 */
import type { PlannedPlatform } from '../detect-changed-platforms/plan.js';
import { runDeploy } from '../dokploy-deploy/deploy.js';
import { isFinalStatus } from '../dokploy-deploy/correlate.js';
import { describeEvent } from '../dokploy-deploy/events.js';
import {
  resolveSettings as resolveDeploySettings,
  type DeployServerSettings,
} from '../dokploy-deploy/settings.js';
import type { Clock } from '../lib/clock.js';
import { formatDuration, parseDuration } from '../lib/duration.js';
import type { FetchLike } from '../lib/http.js';
import type { Logger } from '../lib/logger.js';
import { runSeparation as runSeparationChecks } from '../run-e2e-separation/separation.js';
import type { SeparationSpec } from '../run-e2e-separation/spec.js';
import { DEFAULTS as SEPARATION_DEFAULTS, separationOptions } from '../run-e2e-separation/settings.js';
import { renderFailureLine } from '../run-e2e-separation/summary.js';
import { deadlineError, parseTargets, waitHealthy, WAIT_HEALTHY_DEFAULTS } from '../wait-healthy/index.js';
import type { PipelineSteps, StepOutcome } from './run.js';

/** What the steps are configured with (the CLI reads it from flags and the environment). */
export interface StepsConfig {
  /** The Dokploy server (DOKPLOY_URL, DOKPLOY_TOKEN: never logged) and the deploy timeout and poll interval, checked. */
  deploy: DeployServerSettings;
  /** Each platform's Dokploy id in this environment (from the manifest, or the variable its `secret:` names). */
  ids: Readonly<Record<string, string>>;
  /** The commit being deployed (recognises Dokploy's `Commit: <sha>` title rewrite). */
  sha: string;
  /** A token unique to this run, put in the deployment titles. */
  runId: string;
  /** Where the manifest came from, for health target messages. */
  manifestSource: string;
  /** wait-healthy's timeout and interval, in ms. */
  healthTimeoutMs: number;
  healthIntervalMs: number;
  /** The separation spec resolved for the environment, and its credentials by platform. */
  separation: { spec: SeparationSpec; credentials: Readonly<Record<string, string>> } | undefined;
}

/** What the steps use from outside. */
export interface StepsDeps {
  clock: Clock;
  /** For Dokploy and the separation checks. */
  fetch: typeof globalThis.fetch;
  /** For HTTP health targets (`createProbeFetch`). */
  probeFetch: typeof globalThis.fetch;
  /** A logger per platform ('separation' for the checks): the CLI keeps their lines apart. */
  logFor(name: string): Logger;
}

/** Builds the pipeline's steps from the actions' cores. */
export function createSteps(config: StepsConfig, deps: StepsDeps): PipelineSteps {
  const separation = config.separation;
  return {
    deploy: (platform, signal, note) => deploy(config, platform, signal, { ...deps, note }),
    waitHealthy: (platform, signal) => checkHealth(config, platform, signal, deps),
    separation: separation
      ? async (signal) => {
          const log = deps.logFor('separation');
          // The action's own limits and defaults (request timeout, chunks followed, page sizes, retries).
          const options = separationOptions({
            requestTimeoutMs: parseDuration('request-timeout', SEPARATION_DEFAULTS['request-timeout']),
            maxChunks: Number(SEPARATION_DEFAULTS['max-chunks']),
          });
          const report = await runSeparationChecks(separation.spec, separation.credentials, options, {
            clock: deps.clock,
            fetch: deps.fetch,
            signal,
            log,
          });
          const { passed, total, skipped } = report.totals;
          if (report.totals.failed > 0) return { status: 'failed', detail: renderFailureLine(report) };
          const note = skipped > 0 ? ` (${skipped} allowed by the spec)` : '';
          return { status: 'ok', detail: `${passed} of ${total} checks passed${note}` };
        }
      : undefined,
  };
}

async function deploy(
  config: StepsConfig,
  platform: PlannedPlatform,
  signal: AbortSignal,
  deps: StepsDeps & { note: (detail: string) => void },
): Promise<StepOutcome> {
  const settings = resolveDeploySettings({
    ...config.deploy,
    target: {
      kind: platform.kind === 'compose' ? 'compose' : 'application',
      id: config.ids[platform.name] ?? '',
    },
    title: `dokploy-deploy pipeline ${config.runId} ${config.sha.slice(0, 7)}`.trim(),
    description: `dokploy-deploy pipeline run ${config.runId} ${config.sha}`.trim(),
    sha: config.sha || undefined,
  });
  const result = await runDeploy(settings, {
    clock: deps.clock,
    fetch: deps.fetch as FetchLike,
    signal,
    log: deps.logFor(platform.name),
    // The platform's live detail in the view; the end of a deploy is reported by the step's outcome.
    onEvent: (event) => {
      if (event.type !== 'record' || !isFinalStatus(event.status)) deps.note(describeEvent(event));
    },
  });
  if (result.status === 'done') {
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
  deps: StepsDeps,
): Promise<StepOutcome> {
  const targets = parseTargets(platform.health, `${config.manifestSource} platforms.${platform.name}.health`);
  if (targets.length === 0) return { status: 'ok', detail: 'no health targets' };
  const options = {
    timeoutMs: config.healthTimeoutMs,
    intervalMs: config.healthIntervalMs,
    requestTimeoutMs: Math.min(10_000, config.healthTimeoutMs),
    consecutiveSuccesses: Number(WAIT_HEALTHY_DEFAULTS['consecutive-successes']),
    insecureTls: false,
  };
  const log = deps.logFor(platform.name);
  const report = await waitHealthy(targets, options, {
    clock: deps.clock,
    fetch: deps.probeFetch,
    signal,
    log,
  });
  if (!report.healthy) return { status: 'failed', detail: deadlineError(report, options.timeoutMs).message };
  const n = targets.length;
  return {
    status: 'ok',
    detail: `${n === 1 ? '1 target' : `${n} targets`} healthy in ${formatDuration(report.durationMs)}`,
  };
}
