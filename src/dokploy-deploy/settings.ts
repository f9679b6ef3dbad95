/**
 * dokploy-deploy's inputs → one settings object. Every "bad input" is found here, before any request.
 */
import type { ServiceRef } from '../lib/dokploy-client.js';
import type { ServiceNames } from '../lib/platform.js';
import type { PromotionRequest } from './promotion.js';
import { formatDuration, parseDuration } from '../lib/duration.js';
import { InputError } from '../lib/errors.js';
import {
  isHttpAddress,
  parseBoolean,
  parseEnum,
  parseInteger,
  withDefined,
  type InputReader,
} from '../lib/input.js';

/** Accepted values of `action`. */
export const ACTIONS = ['deploy', 'redeploy'] as const;
export type DeployAction = (typeof ACTIONS)[number];

/** Accepted values of `env-mode`. */
export const ENV_MODES = ['merge', 'replace'] as const;
export type EnvMode = (typeof ENV_MODES)[number];

/** Accepted values of `rollback`: after any failed deploy, only once the new version is in place but not running, or never. */
export const ROLLBACK_POLICIES = ['on-failure', 'on-unhealthy', 'never'] as const;
export type RollbackPolicy = (typeof ROLLBACK_POLICIES)[number];

/** Inputs whose values are masked before anything else happens. */
export const SECRET_INPUTS = ['api-key', 'github-token'] as const;

/** The finished defaults: the only place a default lives (a test checks action.yml against them). */
export const DEFAULT_SETTINGS = {
  action: 'deploy',
  wait: true,
  timeoutMs: 30 * 60_000,
  pollIntervalMs: 3000,
  env: [],
  envMode: 'merge',
  dockerImage: undefined,
  logLines: 100,
  stableForMs: 20_000,
  rollback: 'never',
  rollbackTo: undefined,
  preDeploy: undefined,
  postDeploy: undefined,
  hookService: undefined,
  hookTimeoutMs: 10 * 60_000,
  githubDeployment: undefined,
} as const satisfies Partial<DeploySettings>;

/** The least `pollIntervalMs` (gentle on Dokploy: the default is 3 s). */
export const MIN_POLL_INTERVAL_MS = 500;
/** The most `logLines` (Dokploy's readLogs accepts up to 10 000). */
export const MAX_LOG_LINES = 10_000;
/** The longest `hookTimeoutMs`: a migration that runs longer belongs in a job of its own. */
export const MAX_HOOK_TIMEOUT_MS = 6 * 60 * 60_000;
/** The longest `stableForMs`: a window is a short check after `done`, not a soak test. */
export const MAX_STABLE_FOR_MS = 10 * 60_000;

/** What the run tells about itself (from GITHUB_* variables), for the default title and description. */
export interface RunContext {
  workflow: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  sha: string;
  repository: string;
  /** GITHUB_SERVER_URL, e.g. https://github.com (for the run's page). */
  serverUrl?: string;
  /** GITHUB_API_URL, e.g. https://api.github.com. */
  apiUrl?: string;
}

/** Input `github-deployment` and its companions: the deploy recorded as a GitHub deployment. */
export interface GitHubDeploymentRequest {
  /** The GitHub environment's name (input `github-deployment`). */
  environment: string;
  /** Input `environment-url` ('' = none). */
  environmentUrl: string;
  /** Input `github-token` (a secret; default the job's github.token). */
  token: string;
  /** Where the run is: repository, commit, its page and the API (from GITHUB_* variables). */
  repository: string;
  sha: string;
  logUrl: string;
  apiUrl: string;
}

