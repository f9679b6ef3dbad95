/**
 * The sandbox's procedures: Dokploy v0.30's REST paths for everything the kit calls, with the same
 * inputs, bodies and errors (docs/dokploy-api.md#error-bodies, #procedures-the-kit-calls). Each handler returns an
 * `Answer`; the server writes it.
 */
import { compareVersions } from '../lib/version.js';
import type { Engine, ServiceState } from './engine.js';
import { composeRows, swarmRows } from './runtime.js';
import { SCHEDULE_TYPES, SHELL_TYPES, type ScheduleInput } from './schedules.js';

/** What a handler answers: a status and a JSON value (`undefined` = an empty body, as Dokploy does). */
export interface Answer {
  status: number;
  body: unknown;
}

/** One procedure: its method, the version it appeared in, and its handler. */
export interface Procedure {
  method: 'GET' | 'POST';
  since: string;
  /** A promise only where Dokploy answers after slow work (schedule.runManually waits for its command). */
  handle(
    input: Record<string, unknown>,
    engine: Engine,
    version: string,
    path: string,
  ): Answer | Promise<Answer>;
}

/** A procedure with its canonical name (as Dokploy spells it). */
export interface NamedProcedure extends Procedure {
  name: string;
}

/**
 * Neither Dokploy's OpenAPI nor this repo's docs say which release added schedule.*; v0.30.2 serves
 * them. v0.20.0 stands in until a release note or an older server says otherwise.
 */
const SCHEDULES_SINCE = 'v0.20.0';

