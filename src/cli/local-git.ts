/**
 * A local git range as the detect core needs it: commits resolved to SHAs and a synthetic push
 * context, so commands that plan from a laptop or another CI see what the action would see.
 */
import { InputError } from '../lib/errors.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { GitHubContext } from '../lib/github-context.js';

/**
 * Resolves a revision to a commit SHA.
 * @throws InputError naming the option when it is not a commit of the repository
 */
export function resolveCommit(git: GitRunner, option: string, rev: string): string {
  const result = git.runSync(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { allowFailure: true });
  if (result.code !== 0) throw new InputError(`Option ${option}`, rev, 'is not a commit in this repository');
  return result.stdout.trim();
}

/**
 * The current branch's upstream (e.g. origin/main), the default base of a local range.
 * @throws InputError for option --base when the branch has no upstream
 */
export function upstreamOf(git: GitRunner): string {
  const result = git.runSync(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], {
    allowFailure: true,
  });
  if (result.code !== 0 || !result.stdout.trim()) {
    throw new InputError(
      'Option --base',
      undefined,
      'is required: the current branch has no upstream to compare with (e.g. --base origin/main)',
    );
  }
  return result.stdout.trim();
}

/** A push of `branch`, as the action would see it, without a payload (base and head are SHAs). */
export function localPushContext(branch: string): GitHubContext {
  return {
    eventName: 'push',
    payload: {},
    ref: `refs/heads/${branch}`,
    headRef: '',
    sha: '',
    repository: '',
    apiUrl: '',
    serverUrl: '',
    workflow: '',
    runId: '',
    runNumber: '',
    runAttempt: '',
    actor: '',
  };
}