/** The resolved inputs. */
export interface DeploySettings {
  /** Input `dokploy-url`: the server's base URL, no trailing slash or `/api`. Required. */
  dokployUrl: string;
  /** Input `api-key`: sent as `x-api-key`. Required; a secret. */
  apiKey: string;
  /** Input `application-id` or `compose-id` (exactly one). */
  target: ServiceRef;
  /**
   * Inputs `project`, `project-environment`, `application-name` / `compose-name`: the service by
   * name instead of id (then `target.id` is '' until runDeploy resolves it through project.all).
   */
  targetNames?: ServiceNames | undefined;
  /** Input `action`: deploy (fetch the source, build) or redeploy (rebuild only). Default deploy. */
  action: DeployAction;
  /** Input `wait`: follow the deployment to its end. Default true. */
  wait: boolean;
  /** Input `timeout`: the whole wait (queue and build), in ms. Default 30m. */
  timeoutMs: number;
  /** Input `poll-interval`: the first wait between status polls, in ms. Default 3s. */
  pollIntervalMs: number;
  /** Input `title`: the deployment's title; unique per run by default. */
  title: string;
  /** Input `description`: the deployment's description; unique per run by default. */
  description: string;
  /** The commit being deployed (GITHUB_SHA), for recognising Dokploy's `Commit: <sha>` rewrite. */
  sha: string | undefined;
  /** Input `env`: KEY=VALUE pairs to write into the service's environment before deploying. */
  env: [string, string][];
  /** Input `env-mode`: merge into the existing environment or replace it. Default merge. */
  envMode: EnvMode;
  /** Input `docker-image`: the image to set on a docker-sourced application before deploying. */
  dockerImage: string | undefined;
  /** Input `log-lines`: build-log lines shown on failure (0 = none). Default 100. */
  logLines: number;
  /** Input `stable-for`: how long the new version must run without restarting after `done`, in ms (0 = no check). Default 20s. */
  stableForMs: number;
  /** Input `rollback` (alias `rollback-on-failure: true` = on-failure): when to restore the last good version. Default never. */
  rollback: RollbackPolicy;
  /** Input `rollback-to`: roll back instead of deploying, to `previous`, a deployment id or an image. Default: deploy. */
  rollbackTo: string | undefined;
  /** Input `pre-deploy`: a shell command run in the running service before the deploy (a migration); failing stops it. */
  preDeploy: string | undefined;
  /** Input `post-deploy`: a shell command run in the new version once it runs; failing fails the step (and rolls back as `rollback` says). */
  postDeploy: string | undefined;
  /** Input `hook-service`: the compose service whose container runs the commands (compose only, then required). */
  hookService: string | undefined;
  /** Input `hook-timeout`: the longest each command may run, in ms. Default 10m. */
  hookTimeoutMs: number;
  /** Input `github-deployment`: record the deploy as a GitHub deployment of this environment. Default none. */
  githubDeployment: GitHubDeploymentRequest | undefined;
  /** Input `promote-from` and its companions: deploy only what that environment verified. Default none. */
  promotion?: PromotionRequest | undefined;
  /** Input `working-directory`: the checkout promotion compares git trees in (default: the workspace). */
  workingDirectory?: string | undefined;
}

/** What a caller gives: where and what to deploy, how to mark it; anything else takes DEFAULT_SETTINGS. */
export type DeploySettingsInput = Pick<
  DeploySettings,
  'dokployUrl' | 'apiKey' | 'target' | 'title' | 'description' | 'sha'
> &
  Partial<Omit<DeploySettings, 'dokployUrl' | 'apiKey' | 'target' | 'title' | 'description' | 'sha'>>;

/** The server part of the settings, which the pipeline command checks before it knows any target. */
export type DeployServerSettings = Pick<
  DeploySettings,
  'dokployUrl' | 'apiKey' | 'timeoutMs' | 'pollIntervalMs'
>;

/** The running check and the rollback policy, which the pipeline command also checks before it knows any target. */
export type DeployVerifySettings = Pick<DeploySettings, 'stableForMs' | 'rollback'>;

/**
 * Who the user knows each checked setting as, for the error line. The action's are its inputs; the
 * CLI passes its own ("Environment variable DOKPLOY_URL", "Option --deploy-timeout").
 */
export interface SettingSubjects {
  dokployUrl: string;
  apiKey: string;
  target: string;
  timeoutMs: string;
  pollIntervalMs: string;
  dockerImage: string;
  logLines: string;
  stableForMs: string;
  rollback: string;
  preDeploy: string;
  postDeploy: string;
  hookService: string;
  hookTimeoutMs: string;
}

