/**
 * The sandbox's scenario: which services exist and how their deploys and the transport misbehave.
 * A scenario is YAML or JSON (JSON is YAML); durations use the kit's parser (`2s`, `500ms`, plain
 * numbers are seconds). See docs/sandbox.md for the format with an example.
 */
import { parseYaml } from '../lib/yaml.js';
import { parseDuration } from '../lib/duration.js';
import { InputError } from '../lib/errors.js';

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
  /** Dokploy's appName (the Docker service / compose project name). Default: derived from name and id. */
  appName: string | undefined;
  /** The environment stored on the service (KEY=VALUE lines). Default null, as on a new service. */
  env: string | null;
  /** The docker image (docker-sourced applications). */
  dockerImage: string | null;
  /** The commit a git-sourced build reports in the title rewrite. */
  commit: { sha: string; message: string };
  /** Pre-existing deployment records, oldest first. */
  history: { status: 'done' | 'error' | 'cancelled'; title: string; description: string }[];
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
    throw new InputError(
      `Scenario ${source}`,
      undefined,
      `is not valid YAML/JSON (${(error as Error).message})`,
    );
  }
  return toScenario(raw ?? {}, source);
}

/**
 * Builds a scenario from a plain object (the parsed file, or an object given to `startSandbox`).
 * @throws InputError naming the field and what is accepted
 */
export function toScenario(raw: unknown, source = 'scenario'): Scenario {
  const top = asObject(raw, source);
  const services = asArray(top.services ?? [], `${source}: services`).map((s, i) =>
    toService(s, `${source}: services[${i}]`),
  );
  const faults = asArray(top.faults ?? [], `${source}: faults`).map((f, i) =>
    toFault(f, `${source}: faults[${i}]`),
  );
  const version = top.version === undefined ? 'v0.30.2' : String(top.version);
  if (!/^v?\d+\.\d+\.\d+/.test(version))
    throw field(`${source}: version`, version, 'use a version such as v0.30.2');
  return {
    version: version.startsWith('v') ? version : `v${version}`,
    concurrency: toInteger(top.concurrency ?? 1, `${source}: concurrency`, 1),
    services,
    faults,
    missingImages: asArray(top.missingImages ?? [], `${source}: missingImages`).map(String),
  };
}

function toService(raw: unknown, where: string): ServiceSpec {
  const s = asObject(raw, where);
  const appId = s.applicationId;
  const composeId = s.composeId;
  if ((appId === undefined) === (composeId === undefined)) {
    throw field(where, undefined, 'give exactly one of applicationId or composeId');
  }
  const kind = appId !== undefined ? 'application' : 'compose';
  const id = String(appId ?? composeId);
  if (id === '') throw field(`${where}.${kind}Id`, id, 'use a non-empty id');
  const plan = toPlan(s.deploy ?? {}, `${where}.deploy`, DEFAULT_PLAN);
  const history = asArray(s.history ?? [], `${where}.history`).map((h, i) => {
    const entry = typeof h === 'string' ? { status: h } : asObject(h, `${where}.history[${i}]`);
    const status = String(entry.status ?? 'done');
    if (!['done', 'error', 'cancelled'].includes(status)) {
      throw field(`${where}.history[${i}].status`, status, 'use done, error or cancelled');
    }
    return {
      status: status as 'done' | 'error' | 'cancelled',
      title: String(entry.title ?? `Earlier deployment ${i + 1}`),
      description: String(entry.description ?? ''),
    };
  });
  const sha = String(asObject(s.commit ?? {}, `${where}.commit`).sha ?? fakeSha(id));
  return {
    kind,
    id,
    name: String(s.name ?? id),
    sourceType: String(s.sourceType ?? (kind === 'application' ? 'github' : 'git')),
    rollback: s.rollback === true,
    appName: s.appName === undefined || s.appName === null ? undefined : String(s.appName),
    env: s.env === undefined || s.env === null ? null : String(s.env),
    dockerImage: s.dockerImage === undefined ? null : String(s.dockerImage),
    commit: {
      sha,
      message: String(asObject(s.commit ?? {}, `${where}.commit`).message ?? `Update ${id}`),
    },
    history,
    plan,
    deploys: asArray(s.deploys ?? [], `${where}.deploys`).map((d, i) =>
      toPlan(d, `${where}.deploys[${i}]`, plan),
    ),
  };
}

function toPlan(raw: unknown, where: string, base: DeployPlan): DeployPlan {
  const p = asObject(raw, where);
  const outcome = p.outcome === undefined ? base.outcome : String(p.outcome);
  if (!(OUTCOMES as readonly string[]).includes(outcome)) {
    throw field(`${where}.outcome`, outcome, `use one of ${OUTCOMES.join(', ')}`);
  }
  const competing = p.competing === undefined ? base.competing : String(p.competing);
  if (competing !== undefined && competing !== 'before' && competing !== 'after') {
    throw field(`${where}.competing`, competing, 'use before or after');
  }
  return {
    queueDelayMs: toDuration(p.queueDelay, `${where}.queueDelay`) ?? base.queueDelayMs,
    buildDurationMs: toDuration(p.buildDuration, `${where}.buildDuration`) ?? base.buildDurationMs,
    outcome: outcome as Outcome,
    restartAfterMs: toDuration(p.restartAfter, `${where}.restartAfter`) ?? base.restartAfterMs,
    competing: competing as DeployPlan['competing'],
    rewriteDelayMs: toDuration(p.rewriteDelay, `${where}.rewriteDelay`) ?? base.rewriteDelayMs,
  };
}

function toFault(raw: unknown, where: string): FaultSpec {
  const f = asObject(raw, where);
  const kind = String(f.kind ?? '');
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw field(`${where}.kind`, kind, `use one of ${FAULT_KINDS.join(', ')}`);
  }
  return {
    procedure: String(f.procedure ?? '*'),
    kind: kind as FaultKind,
    status: toInteger(f.status ?? 503, `${where}.status`, 100),
    times: toInteger(f.times ?? 1, `${where}.times`, 0),
    skip: toInteger(f.skip ?? 0, `${where}.skip`, 0),
    delayMs: toDuration(f.delay, `${where}.delay`) ?? 2000,
    retryAfter: f.retryAfter === undefined ? undefined : String(f.retryAfter),
    processed: f.processed === true,
  };
}

function toDuration(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return parseDuration(where, String(value));
  } catch {
    throw field(
      where,
      String(value),
      'use a duration such as 500ms, 2s or 1m (a plain number means seconds)',
    );
  }
}

function toInteger(value: unknown, where: string, min: number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) throw field(where, String(value), `use a whole number ≥ ${min}`);
  return n;
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw field(where, undefined, 'must be a mapping');
  }
  return value as Record<string, unknown>;
}

function asArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw field(where, undefined, 'must be a list');
  return value;
}

function field(where: string, value: string | undefined, hint: string): InputError {
  return new InputError(where, value, hint);
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
