/** The runnable entry of the fixture platforms (scripts/platform-servers.ts), as the demo and templates use it. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../src/run-e2e-separation/spec.js';
import { ROOT, machineNode } from '../support/bundle.js';

describe('scripts/platform-servers.ts', () => {
  it('prints one line per platform, serves health and the spec, and stops on SIGTERM', async () => {
    const specFile = join(mkdtempSync(join(tmpdir(), 'platform-servers-')), 'separation.yml');
    const child = spawn(
      machineNode(),
      [
        join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        'scripts/platform-servers.ts',
        'cors-echo',
        '--spec',
        specFile,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('ready\n')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    const servers = lines.slice(0, 3).map((line) => line.split(' '));
    expect(servers.map(([name]) => name)).toEqual(['bizoholic', 'coreldove', 'management']);
    for (const [name, url, origin] of servers) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(origin).toBe(`http://${name}.bizosaas.localhost:${new URL(url ?? '').port}`);
      const health = await fetch(`${url}/api/health`);
      expect([health.status, await health.text()]).toEqual([200, '{"status":"ok"}']);
    }
    const spec = parseSpec(readFileSync(specFile, 'utf8'), specFile, 'local');
    expect(spec.platforms.map((p) => p.url)).toEqual(servers.map(([, url]) => url));
    // The variant is live: bizoholic echoes a foreign origin with credentials.
    const echoed = await fetch(`${servers[0]?.[1]}/api/me`, {
      headers: { origin: 'https://elsewhere.test' },
    });
    expect(echoed.headers.get('access-control-allow-origin')).toBe('https://elsewhere.test');
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
