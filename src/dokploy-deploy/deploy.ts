/**
 * The deploy flow: check the service, note what it can be restored to and which tasks it runs, set
 * its image and environment, snapshot its records, trigger the deploy with a unique title, recognise
 * the run's own record (`correlate.ts`), follow it to its end, check that the new version runs
 * (`running.ts`), and on failure show the logs and, as `rollback` says, restore the last good
 * version (`rollback.ts`). Pure: Dokploy is reached only through `deps.fetch`, time only through
 * `deps.clock`.
 */
import { createDokployClient, type DokployClient, type ServiceInfo } from '../lib/dokploy-client.js';
import { formatDuration } from '../lib/duration.js';
import { compareVersions } from '../lib/version.js';
import { CancelledError, DeadlineError, DeployFailedError, KitError } from '../lib/errors.js';
import type { HttpDeps } from '../lib/http.js';
import { mergeEnv } from './env.js';
import type { DeployDeps } from './events.js';
import { followDeployment, typicalBuildMs, type Followed } from './follow.js';
import type { Marker, MatchedBy } from './correlate.js';
import {
  restorePointOf,
  rollBack,
  type HandBack,
  type HandBackOutcome,
  type RestorePoint,
  type RollbackOutcome,
} from './rollback.js';
import { HookFailedError, runHook, type HookOutcome } from './hooks.js';
import { checkPromotion, type PromotionOutcome } from './promotion.js';
import { READ_LOGS_SINCE, showBuildLog, showContainerLog } from './logs.js';
import { checkRunning, snapshotTasks, type TaskSnapshot } from './running.js';
import type { DeploySettings } from './settings.js';
import { describeNames, findService } from '../lib/dokploy-targets.js';
import { trigger } from './trigger.js';

/** The final `status` output values (`queued` when `wait` is false; `refused` when promote-from refused before deploying). */
export type DeployStatus = 'done' | 'unhealthy' | 'error' | 'cancelled' | 'timeout' | 'queued' | 'refused';

/** What a deploy ended with; the shell maps it to outputs, the summary and the exit code. */
export interface DeployResult {
  /** "application web (app-123)". */
  label: string;
  status: DeployStatus;
  /** The run's own deployment record, once recognised. */
  deploymentId: string | undefined;
  /** How the record was recognised. */
  matchedBy: MatchedBy | undefined;
  /** From the trigger to the end (or to giving up), in whole seconds. */
  durationSeconds: number;
  dokployVersion: string;
  /** How long the running check took, in ms; undefined when it did not run (stable-for 0, no docker:read, not done). */
  runningCheckedMs: number | undefined;
  /** The rollback, when one was attempted. */
  rollback: RollbackOutcome | undefined;
  /** What a gate after the deploy (the health check) restores when it fails (`rollBackDeploy`); undefined when not followed. */
  handBack: HandBack | undefined;
  /** Why the run fails (error, unhealthy, cancelled, timeout); undefined when it succeeded. */
  failure: KitError | undefined;
  /** The pre- and post-deploy commands that ran to a good end (a failed one is the `failure`). */
  hooks: HookOutcome[];
  /** What the environment it promotes from verified (`promote-from`), when asked. */
  promotion?: PromotionOutcome | undefined;
}

/** Dokploy versions that changed what the flow can do (docs/dokploy-api.md#version-differences). */
const TITLES_SINCE = 'v0.25.0';
/** Where a failure message says the shown log lines are, unless `deps.logShownAt` says otherwise. */
const LOG_GROUP_ABOVE = 'in the log group above';

/** What the flow learnt before the trigger, for the end of the run. */
interface Prepared {
  service: ServiceInfo;
  version: string;
  label: string;
  known: Set<string>;
  tasks: TaskSnapshot;
  restorePoint: RestorePoint;
  triggeredAt: number;
  promotion: PromotionOutcome | undefined;
  /** How long the service's recent builds took (undefined without any). */
  typicalMs: number | undefined;
}

/**
 * Deploys `settings.target` and, unless `settings.wait` is false, follows the run's deployment.
 * @returns the result, also for a deployment that ended in error, unhealthy, was cancelled or timed out
 * @throws DokployApiError when Dokploy refuses a call before the deploy is triggered (401, 404, ...)
 * @throws CancelledError when cancelled before the deploy was triggered (nothing was deployed)
 * @throws KitError when the service cannot take the requested change (docker-image on a git source)
 */
