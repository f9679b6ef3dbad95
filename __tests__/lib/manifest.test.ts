import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentForBranch, parseManifest } from '../../src/lib/manifest.js';
import { healthTargetsFor } from '../../src/lib/platform.js';

const SEED = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'detect', 'seed-platforms.yml'),
  'utf8',
);

describe('parseManifest', () => {
  it('reads the seed manifest and derives stages from needs', () => {
    const manifest = parseManifest(SEED, 'seed.yml');
    expect(manifest.platforms.map((p) => [p.name, p.stage])).toEqual([
      ['infrastructure', 0],
      ['bizoholic', 1],
      ['coreldove', 1],
      ['management', 2],
    ]);
    expect(manifest.stageCount).toBe(3);
    expect(manifest.platforms[0]?.targets.development).toEqual({ id: 'infra-dev', secret: undefined });
    expect(manifest.platforms[0]?.cascade).toBe(true);
  });

  it('maps branches to environments with the seed default', () => {
    const manifest = parseManifest(SEED, 'seed.yml');
    expect(['main', 'staging', 'develop', 'feature/x'].map((b) => environmentForBranch(manifest, b))).toEqual(
      ['production', 'staging', 'development', ''],
    );
  });

  it('merges list-form and per-environment health targets', () => {
    const manifest = parseManifest(SEED, 'seed.yml');
    const [infrastructure, bizoholic] = manifest.platforms;
    expect(healthTargetsFor(infrastructure!, 'staging')).toEqual(['tcp://127.0.0.1:5432']);
    expect(healthTargetsFor(bizoholic!, 'staging')).toEqual([
      'https://staging.bizoholic.example.com/api/health',
    ]);
    expect(healthTargetsFor(bizoholic!, 'development')).toEqual([]);
  });

  it('takes a custom environments map', () => {
    const manifest = parseManifest(
      'environments:\n  trunk: prod\nplatforms:\n  a:\n    paths: a/**\n    deploy: { kind: application, prod: { id: x } }\n',
      'm',
    );
    expect(environmentForBranch(manifest, 'trunk')).toBe('prod');
    expect(environmentForBranch(manifest, 'main')).toBe('');
  });

  it.each([
    ['platforms: [', /^Platforms manifest 'm': invalid YAML: /],
    ['platfroms: {}', "Platforms manifest 'm': unknown key 'platfroms' (known: environments, platforms)"],
    [
      'platforms:\n  a:\n    pathz: [a/**]',
      "Platforms manifest 'm': unknown key 'platforms.a.pathz' (known: paths, needs, cascade, deploy, health, tests)",
    ],
    [
      'platforms:\n  a:\n    needs: [b]',
      "Platforms manifest 'm': platforms.a.paths must list at least one glob, e.g. paths: [a/**]",
    ],
    [
      'platforms:\n  a:\n    paths: [a/**]\n    needs: [b]',
      "Platforms manifest 'm': platforms.a.needs names unknown platform 'b' (known: a)",
    ],
    [
      'platforms:\n  a: { paths: a/**, needs: [c] }\n  b: { paths: b/**, needs: [a] }\n  c: { paths: c/**, needs: [b] }',
      "Platforms manifest 'm': needs form a cycle: a → c → b → a",
    ],
    [
      'platforms:\n  a: { paths: a/**, needs: [a] }',
      "Platforms manifest 'm': platforms.a.needs names the platform itself",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: app } }',
      "Platforms manifest 'm': platforms.a.deploy.kind must be one of application, compose",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: compose, prod: { id: x } } }',
      "Platforms manifest 'm': platforms.a.deploy.prod: 'prod' is not an environment of this manifest (known: production, staging, development)",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: compose, staging: { id: x, secret: Y } } }',
      "Platforms manifest 'm': platforms.a.deploy.staging needs exactly one of id or secret, e.g. { secret: DOKPLOY_APP_PROD_ID }",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: compose, staging: { secret: my-secret } } }',
      "Platforms manifest 'm': platforms.a.deploy.staging.secret 'my-secret' is not a valid secret name (letters, digits and '_')",
    ],
    [
      'platforms:\n  a: { paths: a/**, cascade: yes }',
      "Platforms manifest 'm': platforms.a.cascade must be true or false",
    ],
    [
      'platforms:\n  a: { paths: [a/**], tests: { unit: 5 } }',
      "Platforms manifest 'm': platforms.a.tests.unit must be a string (a shell command)",
    ],
    [
      'platforms:\n  a: { paths: ["!a/*.md"] }',
      "Platforms manifest 'm': platforms.a.paths has only '!' patterns: add the paths to include",
    ],
    ['- a', "Platforms manifest 'm': the top level must be a mapping"],
  ])('rejects %j with one clear line', (yaml, message) => {
    expect(() => parseManifest(yaml, 'm')).toThrow(message);
  });
});
