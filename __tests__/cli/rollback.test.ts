/**
 * `dokploy-deploy rollback` (the CLI bundle against the sandbox): lists the candidates without --to,
 * restores one platform on its own with the deploy action's rollback core, refuses in one line when
 * there is nothing to roll back to, and says what an interrupted rollback left behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { machineNode, ROOT } from '../support/bundle.js';

const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const API_KEY = 'rollback-cli-key-7d2e41';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    apiKey: API_KEY,
    scenario: {
      version: 'v0.30.2',
      services: [
        {
          applicationId: 'app-web',
          name: 'web',
          rollback: true,
          history: [
            { status: 'done', title: 'v1', description: 'first' },
            { status: 'done', title: 'v2', description: 'second' },
          ],
        },
        {
          applicationId: 'app-img',
          name: 'img',
          sourceType: 'docker',
          dockerImage: 'registry.example/img:2',
          // The rollback's own deploy takes long enough to be interrupted.
          deploy: { buildDuration: '30s' },
        },
        { applicationId: 'app-git', name: 'git', history: ['done'] },
      ],
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'rollback-cli-'));
  const app = (id: string) => ({ paths: [`${id}/**`], deploy: { kind: 'application', staging: { id } } });
  writeFileSync(
    join(dir, 'platforms.yml'),
    stringify({
      platforms: {
        web: app('app-web'),
        img: app('app-img'),
        git: app('app-git'),
        // The same service as web, named as Dokploy shows it (the sandbox's project and environment).
        named: {
          paths: ['named/**'],
          deploy: { staging: { project: 'sandbox', environment: 'production', application: 'web' } },
        },
      },
    }),
  );
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI's rollback; `terminateOn` sends SIGTERM once stdout matches it. */
function rollback(args: string[], terminateOn?: RegExp): Promise<CliRun> {
  const child = spawn(
    machineNode(),
    [CLI, 'rollback', '--manifest', 'platforms.yml', '--environment', 'staging', ...args],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, DOKPLOY_URL: sandbox.url, DOKPLOY_TOKEN: API_KEY },
    },
  );
  let stdout = '';
  let stderr = '';
  let terminated = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    // Once only: a second SIGTERM, like a second Ctrl-C, kills the process outright (exit code null).
    if (!terminated && terminateOn?.test(stdout) && child.exitCode === null) {
      terminated = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      const run = { code, stdout, stderr };
      // The key is in no line the user sees.
      expect(`${stdout}${stderr}`).not.toContain(API_KEY);
      done(run);
    }),
  );
}

const recordsOf = (id: string) => sandbox.engine.services.get(id)!.deployments;

describe('dokploy-deploy rollback (CLI bundle, sandbox)', () => {
  it('without --to lists the kept deployments it can roll back to, and exits 2', async () => {
    const [v2, v1] = recordsOf('app-web');
    const run = await rollback(['--platform', 'web']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`${v2!.deploymentId}\\s+v2`));
    expect(run.stdout).toMatch(new RegExp(`${v1!.deploymentId}\\s+v1`));
    expect(sandbox.requests.some((r) => r.path.includes('rollback.rollback'))).toBe(false);
  });

  it('takes a platform named by project and service: the candidates of the service the names resolve to', async () => {
    const [v2, v1] = recordsOf('app-web');
    const run = await rollback(['--platform', 'named']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`${v2!.deploymentId}\\s+v2`));
    expect(run.stdout).toMatch(new RegExp(`${v1!.deploymentId}\\s+v1`));
  });

  it('--to previous restores the kept deployment before the running one and waits until it runs', async () => {
    const [, v1] = recordsOf('app-web');
    const run = await rollback(['--platform', 'web', '--to', 'previous', '--stable-for', '1s']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      new RegExp(
        `Rolled application web \\(app-web\\) back to deployment ${v1!.deploymentId} \\("v1"\\): running again in \\d`,
      ),
    );
    expect(sandbox.requests.filter((r) => r.path.includes('rollback.rollback'))).toHaveLength(1);
  });

  it('refuses in one line when there is nothing to roll back to, naming the candidates', async () => {
    const run = await rollback(['--platform', 'git', '--to', 'previous']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'dokploy-deploy rollback: Cannot roll application git back: it keeps no rollback images (turn on Rollbacks with a registry in Dokploy); candidates: none\n',
    );
  });

  it('a bad option: one line naming it', async () => {
    const run = await rollback(['--platform', 'web', '--to', 'previous', '--stable-for', 'soon']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "dokploy-deploy rollback: Option --stable-for is 'soon': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)\n",
    );
    const missing = await rollback(['--manifest', 'nope.yml', '--platform', 'web', '--to', 'previous']);
    expect([missing.code, missing.stderr]).toEqual([
      1,
      `dokploy-deploy rollback: Option --manifest is 'nope.yml': no such file (relative to ${dir}); give a path or inline YAML\n`,
    ]);
  });

  it('SIGTERM during the rollback deploy says what it left behind, and exits 130', async () => {
    const run = await rollback(
      ['--platform', 'img', '--to', 'registry.example/img:1'],
      /: running \(deployment /,
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toBe(
      "dokploy-deploy rollback: Cancelled while rolling application img (app-img) back to image registry.example/img:1: the rollback's deploy of image registry.example/img:1 keeps running in Dokploy\n",
    );
    expect(sandbox.engine.services.get('app-img')!.dockerImage).toBe('registry.example/img:1');
  });
});
