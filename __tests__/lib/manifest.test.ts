import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentForBranch, parseManifest, triggerRefs } from '../../src/lib/manifest.js';
import { healthTargetsFor, hooksFor, NO_HOOKS } from '../../src/lib/platform.js';
import { inputErrorMessage } from '../support/errors.js';

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
    expect(manifest.platforms[0]?.targets.development).toEqual({
      id: 'infra-dev',
      secret: undefined,
      names: undefined,
    });
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

  it("takes targets by Dokploy's names; the name's key gives the kind", () => {
    const manifest = parseManifest(
      [
        'platforms:',
        '  web:',
        '    paths: web/**',
        '    deploy:',
        '      production: { project: web-platform, application: frontend }',
        '      staging: { project: web-platform, environment: preview, application: frontend }',
        '  infra:',
        '    paths: infra/**',
        '    deploy: { kind: compose, production: { project: infra, compose: stack }, staging: { secret: INFRA_STAGING_ID } }',
      ].join('\n'),
      'm',
    );
    const [web, infra] = manifest.platforms;
    expect(web?.kind).toBe('application');
    expect(web?.targets).toEqual({
      production: {
        id: undefined,
        secret: undefined,
        names: { project: 'web-platform', environment: 'production', service: 'frontend' },
      },
      staging: {
        id: undefined,
        secret: undefined,
        names: { project: 'web-platform', environment: 'preview', service: 'frontend' },
      },
    });
    expect(infra?.kind).toBe('compose');
    expect(infra?.targets.staging).toEqual({ id: undefined, secret: 'INFRA_STAGING_ID', names: undefined });
  });

  it.each([
    [
      'production: { application: frontend }',
      "Platforms manifest field 'platforms.a.deploy.production.project' in m: name the service's Dokploy project",
    ],
    [
      'production: { project: p, application: a, compose: b }',
      "Platforms manifest field 'platforms.a.deploy.production' in m: name exactly one of application or compose (the service in the project)",
    ],
    [
      'production: { project: p, application: a, id: x }',
      "Platforms manifest field 'platforms.a.deploy.production' in m: give exactly one of id, secret, or project with application or compose, e.g. { project: web-platform, application: frontend }",
    ],
    [
      'kind: compose, production: { project: p, application: a }',
      "Platforms manifest field 'platforms.a.deploy.production.application' in m names the other kind: use compose: (deploy.kind is compose)",
    ],
    [
      'production: { id: x }',
      "Platforms manifest field 'platforms.a.deploy.kind' in m: use one of application, compose",
    ],
  ])('a named target %s: one line', (deploy, message) => {
    expect(() =>
      parseManifest(`platforms:\n  a:\n    paths: a/**\n    deploy: { ${deploy} }\n`, 'm'),
    ).toThrow(message);
  });

  it('reads hooks per platform and per environment, each field replacing the platform one', () => {
    const manifest = parseManifest(
      [
        'platforms:',
        '  api:',
        '    paths: [api/**]',
        '    hooks: { before: npm run migrate, after: node smoke.js, timeout: 90s }',
        '    deploy:',
        '      kind: application',
        '      production: { id: a1, url: "https://api.example.com", hooks: { before: npm run migrate -- --prod } }',
        '      staging: { id: a2 }',
        '  stack:',
        '    paths: [stack/**]',
        '    deploy:',
        '      kind: compose',
        '      staging: { id: c1, hooks: { after: ./check, service: web } }',
        '',
      ].join('\n'),
      'm',
    );
    const [api, stack] = manifest.platforms;
    expect(hooksFor(api!, 'production')).toEqual({
      before: 'npm run migrate -- --prod',
      after: 'node smoke.js',
      service: undefined,
      timeoutMs: 90_000,
    });
    expect(hooksFor(api!, 'staging')).toMatchObject({ before: 'npm run migrate', timeoutMs: 90_000 });
    expect(hooksFor(stack!, 'staging')).toEqual({
      before: undefined,
      after: './check',
      service: 'web',
      timeoutMs: undefined,
    });
    expect(hooksFor(stack!, 'production')).toEqual(NO_HOOKS);
    expect([api!.targets.production?.url, api!.targets.staging?.url]).toEqual([
      'https://api.example.com',
      undefined,
    ]);
  });

  it('maps branches and tags by glob: an exact key first, then the first matching pattern in file order', () => {
    const manifest = parseManifest(
      [
        'environments:',
        '  main: production',
        "  'release/*': staging",
        "  'hotfix/**': production",
        "  'release/next': development",
        "  'v[0-9]*': production",
        "  '*': development",
        'platforms: {}',
      ].join('\n'),
      'm',
    );
    const cases = [
      'main',
      'release/1.2',
      'release/next',
      'release/a/b',
      'hotfix/x/y',
      'v1.4.0',
      'feature',
      'feature/x',
      '',
    ];
    expect(cases.map((b) => [b, environmentForBranch(manifest, b)])).toEqual([
      ['main', 'production'],
      ['release/1.2', 'staging'],
      ['release/next', 'development'], // exact beats the earlier pattern
      ['release/a/b', ''], // * is one level; nothing else matches two levels but **
      ['hotfix/x/y', 'production'],
      ['v1.4.0', 'production'],
      ['feature', 'development'],
      ['feature/x', ''],
      ['', ''],
    ]);
  });

  it.each([
    ['release /*', 'it has a space or one of ~ ^ : \\ (git refuses them in ref names)'],
    ['release/', "it ends with '/', '.' or '.lock'"],
    ['a..b', "it has '..', '@{' or '//'"],
    ['-x', "it starts with '/' or '-'"],
    ['v[z-a]*', 'its [...] class is not valid'],
  ])('an environments key no branch can match (%j): one line', (key, problem) => {
    expect(() => parseManifest(`environments:\n  '${key}': staging\n`, 'm')).toThrow(
      `Platforms manifest field 'environments.${key}' in m can never match a branch: ${problem}: use a branch name or glob such as release/* or hotfix/**, or a tag as refs/tags/v*`,
    );
  });

  it('maps tags through refs/tags/ keys: a full tag ref only to them, a short name after every branch key', () => {
    const manifest = parseManifest(
      [
        'environments:',
        '  main: production',
        "  'release/*': staging",
        "  'refs/tags/v*': production",
        "  'refs/tags/rc-[0-9]*': staging",
        'platforms: {}',
      ].join('\n'),
      'm',
    );
    const cases = [
      'refs/tags/v1.2.0',
      'refs/tags/rc-7',
      'refs/tags/main',
      'refs/heads/v1.2.0',
      'refs/heads/release/1',
      'v1.2.0', // GITHUB_REF_NAME of a tag push: no branch key matches, so the tag keys do
      'release/1',
      'main',
      'refs/tags/',
    ];
    expect(cases.map((ref) => [ref, environmentForBranch(manifest, ref)])).toEqual([
      ['refs/tags/v1.2.0', 'production'],
      ['refs/tags/rc-7', 'staging'],
      ['refs/tags/main', ''],
      ['refs/heads/v1.2.0', ''],
      ['refs/heads/release/1', 'staging'],
      ['v1.2.0', 'production'],
      ['release/1', 'staging'],
      ['main', 'production'],
      ['refs/tags/', ''],
    ]);
    expect(triggerRefs(manifest)).toEqual({ branches: ['main', 'release/*'], tags: ['v*', 'rc-[0-9]*'] });
  });

  it.each([
    [
      'refs/tags/',
      'can never match a tag: it is empty: use a branch name or glob such as release/* or hotfix/**, or a tag as refs/tags/v*',
    ],
    [
      'refs/tags/v1..2',
      "can never match a tag: it has '..', '@{' or '//': use a branch name or glob such as release/* or hotfix/**, or a tag as refs/tags/v*",
    ],
    [
      'refs/heads/main',
      'is a full ref: write a branch without refs/heads/, and a tag as refs/tags/ and its name or glob (refs/tags/v*)',
    ],
  ])('an environments key %j that names no tag or branch: one line', (key, message) => {
    expect(() => parseManifest(`environments:\n  '${key}': staging\n`, 'm')).toThrow(
      `Platforms manifest field 'environments.${key}' in m ${message}`,
    );
  });

  it('reads tests.with-deploy (default false) and refuses it without a unit or integration command', () => {
    const manifest = (tests: string) =>
      parseManifest(`platforms:\n  web:\n    paths: [web/**]\n    tests: ${tests}\n`, 'm.yml');
    const web = manifest('{ unit: npm test, with-deploy: true }').platforms[0];
    expect([web?.tests, web?.testsWithDeploy]).toEqual([{ unit: 'npm test' }, true]);
    expect(manifest('{ unit: npm test }').platforms[0]?.testsWithDeploy).toBe(false);
    expect(inputErrorMessage(() => manifest('{ e2e: npm run e2e, with-deploy: true }'))).toBe(
      "Platforms manifest field 'platforms.web.tests.with-deploy' in m.yml is 'true': give tests.unit or tests.integration to run in the deploy leg",
    );
    expect(inputErrorMessage(() => manifest('{ unit: npm test, with-deploy: yes }'))).toMatch(
      /^Platforms manifest field 'platforms\.web\.tests\.with-deploy' in m\.yml is 'yes': use true or false/,
    );
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
    [
      'platfroms: {}',
      "Platforms manifest field 'platfroms' in m is not known: use one of environments, promote-from, platforms",
    ],
    [
      'platforms:\n  a:\n    pathz: [a/**]',
      "Platforms manifest field 'platforms.a.pathz' in m is not known: use one of paths, package, needs, cascade, deploy, health, tests",
    ],
    [
      'platforms:\n  a:\n    needs: [b]',
      "Platforms manifest field 'platforms.a.paths' in m: list at least one glob, e.g. paths: [a/**]",
    ],
    [
      'platforms:\n  a:\n    paths: [a/**]\n    needs: [b]',
      "Platforms manifest field 'platforms.a.needs' in m is 'b': not a platform of this manifest; use one of a",
    ],
    [
      'platforms:\n  a: { paths: a/**, needs: [c] }\n  b: { paths: b/**, needs: [a] }\n  c: { paths: c/**, needs: [b] }',
      "Platforms manifest 'm': needs form a cycle: a → c → b → a",
    ],
    [
      'platforms:\n  a: { paths: a/**, needs: [a] }',
      "Platforms manifest field 'platforms.a.needs' in m is 'a': a platform cannot need itself",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: app } }',
      "Platforms manifest field 'platforms.a.deploy.kind' in m is 'app': use one of application, compose",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: compose, prod: { id: x } } }',
      "Platforms manifest field 'platforms.a.deploy.prod' in m is not an environment of this manifest: use one of production, staging, development",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: compose, staging: { id: x, secret: Y } } }',
      "Platforms manifest field 'platforms.a.deploy.staging' in m: give exactly one of id, secret, or project with application or compose, e.g. { project: web-platform, application: frontend }",
    ],
    [
      'platforms:\n  a: { paths: a/**, deploy: { kind: compose, staging: { secret: my-secret } } }',
      "Platforms manifest field 'platforms.a.deploy.staging.secret' in m is 'my-secret': use a secret's name: letters, digits and '_'",
    ],
    [
      'platforms:\n  a: { paths: a/**, cascade: yes }',
      "Platforms manifest field 'platforms.a.cascade' in m is 'yes': use true or false",
    ],
    [
      'platforms:\n  a: { paths: [a/**], tests: { unit: 5 } }',
      "Platforms manifest field 'platforms.a.tests.unit' in m is '5': use a shell command (a string)",
    ],
    [
      'platforms:\n  a: { paths: ["!a/*.md"] }',
      "Platforms manifest field 'platforms.a.paths' in m: add the paths to include (it has only '!' patterns)",
    ],
    [
      'platforms:\n  a: { paths: [a/**], hooks: { before: 1 }, deploy: { kind: application } }',
      "Platforms manifest field 'platforms.a.hooks.before' in m is '1': use a shell command (a string)",
    ],
    [
      'platforms:\n  a: { paths: [a/**], hooks: { migrate: x }, deploy: { kind: application } }',
      "Platforms manifest field 'platforms.a.hooks.migrate' in m",
    ],
    [
      'platforms:\n  a: { paths: [a/**], hooks: { before: x, timeout: soon }, deploy: { kind: application } }',
      "Platforms manifest field 'platforms.a.hooks.timeout' in m is 'soon': use a duration such as 500ms, 2s or 1m (a plain number means seconds)",
    ],
    [
      'platforms:\n  a: { paths: [a/**], hooks: { before: x, service: web }, deploy: { kind: application } }',
      "Platforms manifest field 'platforms.a.hooks.service' in m is 'web': remove it: an application's commands run in its own container (service is for compose stacks)",
    ],
    [
      'platforms:\n  a: { paths: [a/**], deploy: { kind: compose, staging: { id: c, hooks: { before: x } } } }',
      "Platforms manifest field 'platforms.a.deploy.staging.hooks.service' in m is required: name the compose service whose container runs the commands, e.g. service: web",
    ],
    [
      'platforms:\n  a: { paths: [a/**], deploy: { kind: application, staging: { id: x, url: "ftp://a" } } }',
      "Platforms manifest field 'platforms.a.deploy.staging.url' in m is 'ftp://a': use the http(s) address people open, e.g. https://bizoholic.example.com (no credentials)",
    ],
    [
      'platforms:\n  a: { paths: [a/**], deploy: { kind: application, staging: { id: x, url: "https://u:p@a.example" } } }',
      "Platforms manifest field 'platforms.a.deploy.staging.url' in m is 'https://u:p@a.example': use the http(s) address",
    ],
    ['- a', "Platforms manifest field '(top level)' in m: must be a mapping"],
  ])('rejects %j with one clear line', (yaml, message) => {
    expect(() => parseManifest(yaml, 'm')).toThrow(message);
  });
});
