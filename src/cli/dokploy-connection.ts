/**
 * The CLI's way to a Dokploy: DOKPLOY_URL and DOKPLOY_TOKEN from the environment only (never flags:
 * a key in a flag lands in shell history), checked as the deploy action checks its inputs, one
 * proxy-aware transport, and a client whose retries stay quiet (a command's own lines say what failed).
 */
import { INPUT_SUBJECTS, resolveServerSettings } from '../dokploy-deploy/settings.js';
import { systemClock } from '../lib/clock.js';
import { createDokployClient, type DokployClient } from '../lib/dokploy-client.js';
import { InputError } from '../lib/errors.js';
import { createTransport } from '../lib/http-transport.js';
import type { Logger } from '../lib/logger.js';
import type { CommandContext } from './command.js';

/** A client and what to close when done. */
export interface DokployConnection {
  client: DokployClient;
  close(): Promise<void>;
}

/**
 * Connects (no request yet).
 * @throws InputError naming DOKPLOY_URL or DOKPLOY_TOKEN when missing or invalid
 */
export async function connectDokploy(context: CommandContext): Promise<DokployConnection> {
  const server = resolveServerSettings(
    { dokployUrl: required(context.env, 'DOKPLOY_URL'), apiKey: required(context.env, 'DOKPLOY_TOKEN') },
    {
      ...INPUT_SUBJECTS,
      dokployUrl: 'Environment variable DOKPLOY_URL',
      apiKey: 'Environment variable DOKPLOY_TOKEN',
    },
  );
  const http = await createTransport(context.env);
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warning: (m) => void process.stderr.write(`warning: ${m}\n`),
    error: (m) => void process.stderr.write(`error: ${m}\n`),
    group: async (_name, fn) => fn(),
  };
  const client = createDokployClient(
    { url: server.dokployUrl, apiKey: server.apiKey },
    { clock: systemClock, fetch: http.fetch, signal: context.signal, log },
  );
  return { client, close: () => http.close() };
}

/** An environment variable's value; its absence ends in one line naming it. */
function required(env: NodeJS.ProcessEnv, name: 'DOKPLOY_URL' | 'DOKPLOY_TOKEN'): string {
  const value = (env[name] ?? '').trim();
  if (value !== '') return value;
  const what =
    name === 'DOKPLOY_URL'
      ? "your Dokploy server's address, e.g. DOKPLOY_URL=https://dokploy.example.com"
      : 'a Dokploy API key (Settings → Profile → API/CLI in Dokploy)';
  throw new InputError(`Environment variable ${name}`, undefined, `is required: ${what}`);
}
