/**
 * `npm run demo`: the whole staged pipeline on this machine with no configuration, in both modes, and
 * its cleanup on Ctrl-C (SIGINT to the whole process group, as a terminal sends it).
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/bundle.js';

interface DemoRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run demo -- <args>` in its own process group; `interruptOn` sends SIGINT to the group. */
function demo(args: string[], interruptOn?: RegExp, env: Record<string, string> = {}): Promise<DemoRun> {
  const child = spawn('npm', ['run', '--silent', 'demo', '--', '--plain', ...args], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, FORCE_COLOR: '0', ...env },
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (interruptOn && !sent && interruptOn.test(stdout)) {
      sent = true;
      process.kill(-(child.pid as number), 'SIGINT');
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const guard = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 90_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

function monorepoOf(stdout: string): string {
  const dir = /\n {2}monorepo {10}(\S+) /.exec(stdout)?.[1];
  if (!dir) throw new Error(`no monorepo line in:\n${stdout}`);
  return dir;
}

function sandboxPortOf(stdout: string): number {
  return Number(/Dokploy sandbox {3}http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm run demo', () => {
  it('deploys the seed monorepo stage by stage against the sandbox and cleans up', async () => {
    const run = await demo([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('$ dokploy-deploy pipeline --base HEAD~1 --plain\n');
    expect(run.stdout).toMatch(/\] separation: passed \(29 of 31 checks passed/);
    expect(run.stdout).toMatch(/\nDeployed 4 platforms to production: every stage passed\. \([^)]+\)\n/);
    expect(run.stdout).toMatch(
      /\ndemo: done in \d+\.\ds\. Dokploy received 4 deploys, stage by stage: infrastructure → (bizoholic → coreldove|coreldove → bizoholic) → management\. Try it failing: npm run demo -- --fail infrastructure\n$/,
    );
    expect(existsSync(monorepoOf(run.stdout))).toBe(false);
    expect(await listening(sandboxPortOf(run.stdout))).toBe(false);
  });

  it('--fail infrastructure shows the failed build stopping every later stage', async () => {
    const run = await demo(['--fail', 'infrastructure']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("infrastructure's build fails");
    expect(run.stdout).toContain('ERROR: failed to solve');
    expect(run.stdout).toMatch(
      /\nPipeline failed in production: stage 0 failed \(infrastructure\); stages 1, 2 not started\. \(\S+\)\n/,
    );
    expect(run.stdout).toMatch(
      /\ndemo: as intended, infrastructure's build failed, the pipeline exited with 1 and Dokploy never received a deploy for bizoholic, coreldove, management \(\d+\.\ds\)\.\n$/,
    );
    expect(existsSync(monorepoOf(run.stdout))).toBe(false);
  });

  it('cleans up after itself on Ctrl-C and exits 130', async () => {
    const run = await demo([], /stage 0 infrastructure: deploying/);
    // The demo exits 130; npm, interrupted too, then ends itself with the same signal, as a shell expects.
    expect([run.code, run.signal]).toEqual(run.signal ? [null, 'SIGINT'] : [130, null]);
    expect(run.stdout).toMatch(/\nPipeline cancelled in production: stage 0 cancelled \(infrastructure\)/);
    expect(run.stdout).toContain(
      'demo: interrupted; the sandbox, the servers and the repository are being removed.\n',
    );
    expect(existsSync(monorepoOf(run.stdout))).toBe(false);
    expect(await listening(sandboxPortOf(run.stdout))).toBe(false);
  });

  it('--real without a real Dokploy says, in one line, to run npm run dokploy:up', async () => {
    // The real run itself is tested against the real server in __tests__/real-dokploy/pipeline.test.ts.
    const root = mkdtempSync(join(tmpdir(), 'no-dokploy-'));
    try {
      const run = await demo(['--real'], undefined, { DOKPLOY_ROOT: root });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `demo: no real Dokploy: ${root}/dokploy.env is missing; run 'npm run dokploy:up' first\n`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('names the platforms --fail accepts', async () => {
    const run = await demo(['--fail', 'nginx']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('demo: --fail takes one of infrastructure, bizoholic, coreldove, management\n');
  });

  it('--help prints its options and starts nothing; an unknown option is refused in one line', async () => {
    const help = await demo(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: npm run demo \[-- --real\] \[-- --fail <platform>\] \[-- --plain\]\n/,
    );
    expect(help.stdout).toContain('  --fail PLATFORM  make that platform');
    expect(help.stdout).not.toMatch(/Dokploy sandbox {3}http/); // the line the demo prints once it started one
    const unknown = await demo(['--verbose']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "demo: unknown option '--verbose': use --fail <platform>, --real, --plain or --help\n",
    );
  });
});
