/**
 * `dokploy-deploy sandbox --port N --scenario FILE [--api-key K] [--verbose]`: runs the
 * Dokploy-compatible sandbox until SIGINT/SIGTERM. Prints exactly one line on stdout when ready:
 * `Dokploy sandbox listening on http://127.0.0.1:PORT` (tests read the port from it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../lib/errors.js';
import { parseScenario } from '../sandbox/scenario.js';
import { startSandbox, DEFAULT_SANDBOX_KEY } from '../sandbox/server.js';
import type { Command } from './command.js';

const USAGE = `Usage: dokploy-deploy sandbox [--port N] [--scenario FILE] [--api-key KEY] [--verbose]

Runs a Dokploy-compatible server on 127.0.0.1 until interrupted (see docs/sandbox.md).
  --port N         port to listen on (default 0: any free port)
  --scenario FILE  scenario (YAML or JSON): services, deploy behaviour, faults
  --api-key KEY    the x-api-key clients must send (default: $DOKPLOY_SANDBOX_API_KEY or ${DEFAULT_SANDBOX_KEY})
  --verbose        print one line per request on stderr (never the key)
`;

export const command: Command = {
  summary: 'run a local Dokploy-compatible server (tests, demos, dry runs)',
  async run(args, context) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '0' },
        scenario: { type: 'string' },
        'api-key': { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new InputError("Option '--port'", values.port, 'use a port number from 0 to 65535');
    }
    let scenario = {};
    if (values.scenario !== undefined) {
      const file = resolve(context.cwd, values.scenario);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new InputError(
          "Option '--scenario'",
          values.scenario,
          `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
      scenario = parseScenario(text, values.scenario);
    }
    const sandbox = await startSandbox({
      port,
      scenario,
      apiKey: values['api-key'] ?? (context.env.DOKPLOY_SANDBOX_API_KEY || undefined),
      log: values.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
    });
    process.stdout.write(`Dokploy sandbox listening on ${sandbox.url}\n`);
    await new Promise<void>((done) => {
      if (context.signal.aborted) return done();
      context.signal.addEventListener('abort', () => done(), { once: true });
    });
    await sandbox.close();
    return 0;
  },
};
