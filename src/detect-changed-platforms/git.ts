/**
 * The git side of change detection: resolving refs, fetching just enough history, and diffing
 * (dorny/paths-filter's `src/git.ts`: `--no-renames`, origin's refs first, a deepening fetch until a
 * merge base exists). Every function takes the runner, so tests use real repos.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../lib/errors.js';
import type { GitResult, GitRunner } from '../lib/git-runner.js';
import type { Logger } from '../lib/logger.js';
import { parseFileList, parseNameStatus, type ChangedFile } from './file.js';
import { isGitSha } from './strategy.js';

/**
 * Checks that the runner's directory is inside a git work tree, before any comparison. A checkout
 * (a .git entry in the directory or above it, none of them inside a .git directory) passes without
 * asking git: a git process here delays the diff by 3-5 ms (issue #15), and git's own commands say
 * what is wrong with a broken .git.
 * @throws InputError naming 'working-directory' when it is not
 */
export function checkRepository(git: GitRunner): GitRunner {
  if (!git.repositoryFromEnv && hasDotGitAbove(git.cwd)) return git;
  const result = git.runSync(['rev-parse', '--is-inside-work-tree'], { allowFailure: true });
  if (result.code !== 0 || result.stdout.trim() !== 'true') {
    throw new InputError(
      "Input 'working-directory'",
      git.cwd,
      'is not inside a git repository; run actions/checkout before this step or point working-directory at the checkout',
    );
  }
  return git;
}

/** Whether `dir` or a directory above it holds a .git entry, and none of them is a .git directory itself. */
function hasDotGitAbove(dir: string): boolean {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (basename(at) === '.git') return false;
    if (existsSync(join(at, '.git'))) return true;
    if (dirname(at) === at) return false;
  }
}

/** The checked-out branch, else an exact tag, else the HEAD commit. */
export function getCurrentRef(git: GitRunner): string {
  const branch = git.runSync(['branch', '--show-current'], { allowFailure: true });
  if (branch.code === 0 && branch.stdout.trim()) return branch.stdout.trim();
  const tag = git.runSync(['describe', '--tags', '--exact-match'], { allowFailure: true });
  if (tag.code === 0 && tag.stdout.trim()) return tag.stdout.trim();
  return git.runSync(['rev-parse', 'HEAD']).stdout.trim();
}

/** Uncommitted changes (index and working tree) against HEAD. */
export async function getWorktreeChanges(git: GitRunner): Promise<ChangedFile[]> {
  return parseNameStatus((await git.run(['diff', '--no-renames', '--name-status', '-z', 'HEAD'])).stdout);
}

/** Every tracked file, as added. */
export async function getAllFiles(git: GitRunner): Promise<ChangedFile[]> {
  return parseFileList((await git.run(['ls-files', '-z'])).stdout);
}

/**
 * `git diff base..head`, fetching either end from origin when it is missing locally. A base given
 * as a commit (a push's `before`) is first tried the quick way (`tryDiffWithHead`).
 */
export async function getTwoDotChanges(
  git: GitRunner,
  base: string,
  head: string,
  log: Logger,
): Promise<ChangedFile[]> {
  const quick = isGitSha(base) ? await tryDiffWithHead(git, base, head) : undefined;
  if (quick) return quick;
  const [baseFound, headFound] = await Promise.all([
    getLocalRef(git, base),
    head ? getLocalRef(git, head) : undefined,
  ]);
  const baseRef = baseFound ?? (await fetchRef(git, base, 'base', log));
  if (!head) return diff(git, `${baseRef}..HEAD`);
  // A fetch of the base may bring the head too (tags): after one, the head is looked up again.
  const headRef =
    (baseFound ? headFound : await getLocalRef(git, head)) ?? (await fetchRef(git, head, 'ref', log));
  return diff(git, `${baseRef}..${headRef}`);
}

/**
 * On a push the base is a commit and the head the pushed branch, which actions/checkout leaves as
 * origin's: `getLocalRef` takes origin's branch first, so the diff of the base and origin's branch
 * is the answer, in one git process (the lookup beside it cost 4 ms, issue #15). Without that
 * branch, the diff of the base and HEAD starts at once, while the head is looked up, and is the
 * answer when the head is HEAD, a commit given by its SHA, or a branch or tag at HEAD's commit (the
 * same two commits). `^{commit}` makes git refuse what the lookups would not find here (a missing
 * commit, a tree). `undefined` when it is not the answer.
 */