/** The action's subjects: its input names. */
export const INPUT_SUBJECTS: SettingSubjects = {
  dokployUrl: "Input 'dokploy-url'",
  apiKey: "Input 'api-key'",
  target: "Inputs 'application-id' and 'compose-id'",
  timeoutMs: "Input 'timeout'",
  pollIntervalMs: "Input 'poll-interval'",
  dockerImage: "Input 'docker-image'",
  logLines: "Input 'log-lines'",
  stableForMs: "Input 'stable-for'",
  rollback: "Input 'rollback'",
  preDeploy: "Input 'pre-deploy'",
  postDeploy: "Input 'post-deploy'",
  hookService: "Input 'hook-service'",
  hookTimeoutMs: "Input 'hook-timeout'",
};

/**
 * Checks the server settings and normalises the URL (no trailing slash, no `/api`).
 * @throws InputError naming the setting as `subjects` says
 */
export function resolveServerSettings(
  input: Pick<DeployServerSettings, 'dokployUrl' | 'apiKey'> & Partial<DeployServerSettings>,
  subjects: SettingSubjects = INPUT_SUBJECTS,
): DeployServerSettings {
  const dokployUrl = normaliseUrl(input.dokployUrl, subjects.dokployUrl);
  const apiKey = input.apiKey.trim();
  if (apiKey === '') {
    throw new InputError(
      subjects.apiKey,
      undefined,
      'is required: pass a Dokploy API key from a secret, e.g. ${{ secrets.DOKPLOY_API_KEY }}',
    );
  }
  const timeoutMs = input.timeoutMs ?? DEFAULT_SETTINGS.timeoutMs;
  if (!(timeoutMs > 0)) {
    throw new InputError(subjects.timeoutMs, `${timeoutMs}ms`, 'use a duration above zero, such as 30m');
  }
  const pollIntervalMs = input.pollIntervalMs ?? DEFAULT_SETTINGS.pollIntervalMs;
  if (!(pollIntervalMs >= MIN_POLL_INTERVAL_MS)) {
    throw new InputError(
      subjects.pollIntervalMs,
      `${pollIntervalMs}ms`,
      'use at least 500ms (the default 3s is gentle on Dokploy)',
    );
  }
  return { dokployUrl, apiKey, timeoutMs, pollIntervalMs };
}

/**
 * The finished settings from typed values: defaults filled in, every rule checked.
 * @throws InputError naming the setting as `subjects` says
 */
export function resolveSettings(
  input: DeploySettingsInput,
  subjects: SettingSubjects = INPUT_SUBJECTS,
): DeploySettings {
  const server = resolveServerSettings(input, subjects);
  const settings: DeploySettings = { ...DEFAULT_SETTINGS, env: [], ...input, ...server };
  if (settings.targetNames !== undefined && settings.target.id.trim() !== '') {
    throw new InputError(
      subjects.target,
      undefined,
      'are set together with a name: give the id or the project and service names, not both',
    );
  }
  if (settings.target.id.trim() === '' && settings.targetNames === undefined) {
    throw new InputError(
      subjects.target,
      undefined,
      "is empty: give the id (it is in the service's URL in Dokploy)",
    );
  }
  const { dockerImage } = settings;
  if (dockerImage !== undefined && settings.action === 'redeploy') {
    throw new InputError(
      subjects.dockerImage,
      dockerImage,
      "cannot be used with action 'redeploy', which rebuilds without pulling: use action 'deploy'",
    );
  }
  if (dockerImage !== undefined && settings.target.kind === 'compose') {
    throw new InputError(
      subjects.dockerImage,
      dockerImage,
      'applies to applications only: set the image in the compose file instead',
    );
  }
  if (!Number.isInteger(settings.logLines) || settings.logLines < 0 || settings.logLines > MAX_LOG_LINES) {
    throw new InputError(
      subjects.logLines,
      String(settings.logLines),
      `use a whole number from 0 to ${MAX_LOG_LINES}`,
    );
  }
  resolveVerifySettings(settings, subjects);
  checkHooks(settings, subjects);
  return settings;
}

