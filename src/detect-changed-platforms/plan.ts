import { InputError } from '../lib/errors.js';
import type { DeployedBase } from './deployed.js';
import {
  planSeparation,
  type PlannedSeparation,
  type SeparationPlacement,
} from '../lib/separation-placement.js';
import {
  healthTargetsFor,
  hooksFor,
  type Hooks,
  type Manifest,
  type Platform,
  type TargetKind,
} from '../lib/platform.js';

/** Why a platform was selected. */
export type Reason =
  /** Its own files changed (the matched files). */
  | { type: 'files'; files: string[] }
  /** It needs a platform with `cascade: true` whose files changed. */
  | { type: 'dependency'; via: string }
  /** The `select` input named it (or `all`). */
  | { type: 'manual' }
  /** `since: deployed`: its files changed since the commit its newest done deployment ran. */
  | { type: 'deployed'; commit: string; commits: number; files: string[] }
  /** `since: deployed`: it must deploy whatever changed (never deployed, base unknown, force-push). */
  | { type: 'behind'; why: string }
  /** `package:`: a workspace package it depends on (directly or not) changed. */
  | { type: 'workspace'; via: string; folder: string }
  /** `package:`: the lockfile changed these packages among its resolved dependencies. */
  | { type: 'lockfile'; file: string; packages: string[] }
  /** `package:`: the lockfile changed in a way no package explains (every package platform is selected). */
  | { type: 'lockfile-unattributed'; file: string; why: string }
  /** `package:`: a root file every package builds with changed (every package platform is selected). */
  | { type: 'root-file'; file: string };

/** The decision for one platform of the manifest. */
export interface PlatformDecision {
  name: string;
  stage: number;
  /** Selected (changed, cascaded or chosen by hand), whether or not it deploys in this environment. */
  selected: boolean;
  reason: Reason | undefined;
  /** The changed files that matched its paths (also for platforms selected otherwise). */
  files: string[];
  /** Its test commands by kind (for the test matrix, which runs in every environment). */
  tests: Record<string, string>;
}

/** A platform's Dokploy service and health targets in one environment. */
export interface PlannedTarget {
  /** The Dokploy id when the manifest gives it, else ''. */
  id: string;
  /** The name of the secret holding the id, else ''. */
  secret: string;
  /** The target by Dokploy's names ('' each unless the manifest names the service): resolved at deploy time. */
  project: string;
  projectEnvironment: string;
  service: string;
  health: string[];
}

/** A platform in the deploy plan, with its target for the environment. */
export interface PlannedPlatform extends PlannedTarget {
  name: string;
  stage: number;
  /** The platforms it needs that are also in this plan (the ones to wait for). */
  needs: string[];
  reason: Reason;
  reasonText: string;
  kind: TargetKind;
  tests: Record<string, string>;
  /** Its tests run in its deploy leg, before the deploy (`tests.with-deploy`), not in the tests job. */
  testsWithDeploy: boolean;
  /** The commands around its deploy in this environment. */
  hooks: Hooks;
  /** Its public address in this environment ('' when the manifest gives none). */
  url: string;
  /** Where what it deploys must have been verified first (`promote-from:`); undefined when nothing is promoted. */
  promotion?: Promotion | undefined;
}

/** The environment a deploy promotes from, and the platform's service and health targets there. */
export interface Promotion extends PlannedTarget {
  /** The environment's name, e.g. staging. */
  from: string;
}

/** The deploy plan: the decisions for every platform and what deploys where. */
export interface Plan {
  /** '' when the branch maps to no environment (then nothing deploys). */
  environment: string;
  branch: string;
  decisions: PlatformDecision[];
  /** What deploys, ordered by stage then manifest order. */
  platforms: PlannedPlatform[];
  /** Names per stage, one list per stage of the manifest (lists may be empty). */
  stages: string[][];
  /** Warnings for the user (a changed platform without a target in this environment, …). */
  warnings: string[];
  /** Where the separation checks run; undefined without a spec or when nothing of it deploys. */
  separation: PlannedSeparation | undefined;
}

