/**
 * The kit's one Dokploy client: typed calls for what the kit uses (docs/dokploy-api.md),
 * on `sendRequest` (one retry policy, a deadline, cancellation). Every failure is a `DokployApiError`
 * whose one-line message names the method, the endpoint and what to do, and never the key.
 */
import { DokployApiError, hostOf, interpretAnswer } from './dokploy-errors.js';
import { NetworkError, sendRequest, type HttpDeps, type HttpOptions, type HttpResponse } from './http.js';

export { DokployApiError, DOKPLOY_ERROR_KINDS, type DokployErrorKind } from './dokploy-errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { compareVersions } from './version.js';

/** Application or compose stack. */
export type ServiceKind = 'application' | 'compose';

/** Which service a call is about. */
export interface ServiceRef {
  kind: ServiceKind;
  id: string;
}

/** A deployment record (Dokploy's row, the fields the kit reads). */
export interface Deployment {
  deploymentId: string;
  title: string;
  description: string | null;
  /** running | done | error | cancelled; later versions may add more (treat unknown ones as not final). */
  status: string;
  createdAt: string;
  finishedAt: string | null;
  errorMessage: string | null;
  rollbackId: string | null;
}

/** The service fields the kit reads from application.one / compose.one. Env fields are secrets. */
export interface ServiceInfo {
  kind: ServiceKind;
  id: string;
  name: string;
  appName: string;
  sourceType: string;
  status: string;
  env: string | null;
  buildArgs: string | null;
  buildSecrets: string | null;
  createEnvFile: boolean | undefined;
  dockerImage: string | null;
  username: string | null;
  password: string | null;
  registryUrl: string | null;
  rollbackActive: boolean;
  /** Whether Dokploy deploys it on every push itself (its Auto Deploy switch); undefined when not said. */
  autoDeploy?: boolean | undefined;
  /** The branch its git source builds (the field of its provider: `branch`, `customGitBranch`, …); null for other sources. */
  gitBranch?: string | null;
  /** The remote server the service runs on; null on Dokploy's own host. */
  serverId: string | null;
  /** Compose stacks: `docker-compose` or `stack` (Swarm); undefined for applications. */
  composeType: string | undefined;
  /** Compose stacks: the stored compose file (what a raw source deploys). */
  composeFile: string | null;
}

/**
 * One Swarm task (applications, `stack` stacks) or container (`docker-compose` stacks), as
 * docker.getServiceContainersByAppName / getContainersByAppNameMatch list it
 * (docs/dokploy-api.md#tasks-and-containers).
 */
export interface ServiceTask {
  kind: 'task' | 'container';
  /** The task id (Swarm) or container id (compose). */
  id: string;
  /** `app.1` (Swarm), the container's name (compose). */
  name: string;
  /** What it is doing, lower-case: running, pending, preparing, failed, rejected, shutdown, exited, restarting, … */
  state: string;
  /** What Swarm wants of it (running, ready, shutdown); for compose, derived from its state. */
  desired: string;
  /** Docker's own words: "Failed 3 seconds ago", "Restarting (1) 2 seconds ago". */
  detail: string;
  /** The task's error ("task: non-zero exit (1)"); '' when none. */
  error: string;
  /** A compose container's exit code ("Exited (3) …"); undefined otherwise. */
  exitCode: number | undefined;
}

/** A job in Dokploy's deploy queue (deployment.queueList, v0.28.3+). */
export interface QueueJob {
  id: string;
  state: string;
  serviceId: string | undefined;
  titleLog: string;
  descriptionLog: string;
  type: string;
}

/** A project with its environments' services (project.all, v0.28.3+ shape). */
export interface Project {
  projectId: string;
  name: string;
  environments: {
    environmentId: string;
    name: string;
    applications: { applicationId: string; name: string }[];
    compose: { composeId: string; name: string }[];
  }[];
}

/** Options of `createDokployClient`. */
export interface DokployClientOptions {
  /** Dokploy's base URL (`https://dokploy.example.com`), without `/api`. */
  url: string;
  /** The API key, sent as `x-api-key` and nowhere else. */
  apiKey: string;
  /** Retry policy. Default `DEFAULT_RETRY_POLICY`. */
  policy?: RetryPolicy;
  /** Absolute deadline (by the clock) for every call. */
  deadline?: number;
  /** Longest wait for one answer, in ms. Default 30 000. */
  attemptTimeoutMs?: number;
}