/**
 * The pre- and post-deploy commands: a post-deploy command needs the deploy followed, a compose
 * stack needs the service whose container runs them, a rollback instead of a deploy runs none.
 * @throws InputError naming the setting as `subjects` says
 */
function checkHooks(settings: DeploySettings, subjects: SettingSubjects): void {
  for (const key of ['preDeploy', 'postDeploy', 'hookService'] as const) {
    const value = settings[key];
    if (value !== undefined && value.trim() === '') settings[key] = undefined;
  }
  const { preDeploy, postDeploy, hookService, hookTimeoutMs } = settings;
  const hooked = preDeploy !== undefined || postDeploy !== undefined;
  if (!(hookTimeoutMs > 0 && hookTimeoutMs <= MAX_HOOK_TIMEOUT_MS)) {
    throw new InputError(
      subjects.hookTimeoutMs,
      formatDuration(hookTimeoutMs),
      'use a duration above zero and at most 6h, such as 10m',
    );
  }
  if (postDeploy !== undefined && !settings.wait) {
    throw new InputError(
      subjects.postDeploy,
      undefined,
      'needs wait: true (it runs once the new version runs, which only a followed deploy knows)',
    );
  }
  if (hooked && settings.rollbackTo !== undefined) {
    throw new InputError(
      preDeploy !== undefined ? subjects.preDeploy : subjects.postDeploy,
      undefined,
      "cannot be used with 'rollback-to': a rollback restores a kept version and runs no commands",
    );
  }
  if (hookService !== undefined && settings.target.kind === 'application') {
    throw new InputError(
      subjects.hookService,
      hookService,
      "applies to compose stacks only: an application's commands run in its own container",
    );
  }
  if (hookService !== undefined && !hooked) {
    throw new InputError(
      subjects.hookService,
      hookService,
      "names where 'pre-deploy' or 'post-deploy' runs: give one",
    );
  }
  if (hooked && settings.target.kind === 'compose' && hookService === undefined) {
    throw new InputError(
      subjects.hookService,
      undefined,
      "is required with a compose stack's commands: the compose service whose container runs them, e.g. web",
    );
  }
}

/**
 * Checks the running check's window and the rollback policy (a CLI passes its flag's text as it is).
 * @throws InputError naming the setting as `subjects` says
 */
export function resolveVerifySettings(
  input: { stableForMs?: number | undefined; rollback?: string | undefined },
  subjects: SettingSubjects = INPUT_SUBJECTS,
): DeployVerifySettings {
  const stableForMs = input.stableForMs ?? DEFAULT_SETTINGS.stableForMs;
  if (!(stableForMs >= 0 && stableForMs <= MAX_STABLE_FOR_MS)) {
    throw new InputError(
      subjects.stableForMs,
      formatDuration(stableForMs),
      'use a duration from 0 (no running check) to 10m, such as 20s',
    );
  }
  const rollback = input.rollback ?? DEFAULT_SETTINGS.rollback;
  if (!(ROLLBACK_POLICIES as readonly string[]).includes(rollback)) {
    throw new InputError(subjects.rollback, rollback, `use one of ${ROLLBACK_POLICIES.join(', ')}`);
  }
  return { stableForMs, rollback: rollback as RollbackPolicy };
}

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Reads and checks every input.
 * @param read - returns an input's raw value ('' when absent)
 * @param run - the run's identity, for the default title and description
 * @throws InputError for the first bad input (one line naming it)
 */
