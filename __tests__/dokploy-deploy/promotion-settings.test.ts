/**
 * promote-from end to end on the configuration side: the manifest's `promote-from:` (validated), the
 * plan's matrix fields the stage workflow passes on, and the deploy action's inputs (validated).
 */
import { describe, expect, it } from '@jest/globals';
import { matrixEntry } from '../../src/detect-changed-platforms/outputs.js';
import { planDeploys } from '../../src/detect-changed-platforms/plan.js';
import { readSettings, type RunContext } from '../../src/dokploy-deploy/settings.js';
import { parseManifest } from '../../src/lib/manifest.js';
import { inputErrorMessage } from '../support/errors.js';

const MANIFEST = `
promote-from: { production: staging }
platforms:
  web:
    paths: [web/**]
    health: ['https://web.example.com/health']
    deploy:
      kind: application
      staging: { project: shop, environment: staging, application: web }
      production: { secret: WEB_PROD_ID }
  api:
    paths: [api/**]
    deploy:
      kind: compose
      staging: { secret: API_STAGING_ID }
      production: { id: cmp-prod }
`;

describe('manifest promote-from', () => {
  it('reads the environment map', () => {
    expect(parseManifest(MANIFEST, 'inline').promoteFrom).toEqual({ production: 'staging' });
    expect(parseManifest('platforms: {}', 'inline').promoteFrom).toEqual({});
  });

  it.each([
    [
      'promote-from: { prod: staging }',
      "field 'promote-from.prod': 'prod' is not an environment of the manifest (production, staging, development)",
    ],
    [
      'promote-from: { production: qa }',
      "field 'promote-from.production' is 'qa': is not an environment of the manifest (production, staging, development)",
    ],
    ['promote-from: { production: production }', 'an environment cannot promote from itself'],
    [
      'promote-from: { production: staging, staging: production }',
      'loops (production → staging → production): one environment must deploy on its own',
    ],
    ['promote-from: { production: 3 }', 'name the environment it promotes from, e.g. production: staging'],
    ['promote-from: [production]', "field 'promote-from': must be a mapping"],
  ])('%s → one clear line', (line, expected) => {
    expect(inputErrorMessage(() => parseManifest(`${line}\nplatforms: {}\n`, 'inline'))).toContain(expected);
  });

  it('needs a target in the environment promoted from', () => {
    const text = `promote-from: { production: staging }
platforms:
  web:
    paths: [web/**]
    deploy: { kind: application, production: { id: app-1 } }
`;
    expect(inputErrorMessage(() => parseManifest(text, 'inline'))).toBe(
      "Platforms manifest field 'platforms.web.deploy': has a production target but no staging target, which promote-from production: staging needs (add deploy.staging)",
    );
  });
});

describe('plan and matrix with promote-from', () => {
  const plan = (environment: string) =>
    planDeploys({
      manifest: parseManifest(MANIFEST, 'inline'),
      matches: new Map(),
      environment,
      branch: 'main',
      select: ['all'],
    });

  it('gives production legs the staging service and health, by name or by secret', () => {
    const [web, api] = plan('production').platforms.map((p) => matrixEntry(p, 'production'));
    expect(web).toMatchObject({
      'promote-from': 'staging',
      'promote-id': '',
      'promote-secret': '',
      'promote-project': 'shop',
      'promote-project-environment': 'staging',
      'promote-service': 'web',
      'promote-health': 'https://web.example.com/health',
    });
    expect(api).toMatchObject({
      'promote-from': 'staging',
      'promote-secret': 'API_STAGING_ID',
      'promote-service': '',
    });
  });

  it('leaves the legs of an environment that promotes from nothing empty', () => {
    const [web] = plan('staging').platforms.map((p) => matrixEntry(p, 'staging'));
    expect(web).toMatchObject({ 'promote-from': '', 'promote-project': '', 'promote-health': '' });
  });
});

describe('deploy inputs promote-from-*', () => {
  const RUN: RunContext = {
    workflow: 'D',
    runId: '1',
    runNumber: '1',
    runAttempt: '1',
    sha: 'a'.repeat(40),
    repository: 'acme/mono',
  };
  const base = { 'dokploy-url': 'https://dokploy.example.com', 'api-key': 'dk_secret_Zx81' };
  const read = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

  it('defaults the staging service to the same project and service name in the environment named like it', () => {
    const settings = readSettings(
      read({
        ...base,
        project: 'shop',
        'application-name': 'web',
        'promote-from': 'staging',
        'promote-from-health': 'tcp://db:5432\n\n',
      }),
      RUN,
    );
    expect(settings.promotion).toEqual({
      from: 'staging',
      target: { kind: 'application', id: '' },
      targetNames: { project: 'shop', environment: 'staging', service: 'web' },
      health: ['tcp://db:5432'],
    });
  });

  it('takes an id for a compose target', () => {
    const settings = readSettings(
      read({ ...base, 'compose-id': 'c-1', 'promote-from': 'staging', 'promote-from-id': 'c-2' }),
      RUN,
    );
    expect(settings.promotion?.target).toEqual({ kind: 'compose', id: 'c-2' });
    expect(readSettings(read({ ...base, 'compose-id': 'c-1' }), RUN).promotion).toBeUndefined();
  });

  it.each([
    [
      { 'application-id': 'a', 'promote-from-id': 'b' },
      "Input 'promote-from-id': needs 'promote-from' (the environment it promotes from, e.g. staging)",
    ],
    [
      { 'application-id': 'a', 'promote-from': 'staging' },
      "Input 'promote-from-id': is empty: give the staging service's id, or its names (promote-from-project, promote-from-service)",
    ],
    [
      { 'application-id': 'a', 'promote-from': 'stag;ing', 'promote-from-id': 'b' },
      "Input 'promote-from' is 'stag;ing': use the name of the environment it promotes from, e.g. staging",
    ],
    [
      { 'application-id': 'a', 'promote-from': 'staging', 'promote-from-id': 'b', 'rollback-to': 'previous' },
      "cannot be used with 'rollback-to'",
    ],
    [
      {
        'application-id': 'a',
        'promote-from': 'staging',
        'promote-from-id': 'b',
        'promote-from-service': 'web',
      },
      'are both set: give the service by id or by name, not both',
    ],
  ])('%j → one clear line', (inputs, expected) => {
    const text = inputErrorMessage(() => readSettings(read({ ...base, ...inputs }), RUN));
    expect(text).toContain(expected);
    expect(text).not.toContain('dk_secret_Zx81');
  });
});
