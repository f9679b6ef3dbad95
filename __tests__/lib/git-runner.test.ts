import { execFileSync } from 'node:child_process';
import { createGitRunner, GitError } from '../../src/lib/git-runner.js';
import { tempRepo } from '../support/git.js';

describe('createGitRunner', () => {
  it('retries once with safe.directory when git refuses a repository owned by another user, and says how to fix it', async () => {
    // Tests run as root (CI and the dev machines); a repository owned by 'nobody' is "dubious" to root.
    const repo = tempRepo();
    repo.commit('one', { 'a.txt': '1' });
    execFileSync('chown', ['-R', 'nobody', repo.dir]);
    const warnings: string[] = [];
    const git = createGitRunner(repo.dir, (m) => warnings.push(m), process.env);
    try {
      expect((await git.run(['rev-parse', '--is-inside-work-tree'])).stdout.trim()).toBe('true');
      expect(git.runSync(['branch', '--show-current']).stdout.trim()).toBe('main');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^git refused .* for dubious ownership .*git config --global --add safe.directory/,
      );
    } finally {
      repo.remove();
    }
  });

  it("throws a GitError with the command, exit code and git's first line, unless failure is allowed", async () => {
    const repo = tempRepo();
    const git = createGitRunner(repo.dir, () => undefined, process.env);
    try {
      await expect(git.run(['rev-parse', '--verify', 'nope'])).rejects.toThrow(
        new GitError(['rev-parse', '--verify', 'nope'], 128, 'fatal: Needed a single revision', ''),
      );
      expect((await git.run(['rev-parse', '--verify', 'nope'], { allowFailure: true })).code).toBe(128);
    } finally {
      repo.remove();
    }
  });
});
