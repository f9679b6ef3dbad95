/**
 * Restoring the last good version of a service (docs/dokploy-api.md#rollback), three ways:
 * - `rollback`: an application with Dokploy Rollbacks (a registry) → rollback.rollback with the
 *   `rollbackId` of its newest `done` record;
 * - `image`: a docker-sourced application without them → the image (and environment) recorded
 *   before the deploy, saved back with saveDockerProvider, then deployed and followed;
 * - `compose`: a stack → the compose file and environment read before the deploy (compose.one),
 *   saved back with compose.update, then deployed and followed.
 * Each then waits for the service to run again. Used after a failed deploy and by the manual
 * rollback (`dokploy-deploy rollback`, workflows-templates/rollback.yml). Pure.
 */
import type { Deployment, DokployClient, ServiceInfo } from '../lib/dokploy-client.js';
import { formatDuration } from '../lib/duration.js';
import { CancelledError, DeadlineError, KitError } from '../lib/errors.js';
import type { Marker } from './correlate.js';
import type { DeployDeps, RestoreMethod } from './events.js';
import { followDeployment, typicalBuildMs } from './follow.js';
import { checkRunning, snapshotTasks } from './running.js';
import type { DeploySettings } from './settings.js';
import { trigger } from './trigger.js';

/** What a service can be restored to, decided from what it was before the deploy. */
export type RestorePoint =
  | { method: 'rollback'; to: string; deploymentId: string; rollbackId: string }
  /** `changed`: what the run changed, so what the restore undoes (an env-only restore keeps the image). */
  | { method: 'image'; to: string; image: string; env: string | null; changed: 'image' | 'env' }
  | { method: 'compose'; to: string; composeFile: string | null; env: string | null }
  | { method: 'none'; why: string };

/** How a rollback ended, for the summary and the outputs. */
export interface RollbackOutcome {
  method: RestoreMethod;
  /** What was restored ("deployment dep-1 ("v1")", "image 127.0.0.1:5000/kit/web:v1"). */
  to: string;
  ok: boolean;
  /** "running again in 12s", or why it failed (one line). */
  detail: string;
}

/** What this run changes on the service before it deploys (a restore undoes exactly that). */
export interface PlannedChange {
  image: string | undefined;
  env: boolean;
}

/**
 * The restore point of `service` as it is before the deploy: `records` are its records then (newest first).
 * Rollback images win when the application keeps them; otherwise only what this run changes can be undone.
 */
export function restorePointOf(
  service: ServiceInfo,
  records: readonly Deployment[],
  change: PlannedChange,
): RestorePoint {
  const label = `${service.kind} ${service.name}`;
  if (service.kind === 'application' && service.rollbackActive) {
    // The UI offers rollback only for done deployments (docs/dokploy-api.md#rollback).
    const good = records.find((r) => r.status === 'done' && r.rollbackId);
    if (good?.rollbackId) {
      return {
        method: 'rollback',
        to: `deployment ${good.deploymentId} ("${good.title}")`,
        deploymentId: good.deploymentId,
        rollbackId: good.rollbackId,
      };
    }
  }
  if (service.kind === 'application') {
    if (service.sourceType === 'docker' && service.dockerImage && (change.image || change.env)) {
      if (change.image !== undefined && change.image !== service.dockerImage) {
        return {
          method: 'image',
          to: `image ${service.dockerImage}`,
          image: service.dockerImage,
          env: service.env,
          changed: 'image',
        };
      }
      if (change.env) {
        return {
          method: 'image',
          to: `the environment before this run (image ${service.dockerImage})`,
          image: service.dockerImage,
          env: service.env,
          changed: 'env',
        };
      }
    }
    return {
      method: 'none',
      why: service.rollbackActive
        ? `${label} has no earlier successful deployment with a rollback image`
        : service.sourceType === 'docker'
          ? `this run changed neither the image nor the environment of ${label}, and without Dokploy Rollbacks no older image is kept (set 'docker-image', or turn on Rollbacks with a registry)`
          : `${label} is built from its ${service.sourceType || 'git'} source and keeps no rollback images (turn on Rollbacks with a registry in Dokploy)`,
    };
  }
  if (service.sourceType === 'raw' || change.env) {
    return {
      method: 'compose',
      to: 'the compose file and environment before this run',
      composeFile: service.composeFile,
      env: service.env,
    };
  }
  return {
    method: 'none',
    why: `Dokploy keeps no earlier copy of the files of ${label} (${service.sourceType || 'git'} source) and this run did not change its environment: deploy the previous commit instead`,
  };
}

