/**
 * `node dist/cli/index.js sandbox --port 0 --scenario FILE`: the way workflow-template tests start it.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/bundle.js';

function startCli(
  args: string[],
): Promise<{ url: string; stop: () => Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli/index.js'), 'sandbox', ...args], {
    env: { PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /^Dokploy sandbox listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(stdout);
      if (match?.[1]) {
        resolve({
          url: match[1],
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return closed;
          },
        });
      }
    });
    void closed.then((code) => reject(new Error(`sandbox exited (${code}): ${stdout}${stderr}`)));
  });
}

describe('dokploy-deploy sandbox (CLI)', () => {
  it('prints exactly its URL, serves the scenario with the given key, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    const file = join(dir, 'scenario.yml');
    writeFileSync(
      file,
      'services:\n  - applicationId: app-infra\n    name: infra\n    deploy: { buildDuration: 50ms, outcome: error }\n',
    );
    const sandbox = await startCli([
      '--port',
      '0',
      '--scenario',
      file,
      '--api-key',
      'cli-key-42',
      '--verbose',
    ]);
    const headers = { 'x-api-key': 'cli-key-42', 'content-type': 'application/json' };
    const deploy = await fetch(`${sandbox.url}/api/application.deploy`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ applicationId: 'app-infra', title: 'stage 0' }),
    });
    expect([deploy.status, await deploy.text()]).toEqual([200, '']);
    let events: { type: string; status: string; title: string }[] = [];
    for (let i = 0; i < 100 && events.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 20));
      events = (await (await fetch(`${sandbox.url}/__sandbox/events`)).json()) as typeof events;
    }
    expect(events.map((e) => [e.type, e.status, e.title])).toEqual([
      ['deploy-requested', 'queued', 'stage 0'],
      ['deployment-started', 'running', 'stage 0'],
      ['deployment-finished', 'error', 'stage 0'],
    ]);
    expect(await sandbox.stop()).toBe(0);
    expect(sandbox.stderr()).toContain('POST /api/application.deploy 200');
    expect(sandbox.stderr()).not.toContain('cli-key-42');
  });

  it('refuses a scenario it cannot read, in one line', async () => {
    await expect(startCli(['--scenario', '/nonexistent/scenario.yml'])).rejects.toThrow(
      "dokploy-deploy sandbox: Option '--scenario' is '/nonexistent/scenario.yml': cannot be read (ENOENT)",
    );
  });
});
