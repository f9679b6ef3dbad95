/**
 * The deploy as a GitHub deployment (`github-deployment: true`), for workflows whose deploy job names
 * no `environment:` (a job that does gets one from GitHub itself): created before the Dokploy deploy,
 * `in_progress` while it runs, then `success`, `failure` or `error` with the run's log URL, the
 * environment URL and the Dokploy deployment id. Non-transient environments mark the older
 * deployments inactive (`auto_inactive`). Writing to GitHub never fails the deploy: a refusal is one
 * warning naming the permission.
 */
import { callGitHub, repositoryPath, type GitHubApi, type GitHubHints } from '../lib/github-api.js';
import { CancelledError, KitError } from '../lib/errors.js';
import type { HttpDeps } from '../lib/http.js';
import { firstLine } from '../lib/yaml-fields.js';
import type { DeployResult, DeployStatus } from './deploy.js';
import type { DeploySettings, GitHubDeploymentRequest } from './settings.js';

/** Where and how the deployment is recorded. */
export interface GitHubDeploymentTarget {
  api: GitHubApi;
  /** GITHUB_REPOSITORY, owner/name. */
  repository: string;
  /** The commit deployed (GITHUB_SHA). */
  sha: string;
  /** The GitHub environment's name, e.g. production. */
  environment: string;
  /** The platform's address, shown on the environment's page; '' for none. */
  environmentUrl: string;
  /** The Actions run's page, the deployment's log. */
  logUrl: string;
  /** "application web (app-1)". */
  label: string;
}

/** A deployment GitHub accepted. */
export interface GitHubDeployment {
  id: number;
}

/** The statuses the kit writes (GitHub's names). */
export type GitHubDeploymentState = 'in_progress' | 'queued' | 'success' | 'failure' | 'error';

/** The deploy's end as GitHub's status: a version that does not run is a failure, an interrupted wait an error. */
const STATE_OF: Record<DeployStatus, GitHubDeploymentState> = {
  done: 'success',
  queued: 'queued',
  error: 'failure',
  unhealthy: 'failure',
  timeout: 'error',
  cancelled: 'error',
  refused: 'failure',
};

/**
 * Runs `deploy` as a GitHub deployment when `settings.githubDeployment` asks for one: created first,
 * its status written at the end from the result (or `error` when the deploy threw).
 * @returns the deploy's result and the GitHub deployment's id ('' when none was recorded)
 */
export async function asGitHubDeployment(
  settings: DeploySettings,
  deploy: () => Promise<DeployResult>,
  deps: HttpDeps,
): Promise<{ result: DeployResult; githubDeploymentId: string }> {
  const request = settings.githubDeployment;
  if (request === undefined) return { result: await deploy(), githubDeploymentId: '' };
  const target = targetOf(request, settings);
  const deployment = await startGitHubDeployment(target, deps);
  let result: DeployResult;
  try {
    result = await deploy();
  } catch (error) {
    if (deployment && !(error instanceof CancelledError)) {
      await setGitHubDeploymentStatus(deployment, target, 'error', firstLine(error), deps);
    }
    throw error;
  }
  if (deployment) {
    const where = result.deploymentId ? `Dokploy deployment ${result.deploymentId}: ` : '';
    const state = STATE_OF[result.status];
    await setGitHubDeploymentStatus(
      deployment,
      { ...target, label: result.label },
      state,
      `${where}${result.failure ? firstLine(result.failure) : result.status}`,
      deps,
    );
  }
  return { result, githubDeploymentId: deployment ? String(deployment.id) : '' };
}

function targetOf(request: GitHubDeploymentRequest, settings: DeploySettings): GitHubDeploymentTarget {
  const names = settings.targetNames;
  return {
    api: { apiUrl: request.apiUrl, token: request.token, userAgent: 'dokploy-deploy/dokploy-deploy' },
    repository: request.repository,
    sha: request.sha,
    environment: request.environment,
    environmentUrl: request.environmentUrl,
    logUrl: request.logUrl,
    label: `${settings.target.kind} ${names ? `${names.project}/${names.service}` : settings.target.id}`,
  };
}

/** Environments GitHub treats as production (others are transient: their deployments do not linger). */
const PRODUCTION = /^(prod|production)$/i;

const HINTS: GitHubHints = {
  refused: (status) =>
    status === 403 || status === 404
      ? "give the job 'deployments: write' permission (and pass its github.token as 'github-token')"
      : status === 409
        ? 'GitHub refused the ref: deploy a commit the repository has (GITHUB_SHA)'
        : 'the next deploy records again',
  rateLimited: 'the next deploy records again',
};

/**
 * Creates the deployment and marks it in progress.
 * @returns it, or undefined when GitHub refused (then a warning says why)
 * @throws CancelledError when `deps.signal` aborts
 */
export async function startGitHubDeployment(
  target: GitHubDeploymentTarget,
  deps: HttpDeps,
): Promise<GitHubDeployment | undefined> {
  const production = PRODUCTION.test(target.environment);
  const created = await warnOnRefusal(deps, () =>
    callGitHub<{ id?: unknown }>(
      target.api,
      {
        method: 'POST',
        path: `${repositoryPath(target.repository)}/deployments`,
        body: {
          ref: target.sha,
          environment: target.environment,
          description: `Dokploy deploy of ${target.label}`.slice(0, 140),
          auto_merge: false,
          // The workflow's own checks gate the deploy; GitHub should not wait for commit statuses.
          required_contexts: [],
          production_environment: production,
          transient_environment: !production,
        },
        ok: [201],
      },
      deps,
      HINTS,
    ),
  );
  if (created === undefined || typeof created.id !== 'number') return undefined;
  const deployment = { id: created.id };
  await setGitHubDeploymentStatus(deployment, target, 'in_progress', 'Deploying on Dokploy', deps);
  deps.log.info(`GitHub deployment ${deployment.id} (${target.environment}) is in progress`);
  return deployment;
}

/**
 * Writes a status. `success` on a production environment makes the older deployments inactive.
 * @throws CancelledError when `deps.signal` aborts (nothing else: a refusal is a warning)
 */
export async function setGitHubDeploymentStatus(
  deployment: GitHubDeployment,
  target: GitHubDeploymentTarget,
  state: GitHubDeploymentState,
  description: string,
  deps: HttpDeps,
): Promise<void> {
  await warnOnRefusal(deps, () =>
    callGitHub(
      target.api,
      {
        method: 'POST',
        path: `${repositoryPath(target.repository)}/deployments/${deployment.id}/statuses`,
        body: {
          state,
          description: description.slice(0, 140),
          log_url: target.logUrl,
          ...(target.environmentUrl ? { environment_url: target.environmentUrl } : {}),
          auto_inactive: true,
        },
        ok: [201],
      },
      deps,
      HINTS,
    ),
  );
}

async function warnOnRefusal<T>(deps: HttpDeps, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CancelledError || !(error instanceof KitError)) throw error;
    deps.log.warning(`Could not record the GitHub deployment: ${error.message}`);
    return undefined;
  }
}
