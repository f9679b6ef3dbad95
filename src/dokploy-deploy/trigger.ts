/**
 * Triggering a deploy: the call answers no id, and a call that may have reached Dokploy is sent
 * again only after the queue and the records show no trace of it (docs/dokploy-api.md#the-deploy-queue).
 */
import { DokployApiError, type DokployClient } from '../lib/dokploy-client.js';
import type { HttpDeps } from '../lib/http.js';
import { nextDelay, toRetryPolicy } from '../lib/retry.js';
import { findOwnJob, findOwnRecord, type Marker } from './correlate.js';
import type { DeploySettings } from './settings.js';

/** Triggers the deploy. A call that may have reached Dokploy is repeated only after the queue and records show no trace of it. */
export async function trigger(
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