export function readSettings(read: InputReader, run: RunContext): DeploySettings {
  // Input strings → typed values (parse errors name the input); resolveSettings checks the rest.
  const durationOf = (
    name: 'timeout' | 'poll-interval' | 'stable-for' | 'hook-timeout',
  ): number | undefined => (read(name).trim() === '' ? undefined : parseDuration(name, read(name)));
  const marker = defaultMarker(run);
  // The inputs are checked in the order action.yml lists them: the server first.
  resolveServerSettings({ dokployUrl: read('dokploy-url'), apiKey: read('api-key') });
  return resolveSettings({
    dokployUrl: read('dokploy-url'),
    apiKey: read('api-key'),
    ...parseTarget(read),
    action: parseEnum('action', read('action'), ACTIONS, DEFAULT_SETTINGS.action),
    wait: parseBoolean('wait', read('wait'), DEFAULT_SETTINGS.wait),
    ...withDefined({
      timeoutMs: durationOf('timeout'),
      pollIntervalMs: durationOf('poll-interval'),
      stableForMs: durationOf('stable-for'),
      hookTimeoutMs: durationOf('hook-timeout'),
    }),
    title: read('title').trim() || marker.title,
    description: read('description').trim() || marker.description,
    sha: run.sha.trim() || undefined,
    env: parseEnvLines(read('env')),
    envMode: parseEnum('env-mode', read('env-mode'), ENV_MODES, DEFAULT_SETTINGS.envMode),
    dockerImage: read('docker-image').trim() || undefined,
    logLines: parseInteger('log-lines', read('log-lines'), DEFAULT_SETTINGS.logLines, 0, MAX_LOG_LINES),
    rollback: parseRollback(read('rollback'), read('rollback-on-failure')),
    rollbackTo: parseRollbackTo(read('rollback-to'), read),
    preDeploy: read('pre-deploy').trim() || undefined,
    postDeploy: read('post-deploy').trim() || undefined,
    hookService: read('hook-service').trim() || undefined,
    githubDeployment: parseGitHubDeployment(read, run),
    promotion: parsePromotion(read),
    workingDirectory: read('working-directory').trim() || undefined,
  });
}

/**
 * `promote-from` (the environment's name) and the service there: `promote-from-id`, or by name
 * (`promote-from-project`, default `project`; `promote-from-project-environment`, default the
 * environment's name; `promote-from-service`, default the target's service name).
 * @throws InputError for companions without `promote-from`, no way to find the service, or a rollback
 */
function parsePromotion(read: InputReader): PromotionRequest | undefined {
  const from = read('promote-from').trim();
  const id = read('promote-from-id').trim();
  const project = read('promote-from-project').trim() || read('project').trim();
  const projectEnvironment = read('promote-from-project-environment').trim() || from;
  const service =
    read('promote-from-service').trim() || read('application-name').trim() || read('compose-name').trim();
  const health = read('promote-from-health')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (from === '') {
    const stray = PROMOTION_COMPANIONS.find((name) => read(name).trim() !== '');
    if (stray !== undefined)
      throw new InputError(
        `Input '${stray}'`,
        undefined,
        "needs 'promote-from' (the environment it promotes from, e.g. staging)",
      );
    return undefined;
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(from))
    throw new InputError(
      "Input 'promote-from'",
      from,
      'use the name of the environment it promotes from, e.g. staging',
    );
  if (read('rollback-to').trim() !== '')
    throw new InputError(
      "Input 'promote-from'",
      from,
      "cannot be used with 'rollback-to': a rollback restores a kept version",
    );
  const kind =
    read('compose-id').trim() !== '' || read('compose-name').trim() !== '' ? 'compose' : 'application';
  if (id !== '') {
    if (read('promote-from-project').trim() !== '' || read('promote-from-service').trim() !== '')
      throw new InputError(
        "Inputs 'promote-from-id' and 'promote-from-project'/'promote-from-service'",
        undefined,
        'are both set: give the service by id or by name, not both',
      );
    return { from, target: { kind, id }, targetNames: undefined, health };
  }
  if (project === '' || service === '')
    throw new InputError(
      "Input 'promote-from-id'",
      undefined,
      `is empty: give the ${from} service's id, or its names (promote-from-project, promote-from-service)`,
    );
  return {
    from,
    target: { kind, id: '' },
    targetNames: { project, environment: projectEnvironment, service },
    health,
  };
}

