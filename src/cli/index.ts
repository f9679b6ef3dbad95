/**
 * The `dokploy-deploy` command: the kit's cores outside GitHub Actions.
 * Each sub-command lives in its own file and exports a `Command`; this file only dispatches.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFailure } from '../lib/errors.js';
import type { Command } from './command.js';

// Sub-commands are imported lazily so that `dokploy-deploy plan` does not load the sandbox's code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  plan: async () => (await import('./plan.js')).command,
  sandbox: async () => (await import('./sandbox.js')).command,
  init: async () => (await import('./init.js')).command,
  pipeline: async () => (await import('./pipeline.js')).command,
  rollback: async () => (await import('./rollback.js')).command,
  doctor: async () => (await import('./doctor.js')).command,
  monitor: async () => (await import('./monitor.js')).command,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`dokploy-deploy ${kitVersion()}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(
      `dokploy-deploy: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}\n`,
    );
    return 2;
  }
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    const command = await load();
    return await command.run(rest, { signal: controller.signal, env: process.env, cwd: process.cwd() });
  } catch (error) {
    // A flag parseArgs refuses (unknown, or missing its value) is bad usage, not an unexpected error.
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(
        `dokploy-deploy ${name}: ${(error as Error).message}; see 'dokploy-deploy ${name} --help'\n`,
      );
      return 2;
    }
    const failure = describeFailure(error);
    if (failure.stack && process.env.DOKPLOY_DEPLOY_DEBUG) process.stderr.write(`${failure.stack}\n`);
    process.stderr.write(`dokploy-deploy ${name}: ${failure.message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

/** The usage text: every command with its one-line summary (loading them all is fine for --help). */
async function usage(): Promise<string> {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  const rows = await Promise.all(
    names.map(
      async (n) => `  ${n.padEnd(width)}  ${(await (COMMANDS[n] as () => Promise<Command>)()).summary}`,
    ),
  );
  return [
    'Usage: dokploy-deploy <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    "Run 'dokploy-deploy <command> --help' for a command's options; 'dokploy-deploy --version' for the version.",
    '',
  ].join('\n');
}

/** The kit's version, from the package.json two levels up from src/cli/ or dist/cli/. */
function kitVersion(): string {
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

process.exitCode = await main(process.argv.slice(2));
