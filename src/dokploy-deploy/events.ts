/**
 * What a deploy reports while it waits, as typed events: the action turns them into log lines, the
 * `pipeline` command into its live table. Nobody parses the log lines back.
 */
import type { HttpDeps } from '../lib/http.js';

/** A change in what is known about the run's deployment. */
export type DeployEvent =
  /** Triggered; Dokploy shows neither a queue entry nor a record yet. */
  | { type: 'waiting' }
  /** In Dokploy's queue (one queue for the whole server, FIFO). */
  | { type: 'queued'; position: number; ahead: number }
  /** The run's record exists; `status` is Dokploy's (running, or one the kit does not know yet). */
  | { type: 'record'; deploymentId: string; status: string };

/** The deploy core's deps: HTTP, time, log, and where progress events go. */
export interface DeployDeps extends HttpDeps {
  onEvent?: (event: DeployEvent) => void;
}

/** The event in words, without the service's name: "queued in Dokploy, position 2 (1 job ahead)". */
export function describeEvent(event: DeployEvent): string {
  switch (event.type) {
    case 'waiting':
      return 'waiting for Dokploy to start the deployment';
    case 'queued':
      return `queued in Dokploy, position ${event.position} (${event.ahead} job${event.ahead === 1 ? '' : 's'} ahead)`;
    case 'record':
      return `${event.status} (deployment ${event.deploymentId})`;
  }
}