/** The inputs that only mean something with `promote-from`. */
const PROMOTION_COMPANIONS = [
  'promote-from-id',
  'promote-from-project',
  'promote-from-project-environment',
  'promote-from-service',
  'promote-from-health',
] as const;

/**
 * `github-deployment` (an environment name), `environment-url` and `github-token`.
 * @throws InputError for a name GitHub refuses, a URL that is not http(s), no token, or no run to record
 */
function parseGitHubDeployment(read: InputReader, run: RunContext): GitHubDeploymentRequest | undefined {
  const environment = read('github-deployment').trim();
  const environmentUrl = read('environment-url').trim();
  const token = read('github-token').trim();
  if (environment === '') {
    if (environmentUrl !== '') {
      throw new InputError(
        "Input 'environment-url'",
        environmentUrl,
        "needs 'github-deployment' (the GitHub environment it is the address of)",
      );
    }
    return undefined;
  }
  if (environment.length > 255 || /[,;]/.test(environment) || [...environment].some((c) => c < ' ')) {
    throw new InputError(
      "Input 'github-deployment'",
      environment,
      "use the GitHub environment's name, e.g. production (at most 255 characters, no commas or semicolons)",
    );
  }
  if (environmentUrl !== '' && !isHttpAddress(environmentUrl)) {
    throw new InputError(
      "Input 'environment-url'",
      environmentUrl,
      'use the http(s) address people open, e.g. https://web.example.com',
    );
  }
  if (token === '') {
    throw new InputError(
      "Input 'github-token'",
      undefined,
      "is required with 'github-deployment': pass ${{ github.token }} (the default) with 'deployments: write'",
    );
  }
  if (run.repository === '' || run.sha === '') {
    throw new InputError(
      "Input 'github-deployment'",
      environment,
      'needs GITHUB_REPOSITORY and GITHUB_SHA: run inside GitHub Actions',
    );
  }
  const server = (run.serverUrl || 'https://github.com').replace(/\/+$/, '');
  return {
    environment,
    environmentUrl,
    token,
    repository: run.repository,
    sha: run.sha,
    logUrl: `${server}/${run.repository}/actions/runs/${run.runId}${run.runAttempt ? `/attempts/${run.runAttempt}` : ''}`,
    apiUrl: run.apiUrl || 'https://api.github.com',
  };
}

/**
 * `rollback-to`: what a rollback instead of a deploy restores (previous, a deployment id, an image).
 * @throws InputError for a value with spaces, or one given with an image or environment to set
 */
function parseRollbackTo(text: string, read: InputReader): string | undefined {
  const to = text.trim();
  if (to === '') return undefined;
  if (/\s/.test(to)) {
    throw new InputError(
      "Input 'rollback-to'",
      to,
      'use previous, a deployment id or an image such as ghcr.io/acme/web:1.4.1',
    );
  }
  if (read('docker-image').trim() !== '' || read('env').trim() !== '') {
    throw new InputError(
      "Input 'rollback-to'",
      to,
      "cannot be used with 'docker-image' or 'env': a rollback restores a kept version as it was",
    );
  }
  return to;
}

/**
 * `rollback`, or the older `rollback-on-failure` (true = on-failure), which keeps working.
 * @throws InputError for a value outside the list, or both inputs set
 */
function parseRollback(policy: string, legacy: string): RollbackPolicy {
  const alias = parseBoolean('rollback-on-failure', legacy, false);
  if (alias && policy.trim() !== '') {
    throw new InputError(
      "Inputs 'rollback' and 'rollback-on-failure'",
      undefined,
      "are both set: keep 'rollback' (rollback-on-failure: true means rollback: on-failure)",
    );
  }
  if (alias) return 'on-failure';
  return parseEnum('rollback', policy, ROLLBACK_POLICIES, DEFAULT_SETTINGS.rollback);
}