/** Every procedure by its lower-cased name (paths match case-insensitively). */
export const PROCEDURES: Record<string, NamedProcedure> = Object.fromEntries(
  Object.entries({
    'settings.getDokployVersion': query('v0.5.1', [], (_i, _e, version) => ok(version)),
    'application.one': query('v0.2.5', ['applicationId'], (i, e) =>
      withService(e, 'application', i.applicationId, 'application.one', (s) => ok(serviceRow(s))),
    ),
    'compose.one': query('v0.2.5', ['composeId'], (i, e) =>
      withService(e, 'compose', i.composeId, 'compose.one', (s) => ok(serviceRow(s))),
    ),
    'application.deploy': mutation('v0.2.5', ['applicationId'], (i, e, v) =>
      deploy(e, v, 'application', 'deploy', i),
    ),
    'application.redeploy': mutation('v0.2.5', ['applicationId'], (i, e, v) =>
      deploy(e, v, 'application', 'redeploy', i),
    ),
    'compose.deploy': mutation('v0.2.5', ['composeId'], (i, e, v) => deploy(e, v, 'compose', 'deploy', i)),
    'compose.redeploy': mutation('v0.2.5', ['composeId'], (i, e, v) =>
      deploy(e, v, 'compose', 'redeploy', i),
    ),
    'deployment.all': query('v0.2.5', ['applicationId'], (i, e) =>
      ok(e.find('application', String(i.applicationId))?.deployments ?? []),
    ),
    'deployment.allByCompose': query('v0.2.5', ['composeId'], (i, e) =>
      ok(e.find('compose', String(i.composeId))?.deployments ?? []),
    ),
    'deployment.allByType': query('v0.22.0', ['id'], (i, e, _v, path) => {
      if (!(DEPLOYMENT_TYPES as readonly unknown[]).includes(i.type)) {
        const message = `Invalid option: expected one of ${DEPLOYMENT_TYPES.map((t) => `"${t}"`).join('|')}`;
        return validation(path, 'type', message, { code: 'invalid_value', values: [...DEPLOYMENT_TYPES] });
      }
      if (i.type === 'schedule') {
        return ok(e.schedules.records(String(i.id)).map((d) => ({ ...d, rollback: null })));
      }
      const kind = i.type === 'compose' ? 'compose' : i.type === 'application' ? 'application' : undefined;
      const service = kind ? e.find(kind, String(i.id)) : undefined;
      const rows = (service?.deployments ?? []).map((d) => ({
        ...d,
        rollback: service?.rollbacks.find((r) => r.rollbackId === d.rollbackId) ?? null,
      }));
      return ok(rows);
    }),
    'deployment.readLogs': query('v0.29.5', ['deploymentId'], (i, e, _v, path) => {
      // zod checks `tail` (z.coerce.number().int().min(1).max(10000)) before the lookup.
      const tailError = checkTail(i.tail, path);
      if (tailError) return tailError;
      const tail = i.tail === undefined ? 100 : Number(i.tail);
      const id = String(i.deploymentId);
      const record = e.findDeployment(id)?.record ?? e.schedules.findRecord(id);
      if (!record) return notFound('Deployment not found', 'deployment.readLogs');
      const lines = e.logs.get(record.deploymentId);
      if (!lines) return ok('\n');
      return ok(lines.slice(-tail).join('\n') + '\n');
    }),
    'deployment.queueList': query('v0.28.3', [], (_i, e) =>
      ok(
        e.queueList().map((j) => ({
          id: j.id,
          name: 'deployments',
          data: {
            ...(j.service.kind === 'application'
              ? { applicationId: j.service.id, applicationType: 'application' }
              : { composeId: j.service.id, applicationType: 'compose' }),
            titleLog: j.titleLog,
            descriptionLog: j.descriptionLog,
            type: j.type,
            server: false,
          },
          timestamp: j.timestamp,
          ...(j.processedOn === undefined ? {} : { processedOn: j.processedOn }),
          state: j.state,
          // Dokploy links the service's page and labels it with its kind, not its name.
          servicePath: {
            href: `/dashboard/project/${projectIdOf(j.service.spec.project)}/environment/${environmentIdOf(j.service.spec.project, j.service.spec.environment)}/services/${j.service.kind}/${j.service.id}`,
            label: j.service.kind === 'application' ? 'Application' : 'Compose',
          },
        })),
      ),
    ),
    'application.saveEnvironment': mutation(
      'v0.2.5',
      ['applicationId'],
      (i, e) =>
        withService(e, 'application', i.applicationId, 'application.saveEnvironment', (s) => {
          s.env = nullableString(i.env);
          s.buildArgs = nullableString(i.buildArgs);
          s.buildSecrets = nullableString(i.buildSecrets);
          s.createEnvFile = i.createEnvFile === true;
          return ok(true);
        }),
      ['env', 'buildArgs', 'buildSecrets', 'createEnvFile'],
    ),
    'application.update': mutation('v0.2.5', ['applicationId'], (i, e) => {
      const s = e.find('application', String(i.applicationId));
      // The update touches no row: Dokploy answers 400, not 404.
      if (!s) return badRequest('Error updating application', 'application.update');
      if (i.env !== undefined) s.env = nullableString(i.env);
      if (i.dockerImage !== undefined) s.dockerImage = nullableString(i.dockerImage);
      return ok(true);
    }),
    'application.saveDockerProvider': mutation(
      'v0.2.5',
      ['applicationId'],
      (i, e) =>
        withService(e, 'application', i.applicationId, 'application.saveDockerProvider', (s) => {
          s.dockerImage = nullableString(i.dockerImage);
          s.username = nullableString(i.username);
          s.password = nullableString(i.password);
          s.registryUrl = nullableString(i.registryUrl);
          s.sourceType = 'docker';
          s.status = 'idle';
          return ok(true);
        }),
      ['dockerImage', 'username', 'password', 'registryUrl'],
    ),
    'compose.saveEnvironment': mutation(
      'v0.29.0',
      ['composeId'],
      (i, e) => {
        const s = e.find('compose', String(i.composeId));
        if (!s)
          return {
            status: 400,
            body: trpcError(
              'Error adding environment variables',
              'BAD_REQUEST',
              400,
              'compose.saveEnvironment',
            ),
          };
        s.env = nullableString(i.env);
        if (typeof i.createEnvFile === 'boolean') s.createEnvFile = i.createEnvFile;
        return ok(true);
      },
      ['env'],
    ),
    'compose.update': mutation('v0.2.5', ['composeId'], (i, e) => {
      const s = e.find('compose', String(i.composeId));
      // An update that touches no row returns undefined: 200 with an empty body.
      if (!s) return ok(undefined);
      if (i.env !== undefined) s.env = nullableString(i.env);
      if (typeof i.composeFile === 'string') s.composeFile = i.composeFile;
      if (typeof i.createEnvFile === 'boolean') s.createEnvFile = i.createEnvFile;
      // The updated row itself, without relations (no deployments, environment, domains, mounts).
      const {
        deployments,
        environment,
        domains,
        mounts,
        hasGitProviderAccess,
        unauthorizedProvider,
        ...row
      } = serviceRow(s);
      void [deployments, environment, domains, mounts, hasGitProviderAccess, unauthorizedProvider];
      return ok(row);
    }),
    // The service is looked up first (404 for an unknown id), then self-hosted refuses.
    'application.cancelDeployment': mutation('v0.25.0', ['applicationId'], (i, e) =>
      withService(e, 'application', i.applicationId, 'application.cancelDeployment', () =>
        cloudOnly('application'),
      ),
    ),
    'compose.cancelDeployment': mutation('v0.25.0', ['composeId'], (i, e) =>
      withService(e, 'compose', i.composeId, 'compose.cancelDeployment', () => cloudOnly('compose')),
    ),
    // cleanQueues filters the queue by id and never looks the service up: an unknown id is a 200.
    'application.cleanQueues': mutation('v0.2.5', ['applicationId'], (i, e) => {
      const s = e.find('application', String(i.applicationId));
      if (s) e.cleanQueue(s);
      return ok(undefined);
    }),
    'compose.cleanQueues': mutation('v0.2.5', ['composeId'], (i, e) => {
      const s = e.find('compose', String(i.composeId));
      if (s) e.cleanQueue(s);
      return ok({ success: true, message: 'Queues cleaned successfully' });
    }),
    'rollback.rollback': mutation('v0.23.0', ['rollbackId'], (i, e) => {
      const found = e.findRollback(String(i.rollbackId));
      if (!found)
        return {
          status: 400,
          body: trpcError('Error input: Rolling back', 'BAD_REQUEST', 400, 'rollback.rollback'),
        };
      found.service.dockerImage = found.row.image;
      e.runImage(found.service, found.row.image);
      return ok(undefined);
    }),
    // docs/dokploy-api.md#tasks-and-containers: `docker service ps` rows; no such service answers [].
    'docker.getServiceContainersByAppName': query('v0.9.0', ['appName'], (i, e) => {
      const s = [...e.services.values()].find((x) => x.kind === 'application' && x.appName === i.appName);
      return ok(s ? swarmRows(s.runtime, e.now()) : []);
    }),
    'docker.getContainersByAppNameMatch': query('v0.9.0', ['appName'], (i, e) => {
      const s = [...e.services.values()].find((x) => x.kind === 'compose' && x.appName === i.appName);
      return ok(s ? composeRows(s.runtime, e.now()) : []);
    }),
    'application.readLogs': query('v0.29.0', ['applicationId'], (i, e, _v, path) => {
      const tailError = checkTail(i.tail, path);
      if (tailError) return tailError;
      return withService(e, 'application', i.applicationId, 'application.readLogs', (s) =>
        ok(containerLog(s, i.tail)),
      );
    }),
    'compose.readLogs': query('v0.29.0', ['composeId', 'containerId'], (i, e, _v, path) => {
      const tailError = checkTail(i.tail, path);
      if (tailError) return tailError;
      return withService(e, 'compose', i.composeId, 'compose.readLogs', (s) => ok(containerLog(s, i.tail)));
    }),
    'schedule.create': mutation(SCHEDULES_SINCE, [], (i, e, _v, path) => createSchedule(i, e, path)),
    // Synchronous: the answer comes once the command has ended; a failing command is status 'error'.
    'schedule.runManually': mutation(SCHEDULES_SINCE, ['scheduleId'], async (i, e, _v, path) => {
      const run = await e.schedules.run(String(i.scheduleId));
      return run ? ok(run) : notFound('Schedule not found', path);
    }),
    'schedule.delete': mutation(SCHEDULES_SINCE, [], (i, e, _v, path) => {
      // z.string() without min(1): '' is a valid id that no schedule has.
      const issues = stringIssues(i, ['scheduleId'], []);
      if (issues.length > 0) return invalid(path, issues);
      return e.schedules.delete(String(i.scheduleId)) ? ok(true) : notFound('Schedule not found', path);
    }),
    'project.all': query('v0.2.5', [], (_i, e) => {
      const services = [...e.services.values()];
      // One project per name the scenario's services give, one environment per name inside it.
      const projects = [...new Set(services.map((s) => s.spec.project))];
      return ok(
        projects.map((project) => {
          const inProject = services.filter((s) => s.spec.project === project);
          const environments = [...new Set(inProject.map((s) => s.spec.environment))];
          return {
            projectId: projectIdOf(project),
            name: project,
            description: 'Dokploy sandbox',
            createdAt: inProject[0]?.createdAt ?? new Date(0).toISOString(),
            organizationId: 'org-sandbox',
            env: '',
            environments: environments.map((environment, i) => {
              const here = inProject.filter((s) => s.spec.environment === environment);
              return {
                environmentId: environmentIdOf(project, environment),
                name: environment,
                isDefault: i === 0,
                applications: here
                  .filter((s) => s.kind === 'application')
                  .map((s) => ({ applicationId: s.id, name: s.name, applicationStatus: s.status })),
                compose: here
                  .filter((s) => s.kind === 'compose')
                  .map((s) => ({ composeId: s.id, name: s.name, composeStatus: s.status })),
              };
            }),
            projectTags: [],
          };
        }),
      );
    }),
  }).map(([name, proc]) => [name.toLowerCase(), { ...proc, name }]),
);