/** Typed Dokploy calls. */
export interface DokployClient {
  /** settings.getDokployVersion, e.g. `v0.30.2`. */
  version(): Promise<string>;
  /** application.one / compose.one. */
  service(ref: ServiceRef): Promise<ServiceInfo>;
  /** application|compose.deploy|redeploy: queues a job; no id comes back. Not retried once it may have reached Dokploy. */
  deploy(
    ref: ServiceRef,
    options: { action: 'deploy' | 'redeploy'; title: string; description: string },
  ): Promise<void>;
  /** deployment.all / allByCompose, newest first. */
  deployments(ref: ServiceRef): Promise<Deployment[]>;
  /** deployment.readLogs: the last `tail` lines of a deployment's build log (v0.29.5+). */
  readLogs(deploymentId: string, tail: number): Promise<string>;
  /** deployment.queueList: the organisation's waiting and active jobs (v0.28.3+). */
  queueList(): Promise<QueueJob[]>;
  /** application.saveEnvironment: replaces env, buildArgs, buildSecrets and createEnvFile together. */
  saveApplicationEnvironment(
    applicationId: string,
    values: {
      env: string | null;
      buildArgs: string | null;
      buildSecrets: string | null;
      createEnvFile: boolean;
    },
  ): Promise<void>;
  /** compose.saveEnvironment on v0.29.0+, compose.update before. */
  saveComposeEnvironment(composeId: string, env: string, dokployVersion: string): Promise<void>;
  /** application.saveDockerProvider: sets the image (and keeps the given registry credentials). */
  saveDockerProvider(
    applicationId: string,
    values: {
      dockerImage: string;
      username: string | null;
      password: string | null;
      registryUrl: string | null;
    },
  ): Promise<void>;
  /**
   * The service's Swarm tasks (history included) or, for a `docker-compose` stack, its containers.
   * Needs the key's `docker:read` permission for applications (a 401 without it).
   */
  tasks(service: ServiceInfo): Promise<ServiceTask[]>;
  /**
   * application.readLogs / compose.readLogs (v0.29.0+): the last `tail` lines the running
   * container wrote (for a stack, of `containerId`).
   */
  containerLogs(service: ServiceInfo, tail: number, containerId?: string): Promise<string>;
  /** compose.update with the compose file and environment (restoring a stack's snapshot). */
  restoreCompose(
    composeId: string,
    values: { composeFile?: string | null; env: string | null },
  ): Promise<void>;
  /** rollback.rollback: swaps the service to a kept image; creates no deployment record. */
  rollback(rollbackId: string): Promise<void>;
  /** project.all. */
  projects(): Promise<Project[]>;
  /**
   * schedule.create: a command the service's container runs, never on its own (disabled, a cron
   * that never fires); `serviceName` is the compose service whose container runs it.
   */
  createSchedule(
    ref: ServiceRef,
    values: { name: string; command: string; serviceName?: string | undefined },
  ): Promise<string>;
  /**
   * schedule.runManually: runs it and answers once it ended (docs/dokploy-api.md#schedules): a failing
   * command is `status: 'error'`, not an HTTP error. Not retried; waits up to `timeoutMs` for the answer.
   */
  runSchedule(scheduleId: string, timeoutMs: number): Promise<{ status: string; deploymentId: string }>;
  /** schedule.delete. */
  deleteSchedule(scheduleId: string): Promise<void>;
}

/**
 * Creates the client.
 * @example
 * const client = createDokployClient({ url: 'https://dokploy.example.com', apiKey }, { clock, fetch, signal, log });
 * const records = await client.deployments({ kind: 'application', id: 'abc' });
 */