export async function runDeploy(given: DeploySettings, deps: DeployDeps): Promise<DeployResult> {
  const started = deps.clock.now();
  const deadline = started + given.timeoutMs;
  const client = createDokployClient({ url: given.dokployUrl, apiKey: given.apiKey, deadline }, deps);
  const settings = await withTargetResolved(client, given, deps);
  const marker: Marker = { title: settings.title, description: settings.description, sha: settings.sha };
  const hooks: HookOutcome[] = [];
  const stopped = (label: string, version: string) => ({
    label,
    dokployVersion: version,
    runningCheckedMs: undefined,
    rollback: undefined,
    handBack: undefined,
    deploymentId: undefined,
    matchedBy: undefined,
    failure: undefined,
    hooks,
  });
  const prepared = await prepare(client, settings, marker, started, hooks, deps);
  if (prepared instanceof PreDeployFailed) {
    const { error } = prepared;
    return {
      ...stopped(error.target, prepared.version),
      status: 'error',
      durationSeconds: 0,
      failure: error,
    };
  }
  const { label, version, known, promotion, triggeredAt, typicalMs } = prepared;
  deps.log.info(`Queued the ${settings.action} of ${label} with title "${settings.title}"`);
  const base = { ...stopped(label, version), promotion };
  if (!settings.wait) return { ...base, status: 'queued', durationSeconds: 0 };
  const followed = await followDeployment(
    { client, settings, marker, known, label, deadline, started, triggeredAt, typicalMs },
    deps,
  );
  const result: DeployResult = {
    ...base,
    status: followed.status,
    deploymentId: followed.record?.deploymentId,
    matchedBy: followed.matchedBy,
    failure: followed.failure,
    durationSeconds: Math.round((deps.clock.now() - prepared.triggeredAt) / 1000),
    handBack: {
      point: prepared.restorePoint,
      service: prepared.service,
      label,
      deploymentId: followed.record?.deploymentId,
    },
  };
  if (followed.status === 'done') {
    await verifyRunning(client, settings, prepared, result, deadline, deps);
    if (result.status === 'done' && settings.postDeploy !== undefined) {
      try {
        hooks.push(await runHook('post-deploy', settings, prepared.service, label, deps));
      } catch (error) {
        if (!(error instanceof HookFailedError)) throw error;
        result.status = 'error';
        result.failure = error;
      }
    }
  } else if (followed.status === 'error' && followed.record?.status === 'error') {
    const id = followed.record.deploymentId;
    await showBuildLog(client, id, settings.logLines, version, deps);
    const where =
      settings.logLines > 0 && compareVersions(version, READ_LOGS_SINCE) >= 0
        ? `the last lines of its build log are ${deps.logShownAt ?? LOG_GROUP_ABOVE}; the full log is on deployment ${id} in Dokploy`
        : `open deployment ${id} in Dokploy for its build log`;
    result.failure = new DeployFailedError(label, 'error', where);
  }
  await rollBackIfAsked(client, settings, result, followed, deps);
  return result;
}

/**
 * The hand-back: restores the version before the deploy that gave `result`, when a gate after it
 * (the health check) fails. The rollback has its own deadline (`settings.timeoutMs` from now).
 * @throws CancelledError naming what the interrupted rollback left behind
 */
export async function rollBackDeploy(
  settings: DeploySettings,
  result: DeployResult,
  deps: DeployDeps,
): Promise<HandBackOutcome> {
  if (result.handBack === undefined) {
    return {
      method: 'none',
      why: `the deploy of ${result.label} recorded no restore point (it was not followed)`,
    };
  }
  const deadline = deps.clock.now() + settings.timeoutMs;
  const client = createDokployClient({ url: settings.dokployUrl, apiKey: settings.apiKey, deadline }, deps);
  return rollBack({ handBack: result.handBack, client, settings }, deps);
}

/** The settings with a named target's id filled in (one project.all); id targets as they are. Also used by `runManualRollback`. */
export async function withTargetResolved(
  client: DokployClient,
  settings: DeploySettings,
  deps: DeployDeps,
): Promise<DeploySettings> {
  const names = settings.targetNames;
  if (names === undefined) return settings;
  const target = findService(await client.projects(), settings.target.kind, names);
  deps.log.info(`${describeNames(target.kind, names)} is ${target.kind} ${target.id}`);
  return { ...settings, target };
}

/** The pre-deploy command failed: nothing was changed or deployed. */
class PreDeployFailed {
  constructor(
    readonly error: HookFailedError,
    readonly version: string,
  ) {}
}

