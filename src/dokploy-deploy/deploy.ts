/**
 * The deploy flow: check the service, set its image and environment, snapshot its records, trigger
 * the deploy with a unique title, recognise the run's own record (`correlate.ts`), follow it to its
 * end, and on failure show the build log and optionally roll back. Pure: Dokploy is reached only
 * through `deps.fetch`, time only through `deps.clock`.
 */
import {
  createDokployClient,
  DokployApiError,
  type DokployClient,
  type ServiceInfo,
} from '../lib/dokploy-client.js';
import { formatDuration } from '../lib/duration.js';
import { compareVersions } from '../lib/version.js';
import { CancelledError, DeadlineError, DeployFailedError, KitError } from '../lib/errors.js';
import type { HttpDeps } from '../lib/http.js';
import { nextDelay, toRetryPolicy } from '../lib/retry.js';
import { mergeEnv } from './env.js';
import type { DeployDeps } from './events.js';
import { followDeployment, type Followed } from './follow.js';
import { findOwnJob, findOwnRecord, type Marker, type MatchedBy } from './correlate.js';
import type { DeploySettings } from './settings.js';

/** The final `status` output values (`queued` when `wait` is false). */
export type DeployStatus = 'done' | 'error' | 'cancelled' | 'timeout' | 'queued';

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
  /** The deployment the application was rolled back to, if it was. */
  rolledBackTo: string | undefined;
  /** Why the run fails (error, cancelled, timeout); undefined when it succeeded. */
  failure: KitError | undefined;
}

/** Dokploy versions that changed what the flow can do (docs/dokploy-api.md#version-differences). */
const TITLES_SINCE = 'v0.25.0';
const READ_LOGS_SINCE = 'v0.29.5';

/**
 * Deploys `settings.target` and, unless `settings.wait` is false, follows the run's deployment.
 * @returns the result, also for a deployment that ended in error, was cancelled or timed out
 * @throws DokployApiError when Dokploy refuses a call before the deploy is triggered (401, 404, ...)
 * @throws CancelledError when cancelled before the deploy was triggered (nothing was deployed)
 * @throws KitError when the service cannot take the requested change (docker-image on a git source)
 */
