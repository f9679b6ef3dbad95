/**
 * `dokploy-deploy init --dokploy` (the CLI bundle) against the real Dokploy: on the seed's repository
 * shape it finds the fixtures' projects by name and writes targets by name, keeps id secrets where
 * nothing matches (the fixtures have no development environment), and `doctor` accepts the result.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { machineNode, ROOT } from '../support/bundle.js';
import { tempRepo } from '../support/git.js';
import { realDokployForThisFile } from '../support/real-dokploy.js';

jest.setTimeout(600_000);
const real = realDokployForThisFile();
const run = promisify(execFile);
const CLI = join(ROOT, 'dist', 'cli', 'index.js');

describe('dokploy-deploy init --dokploy against the real Dokploy', () => {
  test("writes the seed's targets by name from the fixtures' projects; doctor accepts them", async () => {
    const repo = tempRepo('main');
    try {
      repo.commit('the seed', {
        'infrastructure/docker-compose.yml': 'services: {}\n',
        'bizoholic-platform/package.json': '{"scripts":{"start":"next start"}}\n',
        'coreldove-platform/package.json': '{"scripts":{"start":"next start"}}\n',
        'management-platform/package.json': '{"scripts":{"start":"node server.js"}}\n',
        'shared/frontend/index.ts': 'export {};\n',
      });
      const env = { PATH: process.env.PATH ?? '', DOKPLOY_URL: real().url, DOKPLOY_TOKEN: real().apiKey };
      const init = await run(machineNode(), [CLI, 'init', '--dokploy', '--dir', repo.dir], { env });
      expect(init.stdout).toContain(
        '  bizoholic → project bizoholic-platform (production: application bizoholic, staging: application bizoholic)\n',
      );
      expect(init.stdout).toMatch(
        /\n {2}infrastructure → project infrastructure \(production: compose \S+, staging: compose \S+\)\n/,
      );
      expect(init.stdout).toContain(
        "  not found: management in development: project 'management-platform' has no environment 'development' (it has production, staging); its id secret stays in the manifest\n",
      );
      const manifest = readFileSync(join(repo.dir, '.github', 'platforms.yml'), 'utf8');
      expect(manifest).toContain(
        '      production: { project: coreldove-platform, application: coreldove }\n',
      );
      expect(manifest).toContain('      development: { secret: DOKPLOY_CORELDOVE_DEV_ID }\n');
      // Only the development ids are left to set.
      const secrets = init.stdout.split('Secrets to set')[1]!.split('\n\n')[0]!;
      expect(secrets.match(/DOKPLOY_\w+_ID/g)?.sort()).toEqual([
        'DOKPLOY_BIZOHOLIC_DEV_ID',
        'DOKPLOY_CORELDOVE_DEV_ID',
        'DOKPLOY_INFRASTRUCTURE_DEV_ID',
        'DOKPLOY_MANAGEMENT_DEV_ID',
      ]);
      for (const environment of ['production', 'staging']) {
        const doctor = await run(machineNode(), [CLI, 'doctor', '--environment', environment], {
          cwd: repo.dir,
          env,
        });
        expect(doctor.stdout).toMatch(/\n0 errors, \d+ warnings?, \d+ ok\.\n$/);
        expect(doctor.stdout).toContain(`\nok       coreldove/${environment}`);
        expect(doctor.stdout).not.toContain(real().apiKey);
      }
      expect(init.stdout).not.toContain(real().apiKey);
    } finally {
      repo.remove();
    }
  });
});
