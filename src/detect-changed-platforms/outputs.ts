import type { ChangedFile } from './file.js';
import { formatFileList, type ListFiles } from './list-format.js';
import type { Plan, PlannedPlatform } from './plan.js';

/** What the outputs are built from. */
export interface OutputSource {
  /** dorny filters' matches, in filter order (`undefined` without the `filters` input). */
  filterMatches: Map<string, ChangedFile[]> | undefined;
  /** The plan (`undefined` without a manifest). */
  plan: Plan | undefined;
  listFiles: ListFiles;
}

/**
 * Returns the action's outputs in the order they are set. dorny's outputs come first and exactly as
 * dorny writes them (per filter in JS property order: `<name>`, `<name>_count`, `<name>_files`); then, with a manifest, per-platform outputs in the same shape, and the
 * plan outputs. `changes` lists the filters with matches or, without filters, the selected platforms.
 */
export function buildOutputs(source: OutputSource): [string, string][] {
  const outputs: [string, string][] = [];
  // The file names only when they are listed (`list-files: none` needs the count alone).
  const perName = (name: string, count: number, names: () => string[], value: boolean): void => {
    outputs.push([name, String(value)], [`${name}_count`, String(count)]);
    if (source.listFiles !== 'none')
      outputs.push([`${name}_files`, formatFileList(names(), source.listFiles)]);
  };
  let changes: string[] | undefined;
  if (source.filterMatches) {
    changes = [];
    for (const [name, files] of source.filterMatches) {
      perName(name, files.length, () => files.map((f) => f.filename), files.length > 0);
      if (files.length > 0) changes.push(name);
    }
  }
  const plan = source.plan;
  if (plan) {
    for (const d of plan.decisions) perName(d.name, d.files.length, () => d.files, d.selected);
    changes ??= plan.decisions.filter((d) => d.selected).map((d) => d.name);
  }
  // dorny does not overwrite a filter named "changes" (it logs that the name is taken and skips it).
  if (changes && !outputs.some(([name]) => name === 'changes'))
    outputs.push(['changes', JSON.stringify(changes)]);
  if (plan) {
    outputs.push(
      ['environment', plan.environment],
      ['plan', JSON.stringify(planJson(plan))],
      ['matrix', JSON.stringify({ include: plan.platforms.map((p) => matrixEntry(p, plan.environment)) })],
      ['test-matrix', JSON.stringify({ include: testEntries(plan) })],
      ['stages', JSON.stringify(plan.stages)],
      // The template's separation job after this stage runs; '' means no separation job at all.
      ['separation-stage', plan.separation ? String(plan.separation.afterStage) : ''],
      ['separation-platforms', JSON.stringify(plan.separation?.platforms ?? [])],
    );
    plan.stages.forEach((_, stage) => {
      const include = plan.platforms
        .filter((p) => p.stage === stage)
        .map((p) => matrixEntry(p, plan.environment));
      outputs.push([`matrix-stage-${stage}`, JSON.stringify({ include })]);
    });
  }
  return outputs;
}

/** One `strategy.matrix.include` entry (docs/platforms-manifest.md). */
export function matrixEntry(p: PlannedPlatform, environment: string): Record<string, string | number> {
  return {
    platform: p.name,
    stage: p.stage,
    environment,
    kind: p.kind,
    id: p.id,
    secret: p.secret,
    project: p.project,
    'project-environment': p.projectEnvironment,
    service: p.service,
    health: p.health.join('\n'),
    unit: p.tests.unit ?? '',
    integration: p.tests.integration ?? '',
    // 'true': the leg runs unit and integration before its deploy (tests.with-deploy).
    'tests-with-deploy': p.testsWithDeploy ? 'true' : '',
    // The deploy action's inputs of the same names ('' = none).
    'pre-deploy': p.hooks.before ?? '',
    'post-deploy': p.hooks.after ?? '',
    'hook-service': p.hooks.service ?? '',
    'hook-timeout': p.hooks.timeoutMs === undefined ? '' : `${p.hooks.timeoutMs}ms`,
    // The leg's GitHub environment link.
    url: p.url,
    // The deploy action's promote-from inputs: the environment that must have verified this content.
    'promote-from': p.promotion?.from ?? '',
    'promote-id': p.promotion?.id ?? '',
    'promote-secret': p.promotion?.secret ?? '',
    'promote-project': p.promotion?.project ?? '',
    'promote-project-environment': p.promotion?.projectEnvironment ?? '',
    'promote-service': p.promotion?.service ?? '',
    'promote-health': p.promotion?.health.join('\n') ?? '',
  };
}

/**
 * A leg per selected platform that has a test command (a leg with none would start a runner for
 * nothing), except those whose deploy leg runs them (tests.with-deploy) in this plan.
 */
function testEntries(plan: Plan): Record<string, string | number>[] {
  const inDeployLeg = new Set(plan.platforms.filter((p) => p.testsWithDeploy).map((p) => p.name));
  return plan.decisions
    .filter((d) => d.selected && (d.tests.unit !== undefined || d.tests.integration !== undefined))
    .filter((d) => !inDeployLeg.has(d.name))
    .map((d) => ({
      platform: d.name,
      stage: d.stage,
      unit: d.tests.unit ?? '',
      integration: d.tests.integration ?? '',
    }));
}

function planJson(plan: Plan): unknown {
  return {
    environment: plan.environment,
    branch: plan.branch,
    stages: plan.stages,
    platforms: plan.platforms.map((p) => ({ ...p })),
  };
}
