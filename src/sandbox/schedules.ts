/**
 * The sandbox's schedules (Dokploy v0.30.2's `schedule.*`): rows that belong to an application or a
 * compose service, and manual runs that are deployment records of the schedule, with the log Dokploy
 * writes. Dokploy runs the command with `docker exec` in the service's running container; the
 * sandbox has no containers, so it runs the command on this machine with `sh -c` (or `bash -c`) in a
 * working directory of the service's own, with `SANDBOX_*` variables saying which service and version
 * "runs" it. Schedules never fire on their cron expression here: only `schedule.runManually` runs them,
 * so a test decides when.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeploymentRecord, ServiceState } from './engine.js';
import { containerIdOf, runningContainer, type RuntimeTask } from './runtime.js';

/** The schedule types Dokploy knows; the sandbox models the two that belong to a service. */
export const SCHEDULE_TYPES = ['application', 'compose', 'server', 'dokploy-server'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

/** The shells a schedule may run its command with. */
export const SHELL_TYPES = ['bash', 'sh'] as const;
export type ShellType = (typeof SHELL_TYPES)[number];

/** A schedule row, in the order of the fields schedule.create answers (v0.30.2). */
export interface ScheduleRow {
  scheduleId: string;
  name: string;
  description: string | null;
  cronExpression: string;
  appName: string;
  /** For a compose schedule: the compose service whose container runs the command. */
  serviceName: string | null;
  shellType: ShellType;
  scheduleType: ScheduleType;
  command: string;
  script: string | null;
  applicationId: string | null;
  composeId: string | null;
  serverId: string | null;
  organizationId: string | null;
  enabled: boolean;
  timezone: string | null;
  createdAt: string;
}

/** What schedule.create takes, once the route has checked the types (absent = Dokploy's default). */
export type ScheduleInput = Pick<ScheduleRow, 'name' | 'cronExpression' | 'command'> &
  Partial<Omit<ScheduleRow, 'scheduleId' | 'createdAt'>>;

/** What schedule.runManually answers. */
export interface ScheduleRun {
  status: 'done' | 'error';
  deploymentId: string;
  logPath: string;
}

/** What the schedules take from the engine. */
export interface ScheduleHost {
  newId(prefix: string): string;
  /** The engine's time, for rows' and records' times. */
  now(): number;
  /** The engine's logs by deployment id (deployment.readLogs reads them). */
  logs: Map<string, string[]>;
  find(kind: 'application' | 'compose', id: string): ServiceState | undefined;
}

/** Limits of a run. */
export interface ScheduleLimits {
  /** A command still running after this long (real time) is killed and the run ends `error`. Default 10 minutes. */
  timeoutMs: number;
  /** Output kept in the log per run (and stderr kept for the error line), in characters. Default 1 MiB. */
  maxOutputChars: number;
  /** The command's PATH. Default Docker's default PATH for a container, not the sandbox's own. */
  path: string;
}

export const DEFAULT_SCHEDULE_LIMITS: ScheduleLimits = Object.freeze({
  timeoutMs: 10 * 60_000,
  maxOutputChars: 1024 * 1024,
  path: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
});

/** Records kept per schedule: about ten, as the engine keeps per service. */
const KEPT_RECORDS = 10;

interface Entry {
  row: ScheduleRow;
  /** Newest first. */
  records: DeploymentRecord[];
}

/** Every schedule of one sandbox, and the commands its runs started. */
export class Schedules {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Set<() => void>();
  private root: string | undefined;
  private closed = false;

  constructor(
    private readonly host: ScheduleHost,
    private readonly limits: ScheduleLimits = DEFAULT_SCHEDULE_LIMITS,
  ) {}

  /** Stores a new schedule with Dokploy's defaults (bash, enabled, an appName `schedule-…`). */
  create(input: ScheduleInput): ScheduleRow {
    const row: ScheduleRow = {
      scheduleId: this.host.newId('sch'),
      name: input.name,
      description: input.description ?? null,
      cronExpression: input.cronExpression,
      appName: input.appName || this.host.newId('schedule'),
      serviceName: input.serviceName ?? null,
      shellType: input.shellType ?? 'bash',
      scheduleType: input.scheduleType ?? 'application',
      command: input.command,
      script: input.script ?? null,
      applicationId: input.applicationId ?? null,
      composeId: input.composeId ?? null,
      serverId: input.serverId ?? null,
      organizationId: input.organizationId ?? null,
      enabled: input.enabled ?? true,
      timezone: input.timezone ?? null,
      createdAt: new Date(this.host.now()).toISOString(),
    };
    this.entries.set(row.scheduleId, { row, records: [] });
    return { ...row };
  }

  /** The schedule with this id, or undefined. */
  find(scheduleId: string): ScheduleRow | undefined {
    const entry = this.entries.get(scheduleId);
    return entry && { ...entry.row };
  }

  /** Deletes a schedule and, as Dokploy's cascade does, its records and their logs. False when unknown. */
  delete(scheduleId: string): boolean {
    const entry = this.entries.get(scheduleId);
    if (!entry) return false;
    for (const record of entry.records) this.host.logs.delete(record.deploymentId);
    this.entries.delete(scheduleId);
    return true;
  }

  /** A schedule's run records, newest first (deployment.allByType with type schedule). */
  records(scheduleId: string): DeploymentRecord[] {
    return [...(this.entries.get(scheduleId)?.records ?? [])];
  }

  /** The run record with this deployment id, or undefined. */
  findRecord(deploymentId: string): DeploymentRecord | undefined {
    for (const entry of this.entries.values()) {
      const record = entry.records.find((r) => r.deploymentId === deploymentId);
      if (record) return record;
    }
    return undefined;
  }

  /**
   * Runs a schedule now and resolves when its command has ended, as schedule.runManually does: a
   * failing command, or a service with no running container, is a run that ends `error`, not a
   * rejection. Undefined when the schedule is unknown.
   */
  async run(scheduleId: string): Promise<ScheduleRun | undefined> {
    const entry = this.entries.get(scheduleId);
    if (!entry) return undefined;
    const { row } = entry;
    const record = this.newRecord(row);
    entry.records.unshift(record);
    for (const dropped of entry.records.splice(KEPT_RECORDS + 1)) this.host.logs.delete(dropped.deploymentId);
    const log = new LogText();
    this.host.logs.set(record.deploymentId, log.lines);
    log.write('Initializing schedule\n');

    const target = this.target(row);
    if ('missing' in target) {
      log.write(`❌ ${target.missing}\n`);
      return this.end(record, 'error');
    }
    const containerId = containerIdOf(target.task);
    log.write(`docker exec ${containerId} ${row.shellType} -c ${row.command}\n`);
    const result = await this.exec(row, target.service, target.task, containerId, (text) => log.write(text));
    if (result.ok) {
      log.write('✅ Command executed successfully\n');
      return this.end(record, 'done');
    }
    // Dokploy writes the error's message last: the command's stderr, as it came (no newline added).
    log.write('❌ Command failed\n');
    log.write(result.message);
    return this.end(record, 'error');
  }

  /** Kills every command still running and removes the working directories; nothing runs after this. */
  close(): void {
    this.closed = true;
    for (const stop of this.running) stop();
    this.running.clear();
    // The runs just killed end now, not when their processes' exit events come (after the close).
    for (const entry of this.entries.values()) {
      for (const record of entry.records) if (record.status === 'running') this.end(record, 'error');
    }
    if (this.root) rmSync(this.root, { recursive: true, force: true, maxRetries: 3 });
    this.root = undefined;
  }

  /** The service and container `docker exec` would use, or Dokploy's "Container not found" message. */
  private target(row: ScheduleRow): { service: ServiceState; task: RuntimeTask } | { missing: string } {
    if (row.scheduleType === 'compose') {
      const service = row.composeId ? this.host.find('compose', row.composeId) : undefined;
      const task = service && runningContainer(service.runtime, row.serviceName ?? '');
      if (service && task) return { service, task };
      // Dokploy interpolates the values as they are: a missing one reads 'null' or 'undefined'.
      return {
        missing: `Container not found for service '${row.serviceName}' of compose '${service?.name}', make sure the service is running`,
      };
    }
    const service = row.applicationId ? this.host.find('application', row.applicationId) : undefined;
    const task = service && runningContainer(service.runtime);
    if (service && task) return { service, task };
    return {
      missing: `Container not found for application '${service?.appName}', make sure the service is running`,
    };
  }

  private exec(
    row: ScheduleRow,
    service: ServiceState,
    task: RuntimeTask,
    containerId: string,
    write: (text: string) => void,
  ): Promise<{ ok: boolean; message: string }> {
    if (this.closed) return Promise.resolve({ ok: false, message: 'sandbox: the server is closing\n' });
    const cwd = this.workDir(service);
    // Only what the command needs and the SANDBOX_* facts: the sandbox's own environment can hold
    // its API key (DOKPLOY_SANDBOX_API_KEY), which a container would never see.
    const env: Record<string, string> = {
      PATH: this.limits.path,
      HOME: cwd,
      SANDBOX_SERVICE: service.name,
      SANDBOX_SERVICE_ID: service.id,
      SANDBOX_KIND: service.kind,
      SANDBOX_APP_NAME: service.appName,
      SANDBOX_VERSION: task.image,
      SANDBOX_CONTAINER: containerId,
      SANDBOX_SCHEDULE_ID: row.scheduleId,
      ...(service.kind === 'compose' ? { SANDBOX_COMPOSE_SERVICE: row.serviceName ?? '' } : {}),
    };
    return new Promise((resolve) => {
      let written = 0;
      let stderr = '';
      let timedOut = false;
      let settled = false;
      // Its own process group, so a kill reaches what the shell started too.
      const child: ChildProcess = spawn(row.shellType, ['-c', row.command], {
        cwd,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const killGroup = (): void => {
        if (child.pid === undefined) return;
        try {
          // eslint-disable-next-line no-restricted-globals -- signals only the group this run started; reads nothing of the process
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group has already ended.
        }
      };
      // Real time: the command runs in real time whatever clock drives the engine.
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup();
      }, this.limits.timeoutMs);
      const settle = (ok: boolean, message: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.running.delete(killGroup);
        resolve({ ok, message });
      };
      this.running.add(killGroup);
      const output = (text: string): void => {
        // Both streams go to the log in the order they arrive, as Dokploy's spawn callback writes them.
        const room = this.limits.maxOutputChars - written;
        if (room <= 0) return;
        written += text.length;
        write(text.slice(0, room));
        if (text.length > room)
          write(`\nsandbox: output beyond ${this.limits.maxOutputChars} characters dropped\n`);
      };
      child.stdout?.setEncoding('utf8').on('data', output);
      child.stderr?.setEncoding('utf8').on('data', (text: string) => {
        output(text);
        if (stderr.length < this.limits.maxOutputChars)
          stderr += text.slice(0, this.limits.maxOutputChars - stderr.length);
      });
      // `docker exec` returns when the command's main process ends; background jobs it left would
      // hold the pipes open, so they end with it.
      child.on('exit', killGroup);
      child.on('error', (error) => settle(false, `${error.message}\n`));
      child.on('close', (code) => {
        if (timedOut) {
          const limit = duration(this.limits.timeoutMs);
          return settle(false, `${stderr}sandbox: the command ran longer than ${limit} and was killed\n`);
        }
        settle(code === 0, stderr);
      });
    });
  }

  /** The service's working directory, created on first use under one temporary root per sandbox. */
  private workDir(service: ServiceState): string {
    this.root ??= mkdtempSync(join(tmpdir(), 'dokploy-sandbox-'));
    const dir = join(this.root, service.appName.replace(/[^A-Za-z0-9._-]/g, '_'));
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  private newRecord(row: ScheduleRow): DeploymentRecord {
    const at = new Date(this.host.now()).toISOString();
    const stamp = at.slice(0, 19).replace('T', ':');
    return {
      deploymentId: this.host.newId('dep'),
      title: 'Schedule',
      description: 'Schedule',
      status: 'running',
      logPath: `/etc/dokploy/schedules/${row.appName}/${row.appName}-${stamp}.log`,
      pid: null,
      applicationId: null,
      composeId: null,
      serverId: null,
      isPreviewDeployment: false,
      previewDeploymentId: null,
      scheduleId: row.scheduleId,
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

  private end(record: DeploymentRecord, status: 'done' | 'error'): ScheduleRun {
    record.status = status;
    record.finishedAt = new Date(this.host.now()).toISOString();
    return { status, deploymentId: record.deploymentId, logPath: record.logPath };
  }
}

/** "10 minutes", "2 s", "300 ms". */
function duration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** A log written as text and kept as lines (how the engine's logs are stored), a line at a time or not. */
class LogText {
  readonly lines: string[] = [];
  /** Whether the last line has not ended yet (the text so far does not end with a newline). */
  private open = false;

  write(text: string): void {
    if (text === '') return;
    const [first = '', ...rest] = text.split('\n');
    if (this.open) this.lines[this.lines.length - 1] += first;
    else this.lines.push(first);
    this.lines.push(...rest);
    this.open = !text.endsWith('\n');
    if (!this.open) this.lines.pop();
  }
}
