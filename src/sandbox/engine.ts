/**
 * The sandbox's deploy engine: services, an in-memory FIFO queue shared by the whole server
 * (concurrency 1, as observed on v0.30.2), deployment records created only when a job starts, the
 * git title rewrite, about ten kept records per service, build logs, rollback images and restarts.
 * Behaviour follows docs/dokploy-api.md#the-deploy-queue and #deployment-records. Time (queue delays, builds, restarts,
 * record times) comes only from `deps.clock` and ids' randomness from `deps.random`, so a test can
 * drive the engine with a manual clock instead of waiting. A schedule's manual run is the exception:
 * its command is a real process and runs in real time (src/sandbox/schedules.ts).
 */
import type { Clock } from '../lib/clock.js';
import { endLines, startLines, type BuildLogSubject } from './build-log.js';
import type { DeployPlan, Scenario, ServiceSpec } from './scenario.js';
import { startVersion, type RuntimeHost, type ServiceRuntime } from './runtime.js';
import { Schedules, type ScheduleLimits } from './schedules.js';

/** A deployment record, shaped like Dokploy's row (S/deployment.ts). */
export interface DeploymentRecord {
  deploymentId: string;
  title: string;
  description: string;
  status: 'running' | 'done' | 'error' | 'cancelled';
  logPath: string;
  pid: null;
  applicationId: string | null;
  composeId: string | null;
  serverId: null;
  isPreviewDeployment: false;
  previewDeploymentId: null;
  /** The schedule a run record belongs to (src/sandbox/schedules.ts); null for a deploy's. */
  scheduleId: string | null;
  backupId: null;
  volumeBackupId: null;
  buildServerId: null;
  createdAt: string;
  startedAt: string;
  finishedAt: string | null;
  errorMessage: null;
  rollbackId: string | null;
}

/** A rollback image kept for a deployment (S/rollbacks.ts). */
export interface RollbackRow {
  rollbackId: string;
  deploymentId: string;
  version: number;
  image: string;
  createdAt: string;
  fullContext: Record<string, unknown>;
}

/** A queued or active job, as deployment.queueList shows it. */
export interface Job {
  id: string;
  service: ServiceState;
  type: 'deploy' | 'redeploy';
  titleLog: string;
  descriptionLog: string;
  timestamp: number;
  state: 'waiting' | 'active';
  processedOn: number | undefined;
  plan: DeployPlan;
  actor: 'api' | 'competitor';
  readyAt: number;
  /** The record the job created once it started. */
  recordId: string | undefined;
}

/** What `GET /__sandbox/events` lists, in time order. */
export interface SandboxEvent {
  /** ISO time. */
  at: string;
  type: 'deploy-requested' | 'deployment-started' | 'deployment-finished';
  serviceId: string;
  kind: 'application' | 'compose';
  /** The service's name. */
  name: string;
  title: string;
  /** queued (requested), running (started), done | error | cancelled (finished). */
  status: string;
  /** deploy or redeploy. */
  action: 'deploy' | 'redeploy';
  /** Who asked: the API (a client) or the scenario's competing actor. */
  actor: 'api' | 'competitor';
  deploymentId: string | undefined;
}

/** A service's live state. */
export interface ServiceState {
  spec: ServiceSpec;
  kind: 'application' | 'compose';
  id: string;
  name: string;
  appName: string;
  sourceType: string;
  status: 'idle' | 'running' | 'done' | 'error';
  env: string | null;
  buildArgs: string | null;
  buildSecrets: string | null;
  createEnvFile: boolean;
  dockerImage: string | null;
  username: string | null;
  password: string | null;
  registryUrl: string | null;
  refreshToken: string;
  createdAt: string;
  deployments: DeploymentRecord[];
  rollbacks: RollbackRow[];
  requests: number;
  /** A stack's stored compose file ('' until compose.update sets one). */
  composeFile: string;
  /** Its tasks or containers and what they print (src/sandbox/runtime.ts). */
  runtime: ServiceRuntime;
}

/** What the engine takes from its host: time and randomness. */
export interface EngineDeps {
  /** Time and timers: `systemClock` in a real server, a manual clock in tests. */
  clock: Clock;
  /** A number in [0, 1), for the random part of ids. */
  random: () => number;
  /** Limits of a schedule's manual run (src/sandbox/schedules.ts). Default 10 minutes, 1 MiB of output. */
  scheduleLimits?: ScheduleLimits;
}

const KEPT_RECORDS = 10;