async function tryDiffWithHead(
  git: GitRunner,
  base: string,
  head: string,
): Promise<ChangedFile[] | undefined> {
  const byCommit = head === '' || isGitSha(head);
  if (!byCommit) {
    const range = `${base}^{commit}..${originBranch(head)}^{commit}`;
    const viaOrigin = await git.run(diffArgs(range), { allowFailure: true });
    if (viaOrigin.code === 0) return parseNameStatus(viaOrigin.stdout);
  }
  const early = startDiff(git, `${base}^{commit}..${isGitSha(head) ? `${head}^{commit}` : 'HEAD'}`);
  const same = byCommit || (await findRef(git, head)).atHead;
  const result = same ? await early.result : early.stop();
  return result?.code === 0 ? parseNameStatus(result.stdout) : undefined;
}

/**
 * Changes on `head` since its merge base with `base`. Fetches `initialDepth` commits of both, then
 * deepens (doubling) until a merge base appears or history runs out; without one, falls back to a
 * two-dot diff with a warning (files only on base then show as deleted, as in dorny).
 */
export async function getMergeBaseChanges(
  git: GitRunner,
  range: { base: string; head: string; initialDepth: number },
  log: Logger,
): Promise<ChangedFile[]> {
  const { base, head, initialDepth } = range;
  let baseRef = await getLocalRef(git, base);
  let headRef = await getLocalRef(git, head);
  if (!baseRef || !headRef || !(await mergeBase(git, baseRef, headRef))) {
    await git.run(['fetch', '--no-tags', `--depth=${initialDepth}`, 'origin', base, head], {
      allowFailure: true,
    });
    baseRef = await getLocalRef(git, base);
    headRef = await getLocalRef(git, head);
    if (!baseRef || !headRef) {
      await git.run(['fetch', '--tags', '--depth=1', 'origin', base, head], { allowFailure: true });
      baseRef = await getLocalRef(git, base);
      headRef = await getLocalRef(git, head);
      if (!baseRef) throw unresolved('base', base);
      if (!headRef) throw unresolved('ref', head);
    }
    let depth = initialDepth;
    let commits = await countCommits(git);
    while (!(await mergeBase(git, baseRef, headRef))) {
      depth = Math.min(depth * 2, Number.MAX_SAFE_INTEGER);
      await git.run(['fetch', `--deepen=${depth}`, 'origin', base, head], { allowFailure: true });
      const after = await countCommits(git);
      if (after <= commits) {
        log.info('No more commits were fetched; last attempt: fetch the full history');
        await git.run(['fetch', '--no-tags', 'origin'], { allowFailure: true });
        break;
      }
      commits = after;
    }
  }
  const found = await mergeBase(git, baseRef, headRef);
  if (!found) {
    log.warning(
      `No merge base found between ${base} and ${head} - change detection will use a direct ${base}..${head} comparison`,
    );
    return diff(git, `${baseRef}..${headRef}`);
  }
  return diff(git, `${found}..${headRef}`);
}

/**
 * The last commit of `head` against its first parent. Unlike dorny's `git log -n 1`, a merge
 * commit lists what it brought in, and a depth-1 clone fetches the parent instead of listing
 * every file as added; only a real root commit lists its files as added.
 */
