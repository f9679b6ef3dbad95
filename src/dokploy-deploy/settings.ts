/**
 * dokploy-deploy's inputs → one settings object. Every "bad input" is found here, before any request.
 */
import type { ServiceRef } from '../lib/dokploy-client.js';
import { parseDuration } from '../lib/duration.js';
import { InputError } from '../lib/errors.js';
import { parseBoolean, parseEnum, parseInteger, type InputReader } from '../lib/input.js';

/** Accepted values of `action`. */
export const ACTIONS = ['deploy', 'redeploy'] as const;
export type DeployAction = (typeof ACTIONS)[number];

/** Accepted values of `env-mode`. */
export const ENV_MODES = ['merge', 'replace'] as const;
export type EnvMode = (typeof ENV_MODES)[number];

/** Inputs whose values are masked before anything else happens. */
export const SECRET_INPUTS = ['api-key'] as const;

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
  rollbackOnFailure: false,
} as const satisfies Partial<DeploySettings>;

/** The least `pollIntervalMs` (gentle on Dokploy: the default is 3 s). */
export const MIN_POLL_INTERVAL_MS = 500;
/** The most `logLines` (Dokploy's readLogs accepts up to 10 000). */
export const MAX_LOG_LINES = 10_000;

/** What the run tells about itself (from GITHUB_* variables), for the default title and description. */
export interface RunContext {
  workflow: string;
  runId: string;
  runNumber: string;
  runAttempt: string;
  sha: string;
  repository: string;
}

/** The resolved inputs. */
export interface DeploySettings {
  /** Input `dokploy-url`: the server's base URL, no trailing slash or `/api`. Required. */
  dokployUrl: string;
  /** Input `api-key`: sent as `x-api-key`. Required; a secret. */
  apiKey: string;
  /** Input `application-id` or `compose-id` (exactly one). */
  target: ServiceRef;
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
  /** Input `rollback-on-failure`: roll an application back to its last good image on error. Default false. */
  rollbackOnFailure: boolean;
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
  if (settings.target.id.trim() === '') {
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
  return settings;
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
  const durationOf = (name: 'timeout' | 'poll-interval'): number | undefined =>
    read(name).trim() === '' ? undefined : parseDuration(name, read(name));
  const marker = defaultMarker(run);
  // The inputs are checked in the order action.yml lists them: the server first.
  resolveServerSettings({ dokployUrl: read('dokploy-url'), apiKey: read('api-key') });
  return resolveSettings({
    dokployUrl: read('dokploy-url'),
    apiKey: read('api-key'),
    target: parseTarget(read('application-id'), read('compose-id')),
    action: parseEnum('action', read('action'), ACTIONS, DEFAULT_SETTINGS.action),
    wait: parseBoolean('wait', read('wait'), DEFAULT_SETTINGS.wait),
    ...withDefined({ timeoutMs: durationOf('timeout'), pollIntervalMs: durationOf('poll-interval') }),
    title: read('title').trim() || marker.title,
    description: read('description').trim() || marker.description,
    sha: run.sha.trim() || undefined,
    env: parseEnvLines(read('env')),
    envMode: parseEnum('env-mode', read('env-mode'), ENV_MODES, DEFAULT_SETTINGS.envMode),
    dockerImage: read('docker-image').trim() || undefined,
    logLines: parseInteger('log-lines', read('log-lines'), DEFAULT_SETTINGS.logLines, 0, MAX_LOG_LINES),
    rollbackOnFailure: parseBoolean(
      'rollback-on-failure',
      read('rollback-on-failure'),
      DEFAULT_SETTINGS.rollbackOnFailure,
    ),
  });
}

/** The entries whose value is defined (so absent inputs take the defaults). */
function withDefined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
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

function parseTarget(applicationId: string, composeId: string): ServiceRef {
  const app = applicationId.trim();
  const compose = composeId.trim();
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
  return app !== '' ? { kind: 'application', id: app } : { kind: 'compose', id: compose };
}

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
