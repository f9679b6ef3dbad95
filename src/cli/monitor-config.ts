/**
 * The monitor command's configuration from its flags and the environment, checked before anything
 * runs: the manifest and the environments, the checks (health targets, the separation spec and its
 * credentials), the health timing, and GitHub (GITHUB_TOKEN, the repository, GITHUB_API_URL) with
 * report-incident's own rules for the label, the comment interval and MONITOR_WEBHOOK_URL.
 */
import { parsePositiveDurationOf } from '../lib/duration.js';
import { InputError } from '../lib/errors.js';
import { isHttpAddress, parseList } from '../lib/input.js';
import { DEFAULT_MANIFEST_PATH, parseManifest, readManifestInput } from '../lib/manifest.js';
import { planChecks } from '../monitor/checks.js';
import type { MonitorRequest } from '../monitor/run.js';
import { parseLabel, parseWebhookUrl } from '../report-incident/settings.js';
import { secretsOf } from '../wait-healthy/index.js';
import { requireManifest } from './local-git.js';
import { readHealthOptions, readSeparation } from './pipeline-config.js';

/** The flags the configuration is read from (raw strings, as parsed from the command line). */
export interface MonitorFlags {
  environment: string;
  manifest: string;
  spec: string;
  'no-separation': boolean;
  timeout: string;
  interval: string;
  repository?: string | undefined;
  label: string;
  'comment-interval': string;
  'run-url': string;
  'dry-run': boolean;
}

/** The checked configuration. */
export interface MonitorConfig {
  request: MonitorRequest;
  /** The environments checked, in the manifest's order. */
  environments: string[];
  /** What output must never show: the token, the webhook URL, the targets' and the spec's credentials. */
  secrets: string[];
}

/** The GitHub API, when GITHUB_API_URL is not set. */
const DEFAULT_API_URL = 'https://api.github.com';

/** owner/name as GitHub spells them. */
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * Reads and checks the configuration.
 * @throws InputError naming the option or variable: no manifest, an unknown environment, a bad
 *   duration, label, repository or URL, a health target or spec that does not parse, a credential
 *   variable that is not set
 */
export function readMonitorConfig(
  values: MonitorFlags,
  where: { env: NodeJS.ProcessEnv; cwd: string },
): MonitorConfig {
  const { env, cwd } = where;
  requireManifest(cwd, values.manifest);
  const text = readManifestInput('Option --manifest', values.manifest, cwd);
  const manifest = parseManifest(text?.text ?? '', text?.source ?? DEFAULT_MANIFEST_PATH);
  const environments = readEnvironments(values.environment, [
    ...new Set(Object.values(manifest.environments)),
  ]);
  const health = readHealthOptions(
    { timeout: values.timeout, interval: values.interval },
    { timeout: 'Option --timeout', interval: 'Option --interval' },
  );
  const checks = planChecks(manifest, environments, (environment) =>
    values['no-separation'] ? undefined : readSeparation(values.spec, environment, where),
  );
  const token = (env.GITHUB_TOKEN ?? '').trim();
  const label = parseLabel('Option --label', values.label);
  const repository = readRepository(values.repository, env, token !== '');
  const apiUrl = (env.GITHUB_API_URL ?? '').trim() || DEFAULT_API_URL;
  if (!isHttpAddress(apiUrl)) {
    throw new InputError(
      'Environment variable GITHUB_API_URL',
      apiUrl,
      'use the API address, e.g. https://api.github.com',
    );
  }
  const runUrl = values['run-url'].trim();
  if (runUrl !== '' && !isHttpAddress(runUrl)) {
    throw new InputError(
      'Option --run-url',
      runUrl,
      "use an http(s) address of this run, e.g. GitLab's $CI_JOB_URL",
    );
  }
  const webhookUrl = parseWebhookUrl(
    'Environment variable MONITOR_WEBHOOK_URL',
    env.MONITOR_WEBHOOK_URL ?? '',
  );
  const scope = {
    api: { apiUrl, token, userAgent: 'dokploy-deploy/monitor' },
    repository,
    label,
    tokenFrom: 'environment' as const,
  };
  return {
    request: {
      checks,
      health,
      github: token === '' ? undefined : { scope, dryRun: values['dry-run'] },
      commentIntervalMs: parsePositiveDurationOf('Option --comment-interval', values['comment-interval']),
      webhookUrl,
      link: { runUrl },
    },
    environments,
    secrets: [
      token,
      webhookUrl ?? '',
      ...secretsOf(checks.flatMap((c) => (c.kind === 'health' ? c.targets : []))),
      ...checks.flatMap((c) => (c.kind === 'separation' ? Object.values(c.separation.credentials) : [])),
    ].filter((s) => s !== ''),
  };
}

/** `--environment` (a comma list) checked against the manifest's environments; empty: all of them. */
function readEnvironments(option: string, known: string[]): string[] {
  const named = parseList(option);
  for (const name of named) {
    if (!known.includes(name)) {
      throw new InputError(
        'Option --environment',
        option,
        `use one or more of ${known.join(', ')}, comma-separated`,
      );
    }
  }
  return named.length === 0 ? known : known.filter((name) => named.includes(name));
}

/** `--repository`, else GITHUB_REPOSITORY: required with a token (the issues live there). */
function readRepository(option: string | undefined, env: NodeJS.ProcessEnv, required: boolean): string {
  const subject = option === undefined ? 'Environment variable GITHUB_REPOSITORY' : 'Option --repository';
  const value = (option ?? env.GITHUB_REPOSITORY ?? '').trim();
  if (value === '') {
    if (!required) return '';
    throw new InputError(
      'Option --repository',
      undefined,
      'is required with GITHUB_TOKEN: give the owner/name whose issues keep the incidents, or set GITHUB_REPOSITORY',
    );
  }
  if (!REPOSITORY.test(value)) throw new InputError(subject, value, 'use owner/name, e.g. acme/mono');
  return value;
}