/** What `planDeploys` needs. */
export interface PlanInput {
  manifest: Manifest;
  /** Each platform's matched files (from `matchPlatforms`); empty when detection was skipped. */
  matches: Map<string, string[]>;
  environment: string;
  branch: string;
  /** The `select` input: `['all']`, a list of names, or empty for "what changed". */
  select: string[];
  /**
   * `since: deployed`: each platform's deployed base (`changesSinceDeployed`); a platform without one
   * (or with type `event`) is decided by `matches`.
   */
  deployed?: ReadonlyMap<string, DeployedBase> | undefined;
  /**
   * `package:` platforms selected by their workspace (`workspaceReasons`): a dependency's folder, a
   * root file or the lockfile; they replace a `files` reason (the files were the dependency's).
   */
  workspace?: ReadonlyMap<string, Reason> | undefined;
  /** The separation spec's place and platforms, when there is a spec. */
  separation?: SeparationPlacement | undefined;
}

/**
 * Decides which platforms deploy, in which stage and why: manual selection, else the platforms
 * whose files changed plus, for a changed platform with `cascade`, everything that needs it.
 *
 * @throws InputError when `select` names an unknown platform
 */
export function planDeploys(input: PlanInput): Plan {
  const { manifest, matches, environment } = input;
  const reasons =
    input.select.length > 0
      ? manualReasons(manifest, input.select)
      : changeReasons(manifest, matches, input.deployed, input.workspace);
  const decisions = manifest.platforms.map((p) => ({
    name: p.name,
    stage: p.stage,
    selected: reasons.has(p.name),
    reason: reasons.get(p.name),
    files: sinceDeployed(input.deployed, p.name) ?? matches.get(p.name) ?? [],
    tests: p.tests,
  }));
  const warnings: string[] = [];
  const deploying = environment === '' ? [] : manifest.platforms.filter((p) => reasons.has(p.name));
  const planned: PlannedPlatform[] = [];
  for (const platform of [...deploying].sort((a, b) => a.stage - b.stage)) {
    const target = platform.targets[environment];
    if (!platform.kind || !target) {
      warnings.push(
        `Platform '${platform.name}' is selected but has no Dokploy target for environment '${environment}' (platforms.${platform.name}.deploy.${environment}); it is not deployed`,
      );
      continue;
    }
    const reason = reasons.get(platform.name) as Reason;
    planned.push({
      name: platform.name,
      stage: platform.stage,
      needs: [],
      reason,
      reasonText: describeReason(reason),
      kind: platform.kind,
      ...plannedTarget(platform, environment),
      tests: platform.tests,
      testsWithDeploy: platform.testsWithDeploy,
      hooks: hooksFor(platform, environment),
      url: target.url ?? '',
      promotion: promotionOf(manifest, platform, environment),
    });
  }
  const inPlan = new Set(planned.map((p) => p.name));
  for (const entry of planned) {
    entry.needs = upstreamOf(manifest, entry.name).filter((name) => inPlan.has(name));
  }
  const stages = Array.from({ length: manifest.stageCount }, (_, stage) =>
    planned.filter((p) => p.stage === stage).map((p) => p.name),
  );
  const separation = planSeparation(
    input.separation,
    manifest,
    planned.map((p) => p.name),
  );
  return { environment, branch: input.branch, decisions, platforms: planned, stages, warnings, separation };
}

function promotionOf(manifest: Manifest, platform: Platform, environment: string): Promotion | undefined {
  const from = manifest.promoteFrom[environment];
  // The manifest's loader made sure the platform has a target there.
  const source = from === undefined ? undefined : platform.targets[from];
  if (from === undefined || source === undefined) return undefined;
  return { from, ...plannedTarget(platform, from) };
}

/** The platform's target in an environment that has one, as the plan carries it. */
function plannedTarget(platform: Platform, environment: string): PlannedTarget {
  const target = platform.targets[environment];
  return {
    id: target?.id ?? '',
    secret: target?.secret ?? '',
    project: target?.names?.project ?? '',
    projectEnvironment: target?.names?.environment ?? '',
    service: target?.names?.service ?? '',
    health: healthTargetsFor(platform, environment),
  };
}

