/** Targets by name (src/lib/dokploy-targets.ts): exact matches, and one line listing the candidates otherwise. */
import { describe, expect, test } from '@jest/globals';
import type { Project } from '../../src/lib/dokploy-client.js';
import { findService } from '../../src/lib/dokploy-targets.js';

const env = (name: string, apps: string[], stacks: string[] = []) => ({
  environmentId: `env-${name}`,
  name,
  applications: apps.map((a) => ({ applicationId: `app-${name}-${a}`, name: a })),
  compose: stacks.map((c) => ({ composeId: `cmp-${name}-${c}`, name: c })),
});
const PROJECTS: Project[] = [
  {
    projectId: 'p1',
    name: 'web',
    environments: [env('production', ['frontend', 'api'], ['db']), env('staging', ['frontend'])],
  },
  { projectId: 'p2', name: 'twin', environments: [env('production', ['x'])] },
  { projectId: 'p3', name: 'twin', environments: [env('production', ['x'])] },
  { projectId: 'p4', name: 'dupes', environments: [env('production', ['same', 'same'])] },
];

describe('findService', () => {
  test('finds the service in the named project and environment', () => {
    const names = { project: 'web', environment: 'staging', service: 'frontend' };
    expect(findService(PROJECTS, 'application', names)).toEqual({
      kind: 'application',
      id: 'app-staging-frontend',
    });
    expect(findService(PROJECTS, 'compose', { ...names, environment: 'production', service: 'db' })).toEqual({
      kind: 'compose',
      id: 'cmp-production-db',
    });
  });

  test.each([
    [
      { project: 'Web', environment: 'production', service: 'api' },
      'application',
      "Dokploy project 'Web' was not found (known: 'dupes', 'twin', 'web')",
    ],
    [
      { project: 'twin', environment: 'production', service: 'x' },
      'application',
      "Dokploy project 'twin' is ambiguous: 2 have that name (ids p2, p3); rename one in Dokploy or give the id",
    ],
    [
      { project: 'web', environment: 'dev', service: 'api' },
      'application',
      "Environment 'dev' of Dokploy project 'web' was not found (known: 'production', 'staging')",
    ],
    [
      { project: 'web', environment: 'production', service: 'front' },
      'application',
      "The application 'front' in web/production was not found (known: 'api', 'frontend')",
    ],
    [
      { project: 'web', environment: 'production', service: 'db' },
      'application',
      "The application 'db' in web/production was not found (known: 'api', 'frontend'); a compose stack has that name (is the kind right?)",
    ],
    [
      { project: 'web', environment: 'staging', service: 'db' },
      'compose',
      "The compose 'db' in web/staging was not found (there are none)",
    ],
    [
      { project: 'dupes', environment: 'production', service: 'same' },
      'application',
      "The application 'same' in dupes/production is ambiguous: 2 have that name (ids app-production-same, app-production-same); rename one in Dokploy or give the id",
    ],
  ] as const)('%j (%s): one line with the candidates', (names, kind, message) => {
    expect(() => findService(PROJECTS, kind, names)).toThrow(message);
  });
});