/** The run's identity from GITHUB_* variables (passed in as a value; the shell gives process.env). */
export function runContextFromEnv(env: Record<string, string | undefined>): RunContext {
  return {
    workflow: env.GITHUB_WORKFLOW ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runNumber: env.GITHUB_RUN_NUMBER ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    sha: env.GITHUB_SHA ?? '',
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? '',
    apiUrl: env.GITHUB_API_URL ?? '',
  };
}

/** The default title and description: workflow, run number and attempt, short sha; unique per run. */
export function defaultMarker(run: RunContext): { title: string; description: string } {
  const sha7 = run.sha.slice(0, 7);
  const attempt = run.runAttempt || '1';
  const title = [`${run.workflow || 'dokploy-deploy'} #${run.runNumber || run.runId || '0'}.${attempt}`, sha7]
    .filter(Boolean)
    .join(' ');
  const where = run.repository ? `${run.repository}${run.sha ? `@${run.sha}` : ''}` : run.sha;
  const description = [`GitHub Actions run ${run.runId || '?'}.${attempt}`, where].filter(Boolean).join(' ');
  return { title, description };
}

function normaliseUrl(text: string, subject: string): string {
  const value = text.trim();
  if (value === '') {
    throw new InputError(
      subject,
      undefined,
      "is required: your Dokploy server's address, e.g. https://dokploy.example.com",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(subject, value, 'use an http(s) address such as https://dokploy.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(subject, value, 'use an http(s) address such as https://dokploy.example.com');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError(
      subject,
      `${url.protocol}//${url.host}${url.pathname}`,
      'give the bare address: no credentials, query or fragment',
    );
  }
  // People often paste the API base; the kit adds /api itself.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The target from its id inputs, or from its names (`project` and `application-name` or `compose-name`). */
function parseTarget(read: InputReader): Pick<DeploySettings, 'target' | 'targetNames'> {
  const app = read('application-id').trim();
  const compose = read('compose-id').trim();
  const project = read('project').trim();
  const projectEnvironment = read('project-environment').trim() || DEFAULT_PROJECT_ENVIRONMENT;
  const appName = read('application-name').trim();
  const composeName = read('compose-name').trim();
  if (project === '' && (appName !== '' || composeName !== '')) {
    throw new InputError(
      "Input 'project'",
      undefined,
      "is required with a service's name: the Dokploy project's name",
    );
  }
  if (project !== '') {
    if (app !== '' || compose !== '') {
      throw new InputError(
        "Inputs 'project' and 'application-id'/'compose-id'",
        undefined,
        'are both set: give the service by id or by name, not both',
      );
    }
    if ((appName === '') === (composeName === '')) {
      throw new InputError(
        "Inputs 'application-name' and 'compose-name'",
        undefined,
        `are ${appName === '' ? 'both empty' : 'both set'}: name exactly one service of project '${project}'`,
      );
    }
    const kind = appName !== '' ? 'application' : 'compose';
    const names = { project, environment: projectEnvironment, service: appName || composeName };
    return { target: { kind, id: '' }, targetNames: names };
  }
  if (app !== '' && compose !== '') {
    throw new InputError(
      "Inputs 'application-id' and 'compose-id'",
      undefined,
      'are both set: give exactly one',
    );
  }
  if (app === '' && compose === '') {
    throw new InputError(
      "Inputs 'application-id' and 'compose-id'",
      undefined,
      "are both empty: give exactly one (the id is in the service's URL in Dokploy)",
    );
  }
  return { target: app !== '' ? { kind: 'application', id: app } : { kind: 'compose', id: compose } };
}

/** The Dokploy environment a named service is looked up in by default (every project starts with it). */
export const DEFAULT_PROJECT_ENVIRONMENT = 'production';

/** Parses `env` lines. A bad line is named by number only: it may hold a secret. */
function parseEnvLines(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!ENV_KEY.test(key)) {
      throw new InputError(
        `Input 'env' line ${index + 1}`,
        undefined,
        'is not KEY=VALUE: write one variable per line as KEY=VALUE, the key made of letters, digits and _ (the line is not shown: it may hold a secret)',
      );
    }
    pairs.push([key, line.slice(eq + 1)]);
  });
  return pairs;
}
