/**
 * `dokploy-deploy doctor` (the CLI bundle) against the kit's Dokploy sandbox: a manifest whose
 * targets are right, and one with every kind of mistake the doctor names.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { machineNode, ROOT } from '../support/bundle.js';
import { tempRepo, type TempRepo } from '../support/git.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const API_KEY = 'doctor-sandbox-key-7e2a41';

let sandbox: Sandbox;
let repo: TempRepo;

beforeAll(async () => {
  sandbox = await startSandbox({
    apiKey: API_KEY,
    scenario: {
      version: 'v0.30.2',
      services: [
        { composeId: 'cmp-infra', name: 'stack', project: 'infrastructure' },
        // Rollbacks on (a registry keeps their images): a built application can be rolled back.
        { applicationId: 'app-web', name: 'web', project: 'acme-web', rollback: true },
        {
          applicationId: 'app-web-stg',
          name: 'web',
          project: 'acme-web',
          environment: 'staging',
          branch: 'staging',
          rollback: true,
        },
        { applicationId: 'app-api', name: 'api', project: 'acme-api', rollback: true },
        {
          applicationId: 'app-pushed',
          name: 'pushed',
          project: 'acme-api',
          autoDeploy: true,
          branch: 'develop',
        },
        {
          applicationId: 'app-image',
          name: 'image',
          project: 'acme-api',
          sourceType: 'docker',
          autoDeploy: true,
        },
      ],
    },
  });
  repo = tempRepo('main');
  repo.commit('first', { 'README.md': 'a' });
});

afterAll(async () => {
  await sandbox.close();
  repo.remove();
});

async function doctor(
  manifest: Record<string, unknown>,
  env: Record<string, string> = {},
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  repo.write({ '.github/platforms.yml': stringify(manifest) });
  const all = { PATH: process.env.PATH ?? '', DOKPLOY_URL: sandbox.url, DOKPLOY_TOKEN: API_KEY, ...env };
  try {
    const { stdout, stderr } = await run(machineNode(), [CLI, 'doctor', ...args], {
      cwd: repo.dir,
      env: all,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const GOOD = {
  environments: { main: 'production', staging: 'staging' },
  platforms: {
    infrastructure: {
      paths: ['infra/**'],
      deploy: { kind: 'compose', production: { id: 'cmp-infra' } },
      health: ['tcp://127.0.0.1:5432'],
    },
    web: {
      paths: ['web/**'],
      needs: ['infrastructure'],
      deploy: {
        production: { project: 'acme-web', application: 'web' },
        staging: { project: 'acme-web', application: 'web' },
      },
      health: { production: ['https://web.example.com/health'] },
    },
    api: {
      paths: ['api/**'],
      needs: ['infrastructure'],
      deploy: { kind: 'application', production: { secret: 'DOKPLOY_API_PROD_ID' } },
    },
  },
};

describe('dokploy-deploy doctor against the sandbox', () => {
  it('says ok for every target that resolves, by name, id or id variable, and exits 0', async () => {
    const result = await doctor(GOOD, { DOKPLOY_API_PROD_ID: 'app-api' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'ok       Dokploy                    v0.30.2, the key is accepted',
      "ok       infrastructure/production  compose 'stack' (cmp-infra, id in the manifest)",
      "ok       web/production             application 'web' (app-web, application 'web' in acme-web/production)",
      "ok       api/production             application 'api' (app-api, id from DOKPLOY_API_PROD_ID)",
      "ok       web/staging                application 'web' (app-web-stg, application 'web' in acme-web/staging)",
      'ok       Dokploy                    the key may read Swarm tasks (docker:read, for the running check)',
      '',
      '0 errors, 0 warnings, 6 ok.',
      '',
    ]);
    expect(result.stdout).not.toContain(API_KEY);
  });

  it('names each mistake in one line and exits 1: an unknown name, a wrong kind, an unset variable, a bad health target', async () => {
    const bad = structuredClone(GOOD) as { platforms: Record<string, Record<string, unknown>> };
    const platforms = bad.platforms as Record<'infrastructure' | 'web', Record<string, unknown>>;
    platforms.infrastructure.deploy = { kind: 'application', production: { id: 'cmp-infra' } };
    platforms.web.deploy = { production: { project: 'acme-web', application: 'website' } };
    platforms.web.health = { production: ['gopher://web.example.com'] };
    const result = await doctor(bad, {}, '--environment', 'production');
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      'error    infrastructure/production  cmp-infra is a compose stack, not an application: set deploy.kind: compose',
    );
    expect(lines).toContain(
      "error    web/production             The application 'website' in acme-web/production was not found (known: 'web')",
    );
    expect(lines).toContain(
      'error    api/production             the variable DOKPLOY_API_PROD_ID that holds its id is not set (export it, or name the service: { project, application|compose })',
    );
    expect(
      lines.some((l) => /^error {4}web\/production {13}.*platforms\.web\.health line 1.*gopher/.test(l)),
    ).toBe(true);
    expect(lines).not.toContain(expect.stringContaining('/staging'));
    expect(lines.at(-2)).toBe('4 errors, 0 warnings, 1 ok.');
  });

  it('warns about Auto Deploy on a GitHub source and a branch the environment does not deploy, and still exits 0', async () => {
    const manifest = {
      environments: { main: 'production' },
      platforms: {
        pushed: { paths: ['p/**'], deploy: { kind: 'application', production: { id: 'app-pushed' } } },
        image: { paths: ['i/**'], deploy: { kind: 'application', production: { id: 'app-image' } } },
      },
    };
    const result = await doctor(manifest);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'ok       Dokploy            v0.30.2, the key is accepted',
      "ok       pushed/production  application 'pushed' (app-pushed, id in the manifest)",
      'warning  pushed/production  Auto Deploy is on for its github source: Dokploy deploys every push itself and the pipeline deploys it again; turn Auto Deploy off in its General tab',
      "warning  pushed/production  it builds branch 'develop', but production deploys from 'main': set its branch in Dokploy",
      "warning  pushed/production  Rollbacks are off: an unhealthy deploy of this built application cannot be rolled back; turn on Rollbacks with a registry in its Advanced tab, or set the variable DOKPLOY_ROLLBACK to 'never'",
      // A docker source gets no pushes by itself: Auto Deploy (Dokploy's default) is harmless there.
      "ok       image/production   application 'image' (app-image, id in the manifest)",
      'ok       Dokploy            the key may read Swarm tasks (docker:read, for the running check)',
      '',
      '0 errors, 3 warnings, 4 ok.',
      '',
    ]);
  });

  it('says when an id secret the manifest names is not passed by the installed workflows (set or not)', async () => {
    const stage = readFileSync(join(ROOT, 'workflows-templates', 'deploy-stage.yml'), 'utf8');
    repo.write({ '.github/workflows/deploy-stage.yml': stage });
    try {
      const result = await doctor(GOOD, { DOKPLOY_API_PROD_ID: 'app-api' });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        'error    api/production             the secret DOKPLOY_API_PROD_ID that holds its id is not passed by .github/workflows/deploy-stage.yml (their project ids blocks): even when it is set, the deploy sees it empty; run dokploy-deploy init --sync\n',
      );
      expect(result.stdout).toContain('1 error, 0 warnings, 6 ok.');
      // The template passes the seed's secrets: a manifest naming those finds no such line.
      const seed = {
        ...GOOD,
        platforms: {
          ...GOOD.platforms,
          api: {
            ...GOOD.platforms.api,
            deploy: { kind: 'application', production: { secret: 'DOKPLOY_MANAGEMENT_PROD_ID' } },
          },
        },
      };
      const passed = await doctor(seed, { DOKPLOY_MANAGEMENT_PROD_ID: 'app-api' });
      expect(passed.stdout).not.toContain('is not passed by');
    } finally {
      repo.write({ '.github/workflows/deploy-stage.yml': null });
    }
  });

  it('stops at the key: a refused key is one error line that says what to do', async () => {
    const result = await doctor(GOOD, { DOKPLOY_TOKEN: 'not-the-key' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^error {4}Dokploy {2}Dokploy GET \/api\/settings\.getDokployVersion answered 401/,
    );
    expect(result.stdout).toContain('a key created through the API allows 5 calls a day');
    expect(result.stdout).not.toContain('not-the-key');
  });

  it('validates its options and the environment in one line each', async () => {
    expect(await doctor(GOOD, {}, '--environment', 'prod')).toMatchObject({
      code: 1,
      stderr: "dokploy-deploy doctor: Option --environment is 'prod': use one of production, staging\n",
    });
    expect(await doctor(GOOD, {}, '--manifest', 'nope.yml')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^dokploy-deploy doctor: Option --manifest is 'nope.yml': no such file \(relative to .*\); give a path or inline YAML\n$/,
      ) as unknown,
    });
    expect(await doctor(GOOD, { DOKPLOY_URL: '' })).toMatchObject({
      code: 1,
      stderr:
        "dokploy-deploy doctor: Environment variable DOKPLOY_URL: is required: your Dokploy server's address, e.g. DOKPLOY_URL=https://dokploy.example.com\n",
    });
  });
});