export async function getLastCommitChanges(
  git: GitRunner,
  head: string,
  log: Logger,
): Promise<ChangedFile[]> {
  const headRef = (await getLocalRef(git, head)) ?? 'HEAD';
  if (headRef === 'HEAD' && head) log.debug(`'${head}' is not a local ref; using the checked-out commit`);
  const commit = (await git.run(['rev-parse', `${headRef}^{commit}`])).stdout.trim();
  if (!(await hasParent(git, commit))) {
    const shallow = (await git.run(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
    if (shallow) {
      log.info(`The checkout is shallow: fetching the parent of ${commit.slice(0, 12)}`);
      await git.run(['fetch', '--no-tags', '--deepen=1', 'origin', commit], { allowFailure: true });
    }
    if (!(await hasParent(git, commit))) {
      if (shallow) {
        log.warning(
          `Could not fetch the parent of ${commit.slice(0, 12)} from origin; listing the files of that commit as added`,
        );
      }
      return parseFileList((await git.run(['ls-tree', '-r', '-z', '--name-only', commit])).stdout);
    }
  }
  return diff(git, `${commit}^1..${commit}`);
}

/**
 * Resolves a name to a local ref as dorny does: a SHA must exist as a commit; a name must be an exact
 * branch, tag or origin remote branch, and `refs/remotes/origin/<name>` wins over the local branch.
 */
export async function getLocalRef(git: GitRunner, name: string): Promise<string | undefined> {
  return (await findRef(git, name)).ref;
}

/** `getLocalRef`'s answer, and whether a branch or tag found points at HEAD's commit. */
async function findRef(git: GitRunner, name: string): Promise<{ ref: string | undefined; atHead: boolean }> {
  if (isGitSha(name)) {
    const found = (await git.run(['cat-file', '-e', `${name}^{commit}`], { allowFailure: true })).code === 0;
    return { ref: found ? name : undefined, atHead: false };
  }
  // `--head` adds HEAD's line, which no candidate below is named.
  const result = await git.run(['show-ref', '--head', name], { allowFailure: true });
  const lines = result.stdout.split('\n').map((line) => line.trim().split(' '));
  const ref = [originBranch(name), `refs/heads/${name}`, `refs/tags/${name}`].find((candidate) =>
    lines.some(([, refName]) => refName === candidate),
  );
  const commitOf = (refName: string): string | undefined => lines.find(([, n]) => n === refName)?.[0];
  return { ref, atHead: ref !== undefined && commitOf(ref) === commitOf('HEAD') };
}

/** origin's branch `name`, which `getLocalRef` takes before a local branch or tag. */
function originBranch(name: string): string {
  return `refs/remotes/origin/${name}`;
}

/** Fetches a ref that is not available locally from origin (without, then with tags) and resolves it. */
async function fetchRef(git: GitRunner, name: string, input: 'base' | 'ref', log: Logger): Promise<string> {
  log.info(`${name} is not available locally: fetching it from origin`);
  await git.run(['fetch', '--depth=1', '--no-tags', 'origin', name], { allowFailure: true });
  let ref = await getLocalRef(git, name);
  if (ref) return ref;
  await git.run(['fetch', '--depth=1', '--tags', 'origin', name], { allowFailure: true });
  ref = await getLocalRef(git, name);
  if (ref) return ref;
  throw unresolved(input, name);
}

function unresolved(input: 'base' | 'ref', name: string): InputError {
  return new InputError(
    input === 'base' ? 'The base' : 'The head ref',
    name,
    `it is not a branch, tag or commit here, even after fetching from origin; check the '${input}' input (or the event) and the checkout`,
  );
}

async function diff(git: GitRunner, range: string): Promise<ChangedFile[]> {
  return parseNameStatus((await git.run(diffArgs(range))).stdout);
}

function diffArgs(range: string): string[] {
  return ['diff', '--no-renames', '--name-status', '-z', range];
}

/** Starts a diff that may not be needed: `stop` ends it (and gives `undefined`). */
function startDiff(git: GitRunner, range: string): { result: Promise<GitResult>; stop(): undefined } {
  const stopper = new AbortController();
  const result = git.run(diffArgs(range), { allowFailure: true, signal: stopper.signal });
  return { result, stop: () => void stopper.abort() };
}

async function mergeBase(git: GitRunner, base: string, head: string): Promise<string | undefined> {
  const result = await git.run(['merge-base', base, head], { allowFailure: true });
  return result.code === 0 ? result.stdout.trim() || undefined : undefined;
}

async function countCommits(git: GitRunner): Promise<number> {
  return Number((await git.run(['rev-list', '--count', '--all'], { allowFailure: true })).stdout.trim()) || 0;
}

async function hasParent(git: GitRunner, commit: string): Promise<boolean> {
  return (
    (await git.run(['rev-parse', '--verify', '--quiet', `${commit}^1`], { allowFailure: true })).code === 0
  );
}
