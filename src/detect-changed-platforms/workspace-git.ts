/**
 * The git half of workspace platforms: the checkout's files for the workspace graph, and a
 * lockfile's text at the comparison's base and head (`git show <ref>:<path>`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitRunner } from '../lib/git-runner.js';
import type { RepoFiles } from '../lib/workspaces.js';
import { getLocalRef } from './git.js';
import { attributeLockfileChange, type Lockfile, type LockfileChange } from './lockfiles.js';
import type { Strategy } from './strategy.js';
import type { LockfileReader, WorkspaceResolution } from './workspace-platforms.js';

/**
 * The checkout's files as git lists them (tracked and untracked, not ignored), read through git's
 * working tree; nothing runs until `files` is first read.
 */
export function checkoutFiles(git: () => GitRunner): RepoFiles {
  let files: string[] | undefined;
  return {
    get files() {
      files ??= git()
        .runSync(['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
        .stdout.split('\0')
        .filter((f) => f !== '');
      return files;
    },
    read: (path) => readWorktree(git(), path),
  };
}

/**
 * Reads a changed lockfile at the comparison's base and head and attributes the change; a
 * comparison without a base (every file, a manual selection) or refs git cannot show is
 * unattributed.
 */
export function lockfileReader(
  git: () => GitRunner,
  strategy: Strategy | undefined,
  resolution: WorkspaceResolution,
): LockfileReader {
  return async (lockfile: Lockfile): Promise<LockfileChange> => {
    const workspace = resolution.workspace;
    const ends = strategy && workspace ? await endsOf(git(), strategy) : undefined;
    if (!ends || !workspace) return { type: 'unattributed', why: 'the comparison has no base to read it at' };
    const at = (ref: string | undefined): string | undefined =>
      ref === undefined ? readWorktree(git(), lockfile) : show(git(), ref, lockfile);
    return attributeLockfileChange(lockfile, at(ends.base), at(ends.head), workspace);
  };
}

/** The commits a strategy compares (`head` undefined: the working tree); undefined without a base. */
async function endsOf(
  git: GitRunner,
  strategy: Strategy,
): Promise<{ base: string; head: string | undefined } | undefined> {
  const local = async (name: string): Promise<string | undefined> => (name ? getLocalRef(git, name) : 'HEAD');
  switch (strategy.kind) {
    case 'worktree':
      return { base: 'HEAD', head: undefined };
    case 'all-files':
      return undefined;
    case 'last-commit': {
      const head = await local(strategy.head);
      return head ? { base: `${head}^`, head } : undefined;
    }
    case 'two-dot': {
      const [base, head] = [await local(strategy.base), await local(strategy.head)];
      return base && head ? { base, head } : undefined;
    }
    case 'merge-base':
    case 'api': {
      const [baseName, headName] =
        strategy.kind === 'api' ? [strategy.baseSha, strategy.headSha] : [strategy.base, strategy.head];
      const [base, head] = [await local(baseName), await local(headName)];
      if (!base) return undefined;
      if (!head) return { base, head: undefined };
      const found = await git.run(['merge-base', base, head], { allowFailure: true });
      return { base: found.code === 0 ? found.stdout.trim() : base, head };
    }
  }
}

function show(git: GitRunner, ref: string, path: string): string | undefined {
  const result = git.runSync(['show', `${ref}:./${path}`], { allowFailure: true });
  return result.code === 0 ? result.stdout : undefined;
}

/** A file of the working tree (paths relative to the runner's directory, as ls-files lists them). */
function readWorktree(git: GitRunner, path: string): string | undefined {
  try {
    return readFileSync(join(git.cwd, path), 'utf8');
  } catch {
    return undefined;
  }
}
