/** A repository's files on disk, as `readLayout` reads them (the I/O half of `init`'s reading). */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RepoFiles } from '../lib/workspaces.js';

/**
 * The repository's files: git's list (tracked and untracked, without what .gitignore leaves out) in a
 * git repository, else a walk that skips .git and node_modules.
 */
export function repoFiles(dir: string): RepoFiles {
  let files: string[];
  try {
    const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 1 << 28,
    });
    // In a subfolder of a repository, git lists paths relative to that folder already.
    files = [...new Set(listed.split('\0').filter((f) => f !== ''))];
  } catch {
    files = walk(dir, dir);
  }
  return {
    files,
    read: (path) => {
      try {
        return readFileSync(join(dir, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

function walk(root: string, dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === '.git' || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(root, path) : [relative(root, path).split('\\').join('/')];
  });
}
