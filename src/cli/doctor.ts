/**
 * `dokploy-deploy doctor`: checks the platforms manifest against the live Dokploy (doctor-checks.ts)
 * and prints one line per finding; exit 1 when any is an error. DOKPLOY_URL, DOKPLOY_TOKEN and the
 * id variables come from the environment only; the key is never printed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../lib/errors.js';
import { DEFAULT_MANIFEST_PATH, parseManifest, readManifestInput } from '../lib/manifest.js';
import type { Command } from './command.js';
import { checkManifest, checkWorkflowSecrets, summarise } from './doctor-checks.js';
import { connectDokploy } from './dokploy-connection.js';
import { requireManifest } from './local-git.js';

const USAGE = `Usage: dokploy-deploy doctor [--environment NAME] [--manifest PATH] [-C DIR]

Checks the platforms manifest against your Dokploy before a deploy does, one line per finding:
the key and Dokploy's version; that every target resolves (by name, id or id variable) to a service
of the declared kind; Auto Deploy left on (double deploys); a git branch other than the
environment's; the key's docker:read permission (the running check); health targets that do not
parse. Exit 1 when any finding is an error.

Options:
  --environment NAME  check this environment only (default: every environment the manifest maps)
  --manifest PATH     the platforms manifest (default: ${DEFAULT_MANIFEST_PATH})
  -C DIR              run in DIR (default: the current directory)

Environment:
  DOKPLOY_URL         your Dokploy server, e.g. https://dokploy.example.com
  DOKPLOY_TOKEN       a Dokploy API key (sent as x-api-key; never printed)
  <secret names>      the Dokploy ids the manifest names with deploy.<environment>.secret
`;

/** The workflows in .github/workflows, for the secrets they pass. */
function installedWorkflows(cwd: string): { path: string; text: string }[] {
  const dir = join(cwd, '.github', 'workflows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ path: `.github/workflows/${name}`, text: readFileSync(join(dir, name), 'utf8') }));
}

export const command: Command = {
  summary: 'check the platforms manifest against your Dokploy: targets, kinds, Auto Deploy, branches, key',
  async run(args, context) {
    const { values } = parseArgs({
      args,
      options: {
        environment: { type: 'string' },
        manifest: { type: 'string', default: '' },
        C: { type: 'string', short: 'C' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const cwd = resolve(context.cwd, values.C ?? '.');
    requireManifest(cwd, values.manifest);
    const text = readManifestInput('Option --manifest', values.manifest, cwd);
    const manifest = parseManifest(text?.text ?? '', text?.source ?? DEFAULT_MANIFEST_PATH);
    const known = [...new Set(Object.values(manifest.environments))];
    if (values.environment !== undefined && !known.includes(values.environment)) {
      throw new InputError('Option --environment', values.environment, `use one of ${known.join(', ')}`);
    }
    const { client, close } = await connectDokploy(context);
    try {
      const environments = values.environment !== undefined ? [values.environment] : known;
      const findings = [
        ...checkWorkflowSecrets(manifest, environments, installedWorkflows(cwd)),
        ...(await checkManifest(manifest, { environments, env: context.env }, client)),
      ];
      const width = Math.max(...findings.map((f) => f.subject.length));
      for (const f of findings) {
        process.stdout.write(`${f.level.padEnd(7)}  ${f.subject.padEnd(width)}  ${f.text}\n`);
      }
      process.stdout.write(`\n${summarise(findings)}\n`);
      return findings.some((f) => f.level === 'error') ? 1 : 0;
    } finally {
      await close();
    }
  },
};
