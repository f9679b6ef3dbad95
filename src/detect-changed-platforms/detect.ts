import type { Clock } from '../lib/clock.js';
import type { GitHubContext } from '../lib/github-context.js';
import type { GitRunner } from '../lib/git-runner.js';
import type { FetchLike } from '../lib/http.js';
import type { Logger } from '../lib/logger.js';
import { environmentForBranch } from '../lib/manifest.js';
import type { Manifest } from '../lib/platform.js';
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
  type Strategy,
} from './strategy.js';
import { InputError, KitError } from '../lib/errors.js';
import type { DeployedBase } from './deployed.js';
import { runWithTimeLimit, TimeLimitError } from './time-limit.js';
import { checkoutFiles, lockfileReader } from './workspace-git.js';
import { resolveWorkspacePlatforms, workspaceReasons } from './workspace-platforms.js';

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
  /** `since: deployed`: the id a target's `secret:` holds, where readable (the CLI's environment; not in Actions). */
  secretId?: (name: string) => string | undefined;
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
  let strategy: Strategy | undefined;
  if (!(settings.manifest && settings.select.length > 0 && !settings.filters)) {
    const choice = chooseUnlessDeployedOnly(settings, context, currentRef);
    if (choice === undefined) {
      // since: deployed on an event with no base of its own (schedule, workflow_dispatch): what is
      // deployed is the only comparison, as it is meant to be there.
      comparison = `not compared with the event (${context.eventName || 'no event'} gives no base)`;
    } else {
      choice.notes.forEach((note) => log.info(note));
      choice.warnings.forEach((warning) => log.warning(warning));
      comparison = describeStrategy(choice.strategy);
      strategy = choice.strategy;
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
  }
  const watch = { glob: '', path: '' };
  const { filters } = settings;
  // `package:` platforms get their paths from the workspace graph (nothing is read without one).
  const workspace =
    settings.manifest && resolveWorkspacePlatforms(settings.manifest, () => checkoutFiles(git));
  const manifest = workspace?.manifest;
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
    const ref = refOf(settings, context, currentRef);
    const branch = shortName(ref);
    // A tag's full ref reaches the manifest's refs/tags/ keys only: a branch key never takes a tag.
    const environment =
      settings.environment || environmentForBranch(manifest, ref.startsWith('refs/tags/') ? ref : branch);
    const deployed =
      settings.since === 'deployed' && environment !== '' && settings.select.length === 0
        ? await sinceDeployed(settings, manifest, context, environment, git, deps)
        : undefined;
    if (deployed)
      comparison = `since each platform's deployed commit in ${environment} (${comparison} for the rest)`;
    const matches = withinLimit(
      deps,
      { subject: `Platforms manifest '${manifest.source}'`, watch, fileCount: files.length },
      () => matchPlatforms(manifest.platforms, files, watch),
    );
    const lockfile = lockfileReader(git, strategy, workspace);
    plan = planDeploys({
      deployed,
      manifest,
      matches,
      workspace: await workspaceReasons(workspace, files, matches, lockfile),
      environment,
      branch,
      select: settings.select,
      separation: settings.separation,
    });
    await logMatches(log, 'Platform', new Map(plan.decisions.map((d) => [d.name, d.files])), (f) => f);
    plan.warnings.forEach((warning) => log.warning(warning));
  }
  return { comparison, files, filterMatches, plan };
}

/**
 * `since: deployed`: each platform's base from Dokploy; undefined (with a warning: the event's
 * comparison stands) when Dokploy cannot be read.
 */
async function sinceDeployed(
  settings: DetectSettings,
  // The workspace-resolved manifest: a `package:` platform's paths include its dependencies'.
  manifest: Manifest,
  context: GitHubContext,
  environment: string,
  git: () => GitRunner,
  deps: DetectDeps,
): Promise<Map<string, DeployedBase> | undefined> {
  const { changesSinceDeployed } = await import('./deployed.js');
  const { createDokployClient } = await import('../lib/dokploy-client.js');
  const client = createDokployClient(
    { url: settings.dokployUrl, apiKey: settings.apiKey, deadline: deps.clock.now() + DOKPLOY_READ_MS },
    deps,
  );
  const head = headCommit(git(), settings.ref || context.sha);
  try {
    const bases = await deps.log.group(`Deployed commits in ${environment} (since: deployed)`, async () => {
      const found = await changesSinceDeployed(
        client,
        git(),
        manifest.platforms,
        environment,
        head,
        deps.secretId,
      );
      for (const [name, base] of found) deps.log.info(`${name}: ${describeBase(base)}`);
      return found;
    });
    const unread = [...bases].filter(([, base]) => base.type === 'event').map(([name]) => name);
    if (unread.length > 0)
      deps.log.warning(
        `${unread.join(', ')}: ${unread.length === 1 ? 'its target is' : 'their targets are'} held in secrets detect cannot read, so ${unread.length === 1 ? 'it is' : 'they are'} compared with the event; name the services in the manifest (dokploy-deploy init --dokploy) to compare with what is deployed`,
      );
    return bases;
  } catch (error) {
    if (!(error instanceof KitError) || error instanceof InputError) throw error;
    deps.log.warning(
      `Dokploy could not be read for the deployed commits (${error.message}); every platform is compared with the event instead`,
    );
    return undefined;
  }
}

/** The longest detect spends reading the deployed commits before it falls back to the event. */
const DOKPLOY_READ_MS = 60_000;

function describeBase(base: DeployedBase): string {
  if (base.type === 'deployed')
    return `deployed ${base.commit.slice(0, 7)} (deployment ${base.deploymentId}), ${base.commits} commit${base.commits === 1 ? '' : 's'} behind, ${base.files.length} of its files changed`;
  return base.why;
}

/** The commit being planned: `ref` (or the event's sha) when the clone has it, else HEAD. */
function headCommit(git: GitRunner, ref: string): string {
  if (ref) {
    const given = git.runSync(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      allowFailure: true,
    });
    if (given.code === 0) return given.stdout.trim();
  }
  return git.runSync(['rev-parse', 'HEAD']).stdout.trim();
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

/** The event's comparison; undefined when since: deployed plans alone and the event gives no base. */
function chooseUnlessDeployedOnly(
  settings: DetectSettings,
  context: GitHubContext,
  currentRef: () => string,
): ReturnType<typeof choose> | undefined {
  try {
    return choose(settings, context, currentRef);
  } catch (error) {
    const deployedOnly = settings.since === 'deployed' && settings.manifest && !settings.filters;
    if (deployedOnly && error instanceof InputError && error.subject.startsWith('Event ')) return undefined;
    throw error;
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
/** The ref being planned: a pull request's head branch, else `ref`, GITHUB_REF or the checkout's. */
function refOf(settings: DetectSettings, context: GitHubContext, currentRef: () => string): string {
  if ((PULL_REQUEST_EVENTS as readonly string[]).includes(context.eventName)) {
    const pr = (context.payload as EventPayload).pull_request;
    return context.headRef || pr?.head?.ref || '';
  }
  // A SHA in 'ref' says which commit to inspect, not which branch (and so environment) it is on.
  const ref = isGitSha(settings.ref) ? '' : settings.ref;
  return ref || context.ref || currentRef();
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
