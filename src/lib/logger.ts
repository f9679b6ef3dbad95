/**
 * The logging interface cores receive (codeql's Logger shape). Cores never import @actions/core;
 * the shell passes `actionsLogger(core)` and the CLI `consoleLogger()`.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible log group named `name`. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** The subset of @actions/core the Actions logger uses, so lib never imports the toolkit. */
export interface ActionsCoreLike {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A Logger backed by @actions/core (passed in as a value). */
export function actionsLogger(core: ActionsCoreLike): Logger {
  return {
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    error: (m) => core.error(m),
    group: (name, fn) => core.group(name, fn),
  };
}

/** Where the console logger writes: stdout-like and stderr-like sinks. */
export interface ConsoleSinks {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A Logger for the CLI: plain lines, warnings and errors on stderr, debug only when `verbose`. */
export function consoleLogger(sinks: ConsoleSinks, verbose = false): Logger {
  return {
    debug: (m) => {
      if (verbose) sinks.err(`debug: ${m}`);
    },
    info: (m) => sinks.out(m),
    warning: (m) => sinks.err(`warning: ${m}`),
    error: (m) => sinks.err(`error: ${m}`),
    group: async (name, fn) => {
      sinks.out(`── ${name}`);
      return fn();
    },
  };
}
