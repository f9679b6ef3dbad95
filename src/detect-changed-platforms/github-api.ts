import { KitError } from '../lib/errors.js';
import type { ChangedFile } from './file.js';

/** The GitHub API never lists more than this many files of a pull request (spec §6, #227). */
export const PULL_REQUEST_FILES_CAP = 3000;

/** Thrown when the GitHub API refuses the file list; says which permission or input fixes it. */
export class GitHubApiError extends KitError {
  override name = 'GitHubApiError';
  constructor(
    readonly path: string,
    readonly status: number,
    detail: string,
  ) {
    super(
      `GitHub GET ${path} answered ${status}${detail ? ` ${detail}` : ''}: ` +
        (status === 403 || status === 404
          ? "give the job 'pull-requests: read' permission, or set token: '' to detect changes with git"
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
 * Only this path needs the network, so `fetch` is the only dependency.
 *
 * @throws GitHubApiError on any non-200 page (the token is never part of the message)
 */
export async function listPullRequestFiles(
  request: { apiUrl: string; owner: string; repo: string; pullNumber: number; token: string },
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<PullRequestFiles> {
  const files: ChangedFile[] = [];
  let rows = 0;
  const path = `/repos/${request.owner}/${request.repo}/pulls/${request.pullNumber}/files`;
  for (let page = 1; ; page++) {
    const response = await fetchImpl(
      `${request.apiUrl.replace(/\/$/, '')}${path}?per_page=100&page=${page}`,
      {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${request.token}`,
          'user-agent': 'dokploy-deploy/detect-changed-platforms',
          'x-github-api-version': '2022-11-28',
        },
        signal,
      },
    );
    if (response.status !== 200) {
      const body = await response.text().catch(() => '');
      throw new GitHubApiError(path, response.status, messageOf(body));
    }
    const items = (await response.json()) as {
      filename: string;
      status: string;
      previous_filename?: string;
    }[];
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

function messageOf(body: string): string {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === 'string' ? `(${message.split('\n')[0]})` : '';
  } catch {
    return '';
  }
}
