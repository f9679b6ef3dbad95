/**
 * The kit's error family. A `KitError` is an expected failure: its message is the one line a user
 * sees. Anything else that is thrown is unexpected and keeps its stack for debug logging.
 */

/** Base class of every expected failure; `message` is one line for people. */
export class KitError extends Error {
  override name = 'KitError';
}

/**
 * Thrown when an input or a manifest field is invalid. Carries the subject ("Input 'timeout'"),
 * the offending value (if it helps) and what is accepted.
 */
export class InputError extends KitError {
  override name = 'InputError';
  constructor(
    readonly subject: string,
    readonly value: string | undefined,
    readonly hint: string,
  ) {
    super(value === undefined ? `${subject}: ${hint}` : `${subject} is '${clip(value)}': ${hint}`);
  }
}

/** Builds the `InputError` for action input `name` ("Input 'name' is 'value': hint"). */
export function inputError(name: string, value: string | undefined, hint: string): InputError {
  return new InputError(`Input '${name}'`, value, hint);
}

/**
 * Thrown when Dokploy answers with an error (or not at all). Carries the method, the endpoint path,
 * the HTTP status (0 when no answer came) and Dokploy's own message; never the key or a body sent.
 */
export class DokployError extends KitError {
  override name = 'DokployError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
    readonly hint: string,
  ) {
    const answered = status === 0 ? 'failed' : `answered ${status}`;
    super(`Dokploy ${method} ${path} ${answered}${detail ? ` ${detail}` : ''}: ${hint}`);
  }
}

/** Thrown when a deployment ended badly. Carries the target, its final status and where the log is. */
export class DeployFailedError extends KitError {
  override name = 'DeployFailedError';
  constructor(
    readonly target: string,
    readonly status: string,
    readonly logHint: string,
  ) {
    super(`Deployment of ${target} ended with status '${status}': ${logHint}`);
  }
}

/** Thrown when a wait passes its deadline. Carries what was awaited, for how long and the last state seen. */
export class DeadlineError extends KitError {
  override name = 'DeadlineError';
  constructor(
    readonly awaited: string,
    readonly waitedMs: number,
    readonly lastState: string,
  ) {
    super(`Timed out after ${formatSeconds(waitedMs)} waiting for ${awaited}; last state: ${lastState}`);
  }
}

/** Thrown when the run is cancelled (SIGTERM/SIGINT, an aborted signal). Carries what was interrupted. */
export class CancelledError extends KitError {
  override name = 'CancelledError';
  constructor(readonly during: string) {
    super(`Cancelled while ${during}`);
  }
}

/** What a shell shows for a failure: one line, plus the stack for debug output when unexpected. */
export interface FailureDescription {
  /** The single line to print with setFailed / stderr. */
  message: string;
  /** The stack of an unexpected error, for debug logging only. */
  stack: string | undefined;
}

/** Returns the one-line message for a failure; unexpected errors keep their stack for debug output. */
export function describeFailure(error: unknown): FailureDescription {
  const err = toError(error);
  if (err instanceof KitError) return { message: err.message, stack: undefined };
  return {
    message: `Unexpected error: ${err.message} (re-run with debug logging for details)`,
    stack: err.stack,
  };
}

/** Converts any thrown value to an Error. */
export function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error)));
}

function clip(value: string): string {
  const oneLine = JSON.stringify(value).slice(1, -1);
  return oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine;
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}