export function createDokployClient(options: DokployClientOptions, deps: HttpDeps): DokployClient {
  const base = options.url.replace(/\/+$/, '');
  const httpOptions: HttpOptions = {
    policy: options.policy ?? DEFAULT_RETRY_POLICY,
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
  };
  let answered = 0;
  let slashPaths = false;
  let triedSlash = false;

  async function call(
    method: 'GET' | 'POST',
    procedure: string,
    input: Record<string, unknown>,
    subject: string,
    idempotent = true,
    attemptTimeoutMs?: number,
  ): Promise<unknown> {
    try {
      return await callAt(slashPaths, method, procedure, input, subject, idempotent, attemptTimeoutMs);
    } catch (error) {
      // v0.28.0 served only /api/<router>/<procedure> (docs/dokploy-api.md#routes-and-methods): on the first "Not found", try that form once.
      if (slashPaths || triedSlash || !isUnknownProcedure(error)) throw error;
      triedSlash = true;
      try {
        const value = await callAt(true, method, procedure, input, subject, idempotent, attemptTimeoutMs);
        slashPaths = true;
        return value;
      } catch (slashError) {
        if (isUnknownProcedure(slashError)) throw error;
        slashPaths = true;
        throw slashError;
      }
    }
  }

  async function callAt(
    slash: boolean,
    method: 'GET' | 'POST',
    procedure: string,
    input: Record<string, unknown>,
    subject: string,
    idempotent: boolean,
    attemptTimeoutMs: number | undefined,
  ): Promise<unknown> {
    const path = `/api/${slash ? procedure.replace('.', '/') : procedure}`;
    const query =
      method === 'GET' && Object.keys(input).length > 0
        ? `?${new URLSearchParams(Object.entries(input).map(([k, v]): [string, string] => [k, String(v)])).toString()}`
        : '';
    const headers: Record<string, string> = { 'x-api-key': options.apiKey, accept: 'application/json' };
    if (method === 'POST') headers['content-type'] = 'application/json';
    let response: HttpResponse;
    try {
      response = await sendRequest(
        {
          method,
          url: `${base}${path}${query}`,
          headers,
          ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
          idempotent,
          label: `${method} ${path}`,
        },
        attemptTimeoutMs === undefined ? httpOptions : { ...httpOptions, attemptTimeoutMs },
        deps,
      );
    } catch (error) {
      if (error instanceof NetworkError) {
        throw new DokployApiError(
          method,
          path,
          0,
          `(${error.reason}, ${error.attempts} attempt${error.attempts === 1 ? '' : 's'})`,
          `check that 'dokploy-url' (${hostOf(base)}) is reachable from the runner`,
          'network',
          [],
          error.mayHaveReached,
        );
      }
      throw error;
    }
    const value = interpretAnswer(response, {
      method,
      path,
      procedure,
      subject,
      idempotent,
      apiKey: options.apiKey,
      host: hostOf(base),
      earlierAnswers: answered,
    });
    if (response.status < 300) answered++;
    return value;
  }

  const refInput = (ref: ServiceRef): Record<string, string> =>
    ref.kind === 'application' ? { applicationId: ref.id } : { composeId: ref.id };
  const subjectOf = (ref: ServiceRef): string => `${ref.kind} ${ref.id}`;

  return {
    async version() {
      const value = await call('GET', 'settings.getDokployVersion', {}, 'this Dokploy server');
      return typeof value === 'string' ? value : String(value ?? '');
    },
    async service(ref) {
      const row = asRecord(await call('GET', `${ref.kind}.one`, refInput(ref), subjectOf(ref)));
      return toServiceInfo(ref, row);
    },
    async deploy(ref, { action, title, description }) {
      await call(
        'POST',
        `${ref.kind}.${action}`,
        { ...refInput(ref), title, description },
        subjectOf(ref),
        false,
      );
    },
    async deployments(ref) {
      const procedure = ref.kind === 'application' ? 'deployment.all' : 'deployment.allByCompose';
      const rows = await call('GET', procedure, refInput(ref), subjectOf(ref));
      return (Array.isArray(rows) ? rows : []).map((r) => toDeployment(asRecord(r)));
    },
    async readLogs(deploymentId, tail) {
      const text = await call(
        'GET',
        'deployment.readLogs',
        { deploymentId, tail },
        `deployment ${deploymentId}`,
      );
      return typeof text === 'string' ? text : '';
    },
    async queueList() {
      const rows = await call('GET', 'deployment.queueList', {}, 'the deploy queue');
      return (Array.isArray(rows) ? rows : []).map((r) => {
        const row = asRecord(r);
        const data = asRecord(row.data);
        return {
          id: String(row.id ?? ''),
          state: String(row.state ?? ''),
          serviceId: str(data.applicationId) ?? str(data.composeId),
          titleLog: String(data.titleLog ?? ''),
          descriptionLog: String(data.descriptionLog ?? ''),
          type: String(data.type ?? ''),
        };
      });
    },
    async saveApplicationEnvironment(applicationId, values) {
      await call(
        'POST',
        'application.saveEnvironment',
        { applicationId, ...values },
        `application ${applicationId}`,
      );
    },
    async saveComposeEnvironment(composeId, env, dokployVersion) {
      // compose.saveEnvironment exists since v0.29.0; before, compose.update was the only way
      // (docs/dokploy-api.md#environment-variables).
      const procedure =
        compareVersions(dokployVersion, 'v0.29.0') >= 0 ? 'compose.saveEnvironment' : 'compose.update';
      await call('POST', procedure, { composeId, env }, `compose ${composeId}`);
    },
    async saveDockerProvider(applicationId, values) {
      await call(
        'POST',
        'application.saveDockerProvider',
        { applicationId, ...values },
        `application ${applicationId}`,
      );
    },
    async tasks(service) {
      const server = service.serverId ? { serverId: service.serverId } : {};
      const subject = `${service.kind} ${service.id}`;
      if (service.kind === 'application') {
        const rows = await call(
          'GET',
          'docker.getServiceContainersByAppName',
          { appName: service.appName, ...server },
          subject,
        );
        return (Array.isArray(rows) ? rows : []).map((r) => toSwarmTask(asRecord(r)));
      }
      const appType = service.composeType === 'stack' ? 'stack' : 'docker-compose';
      const rows = await call(
        'GET',
        'docker.getContainersByAppNameMatch',
        { appName: service.appName, appType, ...server },
        subject,
      );
      return (Array.isArray(rows) ? rows : []).map((r) =>
        appType === 'stack' ? toStackTask(asRecord(r)) : toComposeContainer(asRecord(r)),
      );
    },
    async containerLogs(service, tail, containerId) {
      const input =
        service.kind === 'application'
          ? { applicationId: service.id, tail }
          : { composeId: service.id, containerId: containerId ?? '', tail };
      const text = await call('GET', `${service.kind}.readLogs`, input, `${service.kind} ${service.id}`);
      return typeof text === 'string' ? text : '';
    },
    async restoreCompose(composeId, values) {
      await call('POST', 'compose.update', { composeId, ...values }, `compose ${composeId}`);
    },
    async rollback(rollbackId) {
      await call('POST', 'rollback.rollback', { rollbackId }, `rollback ${rollbackId}`, false);
    },
    async createSchedule(ref, { name, command, serviceName }) {
      const row = asRecord(
        await call(
          'POST',
          'schedule.create',
          {
            ...refInput(ref),
            scheduleType: ref.kind,
            name,
            command,
            shellType: 'sh',
            // Disabled, and Feb 31 never comes: Dokploy only runs it when asked.
            cronExpression: '0 0 31 2 *',
            enabled: false,
            ...(serviceName === undefined ? {} : { serviceName }),
          },
          subjectOf(ref),
          false,
        ),
      );
      return String(row.scheduleId ?? '');
    },
    async runSchedule(scheduleId, timeoutMs) {
      const row = asRecord(
        await call(
          'POST',
          'schedule.runManually',
          { scheduleId },
          `schedule ${scheduleId}`,
          false,
          timeoutMs,
        ),
      );
      return { status: String(row.status ?? ''), deploymentId: String(row.deploymentId ?? '') };
    },
    async deleteSchedule(scheduleId) {
      await call('POST', 'schedule.delete', { scheduleId }, `schedule ${scheduleId}`);
    },
    async projects() {
      const rows = await call('GET', 'project.all', {}, 'the projects');
      return (Array.isArray(rows) ? rows : []).map((r) => {
        const p = asRecord(r);
        return {
          projectId: String(p.projectId ?? ''),
          name: String(p.name ?? ''),
          environments: (Array.isArray(p.environments) ? p.environments : []).map((e) => {
            const env = asRecord(e);
            return {
              environmentId: String(env.environmentId ?? ''),
              name: String(env.name ?? ''),
              applications: (Array.isArray(env.applications) ? env.applications : []).map((a) => ({
                applicationId: String(asRecord(a).applicationId ?? ''),
                name: String(asRecord(a).name ?? ''),
              })),
              compose: (Array.isArray(env.compose) ? env.compose : []).map((c) => ({
                composeId: String(asRecord(c).composeId ?? ''),
                name: String(asRecord(c).name ?? ''),
              })),
            };
          }),
        };
      });
    },
  };
}

