/**
 * A local git range as the detect core needs it: commits resolved to SHAs, a synthetic push context
 * and the manifest checked for, so commands that plan from a laptop or another CI see what the action
 * would see.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../lib/errors.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { GitHubContext } from '../lib/github-context.js';
import { DEFAULT_MANIFEST_PATH } from '../lib/manifest.js';
import {
  SINCE,
  type DetectSettings,
  type DetectSettingSubjects,
} from '../detect-changed-platforms/settings.js';

/** The detect settings as the plan and pipeline commands' options name them. */
export const DETECT_OPTION_SUBJECTS: DetectSettingSubjects = {
  filters: 'Option --filters',
  platforms: '--manifest',
  select: 'Option --select',
  environment: 'Option --environment',
  // Not options of either command: their defaults always apply.
  listFiles: 'list-files',
  initialFetchDepth: 'initial-fetch-depth',
  predicateQuantifier: 'predicate-quantifier',
  since: 'Option --since',
  dokployUrl: 'Environment variable DOKPLOY_URL',
  apiKey: 'Environment variable DOKPLOY_TOKEN',
  dokployServer: 'DOKPLOY_URL and DOKPLOY_TOKEN',
};

/**
 * `--since deployed|event` for plan and pipeline: deployed by default when DOKPLOY_URL and
 * DOKPLOY_TOKEN are set (as the action defaults to it when given the URL and key), else event.
 * @throws InputError for another value
 */
export function sinceOption(
  value: string | undefined,
  env: NodeJS.ProcessEnv,
): Pick<DetectSettings, 'since' | 'dokployUrl' | 'apiKey'> {
  const dokployUrl = (env.DOKPLOY_URL ?? '').trim();
  const apiKey = (env.DOKPLOY_TOKEN ?? '').trim();
  const since = (value ?? (dokployUrl && apiKey ? 'deployed' : 'event')).trim();
  if (!(SINCE as readonly string[]).includes(since))
    throw new InputError('Option --since', since, `use one of ${SINCE.join(', ')}`);
  return { since: since as DetectSettings['since'], dokployUrl, apiKey };
}

/**
 * Checks that a manifest can be read before anything else: no `--manifest` and no default file
 * points to `init` (the detect core would speak of its dorny 'filters' input, which a CLI user never
 * saw).
 * @throws InputError for option --manifest
 */
export function requireManifest(cwd: string, manifest: string): void {
  if (manifest !== '' || existsSync(resolve(cwd, DEFAULT_MANIFEST_PATH))) return;
  throw new InputError(
    'Option --manifest',
    undefined,
    `is required: there is no ${DEFAULT_MANIFEST_PATH} in ${cwd} (run 'dokploy-deploy init' to create one)`,
  );
}

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
