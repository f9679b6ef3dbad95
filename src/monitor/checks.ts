/**
 * What one monitor run checks, pure: the legs `workflows-templates/monitor.yml` plans. Per environment,
 * every platform the manifest deploys there with health targets (detect-changed-platforms' plan with
 * `select: all`), plus the separation checks when there is a spec and the environment has a platform.
 */
import { planDeploys } from '../detect-changed-platforms/plan.js';
import type { Manifest } from '../lib/platform.js';
import type { StepsConfig } from '../pipeline/steps.js';
import { parseTargets, type Target } from '../wait-healthy/index.js';

/** The separation spec resolved for one environment, with its credentials and the action's settings. */
export type SeparationCheck = NonNullable<StepsConfig['separation']>;

/** One check: a platform's health targets, or the separation checks, in one environment. */
export type MonitorCheck =
  | { kind: 'health'; subject: string; environment: string; targets: Target[] }
  | { kind: 'separation'; subject: 'separation'; environment: string; separation: SeparationCheck };

/**
 * Returns the checks for `environments`, in their order: each environment's platforms (manifest order
 * by stage), then its separation checks.
 * @param separationFor - the separation checks for an environment that has a platform (undefined: none)
 * @throws InputError for a health target line that does not parse (naming the manifest field)
 */
export function planChecks(
  manifest: Manifest,
  environments: readonly string[],
  separationFor: (environment: string) => SeparationCheck | undefined,
): MonitorCheck[] {
  const checks: MonitorCheck[] = [];
  for (const environment of environments) {
    const plan = planDeploys({ manifest, matches: new Map(), environment, branch: '', select: ['all'] });
    for (const platform of plan.platforms) {
      if (platform.health.length === 0) continue;
      const subject = `${manifest.source} platforms.${platform.name}.health (${environment})`;
      checks.push({
        kind: 'health',
        subject: platform.name,
        environment,
        targets: parseTargets(platform.health, subject),
      });
    }
    const separation = plan.platforms.length > 0 ? separationFor(environment) : undefined;
    if (separation) checks.push({ kind: 'separation', subject: 'separation', environment, separation });
  }
  return checks;
}