export async function runDeploy(settings: DeploySettings, deps: DeployDeps): Promise<DeployResult> {
  const started = deps.clock.now();
  const deadline = started + settings.timeoutMs;
  const client = createDokployClient({ url: settings.dokployUrl, apiKey: settings.apiKey, deadline }, deps);
  const { target } = settings;
  let label = `${target.kind} ${target.id}`;
  let version: string;
  let triggeredAt: number;
  const marker: Marker = { title: settings.title, description: settings.description, sha: settings.sha };
  let known: Set<string>;
  try {
    version = await client.version();
    const service = await client.service(target);
    label = `${target.kind} ${service.name} (${target.id})`;
    deps.log.info(`Dokploy ${version}: ${settings.action} ${label}`);
    if (compareVersions(version, TITLES_SINCE) < 0) {
      deps.log.warning(
        `Dokploy ${version} ignores deploy titles (added in ${TITLES_SINCE}): the deployment will be recognised as the only new record`,
      );
    }
    if (settings.dockerImage !== undefined)
      await setImage(client, service, settings.dockerImage, label, deps);
    if (settings.env.length > 0) await setEnvironment(client, service, settings, version, label, deps);
    known = new Set((await client.deployments(target)).map((d) => d.deploymentId));
    triggeredAt = deps.clock.now();
    await trigger(client, settings, marker, known, deps);
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
  deps.log.info(`Queued the ${settings.action} of ${label} with title "${settings.title}"`);
  const base = { label, dokployVersion: version, rolledBackTo: undefined };
  if (!settings.wait) {
    return {
      ...base,
      status: 'queued',
      deploymentId: undefined,
      matchedBy: undefined,
      durationSeconds: 0,
      failure: undefined,
    };
  }
  const followed = await followDeployment(
    { client, settings, marker, known, label, deadline, started },
    deps,
  );
  const durationSeconds = Math.round((deps.clock.now() - triggeredAt) / 1000);
  return finish(client, settings, followed, { ...base, durationSeconds, version }, deps);
}

async function finish(
  client: DokployClient,
  settings: DeploySettings,
  followed: Followed,
  base: {
    label: string;
    dokployVersion: string;
    rolledBackTo: undefined;
    durationSeconds: number;
    version: string;
  },
  deps: HttpDeps,
): Promise<DeployResult> {
  const { label, version, ...rest } = base;
  const result: DeployResult = {
    ...rest,
    label,
    status: followed.status,
    deploymentId: followed.record?.deploymentId,
    matchedBy: followed.matchedBy,
    failure: followed.failure,
  };
  if (followed.status === 'done') {
    deps.log.info(
      `Deployment ${followed.record?.deploymentId ?? ''} of ${label} is done (${formatDuration(base.durationSeconds * 1000)})`,
    );
    return result;
  }
  if (followed.status !== 'error' || followed.record?.status !== 'error') return result;
  const id = followed.record.deploymentId;
  await showBuildLog(client, id, settings.logLines, version, deps);
  let rolledBack = '';
  if (settings.rollbackOnFailure) {
    result.rolledBackTo = await rollBack(client, settings, id, label, deps);
    if (result.rolledBackTo) rolledBack = `; rolled back to deployment ${result.rolledBackTo}`;
  }
  const where =
    settings.logLines > 0 && compareVersions(version, READ_LOGS_SINCE) >= 0
      ? `the last lines of its build log are in the log group above; the full log is on deployment ${id} in Dokploy`
      : `open deployment ${id} in Dokploy for its build log`;
  result.failure = new DeployFailedError(label, 'error', `${where}${rolledBack}`);
  return result;
}

/** Triggers the deploy. A call that may have reached Dokploy is repeated only after the queue and records show no trace of it. */
async function trigger(
  client: DokployClient,
  settings: DeploySettings,
  marker: Marker,
  known: ReadonlySet<string>,
  deps: HttpDeps,
): Promise<void> {
  const policy = toRetryPolicy();
  for (let attempt = 1; ; attempt++) {
    try {
      await client.deploy(settings.target, {
        action: settings.action,
        title: marker.title,
        description: marker.description,
      });
      return;
    } catch (error) {
      if (!(error instanceof DokployApiError) || !error.mayHaveReached || attempt >= policy.maxAttempts)
        throw error;
      deps.log.warning(
        `${error.message.split(':')[0]}; checking Dokploy's queue and records before trying again`,
      );
      await deps.clock.sleep(nextDelay(attempt, policy, deps.clock.random), deps.signal);
      if (await reachedDokploy(client, settings, marker, known)) {
        deps.log.info('The deploy had reached Dokploy; not sending it again');
        return;
      }
    }
  }
}

async function reachedDokploy(
  client: DokployClient,
  settings: DeploySettings,
  marker: Marker,
  known: ReadonlySet<string>,
): Promise<boolean> {
  const jobs = await client.queueList().catch(() => undefined);
  if (findOwnJob(jobs, settings.target.id, marker).state !== 'absent' && jobs !== undefined) return true;
  // A short build may already be over, its title rewritten: any recognisable new record counts.
  const rows = await client.deployments(settings.target);
  return findOwnRecord(rows, known, marker, { state: 'absent' }).found !== undefined;
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

async function showBuildLog(
  client: DokployClient,
  deploymentId: string,
  lines: number,
  version: string,
  deps: HttpDeps,
): Promise<void> {
  if (lines === 0) return;
  if (compareVersions(version, READ_LOGS_SINCE) < 0) {
    deps.log.warning(
      `Dokploy ${version} cannot serve build logs over HTTP (needs ${READ_LOGS_SINCE}): open deployment ${deploymentId} in Dokploy`,
    );
    return;
  }
  try {
    const text = await client.readLogs(deploymentId, lines);
    await deps.log.group(`Build log of deployment ${deploymentId} (last ${lines} lines)`, async () => {
      const body = text.replace(/\n$/, '');
      if (body.trim() === '')
        deps.log.info('(Dokploy returned an empty log: the log may live on a build server)');
      else for (const line of body.split('\n')) deps.log.info(line);
    });
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    deps.log.warning(`Could not read the build log: ${(error as Error).message}`);
  }
}

async function rollBack(
  client: DokployClient,
  settings: DeploySettings,
  failedId: string,
  label: string,
  deps: HttpDeps,
): Promise<string | undefined> {
  if (settings.target.kind === 'compose') {
    deps.log.warning(`Not rolled back: Dokploy has no rollback for compose stacks (${label})`);
    return undefined;
  }
  try {
    const service = await client.service(settings.target);
    if (!service.rollbackActive) {
      deps.log.warning(
        `Not rolled back: ${label} keeps no rollback images (turn on Rollbacks with a registry in Dokploy)`,
      );
      return undefined;
    }
    const rows = await client.deployments(settings.target);
    const good = rows.find((r) => r.deploymentId !== failedId && r.status === 'done' && r.rollbackId);
    if (!good?.rollbackId) {
      deps.log.warning(
        `Not rolled back: ${label} has no earlier successful deployment with a rollback image`,
      );
      return undefined;
    }
    await client.rollback(good.rollbackId);
    deps.log.info(
      `Rolled ${label} back to deployment ${good.deploymentId} ("${good.title}"), the last one that succeeded`,
    );
    return good.deploymentId;
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    deps.log.warning(`Rollback failed: ${(error as Error).message}`);
    return undefined;
  }
}