/** The tRPC error body the adapter builds (docs/dokploy-api.md#error-bodies). */
export function trpcError(
  message: string,
  code: string,
  httpStatus: number,
  path: string,
): Record<string, unknown> {
  return { message, code, data: { code, httpStatus, path, zodError: null } };
}

/** schedule.create: zod's checks in the schema's field order, then the service lookup. */
function createSchedule(input: Record<string, unknown>, engine: Engine, path: string): Answer {
  const issues = [
    ...stringIssues(input, ['name'], ['description']),
    ...stringIssues(input, ['cronExpression'], []),
    ...(input.appName === undefined ? [] : stringIssues(input, ['appName'], [])),
    ...stringIssues(input, [], ['serviceName']),
    ...enumIssues(input, 'shellType', SHELL_TYPES),
    ...enumIssues(input, 'scheduleType', SCHEDULE_TYPES),
    ...stringIssues(
      input,
      ['command'],
      ['script', 'applicationId', 'composeId', 'serverId', 'organizationId'],
    ),
    ...(input.enabled === undefined || typeof input.enabled === 'boolean'
      ? []
      : [typeIssue('enabled', 'boolean', input.enabled)]),
    ...stringIssues(input, [], ['timezone']),
  ];
  if (issues.length > 0) return invalid(path, issues);
  const scheduleInput = input as unknown as ScheduleInput;
  if (scheduleInput.scheduleType === 'server' || scheduleInput.scheduleType === 'dokploy-server') {
    // Not Dokploy's answer: the sandbox has no servers to run a script on.
    return badRequest(
      `The sandbox runs application and compose schedules only, not scheduleType '${scheduleInput.scheduleType}'`,
      path,
    );
  }
  // Dokploy checks access to `applicationId || composeId`; an empty id checks nothing.
  if (scheduleInput.applicationId) {
    return withService(engine, 'application', scheduleInput.applicationId, path, () =>
      ok(engine.schedules.create(scheduleInput)),
    );
  }
  if (scheduleInput.composeId) {
    return withService(engine, 'compose', scheduleInput.composeId, path, () =>
      ok(engine.schedules.create(scheduleInput)),
    );
  }
  return ok(engine.schedules.create(scheduleInput));
}

