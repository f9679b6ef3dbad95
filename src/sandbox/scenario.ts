/**
 * The sandbox's scenario: which services exist and how their deploys and the transport misbehave.
 * A scenario is YAML or JSON (JSON is YAML); durations use the kit's parser (`2s`, `500ms`, plain
 * numbers are seconds). See docs/sandbox.md for the format with an example.
 */
import { parseYaml } from '../lib/yaml.js';
import { firstLine, YamlFields } from '../lib/yaml-fields.js';
import { AFTER_DONE, type AfterDone } from './runtime.js';

/** Outcomes a build can have: finish `done`, fail with `error`, or `hang` (stay `running` forever). */
export const OUTCOMES = ['done', 'error', 'hang'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Transport faults the sandbox can inject. */
export const FAULT_KINDS = ['status', 'html-403', 'slow', 'reset', 'malformed-json', 'unauthorized'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** How one deploy job of a service behaves. */
export interface DeployPlan {
  /** Time the job waits in the queue before the worker may take it, in ms. Default 0. */
  queueDelayMs: number;
  /** Time from the start of the job (record created) to its end, in ms. Default 1000. */
  buildDurationMs: number;
  /** How the build ends. Default done. */
  outcome: Outcome;
  /** Dokploy restarts this long after the build starts: running → cancelled, waiting jobs dropped. */
  restartAfterMs: number | undefined;
  /** Another actor deploys the same service just before (or after) this deploy is requested. */
  competing: 'before' | 'after' | undefined;
  /** Delay between the terminal status and the git title rewrite, in ms. Default 0 (same instant). */
  rewriteDelayMs: number;
  /** What the new version does once the record is done (src/sandbox/runtime.ts). Default stable. */
  afterDone: AfterDone;
}

/** One service (application or compose stack) the sandbox knows. */
export interface ServiceSpec {
  kind: 'application' | 'compose';
  id: string;
  name: string;
  /** Dokploy's sourceType (github, git, docker, raw, ...). Default github (application) / git (compose). */
  sourceType: string;
  /** Whether the application keeps rollback images (rollbackActive with a registry). Default false. */
  rollback: boolean;
  /** Dokploy's Auto Deploy switch (deploys on every push of a provider source). Default false. */
  autoDeploy: boolean;
  /** The branch a git source builds (github: `branch`, git: `customGitBranch`). Default main. */
  branch: string;
  /** The Dokploy project it belongs to, by name (targets by name resolve through it). Default 'sandbox'. */
  project: string;
  /** The environment of that project, by name. Default 'production'. */
  environment: string;
  /** Dokploy's appName (the Docker service / compose project name). Default: derived from name and id. */
  appName: string | undefined;
  /** The environment stored on the service (KEY=VALUE lines). Default null, as on a new service. */
  env: string | null;
  /** The docker image (docker-sourced applications). */
  dockerImage: string | null;
  /** The commit a git-sourced build reports in the title rewrite. */
  commit: { sha: string; message: string };
  /** Pre-existing deployment records, oldest first. */
  /** Earlier records, oldest first; `durationMs` is how long each ran (createdAt → finishedAt). */
  history: {
    status: 'done' | 'error' | 'cancelled';
    title: string;
    description: string;
    durationMs: number;
  }[];
  /** The plan of every deploy of this service, unless `deploys` overrides it. */
  plan: DeployPlan;
  /** Per-deploy overrides, by order of the deploy requests (1st, 2nd, ...). */
  deploys: DeployPlan[];
}

/** A transport fault: answered instead of (or around) the real answer for matching requests. */
export interface FaultSpec {
  /** Procedure name (`deployment.all`) or `*` for every `/api/*` request. */
  procedure: string;
  kind: FaultKind;
  /** For `status`: the status to answer (default 503). */
  status: number;
  /** How many matching requests get the fault. Default 1; 0 means every one. */
  times: number;
  /** Matching requests to let through before the fault starts. Default 0. */
  skip: number;
  /** For `slow`: the delay before answering, in ms. Default 2000. */
  delayMs: number;
  /** For `status`: a Retry-After header value to send. */
  retryAfter: string | undefined;
  /** For `reset`: process the request first, then drop the connection (the caller cannot know). */
  processed: boolean;
}

/** A whole scenario. */
export interface Scenario {
  /** What settings.getDokployVersion answers, e.g. v0.30.2 (also switches version-dependent routes). */
  version: string;
  /** Jobs run at a time on the server, FIFO across services (Dokploy: 1). */
  concurrency: number;
  services: ServiceSpec[];
  faults: FaultSpec[];
  /** Images the registry does not hold: deploying a docker-sourced application with one fails the pull. */
  missingImages: string[];
}

/** The default plan: queued for no time, builds for 1 s, ends done. */
export const DEFAULT_PLAN: DeployPlan = Object.freeze({
  queueDelayMs: 0,
  buildDurationMs: 1000,
  outcome: 'done',
  restartAfterMs: undefined,
  competing: undefined,
  rewriteDelayMs: 0,
  afterDone: 'stable',
});

/**
 * Parses scenario text (YAML or JSON).
 * @param text - the file's content
 * @param source - the file name, for messages
 * @throws InputError naming the field and what is accepted
 */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    new YamlFields('Sandbox scenario', source).failDocument(`invalid YAML/JSON: ${firstLine(error)}`);
  }
  return toScenario(raw ?? {}, source);
}

