/**
 * The pipeline command's configuration from its flags and the environment, checked before anything
 * runs: DOKPLOY_URL and DOKPLOY_TOKEN (with the deploy action's own rules), every platform's Dokploy id
 * (from the manifest or the variable its `secret:` names), durations, and the separation spec with
 * its credentials.
 */
import type { Plan } from '../detect-changed-platforms/plan.js';
import {
  INPUT_SUBJECTS,
  resolveServerSettings,
  resolveVerifySettings,
  type DeployServerSettings,
  type DeployVerifySettings,
  type SettingSubjects,
} from '../dokploy-deploy/settings.js';
import { parseDurationOf } from '../lib/duration.js';
import { InputError } from '../lib/errors.js';
import { DEFAULT_SEPARATION_AFTER, readSeparationSpecInput } from '../lib/separation-placement.js';
import type { StepsConfig } from '../pipeline/steps.js';
import type { WaitOptions } from '../wait-healthy/index.js';
import { resolveSettings as resolveSeparationSettings } from '../run-e2e-separation/settings.js';
import { parseSpec, readCredentials } from '../run-e2e-separation/spec.js';
import { resolveWaitOptions, WAIT_HEALTHY_DEFAULT_SETTINGS } from '../wait-healthy/index.js';

/** The flags the configuration is read from (raw strings, as parsed from the command line). */
export interface PipelineFlags {
  'deploy-timeout': string;
  'poll-interval': string;
  'stable-for': string;
  rollback: string;
  'health-timeout': string;
  'health-interval': string;
  'separation-after': string;
  spec: string;
  'no-separation': boolean;
}

/** The steps' configuration plus where the separation checks go. */
export interface PipelineConfig extends StepsConfig {
  /** `--separation-after`: the stage after which the separation checks run. */
  separationAfterStage: number;
}

/**
 * Reads and checks the configuration.
 * @throws InputError naming the variable or option: DOKPLOY_URL/DOKPLOY_TOKEN missing or invalid, id
 *   variables not set (all named at once), a bad duration or stage, a spec that is missing or invalid,
 *   a credential variable that is not set
 */
export function readPipelineConfig(
  values: PipelineFlags,
  plan: Plan,
  where: { env: NodeJS.ProcessEnv; cwd: string; head: string; manifestSource: string },
): PipelineConfig {
  const { env } = where;
  const deploy = checkDokploy((env.DOKPLOY_URL ?? '').trim(), (env.DOKPLOY_TOKEN ?? '').trim(), values);
  const option = values['separation-after'].trim();
  const after = option === '' ? (plan.separation?.afterStage ?? DEFAULT_SEPARATION_AFTER) : Number(option);
  if (!Number.isInteger(after) || after < 0) {
    throw new InputError('Option --separation-after', option, 'use a stage number such as 1');
  }
  return {
    separationAfterStage: after,
    deploy,
    verify: readVerify(values),
    ids: resolveIds(plan, env),
    promoteIds: resolveIds(plan, env, 'promotion'),
    sha: where.head,
    runId: Date.now().toString(36),
    manifestSource: where.manifestSource,
    health: readHealthOptions(
      { timeout: values['health-timeout'], interval: values['health-interval'] },
      { timeout: 'Option --health-timeout', interval: 'Option --health-interval' },
    ),
    separation: values['no-separation'] ? undefined : readSeparation(values.spec, plan.environment, where),
  };
}

/** Checks DOKPLOY_URL, DOKPLOY_TOKEN and the deploy options with the deploy action's own rules, before anything runs. */
function checkDokploy(url: string, apiKey: string, values: PipelineFlags): DeployServerSettings {
  if (url === '') {
    throw new InputError(
      'Environment variable DOKPLOY_URL',
      undefined,
      "is required: your Dokploy server's address, e.g. DOKPLOY_URL=https://dokploy.example.com",
    );
  }
  if (apiKey === '') {
    throw new InputError(
      'Environment variable DOKPLOY_TOKEN',
      undefined,
      'is required: a Dokploy API key (Settings → Profile → API/CLI in Dokploy)',
    );
  }
  return resolveServerSettings(
    {
      dokployUrl: url,
      apiKey,
      timeoutMs: parseDurationOf(DEPLOY_SUBJECTS.timeoutMs, values['deploy-timeout']),
      pollIntervalMs: parseDurationOf(DEPLOY_SUBJECTS.pollIntervalMs, values['poll-interval']),
    },
    DEPLOY_SUBJECTS,
  );
}