/** A 404 "Not found": the server has no such procedure (as opposed to "Application not found"). */
function isUnknownProcedure(error: unknown): boolean {
  return error instanceof DokployApiError && error.kind === 'not-found' && error.detail === 'Not Found';
}

/** Where each git source keeps its branch in application.one / compose.one. */
const GIT_BRANCH_FIELDS: Readonly<Record<string, string>> = {
  github: 'branch',
  gitlab: 'gitlabBranch',
  bitbucket: 'bitbucketBranch',
  gitea: 'giteaBranch',
  git: 'customGitBranch',
};

function toServiceInfo(ref: ServiceRef, row: Record<string, unknown>): ServiceInfo {
  return {
    kind: ref.kind,
    id: ref.id,
    name: String(row.name ?? ref.id),
    appName: String(row.appName ?? ''),
    sourceType: String(row.sourceType ?? ''),
    status: String((ref.kind === 'application' ? row.applicationStatus : row.composeStatus) ?? ''),
    env: str(row.env) ?? null,
    buildArgs: str(row.buildArgs) ?? null,
    buildSecrets: str(row.buildSecrets) ?? null,
    createEnvFile: typeof row.createEnvFile === 'boolean' ? row.createEnvFile : undefined,
    dockerImage: str(row.dockerImage) ?? null,
    username: str(row.username) ?? null,
    password: str(row.password) ?? null,
    registryUrl: str(row.registryUrl) ?? null,
    rollbackActive: row.rollbackActive === true && row.rollbackRegistryId != null,
    autoDeploy: typeof row.autoDeploy === 'boolean' ? row.autoDeploy : undefined,
    gitBranch: str(row[GIT_BRANCH_FIELDS[String(row.sourceType)] ?? '']) ?? null,
    serverId: str(row.serverId) ?? null,
    composeType: ref.kind === 'compose' ? String(row.composeType ?? 'docker-compose') : undefined,
    composeFile: str(row.composeFile) ?? null,
  };
}