/**
 * Builds a scenario from a plain object (the parsed file, or an object given to `startSandbox`).
 * @throws InputError naming the field and what is accepted
 */
export function toScenario(raw: unknown, source = 'scenario'): Scenario {
  const fields = new YamlFields('Sandbox scenario', source);
  const top = fields.mapping(raw, '');
  const services = fields
    .list(top.services ?? [], 'services')
    .map((s, i) => toService(s, `services[${i}]`, fields));
  const faults = fields.list(top.faults ?? [], 'faults').map((f, i) => toFault(f, `faults[${i}]`, fields));
  const version = top.version === undefined ? 'v0.30.2' : String(top.version);
  if (!/^v?\d+\.\d+\.\d+/.test(version)) fields.fail('version', version, 'use a version such as v0.30.2');
  return {
    version: version.startsWith('v') ? version : `v${version}`,
    concurrency: fields.integer(top.concurrency ?? 1, 'concurrency', 1),
    services,
    faults,
    missingImages: fields.list(top.missingImages ?? [], 'missingImages').map(String),
  };
}

function toService(raw: unknown, where: string, fields: YamlFields): ServiceSpec {
  const s = fields.mapping(raw, where);
  const appId = s.applicationId;
  const composeId = s.composeId;
  if ((appId === undefined) === (composeId === undefined)) {
    fields.fail(where, undefined, 'give exactly one of applicationId or composeId');
  }
  const kind = appId !== undefined ? 'application' : 'compose';
  const id = String(appId ?? composeId);
  if (id === '') fields.fail(`${where}.${kind}Id`, id, 'use a non-empty id');
  const plan = toPlan(s.deploy ?? {}, `${where}.deploy`, DEFAULT_PLAN, fields);
  const history = fields.list(s.history ?? [], `${where}.history`).map((h, i) => {
    const entry = typeof h === 'string' ? { status: h } : fields.mapping(h, `${where}.history[${i}]`);
    const status = String(entry.status ?? 'done');
    if (!['done', 'error', 'cancelled'].includes(status)) {
      fields.fail(`${where}.history[${i}].status`, status, 'use done, error or cancelled');
    }
    return {
      status: status as 'done' | 'error' | 'cancelled',
      title: String(entry.title ?? `Earlier deployment ${i + 1}`),
      description: String(entry.description ?? ''),
      durationMs: fields.duration(entry.duration, `${where}.history[${i}].duration`) ?? 0,
    };
  });
  const sha = String(fields.mapping(s.commit ?? {}, `${where}.commit`).sha ?? fakeSha(id));
  return {
    kind,
    id,
    name: String(s.name ?? id),
    sourceType: String(s.sourceType ?? (kind === 'application' ? 'github' : 'git')),
    rollback: s.rollback === true,
    autoDeploy: s.autoDeploy === true,
    branch: s.branch === undefined ? 'main' : fields.string(s.branch, `${where}.branch`),
    project: s.project === undefined ? 'sandbox' : fields.string(s.project, `${where}.project`),
    environment:
      s.environment === undefined ? 'production' : fields.string(s.environment, `${where}.environment`),
    appName: s.appName === undefined || s.appName === null ? undefined : String(s.appName),
    env: s.env === undefined || s.env === null ? null : String(s.env),
    dockerImage: s.dockerImage === undefined ? null : String(s.dockerImage),
    commit: {
      sha,
      message: String(fields.mapping(s.commit ?? {}, `${where}.commit`).message ?? `Update ${id}`),
    },
    history,
    plan,
    deploys: fields
      .list(s.deploys ?? [], `${where}.deploys`)
      .map((d, i) => toPlan(d, `${where}.deploys[${i}]`, plan, fields)),
  };
}

