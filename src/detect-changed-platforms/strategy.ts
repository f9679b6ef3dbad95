/**
 * Which changes to compare, per event: dorny/paths-filter's decision procedure (`getChangedFiles`
 * in its `src/main.ts`) as a pure function of the event and the inputs, so that the
 * branching dorny leaves untested is the part we test most.
 */

/** The events whose changes are those of a pull request. */
export const PULL_REQUEST_EVENTS = [
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
] as const;

/** What to compare. `head: ''` means the checked-out commit. */
export type Strategy =
  /** `base: HEAD`: uncommitted changes against HEAD. */
  | { kind: 'worktree' }
  /** The pull request's file list from the GitHub API (falls back to git past the API's 3,000-file cap). */
  | {
      kind: 'api';
      owner: string;
      repo: string;
      pullNumber: number;
      changedFiles: number;
      baseSha: string;
      headSha: string;
    }
  /** `git diff base..head`. */
  | { kind: 'two-dot'; base: string; head: string }
  /** `git diff $(merge-base base head)..head`, fetching history as needed. */
  | { kind: 'merge-base'; base: string; head: string }
  /** The last commit against its first parent (dorny's "last commit" fallback, fixed). */
  | { kind: 'last-commit'; head: string }
  /** Every tracked file, as added (the initial push of a repository). */
  | { kind: 'all-files' };

/** A strategy and what the log should say about the choice. */
export interface StrategyChoice {
  strategy: Strategy;
  /** Warnings for the user (ignored inputs, fallbacks). */
  warnings: string[];
  /** Information lines (why this comparison). */
  notes: string[];
}

/** The event and the inputs the choice depends on. */
export interface StrategyContext {
  /** GITHUB_EVENT_NAME. */
  eventName: string;
  /** The parsed event payload (GITHUB_EVENT_PATH). */
  payload: EventPayload;
  /** GITHUB_REF. */
  githubRef: string;
  /** GITHUB_REPOSITORY (owner/repo). */
  repository: string;
  /** The `base` input. */
  base: string;
  /** The `ref` input. */
  ref: string;
  /** The `token` input. */
  token: string;
  /** The checked-out branch, exact tag or commit (only read on the git paths). */
  currentRef: () => string;
}

/** The parts of an event payload that the choice reads. */
export interface EventPayload {
  before?: string;
  repository?: { default_branch?: string };
  pull_request?: {
    number?: number;
    changed_files?: number;
    base?: { sha?: string; ref?: string };
    head?: { sha?: string; ref?: string };
  };
  merge_group?: { base_sha?: string; head_sha?: string };
  inputs?: Record<string, unknown>;
}

/** Thrown when the event gives no way to choose a comparison; the message is for people. */
export class StrategyError extends Error {}

const ZERO_SHA = /^0{40}$/;

/**
 * Chooses what to compare for an event, as dorny does, with the documented differences:
 * the "last commit" fallback diffs against the first parent (see README).
 *
 * @throws StrategyError when a base cannot be determined (e.g. `schedule` without `base`)
 */
export function chooseStrategy(context: StrategyContext): StrategyChoice {
  const warnings: string[] = [];
  const notes: string[] = [];
  const choose = (strategy: Strategy): StrategyChoice => ({ strategy, warnings, notes });

  if (context.base === 'HEAD') {
    if (context.ref) warnings.push("'ref' input parameter is ignored when 'base' is set to HEAD");
    return choose({ kind: 'worktree' });
  }

  if ((PULL_REQUEST_EVENTS as readonly string[]).includes(context.eventName)) {
    const pr = context.payload.pull_request ?? {};
    if (context.ref) warnings.push(`'ref' input parameter is ignored for ${context.eventName} events`);
    if (context.token) {
      if (context.base)
        warnings.push(
          `'base' input parameter is ignored when 'token' is set for ${context.eventName} events`,
        );
      const [owner = '', repo = ''] = context.repository.split('/');
      if (!owner || !repo || typeof pr.number !== 'number') {
        throw new StrategyError(
          `the ${context.eventName} event has no pull request number or GITHUB_REPOSITORY is not owner/name; cannot list the pull request's files`,
        );
      }
      return choose({
        kind: 'api',
        owner,
        repo,
        pullNumber: pr.number,
        changedFiles: pr.changed_files ?? 0,
        baseSha: pr.base?.sha ?? '',
        headSha: pr.head?.sha ?? '',
      });
    }
    if (context.eventName === 'pull_request_target') {
      throw new StrategyError(
        "'token' input parameter is required for pull_request_target events: the checkout is the base branch, so git cannot see the pull request's changes",
      );
    }
    const base = context.base || pr.base?.sha || context.payload.repository?.default_branch || '';
    if (context.base) notes.push(`Using base '${context.base}' instead of the pull request base`);
    return choose({ kind: 'two-dot', base, head: context.currentRef() });
  }

  let baseInput = context.base;
  let refInput = context.ref;
  if (context.eventName === 'merge_group') {
    baseInput ||= context.payload.merge_group?.base_sha ?? '';
    refInput ||= context.payload.merge_group?.head_sha ?? '';
  }
  const defaultBranch = context.payload.repository?.default_branch ?? '';
  const before = context.eventName === 'push' ? (context.payload.before ?? '') : '';
  const head = shortName(refInput || context.githubRef || context.currentRef());
  const base = shortName(baseInput || defaultBranch);
  if (!head)
    throw new StrategyError(
      "could not determine the head ref: set the 'ref' input or run on a checked-out branch",
    );
  if (!base) {
    throw new StrategyError(
      "this event has no 'repository.default_branch' in its payload (e.g. schedule): set the 'base' input to compare against",
    );
  }

  if (isGitSha(base) || base === head) {
    const baseSha = isGitSha(base) ? base : before;
    if (!baseSha) {
      warnings.push(
        `'before' field is missing in event payload - changes will be detected from the last commit on ${head}`,
      );
      return choose({ kind: 'last-commit', head });
    }
    if (ZERO_SHA.test(baseSha)) {
      if (defaultBranch && base !== defaultBranch) {
        notes.push(
          `First push of a branch detected - changes will be detected against the default branch '${defaultBranch}'`,
        );
        return choose({ kind: 'merge-base', base: defaultBranch, head });
      }
      notes.push('Initial push detected - all files will be listed as added');
      return choose({ kind: 'all-files' });
    }
    return choose({ kind: 'two-dot', base: baseSha, head });
  }
  return choose({ kind: 'merge-base', base, head });
}

/** Strips `refs/heads/` or `refs/tags/` (only those, as dorny does). */
export function shortName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** True for a 40-character lower-case hex-ish string, dorny's test for "this is a commit SHA". */
export function isGitSha(ref: string): boolean {
  return /^[a-z0-9]{40}$/.test(ref);
}

/** Describes what a strategy compares, e.g. "between X and Y" (the log says "Changes will be detected " first). */
export function describeStrategy(strategy: Strategy): string {
  switch (strategy.kind) {
    case 'worktree':
      return 'between HEAD and the working tree';
    case 'api':
      return `in the files of pull request #${strategy.pullNumber} (GitHub API)`;
    case 'two-dot':
      return `between ${strategy.base} and ${strategy.head || 'HEAD'}`;
    case 'merge-base':
      return `between ${strategy.base}...${strategy.head} (since their merge base)`;
    case 'last-commit':
      return `in the last commit of ${strategy.head} (against its first parent)`;
    case 'all-files':
      return 'in every tracked file (listed as added)';
  }
}
