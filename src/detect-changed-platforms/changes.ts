import type { Clock } from '../lib/clock.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { FetchLike } from '../lib/http.js';
import type { Logger } from '../lib/logger.js';
import type { ChangedFile } from './file.js';
import {
  getAllFiles,
  getLastCommitChanges,
  getMergeBaseChanges,
  getTwoDotChanges,
  getWorktreeChanges,
} from './git.js';
import { listPullRequestFiles, PULL_REQUEST_FILES_CAP } from './github-api.js';
import type { Strategy } from './strategy.js';

/** What `getChangedFiles` needs besides the strategy. */
export interface ChangeDeps {
  /** Runs git in the working directory; created lazily so the API path needs no checkout. */
  git: () => GitRunner;
  /** The GitHub API path's transport and the clock of its retries. */
  fetch: FetchLike;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal | undefined;
}

/** The changed files and how they were found. */
export interface DetectedChanges {
  files: ChangedFile[];
  /** 'git' or 'api' (or 'git (API cap)' after the 3,000-file fallback). */
  source: string;
}

/**
 * Lists the changed files for a strategy. On the API path, a pull request with more files than the
 * API lists (3,000) is detected with git instead, and the log says so (dorny truncates silently).
 */
export async function getChangedFiles(
  strategy: Strategy,
  options: { apiUrl: string; token: string; initialFetchDepth: number },
  deps: ChangeDeps,
): Promise<DetectedChanges> {
  const { log } = deps;
  switch (strategy.kind) {
    case 'worktree':
      return { files: await getWorktreeChanges(deps.git()), source: 'git' };
    case 'all-files':
      return { files: await getAllFiles(deps.git()), source: 'git' };
    case 'two-dot':
      return { files: await getTwoDotChanges(deps.git(), strategy.base, strategy.head, log), source: 'git' };
    case 'merge-base':
      return {
        files: await getMergeBaseChanges(
          deps.git(),
          { ...strategy, initialDepth: options.initialFetchDepth },
          log,
        ),
        source: 'git',
      };
    case 'last-commit':
      return { files: await getLastCommitChanges(deps.git(), strategy.head, log), source: 'git' };
    case 'api': {
      const listed = await listPullRequestFiles(
        { apiUrl: options.apiUrl, token: options.token, ...strategy },
        { clock: deps.clock, fetch: deps.fetch, log, signal: deps.signal },
      );
      const truncated = listed.rows >= PULL_REQUEST_FILES_CAP || strategy.changedFiles > listed.rows;
      if (!truncated) return { files: listed.files, source: 'api' };
      log.warning(
        `The GitHub API lists at most ${PULL_REQUEST_FILES_CAP} files of a pull request and #${strategy.pullNumber} changes ${strategy.changedFiles || 'more'}: detecting the changes with git instead`,
      );
      try {
        const files = await getMergeBaseChanges(
          deps.git(),
          { base: strategy.baseSha, head: strategy.headSha, initialDepth: options.initialFetchDepth },
          log,
        );
        return { files, source: 'git (API cap)' };
      } catch (error) {
        log.warning(
          `Could not detect the changes with git (${error instanceof Error ? error.message : String(error)}); using the API's first ${listed.rows} files, so some changes may be missed. Check out the repository before this step to avoid this.`,
        );
        return { files: listed.files, source: 'api (truncated)' };
      }
    }
  }
}