/** The engine: create it from a scenario, then call its methods from the routes. */
export class Engine {
  readonly services = new Map<string, ServiceState>();
  readonly events: SandboxEvent[] = [];
  readonly logs = new Map<string, string[]>();
  /** The services' schedules and their runs (schedule.*). */
  readonly schedules: Schedules;
  private queue: Job[] = [];
  private jobCounter = 0;
  private idCounter = 0;
  private rollbackVersion = 0;
  /** Every pending timer, by the controller that cancels its sleep. */
  private timers = new Set<AbortController>();
  private jobTimers = new Map<Job, AbortController[]>();
  private closed = false;
  private readonly concurrency: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly deps: EngineDeps,
  ) {
    this.concurrency = scenario.concurrency;
    this.schedules = new Schedules(
      {
        newId: (prefix) => this.newId(prefix),
        now: () => this.deps.clock.now(),
        logs: this.logs,
        find: (kind, id) => this.find(kind, id),
      },
      deps.scheduleLimits,
    );
    const start = deps.clock.now() - 86_400_000;
    for (const spec of scenario.services) {
      const appName =
        spec.appName ??
        `${spec.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${spec.id.slice(-6).toLowerCase()}`;
      const state: ServiceState = {
        spec,
        kind: spec.kind,
        id: spec.id,
        name: spec.name,
        appName,
        sourceType: spec.sourceType,
        status:
          spec.history.length > 0
            ? spec.history[spec.history.length - 1]!.status === 'done'
              ? 'done'
              : 'error'
            : 'idle',
        env: spec.env,
        buildArgs: null,
        buildSecrets: null,
        createEnvFile: true,
        dockerImage: spec.dockerImage,
        username: null,
        password: null,
        registryUrl: null,
        refreshToken: this.newId('tok'),
        createdAt: new Date(start).toISOString(),
        deployments: [],
        rollbacks: [],
        requests: 0,
        composeFile: '',
        runtime: { kind: spec.kind, appName, tasks: [], log: [] },
      };
      spec.history.forEach((h, i) => {
        // A minute apart, each ending `durationMs` after it started (as long as its build took).
        const startedAt = start + (i + 1) * 60_000;
        const at = new Date(startedAt).toISOString();
        const record = this.newRecord(state, h.title, h.description, at);
        record.status = h.status;
        record.finishedAt =
          h.status === 'cancelled' ? null : new Date(startedAt + h.durationMs).toISOString();
        this.logs.set(record.deploymentId, ['Initializing deployment', `Earlier deployment ${i + 1}`]);
        if (spec.rollback && h.status === 'done') this.addRollback(state, record);
        state.deployments.unshift(record);
      });
      // A service with an earlier good deployment runs it.
      if (spec.history.some((h) => h.status === 'done'))
        startVersion(state.runtime, this.imageOf(state), 'stable', this.runtimeHost);
      this.services.set(spec.id, state);
    }
  }

  /** Finds a service of a kind by id. */
  find(kind: 'application' | 'compose', id: string): ServiceState | undefined {
    const s = this.services.get(id);
    return s && s.kind === kind ? s : undefined;
  }

  /** Queues a deploy (and the scenario's competing deploy); answers as soon as it is queued. */
  requestDeploy(
    service: ServiceState,
    type: 'deploy' | 'redeploy',
    title: string,
    description: string,
  ): void {
    const plan = service.spec.deploys[service.requests] ?? service.spec.plan;
    service.requests++;
    if (plan.competing === 'before') this.enqueueCompetitor(service);
    this.enqueue(service, type, title, description, plan, 'api');
    if (plan.competing === 'after') this.enqueueCompetitor(service);
    this.pump();
  }

  /** Jobs in the queue, newest first (as deployment.queueList answers). */
  queueList(): Job[] {
    return [...this.queue].reverse();
  }

  /** Drops the waiting jobs of one service (`*.cleanQueues`). */
  cleanQueue(service: ServiceState): void {
    this.queue = this.queue.filter((j) => j.service !== service || j.state === 'active');
  }

  /** Looks a deployment record up by id. */
  findDeployment(id: string): { service: ServiceState; record: DeploymentRecord } | undefined {
    for (const service of this.services.values()) {
      const record = service.deployments.find((d) => d.deploymentId === id);
      if (record) return { service, record };
    }
    return undefined;
  }

  /** Finds a rollback row by id. */
  findRollback(id: string): { service: ServiceState; row: RollbackRow } | undefined {
    for (const service of this.services.values()) {
      const row = service.rollbacks.find((r) => r.rollbackId === id);
      if (row) return { service, row };
    }
    return undefined;
  }

  /** The engine's time (by its clock). */
  now(): number {
    return this.deps.clock.now();
  }

  /** Runs `image` on the service, as rollback.rollback does (no record, the service's status unchanged). */
  runImage(service: ServiceState, image: string): void {
    startVersion(service.runtime, image, 'stable', this.runtimeHost);
  }

  /** Stops every timer and every schedule command still running; nothing happens after this. */
  close(): void {
    this.closed = true;
    this.schedules.close();
    for (const t of this.timers) t.abort();
    this.timers.clear();
  }

  /** A Dokploy restart: running records become cancelled, waiting jobs are lost (v0.29.9+). */
  restart(): void {
    for (const job of this.queue.filter((j) => j.state === 'active')) this.clearJobTimers(job);
    this.queue = [];
    for (const service of this.services.values()) {
      for (const record of service.deployments.filter((d) => d.status === 'running')) {
        record.status = 'cancelled';
        this.emit(
          'deployment-finished',
          service,
          record.title,
          'cancelled',
          'deploy',
          'api',
          record.deploymentId,
        );
      }
      service.status = 'idle';
    }
  }

  private enqueueCompetitor(service: ServiceState): void {
    const plan: DeployPlan = {
      ...service.spec.plan,
      competing: undefined,
      restartAfterMs: undefined,
      outcome: 'done',
    };
    this.enqueue(
      service,
      'deploy',
      'Competing deploy by another actor',
      `Hash: ${service.spec.commit.sha}`,
      plan,
      'competitor',
    );
  }

  private enqueue(
    service: ServiceState,
    type: 'deploy' | 'redeploy',
    title: string,
    description: string,
    plan: DeployPlan,
    actor: 'api' | 'competitor',
  ): void {
    const now = this.deps.clock.now();
    const job: Job = {
      id: `job-${++this.jobCounter}`,
      service,
      type,
      titleLog: title,
      descriptionLog: description,
      timestamp: now,
      state: 'waiting',
      processedOn: undefined,
      plan,
      actor,
      readyAt: now + plan.queueDelayMs,
      recordId: undefined,
    };
    this.queue.push(job);
    this.emit('deploy-requested', service, title, 'queued', type, actor, undefined);
    if (plan.queueDelayMs > 0) this.later(plan.queueDelayMs, () => this.pump());
  }

  /** Starts waiting jobs, FIFO across the whole server, while fewer than `concurrency` are active. */
  private pump(): void {
    if (this.closed) return;
    const now = this.deps.clock.now();
    for (const job of this.queue) {
      const active = this.queue.filter((j) => j.state === 'active');
      if (active.length >= this.concurrency) return;
      if (job.state === 'active') continue;
      // One job per service at a time; the head of the queue blocks the rest while it is not ready.
      if (active.some((j) => j.service === job.service)) continue;
      if (job.readyAt > now) return;
      this.start(job);
    }
  }

  private start(job: Job): void {
    const { service, plan } = job;
    job.state = 'active';
    job.processedOn = this.deps.clock.now();
    service.status = 'running';
    const title = job.titleLog || (job.type === 'redeploy' ? 'Rebuild deployment' : 'Manual deployment');
    const record = this.newRecord(service, title, job.descriptionLog, this.isoNow());
    job.recordId = record.deploymentId;
    service.deployments.unshift(record);
    service.deployments.splice(KEPT_RECORDS + 1);
    this.logs.set(record.deploymentId, startLines(this.logSubject(job)));
    if (service.spec.rollback && service.kind === 'application') this.addRollback(service, record);
    this.emit('deployment-started', service, title, 'running', job.type, job.actor, record.deploymentId);
    const timers: AbortController[] = [];
    this.jobTimers.set(job, timers);
    if (plan.restartAfterMs !== undefined) timers.push(this.later(plan.restartAfterMs, () => this.restart()));
    // A docker-sourced deploy of an image the registry does not hold fails at the pull (v0.30.2).
    const outcome = this.logSubject(job).imageMissing ? 'error' : plan.outcome;
    if (outcome !== 'hang') {
      timers.push(this.later(plan.buildDurationMs, () => this.finish(job, record, outcome)));
    }
  }

  private logSubject(job: Job): BuildLogSubject {
    const { service } = job;
    const docker = service.kind === 'application' && service.sourceType === 'docker';
    return {
      kind: service.kind,
      appName: service.appName,
      sourceType: service.sourceType,
      type: job.type,
      dockerImage: service.dockerImage,
      imageMissing:
        docker &&
        job.type === 'deploy' &&
        (this.scenario.missingImages ?? []).includes(service.dockerImage ?? ''),
    };
  }

  private finish(job: Job, record: DeploymentRecord, outcome: 'done' | 'error'): void {
    const { service } = job;
    const log = this.logs.get(record.deploymentId) ?? [];
    log.push(...endLines(this.logSubject(job), outcome));
    record.status = outcome;
    record.finishedAt = this.isoNow();
    service.status = outcome;
    if (outcome === 'done') {
      const running = service.runtime.tasks.find((t) => t.desired === 'running');
      startVersion(
        service.runtime,
        this.imageOf(service),
        job.plan.afterDone,
        this.runtimeHost,
        running?.image,
      );
    }
    this.clearJobTimers(job);
    this.queue = this.queue.filter((j) => j !== job);
    this.emit(
      'deployment-finished',
      service,
      record.title,
      outcome,
      job.type,
      job.actor,
      record.deploymentId,
    );
    const rewrites =
      job.type === 'deploy' &&
      (service.kind === 'application' ? service.sourceType !== 'docker' : service.sourceType !== 'raw');
    if (rewrites) {
      // docs/dokploy-api.md#title-rewrite-for-git-sources: the title becomes the commit message and the description `Commit: <sha>`.
      const rewrite = (): void => {
        record.title = service.spec.commit.message;
        record.description = `Commit: ${service.spec.commit.sha}`;
      };
      if (job.plan.rewriteDelayMs > 0) this.later(job.plan.rewriteDelayMs, rewrite);
      else rewrite();
    }
    this.pump();
  }

  private clearJobTimers(job: Job): void {
    for (const t of this.jobTimers.get(job) ?? []) {
      t.abort();
      this.timers.delete(t);
    }
    this.jobTimers.delete(job);
  }

  private newRecord(service: ServiceState, title: string, description: string, at: string): DeploymentRecord {
    const stamp = at.slice(0, 19).replace('T', ':');
    return {
      deploymentId: this.newId('dep'),
      title,
      description,
      status: 'running',
      logPath: `/etc/dokploy/logs/${service.appName}/${service.appName}-${stamp}.log`,
      pid: null,
      applicationId: service.kind === 'application' ? service.id : null,
      composeId: service.kind === 'compose' ? service.id : null,
      serverId: null,
      isPreviewDeployment: false,
      previewDeploymentId: null,
      scheduleId: null,
      backupId: null,
      volumeBackupId: null,
      buildServerId: null,
      createdAt: at,
      startedAt: at,
      finishedAt: null,
      errorMessage: null,
      rollbackId: null,
    };
  }

  private addRollback(service: ServiceState, record: DeploymentRecord): void {
    const version = ++this.rollbackVersion;
    const row: RollbackRow = {
      rollbackId: this.newId('rb'),
      deploymentId: record.deploymentId,
      version,
      image: `${service.appName}:v${version}`,
      createdAt: record.createdAt,
      fullContext: { appName: service.appName },
    };
    service.rollbacks.push(row);
    record.rollbackId = row.rollbackId;
  }

  private emit(
    type: SandboxEvent['type'],
    service: ServiceState,
    title: string,
    status: string,
    action: 'deploy' | 'redeploy',
    actor: 'api' | 'competitor',
    deploymentId: string | undefined,
  ): void {
    this.events.push({
      at: this.isoNow(),
      type,
      serviceId: service.id,
      kind: service.kind,
      name: service.name,
      title,
      status,
      action,
      actor,
      deploymentId,
    });
  }

  /** Runs `fn` after `ms` by the clock, unless the returned controller aborts first or the engine closes. */
  private later(ms: number, fn: () => void): AbortController {
    const timer = new AbortController();
    this.timers.add(timer);
    this.deps.clock.sleep(ms, timer.signal).then(
      () => {
        this.timers.delete(timer);
        if (!this.closed) fn();
      },
      // Aborted: the job ended, Dokploy restarted or the server closed.
      () => this.timers.delete(timer),
    );
    return timer;
  }

  /** The image a deploy runs: the docker image, or the one Dokploy builds (`<appName>:latest`). */
  private imageOf(service: ServiceState): string {
    return service.dockerImage ?? `${service.appName}:latest`;
  }

  private get runtimeHost(): RuntimeHost {
    return {
      newId: (prefix) => this.newId(prefix),
      now: () => this.deps.clock.now(),
      later: (ms, fn) => void this.later(ms, fn),
    };
  }

  private isoNow(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  private newId(prefix: string): string {
    this.idCounter++;
    const random = this.deps.random().toString(36).slice(2, 10);
    return `${prefix}-${this.idCounter.toString(36)}${random}`;
  }
}
