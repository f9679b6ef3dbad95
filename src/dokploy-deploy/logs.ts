/**
 * The log tails a failed deploy shows in a log group: the build log of an `error` record
 * (deployment.readLogs), the container log of an `unhealthy` one (application.readLogs /
 * compose.readLogs). Reading a log never fails the step further: a refusal is one warning.
 */
import type { DokployClient, ServiceInfo, ServiceTask } from '../lib/dokploy-client.js';
import { CancelledError } from '../lib/errors.js';
import type { HttpDeps } from '../lib/http.js';
import { compareVersions } from '../lib/version.js';

/** Dokploy serves build logs over HTTP since this version (docs/dokploy-api.md#build-logs-readlogs). */
export const READ_LOGS_SINCE = 'v0.29.5';

/** Shows the last `lines` of a deployment's build log in a log group (nothing when `lines` is 0). */
export async function showBuildLog(
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

/**
 * Shows the last `lines` a service's container wrote in a log group: application.readLogs (the
 * running container or, when none runs, the Swarm service's log), compose.readLogs for `task`.
 * @returns whether a log was shown
 */
export async function showContainerLog(
  client: DokployClient,
  service: ServiceInfo,
  task: ServiceTask | undefined,
  lines: number,
  label: string,
  deps: HttpDeps,
): Promise<boolean> {
  if (lines === 0) return false;
  // compose.readLogs wants a container id; a stack's task id is not one (and a stuck task has none).
  if (service.kind === 'compose' && (task?.kind !== 'container' || task.id === '')) return false;
  try {
    const text = await client.containerLogs(service, lines, task?.id);
    await deps.log.group(`Container log of ${label} (last ${lines} lines)`, async () => {
      const body = text.replace(/\n$/, '');
      if (body.trim() === '') deps.log.info('(Dokploy returned an empty log)');
      else for (const line of body.split('\n')) deps.log.info(line);
    });
    return true;
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    deps.log.warning(`Could not read the container log: ${(error as Error).message}`);
    return false;
  }
}