async function prepare(
  client: DokployClient,
  settings: DeploySettings,
  marker: Marker,
  started: number,
  hooks: HookOutcome[],
  deps: DeployDeps,
): Promise<Prepared | PreDeployFailed> {
  const { target } = settings;
  let label = `${target.kind} ${target.id}`;
  try {
    const version = await client.version();
    const service = await client.service(target);
    label = `${target.kind} ${service.name} (${target.id})`;
    deps.log.info(`Dokploy ${version}: ${settings.action} ${label}`);
    if (compareVersions(version, TITLES_SINCE) < 0) {
      deps.log.warning(
        `Dokploy ${version} ignores deploy titles (added in ${TITLES_SINCE}): the deployment will be recognised as the only new record`,
      );
    }
    // Before anything runs or changes: only what the promoted-from environment verified deploys.
    const promotion = await promote(client, settings, service, deps);
    // Before anything changes: a failed migration leaves the running version as it was.
    if (settings.preDeploy !== undefined) {
      try {
        hooks.push(await runHook('pre-deploy', settings, service, label, deps));
      } catch (error) {
        if (error instanceof HookFailedError) return new PreDeployFailed(error, version);
        throw error;
      }
    }
    const tasks =
      settings.wait && settings.stableForMs > 0
        ? await snapshotTasks(client, service, label, deps)
        : undefined;
    if (settings.dockerImage !== undefined)
      await setImage(client, service, settings.dockerImage, label, deps);
    if (settings.env.length > 0) await setEnvironment(client, service, settings, version, label, deps);
    const records = await client.deployments(target);
    // What the service was before this run's changes: the last good version a rollback restores.
    const restorePoint = restorePointOf(service, records, {
      image: settings.dockerImage,
      env: settings.env.length > 0,
    });
    const known = new Set(records.map((d) => d.deploymentId));
    const triggeredAt = deps.clock.now();
    await trigger(client, settings, marker, known, deps);
    // Polls come faster around when the service's recent builds would have ended.
    const typicalMs = typicalBuildMs(records);
    return { service, version, label, known, tasks, restorePoint, triggeredAt, promotion, typicalMs };
  } catch (error) {
    if (error instanceof CancelledError) {
      throw new CancelledError(`preparing the ${settings.action} of ${label}: nothing was deployed`);
    }
    if (error instanceof DeadlineError) {
      throw new DeadlineError(
        `Dokploy to accept the ${settings.action} of ${label}`,
        deps.clock.now() - started,
        error.lastState,
      );
    }
    throw error;
  }
}

/** `promote-from`: checks what that environment verified, or refuses (PromotionRefusedError). */
async function promote(
  client: DokployClient,
  settings: DeploySettings,
  service: ServiceInfo,
  deps: DeployDeps,
): Promise<PromotionOutcome | undefined> {
  const request = settings.promotion;
  if (request === undefined) return undefined;
  const promotionDeps = deps.promotion;
  if (promotionDeps === undefined)
    throw new KitError("'promote-from' needs a checkout and a probe client, which this caller does not give");
  deps.onEvent?.({ type: 'promotion', from: request.from, state: 'checking' });
  const outcome = await checkPromotion(
    client,
    request,
    service,
    { image: settings.dockerImage, sha: settings.sha },
    { ...deps, promotion: promotionDeps },
  );
  deps.onEvent?.({ type: 'promotion', from: request.from, state: 'verified' });
  return outcome;
}

/** `done` in Dokploy: checks that the new version runs, and turns the result `unhealthy` when it does not. */
async function verifyRunning(
  client: DokployClient,
  settings: DeploySettings,
  prepared: Prepared,
  result: DeployResult,
  deadline: number,
  deps: DeployDeps,
): Promise<void> {
  const { label, service } = prepared;
  const took = formatDuration(result.durationSeconds * 1000);
  if (prepared.tasks === undefined) {
    deps.log.info(`Deployment ${result.deploymentId ?? ''} of ${label} is done (${took})`);
    return;
  }
  deps.log.info(`Deployment ${result.deploymentId ?? ''} of ${label} is done in Dokploy (${took})`);
  const ctx = {
    client,
    service,
    before: prepared.tasks,
    stableForMs: settings.stableForMs,
    pollIntervalMs: settings.pollIntervalMs,
    deadline,
    label,
  };
  try {
    const check = await checkRunning(ctx, deps);
    result.runningCheckedMs = check.checkedMs;
    if (check.outcome === 'running') {
      deps.log.info(
        `${label} runs: no restart for ${formatDuration(settings.stableForMs)} (checked in ${formatDuration(check.checkedMs)})`,
      );
      return;
    }
    deps.onEvent?.({ type: 'unhealthy', reason: check.reason });
    result.status = 'unhealthy';
    const shown = await showContainerLog(client, service, check.task, settings.logLines, label, deps);
    result.failure = new DeployFailedError(
      label,
      'unhealthy',
      `Dokploy says done, but ${check.reason}${shown ? `; the container's last log lines are ${deps.logShownAt ?? LOG_GROUP_ABOVE}` : ''}`,
    );
  } catch (error) {
    if (error instanceof CancelledError) {
      result.status = 'cancelled';
      result.failure = error;
    } else if (error instanceof DeadlineError) {
      result.status = 'timeout';
      result.failure = error;
    } else if (error instanceof KitError) {
      // Dokploy refused a poll of the tasks: the new version is not known to run.
      result.status = 'unhealthy';
      result.failure = new DeployFailedError(
        label,
        'unhealthy',
        `its tasks could not be read: ${error.message}`,
      );
    } else throw error;
  }
}

