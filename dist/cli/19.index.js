export const id = 19;
export const ids = [19];
export const modules = {

/***/ 9019:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/yaml.ts
var yaml = __webpack_require__(912);
// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
;// CONCATENATED MODULE: ./src/sandbox/scenario.ts
/**
 * The sandbox's scenario: which services exist and how their deploys and the transport misbehave.
 * A scenario is YAML or JSON (JSON is YAML); durations use the kit's parser (`2s`, `500ms`, plain
 * numbers are seconds). See docs/sandbox.md for the format with an example.
 */



/** Outcomes a build can have: finish `done`, fail with `error`, or `hang` (stay `running` forever). */
const OUTCOMES = ['done', 'error', 'hang'];
/** Transport faults the sandbox can inject. */
const FAULT_KINDS = ['status', 'html-403', 'slow', 'reset', 'malformed-json', 'unauthorized'];
/** The default plan: queued for no time, builds for 1 s, ends done. */
const DEFAULT_PLAN = Object.freeze({
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
function parseScenario(text, source = 'scenario') {
    let raw;
    try {
        raw = (0,yaml/* parseYaml */.h)(text);
    }
    catch (error) {
        throw new errors/* InputError */.dz(`Scenario ${source}`, undefined, `is not valid YAML/JSON (${error.message})`);
    }
    return toScenario(raw ?? {}, source);
}
/**
 * Builds a scenario from a plain object (the parsed file, or an object given to `startSandbox`).
 * @throws InputError naming the field and what is accepted
 */
function toScenario(raw, source = 'scenario') {
    const top = asObject(raw, source);
    const services = asArray(top.services ?? [], `${source}: services`).map((s, i) => toService(s, `${source}: services[${i}]`));
    const faults = asArray(top.faults ?? [], `${source}: faults`).map((f, i) => toFault(f, `${source}: faults[${i}]`));
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
function toService(raw, where) {
    const s = asObject(raw, where);
    const appId = s.applicationId;
    const composeId = s.composeId;
    if ((appId === undefined) === (composeId === undefined)) {
        throw field(where, undefined, 'give exactly one of applicationId or composeId');
    }
    const kind = appId !== undefined ? 'application' : 'compose';
    const id = String(appId ?? composeId);
    if (id === '')
        throw field(`${where}.${kind}Id`, id, 'use a non-empty id');
    const plan = toPlan(s.deploy ?? {}, `${where}.deploy`, DEFAULT_PLAN);
    const history = asArray(s.history ?? [], `${where}.history`).map((h, i) => {
        const entry = typeof h === 'string' ? { status: h } : asObject(h, `${where}.history[${i}]`);
        const status = String(entry.status ?? 'done');
        if (!['done', 'error', 'cancelled'].includes(status)) {
            throw field(`${where}.history[${i}].status`, status, 'use done, error or cancelled');
        }
        return {
            status: status,
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
        deploys: asArray(s.deploys ?? [], `${where}.deploys`).map((d, i) => toPlan(d, `${where}.deploys[${i}]`, plan)),
    };
}
function toPlan(raw, where, base) {
    const p = asObject(raw, where);
    const outcome = p.outcome === undefined ? base.outcome : String(p.outcome);
    if (!OUTCOMES.includes(outcome)) {
        throw field(`${where}.outcome`, outcome, `use one of ${OUTCOMES.join(', ')}`);
    }
    const competing = p.competing === undefined ? base.competing : String(p.competing);
    if (competing !== undefined && competing !== 'before' && competing !== 'after') {
        throw field(`${where}.competing`, competing, 'use before or after');
    }
    return {
        queueDelayMs: toDuration(p.queueDelay, `${where}.queueDelay`) ?? base.queueDelayMs,
        buildDurationMs: toDuration(p.buildDuration, `${where}.buildDuration`) ?? base.buildDurationMs,
        outcome: outcome,
        restartAfterMs: toDuration(p.restartAfter, `${where}.restartAfter`) ?? base.restartAfterMs,
        competing: competing,
        rewriteDelayMs: toDuration(p.rewriteDelay, `${where}.rewriteDelay`) ?? base.rewriteDelayMs,
    };
}
function toFault(raw, where) {
    const f = asObject(raw, where);
    const kind = String(f.kind ?? '');
    if (!FAULT_KINDS.includes(kind)) {
        throw field(`${where}.kind`, kind, `use one of ${FAULT_KINDS.join(', ')}`);
    }
    return {
        procedure: String(f.procedure ?? '*'),
        kind: kind,
        status: toInteger(f.status ?? 503, `${where}.status`, 100),
        times: toInteger(f.times ?? 1, `${where}.times`, 0),
        skip: toInteger(f.skip ?? 0, `${where}.skip`, 0),
        delayMs: toDuration(f.delay, `${where}.delay`) ?? 2000,
        retryAfter: f.retryAfter === undefined ? undefined : String(f.retryAfter),
        processed: f.processed === true,
    };
}
function toDuration(value, where) {
    if (value === undefined || value === null)
        return undefined;
    try {
        return (0,duration/* parseDuration */.E)(where, String(value));
    }
    catch {
        throw field(where, String(value), 'use a duration such as 500ms, 2s or 1m (a plain number means seconds)');
    }
}
function toInteger(value, where, min) {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
        throw field(where, String(value), `use a whole number ≥ ${min}`);
    return n;
}
function asObject(value, where) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw field(where, undefined, 'must be a mapping');
    }
    return value;
}
function asArray(value, where) {
    if (!Array.isArray(value))
        throw field(where, undefined, 'must be a list');
    return value;
}
function field(where, value, hint) {
    return new errors/* InputError */.dz(where, value, hint);
}
/** A stable 40-hex "commit" per service id, so rewrites are reproducible. */
function fakeSha(seed) {
    let h = 2166136261;
    let out = '';
    for (let round = 0; out.length < 40; round++) {
        for (const ch of `${seed}:${round}`)
            h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
        out += h.toString(16).padStart(8, '0');
    }
    return out.slice(0, 40);
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/sandbox/build-log.ts
/**
 * The build logs the sandbox writes, shaped like Dokploy v0.30.2's (checked against a real server,
 * see docs/sandbox.md "Checked against Dokploy v0.30.2"): what a docker-sourced application's pull
 * prints, the box a compose deploy prints, and the lines a failure ends with. Pure: lines in, lines out.
 */
/** Dokploy's first line of every build log (SV/deployment.ts createDeployment). */
const FIRST_LOG_LINE = 'Initializing deployment';
/** The line Dokploy appends after any failure; `echo "\n…"` in sh leaves an empty line before it. */
const FAILURE_LINES = ['', 'Error occurred ❌, check the logs for details.'];
/**
 * The lines a job has written when its record is created and while it runs (before the end).
 * A docker-sourced redeploy pulls nothing: its log is the first line only.
 */
function startLines(subject) {
    const lines = [FIRST_LOG_LINE];
    if (subject.kind === 'application' && subject.sourceType === 'docker') {
        if (subject.type === 'redeploy')
            return lines;
        const image = subject.dockerImage ?? '';
        lines.push(`Pulling ${image}`);
        if (subject.imageMissing) {
            lines.push(`Error response from daemon: manifest for ${withTag(image)} not found: manifest unknown: manifest unknown`, '❌ Pulling image failed');
            return lines;
        }
        const { repository, tag } = splitImage(image);
        if (!/:[^/]+$/.test(image))
            lines.push('Using default tag: latest');
        lines.push(`${tag}: Pulling from ${repository}`, `Digest: sha256:${digestOf(withTag(image))}`, `Status: Image is up to date for ${withTag(image)}`, withTag(image), '✅ Pulling image completed.');
        return lines;
    }
    if (subject.kind === 'compose') {
        if (subject.sourceType === 'raw')
            lines.push("File 'docker-compose.yml' created: ✅");
        lines.push(...composeBox(subject));
        return lines;
    }
    // A git-like application build (not checked against a real server: the parity project is docker-sourced).
    lines.push(`Building ${subject.appName} (${subject.type})`);
    for (let i = 1; i <= 5; i++)
        lines.push(`Step ${i}/5 : build step ${i} of ${subject.appName}`);
    return lines;
}
/** The lines a job adds at its end. */
function endLines(subject, outcome) {
    if (outcome === 'error') {
        // A failed pull already wrote its reason; any other failure (the scenario's `outcome: error`)
        // writes a build error first.
        if (subject.imageMissing)
            return FAILURE_LINES;
        return [
            'ERROR: failed to solve: process "/bin/sh -c npm run build" did not complete successfully: exit code: 1',
            ...FAILURE_LINES,
        ];
    }
    if (subject.kind === 'compose')
        return ['Docker Compose Deployed: ✅'];
    if (subject.sourceType === 'docker')
        return [];
    return [`Docker service ${subject.appName} updated`];
}
/** The boxen box (double border, width 80, padding 1 left/right/bottom) a compose build prints. */
function composeBox(subject) {
    const inner = 76;
    const content = [
        `App Name: ${subject.appName}`,
        'Build Compose 🐳',
        'Detected: 0 mounts 📂',
        `Command: docker compose -p ${subject.appName} -f docker-compose.yml up -d --build --remove-orphans`,
        `Source Type: docker ${subject.sourceType} ✅`,
        'Compose Type: docker-compose ✅',
    ].flatMap((line) => wrap(line, inner));
    const row = (text) => `║ ${text}${' '.repeat(Math.max(0, inner - width(text)))} ║`;
    return [`╔${'═'.repeat(inner + 2)}╗`, row(''), ...content.map(row), row(''), `╚${'═'.repeat(inner + 2)}╝`];
}
/** Word wrap at `max` columns, as boxen (wrap-ansi) does. */
function wrap(line, max) {
    const out = [];
    let current = '';
    for (const word of line.split(' ')) {
        const next = current === '' ? word : `${current} ${word}`;
        if (width(next) <= max || current === '')
            current = next;
        else {
            out.push(current);
            current = word;
        }
    }
    out.push(current);
    return out;
}
/** Terminal columns: emoji count two. */
function width(text) {
    let n = 0;
    for (const ch of text) {
        const code = ch.codePointAt(0) ?? 0;
        n += code >= 0x1f000 || code === 0x2705 || code === 0x274c ? 2 : 1;
    }
    return n;
}
function withTag(image) {
    return /:[^/]+$/.test(image) ? image : `${image}:latest`;
}
/** `127.0.0.1:5000/kit/web:v1` → repository `kit/web`, tag `v1` (Docker prints the path without the registry). */
function splitImage(image) {
    const tagged = withTag(image);
    const at = tagged.lastIndexOf(':');
    const name = tagged.slice(0, at);
    const tag = tagged.slice(at + 1);
    const parts = name.split('/');
    const hasRegistry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]);
    const path = hasRegistry ? parts.slice(1) : parts;
    return { repository: path.length === 1 ? `library/${path[0]}` : path.join('/'), tag };
}
/** A stable 64-hex "digest" per image. */
function digestOf(image) {
    let h = 2166136261;
    let out = '';
    for (let round = 0; out.length < 64; round++) {
        for (const ch of `${image}#${round}`)
            h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
        out += h.toString(16).padStart(8, '0');
    }
    return out.slice(0, 64);
}

;// CONCATENATED MODULE: ./src/sandbox/engine.ts
/**
 * The sandbox's deploy engine: services, an in-memory FIFO queue shared by the whole server
 * (concurrency 1, as observed on v0.30.2), deployment records created only when a job starts, the
 * git title rewrite, about ten kept records per service, build logs, rollback images and restarts.
 * Behaviour follows reference/dokploy-api.md §2.4 and §3; it runs on real timers.
 */

const KEPT_RECORDS = 10;
/** The engine: create it from a scenario, then call its methods from the routes. */
class Engine {
    scenario;
    services = new Map();
    events = [];
    logs = new Map();
    queue = [];
    jobCounter = 0;
    idCounter = 0;
    rollbackVersion = 0;
    timers = new Set();
    closed = false;
    concurrency;
    constructor(scenario) {
        this.scenario = scenario;
        this.concurrency = scenario.concurrency;
        const start = Date.now() - 86_400_000;
        for (const spec of scenario.services) {
            const appName = spec.appName ??
                `${spec.name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${spec.id.slice(-6).toLowerCase()}`;
            const state = {
                spec,
                kind: spec.kind,
                id: spec.id,
                name: spec.name,
                appName,
                sourceType: spec.sourceType,
                status: spec.history.length > 0
                    ? spec.history[spec.history.length - 1].status === 'done'
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
            };
            spec.history.forEach((h, i) => {
                const at = new Date(start + (i + 1) * 60_000).toISOString();
                const record = this.newRecord(state, h.title, h.description, at);
                record.status = h.status;
                record.finishedAt = h.status === 'cancelled' ? null : at;
                this.logs.set(record.deploymentId, ['Initializing deployment', `Earlier deployment ${i + 1}`]);
                if (spec.rollback && h.status === 'done')
                    this.addRollback(state, record);
                state.deployments.unshift(record);
            });
            this.services.set(spec.id, state);
        }
    }
    /** Finds a service of a kind by id. */
    find(kind, id) {
        const s = this.services.get(id);
        return s && s.kind === kind ? s : undefined;
    }
    /** Queues a deploy (and the scenario's competing deploy); answers as soon as it is queued. */
    requestDeploy(service, type, title, description) {
        const plan = service.spec.deploys[service.requests] ?? service.spec.plan;
        service.requests++;
        if (plan.competing === 'before')
            this.enqueueCompetitor(service);
        this.enqueue(service, type, title, description, plan, 'api');
        if (plan.competing === 'after')
            this.enqueueCompetitor(service);
        this.pump();
    }
    /** Jobs in the queue, newest first (as deployment.queueList answers). */
    queueList() {
        return [...this.queue].reverse();
    }
    /** Drops the waiting jobs of one service (`*.cleanQueues`). */
    cleanQueue(service) {
        this.queue = this.queue.filter((j) => j.service !== service || j.state === 'active');
    }
    /** Looks a deployment record up by id. */
    findDeployment(id) {
        for (const service of this.services.values()) {
            const record = service.deployments.find((d) => d.deploymentId === id);
            if (record)
                return { service, record };
        }
        return undefined;
    }
    /** Finds a rollback row by id. */
    findRollback(id) {
        for (const service of this.services.values()) {
            const row = service.rollbacks.find((r) => r.rollbackId === id);
            if (row)
                return { service, row };
        }
        return undefined;
    }
    /** Stops every timer; nothing happens after this. */
    close() {
        this.closed = true;
        for (const t of this.timers)
            clearTimeout(t);
        this.timers.clear();
    }
    /** A Dokploy restart: running records become cancelled, waiting jobs are lost (v0.29.9+). */
    restart() {
        for (const job of this.queue.filter((j) => j.state === 'active'))
            this.clearJobTimers(job);
        this.queue = [];
        for (const service of this.services.values()) {
            for (const record of service.deployments.filter((d) => d.status === 'running')) {
                record.status = 'cancelled';
                this.emit('deployment-finished', service, record.title, 'cancelled', 'deploy', 'api', record.deploymentId);
            }
            service.status = 'idle';
        }
    }
    jobTimers = new Map();
    enqueueCompetitor(service) {
        const plan = {
            ...service.spec.plan,
            competing: undefined,
            restartAfterMs: undefined,
            outcome: 'done',
        };
        this.enqueue(service, 'deploy', 'Competing deploy by another actor', `Hash: ${service.spec.commit.sha}`, plan, 'competitor');
    }
    enqueue(service, type, title, description, plan, actor) {
        const now = Date.now();
        const job = {
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
        if (plan.queueDelayMs > 0)
            this.later(plan.queueDelayMs, () => this.pump());
    }
    /** Starts waiting jobs, FIFO across the whole server, while fewer than `concurrency` are active. */
    pump() {
        if (this.closed)
            return;
        const now = Date.now();
        for (const job of this.queue) {
            const active = this.queue.filter((j) => j.state === 'active');
            if (active.length >= this.concurrency)
                return;
            if (job.state === 'active')
                continue;
            // One job per service at a time; the head of the queue blocks the rest while it is not ready.
            if (active.some((j) => j.service === job.service))
                continue;
            if (job.readyAt > now)
                return;
            this.start(job);
        }
    }
    start(job) {
        const { service, plan } = job;
        job.state = 'active';
        job.processedOn = Date.now();
        service.status = 'running';
        const title = job.titleLog || (job.type === 'redeploy' ? 'Rebuild deployment' : 'Manual deployment');
        const record = this.newRecord(service, title, job.descriptionLog, new Date().toISOString());
        job.recordId = record.deploymentId;
        service.deployments.unshift(record);
        service.deployments.splice(KEPT_RECORDS + 1);
        this.logs.set(record.deploymentId, startLines(this.logSubject(job)));
        if (service.spec.rollback && service.kind === 'application')
            this.addRollback(service, record);
        this.emit('deployment-started', service, title, 'running', job.type, job.actor, record.deploymentId);
        const timers = [];
        this.jobTimers.set(job, timers);
        if (plan.restartAfterMs !== undefined)
            timers.push(this.later(plan.restartAfterMs, () => this.restart()));
        // A docker-sourced deploy of an image the registry does not hold fails at the pull (v0.30.2).
        const outcome = this.logSubject(job).imageMissing ? 'error' : plan.outcome;
        if (outcome !== 'hang') {
            timers.push(this.later(plan.buildDurationMs, () => this.finish(job, record, outcome)));
        }
    }
    logSubject(job) {
        const { service } = job;
        const docker = service.kind === 'application' && service.sourceType === 'docker';
        return {
            kind: service.kind,
            appName: service.appName,
            sourceType: service.sourceType,
            type: job.type,
            dockerImage: service.dockerImage,
            imageMissing: docker &&
                job.type === 'deploy' &&
                (this.scenario.missingImages ?? []).includes(service.dockerImage ?? ''),
        };
    }
    finish(job, record, outcome) {
        const { service } = job;
        const log = this.logs.get(record.deploymentId) ?? [];
        log.push(...endLines(this.logSubject(job), outcome));
        record.status = outcome;
        record.finishedAt = new Date().toISOString();
        service.status = outcome;
        this.clearJobTimers(job);
        this.queue = this.queue.filter((j) => j !== job);
        this.emit('deployment-finished', service, record.title, outcome, job.type, job.actor, record.deploymentId);
        const rewrites = job.type === 'deploy' &&
            (service.kind === 'application' ? service.sourceType !== 'docker' : service.sourceType !== 'raw');
        if (rewrites) {
            // §2.4 step 7: the title becomes the commit message and the description `Commit: <sha>`.
            const rewrite = () => {
                record.title = service.spec.commit.message;
                record.description = `Commit: ${service.spec.commit.sha}`;
            };
            if (job.plan.rewriteDelayMs > 0)
                this.later(job.plan.rewriteDelayMs, rewrite);
            else
                rewrite();
        }
        this.pump();
    }
    clearJobTimers(job) {
        for (const t of this.jobTimers.get(job) ?? []) {
            clearTimeout(t);
            this.timers.delete(t);
        }
        this.jobTimers.delete(job);
    }
    newRecord(service, title, description, at) {
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
    addRollback(service, record) {
        const version = ++this.rollbackVersion;
        const row = {
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
    emit(type, service, title, status, action, actor, deploymentId) {
        this.events.push({
            at: new Date().toISOString(),
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
    later(ms, fn) {
        const timer = setTimeout(() => {
            this.timers.delete(timer);
            if (!this.closed)
                fn();
        }, ms);
        this.timers.add(timer);
        return timer;
    }
    newId(prefix) {
        this.idCounter++;
        const random = Math.random().toString(36).slice(2, 10);
        return `${prefix}-${this.idCounter.toString(36)}${random}`;
    }
}

// EXTERNAL MODULE: ./src/lib/version.ts
var lib_version = __webpack_require__(7471);
;// CONCATENATED MODULE: ./src/sandbox/routes.ts
/**
 * The sandbox's procedures: Dokploy v0.30's REST paths for everything the kit calls, with the same
 * inputs, bodies and errors (reference/dokploy-api.md §1.4, §2 and §7). Each handler returns an
 * `Answer`; the server writes it.
 */

/** Every procedure by its lower-cased name (paths match case-insensitively). */
const PROCEDURES = Object.fromEntries(Object.entries({
    'settings.getDokployVersion': query('v0.5.1', [], (_i, _e, version) => ok(version)),
    'application.one': query('v0.2.5', ['applicationId'], (i, e) => withService(e, 'application', i.applicationId, 'application.one', (s) => ok(serviceRow(s)))),
    'compose.one': query('v0.2.5', ['composeId'], (i, e) => withService(e, 'compose', i.composeId, 'compose.one', (s) => ok(serviceRow(s)))),
    'application.deploy': mutation('v0.2.5', ['applicationId'], (i, e, v) => deploy(e, v, 'application', 'deploy', i)),
    'application.redeploy': mutation('v0.2.5', ['applicationId'], (i, e, v) => deploy(e, v, 'application', 'redeploy', i)),
    'compose.deploy': mutation('v0.2.5', ['composeId'], (i, e, v) => deploy(e, v, 'compose', 'deploy', i)),
    'compose.redeploy': mutation('v0.2.5', ['composeId'], (i, e, v) => deploy(e, v, 'compose', 'redeploy', i)),
    'deployment.all': query('v0.2.5', ['applicationId'], (i, e) => ok(e.find('application', String(i.applicationId))?.deployments ?? [])),
    'deployment.allByCompose': query('v0.2.5', ['composeId'], (i, e) => ok(e.find('compose', String(i.composeId))?.deployments ?? [])),
    'deployment.allByType': query('v0.22.0', ['id'], (i, e, _v, path) => {
        if (!DEPLOYMENT_TYPES.includes(i.type)) {
            const message = `Invalid option: expected one of ${DEPLOYMENT_TYPES.map((t) => `"${t}"`).join('|')}`;
            return validation(path, 'type', message, { code: 'invalid_value', values: [...DEPLOYMENT_TYPES] });
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
        if (tailError)
            return tailError;
        const tail = i.tail === undefined ? 100 : Number(i.tail);
        const found = e.findDeployment(String(i.deploymentId));
        if (!found)
            return notFound('Deployment not found', 'deployment.readLogs');
        const lines = e.logs.get(found.record.deploymentId);
        if (!lines)
            return ok('\n');
        return ok(lines.slice(-tail).join('\n') + '\n');
    }),
    'deployment.queueList': query('v0.28.3', [], (_i, e) => ok(e.queueList().map((j) => ({
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
            href: `/dashboard/project/${PROJECT_ID}/environment/${ENVIRONMENT_ID}/services/${j.service.kind}/${j.service.id}`,
            label: j.service.kind === 'application' ? 'Application' : 'Compose',
        },
    })))),
    'application.saveEnvironment': mutation('v0.2.5', ['applicationId'], (i, e) => withService(e, 'application', i.applicationId, 'application.saveEnvironment', (s) => {
        s.env = nullableString(i.env);
        s.buildArgs = nullableString(i.buildArgs);
        s.buildSecrets = nullableString(i.buildSecrets);
        s.createEnvFile = i.createEnvFile === true;
        return ok(true);
    }), ['env', 'buildArgs', 'buildSecrets', 'createEnvFile']),
    'application.update': mutation('v0.2.5', ['applicationId'], (i, e) => {
        const s = e.find('application', String(i.applicationId));
        // The update touches no row: Dokploy answers 400, not 404.
        if (!s)
            return badRequest('Error updating application', 'application.update');
        if (i.env !== undefined)
            s.env = nullableString(i.env);
        if (i.dockerImage !== undefined)
            s.dockerImage = nullableString(i.dockerImage);
        return ok(true);
    }),
    'application.saveDockerProvider': mutation('v0.2.5', ['applicationId'], (i, e) => withService(e, 'application', i.applicationId, 'application.saveDockerProvider', (s) => {
        s.dockerImage = nullableString(i.dockerImage);
        s.username = nullableString(i.username);
        s.password = nullableString(i.password);
        s.registryUrl = nullableString(i.registryUrl);
        s.sourceType = 'docker';
        s.status = 'idle';
        return ok(true);
    }), ['dockerImage', 'username', 'password', 'registryUrl']),
    'compose.saveEnvironment': mutation('v0.29.0', ['composeId'], (i, e) => {
        const s = e.find('compose', String(i.composeId));
        if (!s)
            return {
                status: 400,
                body: trpcError('Error adding environment variables', 'BAD_REQUEST', 400, 'compose.saveEnvironment'),
            };
        s.env = nullableString(i.env);
        if (typeof i.createEnvFile === 'boolean')
            s.createEnvFile = i.createEnvFile;
        return ok(true);
    }, ['env']),
    'compose.update': mutation('v0.2.5', ['composeId'], (i, e) => {
        const s = e.find('compose', String(i.composeId));
        // An update that touches no row returns undefined: 200 with an empty body.
        if (!s)
            return ok(undefined);
        if (i.env !== undefined)
            s.env = nullableString(i.env);
        if (typeof i.createEnvFile === 'boolean')
            s.createEnvFile = i.createEnvFile;
        // The updated row itself, without relations (no deployments, environment, domains, mounts).
        const { deployments, environment, domains, mounts, hasGitProviderAccess, unauthorizedProvider, ...row } = serviceRow(s);
        void [deployments, environment, domains, mounts, hasGitProviderAccess, unauthorizedProvider];
        return ok(row);
    }),
    // The service is looked up first (404 for an unknown id), then self-hosted refuses.
    'application.cancelDeployment': mutation('v0.25.0', ['applicationId'], (i, e) => withService(e, 'application', i.applicationId, 'application.cancelDeployment', () => cloudOnly('application'))),
    'compose.cancelDeployment': mutation('v0.25.0', ['composeId'], (i, e) => withService(e, 'compose', i.composeId, 'compose.cancelDeployment', () => cloudOnly('compose'))),
    // cleanQueues filters the queue by id and never looks the service up: an unknown id is a 200.
    'application.cleanQueues': mutation('v0.2.5', ['applicationId'], (i, e) => {
        const s = e.find('application', String(i.applicationId));
        if (s)
            e.cleanQueue(s);
        return ok(undefined);
    }),
    'compose.cleanQueues': mutation('v0.2.5', ['composeId'], (i, e) => {
        const s = e.find('compose', String(i.composeId));
        if (s)
            e.cleanQueue(s);
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
        return ok(undefined);
    }),
    'project.all': query('v0.2.5', [], (_i, e) => {
        const services = [...e.services.values()];
        return ok([
            {
                projectId: 'project-sandbox',
                name: 'sandbox',
                description: 'Dokploy sandbox',
                createdAt: services[0]?.createdAt ?? new Date(0).toISOString(),
                organizationId: 'org-sandbox',
                env: '',
                environments: [
                    {
                        environmentId: 'env-production',
                        name: 'production',
                        isDefault: true,
                        applications: services
                            .filter((s) => s.kind === 'application')
                            .map((s) => ({ applicationId: s.id, name: s.name, applicationStatus: s.status })),
                        compose: services
                            .filter((s) => s.kind === 'compose')
                            .map((s) => ({ composeId: s.id, name: s.name, composeStatus: s.status })),
                    },
                ],
                projectTags: [],
            },
        ]);
    }),
}).map(([name, proc]) => [name.toLowerCase(), { ...proc, name }]));
/** The tRPC error body the adapter builds (§1.4). */
function trpcError(message, code, httpStatus, path) {
    return { message, code, data: { code, httpStatus, path, zodError: null } };
}
function deploy(engine, version, kind, type, input) {
    const id = kind === 'application' ? input.applicationId : input.composeId;
    return withService(engine, kind, id, `${kind}.${type}`, (s) => {
        // title/description exist since v0.25.0; older servers strip them. '' counts as missing (`||`).
        const titled = (0,lib_version/* compareVersions */.Z)(version, 'v0.25.0') >= 0;
        // The job gets Dokploy's default title at once (`title || "Manual deployment"`): queueList shows it.
        const fallback = type === 'redeploy' ? 'Rebuild deployment' : 'Manual deployment';
        const title = (titled && typeof input.title === 'string' && input.title) || fallback;
        const description = titled && typeof input.description === 'string' ? input.description : '';
        engine.requestDeploy(s, type, title, description);
        if (kind === 'application')
            return ok(undefined);
        return ok({
            success: true,
            message: type === 'deploy' ? 'Deployment queued' : 'Redeployment queued',
            composeId: s.id,
        });
    });
}
function withService(engine, kind, id, path, fn) {
    const service = engine.find(kind, String(id));
    if (!service) {
        return notFound(kind === 'application' ? 'Application not found' : 'Compose not found', path);
    }
    return fn(service);
}
function serviceRow(s) {
    const common = {
        name: s.name,
        appName: s.appName,
        description: null,
        sourceType: s.sourceType,
        env: s.env,
        createEnvFile: s.createEnvFile,
        refreshToken: s.refreshToken,
        autoDeploy: false,
        createdAt: s.createdAt,
        environmentId: ENVIRONMENT_ID,
        serverId: null,
        environment: {
            environmentId: ENVIRONMENT_ID,
            name: 'production',
            projectId: PROJECT_ID,
            project: { projectId: PROJECT_ID, name: 'sandbox' },
        },
        // Dokploy returns all rows, unordered (§2.1).
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
            composeFile: '',
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
/** The ids of the one project and environment the sandbox serves. */
const PROJECT_ID = 'project-sandbox';
const ENVIRONMENT_ID = 'env-production';
function query(since, required, handle) {
    return { method: 'GET', since, handle: validating(required, [], handle) };
}
function mutation(since, required, handle, nonoptional = []) {
    return { method: 'POST', since, handle: validating(required, nonoptional, handle) };
}
/** zod's checks: required strings (min 1; '' and a repeated key fail) and keys that must be present. */
function validating(required, nonoptional, handle) {
    return (input, engine, version, path) => {
        const issues = [];
        for (const key of required) {
            const value = input[key];
            if (typeof value !== 'string' || value === '') {
                const received = Array.isArray(value)
                    ? 'array'
                    : value === undefined || value === ''
                        ? 'undefined'
                        : typeof value;
                issues.push({
                    code: 'invalid_type',
                    expected: 'string',
                    path: [key],
                    message: `Invalid input: expected string, received ${received}`,
                });
            }
        }
        for (const key of nonoptional) {
            if (input[key] === undefined) {
                issues.push({
                    code: 'invalid_type',
                    expected: 'nonoptional',
                    path: [key],
                    message: 'Invalid input: expected nonoptional, received undefined',
                });
            }
        }
        if (issues.length > 0) {
            const fieldErrors = Object.fromEntries(issues.map((i) => [i.path[0], [i.message]]));
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
        return handle(input, engine, version, path);
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
];
/** zod's answer for a bad `tail` (coerced number, int, 1–10000), or undefined when it is fine. */
function checkTail(value, path) {
    if (value === undefined)
        return undefined;
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
function ok(body) {
    return { status: 200, body };
}
function notFound(message, path) {
    return { status: 404, body: trpcError(message, 'NOT_FOUND', 404, path) };
}
function badRequest(message, path) {
    return { status: 400, body: trpcError(message, 'BAD_REQUEST', 400, path) };
}
function validation(path, key, message, issue) {
    return {
        status: 400,
        body: {
            message: 'Input validation failed',
            code: 'BAD_REQUEST',
            data: {
                code: 'BAD_REQUEST',
                httpStatus: 400,
                path,
                zodError: { formErrors: [], fieldErrors: { [key]: [message] } },
            },
            issues: [{ ...issue, path: [key], message }],
        },
    };
}
function cloudOnly(kind) {
    return {
        status: 400,
        body: trpcError('Deployment cancellation only available in cloud version', 'BAD_REQUEST', 400, `${kind}.cancelDeployment`),
    };
}
function nullableString(value) {
    return typeof value === 'string' ? value : null;
}

;// CONCATENATED MODULE: ./src/sandbox/server.ts
/**
 * A local server that behaves like Dokploy v0.30 for everything the kit calls: the `x-api-key` gate,
 * REST paths, bodies and errors, an asynchronous deploy queue, plus transport faults from the
 * scenario. Non-Dokploy observation endpoints live under `/__sandbox/` (no key needed).
 * It never logs the key, request bodies or headers.
 */





/** The key used when none is given. It is not a secret: the sandbox is a local test double. */
const DEFAULT_SANDBOX_KEY = 'sandbox-api-key';
const MAX_BODY = 1024 * 1024;
/** The media type of the answers Next's own routes give (the key gate, /api/health). */
const NEXT_JSON = { 'content-type': 'application/json; charset=utf-8' };
/**
 * Starts a Dokploy-compatible sandbox on 127.0.0.1.
 * @example const sandbox = await startSandbox({ scenario: { services: [{ applicationId: 'app-1', name: 'web' }] } });
 */
async function startSandbox(options = {}) {
    const base = isScenario(options.scenario) ? options.scenario : toScenario(options.scenario ?? {});
    const extra = toScenario({ services: (options.services ?? []) });
    const scenario = {
        ...base,
        services: [...base.services, ...extra.services.filter((s) => !base.services.some((b) => b.id === s.id))],
    };
    const apiKey = options.apiKey ?? DEFAULT_SANDBOX_KEY;
    const engine = new Engine(scenario);
    const requests = [];
    const faults = scenario.faults.map((spec) => ({ spec, seen: 0 }));
    const sockets = new Set();
    const log = options.log ?? (() => undefined);
    const server = (0,external_node_http_.createServer)((req, res) => {
        const started = Date.now();
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const record = (status) => {
            requests.push({ at: started, method: req.method ?? 'GET', path, status });
            log(`${req.method} ${path} ${status === 0 ? 'dropped' : status}`);
        };
        handle(req, res, { engine, apiKey, scenario, faults, requests }, record).catch((error) => {
            record(500);
            if (!res.headersSent)
                json(res, 500, { message: error.message, code: 'INTERNAL_SERVER_ERROR' });
            else
                res.destroy();
        });
    });
    server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
    });
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}`,
        apiKey,
        events: engine.events,
        requests,
        engine,
        close: async () => {
            engine.close();
            for (const socket of sockets)
                socket.destroy();
            await new Promise((resolve) => server.close(() => resolve()));
        },
    };
}
async function handle(req, res, ctx, record) {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;
    const send = (status, body, headers = {}) => {
        record(status);
        json(res, status, body, headers);
    };
    if (path === '/__sandbox/events')
        return send(200, ctx.engine.events);
    if (path === '/__sandbox/requests')
        return send(200, ctx.requests);
    // Next's own API routes (the key gate, /api/health) answer with a charset; the tRPC adapter does not.
    if (path === '/api/health')
        return send(200, { ok: true }, NEXT_JSON);
    if (!path.startsWith('/api/'))
        return send(404, { message: 'Not found', code: 'NOT_FOUND' });
    // A trailing slash is not normalised: Next answers 308 before the API sees the request.
    if (path.length > 5 && path.endsWith('/')) {
        const location = path.replace(/\/+$/, '') + url.search;
        record(308);
        res.writeHead(308, { location }).end(location);
        return;
    }
    // v0.28.0 served /api/<router>/<procedure> and nothing else; every other version dot paths (§1.1).
    const slashOnly = ctx.scenario.version === 'v0.28.0';
    const raw = path.slice('/api/'.length);
    const name = slashOnly
        ? /^[^./]+\/[^./]+$/.test(raw)
            ? raw.replace('/', '.')
            : ''
        : raw.includes('/')
            ? ''
            : raw;
    const fault = takeFault(ctx.faults, name);
    // Faults that sit in front of Dokploy (a proxy, a WAF, the network) answer before the API runs.
    if (fault?.kind === 'html-403') {
        record(403);
        res
            .writeHead(403, { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare' })
            .end('<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>');
        return;
    }
    if (fault?.kind === 'status') {
        const headers = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
        return send(fault.status, { message: `Sandbox fault: ${fault.status}`, code: 'INTERNAL_SERVER_ERROR' }, headers);
    }
    if (fault?.kind === 'reset' && !fault.processed) {
        record(0);
        req.socket.destroy();
        return;
    }
    if (fault?.kind === 'slow')
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed || req.socket.destroyed) {
        record(0);
        return;
    }
    let input = {};
    if (req.method === 'POST') {
        const body = await readBody(req);
        if (body === undefined) {
            record(413);
            res.writeHead(413, { 'content-type': 'text/plain' }).end('Body exceeded 1mb limit');
            return;
        }
        const type = req.headers['content-type'] ?? '';
        if (body.length > 0 && type.startsWith('application/json')) {
            try {
                input = asInput(JSON.parse(body));
            }
            catch {
                // Next's body parser refuses malformed JSON before the key is checked (no content-type).
                record(400);
                res.writeHead(400, 'Invalid JSON').end('Invalid JSON');
                return;
            }
        }
    }
    else {
        input = queryInput(url.searchParams);
    }
    if (!authorised(req, ctx.apiKey) || fault?.kind === 'unauthorized')
        return send(401, { message: 'Unauthorized' }, NEXT_JSON);
    const procedure = PROCEDURES[name.toLowerCase()];
    if (!procedure ||
        procedure.method !== req.method ||
        (0,lib_version/* compareVersions */.Z)(ctx.scenario.version, procedure.since) < 0) {
        return send(404, {
            message: 'Not found',
            code: 'NOT_FOUND',
            data: { code: 'NOT_FOUND', httpStatus: 404, zodError: null },
        });
    }
    const type = req.headers['content-type'] ?? '';
    if (req.method === 'POST' && !type.startsWith('application/json')) {
        // The adapter checks the media type once it has found the procedure; its message lacks the
        // closing quote (v0.30.2).
        const message = type === '' ? 'Missing content-type header' : `Unsupported content-type "${type}`;
        return send(415, trpcError(message, 'UNSUPPORTED_MEDIA_TYPE', 415, procedure.name));
    }
    const answer = procedure.handle(input, ctx.engine, ctx.scenario.version, procedure.name);
    if (fault?.kind === 'reset') {
        // Processed, then the connection drops: the caller cannot know whether it reached Dokploy.
        record(0);
        req.socket.destroy();
        return;
    }
    if (fault?.kind === 'malformed-json' && answer.status === 200) {
        record(200);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"running","deploy');
        return;
    }
    send(answer.status, answer.body);
}
/** True for a scenario that `parseScenario`/`toScenario` already built (as opposed to the raw format). */
function isScenario(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const s = value;
    return (typeof s.version === 'string' &&
        typeof s.concurrency === 'number' &&
        Array.isArray(s.services) &&
        s.services.every((x) => typeof x === 'object' && x !== null && 'plan' in x) &&
        Array.isArray(s.faults) &&
        s.faults.every((f) => typeof f === 'object' && f !== null && 'delayMs' in f));
}
function takeFault(faults, name) {
    for (const entry of faults) {
        const { spec } = entry;
        if (spec.procedure !== '*' && spec.procedure.toLowerCase() !== name.toLowerCase())
            continue;
        entry.seen++;
        if (entry.seen <= spec.skip)
            continue;
        if (spec.times !== 0 && entry.seen > spec.skip + spec.times)
            continue;
        return spec;
    }
    return undefined;
}
function authorised(req, apiKey) {
    return req.headers['x-api-key'] === apiKey;
}
function json(res, status, body, headers = {}) {
    // A procedure returning undefined answers 200 with an empty body (application.deploy, rollback.rollback).
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}
function queryInput(params) {
    const input = {};
    for (const key of new Set(params.keys())) {
        const values = params.getAll(key);
        // A repeated key becomes an array; an empty value counts as missing.
        input[key] = values.length > 1 ? values : values[0] === '' ? undefined : values[0];
    }
    return input;
}
function asInput(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : {};
}
async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > MAX_BODY)
            return undefined;
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}

;// CONCATENATED MODULE: ./src/cli/sandbox.ts
/**
 * `dokploy-deploy sandbox --port N --scenario FILE [--api-key K] [--verbose]`: runs the
 * Dokploy-compatible sandbox until SIGINT/SIGTERM. Prints exactly one line on stdout when ready:
 * `Dokploy sandbox listening on http://127.0.0.1:PORT` (tests read the port from it).
 */






const USAGE = `Usage: dokploy-deploy sandbox [--port N] [--scenario FILE] [--api-key KEY] [--verbose]

Runs a Dokploy-compatible server on 127.0.0.1 until interrupted (see docs/sandbox.md).
  --port N         port to listen on (default 0: any free port)
  --scenario FILE  scenario (YAML or JSON): services, deploy behaviour, faults
  --api-key KEY    the x-api-key clients must send (default: $DOKPLOY_SANDBOX_API_KEY or ${DEFAULT_SANDBOX_KEY})
  --verbose        print one line per request on stderr (never the key)
`;
const command = {
    summary: 'run a local Dokploy-compatible server (tests, demos, dry runs)',
    async run(args, context) {
        const { values } = (0,external_node_util_.parseArgs)({
            args,
            options: {
                port: { type: 'string', default: '0' },
                scenario: { type: 'string' },
                'api-key': { type: 'string' },
                verbose: { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false },
            },
            strict: true,
        });
        if (values.help) {
            process.stdout.write(USAGE);
            return 0;
        }
        const port = Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
            throw new errors/* InputError */.dz("Option '--port'", values.port, 'use a port number from 0 to 65535');
        }
        let scenario = {};
        if (values.scenario !== undefined) {
            const file = (0,external_node_path_.resolve)(context.cwd, values.scenario);
            let text;
            try {
                text = (0,external_node_fs_.readFileSync)(file, 'utf8');
            }
            catch (error) {
                throw new errors/* InputError */.dz("Option '--scenario'", values.scenario, `cannot be read (${error.code ?? 'error'})`);
            }
            scenario = parseScenario(text, values.scenario);
        }
        const sandbox = await startSandbox({
            port,
            scenario,
            apiKey: values['api-key'] ?? (context.env.DOKPLOY_SANDBOX_API_KEY || undefined),
            log: values.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
        });
        process.stdout.write(`Dokploy sandbox listening on ${sandbox.url}\n`);
        await new Promise((done) => {
            if (context.signal.aborted)
                return done();
            context.signal.addEventListener('abort', () => done(), { once: true });
        });
        await sandbox.close();
        return 0;
    },
};


/***/ }),

/***/ 2543:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ parseDuration),
/* harmony export */   a: () => (/* binding */ formatDuration)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/;
/**
 * Parses a duration input into milliseconds: `90s`, `10m`, `1h30m`, `500ms`, or plain seconds (`45`).
 *
 * @param name - the input's name, for the error message
 * @param text - the raw value
 * @returns milliseconds (a finite, non-negative number)
 * @throws InputError when the text is not a duration
 * @example parseDuration('timeout', '1h30m') // 5_400_000
 */
function parseDuration(name, text) {
    const value = text.trim().toLowerCase();
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    let rest = value;
    let total = 0;
    while (rest.length > 0) {
        const match = DURATION.exec(rest);
        if (!match) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, text, 'use a duration such as 90s, 5m or 1h30m (a plain number means seconds)');
        }
        total += Number(match[1]) * UNIT_MS[match[2]];
        rest = rest.slice(match[0].length);
    }
    if (value.length === 0) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, text, 'use a duration such as 90s, 5m or 1h30m (a plain number means seconds)');
    }
    return Math.round(total);
}
/** Formats milliseconds for people: `850ms`, `12.3s`, `4m 05s`, `1h 02m`. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const totalSeconds = Math.round(ms / 1000);
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    if (hours > 0)
        return `${hours}h ${String(minutes).padStart(2, '0')}m`;
    return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}


/***/ }),

