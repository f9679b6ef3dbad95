import { execFile, execFileSync } from 'node:child_process';
import { KitError } from './errors.js';

/** What one git command produced. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in one working directory; cores receive it through `deps` so tests can use real repos. */
export interface GitRunner {
  /** The directory git runs in. */
  cwd: string;
  /** Whether GIT_DIR is set for it: git then takes the repository from there, not from `cwd`'s .git. */
  repositoryFromEnv: boolean;
  /** Runs git; rejects with `GitError` on a non-zero exit unless `allowFailure`. */
  run(args: string[], options?: GitRunOptions): Promise<GitResult>;
  /** The same, synchronously (for the rare lookups a pure decision needs). */
  runSync(args: string[], options?: { allowFailure?: boolean }): GitResult;
}

/** How `GitRunner.run` runs a command. */
export interface GitRunOptions {
  /** Resolve with a non-zero exit instead of rejecting. Default false. */
  allowFailure?: boolean;
  /** Ends the process when aborted (the result is then a failure). */
  signal?: AbortSignal;
}

/** Thrown when a git command fails; carries the command and git's first stderr line. */
export class GitError extends KitError {
  override name = 'GitError';
  constructor(
    readonly args: string[],
    readonly code: number,
    readonly stderrLine: string,
    hint: string,
  ) {
    super(
      `git ${args.join(' ')} failed (exit ${code}): ${stderrLine || 'no message'}${hint ? `; ${hint}` : ''}`,
    );
  }
}

const MAX_BUFFER = 1 << 30;

/**
 * Returns a runner for `cwd` with the caller's environment (`process.env` in a shell). Every call gets LC_ALL=C (stable messages). When git refuses the
 * repository for "dubious ownership" (a container job running as another user), the call is retried
 * once with `-c safe.directory=<cwd>` — command-line config is "protected", so git honours it —
 * and a warning says how to fix it for good.
 */
export function createGitRunner(
  cwd: string,
  warn: (message: string) => void,
  baseEnv: Readonly<Record<string, string | undefined>>,
): GitRunner {
  let safeDirectory = false;
  const env = { ...baseEnv, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  const argv = (args: string[]): string[] =>
    safeDirectory ? ['-c', `safe.directory=${cwd}`, ...args] : args;
  const isDubious = (r: GitResult): boolean =>
    r.code === 128 && /dubious ownership|unsafe repository/.test(r.stderr);
  const markSafe = (): void => {
    safeDirectory = true;
    warn(
      `git refused ${cwd} for dubious ownership (the checkout belongs to another user); continuing with safe.directory set for this action. ` +
        'To fix it for good, run the container as the runner user or add `git config --global --add safe.directory "$GITHUB_WORKSPACE"` before this step.',
    );
  };
  const check = (args: string[], result: GitResult, allowFailure: boolean | undefined): GitResult => {
    if (result.code !== 0 && !allowFailure)
      throw new GitError(args, result.code, firstLine(result.stderr), hintFor(result.stderr));
    return result;
  };
  const runAsync = (args: string[], signal: AbortSignal | undefined): Promise<GitResult> =>
    new Promise((resolve) => {
      execFile(
        'git',
        argv(args),
        { cwd, env, maxBuffer: MAX_BUFFER, encoding: 'utf8', signal },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({
            code,
            stdout,
            stderr: stderr || (error && typeof error.code !== 'number' ? error.message : ''),
          });
        },
      );
    });
  const runBlocking = (args: string[]): GitResult => {
    try {
      const stdout = execFileSync('git', argv(args), {
        cwd,
        env,
        maxBuffer: MAX_BUFFER,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      return { code: 0, stdout, stderr: '' };
    } catch (error) {
      const e = error as { status?: number; stdout?: string; stderr?: string; message: string };
      return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
    }
  };
  return {
    cwd,
    repositoryFromEnv: Boolean(baseEnv.GIT_DIR),
    async run(args, options) {
      // Several runs may be under way at once: each one refused without safe.directory is retried.
      const withSafeDirectory = safeDirectory;
      let result = await runAsync(args, options?.signal);
      if (isDubious(result) && !withSafeDirectory) {
        if (!safeDirectory) markSafe();
        result = await runAsync(args, options?.signal);
      }
      return check(args, result, options?.allowFailure);
    },
    runSync(args, options) {
      let result = runBlocking(args);
      if (isDubious(result) && !safeDirectory) {
        markSafe();
        result = runBlocking(args);
      }
      return check(args, result, options?.allowFailure);
    },
  };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

function hintFor(stderr: string): string {
  if (/not a git repository/i.test(stderr)) {
    return "check 'working-directory' and that actions/checkout ran before this step";
  }
  if (/ENOENT/.test(stderr)) return 'git is not installed or not on PATH';
  return '';
}
