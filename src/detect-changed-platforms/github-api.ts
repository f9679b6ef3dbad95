import { KitError } from '../lib/errors.js';
import { NetworkError, sendRequest, type HttpDeps, type HttpOptions } from '../lib/http.js';
import { DEFAULT_RETRY_POLICY } from '../lib/retry.js';
import type { ChangedFile } from './file.js';

/**
 * The GitHub API never lists more than this many files of a pull request; dorny truncates bigger ones
 * silently (dorny/paths-filter#227).
 */
export const PULL_REQUEST_FILES_CAP = 3000;

/** How GitHub's API is asked: the kit's retry policy, 30 s per attempt. */
export const GITHUB_HTTP_OPTIONS: HttpOptions = Object.freeze({
  policy: DEFAULT_RETRY_POLICY,
  attemptTimeoutMs: 30_000,
});

/** A page of 100 files is a few tens of KB; this only bounds a broken answer. */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

/**
 * Thrown when the GitHub API refuses the file list (`status` is its answer) or never answers
 * (`status` 0, `detail` says why); says which permission or input fixes it.
 */
export class GitHubApiError extends KitError {
  override name = 'GitHubApiError';
  constructor(
    readonly path: string,
    readonly status: number,
    detail: string,
  ) {
    super(
      `GitHub GET ${path} ${status === 0 ? `failed (${detail})` : `answered ${status}${detail ? ` ${detail}` : ''}`}: ` +
        (status === 403 || status === 404
          ? "give the job 'pull-requests: read' permission, or set token: '' to detect changes with git"
          : status === 0
            ? "check that the runner reaches the GitHub API (behind a proxy, set HTTPS_PROXY), or set token: '' to detect changes with git"
            : "retry the job, or set token: '' to detect changes with git"),
    );
  }
}

/** What listing a pull request's files returned. */
export interface PullRequestFiles {
  files: ChangedFile[];
  /** Rows the API returned (a rename is one row but two files). */
  rows: number;
}

/**
 * Lists a pull request's changed files, 100 per page, mapping statuses as dorny does: `removed` →
 * `deleted`; `renamed` → the new name `added` and the previous name `deleted`; others verbatim.
 * Each page goes through the kit's HTTP client: a 502 or a reset is retried, a page that does not
 * come within `options.attemptTimeoutMs` is given up on.
 *
 * @throws GitHubApiError on a page that is not a 200 (after retries) or never comes (the token is
 *   never part of the message)
 * @throws CancelledError when `deps.signal` aborts
 */
export async function listPullRequestFiles(
  request: { apiUrl: string; owner: string; repo: string; pullNumber: number; token: string },
  deps: HttpDeps,
  options: HttpOptions = GITHUB_HTTP_OPTIONS,
): Promise<PullRequestFiles> {
  const files: ChangedFile[] = [];
  let rows = 0;
  const path = `/repos/${request.owner}/${request.repo}/pulls/${request.pullNumber}/files`;
  for (let page = 1; ; page++) {
    const items = await getPage(request, path, page, deps, options);
    for (const item of items) {
      rows++;
      if (item.status === 'renamed') {
        files.push({ filename: item.filename, status: 'added' });
        if (item.previous_filename) files.push({ filename: item.previous_filename, status: 'deleted' });
      } else {
        files.push({ filename: item.filename, status: item.status === 'removed' ? 'deleted' : item.status });
      }
    }
    if (items.length < 100 || rows >= PULL_REQUEST_FILES_CAP) break;
  }
  return { files, rows };
}

interface ApiFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

async function getPage(
  request: { apiUrl: string; token: string },
  path: string,
  page: number,
  deps: HttpDeps,
  options: HttpOptions,
): Promise<ApiFile[]> {
  try {
    const response = await sendRequest(
      {
        method: 'GET',
        url: `${request.apiUrl.replace(/\/$/, '')}${path}?per_page=100&page=${page}`,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${request.token}`,
          'user-agent': 'dokploy-deploy/detect-changed-platforms',
          'x-github-api-version': '2022-11-28',
        },
        idempotent: true,
        label: `GitHub GET ${path}`,
        maxBytes: MAX_PAGE_BYTES,
      },
      options,
      deps,
    );
    if (response.status !== 200) throw new GitHubApiError(path, response.status, messageOf(response.text));
    return JSON.parse(response.text) as ApiFile[];
  } catch (error) {
    if (error instanceof NetworkError) {
      const tries = error.attempts === 1 ? '1 attempt' : `${error.attempts} attempts`;
      throw new GitHubApiError(path, 0, `${error.reason}, ${tries}`);
    }
    throw error;
  }
}

function messageOf(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? `(${message.split('\n')[0]})` : '';
  } catch {
    return '';
  }
}