function deploy(
  engine: Engine,
  version: string,
  kind: 'application' | 'compose',
  type: 'deploy' | 'redeploy',
  input: Record<string, unknown>,
): Answer {
  const id = kind === 'application' ? input.applicationId : input.composeId;
  return withService(engine, kind, id, `${kind}.${type}`, (s) => {
    // title/description exist since v0.25.0; older servers strip them. '' counts as missing (`||`).
    const titled = compareVersions(version, 'v0.25.0') >= 0;
    // The job gets Dokploy's default title at once (`title || "Manual deployment"`): queueList shows it.
    const fallback = type === 'redeploy' ? 'Rebuild deployment' : 'Manual deployment';
    const title = (titled && typeof input.title === 'string' && input.title) || fallback;
    const description = titled && typeof input.description === 'string' ? input.description : '';
    engine.requestDeploy(s, type, title, description);
    if (kind === 'application') return ok(undefined);
    return ok({
      success: true,
      message: type === 'deploy' ? 'Deployment queued' : 'Redeployment queued',
      composeId: s.id,
    });
  });
}

/** The last `tail` lines the service's containers printed (Dokploy's default tail is 100). */
function containerLog(s: ServiceState, tail: unknown): string {
  const lines = s.runtime.log.slice(-(tail === undefined ? 100 : Number(tail)));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function withService(
  engine: Engine,
  kind: 'application' | 'compose',
  id: unknown,
  path: string,
  fn: (s: ServiceState) => Answer,
): Answer {
  const service = engine.find(kind, String(id));
  if (!service) {
    return notFound(kind === 'application' ? 'Application not found' : 'Compose not found', path);
  }
  return fn(service);
}

function serviceRow(s: ServiceState): Record<string, unknown> {
  const common = {
    name: s.name,
    appName: s.appName,
    description: null,
    sourceType: s.sourceType,
    env: s.env,
    createEnvFile: s.createEnvFile,
    refreshToken: s.refreshToken,
    autoDeploy: s.spec.autoDeploy,
    // Each git source keeps its branch in a field of its own; the others are null, as in Dokploy.
    branch: s.spec.sourceType === 'github' ? s.spec.branch : null,
    customGitBranch: s.spec.sourceType === 'git' ? s.spec.branch : null,
    createdAt: s.createdAt,
    environmentId: environmentIdOf(s.spec.project, s.spec.environment),
    serverId: null,
    environment: {
      environmentId: environmentIdOf(s.spec.project, s.spec.environment),
      name: s.spec.environment,
      projectId: projectIdOf(s.spec.project),
      project: { projectId: projectIdOf(s.spec.project), name: s.spec.project },
    },
    // Dokploy returns all rows in no order (docs/dokploy-api.md#procedures-the-kit-calls).
    deployments: [...s.deployments].reverse(),
    domains: [],
    mounts: [],
    hasGitProviderAccess: true,
    unauthorizedProvider: null,
  };
  if (s.kind === 'compose') {
    return {
      composeId: s.id,
      composeStatus: s.status,
      composeType: 'docker-compose',
      composeFile: s.composeFile,
      ...common,
    };
  }
  return {
    applicationId: s.id,
    applicationStatus: s.status,
    buildType: 'dockerfile',
    buildArgs: s.buildArgs,
    buildSecrets: s.buildSecrets,
    dockerImage: s.dockerImage,
    username: s.username,
    password: s.password,
    registryUrl: s.registryUrl,
    rollbackActive: s.spec.rollback,
    rollbackRegistryId: s.spec.rollback ? 'registry-sandbox' : null,
    buildServerId: null,
    ports: [],
    previewDeployments: [],
    ...common,
  };
}

/** Stable ids for the scenario's project and environment names ('project-sandbox', 'env-production' by default). */
function projectIdOf(project: string): string {
  return `project-${slug(project)}`;
}

function environmentIdOf(project: string, environment: string): string {
  return project === 'sandbox' ? `env-${slug(environment)}` : `env-${slug(project)}-${slug(environment)}`;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function query(since: string, required: string[], handle: Procedure['handle']): Procedure {
  return { method: 'GET', since, handle: validating(required, [], handle) };
}

function mutation(
  since: string,
  required: string[],
  handle: Procedure['handle'],
  nonoptional: string[] = [],
): Procedure {
  return { method: 'POST', since, handle: validating(required, nonoptional, handle) };
}

/** zod's checks: required strings (min 1; '' and a repeated key fail) and keys that must be present. */
function validating(
  required: string[],
  nonoptional: string[],
  handle: Procedure['handle'],
): Procedure['handle'] {
  return (input, engine, version, path) => {
    const issues: Issue[] = [];
    for (const key of required) {
      const value = input[key];
      // '' reads as missing: the query string's `key=` and a body's min(1) both fail this way.
      if (typeof value !== 'string' || value === '')
        issues.push(typeIssue(key, 'string', value === '' ? undefined : value));
    }
    for (const key of nonoptional) {
      if (input[key] === undefined) issues.push(typeIssue(key, 'nonoptional', undefined));
    }
    if (issues.length > 0) return invalid(path, issues);
    return handle(input, engine, version, path);
  };
}

/** One zod issue (v4's shape: no `received` field, the type read only in the message). */
type Issue = { code: string; path: string[]; message: string } & Record<string, unknown>;

function typeIssue(key: string, expected: string, value: unknown): Issue {
  const received = Array.isArray(value) ? 'array' : typeof value;
  return {
    code: 'invalid_type',
    expected,
    path: [key],
    message: `Invalid input: expected ${expected}, received ${received}`,
  };
}

/** z.string() for `required` keys ('' is fine) and z.string().nullable().optional() for `nullable` ones. */
function stringIssues(input: Record<string, unknown>, required: string[], nullable: string[]): Issue[] {
  return [
    ...required.filter((k) => typeof input[k] !== 'string').map((k) => typeIssue(k, 'string', input[k])),
    ...nullable
      .filter((k) => input[k] !== undefined && input[k] !== null && typeof input[k] !== 'string')
      .map((k) => typeIssue(k, 'string', input[k])),
  ];
}

/** An optional z.enum. */
function enumIssues(input: Record<string, unknown>, key: string, values: readonly string[]): Issue[] {
  const value = input[key];
  if (value === undefined || values.includes(value as string)) return [];
  const message = `Invalid option: expected one of ${values.map((v) => `"${v}"`).join('|')}`;
  return [{ code: 'invalid_value', values: [...values], path: [key], message }];
}

/** The adapter's 400 for failed input validation, with zod's flattened errors. */
function invalid(path: string, issues: Issue[]): Answer {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) (fieldErrors[issue.path[0]!] ??= []).push(issue.message);
  return {
    status: 400,
    body: {
      message: 'Input validation failed',
      code: 'BAD_REQUEST',
      data: { code: 'BAD_REQUEST', httpStatus: 400, path, zodError: { formErrors: [], fieldErrors } },
      issues,
    },
  };
}

/** deployment.allByType's `type` values (S/deployment.ts apiFindAllByType). */
const DEPLOYMENT_TYPES = [
  'application',
  'compose',
  'server',
  'schedule',
  'previewDeployment',
  'backup',
  'volumeBackup',
] as const;

/** zod's answer for a bad `tail` (coerced number, int, 1–10000), or undefined when it is fine. */
function checkTail(value: unknown, path: string): Answer | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isNaN(n)) {
    return validation(path, 'tail', 'Invalid input: expected number, received NaN', {
      expected: 'number',
      code: 'invalid_type',
      received: 'NaN',
    });
  }
  if (!Number.isSafeInteger(n)) {
    return validation(path, 'tail', 'Invalid input: expected int, received number', {
      expected: 'int',
      format: 'safeint',
      code: 'invalid_type',
    });
  }
  if (n < 1) {
    return validation(path, 'tail', 'Too small: expected number to be >=1', {
      origin: 'number',
      code: 'too_small',
      minimum: 1,
      inclusive: true,
    });
  }
  if (n > 10000) {
    return validation(path, 'tail', 'Too big: expected number to be <=10000', {
      origin: 'number',
      code: 'too_big',
      maximum: 10000,
      inclusive: true,
    });
  }
  return undefined;
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function notFound(message: string, path: string): Answer {
  return { status: 404, body: trpcError(message, 'NOT_FOUND', 404, path) };
}

function badRequest(message: string, path: string): Answer {
  return { status: 400, body: trpcError(message, 'BAD_REQUEST', 400, path) };
}

function validation(path: string, key: string, message: string, issue: Record<string, unknown>): Answer {
  return invalid(path, [{ code: String(issue.code), ...issue, path: [key], message }]);
}

function cloudOnly(kind: string): Answer {
  return {
    status: 400,
    body: trpcError(
      'Deployment cancellation only available in cloud version',
      'BAD_REQUEST',
      400,
      `${kind}.cancelDeployment`,
    ),
  };
}

function nullableString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