/** Restores the last good version when `rollback` asks for it; the step fails either way. */
async function rollBackIfAsked(
  client: DokployClient,
  settings: DeploySettings,
  result: DeployResult,
  followed: Followed,
  deps: DeployDeps,
): Promise<void> {
  const failedBuild = result.status === 'error' && followed.record?.status === 'error';
  // A failed post-deploy command is the new version failing once in place, as an unhealthy one is.
  const failedPostDeploy =
    result.failure instanceof HookFailedError && result.failure.phase === 'post-deploy';
  const unhealthy = result.status === 'unhealthy' || failedPostDeploy;
  const wanted =
    (settings.rollback === 'on-failure' && (failedBuild || unhealthy)) ||
    (settings.rollback === 'on-unhealthy' && unhealthy);
  if (!wanted || !result.failure || !result.handBack) return;
  const outcome = await rollBack({ handBack: result.handBack, client, settings }, deps);
  if (outcome.method === 'none') {
    result.failure = withNote(result.failure, `; not rolled back: ${outcome.why}`);
    return;
  }
  result.rollback = outcome;
  result.failure = withNote(
    result.failure,
    outcome.ok
      ? `; rolled back to ${outcome.to}, ${outcome.detail}`
      : `; rollback to ${outcome.to} failed: ${outcome.detail}`,
  );
}

/** The same failure with a note appended to its message (its class and fields kept). */
function withNote(failure: KitError, note: string): KitError {
  if (failure instanceof DeployFailedError) {
    return new DeployFailedError(failure.target, failure.status, `${failure.logHint}${note}`);
  }
  return new KitError(`${failure.message}${note}`);
}

async function setImage(
  client: DokployClient,
  service: ServiceInfo,
  image: string,
  label: string,
  deps: HttpDeps,
): Promise<void> {
  if (service.sourceType !== 'docker') {
    throw new KitError(
      `Input 'docker-image' is set but ${label} is built from its ${service.sourceType || 'git'} source, not a Docker image: remove 'docker-image' or switch the application's source to Docker in Dokploy`,
    );
  }
  await client.saveDockerProvider(service.id, {
    dockerImage: image,
    username: service.username,
    password: service.password,
    registryUrl: service.registryUrl,
  });
  deps.log.info(
    `Set the image of ${label} to ${image}${service.dockerImage ? ` (was ${service.dockerImage})` : ''}`,
  );
}

async function setEnvironment(
  client: DokployClient,
  service: ServiceInfo,
  settings: DeploySettings,
  version: string,
  label: string,
  deps: HttpDeps,
): Promise<void> {
  const change = mergeEnv(service.env ?? '', settings.env, settings.envMode);
  const keys = change.keys.join(', ');
  if (!change.changed) {
    deps.log.info(`The environment of ${label} already holds ${keys}`);
    return;
  }
  if (service.kind === 'application') {
    // saveEnvironment replaces all four fields (docs/dokploy-api.md#environment-variables): send the stored build args and secrets back.
    await client.saveApplicationEnvironment(service.id, {
      env: change.text,
      buildArgs: service.buildArgs,
      buildSecrets: service.buildSecrets,
      createEnvFile: service.createEnvFile ?? true,
    });
  } else {
    await client.saveComposeEnvironment(service.id, change.text, version);
  }
  const how = settings.envMode === 'merge' ? 'merged into' : 'replaced';
  deps.log.info(`Environment of ${label} ${how}: ${keys} (values not shown)`);
}
