/**
 * Pre- and post-deploy commands (a migration, a cache warm-up): run inside the service's container
 * through a Dokploy schedule made for this one run (schedule.create, disabled), run once
 * (schedule.runManually answers when the command has ended), its log read from the run's record
 * (deployment.readLogs), and the schedule deleted whatever happened (its records, and so the log, go with it). See docs/dokploy-api.md#schedules.
 */
import { createDokployClient, type DokployClient, type ServiceInfo } from '../lib/dokploy-client.js';
import { DokployApiError } from '../lib/dokploy-errors.js';
import { formatDuration } from '../lib/duration.js';
import { CancelledError, KitError } from '../lib/errors.js';
import type { DeployDeps } from './events.js';
import type { DeploySettings } from './settings.js';

/** When a command runs: before the deploy is triggered, or once the new version runs. */
export type HookPhase = 'pre-deploy' | 'post-deploy';

/** Time for the calls around the command (create, log, delete) beyond `hookTimeoutMs`. */
const CALLS_MARGIN_MS = 60_000;
/** Log lines shown when `log-lines` is 0 would show none: the reason needs a few. */
const MIN_LOG_LINES = 20;

/** Thrown (or carried by the result) when a command fails, gives no answer, or cannot start. */
export class HookFailedError extends KitError {
  override name = 'HookFailedError';
  constructor(
    readonly phase: HookPhase,
    /** "application web (app-1)". */
    readonly target: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a command that ended well took. */
export interface HookOutcome {
  phase: HookPhase;
  tookMs: number;
  /** The schedule run's record (its log stays in Dokploy). */
  deploymentId: string;
}

/**
 * Runs the `phase` command of `settings` in `service` and shows its log in a log group.
 * @throws HookFailedError with one line: the command's last output line, or why it could not run
 * @throws CancelledError naming the schedule it left in Dokploy
 */
export async function runHook(
  phase: HookPhase,
  settings: DeploySettings,
  service: ServiceInfo,
  label: string,
  deps: DeployDeps,
): Promise<HookOutcome> {
  const command = (phase === 'pre-deploy' ? settings.preDeploy : settings.postDeploy) ?? '';
  const where = settings.hookService === undefined ? label : `service ${settings.hookService} of ${label}`;
  const started = deps.clock.now();
  const client = createDokployClient(
    {
      url: settings.dokployUrl,
      apiKey: settings.apiKey,
      deadline: started + settings.hookTimeoutMs + CALLS_MARGIN_MS,
    },
    deps,
  );
  deps.onEvent?.({ type: 'hook', phase, state: 'running' });
  deps.log.info(`Running the ${phase} command in ${where}: ${command}`);
  const scheduleId = await client.createSchedule(service, {
    name: `dokploy-deploy ${phase}: ${settings.title}`.slice(0, 200),
    command,
    serviceName: settings.hookService,
  });
  let run: { status: string; deploymentId: string };
  try {
    run = await client.runSchedule(scheduleId, settings.hookTimeoutMs);
  } catch (error) {
    if (error instanceof CancelledError) {
      throw new CancelledError(
        `the ${phase} command in ${where}: it may still run, and schedule ${scheduleId} is left in Dokploy (delete it under the service's Schedules)`,
      );
    }
    await deleteSchedule(client, scheduleId, deps);
    if (error instanceof DokployApiError && error.status === 0) {
      throw fail(
        phase,
        label,
        `The ${phase} command in ${where} gave no answer within ${formatDuration(settings.hookTimeoutMs)} (hook-timeout); it may still be running in the container`,
      );
    }
    throw error;
  }
  const tookMs = deps.clock.now() - started;
  // Before the delete: deleting a schedule deletes its runs' records, and with them the log.
  const lines = await readHookLog(client, run.deploymentId, Math.max(settings.logLines, MIN_LOG_LINES), deps);
  await deleteSchedule(client, scheduleId, deps);
  // At least MIN_LOG_LINES are read for the reason; `log-lines` says how many are shown (0: none).
  const shown = settings.logLines > 0 ? lines.slice(-settings.logLines) : [];
  if (shown.length > 0) {
    await deps.log.group(`Log of the ${phase} command in ${where}`, async () => {
      for (const line of shown) deps.log.info(line);
    });
  }
  if (run.status !== 'done') {
    deps.onEvent?.({ type: 'hook', phase, state: 'failed' });
    const reason = lastOutputLine(lines) ?? `Dokploy recorded it '${run.status || 'unknown'}'`;
    const shownAt =
      settings.logLines > 0 ? `; its log is ${deps.logShownAt ?? 'in the log group above'}` : '';
    throw fail(phase, label, `The ${phase} command failed in ${where}: ${reason}${shownAt}`);
  }
  deps.onEvent?.({ type: 'hook', phase, state: 'done' });
  deps.log.info(`The ${phase} command ran in ${where} (${formatDuration(tookMs)})`);
  return { phase, tookMs, deploymentId: run.deploymentId };
}

function fail(phase: HookPhase, label: string, message: string): HookFailedError {
  return new HookFailedError(
    phase,
    label,
    phase === 'pre-deploy' ? `${message}; nothing was deployed` : message,
  );
}

/** The run's log without Dokploy's own framing; a refusal to read it is one warning. */
async function readHookLog(
  client: DokployClient,
  deploymentId: string,
  tail: number,
  deps: DeployDeps,
): Promise<string[]> {
  if (deploymentId === '') return [];
  try {
    const text = await client.readLogs(deploymentId, tail);
    return text.replace(/\n$/, '').split('\n');
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    deps.log.warning(`Could not read the command's log: ${(error as Error).message}`);
    return [];
  }
}

/**
 * The line that says why: Dokploy ends a failed run's log with "❌ Command failed" and then the
 * error's message (the command's stderr), or writes "❌ Container not found …" when nothing runs.
 */
function lastOutputLine(lines: string[]): string | undefined {
  const framing =
    /^(Initializing schedule|Running scheduled command|docker exec \S+ \S+ -c |❌ Command failed|✅ )/;
  const output = lines.map((line) => line.trim()).filter((line) => line !== '' && !framing.test(line));
  const last = output.at(-1);
  return last?.replace(/^❌\s*/, '');
}

async function deleteSchedule(client: DokployClient, scheduleId: string, deps: DeployDeps): Promise<void> {
  try {
    await client.deleteSchedule(scheduleId);
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    deps.log.warning(
      `Could not delete schedule ${scheduleId} (${(error as Error).message}): delete it under the service's Schedules in Dokploy`,
    );
  }
}
