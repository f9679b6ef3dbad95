/**
 * `init --dokploy`: each platform's Dokploy service found by name in `project.all`, so the manifest
 * can name its targets (no id secrets to set). A project belongs to a platform when their names agree
 * once case, separators and a `-platform` suffix are left aside (bizoholic ↔ "Bizoholic Platform");
 * inside it, the Dokploy environment named like the kit's, and there the one service of the platform's
 * kind (or the one named like the platform when there are several). Nothing is guessed beyond that:
 * what is not found keeps its id secret, with a note saying what was looked for.
 */
import type { Project } from '../lib/dokploy-client.js';
import type { ServiceNames, TargetKind } from '../lib/platform.js';

/** What the search found: names per platform and environment, and one note per target not found. */
export interface FoundTargets {
  names: Record<string, Record<string, ServiceNames>>;
  notes: string[];
}

/** "Bizoholic_Platform" → "bizoholic". */
export function comparableName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_-]*platform$/, '')
    .replace(/[^a-z0-9]/g, '');
}

/** Finds every platform's service in every environment; see the module comment for the rules. */
export function findTargets(
  projects: readonly Project[],
  platforms: readonly { name: string; kind: TargetKind }[],
  environments: readonly string[],
): FoundTargets {
  const found: FoundTargets = { names: {}, notes: [] };
  for (const platform of platforms) {
    const want = comparableName(platform.name);
    const matching = projects.filter((p) => comparableName(p.name) === want);
    if (matching.length !== 1) {
      found.notes.push(
        matching.length === 0
          ? `${platform.name}: no Dokploy project named like it (projects: ${projects.map((p) => p.name).join(', ') || 'none'})`
          : `${platform.name}: several Dokploy projects named like it (${matching.map((p) => p.name).join(', ')})`,
      );
      continue;
    }
    const project = matching[0]!;
    for (const environment of environments) {
      const env = project.environments.find((e) => e.name === environment);
      if (!env) {
        found.notes.push(
          `${platform.name} in ${environment}: project '${project.name}' has no environment '${environment}' (it has ${project.environments.map((e) => e.name).join(', ')})`,
        );
        continue;
      }
      const services = platform.kind === 'application' ? env.applications : env.compose;
      const named = services.filter((s) => comparableName(s.name) === want);
      const service = named.length === 1 ? named[0] : services.length === 1 ? services[0] : undefined;
      if (!service) {
        found.notes.push(
          `${platform.name} in ${environment}: ${services.length === 0 ? `no ${platform.kind}` : `several ${platform.kind}s and none named like it (${services.map((s) => s.name).join(', ')})`} in ${project.name}/${environment}`,
        );
        continue;
      }
      (found.names[platform.name] ??= {})[environment] = {
        project: project.name,
        environment,
        service: service.name,
      };
    }
  }
  return found;
}
