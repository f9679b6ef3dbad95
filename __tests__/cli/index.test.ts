/** `dokploy-deploy` itself (the bundle): the usage with each command's summary, and --version. */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/bundle.js';
import { runTool } from '../templates/support.js';

const CLI = join(ROOT, 'dist', 'cli', 'index.js');
const cli = (...args: string[]): { code: number; stdout: string; stderr: string } =>
  runTool(process.execPath, [CLI, ...args], ROOT);

describe('dokploy-deploy', () => {
  it('--help lists every command with what it does, and exits 0', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dokploy-deploy <command> \[options\]\n\nCommands:\n/);
    expect(help.stdout).toMatch(/\n {2}init {6}write the staged pipeline, a platforms manifest/);
    expect(help.stdout).toMatch(/\n {2}plan {6}preview what a push would deploy/);
    for (const name of ['plan', 'sandbox', 'init', 'pipeline', 'rollback', 'doctor', 'monitor'])
      expect(help.stdout).toMatch(new RegExp(`\\n  ${name} +\\S.{20,}\\n`));
  });

  it('without a command prints the same usage and exits 2', () => {
    expect(cli()).toMatchObject({ code: 2, stdout: cli('--help').stdout });
  });

  it("--version prints the package's version", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(cli('--version')).toEqual({ code: 0, stdout: `dokploy-deploy ${version}\n`, stderr: '' });
  });

  it('an unknown command fails in one line listing the commands', () => {
    expect(cli('deploy')).toMatchObject({
      code: 2,
      stderr:
        "dokploy-deploy: unknown command 'deploy'. Commands: plan, sandbox, init, pipeline, rollback, doctor, monitor\n",
    });
  });

  it('an option a command does not know, or one missing its value, is bad usage in one line (exit 2)', () => {
    expect(cli('init', '--bogus')).toMatchObject({
      code: 2,
      stderr: "dokploy-deploy init: Unknown option '--bogus'; see 'dokploy-deploy init --help'\n",
    });
    expect(cli('doctor', '--environment')).toMatchObject({
      code: 2,
      stderr:
        "dokploy-deploy doctor: Option '--environment <value>' argument missing; see 'dokploy-deploy doctor --help'\n",
    });
  });
});
