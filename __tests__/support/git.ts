import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throwaway git repository in a temp directory. */
export interface TempRepo {
  dir: string;
  /** Runs git in the repo and returns trimmed stdout. */
  git(...args: string[]): string;
  /** Writes files (path → content; `null` deletes) without committing. */
  write(files: Record<string, string | null>): void;
  /** Writes files and commits them; returns the new commit's sha. */
  commit(message: string, files: Record<string, string | null>): string;
  /** Removes the directory. */
  remove(): void;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Kit Test',
  GIT_AUTHOR_EMAIL: 'kit@example.test',
  GIT_COMMITTER_NAME: 'Kit Test',
  GIT_COMMITTER_EMAIL: 'kit@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Creates a repository on branch `branch` (default main). */
export function tempRepo(branch = 'main', dir = mkdtempSync(join(tmpdir(), 'kit-repo-'))): TempRepo {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, maxBuffer: 1 << 28 })
      .toString()
      .trim();
  git('init', '-q', '-b', branch);
  git('config', 'commit.gpgsign', 'false');
  const write = (files: Record<string, string | null>): void => {
    for (const [path, content] of Object.entries(files)) {
      const full = join(dir, path);
      if (content === null) rmSync(full, { force: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
  };
  return {
    dir,
    git,
    write,
    commit(message, files) {
      write(files);
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Clones `source` the way actions/checkout does (init + remote add + fetch of one ref at a depth),
 * so `origin/<branch>` refs exist and the clone can be shallow.
 */
export function checkoutClone(source: TempRepo, ref: string, depth: number | undefined): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'kit-clone-'));
  const clone = tempRepo('main', dir);
  clone.git('remote', 'add', 'origin', `file://${source.dir}`);
  const depthArgs = depth === undefined ? [] : [`--depth=${depth}`];
  clone.git(
    'fetch',
    '-q',
    '--no-tags',
    ...depthArgs,
    'origin',
    `+refs/heads/${ref}:refs/remotes/origin/${ref}`,
  );
  clone.git('checkout', '-q', '-B', ref, `refs/remotes/origin/${ref}`);
  return clone;
}
