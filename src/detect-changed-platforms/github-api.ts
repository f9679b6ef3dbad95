/**
 * A pull request's changed files from GitHub's REST API, through the kit's one GitHub client
 * (`callGitHub`: retries, per-attempt timeout, cancellation, rate limits, the token only in a header).
 */
import { callGitHub, type GitHubHints } from '../lib/github-api.js';
import type { HttpDeps, HttpOptions } from '../lib/http.js';
import type { ChangedFile } from './file.js';

/**
 * The GitHub API never lists more than this many files of a pull request; dorny truncates bigger ones
 * silently (dorny/paths-filter#227).
 */
export const PULL_REQUEST_FILES_CAP = 3000;

/** Every failure can be worked around: detect with git instead of asking GitHub. */
const HINTS: GitHubHints = {
  refused: (status) =>
    status === 403 || status === 404 ? "give the job 'pull-requests: read' permission" : 'retry the job',
  rateLimited: 're-run the job after it resets',
  otherwise: "set token: '' to detect changes with git",
};

/** What listing a pull request's files returned. */
export interface PullRequestFiles {
  files: ChangedFile[];
  /** Rows the API returned (a rename is one row but two files). */
  rows: number;
}

interface ApiFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

/**
 * Lists a pull request's changed files, 100 per page, mapping statuses as dorny does: `removed` →
 * `deleted`; `renamed` → the new name `added` and the previous name `deleted`; others verbatim.
 * A 502 or a reset is retried, a page that does not come within the attempt timeout is given up on.
 *
 * @throws GitHubError on a page that is not a 200 (after retries) or never comes, with what to do
 * @throws CancelledError when `deps.signal` aborts
 */
export async function listPullRequestFiles(
  request: { apiUrl: string; owner: string; repo: string; pullNumber: number; token: string },
  deps: HttpDeps,
  options?: HttpOptions,
): Promise<PullRequestFiles> {
  const api = {
    apiUrl: request.apiUrl,
    token: request.token,
    userAgent: 'dokploy-deploy/detect-changed-platforms',
  };
  const path = `/repos/${request.owner}/${request.repo}/pulls/${request.pullNumber}/files`;
  const files: ChangedFile[] = [];
  let rows = 0;
  for (let page = 1; ; page++) {
    const query = `per_page=100&page=${page}`;
    const items = await callGitHub<ApiFile[]>(
      api,
      { method: 'GET', path, query, ok: [200] },
      deps,
      HINTS,
      options,
    );
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
