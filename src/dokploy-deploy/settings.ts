/**
 * dokploy-deploy's inputs → one settings object. Every "bad input" is found here, before any request.
 */
import type { ServiceRef } from '../lib/dokploy-client.js';
import { parseDuration } from '../lib/duration.js';
import { InputError, inputError } from '../lib/errors.js';
import { parseBoolean, parseEnum, parseInteger, type InputReader } from '../lib/input.js';

/** Accepted values of `action`. */
export const ACTIONS = ['deploy', 'redeploy'] as const;
export type DeployAction = (typeof ACTIONS)[number];

/** Accepted values of `env-mode`. */
export const ENV_MODES = ['merge', 'replace'] as const;
export type EnvMode = (typeof ENV_MODES)[number];

/** Inputs whose values are masked before anything else happens. */
export const SECRET_INPUTS = ['api-key'] as const;

/** Defaults, as action.yml repeats them. */
export const DEFAULTS = {
  action: 'deploy',
  wait: 'true',
  timeout: '30m',
  'poll-interval': '3s',
  'env-mode': 'merge',
  'log-lines': '100',
  'rollback-on-failure': 'false',
} as const;

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

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Reads and checks every input.
 * @param read - returns an input's raw value ('' when absent)
 * @param run - the run's identity, for the default title and description
 * @throws InputError for the first bad input (one line naming it)
 */
export function readSettings(read: InputReader, run: RunContext): DeploySettings {
  const dokployUrl = parseUrl(read('dokploy-url'));
  const apiKey = read('api-key').trim();
  if (apiKey === '') {
    throw inputError(
      'api-key',
      undefined,
      'is required: pass a Dokploy API key from a secret, e.g. ${{ secrets.DOKPLOY_API_KEY }}',
    );
  }
  const target = parseTarget(read('application-id'), read('compose-id'));
  const action = parseEnum('action', read('action'), ACTIONS, DEFAULTS.action);
  const timeoutMs = parseDuration('timeout', read('timeout') || DEFAULTS.timeout);
  if (timeoutMs <= 0) throw inputError('timeout', read('timeout'), 'use a duration above zero, such as 30m');
  const pollIntervalMs = parseDuration('poll-interval', read('poll-interval') || DEFAULTS['poll-interval']);
  if (pollIntervalMs < 500) {
    throw inputError(
      'poll-interval',
      read('poll-interval'),
      'use at least 500ms (the default 3s is gentle on Dokploy)',
    );
  }
  const dockerImage = read('docker-image').trim() || undefined;
  if (dockerImage !== undefined && action === 'redeploy') {
    throw inputError(
      'docker-image',
      dockerImage,
      "cannot be used with action 'redeploy', which rebuilds without pulling: use action 'deploy'",
    );
  }
  if (dockerImage !== undefined && target.kind === 'compose') {
    throw inputError(
      'docker-image',
      dockerImage,
      'applies to applications only: set the image in the compose file instead',
    );
  }
  const sha = run.sha.trim() || undefined;
  const marker = defaultMarker(run);
  return {
    dokployUrl,
    apiKey,
    target,
    action,
    wait: parseBoolean('wait', read('wait'), true),
    timeoutMs,
    pollIntervalMs,
    title: read('title').trim() || marker.title,
    description: read('description').trim() || marker.description,
    sha,
    env: parseEnvLines(read('env')),
    envMode: parseEnum('env-mode', read('env-mode'), ENV_MODES, DEFAULTS['env-mode']),
    dockerImage,
    logLines: parseInteger('log-lines', read('log-lines'), Number(DEFAULTS['log-lines']), 0, 10_000),
    rollbackOnFailure: parseBoolean('rollback-on-failure', read('rollback-on-failure'), false),
  };
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

function parseUrl(text: string): string {
  const value = text.trim();
  if (value === '') {
    throw inputError(
      'dokploy-url',
      undefined,
      "is required: your Dokploy server's address, e.g. https://dokploy.example.com",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw inputError('dokploy-url', value, 'use an http(s) address such as https://dokploy.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw inputError('dokploy-url', value, 'use an http(s) address such as https://dokploy.example.com');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw inputError(
      'dokploy-url',
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
