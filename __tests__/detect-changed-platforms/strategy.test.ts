import {
  chooseStrategy,
  isGitSha,
  shortName,
  StrategyError,
  type StrategyContext,
} from '../../src/detect-changed-platforms/strategy.js';

const SHA_A = 'a'.repeat(40);
const SHA_B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

function context(overrides: Partial<StrategyContext>): StrategyContext {
  return {
    eventName: 'push',
    payload: { repository: { default_branch: 'main' } },
    githubRef: 'refs/heads/main',
    repository: 'acme/mono',
    base: '',
    ref: '',
    token: '',
    currentRef: () => 'current-branch',
    ...overrides,
  };
}

describe('chooseStrategy: which changes each event compares (spec §5)', () => {
  it('push to the default branch compares before..head', () => {
    const choice = chooseStrategy(
      context({ payload: { before: SHA_A, repository: { default_branch: 'main' } } }),
    );
    expect(choice.strategy).toEqual({ kind: 'two-dot', base: SHA_A, head: 'main' });
  });

  it('push to another branch compares with the default branch since the merge base', () => {
    const choice = chooseStrategy(
      context({
        githubRef: 'refs/heads/feature',
        payload: { before: SHA_A, repository: { default_branch: 'main' } },
      }),
    );
    expect(choice.strategy).toEqual({ kind: 'merge-base', base: 'main', head: 'feature' });
  });

  it('push with base set to the branch itself compares with the previous push', () => {
    const choice = chooseStrategy(
      context({
        githubRef: 'refs/heads/staging',
        base: 'refs/heads/staging',
        payload: { before: SHA_A, repository: { default_branch: 'main' } },
      }),
    );
    expect(choice.strategy).toEqual({ kind: 'two-dot', base: SHA_A, head: 'staging' });
  });

  it('the first push of a new branch (before is zeros, base = branch) compares with the default branch', () => {
    const choice = chooseStrategy(
      context({
        githubRef: 'refs/heads/new',
        base: 'new',
        payload: { before: ZERO, repository: { default_branch: 'main' } },
      }),
    );
    expect(choice.strategy).toEqual({ kind: 'merge-base', base: 'main', head: 'new' });
    expect(choice.notes[0]).toMatch(/^First push of a branch detected/);
  });

  it('the initial push of a repository lists every file as added', () => {
    const choice = chooseStrategy(
      context({ payload: { before: ZERO, repository: { default_branch: 'main' } } }),
    );
    expect(choice.strategy).toEqual({ kind: 'all-files' });
  });

  it('a tag push compares the tag with the default branch since the merge base', () => {
    const choice = chooseStrategy(context({ githubRef: 'refs/tags/v1.2.0' }));
    expect(choice.strategy).toEqual({ kind: 'merge-base', base: 'main', head: 'v1.2.0' });
  });

  it('workflow_dispatch on the default branch uses the last commit (fixed fallback) and warns', () => {
    const choice = chooseStrategy(
      context({ eventName: 'workflow_dispatch', payload: { repository: { default_branch: 'main' } } }),
    );
    expect(choice.strategy).toEqual({ kind: 'last-commit', head: 'main' });
    expect(choice.warnings).toEqual([
      "'before' field is missing in event payload - changes will be detected from the last commit on main",
    ]);
  });

  it('workflow_dispatch on another branch compares with the default branch', () => {
    const choice = chooseStrategy(
      context({ eventName: 'workflow_dispatch', githubRef: 'refs/heads/develop' }),
    );
    expect(choice.strategy).toEqual({ kind: 'merge-base', base: 'main', head: 'develop' });
  });

  it('merge_group compares base_sha..head_sha', () => {
    const choice = chooseStrategy(
      context({
        eventName: 'merge_group',
        githubRef: 'refs/heads/gh-readonly-queue/main/pr-1',
        payload: { merge_group: { base_sha: SHA_A, head_sha: SHA_B } },
      }),
    );
    expect(choice.strategy).toEqual({ kind: 'two-dot', base: SHA_A, head: SHA_B });
  });

  it('a SHA base gives a two-dot comparison on any event', () => {
    expect(chooseStrategy(context({ eventName: 'schedule', base: SHA_B, payload: {} })).strategy).toEqual({
      kind: 'two-dot',
      base: SHA_B,
      head: 'main',
    });
  });

  it('an upper-case hex base is a branch name, as in dorny', () => {
    expect(isGitSha('A'.repeat(40))).toBe(false);
    expect(chooseStrategy(context({ base: 'A'.repeat(40) })).strategy.kind).toBe('merge-base');
  });

  it('base HEAD compares the working tree and ignores ref with a warning', () => {
    const choice = chooseStrategy(context({ base: 'HEAD', ref: 'x', eventName: 'pull_request' }));
    expect(choice.strategy).toEqual({ kind: 'worktree' });
    expect(choice.warnings).toEqual(["'ref' input parameter is ignored when 'base' is set to HEAD"]);
  });

  it('pull_request with a token uses the API, ignoring base and ref with warnings', () => {
    const choice = chooseStrategy(
      context({
        eventName: 'pull_request',
        token: 't',
        base: 'develop',
        ref: 'x',
        payload: {
          pull_request: { number: 7, changed_files: 12, base: { sha: SHA_A }, head: { sha: SHA_B } },
        },
      }),
    );
    expect(choice.strategy).toEqual({
      kind: 'api',
      owner: 'acme',
      repo: 'mono',
      pullNumber: 7,
      changedFiles: 12,
      baseSha: SHA_A,
      headSha: SHA_B,
    });
    expect(choice.warnings).toHaveLength(2);
  });

  it('pull_request without a token diffs base.sha..the checkout, or base when given', () => {
    const pr = { pull_request: { number: 7, base: { sha: SHA_A } } };
    expect(chooseStrategy(context({ eventName: 'pull_request', payload: pr })).strategy).toEqual({
      kind: 'two-dot',
      base: SHA_A,
      head: 'current-branch',
    });
    const withBase = chooseStrategy(context({ eventName: 'pull_request', payload: pr, base: 'develop' }));
    expect(withBase.strategy).toEqual({ kind: 'two-dot', base: 'develop', head: 'current-branch' });
    expect(withBase.notes).toEqual(["Using base 'develop' instead of the pull request base"]);
  });

  it('pull_request_target without a token is an error that says why', () => {
    expect(() =>
      chooseStrategy(context({ eventName: 'pull_request_target', payload: { pull_request: { number: 1 } } })),
    ).toThrow(
      "'token' input parameter is required for pull_request_target events: the checkout is the base branch, so git cannot see the pull request's changes",
    );
  });

  it('schedule without base is an error naming the fix', () => {
    expect(() => chooseStrategy(context({ eventName: 'schedule', payload: {} }))).toThrow(StrategyError);
    expect(() => chooseStrategy(context({ eventName: 'schedule', payload: {} }))).toThrow(
      /set the 'base' input/,
    );
  });

  it('reads the checked-out ref only when GITHUB_REF and ref are empty', () => {
    let calls = 0;
    const currentRef = (): string => {
      calls++;
      return 'local';
    };
    chooseStrategy(context({ currentRef }));
    expect(calls).toBe(0);
    expect(chooseStrategy(context({ githubRef: '', currentRef })).strategy).toEqual({
      kind: 'merge-base',
      base: 'main',
      head: 'local',
    });
    expect(calls).toBe(1);
  });

  it('shortName strips only refs/heads/ and refs/tags/', () => {
    expect([
      shortName('refs/heads/a/b'),
      shortName('refs/tags/v1'),
      shortName('heads/x'),
      shortName('refs/pull/1/merge'),
    ]).toEqual(['a/b', 'v1', 'heads/x', 'refs/pull/1/merge']);
  });
});
