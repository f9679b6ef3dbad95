/** What every CLI sub-command receives besides its arguments. */
export interface CommandContext {
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** The process environment (secrets such as DOKPLOY_TOKEN are read from here, never from flags). */
  env: NodeJS.ProcessEnv;
  /** The working directory. */
  cwd: string;
}

/** One `dokploy-deploy <name>` sub-command. */
export interface Command {
  /** One-line description for the usage text. */
  summary: string;
  /** Runs the command; returns the process exit code. */
  run(args: string[], context: CommandContext): Promise<number>;
}
