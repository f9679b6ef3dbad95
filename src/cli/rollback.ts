/**
 * `dokploy-deploy rollback`: rolls one platform back in one environment, on its own, with the deploy
 * action's rollback core (src/dokploy-deploy/rollback.ts). Without `--to` it lists the candidates.
 */
import { parseArgs } from 'node:util';
import { createDokployClient } from '../lib/dokploy-client.js';
import { findService } from '../lib/dokploy-targets.js';
import { createTransport } from '../lib/http-transport.js';
import type { ServiceNames } from '../lib/platform.js';
import type { DeployDeps } from '../dokploy-deploy/events.js';
import { CancelledError, InputError } from '../lib/errors.js';
import { systemClock } from '../lib/clock.js';
import { consoleLogger } from '../lib/logger.js';
import { parseManifest, readManifestInput } from '../lib/manifest.js';
import { renderTextTable } from '../lib/report.js';
import { runManualRollback } from '../dokploy-deploy/manual-rollback.js';
import { rollbackCandidates } from '../dokploy-deploy/rollback.js';
import { INPUT_SUBJECTS, resolveSettings, type DeploySettings } from '../dokploy-deploy/settings.js';
import { parseDurationOf } from '../lib/duration.js';
import type { Command } from './command.js';

const USAGE = `Usage: dokploy-deploy rollback --platform P --environment E [--to previous|DEPLOYMENT|IMAGE]

Rolls one platform back in one environment. Without --to, lists what it can roll back to.
DOKPLOY_URL and DOKPLOY_TOKEN come from the environment; the platform's id from the manifest
(or the variable its deploy.<environment>.secret names).

Options:
  --platform NAME      the platform (a key under platforms: in the manifest)
  --environment NAME   the environment (production, staging, ...)
  --to WHAT            previous, a deployment id, or an image (docker-sourced applications)
  --manifest PATH      the platforms manifest (default: .github/platforms.yml)
  --stable-for D       how long the restored version must run (default 20s; 0 = do not check)
`;

export const command: Command = {
  summary: 'roll one platform back in one environment (lists the candidates without --to)',
  async run(args, context) {
    const { values } = parseArgs({
      args,
      options: {
        platform: { type: 'string', default: '' },
        environment: { type: 'string', default: '' },
        to: { type: 'string' },
        manifest: { type: 'string', default: '' },
        'stable-for': { type: 'string', default: '20s' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const manifestText = readManifestInput('Option --manifest', values.manifest, context.cwd);
    if (!manifestText) {
      throw new InputError('Option --manifest', undefined, 'is required: no .github/platforms.yml here');
    }
    const manifest = parseManifest(manifestText.text, manifestText.source);
    const platform = manifest.platforms.find((p) => p.name === values.platform);
    if (!platform?.kind) {
      const names = manifest.platforms.filter((p) => p.kind).map((p) => p.name);
      throw new InputError('Option --platform', values.platform, `use one of ${names.join(', ')}`);
    }
    const target = platform.targets[values.environment];
    if (!target) {
      const names = Object.keys(platform.targets).join(', ');
      throw new InputError('Option --environment', values.environment, `use one of ${names}`);
    }
    const id = target.names ? '' : (target.id ?? (context.env[target.secret ?? ''] ?? '').trim());
    if (id === '' && !target.names) {
      throw new InputError(
        `Environment variable ${target.secret ?? '?'}`,
        undefined,
        `is not set: it holds the Dokploy id of ${platform.name} in ${values.environment}`,
      );
    }
    const settings = resolveSettings(
      {
        dokployUrl: context.env.DOKPLOY_URL ?? '',
        apiKey: context.env.DOKPLOY_TOKEN ?? '',
        target: { kind: platform.kind, id },
        targetNames: target.names,
        // Unique per run, so the restore recognises its own deployment record.
        title: `dokploy-deploy rollback ${Date.now().toString(36)} ${platform.name} (${values.environment})`,
        description: `dokploy-deploy rollback --to ${values.to ?? ''}`,
        sha: undefined,
        stableForMs: parseDurationOf('Option --stable-for', values['stable-for']),
      },
      {
        ...INPUT_SUBJECTS,
        dokployUrl: 'Environment variable DOKPLOY_URL',
        apiKey: 'Environment variable DOKPLOY_TOKEN',
        stableForMs: 'Option --stable-for',
      },
    );
    const log = consoleLogger({
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
    });
    const http = await createTransport(context.env);
    try {
      return await rollBack(values, platform.name, settings, target.names, {
        clock: systemClock,
        fetch: http.fetch,
        signal: context.signal,
        log,
      });
    } finally {
      await http.close();
    }
  },
};

/** Lists the candidates (no --to) or rolls back; a target by name is resolved first (one project.all). */
async function rollBack(
  values: { environment: string; to?: string | undefined },
  platformName: string,
  given: DeploySettings,
  names: ServiceNames | undefined,
  deps: DeployDeps & { signal: AbortSignal },
): Promise<number> {
  const client = createDokployClient({ url: given.dokployUrl, apiKey: given.apiKey }, deps);
  const settings = names
    ? { ...given, target: findService(await client.projects(), given.target.kind, names) }
    : given;
  if (values.to === undefined) {
    const records = await client.deployments(settings.target);
    const rows = rollbackCandidates(records).map((r) => [r.deploymentId, r.title, r.finishedAt ?? '']);
    process.stdout.write(
      rows.length === 0
        ? `${platformName} (${values.environment}) has no deployment with a rollback image; give --to IMAGE for a docker-sourced application\n`
        : renderTextTable(['Deployment', 'Title', 'Finished'], rows),
    );
    return 2;
  }
  try {
    // The action's own rollback core (rollback-to), so both say the same.
    const result = await runManualRollback({ ...settings, rollbackTo: values.to }, deps);
    if (result.failure) process.stderr.write(`dokploy-deploy rollback: ${result.failure.message}\n`);
    return result.failure ? 1 : 0;
  } catch (error) {
    // SIGTERM/Ctrl-C: the message says what the interrupted rollback left behind.
    if (!(error instanceof CancelledError)) throw error;
    process.stderr.write(`dokploy-deploy rollback: ${error.message}\n`);
    return 130;
  }
}
