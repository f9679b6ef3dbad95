/**
 * A rollback instead of a deploy: the action's `rollback-to` (workflows-templates/rollback.yml and
 * the health check's hand-back in deploy-stage.yml) and `dokploy-deploy rollback --to`. The same
 * restore as after a failed deploy (rollback.ts), to a version the user names. Pure.
 */
import { createDokployClient } from '../lib/dokploy-client.js';
import { KitError } from '../lib/errors.js';
import { withTargetResolved, type DeployResult } from './deploy.js';
import type { DeployDeps } from './events.js';
import { manualRestorePoint, restore } from './rollback.js';
import type { DeploySettings } from './settings.js';

/**
 * Restores `settings.rollbackTo` (previous, a deployment id, an image) on `settings.target` and waits
 * until it runs (`stable-for`); no deploy of the current source happens.
 * @returns a result like a deploy's: status done when restored and running, error otherwise
 * @throws KitError when there is nothing to roll back to (naming the candidates), DokployApiError
 *   when Dokploy refuses a call before the restore, CancelledError naming what was left behind
 */
export async function runManualRollback(given: DeploySettings, deps: DeployDeps): Promise<DeployResult> {
  const to = given.rollbackTo ?? 'previous';
  const started = deps.clock.now();
  const deadline = started + given.timeoutMs;
  const client = createDokployClient({ url: given.dokployUrl, apiKey: given.apiKey, deadline }, deps);
  const settings = await withTargetResolved(client, given, deps);
  const version = await client.version();
  const service = await client.service(settings.target);
  const label = `${service.kind} ${service.name} (${service.id})`;
  const point = manualRestorePoint(service, await client.deployments(settings.target), to);
  // Its own title: a deploy of this run (the hand-back's) may already carry the default one.
  const marker = {
    title: `Rollback: ${settings.title}`.slice(0, 200),
    description: `Rollback to ${point.to}: ${settings.description}`.slice(0, 500),
    sha: undefined,
  };
  const outcome = await restore(point, { client, service, settings, label, marker }, deps);
  if (outcome.ok) deps.log.info(`Rolled ${label} back to ${outcome.to}: ${outcome.detail}`);
  return {
    label,
    status: outcome.ok ? 'done' : 'error',
    deploymentId: undefined,
    matchedBy: undefined,
    durationSeconds: Math.round((deps.clock.now() - started) / 1000),
    dokployVersion: version,
    runningCheckedMs: undefined,
    rollback: outcome,
    handBack: undefined,
    hooks: [],
    failure: outcome.ok
      ? undefined
      : new KitError(`Rollback of ${label} to ${outcome.to} failed: ${outcome.detail}`),
  };
}
