/**
 * `init --dokploy`: each platform's Dokploy service found by name in `project.all`, so the manifest
 * can name its targets (no id secrets to set). A project belongs to a platform when their names agree
 * once case, separators and a `-platform` suffix are left aside (bizoholic ↔ "Bizoholic Platform");
 * inside it, the Dokploy environment named like the kit's, and there the one service of the platform's
 * kind (or the one named like the platform when there are several). When no project is named like the
 * platform, the one project whose environments hold a service of its kind named like it (one Dokploy
 * project for the whole repository: storefront, api, ... side by side); there only the service named
 * like the platform is taken. Nothing is guessed beyond that: what is not found keeps its id secret,
 * with a note saying what was looked for.
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
    const ofKind = (env: Project['environments'][number]): { name: string }[] =>
      platform.kind === 'application' ? env.applications : env.compose;
    const named = projects.filter((p) => comparableName(p.name) === want);
    // No project of its own: the one project holding a service of its kind named like it.
    const holding =
      named.length === 0
        ? projects.filter((p) =>
            p.environments.some((e) => ofKind(e).some((s) => comparableName(s.name) === want)),
          )
        : [];
    const matching = named.length > 0 ? named : holding;
    if (matching.length !== 1) {
      found.notes.push(
        named.length > 1
          ? `${platform.name}: several Dokploy projects named like it (${named.map((p) => p.name).join(', ')})`
          : holding.length > 1
            ? `${platform.name}: no Dokploy project named like it, and several holding a ${platform.kind} named like it (${holding.map((p) => p.name).join(', ')})`
            : `${platform.name}: no Dokploy project named like it (projects: ${projects.map((p) => p.name).join(', ') || 'none'})`,
      );
      continue;
    }
    const project = matching[0]!;
    const shared = named.length === 0;
    for (const environment of environments) {
      const env = project.environments.find((e) => e.name === environment);
      if (!env) {
        found.notes.push(
          `${platform.name} in ${environment}: project '${project.name}' has no environment '${environment}' (it has ${project.environments.map((e) => e.name).join(', ')})`,
        );
        continue;
      }
      const services = ofKind(env);
      const alike = services.filter((s) => comparableName(s.name) === want);
      // In a project shared by several platforms, only the service named like this one is its.
      const service =
        alike.length === 1 ? alike[0] : services.length === 1 && !shared ? services[0] : undefined;
      if (!service) {
        found.notes.push(
          `${platform.name} in ${environment}: ${services.length === 0 ? `no ${platform.kind}` : shared ? `no ${platform.kind} named like it (${services.map((s) => s.name).join(', ')})` : `several ${platform.kind}s and none named like it (${services.map((s) => s.name).join(', ')})`} in ${project.name}/${environment}`,
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
