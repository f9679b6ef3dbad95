import type { Clock } from '../lib/clock.js';
import type { GitHubContext } from '../lib/github-context.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { FetchLike } from '../lib/http.js';
import type { Logger } from '../lib/logger.js';
import { environmentForBranch } from '../lib/manifest.js';
import { getChangedFiles } from './changes.js';
import type { ChangedFile } from './file.js';
import { matchFilters } from './filter-match.js';
import { checkRepository, getCurrentRef } from './git.js';
import { planDeploys, type Plan } from './plan.js';
import { matchPlatforms } from './platform-match.js';
import type { DetectSettings } from './settings.js';
import {
  chooseStrategy,
  describeStrategy,
  PULL_REQUEST_EVENTS,
  isGitSha,
  shortName,
  StrategyError,
  type EventPayload,
} from './strategy.js';
import { InputError } from '../lib/errors.js';
import { runWithTimeLimit, TimeLimitError } from './time-limit.js';

/** What detection found and decided. */
export interface DetectResult {
  /** What was compared ("between X and Y", or why nothing was). */
  comparison: string;
  files: ChangedFile[];
  filterMatches: Map<string, ChangedFile[]> | undefined;
  plan: Plan | undefined;
}

/** The dependencies of `detectChanges`. */
export interface DetectDeps {
  /** Creates the git runner for the working directory (only called on the git paths). */
  git: () => GitRunner;
  /** Reaches the GitHub API (pull request files); retries wait on `clock`. */
  fetch: FetchLike;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal | undefined;
  /** How long matching globs may take before the step fails naming the glob. Default `MATCH_TIME_LIMIT_MS`. */
  matchTimeLimitMs?: number;
}

/**
 * 30 s: matching 200,000 files against dozens of globs takes about a second, so only a glob that
 * backtracks catastrophically (`+(**)/` on a long name) gets near it; dorny would hang there.
 */
export const MATCH_TIME_LIMIT_MS = 30_000;

/**
 * The whole action as a function: choose the comparison for the event, list the changed files,
 * match dorny filters and platforms, and plan the deploys. A manual `select` with a manifest and no
 * filters skips detection altogether (nothing to compare on a manual deploy).
 *
 * @throws InputError for an event that gives nothing to compare, or refs that do not resolve
 */
export async function detectChanges(
  settings: DetectSettings,
  context: GitHubContext,
  deps: DetectDeps,
): Promise<DetectResult> {
  const { log } = deps;
  const git = once(() => checkRepository(deps.git()));
  const currentRef = once(() => getCurrentRef(git()));
  let comparison = 'not detected: platforms selected by hand';
  let files: ChangedFile[] = [];
  if (!(settings.manifest && settings.select.length > 0 && !settings.filters)) {
    const choice = choose(settings, context, currentRef);
    choice.notes.forEach((note) => log.info(note));
    choice.warnings.forEach((warning) => log.warning(warning));
    comparison = describeStrategy(choice.strategy);
    const detected = await log.group(`Changes will be detected ${comparison}`, () =>
      getChangedFiles(
        choice.strategy,
        { apiUrl: context.apiUrl, token: settings.token, initialFetchDepth: settings.initialFetchDepth },
        { git, fetch: deps.fetch, clock: deps.clock, log, signal: deps.signal },
      ),
    );
    files = detected.files;
    log.info(`Detected ${files.length} changed file${files.length === 1 ? '' : 's'} (${detected.source})`);
  }
  const watch = { glob: '', path: '' };
  const { filters, manifest } = settings;
  const filterMatches = filters
    ? withinLimit(deps, { subject: "Input 'filters'", watch, fileCount: files.length }, () =>
        matchFilters(filters, files, settings.predicateQuantifier, watch),
      )
    : undefined;
  if (filterMatches) {
    await logMatches(log, 'Filter', filterMatches, describeFile);
  }
  let plan: Plan | undefined;
  if (manifest) {
    const branch = branchOf(settings, context, currentRef);
    const environment = settings.environment || environmentForBranch(manifest, branch);
    plan = planDeploys({
      manifest,
      matches: withinLimit(
        deps,
        { subject: `Platforms manifest '${manifest.source}'`, watch, fileCount: files.length },
        () => matchPlatforms(manifest.platforms, files, watch),
      ),
      environment,
      branch,
      select: settings.select,
    });
    await logMatches(log, 'Platform', new Map(plan.decisions.map((d) => [d.name, d.files])), (f) => f);
    plan.warnings.forEach((warning) => log.warning(warning));
  }
  return { comparison, files, filterMatches, plan };
}

/** Runs a matching step within the time limit; an interrupted one names the glob and file it was testing. */
function withinLimit<T>(
  deps: DetectDeps,
  {
    subject,
    watch,
    fileCount,
  }: { subject: string; watch: { glob: string; path: string }; fileCount: number },
  match: () => T,
): T {
  try {
    return runWithTimeLimit(deps.matchTimeLimitMs ?? MATCH_TIME_LIMIT_MS, match);
  } catch (error) {
    if (!(error instanceof TimeLimitError)) throw error;
    throw new InputError(
      subject,
      undefined,
      `matching ${fileCount} changed file${fileCount === 1 ? '' : 's'} ${error.message}, stuck testing ${JSON.stringify(watch.glob)} on ${JSON.stringify(watch.path)}: ` +
        'a repeated extglob over a wildcard (such as +(**)/) backtracks without end; simplify that glob',
    );
  }
}

function choose(settings: DetectSettings, context: GitHubContext, currentRef: () => string) {
  try {
    return chooseStrategy({
      eventName: context.eventName,
      payload: context.payload as EventPayload,
      githubRef: context.ref,
      repository: context.repository,
      base: settings.base,
      ref: settings.ref,
      token: settings.token,
      currentRef,
    });
  } catch (error) {
    if (error instanceof StrategyError)
      throw new InputError(`Event '${context.eventName || 'none'}'`, undefined, error.message);
    throw error;
  }
}

/** The branch whose environment applies: a pull request's source branch, else the ref being run. */
function branchOf(settings: DetectSettings, context: GitHubContext, currentRef: () => string): string {
  if ((PULL_REQUEST_EVENTS as readonly string[]).includes(context.eventName)) {
    const pr = (context.payload as EventPayload).pull_request;
    return context.headRef || pr?.head?.ref || '';
  }
  // A SHA in 'ref' says which commit to inspect, not which branch (and so environment) it is on.
  const ref = isGitSha(settings.ref) ? '' : settings.ref;
  return shortName(ref || context.ref || currentRef());
}

/** How many files a log group lists per filter or platform (outputs and the summary carry the rest). */
const LOGGED_FILES = 100;

/** Logs a group per filter or platform; only the logged files are described (a filter can match 200,000). */
async function logMatches<T>(
  log: Logger,
  label: string,
  matches: Map<string, readonly T[]>,
  describe: (file: T) => string,
): Promise<void> {
  for (const [name, files] of matches) {
    await log.group(`${label} ${name} = ${files.length > 0}`, async () => {
      const lines =
        files.length === 0 ? ['Matching files: none'] : files.slice(0, LOGGED_FILES).map(describe);
      if (files.length > LOGGED_FILES) lines.push(`… and ${files.length - LOGGED_FILES} more`);
      log.info(lines.join('\n')); // one write per group, not one per file
    });
  }
}

function describeFile(file: ChangedFile): string {
  return `${file.filename} [${file.status ?? 'unknown'}]`;
}

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}