/** What a deploy recorded before it changed anything, so that a gate after it (the health check) can undo it. */
export interface HandBack {
  /** What the service can be restored to, decided before the run changed it. */
  point: RestorePoint;
  /** The service as it was before the run (its registry credentials and build args are sent back as they were). */
  service: ServiceInfo;
  /** "application web (app-123)". */
  label: string;
  /** The run's own deployment, named in the rollback's description. */
  deploymentId: string | undefined;
}

/** How handing back ended: the restore's outcome, or why there was nothing to restore. */
export type HandBackOutcome = RollbackOutcome | { method: 'none'; why: string };

/**
 * Restores what `handBack` recorded, with the title "Rollback: <the deploy's title>". Used after a
 * deploy that does not run (runDeploy) and when the health check after a deploy fails (the
 * pipeline's and the templates' hand-back). Logs both outcomes.
 * @throws CancelledError naming what the interrupted rollback left behind
 */
export async function rollBack(
  { handBack, client, settings }: { handBack: HandBack; client: DokployClient; settings: DeploySettings },
  deps: DeployDeps,
): Promise<HandBackOutcome> {
  const { point, label } = handBack;
  if (point.method === 'none') {
    deps.log.warning(`Not rolled back: ${point.why}`);
    return point;
  }
  const marker: Marker = {
    title: `Rollback: ${settings.title}`.slice(0, 200),
    description: `Rollback of ${handBack.deploymentId ?? 'a failed deployment'} to ${point.to}`,
    sha: undefined,
  };
  const outcome = await restore(point, { client, service: handBack.service, settings, label, marker }, deps);
  if (outcome.ok) deps.log.info(`Rolled ${label} back to ${outcome.to}: ${outcome.detail}`);
  else deps.log.warning(`Rollback of ${label} to ${outcome.to} failed: ${outcome.detail}`);
  return outcome;
}

/** What `restore` needs besides deps. */
export interface RestoreContext {
  client: DokployClient;
  service: ServiceInfo;
  settings: DeploySettings;
  label: string;
  /** The title and description the restore's own deploy carries. */
  marker: Marker;
}

/**
 * Restores `point` and waits for the service to run again (its own deadline: `settings.timeoutMs`).
 * @returns the outcome; a failure is returned, not thrown (the step fails either way)
 * @throws CancelledError naming what the interrupted rollback left behind
 */
export async function restore(
  point: Exclude<RestorePoint, { method: 'none' }>,
  ctx: RestoreContext,
  deps: DeployDeps,
): Promise<RollbackOutcome> {
  const { client, service, settings, label } = ctx;
  const started = deps.clock.now();
  const deadline = started + settings.timeoutMs;
  const outcome = (ok: boolean, detail: string): RollbackOutcome => {
    deps.onEvent?.({ type: 'rolled-back', to: point.to, ok, detail });
    return { method: point.method, to: point.to, ok, detail };
  };
  deps.onEvent?.({ type: 'rolling-back', method: point.method, to: point.to });
  deps.log.info(`Rolling ${label} back to ${point.to}`);
  let step = 'nothing was changed yet';
  try {
    const before = settings.stableForMs > 0 ? await snapshotTasks(client, service, label, deps) : undefined;
    if (point.method === 'rollback') {
      step = 'rollback.rollback was sent; Swarm finishes it on its own';
      await client.rollback(point.rollbackId);
    } else {
      await saveRestorePoint(client, service, point);
      step = `${point.to} is saved on ${label} but not deployed: deploy it in Dokploy`;
      const records = await client.deployments(service);
      const known = new Set(records.map((d) => d.deploymentId));
      const deploySettings = { ...settings, action: 'deploy' as const };
      const triggeredAt = deps.clock.now();
      await trigger(client, deploySettings, ctx.marker, known, deps);
      step = `the rollback's deploy of ${point.to} keeps running in Dokploy`;
      const followed = await followDeployment(
        {
          client,
          settings: deploySettings,
          marker: ctx.marker,
          known,
          label,
          deadline,
          started,
          triggeredAt,
          typicalMs: typicalBuildMs(records),
        },
        deps,
      );
      // Interrupted (SIGTERM): the catch below says what the rollback left behind.
      if (followed.status === 'cancelled' && deps.signal?.aborted) throw new CancelledError('following');
      if (followed.failure) return outcome(false, followed.failure.message);
      if (followed.status !== 'done') return outcome(false, `its deploy ended ${followed.status}`);
      step = `${point.to} is deployed, but was not yet seen running for ${formatDuration(settings.stableForMs)}`;
    }
    if (before === undefined) {
      return outcome(true, `done in ${formatDuration(deps.clock.now() - started)} (running not checked)`);
    }
    const check = await checkRunning(
      {
        client,
        service,
        before,
        stableForMs: settings.stableForMs,
        pollIntervalMs: settings.pollIntervalMs,
        deadline,
        label,
      },
      deps,
    );
    if (check.outcome === 'unhealthy') return outcome(false, `it does not run either: ${check.reason}`);
    return outcome(true, `running again in ${formatDuration(deps.clock.now() - started)}`);
  } catch (error) {
    if (error instanceof CancelledError) {
      throw new CancelledError(`rolling ${label} back to ${point.to}: ${step}`);
    }
    if (error instanceof DeadlineError || error instanceof KitError) return outcome(false, error.message);
    throw error;
  }
}

