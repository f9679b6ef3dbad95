/**
 * Issue 12 §3 against the real Dokploy v0.30.2: `dokploy-deploy rollback` (the CLI bundle) rolls one
 * platform back on its own. The production copy of management (docker source, no other real-server
 * test deploys it) gets Dokploy Rollbacks with the local registry, two good deploys (v1, v2), then is
 * rolled back to the one before the running one; and a rollback interrupted by SIGTERM says what it left.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { stringify } from 'yaml';
import { machineNode, ROOT } from '../support/bundle.js';
import { eventually, realDokployForThisFile, recordsOf, runDeploy } from '../support/real-dokploy.js';

jest.setTimeout(300_000);
const real = realDokployForThisFile();
const CLI = join(ROOT, 'dist', 'cli', 'index.js');

const app = () => real().fixtures.management!.production;
const version = () => `http://127.0.0.1:${app().port}/version`;
const image = (tag: string) => `127.0.0.1:5000/kit/web:${tag}`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'real-rollback-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await real().disableRollbacks(app().id);
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dokploy-deploy rollback` on management in production; `terminateOn` sends SIGTERM once stdout matches. */
function rollback(args: string[], terminateOn?: RegExp): Promise<CliRun> {
  writeFileSync(
    join(dir, 'platforms.yml'),
    stringify({
      platforms: {
        management: {
          paths: ['management/**'],
          deploy: { kind: 'application', production: { id: app().id } },
        },
      },
    }),
  );
  const child = spawn(
    machineNode(),
    [
      CLI,
      'rollback',
      '--manifest',
      'platforms.yml',
      '--platform',
      'management',
      '--environment',
      'production',
      ...args,
    ],
    { cwd: dir, env: { PATH: process.env.PATH, DOKPLOY_URL: real().url, DOKPLOY_TOKEN: real().apiKey } },
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
  const killer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return new Promise((done) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      // The key is in no line the user sees.
      expect(`${stdout}${stderr}`).not.toContain(real().apiKey);
      done({ code, stdout, stderr });
    }),
  );
}

describe('dokploy-deploy rollback against the real Dokploy', () => {
  test('lists the kept deployments, then restores the one before the running one and waits until it runs', async () => {
    await real().enableRollbacks(app().id);
    for (const tag of ['v1', 'v2']) {
      const run = await runDeploy(real(), { 'application-id': app().id, 'docker-image': image(tag) });
      expect([tag, run.code, run.outputs.status]).toEqual([tag, 0, 'done']);
    }
    const [v2, v1] = await recordsOf(real(), 'application', app().id);
    expect(v1!.rollbackId && v2!.rollbackId).toEqual(expect.any(String));
    expect(await eventually(version(), (text) => text.includes('v2'))).toBe('management v2\n');

    const listed = await rollback([]);
    expect(listed.code).toBe(2);
    expect(listed.stdout).toContain(v2!.deploymentId);
    expect(listed.stdout).toContain(v1!.deploymentId);

    const run = await rollback(['--to', 'previous', '--stable-for', '5s']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(
      new RegExp(
        `Rolled application management \\(${app().id}\\) back to deployment ${v1!.deploymentId} \\("[^"]*"\\): running again in \\d`,
      ),
    );
    expect(await eventually(version(), (text) => text.includes('v1'), 90)).toBe('management v1\n');
  });

  test('refuses in one line a deployment that is not a kept successful one', async () => {
    const run = await rollback(['--to', 'no-such-deployment']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^dokploy-deploy rollback: Cannot roll application management back: deployment no-such-deployment is not one of its successful deployments with a rollback image; candidates: \S+/,
    );
  });

  test('SIGTERM during a rollback to an image says what it left behind, and exits 130', async () => {
    await real().disableRollbacks(app().id);
    // Once the rollback's own deploy shows up (running, or already done: a pull is quick).
    const run = await rollback(['--to', image('v2')], /: \w+ \(deployment \S+\), /);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(
      /^dokploy-deploy rollback: Cancelled while rolling application management \(\S+\) back to image 127\.0\.0\.1:5000\/kit\/web:v2: (the rollback's deploy of image \S+ keeps running in Dokploy|image \S+ is deployed, but was not yet seen running for 20\.0s)\n$/,
    );
  });
});
