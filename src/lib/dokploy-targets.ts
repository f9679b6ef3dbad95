/**
 * Targets by name: the manifest and the deploy action may name a service as Dokploy's UI shows it
 * (project, environment, application or compose name) instead of its id. One `project.all` per run
 * gives every name; names match exactly (case and spaces included), and a name that is unknown or
 * ambiguous fails with the candidates listed, so nothing deploys to a guess.
 */
import type { Project, ServiceKind, ServiceRef } from './dokploy-client.js';
import { KitError } from './errors.js';
import type { ServiceNames } from './platform.js';

/** A name that does not resolve to exactly one service. */
export class TargetNameError extends KitError {
  override name = 'TargetNameError';
}

/** How a named service is shown to people: "application frontend in bizoholic-platform/production". */
export function describeNames(kind: ServiceKind, names: ServiceNames): string {
  return `${kind} '${names.service}' in ${names.project}/${names.environment}`;
}

/**
 * The service the names point to.
 * @throws TargetNameError naming what did not match and listing the candidates
 */
export function findService(
  projects: readonly Project[],
  kind: ServiceKind,
  names: ServiceNames,
): ServiceRef {
  const project = exactlyOne(
    projects.filter((p) => p.name === names.project),
    `Dokploy project '${names.project}'`,
    projects.map((p) => p.name),
    (p) => p.projectId,
  );
  const environment = exactlyOne(
    project.environments.filter((e) => e.name === names.environment),
    `Environment '${names.environment}' of Dokploy project '${names.project}'`,
    project.environments.map((e) => e.name),
    (e) => e.environmentId,
  );
  const services =
    kind === 'application'
      ? environment.applications.map((a) => ({ id: a.applicationId, name: a.name }))
      : environment.compose.map((c) => ({ id: c.composeId, name: c.name }));
  const service = exactlyOne(
    services.filter((s) => s.name === names.service),
    `The ${kind} '${names.service}' in ${names.project}/${names.environment}`,
    services.map((s) => s.name),
    (s) => s.id,
    otherKindHint(environment, kind, names.service),
  );
  return { kind, id: service.id };
}

function exactlyOne<T>(
  matches: T[],
  subject: string,
  candidates: string[],
  idOf: (item: T) => string,
  extra = '',
): T {
  if (matches.length === 1) return matches[0] as T;
  if (matches.length > 1) {
    throw new TargetNameError(
      `${subject} is ambiguous: ${matches.length} have that name (ids ${matches.map(idOf).join(', ')}); rename one in Dokploy or give the id`,
    );
  }
  const known = [...new Set(candidates)].sort();
  const list = known.length === 0 ? 'there are none' : `known: ${known.map((n) => `'${n}'`).join(', ')}`;
  throw new TargetNameError(`${subject} was not found (${list})${extra}`);
}

/** "; there is a compose stack of that name" when the other kind has the name: the manifest's kind is wrong. */
function otherKindHint(
  environment: Project['environments'][number],
  kind: ServiceKind,
  name: string,
): string {
  const other = kind === 'application' ? environment.compose : environment.applications;
  if (!other.some((s) => s.name === name)) return '';
  return `; ${kind === 'application' ? 'a compose stack' : 'an application'} has that name (is the kind right?)`;
}
