/**
 * The one shell every action's main.ts runs in (as github/codeql-action's runInActions): it masks the
 * secret inputs before anything else, turns SIGTERM/SIGINT (a cancelled workflow) into an AbortSignal,
 * appends to the job summary only where the runner gives a summary file, runs the cleanups, and ends
 * an expected failure (`KitError`) in one `::error::` line; anything else in that line plus its stack
 * behind `core.debug`. `@actions/core` is passed in as a value, so this file does not import it.
 */
import { describeFailure } from './errors.js';
import { actionsLogger, type ActionsCoreLike, type Logger } from './logger.js';

/** The part of @actions/core the shell uses. */
export interface ShellCore extends ActionsCoreLike {
  getInput(name: string): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  summary: { addRaw(text: string, addEOL?: boolean): { write(): Promise<unknown> } };
}

/** The part of the process the shell uses: its environment and the two stop signals. */
export interface ShellHost {
  env: Readonly<Record<string, string | undefined>>;
  once(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** What an action's body receives from the shell. */
export interface ActionContext {
  core: ShellCore;
  log: Logger;
  /** Aborted on SIGTERM or SIGINT. */
  signal: AbortSignal;
  /** Masks a value found while running (a credential read from a file, a URL password). */
  mask(secret: string): void;
  /** Appends Markdown to the job summary; does nothing outside a runner (no GITHUB_STEP_SUMMARY). */
  summary(markdown: string): Promise<void>;
  /** Runs `fn` when the action ends, whatever the outcome (closing a browser, an HTTP pool). */
  defer(fn: () => Promise<void> | void): void;
}

/** How to run one action. */
export interface ShellOptions {
  /** Inputs that hold secrets: masked before anything else runs. */
  secretInputs: readonly string[];
  /** The action's body. */
  run(ctx: ActionContext): Promise<void>;
  /** Called with the error before the failure line (e.g. to set a `status` output). */
  onFailure?(error: unknown, ctx: ActionContext): void;
  /** Applied to a stack before it is logged (URLs with credentials, say). */
  redact?(text: string): string;
}

/**
 * Runs an action.
 * @example
 * await runAction(core, process, { secretInputs: ['api-key'], run: async ({ core, log }) => { ... } });
 */
export async function runAction(core: ShellCore, host: ShellHost, options: ShellOptions): Promise<void> {
  for (const name of options.secretInputs) {
    const value = core.getInput(name);
    if (value) core.setSecret(value);
  }
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  host.once('SIGTERM', abort);
  host.once('SIGINT', abort);
  const cleanups: (() => Promise<void> | void)[] = [];
  const ctx: ActionContext = {
    core,
    log: actionsLogger(core),
    signal: controller.signal,
    mask: (secret) => {
      if (secret) core.setSecret(secret);
    },
    summary: async (markdown) => {
      if (host.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown, true).write();
    },
    defer: (fn) => void cleanups.push(fn),
  };
  try {
    await options.run(ctx);
  } catch (error) {
    options.onFailure?.(error, ctx);
    const failure = describeFailure(error);
    if (failure.stack) core.debug(options.redact ? options.redact(failure.stack) : failure.stack);
    core.setFailed(failure.message);
  } finally {
    host.off('SIGTERM', abort);
    host.off('SIGINT', abort);
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        core.debug(`cleanup failed: ${(error as Error).message}`);
      }
    }
  }
}
