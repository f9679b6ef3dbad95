/**
 * `dokploy-deploy doctor` (the CLI bundle) against the real Dokploy: targets by id and by name resolve
 * to the fixtures, a git branch other than the environment's is warned about (Auto Deploy, on by
 * Dokploy's default, is not, for sources that get no pushes), and the key's docker:read permission
 * is checked with a real task listing.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { machineNode, ROOT } from '../support/bundle.js';
import { tempRepo } from '../support/git.js';
import { realDokployForThisFile, useBuilderBranch } from '../support/real-dokploy.js';

// The lock on the shared server may be held by another test file for minutes: the hook waits for it.
jest.setTimeout(600_000);
const real = realDokployForThisFile();
const run = promisify(execFile);

const NO_ROLLBACKS =
  "Rollbacks are off: an unhealthy deploy of this built application cannot be rolled back; turn on Rollbacks with a registry in its Advanced tab, or set the variable DOKPLOY_ROLLBACK to 'never'";

describe('dokploy-deploy doctor against the real Dokploy', () => {
  test('resolves ids and names, warns about a branch the environment does not deploy, not about Auto Deploy on a docker source', async () => {
    const { fixtures, api } = real();
    const bizoholic = fixtures.bizoholic!.production.id;
    const builder = fixtures.builder!.production.id;
    await useBuilderBranch(real(), 'main');
    // A built application without Dokploy's Rollbacks cannot be rolled back (another test may turn them on).
    await real().disableRollbacks(builder);
    // bizoholic's names, as Dokploy's UI shows them.
    const projects = (await api('project.all', {}, 'GET')) as {
      name: string;
      environments: { name: string; applications: { applicationId: string; name: string }[] }[];
    }[];
    const names = projects.flatMap((p) =>
      p.environments.flatMap((e) =>
        e.applications
          .filter((a) => a.applicationId === bizoholic)
          .map((a) => ({ project: p.name, environment: e.name, application: a.name })),
      ),
    )[0]!;
    const bizoholicRow = (await api('application.one', { applicationId: bizoholic }, 'GET')) as {
      autoDeploy: boolean;
    };
    const repo = tempRepo('main');
    try {
      repo.commit('manifest', {
        '.github/platforms.yml': stringify({
          environments: { main: 'production', staging: 'staging' },
          platforms: {
            infrastructure: {
              paths: ['infra/**'],
              deploy: { kind: 'compose', production: { id: fixtures.infrastructure!.production.id } },
            },
            bizoholic: { paths: ['b/**'], deploy: { production: names } },
            builder: {
              paths: ['g/**'],
              deploy: { kind: 'application', production: { id: builder }, staging: { id: builder } },
            },
          },
        }),
      });
      const env = { PATH: process.env.PATH ?? '', DOKPLOY_URL: real().url, DOKPLOY_TOKEN: real().apiKey };
      const { stdout, stderr } = await run(machineNode(), [join(ROOT, 'dist', 'cli', 'index.js'), 'doctor'], {
        cwd: repo.dir,
        env,
      });
      expect(stderr).toBe('');
      const lines = stdout.split('\n');
      // One assertion over all lines, so that a failure shows everything doctor printed.
      expect(lines).toEqual(
        expect.arrayContaining([
          'ok       Dokploy                    v0.30.2, the key is accepted',
          expect.stringMatching(
            new RegExp(
              `^ok {7}infrastructure/production  compose '[^']+' \\(${fixtures.infrastructure!.production.id}, id in the manifest\\)$`,
            ),
          ),
          `ok       bizoholic/production       application '${names.application}' (${bizoholic}, application '${names.application}' in ${names.project}/${names.environment})`,
          "warning  builder/staging            it builds branch 'main', but staging deploys from 'staging': set its branch in Dokploy",
          `warning  builder/production         ${NO_ROLLBACKS}`,
          `warning  builder/staging            ${NO_ROLLBACKS}`,
          'ok       Dokploy                    the key may read Swarm tasks (docker:read, for the running check)',
          '0 errors, 3 warnings, 6 ok.',
        ]),
      );
      // Dokploy turned Auto Deploy on for the fixtures (its default), but a docker or plain git source
      // gets no pushes by itself: no warning for them.
      expect(bizoholicRow.autoDeploy).toBe(true);
      expect(lines.filter((l) => l.includes('Auto Deploy'))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('warning  builder/production'))).toEqual([
        `warning  builder/production         ${NO_ROLLBACKS}`,
      ]);
      expect(lines.filter((l) => l.includes('Rollbacks are off'))).toHaveLength(2); // not for docker sources
      expect(stdout).not.toContain(real().apiKey);
    } finally {
      repo.remove();
    }
  });
});