function toPlan(raw: unknown, where: string, base: DeployPlan, fields: YamlFields): DeployPlan {
  const p = fields.mapping(raw, where);
  const outcome = p.outcome === undefined ? base.outcome : String(p.outcome);
  if (!(OUTCOMES as readonly string[]).includes(outcome)) {
    fields.fail(`${where}.outcome`, outcome, `use one of ${OUTCOMES.join(', ')}`);
  }
  const competing = p.competing === undefined ? base.competing : String(p.competing);
  if (competing !== undefined && competing !== 'before' && competing !== 'after') {
    fields.fail(`${where}.competing`, competing, 'use before or after');
  }
  const afterDone = p.afterDone === undefined ? base.afterDone : String(p.afterDone);
  if (!(AFTER_DONE as readonly string[]).includes(afterDone)) {
    fields.fail(`${where}.afterDone`, afterDone, `use one of ${AFTER_DONE.join(', ')}`);
  }
  return {
    queueDelayMs: fields.duration(p.queueDelay, `${where}.queueDelay`) ?? base.queueDelayMs,
    buildDurationMs: fields.duration(p.buildDuration, `${where}.buildDuration`) ?? base.buildDurationMs,
    outcome: outcome as Outcome,
    restartAfterMs: fields.duration(p.restartAfter, `${where}.restartAfter`) ?? base.restartAfterMs,
    competing: competing as DeployPlan['competing'],
    rewriteDelayMs: fields.duration(p.rewriteDelay, `${where}.rewriteDelay`) ?? base.rewriteDelayMs,
    afterDone: afterDone as AfterDone,
  };
}

function toFault(raw: unknown, where: string, fields: YamlFields): FaultSpec {
  const f = fields.mapping(raw, where);
  const kind = String(f.kind ?? '');
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    fields.fail(`${where}.kind`, kind, `use one of ${FAULT_KINDS.join(', ')}`);
  }
  return {
    procedure: String(f.procedure ?? '*'),
    kind: kind as FaultKind,
    status: fields.integer(f.status ?? 503, `${where}.status`, 100),
    times: fields.integer(f.times ?? 1, `${where}.times`, 0),
    skip: fields.integer(f.skip ?? 0, `${where}.skip`, 0),
    delayMs: fields.duration(f.delay, `${where}.delay`) ?? 2000,
    retryAfter: f.retryAfter === undefined ? undefined : String(f.retryAfter),
    processed: f.processed === true,
  };
}

/** A stable 40-hex "commit" per service id, so rewrites are reproducible. */
function fakeSha(seed: string): string {
  let h = 2166136261;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${seed}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}
