import { createGitRunner } from '../../src/lib/git-runner.js';
import {
  checkRepository,
  getAllFiles,
  getCurrentRef,
  getLastCommitChanges,
  getLocalRef,
  getMergeBaseChanges,
  getTwoDotChanges,
  getWorktreeChanges,
} from '../../src/detect-changed-platforms/git.js';
import { recordingLogger } from '../support/logger.js';
import { checkoutClone, tempRepo, type TempRepo } from '../support/git.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repos: TempRepo[] = [];
const track = (repo: TempRepo): TempRepo => (repos.push(repo), repo);
afterAll(() => repos.forEach((r) => r.remove()));

const runner = (repo: TempRepo) => createGitRunner(repo.dir, () => undefined, process.env);

/** origin: main with 3 commits, feature branched from the 2nd with 2 commits of its own. */
function origin(): { repo: TempRepo; first: string; second: string } {
  const repo = track(tempRepo('main'));
  const first = repo.commit('one', { 'infrastructure/a.txt': '1', 'README.md': 'r' });
  const second = repo.commit('two', { 'bizoholic-platform/b.txt': '1' });
  repo.git('checkout', '-q', '-b', 'feature');
  repo.commit('f1', { 'coreldove-platform/c.txt': '1' });
  repo.commit('f2', { 'shared/frontend/s.ts': '1', 'README.md': null });
  repo.git('checkout', '-q', 'main');
  repo.commit('three', { 'management-platform/m.txt': '1' });
  return { repo, first, second };
}