/***/ 7471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ compareVersions)
/* harmony export */ });
/** Dokploy versions (`v0.30.2`): the one comparison the client, the deploy core and the sandbox share. */
/** Compares two `vX.Y.Z` versions: negative when `a` is older than `b`. Unparseable parts count as 0. */
function compareVersions(a, b) {
    const pa = a
        .replace(/^v/, '')
        .split(/[.-]/)
        .map((n) => Number(n) || 0);
    const pb = b
        .replace(/^v/, '')
        .split(/[.-]/)
        .map((n) => Number(n) || 0);
    for (let i = 0; i < 3; i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
}


/***/ }),

/***/ 912:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ parseYaml)
/* harmony export */ });
/* unused harmony export YamlError */
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3243);

/**
 * The kit's one YAML parser: js-yaml, the parser dorny/paths-filter uses (so filters parse exactly
 * as they do there), and about ten times cheaper to load than `yaml` — which matters for an action
 * whose whole run is a few hundred milliseconds.
 *
 * @returns the parsed document (`undefined` for an empty or comment-only one)
 * @throws YamlError with a one-line reason and position
 * @example parseYaml('a: [1, 2]') // { a: [1, 2] }
 */
function parseYaml(text) {
    try {
        return (0,js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .load */ .Hh)(text);
    }
    catch (error) {
        if (error instanceof js_yaml__WEBPACK_IMPORTED_MODULE_0__/* .YAMLException */ .tB) {
            const where = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
            throw new YamlError(`${error.reason}${where}`);
        }
        throw error;
    }
}
/** Thrown by `parseYaml`; the message is one line ("duplicated mapping key at line 3, column 1"). */
class YamlError extends Error {
    name = 'YamlError';
}


/***/ })

};