async function saveRestorePoint(
  client: DokployClient,
  service: ServiceInfo,
  point: Extract<RestorePoint, { method: 'image' | 'compose' }>,
): Promise<void> {
  if (point.method === 'compose') {
    // Only a raw stack deploys its stored file; a git one reads the file from its repository.
    const file = service.sourceType === 'raw' ? { composeFile: point.composeFile } : {};
    await client.restoreCompose(service.id, { ...file, env: point.env });
    return;
  }
  await client.saveDockerProvider(service.id, {
    dockerImage: point.image,
    username: service.username,
    password: service.password,
    registryUrl: service.registryUrl,
  });
  await client.saveApplicationEnvironment(service.id, {
    env: point.env,
    buildArgs: service.buildArgs,
    buildSecrets: service.buildSecrets,
    createEnvFile: service.createEnvFile ?? true,
  });
}

/**
 * What `rollback-to` (a later step, workflows-templates/deploy-stage.yml) takes to restore the same
 * version: the kept deployment's id or the image. Undefined for a snapshot only this run holds (an
 * environment, a compose file): those carry secrets and are never put into an output.
 */
export function restoreReference(point: RestorePoint): string | undefined {
  if (point.method === 'rollback') return point.deploymentId;
  if (point.method === 'image' && point.changed === 'image') return point.image;
  return undefined;
}

/** A deployment a manual rollback can go back to: `done`, with a kept rollback image. */
export function rollbackCandidates(records: readonly Deployment[]): Deployment[] {
  return records.filter((r) => r.status === 'done' && r.rollbackId);
}

/**
 * The restore point of a manual rollback (`dokploy-deploy rollback`, workflows-templates/rollback.yml):
 * `to` is `previous` (the kept deployment before the one running now), a deployment id, or an image.
 * @throws KitError naming what is missing when there is nothing to roll back to
 */
export function manualRestorePoint(
  service: ServiceInfo,
  records: readonly Deployment[],
  to: string,
): Exclude<RestorePoint, { method: 'none' }> {
  const label = `${service.kind} ${service.name}`;
  if (/[/:]/.test(to)) {
    if (service.kind !== 'application' || service.sourceType !== 'docker') {
      throw new KitError(
        `Cannot roll ${label} back to image ${to}: only a docker-sourced application takes an image`,
      );
    }
    return { method: 'image', to: `image ${to}`, image: to, env: service.env, changed: 'image' };
  }
  if (service.kind === 'compose') {
    throw new KitError(
      `Cannot roll ${label} back: Dokploy keeps no earlier versions of a compose stack; deploy the previous commit instead`,
    );
  }
  const candidates = service.rollbackActive ? rollbackCandidates(records) : [];
  // The newest kept deployment is the version running now; "previous" is the one before it.
  const chosen = to === 'previous' ? candidates[1] : candidates.find((r) => r.deploymentId === to);
  if (!chosen?.rollbackId) {
    const known = candidates.map((c) => c.deploymentId).join(', ') || 'none';
    const why = !service.rollbackActive
      ? `it keeps no rollback images (turn on Rollbacks with a registry in Dokploy${service.sourceType === 'docker' ? ', or give an image' : ''})`
      : to === 'previous'
        ? 'it has no earlier successful deployment with a rollback image'
        : `deployment ${to} is not one of its successful deployments with a rollback image`;
    throw new KitError(`Cannot roll ${label} back: ${why}; candidates: ${known}`);
  }
  return {
    method: 'rollback',
    to: `deployment ${chosen.deploymentId} ("${chosen.title}")`,
    deploymentId: chosen.deploymentId,
    rollbackId: chosen.rollbackId,
  };
}