/** Error text Dokploy leaves in an empty last column: its parser trims the output, then strips "Error: ". */
const EMPTY_ERROR = /^Error:?$/;

/** A row of `docker service ps` (state = DesiredState, currentState = "Running 5 seconds ago"). */
function toSwarmTask(row: Record<string, unknown>): ServiceTask {
  const detail = String(row.currentState ?? '');
  const error = String(row.error ?? '').trim();
  return {
    kind: 'task',
    id: String(row.containerId ?? ''),
    name: String(row.name ?? ''),
    state: firstWord(detail),
    desired: String(row.state ?? '').toLowerCase(),
    detail,
    // `docker service ps --no-trunc` quotes the error: "task: non-zero exit (1)".
    error: EMPTY_ERROR.test(error) ? '' : error.replace(/^"(.*)"$/, '$1'),
    exitCode: undefined,
  };
}

/** A task of a Swarm stack (only those Swarm wants running; `status` = "Running 3s ago (error)"). */
function toStackTask(row: Record<string, unknown>): ServiceTask {
  const detail = String(row.status ?? '');
  return {
    kind: 'task',
    id:
      String(row.name ?? '')
        .split('.')
        .pop() ?? '',
    name: String(row.name ?? ''),
    state: String(row.state ?? '').toLowerCase() || firstWord(detail),
    desired: 'running',
    detail,
    error: /\((.*)\)$/.exec(detail)?.[1] ?? '',
    exitCode: undefined,
  };
}

/** A row of `docker ps -a` for a compose project (state = running|exited|restarting|created|dead). */
function toComposeContainer(row: Record<string, unknown>): ServiceTask {
  const state = String(row.state ?? '').toLowerCase();
  const detail = String(row.status ?? '');
  const code = /^(?:Exited|Restarting) \((\d+)\)/.exec(detail)?.[1];
  return {
    kind: 'container',
    id: String(row.containerId ?? ''),
    name: String(row.name ?? ''),
    state,
    // Compose has no desired state: a container that exited by itself was not meant to run on.
    desired: state === 'exited' || state === 'dead' ? 'shutdown' : 'running',
    detail,
    error: '',
    exitCode: code === undefined ? undefined : Number(code),
  };
}

function firstWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

function toDeployment(row: Record<string, unknown>): Deployment {
  return {
    deploymentId: String(row.deploymentId ?? ''),
    title: String(row.title ?? ''),
    description: str(row.description) ?? null,
    status: String(row.status ?? ''),
    createdAt: String(row.createdAt ?? ''),
    finishedAt: str(row.finishedAt) ?? null,
    errorMessage: str(row.errorMessage) ?? null,
    rollbackId: str(row.rollbackId) ?? null,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
