/**
 * What a deploy reports while it waits, as typed events: the action turns them into log lines, the
 * `pipeline` command into its live table. Nobody parses the log lines back.
 */
import { formatDuration } from '../lib/duration.js';
import type { HttpDeps } from '../lib/http.js';
import type { PromotionDeps } from './promotion.js';

/** A change in what is known about the run's deployment. */
export type DeployEvent =
  /** Triggered; Dokploy shows neither a queue entry nor a record yet. */
  | { type: 'waiting' }
  /** In Dokploy's queue (one queue for the whole server, FIFO). */
  | { type: 'queued'; position: number; ahead: number }
  /** The run's record exists; `status` is Dokploy's (running, or one the kit does not know yet). */
  | { type: 'record'; deploymentId: string; status: string }
  /** Done; the new version's tasks are being watched (`runningForMs` without a restart so far). */
  | { type: 'checking'; runningForMs: number; stableForMs: number }
  /** Done in Dokploy, but the new version does not run (crash loop, stuck task, Swarm rollback). */
  | { type: 'unhealthy'; reason: string }
  /** Restoring the last good version (`to` names it: a deployment, an image, a snapshot). */
  | { type: 'rolling-back'; method: RestoreMethod; to: string }
  /** The restore ended: running again, or not. */
  | { type: 'rolled-back'; to: string; ok: boolean; detail: string }
  /** Checking that the environment it promotes from verified this content (`promote-from`). */
  | { type: 'promotion'; from: string; state: 'checking' | 'verified' }
  /** A pre- or post-deploy command started or ended. */
  | { type: 'hook'; phase: 'pre-deploy' | 'post-deploy'; state: 'running' | 'done' | 'failed' };

/** How a rollback restores a service (docs/dokploy-api.md#rollback). */
export type RestoreMethod = 'rollback' | 'image' | 'compose';

/** The deploy core's deps: HTTP, time, log, and where progress events go. */
export interface DeployDeps extends HttpDeps {
  onEvent?: (event: DeployEvent) => void;
  /**
   * Where the log lines shown through `log.group` end up, in the words of a failure message
   * (default 'in the log group above', the Actions log; the pipeline CLI prints them above its table).
   */
  logShownAt?: string;
  /** What `promote-from` compares with: the checkout (git trees) and a fetch for health probes. */
  promotion?: PromotionDeps;
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
    case 'checking':
      return `done; running for ${formatDuration(event.runningForMs)} of ${formatDuration(event.stableForMs)}`;
    case 'unhealthy':
      return `unhealthy: ${event.reason}`;
    case 'rolling-back':
      return `rolling back to ${event.to}`;
    case 'promotion':
      return event.state === 'checking'
        ? `checking that ${event.from} verified this content`
        : `${event.from} verified this content`;
    case 'hook':
      return event.state === 'running'
        ? `running the ${event.phase} command`
        : `${event.phase} command ${event.state === 'done' ? 'done' : 'failed'}`;
    case 'rolled-back':
      return event.ok ? `rolled back to ${event.to}, ${event.detail}` : `rollback failed: ${event.detail}`;
  }
}
