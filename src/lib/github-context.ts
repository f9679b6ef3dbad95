import { existsSync, readFileSync } from 'node:fs';

/** What the runner tells an action about the run, read once from the environment and the event file. */
export interface GitHubContext {
  /** GITHUB_EVENT_NAME ('' outside Actions). */
  eventName: string;
  /** The event payload from GITHUB_EVENT_PATH ({} when absent). */
  payload: Record<string, unknown>;
  /** GITHUB_REF, e.g. refs/heads/main. */
  ref: string;
  /** GITHUB_HEAD_REF: the source branch of a pull request. */
  headRef: string;
  /** GITHUB_SHA. */
  sha: string;
  /** GITHUB_REPOSITORY (owner/name). */
  repository: string;
  /** GITHUB_API_URL (default https://api.github.com). */
  apiUrl: string;
  /** GITHUB_SERVER_URL (default https://github.com). */
  serverUrl: string;
  /** GITHUB_WORKFLOW, GITHUB_RUN_ID, GITHUB_RUN_NUMBER, GITHUB_RUN_ATTEMPT, GITHUB_ACTOR. */
  workflow: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  actor: string;
}

/**
 * Reads the run's context from environment variables and the event payload file.
 * @throws Error when GITHUB_EVENT_PATH names a file that is not JSON (a runner fault, not user input)
 */
export function readGitHubContext(env: Record<string, string | undefined>): GitHubContext {
  const eventPath = env.GITHUB_EVENT_PATH ?? '';
  const payload =
    eventPath && existsSync(eventPath)
      ? (JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>)
      : {};
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: payload ?? {},
    ref: env.GITHUB_REF ?? '',
    headRef: env.GITHUB_HEAD_REF ?? '',
    sha: env.GITHUB_SHA ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    workflow: env.GITHUB_WORKFLOW ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runNumber: env.GITHUB_RUN_NUMBER ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    actor: env.GITHUB_ACTOR ?? '',
  };
}
