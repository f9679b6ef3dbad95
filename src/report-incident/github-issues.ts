/**
 * The incident issue on GitHub, through the REST API for issues and comments: find the open one,
 * when the kit last reported on it, open, comment, close. Every call goes through `callGitHub` (the
 * kit's HTTP client and retry policy); a refusal names the permission the job needs.
 */
import { callGitHub, repositoryPath, type GitHubApi, type GitHubHints } from '../lib/github-api.js';
import type { HttpDeps } from '../lib/http.js';
import type { Logger } from '../lib/logger.js';
import { COMMENT_MARKER, type OpenIncident } from './incident.js';

/** What to do about a refusal, said to whoever gave the token (a job's input, or GITHUB_TOKEN); a used-up rate limit needs no action: the monitor runs again. */
const hintsFor = (scope: IssueScope): GitHubHints => ({
  refused: (status) => refusal(status, scope.tokenFrom ?? 'job'),
  rateLimited: 'the next run reports again, or run less often',
});

/** Which repository's issues, and how incident issues are recognised. */
export interface IssueScope {
  api: GitHubApi;
  /** GITHUB_REPOSITORY, owner/name. */
  repository: string;
  /** The label every incident issue carries. */
  label: string;
  /** Where the token came from, for the line a refusal prints: the job's input (default) or GITHUB_TOKEN. */
  tokenFrom?: 'job' | 'environment';
}

/** A new issue, as GitHub returns it. */
export interface CreatedIssue {
  number: number;
  url: string;
  openedAtMs: number;
}

/** Pages of open incident issues read at most (100 each): more open incidents than that is a fault. */
const MAX_PAGES = 10;

/**
 * Returns the open incident issue with this title (or whose body carries `marker`), the oldest when
 * several are open (a warning names them); `undefined` when none is open. An issue closed by hand is
 * not open: the next failure opens a new one rather than reviving it. With `commentWindowStartMs`,
 * also reads the comments since then to find the kit's last report.
 * @throws GitHubError when GitHub refuses or never answers
 */
export async function findOpenIncident(
  scope: IssueScope,
  match: { title: string; marker: string },
  deps: HttpDeps,
  commentWindowStartMs: number | undefined,
): Promise<OpenIncident | undefined> {
  const path = `${repositoryPath(scope.repository)}/issues`;
  const found: ApiIssue[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const query = `state=open&labels=${encodeURIComponent(scope.label)}&per_page=100&page=${page}`;
    const issues = await callGitHub<ApiIssue[]>(
      scope.api,
      { method: 'GET', path, query },
      deps,
      hintsFor(scope),
    );
    // The issues endpoint lists pull requests too; theirs is never an incident.
    found.push(
      ...issues.filter((i) => !i.pull_request && (i.title === match.title || has(i.body, match.marker))),
    );
    if (issues.length < 100) break;
  }
  const [oldest, ...others] = found.sort((a, b) => a.number - b.number);
  if (!oldest) return undefined;
  warnAboutDuplicates(oldest, others, deps.log);
  const openedAtMs = Date.parse(oldest.created_at);
  // The comments matter only to a failure (is one due?); a recovery closes the issue anyway.
  const lastCommentMs =
    commentWindowStartMs === undefined
      ? 0
      : await lastKitComment(scope, oldest.number, commentWindowStartMs, deps);
  const lastReportAtMs = Math.max(openedAtMs, lastCommentMs);
  return { number: oldest.number, url: oldest.html_url, openedAtMs, lastReportAtMs };
}

/**
 * Opens an incident issue with the label.
 * @throws GitHubError when GitHub refuses (a POST is repeated only when it surely never arrived)
 */
export async function openIssue(
  scope: IssueScope,
  issue: { title: string; body: string },
  deps: HttpDeps,
): Promise<CreatedIssue> {
  const path = `${repositoryPath(scope.repository)}/issues`;
  const body = { title: issue.title, body: issue.body, labels: [scope.label] };
  const created = await callGitHub<ApiIssue>(
    scope.api,
    { method: 'POST', path, body },
    deps,
    hintsFor(scope),
  );
  return { number: created.number, url: created.html_url, openedAtMs: Date.parse(created.created_at) };
}

/**
 * Comments on an issue.
 * @throws GitHubError when GitHub refuses
 */
export async function commentOnIssue(
  scope: IssueScope,
  number: number,
  body: string,
  deps: HttpDeps,
): Promise<void> {
  const path = `${repositoryPath(scope.repository)}/issues/${number}/comments`;
  await callGitHub(scope.api, { method: 'POST', path, body: { body } }, deps, hintsFor(scope));
}

/**
 * Closes an issue as completed.
 * @throws GitHubError when GitHub refuses
 */
export async function closeIssue(scope: IssueScope, number: number, deps: HttpDeps): Promise<void> {
  const path = `${repositoryPath(scope.repository)}/issues/${number}`;
  const body = { state: 'closed', state_reason: 'completed' };
  await callGitHub(scope.api, { method: 'PATCH', path, body }, deps, hintsFor(scope));
}

interface ApiIssue {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  created_at: string;
  pull_request?: unknown;
}

interface ApiComment {
  body?: string | null;
  created_at: string;
}

/** The newest kit comment since `sinceMs` (GitHub's `since` filters by update time), or 0. */
async function lastKitComment(
  scope: IssueScope,
  number: number,
  sinceMs: number,
  deps: HttpDeps,
): Promise<number> {
  const path = `${repositoryPath(scope.repository)}/issues/${number}/comments`;
  const query = `since=${encodeURIComponent(new Date(sinceMs).toISOString())}&per_page=100`;
  const comments = await callGitHub<ApiComment[]>(
    scope.api,
    { method: 'GET', path, query },
    deps,
    hintsFor(scope),
  );
  return Math.max(
    0,
    ...comments.filter((c) => has(c.body, COMMENT_MARKER)).map((c) => Date.parse(c.created_at)),
  );
}

function has(body: string | null | undefined, marker: string): boolean {
  return typeof body === 'string' && body.includes(marker);
}

function warnAboutDuplicates(kept: ApiIssue, others: ApiIssue[], log: Logger): void {
  if (others.length === 0) return;
  const numbers = [kept, ...others].map((i) => `#${i.number}`).join(', ');
  log.warning(
    `Several incident issues are open for '${kept.title}' (${numbers}): reporting on #${kept.number}; close the others`,
  );
}

/** What to do when GitHub refuses an issues call. */
function refusal(status: number, tokenFrom: 'job' | 'environment'): string {
  const job = tokenFrom === 'job';
  if (status === 401)
    return job
      ? "the token is not valid: pass the job's github.token as 'token'"
      : 'the token is not valid: set GITHUB_TOKEN to a token of an account that can write issues here';
  if (status === 403 || status === 404)
    return job
      ? "give the job 'issues: write' permission (and the token access to this repository)"
      : 'give GITHUB_TOKEN write access to issues (a fine-grained token: Issues read and write) on this repository';
  if (status === 410) return 'issues are turned off for this repository: turn them on in Settings → General';
  if (status === 422) return "GitHub refused the issue's fields: check input 'label'";
  return 'retry the run; the next scheduled run reports again';
}