describe('git change listing against real repositories', () => {
  it('two-dot lists changes between two commits with git statuses, renames as delete + add', async () => {
    const repo = track(tempRepo());
    const base = repo.commit('base', { 'a/old.txt': 'same content here', 'b.txt': '1' });
    repo.git('mv', 'a/old.txt', 'a/new.txt');
    const head = repo.commit('head', { 'b.txt': '2', 'c.txt': 'new' });
    const files = await getTwoDotChanges(runner(repo), base, head, recordingLogger());
    expect(files).toEqual([
      { filename: 'a/new.txt', status: 'added' },
      { filename: 'a/old.txt', status: 'deleted' },
      { filename: 'b.txt', status: 'modified' },
      { filename: 'c.txt', status: 'added' },
    ]);
  });

  it('two-dot from a commit compares with the named head, also when HEAD is elsewhere or it is a tag', async () => {
    // The diff with HEAD that starts before the head is looked up counts only when the head is at HEAD.
    const repo = track(tempRepo());
    const base = repo.commit('base', { 'a.txt': '1' });
    const onMain = repo.commit('on main', { 'main.txt': '1' });
    repo.git('tag', '-a', '-m', 'annotated', 'v1');
    repo.git('checkout', '-q', '-b', 'other', base);
    repo.commit('on other', { 'other.txt': '1' });
    const changed = async (from: string, head: string) =>
      (await getTwoDotChanges(runner(repo), from, head, recordingLogger())).map((f) => f.filename);
    expect(await changed(base, 'main')).toEqual(['main.txt']);
    expect(await changed(base, 'v1')).toEqual(['main.txt']);
    expect(await changed(base, onMain)).toEqual(['main.txt']);
    expect(await changed(base, 'other')).toEqual(['other.txt']);
    expect(await changed(base, '')).toEqual(['other.txt']);
    repo.git('checkout', '-q', 'v1');
    expect(await changed(base, 'v1')).toEqual(['main.txt']);
    expect(await changed(base, 'other')).toEqual(['other.txt']);
    // A tree is no base, though git could diff it: the lookups' answer stands.
    const tree = repo.git('rev-parse', `${base}^{tree}`);
    await expect(changed(tree, 'main')).rejects.toThrow(
      `The base is '${tree}': it is not a branch, tag or commit here`,
    );
  });

  it("two-dot from a commit compares with origin's branch first, though HEAD and the local branch are elsewhere", async () => {
    const { repo, first } = origin();
    const clone = track(checkoutClone(repo, 'main', undefined));
    // The local main and HEAD move on; origin's main (what dorny's lookup takes first) stays.
    clone.commit('local only', { 'local.txt': '1' });
    const changed = async (head: string) =>
      (await getTwoDotChanges(runner(clone), first, head, recordingLogger())).map((f) => f.filename);
    expect(await changed('main')).toEqual(['bizoholic-platform/b.txt', 'management-platform/m.txt']);
    expect(await changed('')).toEqual(['bizoholic-platform/b.txt', 'local.txt', 'management-platform/m.txt']);
  });

  it('merge-base lists only what the branch changed since it forked (a shallow clone is deepened)', async () => {
    const { repo } = origin();
    const clone = track(checkoutClone(repo, 'feature', 1));
    const log = recordingLogger();
    const files = await getMergeBaseChanges(
      runner(clone),
      { base: 'main', head: 'feature', initialDepth: 1 },
      log,
    );
    expect(files).toEqual([
      { filename: 'README.md', status: 'deleted' },
      { filename: 'coreldove-platform/c.txt', status: 'added' },
      { filename: 'shared/frontend/s.ts', status: 'added' },
    ]);
    expect(clone.git('rev-parse', '--is-shallow-repository')).toBe('true');
  });

  it('prefers refs/remotes/origin/<name> over the local branch, as dorny does', async () => {
    const { repo } = origin();
    const clone = track(checkoutClone(repo, 'main', undefined));
    clone.git('branch', '-f', 'feature', 'HEAD');
    clone.git('fetch', '-q', 'origin', '+refs/heads/feature:refs/remotes/origin/feature');
    expect(await getLocalRef(runner(clone), 'feature')).toBe('refs/remotes/origin/feature');
    expect(await getLocalRef(runner(clone), 'nope')).toBeUndefined();
  });

  it('fetches a base that is missing locally, then fails clearly when origin does not have it', async () => {
    const { repo, first } = origin();
    const clone = track(checkoutClone(repo, 'main', 1));
    const files = await getTwoDotChanges(runner(clone), first, '', recordingLogger());
    expect(files.map((f) => f.filename)).toEqual(['bizoholic-platform/b.txt', 'management-platform/m.txt']);
    await expect(getTwoDotChanges(runner(clone), 'no-such-branch', '', recordingLogger())).rejects.toThrow(
      "The base is 'no-such-branch': it is not a branch, tag or commit here, even after fetching from origin; check the 'base' input (or the event) and the checkout",
    );
  });

  it('the last commit of a merge lists what the merge brought in (dorny lists nothing)', async () => {
    const { repo } = origin();
    repo.git('merge', '-q', '--no-ff', '-m', 'merge feature', 'feature');
    const files = await getLastCommitChanges(runner(repo), 'main', recordingLogger());
    expect(files).toEqual([
      { filename: 'README.md', status: 'deleted' },
      { filename: 'coreldove-platform/c.txt', status: 'added' },
      { filename: 'shared/frontend/s.ts', status: 'added' },
    ]);
  });

  it('the last commit in a depth-1 clone fetches its parent instead of listing every file', async () => {
    const { repo } = origin();
    const clone = track(checkoutClone(repo, 'main', 1));
    const log = recordingLogger();
    const files = await getLastCommitChanges(runner(clone), 'main', log);
    expect(files).toEqual([{ filename: 'management-platform/m.txt', status: 'added' }]);
    expect(log.text()).toMatch(/The checkout is shallow: fetching the parent of/);
  });

  it('the last commit of a root commit lists its files as added', async () => {
    const repo = track(tempRepo());
    repo.commit('root', { 'a.txt': '1', 'b/c.txt': '2' });
    expect(await getLastCommitChanges(runner(repo), 'main', recordingLogger())).toEqual([
      { filename: 'a.txt', status: 'added' },
      { filename: 'b/c.txt', status: 'added' },
    ]);
  });

  it('lists uncommitted changes for base HEAD and every file for an initial push', async () => {
    const repo = track(tempRepo());
    repo.commit('root', { 'a.txt': '1', 'b.txt': '1' });
    repo.write({ 'a.txt': '2', 'b.txt': null, 'untracked.txt': 'x' });
    repo.git('add', 'a.txt');
    expect(await getWorktreeChanges(runner(repo))).toEqual([
      { filename: 'a.txt', status: 'modified' },
      { filename: 'b.txt', status: 'deleted' },
    ]);
    expect((await getAllFiles(runner(repo))).map((f) => f.filename)).toEqual(['a.txt', 'b.txt']);
  });

  it('a checkout passes from any directory below it; a .git directory, or GIT_DIR, is left to git to judge', () => {
    const repo = track(tempRepo());
    repo.commit('one', { 'a/b/c.txt': '1' });
    const at =
      (dir: string, env: NodeJS.ProcessEnv = process.env) =>
      () =>
        checkRepository(createGitRunner(dir, () => undefined, env));
    expect(at(join(repo.dir, 'a', 'b'))).not.toThrow();
    // Inside .git there is no work tree, though a .git entry is above.
    expect(at(join(repo.dir, '.git', 'objects'))).toThrow(
      `Input 'working-directory' is '${join(repo.dir, '.git', 'objects')}': is not inside a git repository; run actions/checkout before this step or point working-directory at the checkout`,
    );
    // GIT_DIR names the repository: a directory without .git is a work tree of it.
    const elsewhere = mkdtempSync(join(tmpdir(), 'git-dir-env-'));
    try {
      expect(at(elsewhere, { ...process.env, GIT_DIR: join(repo.dir, '.git') })).not.toThrow();
      expect(at(elsewhere)).toThrow(/is not inside a git repository/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('reads the current branch, else an exact tag, else the commit', async () => {
    const repo = track(tempRepo('develop'));
    const sha = repo.commit('one', { 'a.txt': '1' });
    expect(getCurrentRef(runner(repo))).toBe('develop');
    repo.git('checkout', '-q', '--detach');
    expect(getCurrentRef(runner(repo))).toBe(sha);
    repo.git('tag', 'v1.0.0');
    expect(getCurrentRef(runner(repo))).toBe('v1.0.0');
  });

  it('a directory that is not a git repository fails with one line naming working-directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'not-a-repo-'));
    expect(() => checkRepository(createGitRunner(dir, () => undefined, process.env))).toThrow(
      `Input 'working-directory' is '${dir}': is not inside a git repository; run actions/checkout before this step or point working-directory at the checkout`,
    );
    await expect(getWorktreeChanges(createGitRunner(dir, () => undefined, process.env))).rejects.toThrow(
      /^git diff --no-renames --name-status -z HEAD failed \(exit 129\): warning: Not a git repository\. .*; check 'working-directory' and that actions\/checkout ran before this step$/,
    );
  });

  it('keeps paths with spaces, quotes, non-ASCII and newlines intact (NUL-separated)', async () => {
    const repo = track(tempRepo());
    const base = repo.commit('root', { 'x.txt': '1' });
    const names = ['dir/with space.ts', 'quote"d.ts', 'ünï.ts', 'new\nline.ts'];
    const head = repo.commit('weird', Object.fromEntries(names.map((n) => [n, 'x'])));
    const files = await getTwoDotChanges(runner(repo), base, head, recordingLogger());
    expect(files.map((f) => f.filename).sort()).toEqual([...names].sort());
  });
});