/** The running check and the rollback policy with the deploy action's rules and defaults. */
function readVerify(values: PipelineFlags): DeployVerifySettings {
  return resolveVerifySettings(
    {
      stableForMs: parseDurationOf(DEPLOY_SUBJECTS.stableForMs, values['stable-for']),
      rollback: values.rollback.trim(),
    },
    DEPLOY_SUBJECTS,
  );
}

/** The deploy settings as the pipeline command's user knows them. */
const DEPLOY_SUBJECTS: SettingSubjects = {
  ...INPUT_SUBJECTS,
  dokployUrl: 'Environment variable DOKPLOY_URL',
  apiKey: 'Environment variable DOKPLOY_TOKEN',
  timeoutMs: 'Option --deploy-timeout',
  pollIntervalMs: 'Option --poll-interval',
  stableForMs: 'Option --stable-for',
  rollback: 'Option --rollback',
};

/**
 * Each planned platform's id: the manifest's, or the value of the variable its `secret:` names; with
 * 'promotion', the same for its target in the environment this one promotes from.
 */
function resolveIds(
  plan: Plan,
  env: NodeJS.ProcessEnv,
  which: 'target' | 'promotion' = 'target',
): Record<string, string> {
  const ids: Record<string, string> = {};
  const missing: string[] = [];
  let environment = plan.environment;
  for (const p of plan.platforms) {
    const target = which === 'target' ? p : p.promotion;
    if (target === undefined || target.service !== '') continue; // by name: resolved through project.all
    if (which === 'promotion') environment = p.promotion?.from ?? environment;
    const id = target.id || (env[target.secret] ?? '').trim();
    if (id === '') missing.push(target.secret);
    else ids[p.name] = id;
  }
  if (missing.length > 0) {
    throw new InputError(
      `Environment variable${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`,
      undefined,
      `${missing.length === 1 ? 'is' : 'are'} not set: each holds the Dokploy id of a platform in ${environment} (the manifest's deploy.${environment}.secret)`,
    );
  }
  return ids;
}

/**
 * The separation spec for `environment` (`--spec`, else .github/separation.yml when present), its
 * credentials from the environment and the action's settings; undefined when there is no spec.
 * @throws InputError for a named spec that is missing or invalid, or a credential variable not set
 */
export function readSeparation(
  specOption: string,
  environment: string,
  where: { env: NodeJS.ProcessEnv; cwd: string },
): StepsConfig['separation'] {
  const text = readSeparationSpecInput('Option --spec', specOption, where.cwd);
  if (!text) return undefined;
  const spec = parseSpec(text.text, text.source, environment);
  // The action's defaults for the rest (request timeout, chunks followed), checked by its resolver.
  const settings = resolveSeparationSettings({ environment, spec: text.source });
  return { spec, credentials: readCredentials(spec, where.env), settings };
}

/**
 * The health wait's timing with wait-healthy's rules, from the texts of two options (`names` says
 * which, for the error line); one probe waits at most its default or the whole timeout.
 * @throws InputError naming the option for a duration that does not parse or is zero
 */
export function readHealthOptions(
  texts: { timeout: string; interval: string },
  names: { timeout: string; interval: string },
): WaitOptions {
  const subjects = {
    targets: 'The manifest health targets',
    timeoutMs: names.timeout,
    intervalMs: names.interval,
    requestTimeoutMs: names.timeout,
    consecutiveSuccesses: 'The health check',
  };
  const timeoutMs = parseDurationOf(subjects.timeoutMs, texts.timeout);
  return resolveWaitOptions(
    {
      timeoutMs,
      intervalMs: parseDurationOf(subjects.intervalMs, texts.interval),
      requestTimeoutMs: Math.min(WAIT_HEALTHY_DEFAULT_SETTINGS.requestTimeoutMs, timeoutMs),
    },
    subjects,
  );
}
