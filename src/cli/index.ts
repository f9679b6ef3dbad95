/**
 * The `dokploy-deploy` command: the kit's cores outside GitHub Actions.
 * Each sub-command lives in its own file and exports a `Command`; this file only dispatches.
 */
import { describeFailure } from '../lib/errors.js';
import type { Command } from './command.js';

// Sub-commands are imported lazily so that `dokploy-deploy plan` does not load the sandbox's code.
const COMMANDS: Record<string, () => Promise<Command>> = {
  plan: async () => (await import('./plan.js')).command,
  sandbox: async () => (await import('./sandbox.js')).command,
  init: async () => (await import('./init.js')).command,
  pipeline: async () => (await import('./pipeline.js')).command,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
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
    const failure = describeFailure(error);
    if (failure.stack && process.env.DOKPLOY_DEPLOY_DEBUG) process.stderr.write(`${failure.stack}\n`);
    process.stderr.write(`dokploy-deploy ${name}: ${failure.message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}

function usage(): string {
  return `Usage: dokploy-deploy <command> [options]\n\nCommands: ${Object.keys(COMMANDS).join(', ')}\nRun 'dokploy-deploy <command> --help' for a command's options.\n`;
}

process.exitCode = await main(process.argv.slice(2));
