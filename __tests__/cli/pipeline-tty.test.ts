/**
 * `dokploy-deploy pipeline` in a terminal (the CLI bundle in a pseudo-terminal, against the sandbox):
 * the live block is redrawn in place, and what stays on the screen at the end is the final table and
 * its headline, whole.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { machineNode, ROOT } from '../support/bundle.js';
import { tempRepo, type TempRepo } from '../support/git.js';
import { replay, runInTerminal } from '../support/terminal.js';

const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const API_KEY = 'pipeline-tty-key-5c01d9';

let sandbox: Sandbox;
let repo: TempRepo;

beforeAll(async () => {
  sandbox = await startSandbox({
    apiKey: API_KEY,
    scenario: {
      version: 'v0.30.2',
      services: [
        { composeId: 'cmp-infra', name: 'infra', deploy: { buildDuration: '300ms', outcome: 'done' } },
        { applicationId: 'app-web', name: 'web', deploy: { buildDuration: '300ms', outcome: 'error' } },
        { applicationId: 'app-admin', name: 'admin', deploy: { buildDuration: '300ms', outcome: 'done' } },
      ],
    },
  });
  const platform = (kind: string, id: string, needs: string[]): Record<string, unknown> => ({
    paths: [`${id}/**`],
    ...(needs.length > 0 ? { needs } : {}),
    deploy: { kind, production: { id } },
  });
  repo = tempRepo('main');
  repo.commit('seed', {
    '.github/platforms.yml': stringify({
      environments: { main: 'production' },
      platforms: {
        infra: { ...platform('compose', 'cmp-infra', []), cascade: true },
        web: platform('application', 'app-web', ['infra']),
        admin: platform('application', 'app-admin', ['web']),
      },
    }),
    'cmp-infra/compose.yml': 'a',
  });
  repo.commit('change', { 'cmp-infra/compose.yml': 'b' });
});

afterAll(async () => {
  await sandbox.close();
  repo.remove();
});

describe('dokploy-deploy pipeline on a terminal', () => {
  it('ends with the whole final table and the headline on the screen, not the live block', async () => {
    const run = await runInTerminal(
      [machineNode(), CLI, 'pipeline', '--base', 'HEAD~1', '--poll-interval', '500ms', '--stable-for', '0'],
      {
        cwd: repo.dir,
        env: { PATH: process.env.PATH ?? '', DOKPLOY_URL: sandbox.url, DOKPLOY_TOKEN: API_KEY },
      },
    );
    expect(run.code).toBe(1);
    // The live block was redrawn in place (so this really was the terminal path).
    expect(run.raw).toContain('\x1b[J');
    const header = run.screen.findIndex((line) => /^stage\s+platform\s+result\s+time\s+detail$/.test(line));
    expect(header).toBeGreaterThan(0);
    expect(run.screen.slice(header + 1)).toEqual([
      expect.stringMatching(/^0\s+infra\s+✔ done\s+\S+\s+deployment dep-\w+ done; no health targets/),
      expect.stringMatching(/^1\s+web\s+✘ failed\s+\S+\s+Deployment of application web \(app-web\) ended/),
      expect.stringMatching(/^2\s+admin\s+– not started\s+stage 1 failed$/),
      '',
      expect.stringMatching(
        /^Pipeline failed in production: stage 1 failed \(web\); stage 2 not started\. \(\S+\)$/,
      ),
    ]);
    // Outside GitHub Actions the failure points to the log printed above the table, not a log group.
    const detail = run.screen[header + 2] ?? '';
    expect(detail).toContain('the last lines of its build log are printed above');
    expect(detail).not.toContain('log group');
    expect(run.screen).toContain('── web: the last lines of its log');
    expect(run.raw).not.toContain(API_KEY);
  });
});

describe('replay (the screen model of these tests)', () => {
  it('moves up, erases below and overwrites as a terminal does', () => {
    expect(replay('a\r\nb\r\nc\r\n\x1b[2F\x1b[Jx\r\ny\r\n')).toEqual(['a', 'x', 'y']);
    expect(replay('hello\r\x1b[0Kbye\x1b[1Gs')).toEqual(['sye']);
  });
});