/** One line for people: "3 files changed (infrastructure/db.yml, …)", "needs infrastructure, which changed", "selected by hand". */
export function describeReason(reason: Reason): string {
  switch (reason.type) {
    case 'files':
      return `${filesChanged(reason.files)} (${listed(reason.files)})`;
    case 'deployed':
      return `${filesChanged(reason.files)} since the deployed ${reason.commit.slice(0, 7)} (${reason.commits} commit${reason.commits === 1 ? '' : 's'}: ${listed(reason.files)})`;
    case 'behind':
      return reason.why;
    case 'dependency':
      return `needs ${reason.via}, which changed (cascade)`;
    case 'workspace':
      return `depends on ${reason.via} (${reason.folder}), which changed`;
    case 'lockfile':
      return `${reason.file}: ${reason.packages.join(', ')} changed for this package`;
    case 'lockfile-unattributed':
      return `${reason.file} changed in a way that cannot be attributed (${reason.why}): every package platform`;
    case 'root-file':
      return `${reason.file} at the root changed: every package platform`;
    case 'manual':
      return 'selected by hand';
  }
}

/** A platform's files changed since its deployed commit, when `since: deployed` gave it one. */
function sinceDeployed(deployed: PlanInput['deployed'], name: string): string[] | undefined {
  const base = deployed?.get(name);
  return base?.type === 'deployed' ? base.files : undefined;
}

const filesChanged = (files: string[]): string =>
  `${files.length} file${files.length === 1 ? '' : 's'} changed`;

function listed(files: string[]): string {
  const more = files.length > 3 ? `, … ${files.length - 3} more` : '';
  return `${files.slice(0, 3).join(', ')}${more}`;
}

function manualReasons(manifest: Manifest, select: string[]): Map<string, Reason> {
  const known = manifest.platforms.map((p) => p.name);
  const names = select.length === 1 && select[0] === 'all' ? known : select;
  for (const name of names) {
    if (!known.includes(name)) {
      throw new InputError(
        "Input 'select'",
        select.join(','),
        `'${name}' is not a platform; use all or a comma list of ${known.join(', ')}`,
      );
    }
  }
  return new Map(names.map((name) => [name, { type: 'manual' } as Reason]));
}

function changeReasons(
  manifest: Manifest,
  matches: Map<string, string[]>,
  deployed: ReadonlyMap<string, DeployedBase> | undefined,
  workspace: ReadonlyMap<string, Reason> | undefined,
): Map<string, Reason> {
  const reasons = new Map<string, Reason>();
  for (const platform of manifest.platforms) {
    const base = deployed?.get(platform.name);
    if (base?.type === 'deployed') {
      const { commit, commits, files } = base;
      if (files.length > 0) reasons.set(platform.name, { type: 'deployed', commit, commits, files });
      continue;
    }
    if (base?.type === 'behind') {
      reasons.set(platform.name, { type: 'behind', why: base.why });
      continue;
    }
    const derived = workspace?.get(platform.name);
    const files = matches.get(platform.name) ?? [];
    if (derived) reasons.set(platform.name, derived);
    else if (files.length > 0) reasons.set(platform.name, { type: 'files', files });
  }
  for (const platform of manifest.platforms) {
    const own = reasons.get(platform.name)?.type;
    if (!platform.cascade || own === undefined || !CHANGED.includes(own)) continue;
    for (const dependent of downstreamOf(manifest, platform.name)) {
      if (!reasons.has(dependent)) reasons.set(dependent, { type: 'dependency', via: platform.name });
    }
  }
  return reasons;
}

/** The reasons that mean a platform's own build changed (and so cascade). */
const CHANGED: readonly Reason['type'][] = [
  'files',
  'deployed',
  'workspace',
  'lockfile',
  'lockfile-unattributed',
  'root-file',
];

/** Every platform that needs `name`, directly or not. */
function downstreamOf(manifest: Manifest, name: string): string[] {
  const found = new Set<string>();
  const walk = (target: string): void => {
    for (const p of manifest.platforms) {
      if (p.needs.includes(target) && !found.has(p.name)) {
        found.add(p.name);
        walk(p.name);
      }
    }
  };
  walk(name);
  return manifest.platforms.map((p) => p.name).filter((n) => found.has(n));
}

/** Every platform `name` needs, directly or not. */
function upstreamOf(manifest: Manifest, name: string): string[] {
  const byName = new Map<string, Platform>(manifest.platforms.map((p) => [p.name, p]));
  const found = new Set<string>();
  const walk = (current: string): void => {
    for (const need of byName.get(current)?.needs ?? []) {
      if (!found.has(need)) {
        found.add(need);
        walk(need);
      }
    }
  };
  walk(name);
  return manifest.platforms.map((p) => p.name).filter((n) => found.has(n));
}
