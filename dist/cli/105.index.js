export const id = 105;
export const ids = [105];
export const modules = {

/***/ 2105:
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
// EXTERNAL MODULE: ./src/detect-changed-platforms/detect.ts + 3 modules
var detect = __webpack_require__(9805);
// EXTERNAL MODULE: ./src/detect-changed-platforms/git.ts + 1 modules
var detect_changed_platforms_git = __webpack_require__(8508);
// EXTERNAL MODULE: ./src/detect-changed-platforms/settings.ts
var detect_changed_platforms_settings = __webpack_require__(3082);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/lib/clock.ts

/** The real clock: `Date.now`, timers and `Math.random`. The only place in the kit that reads them. */
const systemClock = {
    now: () => Date.now(),
    random: () => Math.random(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(new errors/* CancelledError */.cc('waiting'));
        const onAbort = () => {
            clearTimeout(timer);
            reject(new errors/* CancelledError */.cc('waiting'));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

// EXTERNAL MODULE: ./src/lib/git-runner.ts
var git_runner = __webpack_require__(3858);
// EXTERNAL MODULE: ./src/lib/manifest.ts
var manifest = __webpack_require__(5634);
// EXTERNAL MODULE: ./src/lib/duration.ts
var duration = __webpack_require__(2543);
// EXTERNAL MODULE: ./src/lib/report.ts
var report = __webpack_require__(7185);
;// CONCATENATED MODULE: ./src/pipeline/render.ts
/**
 * What the pipeline looks like in a terminal: the live block (a line per platform with its state and
 * elapsed time, redrawn in place on a TTY), the plain line printed for each change when stdout is not
 * a TTY (CI logs), and the final table. Pure: the time is passed in.
 */


const ICONS = {
    pending: '·',
    deploying: '↻',
    'checking health': '♥',
    running: '↻',
    done: '✔',
    passed: '✔',
    failed: '✘',
    cancelled: '✘',
    'not started': '–',
    'not run': '–',
};
/** The live block: one line per platform, then the separation checks (when they run). */
function renderLive(state, now, width = 120) {
    const nameWidth = Math.max(10, ...state.platforms.map((r) => r.name.length));
    const lines = state.platforms.map((row) => fit(`${ICONS[row.state] ?? ' '} stage ${row.stage}  ${row.name.padEnd(nameWidth)}  ${row.state.padEnd(15)} ${elapsed(row, now).padStart(7)}  ${row.detail}`, width));
    if (state.separation.state !== 'not run') {
        const row = state.separation;
        const label = `after ${row.afterStage}`.padEnd(7);
        lines.push(fit(`${ICONS[row.state] ?? ' '} ${label}  ${'separation'.padEnd(nameWidth)}  ${row.state.padEnd(15)} ${elapsed(row, now).padStart(7)}  ${row.detail}`, width));
    }
    return lines;
}
/** The plain lines for what changed since `before` (a snapshot of states by name), for logs that are not a terminal. */
function renderChanges(state, before, now) {
    const lines = [];
    const clock = `[${(0,duration/* formatDuration */.a)(now - state.startedAt).padStart(7)}]`;
    for (const row of state.platforms) {
        if (before.get(row.name) === `${row.state}|${row.detail}`)
            continue;
        if (row.state === 'pending' && !before.has(row.name))
            continue;
        lines.push(`${clock} stage ${row.stage} ${row.name}: ${row.state}${row.detail ? ` (${row.detail})` : ''}`);
    }
    const sep = state.separation;
    if (sep.state !== 'not run' &&
        sep.state !== 'pending' &&
        before.get('\0separation') !== `${sep.state}|${sep.detail}`) {
        lines.push(`${clock} separation: ${sep.state}${sep.detail ? ` (${sep.detail})` : ''}`);
    }
    return lines;
}
/** A snapshot of every row's state and detail, for `renderChanges`. */
function snapshot(state) {
    const map = new Map(state.platforms.map((r) => [r.name, `${r.state}|${r.detail}`]));
    map.set('\0separation', `${state.separation.state}|${state.separation.detail}`);
    return map;
}
/** The final table and the headline. */
function renderFinal(result) {
    const rows = result.platforms.map((r) => [
        String(r.stage),
        r.name,
        `${ICONS[r.state] ?? ''} ${r.state}`,
        elapsed(r, result.startedAt + result.durationMs),
        r.detail,
    ]);
    const sep = result.separation;
    if (sep.state !== 'not run') {
        rows.push([
            `after ${sep.afterStage}`,
            'separation',
            `${ICONS[sep.state] ?? ''} ${sep.state}`,
            elapsed(sep, result.startedAt + result.durationMs),
            sep.detail,
        ]);
    }
    const table = rows.length > 0 ? (0,report/* renderTextTable */.K$)(['stage', 'platform', 'result', 'time', 'detail'], rows) : '';
    return `${table}${table ? '\n' : ''}${result.headline} (${(0,duration/* formatDuration */.a)(result.durationMs)})\n`;
}
function elapsed(row, now) {
    if (row.startedAt === undefined)
        return '';
    return (0,duration/* formatDuration */.a)((row.endedAt ?? now) - row.startedAt);
}
function fit(line, width) {
    return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1))}…`;
}

;// CONCATENATED MODULE: ./src/pipeline/run.ts

/** Where one platform is. */
const PLATFORM_STATES = (/* unused pure expression or super */ null && ([
    'pending',
    'deploying',
    'checking health',
    'done',
    'failed',
    'not started',
    'cancelled',
]));
/** The exit codes of the `pipeline` command, per outcome. */
const EXIT_CODES = Object.freeze({
    passed: 0,
    'nothing to deploy': 0,
    failed: 1,
    cancelled: 130,
});
/**
 * Runs the plan stage by stage and returns what happened; never throws for a failed step.
 * @returns the final state with the outcome, exit code and a one-line headline
 */
async function runPipeline(options, deps) {
    const { plan } = options;
    const state = initialState(options, deps.clock.now());
    const changed = () => deps.progress(state);
    changed();
    let stop;
    for (const stage of state.stages) {
        const rows = state.platforms.filter((r) => r.stage === stage.stage);
        if (stop !== undefined) {
            if (rows.length > 0)
                stage.outcome = 'not started';
            for (const row of rows)
                Object.assign(row, { state: 'not started', detail: stop });
        }
        else if (rows.length > 0) {
            stage.outcome = await runStage(rows, plan, deps, changed);
            if (stage.outcome !== 'passed')
                stop = `stage ${stage.stage} ${stage.outcome}`;
        }
        changed();
        if (stage.stage === state.separation.afterStage)
            stop = await runSeparation(state, stop, deps, changed);
    }
    return finish(state, deps.clock.now());
}
function initialState(options, now) {
    const { plan } = options;
    const stageCount = plan.stages.length;
    const platforms = plan.platforms.map((p) => ({
        name: p.name,
        stage: p.stage,
        state: 'pending',
        startedAt: undefined,
        endedAt: undefined,
        detail: p.reasonText,
        deploymentId: undefined,
    }));
    const stages = plan.stages.map((names, stage) => ({
        stage,
        platforms: names,
        outcome: names.length > 0 ? 'not started' : 'empty',
    }));
    const afterStage = Math.max(0, Math.min(options.separationAfterStage, stageCount - 1));
    const covered = plan.platforms.some((p) => options.separationPlatforms.includes(p.name));
    const separation = {
        state: covered ? 'pending' : 'not run',
        afterStage,
        startedAt: undefined,
        endedAt: undefined,
        detail: covered ? `after stage ${afterStage}` : 'no platform of the separation spec deploys',
    };
    return { environment: plan.environment, startedAt: now, platforms, stages, separation };
}
/** Deploys and checks every platform of one stage at once; one failure does not stop its siblings. */
async function runStage(rows, plan, deps, changed) {
    await Promise.all(rows.map((row) => runPlatform(row, plan.platforms.find((p) => p.name === row.name), deps, changed)));
    if (rows.some((r) => r.state === 'cancelled') || deps.signal.aborted)
        return 'cancelled';
    return rows.some((r) => r.state === 'failed') ? 'failed' : 'passed';
}
async function runPlatform(row, platform, deps, changed) {
    const set = (state, detail) => {
        Object.assign(row, { state, detail });
        const final = state === 'done' || state === 'failed' || state === 'cancelled';
        if (final)
            row.endedAt = deps.clock.now();
        changed();
    };
    if (deps.signal.aborted)
        return set('cancelled', 'cancelled before it started');
    row.startedAt = deps.clock.now();
    set('deploying', `${platform.kind} ${platform.id || `(id from ${platform.secret})`}`);
    const note = (detail) => {
        if (row.state === 'deploying')
            set('deploying', detail);
    };
    const deployed = await attempt(() => deps.steps.deploy(platform, deps.signal, note), deps.signal);
    row.deploymentId = deployed.deploymentId;
    if (deployed.status !== 'ok')
        return set(endState(deployed), deployed.detail);
    if (deps.signal.aborted)
        return set('cancelled', `${deployed.detail}; cancelled before the health check`);
    set('checking health', deployed.detail);
    const healthy = await attempt(() => deps.steps.waitHealthy(platform, deps.signal), deps.signal);
    if (healthy.status !== 'ok')
        return set(endState(healthy), healthy.detail);
    set('done', `${deployed.detail}; ${healthy.detail}`);
}
/** Runs the separation checks when due; returns why later stages must not start, if they must not. */
async function runSeparation(state, stop, deps, changed) {
    const row = state.separation;
    const step = deps.steps.separation;
    if (row.state === 'not run')
        return stop;
    if (stop !== undefined || step === undefined) {
        Object.assign(row, step ? { state: 'not started', detail: stop } : { state: 'not run', detail: 'no spec' });
        changed();
        return stop;
    }
    Object.assign(row, {
        state: 'running',
        startedAt: deps.clock.now(),
        detail: 'checking every pair of platforms',
    });
    changed();
    const outcome = await attempt(() => step(deps.signal), deps.signal);
    const final = outcome.status === 'ok' ? 'passed' : endState(outcome);
    Object.assign(row, { state: final, endedAt: deps.clock.now(), detail: outcome.detail });
    changed();
    return final === 'passed' ? undefined : `the separation checks ${final}`;
}
/** Runs a step, turning a thrown error into an outcome (a cancellation into `cancelled`). */
async function attempt(step, signal) {
    try {
        return await step();
    }
    catch (error) {
        const { message } = (0,errors/* describeFailure */.Ic)(error);
        const cancelled = error instanceof errors/* CancelledError */.cc || signal.aborted;
        return { status: cancelled ? 'cancelled' : 'failed', detail: message };
    }
}
function endState(outcome) {
    return outcome.status === 'cancelled' ? 'cancelled' : 'failed';
}
function finish(state, now) {
    const outcome = outcomeOf(state);
    return {
        ...state,
        outcome,
        exitCode: EXIT_CODES[outcome],
        durationMs: now - state.startedAt,
        headline: headlineOf(state, outcome),
    };
}
function outcomeOf(state) {
    const outcomes = [...state.stages.map((s) => s.outcome), state.separation.state];
    if (outcomes.includes('cancelled'))
        return 'cancelled';
    if (outcomes.includes('failed'))
        return 'failed';
    return state.platforms.length === 0 ? 'nothing to deploy' : 'passed';
}
function headlineOf(state, outcome) {
    const env = state.environment;
    if (outcome === 'nothing to deploy') {
        return env ? `Nothing to deploy to ${env}.` : 'Nothing to deploy: the branch maps to no environment.';
    }
    const count = `${state.platforms.length} platform${state.platforms.length === 1 ? '' : 's'}`;
    if (outcome === 'passed')
        return `Deployed ${count} to ${env}: every stage passed.`;
    const failedStage = state.stages.find((s) => s.outcome === 'failed' || s.outcome === 'cancelled');
    const culprits = state.platforms.filter((r) => r.state === 'failed' || r.state === 'cancelled');
    const skipped = state.stages.filter((s) => s.outcome === 'not started').map((s) => s.stage);
    const what = failedStage
        ? `stage ${failedStage.stage} ${failedStage.outcome} (${culprits.map((r) => r.name).join(', ')})`
        : `the separation checks ${state.separation.state}`;
    const later = skipped.length > 0 ? `; stage${skipped.length === 1 ? '' : 's'} ${skipped.join(', ')} not started` : '';
    return `Pipeline ${outcome === 'cancelled' ? 'cancelled' : 'failed'} in ${env}: ${what}${later}.`;
}

;// CONCATENATED MODULE: ./src/lib/dokploy-errors.ts
/**
 * How the Dokploy client explains a failed call: one `DokployApiError` per answer that is not a
 * success, with a one-line message naming the method, the endpoint, what happened and what to do
 * (reference/dokploy-api.md §1.2, §1.4). Messages never contain the key.
 */

/** What kind of failure a `DokployApiError` is. */
const DOKPLOY_ERROR_KINDS = (/* unused pure expression or super */ null && ([
    'unauthorized',
    'not-found',
    'validation',
    'html',
    'server',
    'malformed',
    'network',
    'rejected',
]));
/**
 * Thrown for every failed Dokploy call. Carries `kind` (unauthorized, not-found, validation with the
 * `fields` Dokploy named, html — a proxy's page such as Cloudflare's 403 —, server, malformed, network,
 * rejected) and `mayHaveReached` (the request may have taken effect although it failed).
 */
class DokployApiError extends errors/* DokployError */.RI {
    kind;
    fields;
    mayHaveReached;
    name = 'DokployApiError';
    constructor(method, path, status, detail, hint, kind, fields = [], mayHaveReached = false) {
        super(method, path, status, detail, hint);
        this.kind = kind;
        this.fields = fields;
        this.mayHaveReached = mayHaveReached;
    }
}
/**
 * Turns an HTTP answer into the procedure's result (parsed JSON; `undefined` for an empty body) or
 * throws the `DokployApiError` that explains it.
 * @throws DokployApiError for every answer that is not a 2xx with JSON (or an empty body)
 */
function interpretAnswer(response, at) {
    const { status } = response;
    const fail = (detail, hint, kind, fields = []) => {
        throw new DokployApiError(at.method, at.path, status, redact(detail, at.apiKey), hint, kind, fields, kind === 'server' && !at.idempotent);
    };
    const type = response.headers.get('content-type') ?? '';
    const looksHtml = type.includes('text/html') || /^\s*<(!doctype|html)/i.test(response.text);
    if (looksHtml) {
        fail(`${statusWords(status)} with an HTML page instead of Dokploy's JSON`, `a proxy or firewall in front of Dokploy answered (Cloudflare bot protection blocks CI runners): allow the runner's requests to /api/* or use a URL that reaches Dokploy directly`, 'html');
    }
    if (status >= 200 && status < 300) {
        if (response.text === '')
            return undefined; // Dokploy answers `undefined` results with an empty body.
        try {
            return JSON.parse(response.text);
        }
        catch {
            return fail(`${statusWords(status)} with a body that is not JSON`, `check that 'dokploy-url' (${at.host}) is Dokploy's own address, not a page or proxy in front of it`, 'malformed');
        }
    }
    const body = parseErrorBody(response.text);
    const message = body.message ?? (response.text.slice(0, 120) || response.statusText);
    if (status === 401) {
        const after = at.earlierAnswers > 0
            ? `; it worked for ${at.earlierAnswers} earlier call${at.earlierAnswers === 1 ? '' : 's'} in this run, so it may be rate-limited (keys created through the API allow a few calls a day): create the key in the Dokploy UI`
            : '';
        fail(`Unauthorized${message && message !== 'Unauthorized' ? ` ("${message}")` : ''}`, `check that 'api-key' holds a valid Dokploy API key (Profile → API/CLI Keys) with access to ${at.subject}${after}`, 'unauthorized');
    }
    if (status === 404) {
        if (/^not found$/i.test(message)) {
            fail('Not Found', `this Dokploy does not serve ${at.procedure}: the kit needs Dokploy v0.25 or later`, 'not-found');
        }
        fail(`Not Found ("${message}")`, `check the id: Dokploy has no ${at.subject}`, 'not-found');
    }
    if (status === 400 && body.fields.length > 0) {
        fail(`Bad Request ("${message}" for ${body.fields.join(', ')})`, `this Dokploy refused the fields the kit sent; check that it runs v0.25 or later and report the Dokploy version if it does`, 'validation', body.fields);
    }
    if (status >= 500 || status === 429 || status === 408) {
        const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
        fail(`${statusWords(status)}${message && message !== response.statusText ? ` ("${message}")` : ''}${tries}`, `Dokploy (or its proxy) failed; try again later or check the Dokploy server's logs`, 'server');
    }
    return fail(`${statusWords(status)} ("${message}")`, `Dokploy refused the request for ${at.subject}`, 'rejected');
}
/** Dokploy's error body: `message`, and the field names of zod issues (v0.28+ and older shapes). */
function parseErrorBody(text) {
    try {
        const body = asRecord(JSON.parse(text));
        const issues = Array.isArray(body.issues) ? body.issues : [];
        const fields = issues
            .map((i) => asRecord(i).path)
            .filter((p) => Array.isArray(p) && p.length > 0)
            .map((p) => String(p[0]));
        return { message: str(body.message), fields: [...new Set(fields)] };
    }
    catch {
        return { message: undefined, fields: [] };
    }
}
function statusWords(status) {
    const words = {
        200: 'OK',
        400: 'Bad Request',
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not Found',
        408: 'Request Timeout',
        413: 'Payload Too Large',
        415: 'Unsupported Media Type',
        429: 'Too Many Requests',
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
        504: 'Gateway Timeout',
    };
    return words[status] ?? `HTTP ${status}`;
}
/** The host of a URL, for hints (never the path or query). */
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return 'the URL';
    }
}
/** Belt and braces: a key echoed back by a server or proxy never reaches a message. */
function redact(text, key) {
    const safe = key.length >= 4 ? text.split(key).join('***') : text;
    const oneLine = safe.replace(/\s+/g, ' ');
    return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}
function asRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : {};
}
function str(value) {
    return typeof value === 'string' ? value : undefined;
}

;// CONCATENATED MODULE: ./src/lib/retry.ts
/**
 * The kit's one backoff policy. HTTP retries and status polls (deployments, health probes) all
 * take their waits from `nextDelay`; there is no second backoff formula in the kit.
 */
/** The defaults above. */
const DEFAULT_RETRY_POLICY = Object.freeze({
    maxAttempts: 4,
    baseDelayMs: 500,
    factor: 2,
    maxDelayMs: 10_000,
    jitter: 0.2,
    retryStatuses: Object.freeze([408, 429, 500, 502, 503, 504]),
    maxRetryAfterMs: 60_000,
});
/** Returns a complete policy from a partial one, filling the gaps with the defaults. */
function toRetryPolicy(partial = {}) {
    return { ...DEFAULT_RETRY_POLICY, ...partial };
}
/**
 * Returns the wait in ms before attempt `attempt + 1`, given that `attempt` (1-based) just failed.
 * The wait grows by `factor` up to `maxDelayMs`; `jitter` of it is randomised downwards.
 *
 * @example nextDelay(1, DEFAULT_RETRY_POLICY, () => 0.5) // 450
 */
function nextDelay(attempt, policy, random) {
    const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** Math.max(0, attempt - 1));
    return Math.round(raw * (1 - policy.jitter * random()));
}
/**
 * Parses a Retry-After header (seconds or an HTTP date) into a wait in ms, capped by the policy.
 * Returns `undefined` for a missing or malformed header, so the caller falls back to `nextDelay`.
 */
function parseRetryAfter(header, nowMs, policy) {
    if (!header)
        return undefined;
    const text = header.trim();
    let ms;
    if (/^\d+$/.test(text))
        ms = Number(text) * 1000;
    else {
        const date = Date.parse(text);
        if (Number.isNaN(date))
            return undefined;
        ms = Math.max(0, date - nowMs);
    }
    return Math.min(ms, policy.maxRetryAfterMs);
}
/** True when an HTTP status is one the policy retries. */
function isRetryableStatus(status, policy) {
    return policy.retryStatuses.includes(status);
}

;// CONCATENATED MODULE: ./src/lib/http.ts



/**
 * Thrown when no answer came (connection refused or reset, DNS, per-attempt timeout) after the
 * attempts the policy allows. Carries the request label, a short reason and whether the request may
 * have reached the server. Its message holds no URL query, header or body.
 */
class NetworkError extends Error {
    label;
    reason;
    mayHaveReached;
    attempts;
    name = 'NetworkError';
    constructor(label, reason, mayHaveReached, attempts) {
        super(`${label} failed: ${reason} (${attempts} attempt${attempts === 1 ? '' : 's'})`);
        this.label = label;
        this.reason = reason;
        this.mayHaveReached = mayHaveReached;
        this.attempts = attempts;
    }
}
const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
/** Error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
/**
 * Sends a request, retrying network errors and the policy's statuses (429, 502, 503, 504, ...) with
 * backoff and jitter; a Retry-After header takes priority. Never retries other statuses (400, 401,
 * 404): the caller gets the answer. Returns the last answer when the retries run out on a status.
 *
 * @throws NetworkError when no answer came after the allowed attempts
 * @throws DeadlineError when the next wait or attempt would cross `options.deadline`
 * @throws CancelledError as soon as `deps.signal` aborts
 * @example
 * const res = await sendRequest(
 *   { method: 'GET', url: `${base}/api/deployment.all?applicationId=a1`, idempotent: true, label: 'GET /api/deployment.all' },
 *   { policy: DEFAULT_RETRY_POLICY },
 *   { clock: systemClock, fetch, log },
 * );
 */
async function sendRequest(request, options, deps) {
    const { policy } = options;
    const started = deps.clock.now();
    let lastState = 'no answer yet';
    for (let attempt = 1;; attempt++) {
        if (deps.signal?.aborted)
            throw new errors/* CancelledError */.cc(`waiting for ${request.label}`);
        const remaining = options.deadline === undefined ? Infinity : options.deadline - deps.clock.now();
        if (remaining <= 0)
            throw new errors/* DeadlineError */.j3(`an answer from ${request.label}`, deps.clock.now() - started, lastState);
        const outcome = await attemptOnce(request, Math.min(options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS, remaining), deps);
        let waitMs;
        if ('response' in outcome) {
            const { response } = outcome;
            const answer = { ...response, attempts: attempt };
            if (!isRetryableStatus(response.status, policy) ||
                !request.idempotent ||
                attempt >= policy.maxAttempts) {
                return answer;
            }
            lastState = `${response.status} ${response.statusText}`.trim();
            waitMs =
                parseRetryAfter(response.headers.get('retry-after'), deps.clock.now(), policy) ??
                    nextDelay(attempt, policy, deps.clock.random);
        }
        else {
            const { reason, mayHaveReached } = outcome;
            lastState = reason;
            if (attempt >= policy.maxAttempts || (mayHaveReached && !request.idempotent)) {
                throw new NetworkError(request.label, reason, mayHaveReached, attempt);
            }
            waitMs = nextDelay(attempt, policy, deps.clock.random);
        }
        if (options.deadline !== undefined && deps.clock.now() + waitMs >= options.deadline) {
            throw new errors/* DeadlineError */.j3(`an answer from ${request.label}`, deps.clock.now() - started, lastState);
        }
        deps.log.info(`${request.label}: attempt ${attempt} of ${policy.maxAttempts} failed (${lastState}); retrying in ${(0,duration/* formatDuration */.a)(waitMs)}`);
        try {
            await deps.clock.sleep(waitMs, deps.signal);
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc)
                throw new errors/* CancelledError */.cc(`waiting for ${request.label}`);
            throw error;
        }
    }
}
async function attemptOnce(request, timeoutMs, deps) {
    // AbortSignal.timeout guards the socket in real time; the injected clock cannot drive a socket.
    const timeout = AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs)));
    const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
    try {
        const response = await deps.fetch(request.url, {
            method: request.method,
            headers: request.headers ?? {},
            ...(request.body === undefined ? {} : { body: request.body }),
            signal,
        });
        const text = await response.text();
        return {
            response: { status: response.status, statusText: response.statusText, headers: response.headers, text },
        };
    }
    catch (error) {
        if (deps.signal?.aborted)
            throw new errors/* CancelledError */.cc(`waiting for ${request.label}`);
        if (timeout.aborted)
            return { reason: `no answer within ${(0,duration/* formatDuration */.a)(timeoutMs)}`, mayHaveReached: true };
        const code = errorCode(error);
        return { reason: describeNetworkError(code), mayHaveReached: !NOT_SENT_CODES.has(code) };
    }
}
function errorCode(error) {
    const e = error;
    const code = e?.cause?.code ?? e?.code ?? e?.cause?.cause?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
}
function describeNetworkError(code) {
    switch (code) {
        case 'ECONNREFUSED':
            return 'connection refused';
        case 'ECONNRESET':
        case 'UND_ERR_SOCKET':
            return 'connection reset';
        case 'ENOTFOUND':
        case 'EAI_AGAIN':
            return 'host not found';
        case 'UND_ERR_CONNECT_TIMEOUT':
            return 'connect timeout';
        case 'UNKNOWN':
            return 'network error';
        default:
            return `network error ${code}`;
    }
}

// EXTERNAL MODULE: ./src/lib/version.ts
var lib_version = __webpack_require__(7471);
;// CONCATENATED MODULE: ./src/lib/dokploy-client.ts
/**
 * The kit's one Dokploy client: typed calls for what the kit uses (reference/dokploy-api.md §1–§2),
 * on `sendRequest` (one retry policy, a deadline, cancellation). Every failure is a `DokployApiError`
 * whose one-line message names the method, the endpoint and what to do, and never the key.
 */





/**
 * Creates the client.
 * @example
 * const client = createDokployClient({ url: 'https://dokploy.example.com', apiKey }, { clock, fetch, signal, log });
 * const records = await client.deployments({ kind: 'application', id: 'abc' });
 */
function createDokployClient(options, deps) {
    const base = options.url.replace(/\/+$/, '');
    const httpOptions = {
        policy: options.policy ?? DEFAULT_RETRY_POLICY,
        ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
        ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
    };
    let answered = 0;
    let slashPaths = false;
    let triedSlash = false;
    async function call(method, procedure, input, subject, idempotent = true) {
        try {
            return await callAt(slashPaths, method, procedure, input, subject, idempotent);
        }
        catch (error) {
            // v0.28.0 served only /api/<router>/<procedure> (§1.1): on the first "Not found", try that form once.
            if (slashPaths || triedSlash || !isUnknownProcedure(error))
                throw error;
            triedSlash = true;
            try {
                const value = await callAt(true, method, procedure, input, subject, idempotent);
                slashPaths = true;
                return value;
            }
            catch (slashError) {
                if (isUnknownProcedure(slashError))
                    throw error;
                slashPaths = true;
                throw slashError;
            }
        }
    }
    async function callAt(slash, method, procedure, input, subject, idempotent) {
        const path = `/api/${slash ? procedure.replace('.', '/') : procedure}`;
        const query = method === 'GET' && Object.keys(input).length > 0
            ? `?${new URLSearchParams(Object.entries(input).map(([k, v]) => [k, String(v)])).toString()}`
            : '';
        const headers = { 'x-api-key': options.apiKey, accept: 'application/json' };
        if (method === 'POST')
            headers['content-type'] = 'application/json';
        let response;
        try {
            response = await sendRequest({
                method,
                url: `${base}${path}${query}`,
                headers,
                ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
                idempotent,
                label: `${method} ${path}`,
            }, httpOptions, deps);
        }
        catch (error) {
            if (error instanceof NetworkError) {
                throw new DokployApiError(method, path, 0, `(${error.reason}, ${error.attempts} attempt${error.attempts === 1 ? '' : 's'})`, `check that 'dokploy-url' (${hostOf(base)}) is reachable from the runner`, 'network', [], error.mayHaveReached);
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
        if (response.status < 300)
            answered++;
        return value;
    }
    const refInput = (ref) => ref.kind === 'application' ? { applicationId: ref.id } : { composeId: ref.id };
    const subjectOf = (ref) => `${ref.kind} ${ref.id}`;
    return {
        async version() {
            const value = await call('GET', 'settings.getDokployVersion', {}, 'this Dokploy server');
            return typeof value === 'string' ? value : String(value ?? '');
        },
        async service(ref) {
            const row = dokploy_client_asRecord(await call('GET', `${ref.kind}.one`, refInput(ref), subjectOf(ref)));
            return toServiceInfo(ref, row);
        },
        async deploy(ref, { action, title, description }) {
            await call('POST', `${ref.kind}.${action}`, { ...refInput(ref), title, description }, subjectOf(ref), false);
        },
        async deployments(ref) {
            const procedure = ref.kind === 'application' ? 'deployment.all' : 'deployment.allByCompose';
            const rows = await call('GET', procedure, refInput(ref), subjectOf(ref));
            return (Array.isArray(rows) ? rows : []).map((r) => toDeployment(dokploy_client_asRecord(r)));
        },
        async readLogs(deploymentId, tail) {
            const text = await call('GET', 'deployment.readLogs', { deploymentId, tail }, `deployment ${deploymentId}`);
            return typeof text === 'string' ? text : '';
        },
        async queueList() {
            const rows = await call('GET', 'deployment.queueList', {}, 'the deploy queue');
            return (Array.isArray(rows) ? rows : []).map((r) => {
                const row = dokploy_client_asRecord(r);
                const data = dokploy_client_asRecord(row.data);
                return {
                    id: String(row.id ?? ''),
                    state: String(row.state ?? ''),
                    serviceId: dokploy_client_str(data.applicationId) ?? dokploy_client_str(data.composeId),
                    titleLog: String(data.titleLog ?? ''),
                    descriptionLog: String(data.descriptionLog ?? ''),
                    type: String(data.type ?? ''),
                };
            });
        },
        async saveApplicationEnvironment(applicationId, values) {
            await call('POST', 'application.saveEnvironment', { applicationId, ...values }, `application ${applicationId}`);
        },
        async saveComposeEnvironment(composeId, env, dokployVersion) {
            // compose.saveEnvironment exists since v0.29.0; before, compose.update was the only way (§2.7).
            const procedure = (0,lib_version/* compareVersions */.Z)(dokployVersion, 'v0.29.0') >= 0 ? 'compose.saveEnvironment' : 'compose.update';
            await call('POST', procedure, { composeId, env }, `compose ${composeId}`);
        },
        async saveDockerProvider(applicationId, values) {
            await call('POST', 'application.saveDockerProvider', { applicationId, ...values }, `application ${applicationId}`);
        },
        async rollback(rollbackId) {
            await call('POST', 'rollback.rollback', { rollbackId }, `rollback ${rollbackId}`, false);
        },
        async projects() {
            const rows = await call('GET', 'project.all', {}, 'the projects');
            return (Array.isArray(rows) ? rows : []).map((r) => {
                const p = dokploy_client_asRecord(r);
                return {
                    projectId: String(p.projectId ?? ''),
                    name: String(p.name ?? ''),
                    environments: (Array.isArray(p.environments) ? p.environments : []).map((e) => {
                        const env = dokploy_client_asRecord(e);
                        return {
                            environmentId: String(env.environmentId ?? ''),
                            name: String(env.name ?? ''),
                            applications: (Array.isArray(env.applications) ? env.applications : []).map((a) => ({
                                applicationId: String(dokploy_client_asRecord(a).applicationId ?? ''),
                                name: String(dokploy_client_asRecord(a).name ?? ''),
                            })),
                            compose: (Array.isArray(env.compose) ? env.compose : []).map((c) => ({
                                composeId: String(dokploy_client_asRecord(c).composeId ?? ''),
                                name: String(dokploy_client_asRecord(c).name ?? ''),
                            })),
                        };
                    }),
                };
            });
        },
    };
}
/** A 404 "Not found": the server has no such procedure (as opposed to "Application not found"). */
function isUnknownProcedure(error) {
    return error instanceof DokployApiError && error.kind === 'not-found' && error.detail === 'Not Found';
}
function toServiceInfo(ref, row) {
    return {
        kind: ref.kind,
        id: ref.id,
        name: String(row.name ?? ref.id),
        appName: String(row.appName ?? ''),
        sourceType: String(row.sourceType ?? ''),
        status: String((ref.kind === 'application' ? row.applicationStatus : row.composeStatus) ?? ''),
        env: dokploy_client_str(row.env) ?? null,
        buildArgs: dokploy_client_str(row.buildArgs) ?? null,
        buildSecrets: dokploy_client_str(row.buildSecrets) ?? null,
        createEnvFile: typeof row.createEnvFile === 'boolean' ? row.createEnvFile : undefined,
        dockerImage: dokploy_client_str(row.dockerImage) ?? null,
        username: dokploy_client_str(row.username) ?? null,
        password: dokploy_client_str(row.password) ?? null,
        registryUrl: dokploy_client_str(row.registryUrl) ?? null,
        rollbackActive: row.rollbackActive === true && row.rollbackRegistryId != null,
    };
}
function toDeployment(row) {
    return {
        deploymentId: String(row.deploymentId ?? ''),
        title: String(row.title ?? ''),
        description: dokploy_client_str(row.description) ?? null,
        status: String(row.status ?? ''),
        createdAt: String(row.createdAt ?? ''),
        finishedAt: dokploy_client_str(row.finishedAt) ?? null,
        errorMessage: dokploy_client_str(row.errorMessage) ?? null,
        rollbackId: dokploy_client_str(row.rollbackId) ?? null,
    };
}
function dokploy_client_asRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : {};
}
function dokploy_client_str(value) {
    return typeof value === 'string' ? value : undefined;
}

;// CONCATENATED MODULE: ./src/dokploy-deploy/env.ts
const LINE_KEY = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/;
/**
 * Merges (or replaces) variables. Merge keeps every other line (comments, order) and replaces the
 * first line of each given key in place, dropping later duplicates; new keys are appended.
 */
function mergeEnv(current, pairs, mode) {
    const wanted = new Map(pairs);
    const keys = [...wanted.keys()];
    if (mode === 'replace') {
        const text = [...wanted].map(([k, v]) => `${k}=${v}`).join('\n');
        return { text, keys, changed: text !== current };
    }
    const written = new Set();
    const lines = [];
    for (const line of current === '' ? [] : current.split(/\r?\n/)) {
        const key = LINE_KEY.exec(line)?.[1];
        if (key === undefined || !wanted.has(key)) {
            lines.push(line);
            continue;
        }
        if (written.has(key))
            continue;
        lines.push(`${key}=${wanted.get(key) ?? ''}`);
        written.add(key);
    }
    for (const [key, value] of wanted)
        if (!written.has(key))
            lines.push(`${key}=${value}`);
    const text = lines.join('\n');
    return { text, keys, changed: text !== current };
}

;// CONCATENATED MODULE: ./src/dokploy-deploy/correlate.ts
/**
 * Looks for the run's record among `rows` (newest first), ignoring ids that existed before the deploy.
 * Order: the marker title/description; else exactly one new record whose description is
 * `Commit: <sha>` (Dokploy's rewrite after a git build ends); else the only new record. The two
 * fallbacks apply only once the run's job has left the queue (or the queue cannot be read): while
 * it waits or starts, a new record is another actor's — a webhook for the same push even carries
 * the same commit.
 */
function findOwnRecord(rows, known, marker, queue) {
    const candidates = rows.filter((r) => !known.has(r.deploymentId));
    const byMarker = candidates.find((r) => (marker.title !== '' && r.title === marker.title) ||
        (marker.description !== '' && r.description === marker.description));
    if (byMarker)
        return { found: byMarker, by: 'marker' };
    if (queue.state === 'waiting' || queue.state === 'active')
        return { found: undefined, candidates };
    if (marker.sha) {
        const byCommit = candidates.filter((r) => r.description === `Commit: ${marker.sha}`);
        if (byCommit.length === 1 && byCommit[0])
            return { found: byCommit[0], by: 'commit' };
    }
    if (candidates.length === 1 && candidates[0]) {
        return { found: candidates[0], by: 'lone' };
    }
    return { found: undefined, candidates };
}
/**
 * Finds the run's job in the queue (`data.titleLog` equals the marker title, same service).
 * `jobs` is the organisation's queue, newest first; the position counts jobs that run before it.
 */
function findOwnJob(jobs, serviceId, marker) {
    if (jobs === undefined)
        return { state: 'unknown' };
    const oldestFirst = [...jobs].reverse();
    const index = oldestFirst.findIndex((j) => j.serviceId === serviceId && (j.titleLog === marker.title || j.descriptionLog === marker.description));
    const job = oldestFirst[index];
    if (!job)
        return { state: 'absent' };
    if (job.state === 'active')
        return { state: 'active' };
    const ahead = oldestFirst.slice(0, index).length;
    return { state: 'waiting', position: ahead + 1, ahead };
}
/** Statuses that end a deployment. Anything else (running, or a status a later Dokploy adds) is not final. */
const FINAL_STATUSES = ['done', 'error', 'cancelled'];
/** True when a record's status is final. */
function isFinalStatus(status) {
    return FINAL_STATUSES.includes(status);
}

;// CONCATENATED MODULE: ./src/dokploy-deploy/follow.ts
/**
 * Following a triggered deploy: poll the service's records (and, until the run's record is known,
 * Dokploy's queue) with the kit's backoff, lock onto the run's own record, and wait for a final
 * status under the overall deadline. Prints a progress line at least every 15 s. Says what it leaves
 * running when the run is cancelled or times out (self-hosted Dokploy cannot cancel a build).
 */





/** A progress line is printed at least this often while waiting. */
const PROGRESS_EVERY_MS = 15_000;
const QUEUE_SINCE = 'v0.28.3';
/** Polls in a row that find the job neither queued nor recorded before it counts as lost. */
const LOST_AFTER = 2;
/**
 * How long polls may keep failing (each already retried by the client) before the failure is final.
 * A restart of Dokploy (an update, a host reboot) refuses connections for 20-30 s; production mode
 * then cancels the running build, and the action should see that rather than give up during the gap.
 */
const OUTAGE_LIMIT_MS = 120_000;
/**
 * The poll policy: waits start at the poll interval and grow by a quarter per poll up to twice
 * the interval (3 s → 6 s by default: at most ~25 requests a minute even while queued).
 */
function pollPolicy(intervalMs) {
    return toRetryPolicy({ baseDelayMs: intervalMs, factor: 1.25, maxDelayMs: 2 * intervalMs, jitter: 0.2 });
}
/** Follows the run's deployment to a final status, a timeout or cancellation. Never throws those. */
async function followDeployment(ctx, deps) {
    const state = new FollowState(ctx, deps);
    try {
        return await state.run();
    }
    catch (error) {
        if (error instanceof errors/* CancelledError */.cc) {
            const failure = new errors/* CancelledError */.cc(`waiting for ${state.describe()}: ${state.leftBehind()}`);
            return { status: 'cancelled', record: state.record, matchedBy: state.matchedBy, failure };
        }
        if (error instanceof errors/* DeadlineError */.j3) {
            const failure = new errors/* DeadlineError */.j3(`${ctx.label} to finish deploying`, deps.clock.now() - ctx.started, `${state.describe()}; ${state.leftBehind()}`);
            return { status: 'timeout', record: state.record, matchedBy: state.matchedBy, failure };
        }
        if (error instanceof LostJobError) {
            return { status: 'cancelled', record: undefined, matchedBy: undefined, failure: error };
        }
        if (error instanceof errors/* KitError */.Fb) {
            // Dokploy refused a poll (401, 404, ...) or the record cannot be told apart: the deploy is not known to be done.
            return { status: 'error', record: state.record, matchedBy: state.matchedBy, failure: error };
        }
        throw error;
    }
}
class FollowState {
    ctx;
    deps;
    record;
    matchedBy;
    queue = { state: 'unknown' };
    queueSupported;
    /** When the current run of failed polls began (undefined while polls succeed). */
    failingSince;
    absent = 0;
    lastProgressAt;
    lastLine = '';
    policy;
    constructor(ctx, deps) {
        this.ctx = ctx;
        this.deps = deps;
        this.queueSupported = true;
        this.lastProgressAt = deps.clock.now();
        this.policy = pollPolicy(ctx.settings.pollIntervalMs);
    }
    async run() {
        for (let poll = 1;; poll++) {
            await this.sleep(nextDelay(poll, this.policy, this.deps.clock.random));
            const rows = await this.tolerant(() => this.ctx.client.deployments(this.ctx.settings.target));
            if (rows === undefined)
                continue;
            if (!this.record)
                await this.correlate(rows);
            else
                this.record = rows.find((r) => r.deploymentId === this.record?.deploymentId) ?? this.record;
            this.progress(false);
            if (this.record && isFinalStatus(this.record.status))
                return this.ended(this.record);
        }
    }
    /** "deployment dep-1 of application web (app-1) (status running)", or what is known before the record. */
    describe() {
        if (this.record)
            return `deployment ${this.record.deploymentId} of ${this.ctx.label} (status ${this.record.status})`;
        if (this.queue.state === 'waiting')
            return `the ${this.ctx.settings.action} of ${this.ctx.label} (queued, position ${this.queue.position})`;
        return `the ${this.ctx.settings.action} of ${this.ctx.label} (no deployment record yet)`;
    }
    /** What stays on the server when the action stops waiting. */
    leftBehind() {
        if (this.record && !isFinalStatus(this.record.status)) {
            return 'it keeps running on Dokploy, which cannot cancel a running build (self-hosted); check it in the Deployments tab';
        }
        if (!this.record) {
            return "its job stays in Dokploy's queue and will still run; use Clean queues in the service's Deployments tab to drop it";
        }
        return 'nothing is left running';
    }
    ended(record) {
        const status = record.status;
        const failure = status === 'cancelled'
            ? new errors/* DeployFailedError */.P2(this.ctx.label, 'cancelled', `Dokploy cancelled deployment ${record.deploymentId} (a restart of Dokploy cancels running builds): deploy again`)
            : undefined;
        return { status, record, matchedBy: this.matchedBy, failure };
    }
    async correlate(rows) {
        // Until the queue is read, only the marker counts ('active' turns the fallbacks off).
        let decision = findOwnRecord(rows, this.ctx.known, this.ctx.marker, { state: 'active' });
        if (decision.found)
            return this.lock(decision.found, decision.by);
        // The marker is not (or no longer) visible: ask the queue where the job is.
        this.queue = await this.readQueue();
        decision = findOwnRecord(rows, this.ctx.known, this.ctx.marker, this.queue);
        if (!decision.found && this.queue.state === 'absent') {
            // The job may have ended between the two calls: look at the records once more.
            const again = await this.tolerant(() => this.ctx.client.deployments(this.ctx.settings.target));
            if (again)
                decision = findOwnRecord(again, this.ctx.known, this.ctx.marker, this.queue);
        }
        if (decision.found)
            return this.lock(decision.found, decision.by);
        if (this.queue.state !== 'absent') {
            this.absent = 0;
            return;
        }
        if (++this.absent < LOST_AFTER)
            return;
        if (decision.candidates.length === 0) {
            throw new LostJobError(this.ctx.label, this.ctx.settings.action);
        }
        this.resolveAmbiguous(decision.candidates);
    }
    /** Several new records, none recognisable (titles rewritten): fine only when they all ended the same way. */
    resolveAmbiguous(candidates) {
        const statuses = new Set(candidates.map((c) => c.status));
        const [newest] = candidates;
        if (newest && statuses.size === 1 && isFinalStatus(newest.status)) {
            this.deps.log.warning(`${candidates.length} new deployments of ${this.ctx.label} ended ${newest.status} and their titles were rewritten by Dokploy; reporting the newest, ${newest.deploymentId}`);
            this.lock(newest, 'lone');
            return;
        }
        throw new errors/* KitError */.Fb(`Cannot tell which of ${candidates.length} new deployments of ${this.ctx.label} is this run's (${candidates
            .map((c) => `${c.deploymentId}: ${c.status}`)
            .join(', ')}): another actor deployed it at the same time and Dokploy rewrote the titles; check them in Dokploy`);
    }
    lock(record, by) {
        this.record = record;
        this.matchedBy = by;
        if (by === 'lone') {
            this.deps.log.warning(`Deployment ${record.deploymentId} of ${this.ctx.label} does not carry this run's title; following it as the only new deployment`);
        }
        else if (by === 'commit') {
            this.deps.log.info(`Recognised deployment ${record.deploymentId} by its commit (Dokploy rewrote the title)`);
        }
    }
    async readQueue() {
        if (!this.queueSupported)
            return { state: 'unknown' };
        try {
            const jobs = await this.ctx.client.queueList();
            return findOwnJob(jobs, this.ctx.settings.target.id, this.ctx.marker);
        }
        catch (error) {
            if (error instanceof DokployApiError && error.kind === 'not-found') {
                // deployment.queueList exists since v0.28.3.
                this.queueSupported = false;
                this.deps.log.debug(`deployment.queueList is not available (needs ${QUEUE_SINCE})`);
                return { state: 'unknown' };
            }
            if (isTransient(error))
                return this.queue;
            throw error;
        }
    }
    /** Runs a poll request; a passing failure (5xx, network, a proxy page) is reported and skipped. */
    async tolerant(fn) {
        try {
            const value = await fn();
            this.failingSince = undefined;
            return value;
        }
        catch (error) {
            if (!isTransient(error))
                throw error;
            this.failingSince ??= this.deps.clock.now();
            if (this.deps.clock.now() - this.failingSince >= OUTAGE_LIMIT_MS)
                throw error;
            this.deps.log.warning(`${error.message}; polling again`);
            return undefined;
        }
    }
    /** Sleeps `ms`, cut at the deadline, printing a progress line whenever 15 s passed without one. */
    async sleep(ms) {
        const { clock, signal } = this.deps;
        let until = clock.now() + ms;
        if (until >= this.ctx.deadline)
            until = this.ctx.deadline;
        while (clock.now() < until) {
            const nextProgress = this.lastProgressAt + PROGRESS_EVERY_MS;
            if (clock.now() >= nextProgress) {
                this.progress(true);
                continue;
            }
            await clock.sleep(Math.min(until, nextProgress) - clock.now(), signal);
        }
        if (clock.now() >= this.ctx.deadline) {
            throw new errors/* DeadlineError */.j3(`${this.ctx.label} to finish deploying`, clock.now() - this.ctx.started, this.describe());
        }
    }
    progress(force) {
        const elapsed = (0,duration/* formatDuration */.a)(this.deps.clock.now() - this.ctx.started);
        let line;
        if (this.record)
            line = `${this.ctx.label}: ${this.record.status} (deployment ${this.record.deploymentId})`;
        else if (this.queue.state === 'waiting') {
            line = `${this.ctx.label}: queued in Dokploy, position ${this.queue.position} (${this.queue.ahead} job${this.queue.ahead === 1 ? '' : 's'} ahead)`;
        }
        else
            line = `${this.ctx.label}: waiting for Dokploy to start the deployment`;
        if (!force && line === this.lastLine)
            return;
        this.lastLine = line;
        this.lastProgressAt = this.deps.clock.now();
        this.deps.log.info(`${line}, ${elapsed} elapsed`);
    }
}
/** The job left the queue without leaving a record: Dokploy restarted (v0.29.9+ loses waiting jobs). */
class LostJobError extends errors/* DeployFailedError */.P2 {
    constructor(label, action) {
        super(label, 'cancelled', `the ${action} job left Dokploy's queue without creating a deployment record (a Dokploy restart drops waiting jobs since v0.29.9): deploy again`);
    }
}
function isTransient(error) {
    return error instanceof DokployApiError && ['server', 'network', 'malformed', 'html'].includes(error.kind);
}

;// CONCATENATED MODULE: ./src/dokploy-deploy/deploy.ts
/**
 * The deploy flow: check the service, set its image and environment, snapshot its records, trigger
 * the deploy with a unique title, recognise the run's own record (`correlate.ts`), follow it to its
 * end, and on failure show the build log and optionally roll back. Pure: Dokploy is reached only
 * through `deps.fetch`, time only through `deps.clock`.
 */








/** Dokploy versions that changed what the flow can do (reference §1–§3). */
const TITLES_SINCE = 'v0.25.0';
const READ_LOGS_SINCE = 'v0.29.5';
/**
 * Deploys `settings.target` and, unless `settings.wait` is false, follows the run's deployment.
 * @returns the result, also for a deployment that ended in error, was cancelled or timed out
 * @throws DokployApiError when Dokploy refuses a call before the deploy is triggered (401, 404, ...)
 * @throws CancelledError when cancelled before the deploy was triggered (nothing was deployed)
 * @throws KitError when the service cannot take the requested change (docker-image on a git source)
 */
async function runDeploy(settings, deps) {
    const started = deps.clock.now();
    const deadline = started + settings.timeoutMs;
    const client = createDokployClient({ url: settings.dokployUrl, apiKey: settings.apiKey, deadline }, deps);
    const { target } = settings;
    let label = `${target.kind} ${target.id}`;
    let version;
    let triggeredAt;
    const marker = { title: settings.title, description: settings.description, sha: settings.sha };
    let known;
    try {
        version = await client.version();
        const service = await client.service(target);
        label = `${target.kind} ${service.name} (${target.id})`;
        deps.log.info(`Dokploy ${version}: ${settings.action} ${label}`);
        if ((0,lib_version/* compareVersions */.Z)(version, TITLES_SINCE) < 0) {
            deps.log.warning(`Dokploy ${version} ignores deploy titles (added in ${TITLES_SINCE}): the deployment will be recognised as the only new record`);
        }
        if (settings.dockerImage !== undefined)
            await setImage(client, service, settings.dockerImage, label, deps);
        if (settings.env.length > 0)
            await setEnvironment(client, service, settings, version, label, deps);
        known = new Set((await client.deployments(target)).map((d) => d.deploymentId));
        triggeredAt = deps.clock.now();
        await trigger(client, settings, marker, known, deps);
    }
    catch (error) {
        if (error instanceof errors/* CancelledError */.cc) {
            throw new errors/* CancelledError */.cc(`preparing the ${settings.action} of ${label}: nothing was deployed`);
        }
        if (error instanceof errors/* DeadlineError */.j3) {
            throw new errors/* DeadlineError */.j3(`Dokploy to accept the ${settings.action} of ${label}`, deps.clock.now() - started, error.lastState);
        }
        throw error;
    }
    deps.log.info(`Queued the ${settings.action} of ${label} with title "${settings.title}"`);
    const base = { label, dokployVersion: version, rolledBackTo: undefined };
    if (!settings.wait) {
        return {
            ...base,
            status: 'queued',
            deploymentId: undefined,
            matchedBy: undefined,
            durationSeconds: 0,
            failure: undefined,
        };
    }
    const followed = await followDeployment({ client, settings, marker, known, label, deadline, started }, deps);
    const durationSeconds = Math.round((deps.clock.now() - triggeredAt) / 1000);
    return deploy_finish(client, settings, followed, { ...base, durationSeconds, version }, deps);
}
async function deploy_finish(client, settings, followed, base, deps) {
    const { label, version, ...rest } = base;
    const result = {
        ...rest,
        label,
        status: followed.status,
        deploymentId: followed.record?.deploymentId,
        matchedBy: followed.matchedBy,
        failure: followed.failure,
    };
    if (followed.status === 'done') {
        deps.log.info(`Deployment ${followed.record?.deploymentId ?? ''} of ${label} is done (${(0,duration/* formatDuration */.a)(base.durationSeconds * 1000)})`);
        return result;
    }
    if (followed.status !== 'error' || followed.record?.status !== 'error')
        return result;
    const id = followed.record.deploymentId;
    await showBuildLog(client, id, settings.logLines, version, deps);
    let rolledBack = '';
    if (settings.rollbackOnFailure) {
        result.rolledBackTo = await rollBack(client, settings, id, label, deps);
        if (result.rolledBackTo)
            rolledBack = `; rolled back to deployment ${result.rolledBackTo}`;
    }
    const where = settings.logLines > 0 && (0,lib_version/* compareVersions */.Z)(version, READ_LOGS_SINCE) >= 0
        ? `the last lines of its build log are in the log group above; the full log is on deployment ${id} in Dokploy`
        : `open deployment ${id} in Dokploy for its build log`;
    result.failure = new errors/* DeployFailedError */.P2(label, 'error', `${where}${rolledBack}`);
    return result;
}
/** Triggers the deploy. A call that may have reached Dokploy is repeated only after the queue and records show no trace of it. */
async function trigger(client, settings, marker, known, deps) {
    const policy = toRetryPolicy();
    for (let attempt = 1;; attempt++) {
        try {
            await client.deploy(settings.target, {
                action: settings.action,
                title: marker.title,
                description: marker.description,
            });
            return;
        }
        catch (error) {
            if (!(error instanceof DokployApiError) || !error.mayHaveReached || attempt >= policy.maxAttempts)
                throw error;
            deps.log.warning(`${error.message.split(':')[0]}; checking Dokploy's queue and records before trying again`);
            await deps.clock.sleep(nextDelay(attempt, policy, deps.clock.random), deps.signal);
            if (await reachedDokploy(client, settings, marker, known)) {
                deps.log.info('The deploy had reached Dokploy; not sending it again');
                return;
            }
        }
    }
}
async function reachedDokploy(client, settings, marker, known) {
    const jobs = await client.queueList().catch(() => undefined);
    if (findOwnJob(jobs, settings.target.id, marker).state !== 'absent' && jobs !== undefined)
        return true;
    // A short build may already be over, its title rewritten: any recognisable new record counts.
    const rows = await client.deployments(settings.target);
    return findOwnRecord(rows, known, marker, { state: 'absent' }).found !== undefined;
}
async function setImage(client, service, image, label, deps) {
    if (service.sourceType !== 'docker') {
        throw new errors/* KitError */.Fb(`Input 'docker-image' is set but ${label} is built from its ${service.sourceType || 'git'} source, not a Docker image: remove 'docker-image' or switch the application's source to Docker in Dokploy`);
    }
    await client.saveDockerProvider(service.id, {
        dockerImage: image,
        username: service.username,
        password: service.password,
        registryUrl: service.registryUrl,
    });
    deps.log.info(`Set the image of ${label} to ${image}${service.dockerImage ? ` (was ${service.dockerImage})` : ''}`);
}
async function setEnvironment(client, service, settings, version, label, deps) {
    const change = mergeEnv(service.env ?? '', settings.env, settings.envMode);
    const keys = change.keys.join(', ');
    if (!change.changed) {
        deps.log.info(`The environment of ${label} already holds ${keys}`);
        return;
    }
    if (service.kind === 'application') {
        // saveEnvironment replaces all four fields (§2.7): send the stored build args and secrets back.
        await client.saveApplicationEnvironment(service.id, {
            env: change.text,
            buildArgs: service.buildArgs,
            buildSecrets: service.buildSecrets,
            createEnvFile: service.createEnvFile ?? true,
        });
    }
    else {
        await client.saveComposeEnvironment(service.id, change.text, version);
    }
    const how = settings.envMode === 'merge' ? 'merged into' : 'replaced';
    deps.log.info(`Environment of ${label} ${how}: ${keys} (values not shown)`);
}
async function showBuildLog(client, deploymentId, lines, version, deps) {
    if (lines === 0)
        return;
    if ((0,lib_version/* compareVersions */.Z)(version, READ_LOGS_SINCE) < 0) {
        deps.log.warning(`Dokploy ${version} cannot serve build logs over HTTP (needs ${READ_LOGS_SINCE}): open deployment ${deploymentId} in Dokploy`);
        return;
    }
    try {
        const text = await client.readLogs(deploymentId, lines);
        await deps.log.group(`Build log of deployment ${deploymentId} (last ${lines} lines)`, async () => {
            const body = text.replace(/\n$/, '');
            if (body.trim() === '')
                deps.log.info('(Dokploy returned an empty log: the log may live on a build server)');
            else
                for (const line of body.split('\n'))
                    deps.log.info(line);
        });
    }
    catch (error) {
        if (error instanceof errors/* CancelledError */.cc)
            throw error;
        deps.log.warning(`Could not read the build log: ${error.message}`);
    }
}
async function rollBack(client, settings, failedId, label, deps) {
    if (settings.target.kind === 'compose') {
        deps.log.warning(`Not rolled back: Dokploy has no rollback for compose stacks (${label})`);
        return undefined;
    }
    try {
        const service = await client.service(settings.target);
        if (!service.rollbackActive) {
            deps.log.warning(`Not rolled back: ${label} keeps no rollback images (turn on Rollbacks with a registry in Dokploy)`);
            return undefined;
        }
        const rows = await client.deployments(settings.target);
        const good = rows.find((r) => r.deploymentId !== failedId && r.status === 'done' && r.rollbackId);
        if (!good?.rollbackId) {
            deps.log.warning(`Not rolled back: ${label} has no earlier successful deployment with a rollback image`);
            return undefined;
        }
        await client.rollback(good.rollbackId);
        deps.log.info(`Rolled ${label} back to deployment ${good.deploymentId} ("${good.title}"), the last one that succeeded`);
        return good.deploymentId;
    }
    catch (error) {
        if (error instanceof errors/* CancelledError */.cc)
            throw error;
        deps.log.warning(`Rollback failed: ${error.message}`);
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/lib/input.ts
var input = __webpack_require__(2951);
;// CONCATENATED MODULE: ./src/dokploy-deploy/settings.ts



/** Accepted values of `action`. */
const ACTIONS = ['deploy', 'redeploy'];
/** Accepted values of `env-mode`. */
const ENV_MODES = ['merge', 'replace'];
/** Inputs whose values are masked before anything else happens. */
const SECRET_INPUTS = (/* unused pure expression or super */ null && (['api-key']));
/** Defaults, as action.yml repeats them. */
const DEFAULTS = {
    action: 'deploy',
    wait: 'true',
    timeout: '30m',
    'poll-interval': '3s',
    'env-mode': 'merge',
    'log-lines': '100',
    'rollback-on-failure': 'false',
};
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/**
 * Reads and checks every input.
 * @param read - returns an input's raw value ('' when absent)
 * @param run - the run's identity, for the default title and description
 * @throws InputError for the first bad input (one line naming it)
 */
function readSettings(read, run) {
    const dokployUrl = parseUrl(read('dokploy-url'));
    const apiKey = read('api-key').trim();
    if (apiKey === '') {
        throw (0,errors/* inputError */.Xu)('api-key', undefined, 'is required: pass a Dokploy API key from a secret, e.g. ${{ secrets.DOKPLOY_API_KEY }}');
    }
    const target = parseTarget(read('application-id'), read('compose-id'));
    const action = (0,input/* parseEnum */.nL)('action', read('action'), ACTIONS, DEFAULTS.action);
    const timeoutMs = (0,duration/* parseDuration */.E)('timeout', read('timeout') || DEFAULTS.timeout);
    if (timeoutMs <= 0)
        throw (0,errors/* inputError */.Xu)('timeout', read('timeout'), 'use a duration above zero, such as 30m');
    const pollIntervalMs = (0,duration/* parseDuration */.E)('poll-interval', read('poll-interval') || DEFAULTS['poll-interval']);
    if (pollIntervalMs < 500) {
        throw (0,errors/* inputError */.Xu)('poll-interval', read('poll-interval'), 'use at least 500ms (the default 3s is gentle on Dokploy)');
    }
    const dockerImage = read('docker-image').trim() || undefined;
    if (dockerImage !== undefined && action === 'redeploy') {
        throw (0,errors/* inputError */.Xu)('docker-image', dockerImage, "cannot be used with action 'redeploy', which rebuilds without pulling: use action 'deploy'");
    }
    if (dockerImage !== undefined && target.kind === 'compose') {
        throw (0,errors/* inputError */.Xu)('docker-image', dockerImage, 'applies to applications only: set the image in the compose file instead');
    }
    const sha = run.sha.trim() || undefined;
    const marker = defaultMarker(run);
    return {
        dokployUrl,
        apiKey,
        target,
        action,
        wait: (0,input/* parseBoolean */.yG)('wait', read('wait'), true),
        timeoutMs,
        pollIntervalMs,
        title: read('title').trim() || marker.title,
        description: read('description').trim() || marker.description,
        sha,
        env: parseEnvLines(read('env')),
        envMode: (0,input/* parseEnum */.nL)('env-mode', read('env-mode'), ENV_MODES, DEFAULTS['env-mode']),
        dockerImage,
        logLines: (0,input/* parseInteger */.cG)('log-lines', read('log-lines'), Number(DEFAULTS['log-lines']), 0, 10_000),
        rollbackOnFailure: (0,input/* parseBoolean */.yG)('rollback-on-failure', read('rollback-on-failure'), false),
    };
}
/** The run's identity from GITHUB_* variables (passed in as a value; the shell gives process.env). */
function runContextFromEnv(env) {
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
function defaultMarker(run) {
    const sha7 = run.sha.slice(0, 7);
    const attempt = run.runAttempt || '1';
    const title = [`${run.workflow || 'dokploy-deploy'} #${run.runNumber || run.runId || '0'}.${attempt}`, sha7]
        .filter(Boolean)
        .join(' ');
    const where = run.repository ? `${run.repository}${run.sha ? `@${run.sha}` : ''}` : run.sha;
    const description = [`GitHub Actions run ${run.runId || '?'}.${attempt}`, where].filter(Boolean).join(' ');
    return { title, description };
}
function parseUrl(text) {
    const value = text.trim();
    if (value === '') {
        throw (0,errors/* inputError */.Xu)('dokploy-url', undefined, "is required: your Dokploy server's address, e.g. https://dokploy.example.com");
    }
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw (0,errors/* inputError */.Xu)('dokploy-url', value, 'use an http(s) address such as https://dokploy.example.com');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw (0,errors/* inputError */.Xu)('dokploy-url', value, 'use an http(s) address such as https://dokploy.example.com');
    }
    if (url.username || url.password || url.search || url.hash) {
        throw (0,errors/* inputError */.Xu)('dokploy-url', `${url.protocol}//${url.host}${url.pathname}`, 'give the bare address: no credentials, query or fragment');
    }
    // People often paste the API base; the kit adds /api itself.
    const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
    return `${url.protocol}//${url.host}${path}`;
}
function parseTarget(applicationId, composeId) {
    const app = applicationId.trim();
    const compose = composeId.trim();
    if (app !== '' && compose !== '') {
        throw new errors/* InputError */.dz("Inputs 'application-id' and 'compose-id'", undefined, 'are both set: give exactly one');
    }
    if (app === '' && compose === '') {
        throw new errors/* InputError */.dz("Inputs 'application-id' and 'compose-id'", undefined, "are both empty: give exactly one (the id is in the service's URL in Dokploy)");
    }
    return app !== '' ? { kind: 'application', id: app } : { kind: 'compose', id: compose };
}
/** Parses `env` lines. A bad line is named by number only: it may hold a secret. */
function parseEnvLines(text) {
    const pairs = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const eq = line.indexOf('=');
        const key = eq > 0 ? line.slice(0, eq).trim() : '';
        if (!ENV_KEY.test(key)) {
            throw new errors/* InputError */.dz(`Input 'env' line ${index + 1}`, undefined, 'is not KEY=VALUE: write one variable per line as KEY=VALUE, the key made of letters, digits and _ (the line is not shown: it may hold a secret)');
        }
        pairs.push([key, line.slice(eq + 1)]);
    });
    return pairs;
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/requests.ts


/** Thrown when a request got no answer (connection refused, timeout); carries the method and URL. */
class RequestFailedError extends Error {
    method;
    url;
    reason;
    name = 'RequestFailedError';
    constructor(method, url, reason) {
        super(`${method} ${url} failed: ${reason}`);
        this.method = method;
        this.url = url;
        this.reason = reason;
    }
}
/**
 * Sends one request and reads its body up to `limits.maxBytes`, retrying connection errors and
 * retryable statuses (the last answer is returned even when its status is retryable).
 * @throws RequestFailedError when no attempt got an answer; CancelledError when `deps.signal` aborts
 */
async function request(method, url, headers, limits, deps) {
    for (let attempt = 1;; attempt++) {
        let reason;
        try {
            const answer = await attempt1(method, url, headers, limits, deps);
            if (!isRetryableStatus(answer.status, limits.retry) || attempt >= limits.retry.maxAttempts)
                return answer;
            reason = `answered ${answer.status}`;
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc || !(error instanceof RequestFailedError))
                throw error;
            if (attempt >= limits.retry.maxAttempts)
                throw error;
            reason = error.reason;
        }
        const wait = nextDelay(attempt, limits.retry, deps.clock.random);
        deps.log.info(`${method} ${url} ${reason}; retry ${attempt + 1} of ${limits.retry.maxAttempts} in ${wait} ms`);
        await deps.clock.sleep(wait, deps.signal);
    }
}
async function attempt1(method, url, headers, limits, deps) {
    if (deps.signal.aborted)
        throw new errors/* CancelledError */.cc(`requesting ${url}`);
    const controller = new AbortController();
    const abort = () => controller.abort();
    deps.signal.addEventListener('abort', abort, { once: true });
    let timedOut = false;
    // The deadline runs on the injected clock; the sleep is cancelled once the request settles.
    const timer = new AbortController();
    deps.clock.sleep(limits.timeoutMs, timer.signal).then(() => {
        timedOut = true;
        controller.abort();
    }, () => undefined);
    try {
        const response = await deps.fetch(url, {
            method,
            headers,
            redirect: 'manual',
            signal: controller.signal,
        });
        const { body, truncated } = await readBounded(response, limits.maxBytes);
        return {
            method,
            url,
            status: response.status,
            headers: response.headers,
            setCookies: response.headers.getSetCookie(),
            body,
            truncated,
        };
    }
    catch (error) {
        if (deps.signal.aborted)
            throw new errors/* CancelledError */.cc(`requesting ${url}`);
        if (timedOut)
            throw new RequestFailedError(method, url, `no answer within ${limits.timeoutMs} ms`);
        throw new RequestFailedError(method, url, requests_describeNetworkError(error));
    }
    finally {
        timer.abort();
        deps.signal.removeEventListener('abort', abort);
    }
}
async function readBounded(response, maxBytes) {
    if (!response.body)
        return { body: '', truncated: false };
    const reader = response.body.getReader();
    const parts = [];
    let size = 0;
    let truncated = false;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        parts.push(value);
        size += value.byteLength;
        if (size > maxBytes) {
            truncated = true;
            await reader.cancel();
            break;
        }
    }
    const bytes = Buffer.concat(parts).subarray(0, maxBytes);
    return { body: bytes.toString('utf8'), truncated };
}
function requests_describeNetworkError(error) {
    // Checked by shape, not instanceof: fetch's errors may come from another realm (jest's vm, a bundle).
    const message = (value) => value &&
        typeof value === 'object' &&
        'message' in value &&
        typeof value.message === 'string' &&
        value.message !== ''
        ? value.message
        : undefined;
    const cause = error && typeof error === 'object' && 'cause' in error ? error.cause : undefined;
    const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
    const detail = message(cause) ?? message(error) ?? (0,errors/* toError */.iT)(error).message;
    return code && !detail.includes(code) ? `${code} ${detail}` : detail;
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/redact.ts
/**
 * Keeps credentials out of everything the action shows. Bodies are redacted as soon as they are read,
 * so that a snippet cut next to an echoed credential cannot show part of it; results are redacted again
 * before they leave the core.
 */
/** What a secret is replaced with. */
const REDACTED = '***';
/** Each secret as it may be echoed: raw, URL-encoded, JSON-escaped; longest first. */
function secretForms(values) {
    const forms = values
        .filter((value) => value !== '')
        .flatMap((value) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]);
    // Longest first, so that a longer form is not half-replaced by a shorter one.
    return [...new Set(forms)].sort((x, y) => y.length - x.length);
}
/** Replaces every occurrence of every form with `***`. */
function redactText(text, forms) {
    return forms.reduce((acc, form) => acc.split(form).join(REDACTED), text);
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/context.ts
/**
 * What the checks share while they run: the spec, the credentials, the request limits, and memoized
 * loads (each page, script chunk and own-credential answer is fetched once per run).
 */


/** Builds the context of one run. */
function createContext(spec, credentials, options, deps) {
    const pageCache = new Map();
    const chunkCache = new Map();
    const authCache = new Map();
    const secrets = secretForms(Object.values(credentials));
    const clean = (answer) => ({ ...answer, body: redactText(answer.body, secrets) });
    const context = {
        spec,
        credentials,
        options,
        deps,
        send: (method, url, headers = {}) => request(method, url, headers, options.limits, deps).then(clean),
        redact: (text) => redactText(text, secrets),
        pages: (platform) => memo(pageCache, platform.name, () => loadPages(context, platform, chunkCache)),
        ownAuth: (platform) => memo(authCache, platform.name, () => {
            const auth = platform.auth;
            if (!auth)
                throw new Error(`${platform.name} has no auth endpoint`);
            return context.send('GET', resolveUrl(platform, auth.endpoint), credentialHeaders(platform, credentials[platform.name] ?? ''));
        }),
    };
    return context;
}
/** The headers that present `credential` the way `platform`'s auth endpoint expects it. */
function credentialHeaders(platform, credential) {
    const auth = platform.auth;
    if (!auth)
        return {};
    if (auth.cookie !== undefined)
        return { cookie: `${auth.cookie}=${credential}` };
    return { [auth.header]: auth.scheme === '' ? credential : `${auth.scheme} ${credential}` };
}
/** Resolves a spec path (or absolute URL) against the platform's URL. */
function resolveUrl(platform, path) {
    return new URL(path, platform.url.endsWith('/') ? platform.url : `${platform.url}/`).href;
}
/**
 * Finds the scripts an HTML page references: `<script src>` and `<link rel="preload|modulepreload">`
 * for scripts. Returns absolute URLs in document order, without duplicates.
 */
function findScriptUrls(html, pageUrl) {
    const found = [];
    const add = (src) => {
        try {
            const url = new URL(decodeEntities(src), pageUrl).href;
            if (!found.includes(url))
                found.push(url);
        }
        catch {
            // An unparsable src is not a script a browser would load either.
        }
    };
    for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
        const isScript = /^<script/i.test(tag);
        const rel = attribute(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
        const as = attribute(tag, 'as')?.toLowerCase() ?? '';
        const wanted = isScript || rel.includes('modulepreload') || (rel.includes('preload') && as === 'script');
        const src = wanted ? attribute(tag, isScript ? 'src' : 'href') : undefined;
        if (src)
            add(src);
    }
    // Next.js App Router lists the route's chunks in its inline flight data ("static/chunks/…js",
    // relative to /_next/) rather than only in script tags.
    for (const match of html.matchAll(/["'](\/_next\/)?(static\/chunks\/[\w\-./~%@]+?\.js)\\?["']/g)) {
        add(`/_next/${match[2]}`);
    }
    return found;
}
async function loadPages(context, platform, chunkCache) {
    const loads = [];
    const followed = new Set();
    for (const path of platform.pages) {
        const url = resolveUrl(platform, path);
        const page = {
            path,
            url,
            answer: undefined,
            error: undefined,
            chunks: [],
            notFollowed: [],
            rendered: undefined,
            hops: [],
        };
        loads.push(page);
        try {
            page.hops = await getFollowing(context, platform, url);
            page.answer = page.hops.at(-1);
        }
        catch (error) {
            if (!(error instanceof RequestFailedError))
                throw error;
            page.error = error.reason;
            continue;
        }
        if (!page.answer || page.answer.status < 200 || page.answer.status > 299) {
            const location = page.answer?.headers.get('location');
            page.error = `answered ${page.answer?.status}${location ? ` redirecting to ${location}, off the platform` : ''}`;
            continue;
        }
        for (const script of findScriptUrls(page.answer.body, page.answer.url)) {
            const target = toConnectUrl(platform, script);
            if (target === undefined) {
                page.notFollowed.push(`${script} (other origin)`);
            }
            else if (!followed.has(target) && followed.size >= context.options.maxChunks) {
                page.notFollowed.push(`${script} (past ${context.options.maxChunks} chunks)`);
            }
            else {
                followed.add(target);
                page.chunks.push(await memo(chunkCache, target, () => loadChunk(context, target)));
            }
        }
        if (context.deps.browser)
            page.error = await renderInto(context, platform, page);
    }
    return loads;
}
/** Redirects followed per page at most. */
const MAX_REDIRECTS = 5;
/**
 * GETs a page, following redirects that stay on the platform (its URL or its public origin), and
 * returns every hop's answer, the page last: a cookie set on a redirect counts too. Only pages
 * follow redirects; an auth endpoint's redirect (to a login page) is judged as it is.
 */
async function getFollowing(context, platform, url) {
    const hops = [];
    let current = url;
    for (let hop = 0;; hop++) {
        const answer = await context.send('GET', current);
        hops.push(answer);
        const location = answer.headers.get('location');
        const next = location && answer.status >= 300 && answer.status <= 399
            ? toConnectUrl(platform, new URL(location, current).href)
            : undefined;
        if (next === undefined || hop >= MAX_REDIRECTS)
            return hops;
        current = next;
    }
}
/** Loads the page in the browser too; returns why that failed, if it did. */
async function renderInto(context, platform, page) {
    try {
        const rendered = await context.deps.browser?.render(platform, page.path);
        page.rendered = rendered && {
            ...rendered,
            dom: context.redact(rendered.dom),
            scripts: rendered.scripts.map((s) => ({ ...s, body: context.redact(s.body) })),
        };
        return undefined;
    }
    catch (error) {
        if (context.deps.signal.aborted)
            throw error;
        const message = error instanceof Error ? error.message : String(error);
        return `the browser could not load it: ${message.split('\n')[0] ?? message}`;
    }
}
async function loadChunk(context, url) {
    const limits = { ...context.options.limits, maxBytes: context.options.maxChunkBytes };
    try {
        const raw = await request('GET', url, {}, limits, context.deps);
        const answer = { ...raw, body: context.redact(raw.body) };
        const error = answer.status >= 200 && answer.status <= 299 ? undefined : `answered ${answer.status}`;
        return { url, answer, error };
    }
    catch (error) {
        if (!(error instanceof RequestFailedError))
            throw error;
        return { url, answer: undefined, error: error.reason };
    }
}
/** Maps a script URL to where the runner fetches it: same origin as the URL or the public origin. */
function toConnectUrl(platform, script) {
    const target = new URL(script);
    const base = new URL(platform.url);
    if (target.origin === base.origin)
        return target.href;
    if (target.origin === platform.origin)
        return new URL(target.pathname + target.search, base.origin).href;
    return undefined;
}
function attribute(tag, name) {
    const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
    return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}
function decodeEntities(text) {
    return text
        .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
        .replace(/&#(\d+);/g, (_, dec) => String.fromCodePoint(Number(dec)))
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}
function memo(cache, key, load) {
    let value = cache.get(key);
    if (!value) {
        value = load();
        cache.set(key, value);
    }
    return value;
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/auth.ts
/**
 * The credential checks: A's authenticated endpoint accepts A's credential and rejects B's (presented
 * the way A expects it). Bodies are never shown: they may echo the credential or user data.
 */

/** Rule own-credential: A's endpoint accepts A's credential (the `status` list, or any 2xx). */
async function checkOwnCredential(context, a, auth) {
    const answer = await context.ownAuth(a);
    const evidence = [authEvidence(answer, `${a.name}'s credential`)];
    const accepted = auth.status.length > 0
        ? auth.status.includes(answer.status)
        : answer.status >= 200 && answer.status <= 299;
    const expected = auth.status.length > 0 ? listStatuses(auth.status) : 'a 2xx status';
    if (accepted)
        return { verdict: 'passed', message: `${a.name}'s endpoint accepts its own credential`, evidence };
    return {
        verdict: 'failed',
        message: `${a.name}'s endpoint ${auth.endpoint} did not accept its own credential (${auth.credential}): GET ${answer.url} answered ${answer.status}, expected ${expected}`,
        evidence,
    };
}
/** Rule foreign-credential: A's endpoint rejects B's credential with one of A's `foreign-status`. */
async function checkForeignCredential(context, a, auth, b) {
    const foreign = context.credentials[b.name];
    if (!b.auth || foreign === undefined) {
        return { verdict: 'skipped', message: `${b.name} has no credential in the spec`, evidence: [] };
    }
    const answer = await context.send('GET', resolveUrl(a, auth.endpoint), credentialHeaders(a, foreign));
    const evidence = [authEvidence(answer, `${b.name}'s credential`)];
    if (auth.foreignStatus.includes(answer.status)) {
        return { verdict: 'passed', message: `${a.name}'s endpoint rejects ${b.name}'s credential`, evidence };
    }
    const what = answer.status >= 200 && answer.status <= 299 ? 'accepted' : 'did not reject';
    return {
        verdict: 'failed',
        message: `${a.name}'s endpoint ${auth.endpoint} ${what} ${b.name}'s credential (${b.auth.credential}): GET ${answer.url} answered ${answer.status}, expected ${listStatuses(auth.foreignStatus)}`,
        evidence,
    };
}
function authEvidence(answer, presented) {
    const type = answer.headers.get('content-type') ?? 'no content type';
    return {
        request: `GET ${answer.url} with ${presented}`,
        status: answer.status,
        detail: `${type}, ${Buffer.byteLength(answer.body)} byte(s) (body not shown)`,
    };
}
function listStatuses(statuses) {
    return statuses.length === 1
        ? String(statuses[0])
        : `${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1)}`;
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/content.ts
/** Characters of context shown on each side of a match. */
const SNIPPET_CONTEXT = 40;
/** Rule own-markers: every page of A shows all (or any, per `require-markers`) of A's markers. */
async function checkOwnMarkers(context, a) {
    const pages = await context.pages(a);
    const broken = unreadable(pages);
    if (broken)
        return broken;
    const evidence = [];
    for (const page of pages) {
        const missing = [];
        for (const marker of a.markers) {
            const hit = findMarker(page, marker)[0];
            if (hit)
                evidence.push(hitEvidence(hit));
            else
                missing.push(marker.label);
        }
        const shown = a.markers.length - missing.length;
        if (missing.length > 0 && (a.requireMarkers === 'all' || shown === 0)) {
            const browser = page.rendered ? ' and the rendered page' : '';
            const detail = `missing ${missing.join(', ')} (HTML, ${page.chunks.length} script(s)${browser} searched)`;
            evidence.unshift({
                request: `GET ${page.answer?.url ?? page.url}`,
                status: page.answer?.status,
                detail,
            });
            return {
                verdict: 'failed',
                message: `${a.name}'s page ${page.path} does not show ${a.requireMarkers === 'all' ? 'all of' : 'any of'} its own markers: ${detail}`,
                evidence,
            };
        }
    }
    return { verdict: 'passed', message: `${a.name}'s ${pages.length} page(s) show its markers`, evidence };
}
/** Rule foreign-markers: no page of A (HTML or scripts) shows any of B's markers. */
async function checkForeignMarkers(context, a, b) {
    const pages = await context.pages(a);
    const broken = unreadable(pages);
    if (broken)
        return broken;
    const hits = pages.flatMap((page) => b.markers.flatMap((marker) => findMarker(page, marker).map((hit) => ({ page, hit }))));
    const searched = pages.map((page) => ({
        request: `GET ${page.answer?.url ?? page.url}`,
        status: page.answer?.status,
        detail: describeSearch(page),
    }));
    const first = hits[0];
    if (!first) {
        return {
            verdict: 'passed',
            message: `${a.name}'s pages show none of ${b.name}'s markers`,
            evidence: searched,
        };
    }
    const where = first.hit.where === 'script' ? `script ${first.hit.request.replace(/^GET /, '')}` : first.hit.where;
    return {
        verdict: 'failed',
        message: `${a.name}'s page ${first.page.path} contains ${b.name}'s marker ${first.hit.marker.label} in its ${where}: ${first.hit.snippet}${hits.length > 1 ? ` (${hits.length} matches in all)` : ''}`,
        evidence: hits.map(({ hit }) => hitEvidence(hit)),
    };
}
/** Every place a marker occurs on a loaded page: its HTML first, then its scripts. */
function findMarker(page, marker) {
    const hits = [];
    for (const source of sources(page)) {
        const match = new RegExp(marker.regex.source, marker.regex.flags.replace('g', '')).exec(source.text);
        if (match) {
            const { request, status, where } = source;
            hits.push({
                marker,
                request,
                status,
                where,
                snippet: snippet(source.text, match.index, match[0].length),
            });
        }
    }
    return hits;
}
/** A one-line excerpt around a match, quoted, with `…` where text was cut. */
function snippet(text, index, length) {
    const start = Math.max(0, index - SNIPPET_CONTEXT);
    const end = Math.min(text.length, index + Math.max(length, 1) + SNIPPET_CONTEXT);
    const body = text
        .slice(start, end)
        .replace(/\\/g, '\\\\')
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
        .replace(/\t/g, '\\t')
        // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped here
        .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return `'${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}'`;
}
function hitEvidence(hit) {
    return {
        request: hit.request,
        status: hit.status,
        detail: `${hit.marker.label} in ${hit.where}: ${hit.snippet}`,
    };
}
/** What was searched on a page: the HTML, how many scripts (and which were cut or skipped), the browser. */
function describeSearch(page) {
    const parts = [`searched the HTML and ${page.chunks.length} script(s)`];
    const cut = [page.answer, ...page.chunks.map((c) => c.answer)].filter((a) => a?.truncated).length;
    if (cut > 0)
        parts.push(` (${cut} read only up to the size limit)`);
    if (page.rendered)
        parts.push(`, and the page in the browser with ${page.rendered.scripts.length} script(s)`);
    if (page.notFollowed.length > 0)
        parts.push(`; not followed: ${page.notFollowed.join(', ')}`);
    return parts.join('');
}
/** The texts of a page to search: its HTML, its scripts, and what the browser saw (browser mode). */
function sources(page) {
    const list = [
        {
            request: `GET ${page.answer?.url ?? page.url}`,
            status: page.answer?.status,
            text: page.answer?.body ?? '',
            where: 'HTML',
        },
        ...page.chunks.map((chunk) => ({
            request: `GET ${chunk.url}`,
            status: chunk.answer?.status,
            text: chunk.error === undefined ? (chunk.answer?.body ?? '') : '',
            where: 'script',
        })),
    ];
    const rendered = page.rendered;
    if (!rendered)
        return list;
    list.push({
        request: `BROWSER ${rendered.url}`,
        status: rendered.status,
        text: rendered.dom,
        where: 'rendered page',
    });
    const read = new Set(page.chunks.map((chunk) => pathOf(chunk.url)));
    for (const script of rendered.scripts.filter((s) => !read.has(pathOf(s.url)))) {
        list.push({
            request: `GET ${script.url} (loaded by the browser)`,
            status: 200,
            text: script.body,
            where: 'script',
        });
    }
    return list;
}
function pathOf(url) {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
}
/** An `error` outcome when a page or one of its scripts could not be read, else `undefined`. */
function unreadable(pages) {
    for (const page of pages) {
        if (page.error !== undefined) {
            return {
                verdict: 'error',
                message: `could not load page ${page.url}: ${page.error}`,
                evidence: [{ request: `GET ${page.url}`, status: page.answer?.status, detail: page.error }],
            };
        }
        const chunk = page.chunks.find((c) => c.error !== undefined);
        if (chunk) {
            return {
                verdict: 'error',
                message: `could not load script ${chunk.url} referenced by ${page.url}: ${chunk.error}`,
                evidence: [{ request: `GET ${chunk.url}`, status: chunk.answer?.status, detail: chunk.error ?? '' }],
            };
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/compare.ts
/**
 * User-listed comparisons: an endpoint that must answer differently (or identically) on two platforms,
 * e.g. `/api/platform` or a config endpoint that reveals which build variant is served.
 */


/** Rule compare: GET `compare.path` on A and on B; status and body must differ (or match). */
async function checkCompare(context, compare, a, b) {
    const left = await context.send('GET', resolveUrl(a, compare.path));
    const right = await context.send('GET', resolveUrl(b, compare.path));
    const same = left.status === right.status && left.body.trim() === right.body.trim();
    const evidence = [compareEvidence(left), compareEvidence(right)];
    const holds = compare.expect === 'same' ? same : !same;
    const answered = same ? 'the same' : 'differently';
    if (holds) {
        return {
            verdict: 'passed',
            message: `${compare.path} answers ${answered} on ${a.name} and ${b.name}`,
            evidence,
        };
    }
    return {
        verdict: 'failed',
        message: `${compare.path} must answer ${compare.expect === 'same' ? 'the same' : 'differently'} on ${a.name} and ${b.name} but answered ${answered}: ${evidence.map((e) => `${e.request} → ${e.status}: ${e.detail}`).join('; ')}`,
        evidence,
    };
}
function compareEvidence(answer) {
    return { request: `GET ${answer.url}`, status: answer.status, detail: snippet(answer.body.trim(), 0, 80) };
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/run-e2e-separation/cookies.ts
/**
 * Set-Cookie parsing and RFC 6265 scoping: which hosts a browser sends a cookie back to.
 * A cookie without Domain is host-only (sent to the exact host that set it); with Domain=d it is sent
 * to d and every subdomain of d, so `Domain=example.com` set by bizoholic.example.com also reaches
 * coreldove.example.com. Ports never separate cookies (RFC 6265 §8.5).
 */

/**
 * Parses one Set-Cookie header line (RFC 6265 §5.2); `undefined` when the line has no name=value pair.
 * @example parseSetCookie('sid=abc; Domain=.Example.com; Path=/', 0)?.domain // 'example.com'
 */
function parseSetCookie(line, nowMs) {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq < 0)
        return undefined;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let domain;
    let expired = false;
    for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const attrValue = rest.join('=').trim();
        switch (key.trim().toLowerCase()) {
            case 'domain': {
                const d = attrValue.replace(/^\./, '').toLowerCase();
                domain = d === '' ? undefined : d;
                break;
            }
            case 'max-age':
                if (/^-?\d+$/.test(attrValue) && Number(attrValue) <= 0)
                    expired = true;
                break;
            case 'expires': {
                const at = Date.parse(attrValue);
                if (!Number.isNaN(at) && at <= nowMs)
                    expired = true;
                break;
            }
        }
    }
    const display = [`${name}=…`, ...attributes.map((a) => a.trim()).filter((a) => a !== '')].join('; ');
    return { name, domain, display, value, expired };
}
/** Returns where a cookie set by `setterHost` is scoped, or why a browser would refuse it. */
function cookieScope(cookie, setterHost) {
    const host = setterHost.toLowerCase();
    if (cookie.domain === undefined)
        return { kind: 'host-only', host };
    if ((0,external_node_net_.isIP)(host) !== 0 && cookie.domain !== host) {
        return { kind: 'rejected', reason: `Domain=${cookie.domain} set by the IP address ${host}` };
    }
    if (!domainMatches(host, cookie.domain)) {
        return { kind: 'rejected', reason: `Domain=${cookie.domain} does not cover the setting host ${host}` };
    }
    return { kind: 'domain', domain: cookie.domain };
}
/** True when a browser would send a cookie with this scope to `host`. */
function isSentTo(scope, host) {
    const target = host.toLowerCase();
    if (scope.kind === 'host-only')
        return scope.host === target;
    if (scope.kind === 'domain')
        return domainMatches(target, scope.domain);
    return false;
}
/** RFC 6265 §5.1.3 domain-match: the host is the domain or a subdomain of it (never for IPs). */
function domainMatches(host, domain) {
    if (host === domain)
        return true;
    return (0,external_node_net_.isIP)(host) === 0 && host.endsWith(`.${domain}`);
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/cookie-scope.ts


/** Rule cookie-scope: none of A's cookies reaches B's host. */
async function checkCookieScope(context, a, b) {
    const cookies = await seenCookies(context, a);
    for (const cookie of cookies) {
        if (!isSentTo(cookie.scope, b.host))
            continue;
        const why = cookie.scope.kind === 'domain'
            ? `has Domain=${cookie.scope.domain}, so browsers send it to ${b.name}'s host ${b.host}`
            : `is host-only on ${a.host}, which ${b.name} is served from too`;
        const { request, status, detail } = cookie.evidence;
        return {
            verdict: 'failed',
            message: `cookie '${cookie.name}' ${cookie.setter} ${why}: ${request} answered ${status ?? 'nothing'} with ${detail}`,
            evidence: [cookie.evidence],
        };
    }
    const message = cookies.length === 0
        ? `${a.name} set no cookies`
        : `none of the ${cookies.length} cookie(s) ${a.name} sets reaches ${b.name}'s host ${b.host}`;
    return { verdict: 'passed', message, evidence: cookies.map((c) => c.evidence) };
}
/** The cookies A sets: Set-Cookie of its pages and own-credential answer, and the browser's jar. */
async function seenCookies(context, a) {
    const seen = [];
    const pages = await context.pages(a);
    const answers = pages.flatMap((page) => {
        // Without an answer the cookies of that page are unknown: the check cannot pass.
        if (!page.answer)
            throw new RequestFailedError('GET', page.url, page.error ?? 'no answer');
        return page.hops;
    });
    if (a.auth)
        answers.push(await context.ownAuth(a));
    for (const answer of answers) {
        for (const line of answer.setCookies) {
            const cookie = parseSetCookie(line, context.deps.clock.now());
            if (!cookie || cookie.expired)
                continue;
            seen.push({
                name: cookie.name,
                scope: cookieScope(cookie, a.host),
                setter: `set by ${a.name}`,
                evidence: {
                    request: `${answer.method} ${answer.url}`,
                    status: answer.status,
                    detail: `Set-Cookie: ${cookie.display}`,
                },
            });
        }
    }
    const known = new Set(seen.map((c) => c.name));
    for (const page of pages) {
        for (const cookie of page.rendered?.cookies ?? []) {
            if (known.has(cookie.name))
                continue;
            known.add(cookie.name);
            seen.push({
                name: cookie.name,
                scope: browserScope(cookie),
                setter: `set by ${a.name}'s scripts`,
                evidence: {
                    request: `BROWSER ${page.rendered?.url ?? page.url}`,
                    status: page.rendered?.status,
                    detail: `document.cookie in the browser: ${cookie.display}`,
                },
            });
        }
    }
    return seen;
}
/** The browser stores a domain cookie with a leading dot and a host-only cookie without one. */
function browserScope(cookie) {
    const domain = cookie.domain.toLowerCase();
    return domain.startsWith('.')
        ? { kind: 'domain', domain: domain.slice(1) }
        : { kind: 'host-only', host: domain };
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/cors.ts
/**
 * The CORS check: A must not let B's origin read its answers with credentials. A preflight (OPTIONS)
 * and a simple GET are sent with `Origin: <B's origin>`; the check fails when A answers
 * `Access-Control-Allow-Credentials: true` together with B's origin or `*`.
 */

/** An origin no platform has: if A admits it too, A echoes any Origin. */
const PROBE_ORIGIN = 'https://separation-probe.invalid';
/** Rule cors: none of A's `cors` paths admits B's origin with credentials. */
async function checkCors(context, a, b) {
    if (a.origin === b.origin) {
        return {
            verdict: 'failed',
            message: `${a.name} and ${b.name} share the origin ${a.origin}, so browsers treat them as one site; serve them from different hosts`,
            evidence: [],
        };
    }
    const evidence = [];
    for (const path of a.cors) {
        const url = resolveUrl(a, path);
        const preflightHeaders = {
            origin: b.origin,
            'access-control-request-method': 'GET',
        };
        if (a.auth && a.auth.cookie === undefined)
            preflightHeaders['access-control-request-headers'] = a.auth.header.toLowerCase();
        const answers = [
            await context.send('OPTIONS', url, preflightHeaders),
            await context.send('GET', url, { origin: b.origin }),
        ];
        for (const answer of answers) {
            const item = corsEvidence(answer, b.origin);
            evidence.push(item);
            if (!admits(answer, b.origin))
                continue;
            const probe = await context.send('GET', url, { origin: PROBE_ORIGIN });
            const echoes = admits(probe, PROBE_ORIGIN) && probe.headers.get('access-control-allow-origin') === PROBE_ORIGIN;
            if (echoes)
                evidence.push(corsEvidence(probe, PROBE_ORIGIN));
            return {
                verdict: 'failed',
                message: `${a.name} admits ${b.name}'s origin with credentials${echoes ? ' (it echoes any Origin)' : ''}: ${answer.method} ${url} with Origin ${b.origin} answered ${item.detail}`,
                evidence,
            };
        }
    }
    return {
        verdict: 'passed',
        message: `${a.name} does not admit ${b.name}'s origin with credentials`,
        evidence,
    };
}
/** True when the answer lets `origin` read it with credentials (exact origin or `*`). */
function admits(answer, origin) {
    const allowOrigin = answer.headers.get('access-control-allow-origin')?.trim();
    const allowCredentials = answer.headers.get('access-control-allow-credentials')?.trim().toLowerCase();
    return allowCredentials === 'true' && (allowOrigin === origin || allowOrigin === '*');
}
function corsEvidence(answer, origin) {
    const allowOrigin = answer.headers.get('access-control-allow-origin');
    const allowCredentials = answer.headers.get('access-control-allow-credentials');
    const detail = allowOrigin === null && allowCredentials === null
        ? 'no Access-Control-Allow-* headers'
        : `Access-Control-Allow-Origin: ${allowOrigin ?? '(none)'}, Access-Control-Allow-Credentials: ${allowCredentials ?? '(none)'}`;
    return { request: `${answer.method} ${answer.url} (Origin: ${origin})`, status: answer.status, detail };
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/result.ts
/** What the separation checks return: a name, a verdict and the evidence behind it. */
/** The rules a check can enforce. */
const RULES = (/* unused pure expression or super */ null && ([
    'own-markers',
    'foreign-markers',
    'own-credential',
    'foreign-credential',
    'cookie-scope',
    'cors',
    'compare',
]));
/** `error` means the check could not be made (no answer); it counts as a failure. */
const VERDICTS = (/* unused pure expression or super */ null && (['passed', 'failed', 'error', 'skipped']));
/** Counts the results by verdict. */
function countResults(results) {
    const count = (v) => results.filter((r) => r.verdict === v).length;
    return {
        total: results.length,
        passed: count('passed'),
        failed: count('failed') + count('error'),
        errors: count('error'),
        skipped: count('skipped'),
    };
}
/** Renders one piece of evidence on one line: `GET url → 200: detail`. */
function result_formatEvidence(evidence) {
    const status = evidence.status === undefined ? 'no answer' : String(evidence.status);
    return `${evidence.request} → ${status}: ${evidence.detail}`;
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/separation.ts
/**
 * The separation run: generates the checks for every platform and every ordered pair (A, B) of
 * platforms, runs them one after the other, and returns one result per check.
 */










/** Which `allow:` key exempts each pair rule. */
const ALLOW_FOR = {
    'foreign-markers': 'markers',
    'foreign-credential': 'credentials',
    'cookie-scope': 'cookies',
    cors: 'cors',
};
/**
 * Runs every separation check of `spec`. `credentials` maps a platform name to the value of its
 * credential (read and masked by the shell); values never appear in the results.
 * @throws CancelledError when `deps.signal` aborts
 */
async function separation_runSeparation(spec, credentials, options, deps) {
    const context = createContext(spec, credentials, options, deps);
    const secrets = secretForms(Object.values(credentials));
    const results = [];
    const checks = planChecks(spec);
    // One log group per platform under test, then one for the comparisons.
    const groups = [...new Set(checks.map(groupOf))];
    for (const group of groups) {
        await deps.log.group(group, async () => {
            for (const check of checks.filter((c) => groupOf(c) === group)) {
                const result = separation_redact(await runCheck(context, check), secrets);
                const detail = result.verdict === 'passed' ? '' : `: ${result.message}`;
                deps.log.info(`${separation_ICONS[result.verdict]} [${result.rule}] ${result.name}${detail}`);
                results.push(result);
            }
        });
    }
    return { environment: spec.environment, results, totals: countResults(results) };
}
/** Lists the checks of a spec in run order: per platform A its own checks, then A against each B. */
function planChecks(spec) {
    const checks = [];
    for (const a of spec.platforms) {
        const auth = a.auth;
        checks.push(own(a, 'own-markers', `${a.name} shows its own markers`, (c) => checkOwnMarkers(c, a)));
        if (auth) {
            checks.push(own(a, 'own-credential', `${a.name} accepts its own credential`, (c) => checkOwnCredential(c, a, auth)));
        }
        for (const b of spec.platforms.filter((p) => p !== a)) {
            checks.push(pair(a, b, 'foreign-markers', `${a.name} shows no ${b.name} markers`, (c) => checkForeignMarkers(c, a, b)));
            if (auth) {
                const name = `${a.name} rejects ${b.name}'s credential`;
                checks.push(pair(a, b, 'foreign-credential', name, (c) => checkForeignCredential(c, a, auth, b)));
            }
            checks.push(pair(a, b, 'cookie-scope', `${a.name}'s cookies do not reach ${b.name}`, (c) => checkCookieScope(c, a, b)));
            checks.push(pair(a, b, 'cors', `${a.name} does not admit ${b.name}'s origin with credentials`, (c) => checkCors(c, a, b)));
        }
    }
    for (const compare of spec.compare) {
        const members = spec.platforms.filter((p) => compare.platforms.includes(p.name));
        // Comparisons are symmetric, so each unordered pair is checked once.
        members.forEach((a, i) => members.slice(i + 1).forEach((b) => {
            const name = `${compare.path} answers ${compare.expect === 'same' ? 'the same' : 'differently'} on ${a.name} and ${b.name}`;
            checks.push(pair(a, b, 'compare', name, (c) => checkCompare(c, compare, a, b)));
        }));
    }
    return checks;
}
function groupOf(check) {
    return check.rule === 'compare' ? 'Separation: comparisons' : `Separation: ${check.platform}`;
}
const separation_ICONS = { passed: '✔', failed: '✘', error: '✘', skipped: '–' };
async function runCheck(context, check) {
    const started = context.deps.clock.now();
    let outcome;
    try {
        outcome = await check.run(context);
    }
    catch (error) {
        if (error instanceof errors/* CancelledError */.cc || !(error instanceof RequestFailedError))
            throw error;
        outcome = {
            verdict: 'error',
            message: `no answer: ${error.message}`,
            evidence: [{ request: `${error.method} ${error.url}`, status: undefined, detail: error.reason }],
        };
    }
    const { name, rule, platform, other } = check;
    return { name, rule, platform, other, ...outcome, durationMs: context.deps.clock.now() - started };
}
function own(a, rule, name, run) {
    return { name, rule, platform: a.name, other: undefined, run };
}
function pair(a, b, rule, name, run) {
    const allowKey = ALLOW_FOR[rule];
    if (allowKey && a.allow[allowKey].includes(b.name)) {
        const message = `allowed by the spec (platforms.${a.name}.allow.${allowKey} lists ${b.name})`;
        return {
            name,
            rule,
            platform: a.name,
            other: b.name,
            run: async () => ({ verdict: 'skipped', message, evidence: [] }),
        };
    }
    return { name, rule, platform: a.name, other: b.name, run };
}
/** Replaces every secret value in a result's text with `***` (a response may echo a credential). */
function separation_redact(result, secrets) {
    if (secrets.length === 0)
        return result;
    const clean = (text) => redactText(text, secrets);
    return {
        ...result,
        name: clean(result.name),
        message: clean(result.message),
        evidence: result.evidence.map((e) => ({ ...e, request: clean(e.request), detail: clean(e.detail) })),
    };
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/settings.ts
/** The run-e2e-separation inputs, read once into a settings object. */



/** The defaults, as action.yml states them. */
const settings_DEFAULTS = Object.freeze({
    spec: '.github/separation.yml',
    environment: '',
    report: 'separation-junit.xml',
    'request-timeout': '10s',
    'max-chunks': '50',
    browser: 'false',
    'executable-path': '',
});
/**
 * Inputs whose values are secrets. None: credentials are named in the spec by environment variable
 * and masked by the shell as soon as they are read.
 */
const settings_SECRET_INPUTS = (/* unused pure expression or super */ null && ([]));
/**
 * Reads and validates the inputs.
 * @throws InputError naming the input
 */
function settings_readSettings(read) {
    const value = (name) => read(name).trim() || settings_DEFAULTS[name];
    return {
        spec: value('spec'),
        environment: requireInput('environment', read('environment'), 'name the environment whose URLs the spec should use, e.g. production'),
        reportPath: value('report'),
        requestTimeoutMs: parseDuration('request-timeout', value('request-timeout')),
        maxChunks: parseInteger('max-chunks', value('max-chunks'), 50, 0, 1000),
        browser: parseBoolean('browser', read('browser'), false),
        executablePath: read('executable-path').trim(),
    };
}
/** Bytes read from a page or an endpoint answer at most. */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** Bytes read from one script chunk at most. */
const MAX_CHUNK_BYTES = 5 * 1024 * 1024;
/** The run's bounds from the settings: request deadline, two retries, body and chunk limits. */
function separationOptions(settings) {
    return {
        limits: {
            timeoutMs: settings.requestTimeoutMs,
            maxBytes: MAX_PAGE_BYTES,
            retry: toRetryPolicy({ maxAttempts: 3 }),
        },
        maxChunks: settings.maxChunks,
        maxChunkBytes: MAX_CHUNK_BYTES,
    };
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/summary.ts
/**
 * The job summary: the totals, then a table of every check (failures first) with its evidence.
 * Every string comes from the spec or from the platforms' answers, so all of it is escaped.
 */


/** Rows shown at most; the JUnit report has all of them. */
const MAX_SUMMARY_ROWS = 200;
const ORDER = { error: 0, failed: 1, skipped: 2, passed: 3 };
const LABEL = {
    passed: '✅ passed',
    failed: '❌ failed',
    error: '❌ no answer',
    skipped: '⏭️ skipped',
};
/** Renders the Markdown job summary of a separation run. */
function renderSummary(report, reportPath) {
    const { totals } = report;
    const head = `## Platform separation (${escapeMarkdown(report.environment)})\n\n${totals.failed === 0 ? '✅' : '❌'} ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped of ${totals.total} checks. JUnit report: ${code(reportPath)}\n\n`;
    const sorted = [...report.results].sort((x, y) => ORDER[x.verdict] - ORDER[y.verdict]);
    const rows = sorted.slice(0, MAX_SUMMARY_ROWS).map((r) => [
        LABEL[r.verdict],
        code(r.rule),
        escapeMarkdown(r.name),
        escapeMarkdown(r.message),
        r.evidence
            .slice(0, 3)
            .map((e) => escapeMarkdown(formatEvidence(e)))
            .join('<br>') || '–',
    ]);
    const more = sorted.length > MAX_SUMMARY_ROWS
        ? `\n${sorted.length - MAX_SUMMARY_ROWS} more checks are in the JUnit report.\n`
        : '';
    return head + renderTable(['verdict', 'rule', 'check', 'message', 'evidence'], rows) + more;
}
/** Failed checks annotated at most (GitHub keeps 10 error annotations per step). */
const MAX_ANNOTATIONS = 10;
/** The one line the action fails with: how many checks failed and the first of them. */
function renderFailureLine(report) {
    const first = report.results.find((r) => r.verdict === 'failed' || r.verdict === 'error');
    const { failed, total } = report.totals;
    const head = `${failed} of ${total} separation checks failed in ${report.environment}`;
    return first ? `${head}; first: [${first.rule}] ${first.message}` : head;
}

;// CONCATENATED MODULE: ./src/wait-healthy/checks.ts
/**
 * What an HTTP answer must look like to count as healthy: a status set (`200`, `2xx`,
 * `200-299,301`) and an optional body match (a substring, a `/regex/flags`, or a JSON path
 * equality such as `$.status == "ok"`). Parsing throws `InputError`; checking is pure.
 */

/** The default status set: any 2xx. */
const DEFAULT_STATUS_SET = { text: '2xx', ranges: [[200, 299]] };
const STATUS_HINT = 'use codes, classes and ranges such as 200, 2xx or 200-299,301';
/**
 * Parses a status set such as `200`, `2xx` or `200-299,301`.
 * @throws InputError (subject `subject`) when an item is not a code from 100 to 599, a class or a range
 */
function parseStatusSet(subject, text) {
    const ranges = [];
    const items = text.split(',').map((item) => item.trim());
    for (const item of items) {
        const cls = /^([1-5])xx$/i.exec(item);
        const range = /^(\d{3})(?:-(\d{3}))?$/.exec(item);
        if (cls)
            ranges.push([Number(cls[1]) * 100, Number(cls[1]) * 100 + 99]);
        else if (range) {
            const low = Number(range[1]);
            const high = Number(range[2] ?? range[1]);
            if (low < 100 || high > 599 || low > high)
                throw new errors/* InputError */.dz(subject, text, STATUS_HINT);
            ranges.push([low, high]);
        }
        else
            throw new errors/* InputError */.dz(subject, text, STATUS_HINT);
    }
    return { text, ranges };
}
/** True when `status` is in the set. */
function isStatusIn(set, status) {
    return set.ranges.some(([low, high]) => status >= low && status <= high);
}
/** True when the set accepts a redirect (3xx) itself, so redirects must not be followed. */
function acceptsRedirect(set) {
    return set.ranges.some(([low, high]) => low <= 399 && high >= 300);
}
/**
 * Parses a body match: `/regex/flags`, `$.path == <JSON value>`, or else a plain substring.
 * @throws InputError (subject `subject`) when the regex does not compile or the JSON check is malformed
 */
function parseBodyMatch(subject, text) {
    const regex = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text);
    if (regex) {
        try {
            return { kind: 'regex', regex: new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, '')) };
        }
        catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            throw new errors/* InputError */.dz(subject, text, `the regular expression does not compile (${reason})`);
        }
    }
    if (text.startsWith('$'))
        return parseJsonMatch(subject, text);
    return { kind: 'substring', text };
}
/** Returns `undefined` when `body` matches, otherwise a one-line reason. */
function checkBody(match, body) {
    if (match.kind === 'substring') {
        return body.includes(match.text) ? undefined : `body does not contain ${JSON.stringify(match.text)}`;
    }
    if (match.kind === 'regex')
        return match.regex.test(body) ? undefined : `body does not match ${match.regex}`;
    let value;
    try {
        value = JSON.parse(body);
    }
    catch {
        return `body is not JSON, so ${match.pathText} cannot be checked`;
    }
    for (const key of match.path) {
        value = value !== null && typeof value === 'object' ? value[key] : undefined;
    }
    if (JSON.stringify(value) === JSON.stringify(match.expected))
        return undefined;
    const seen = value === undefined ? 'missing' : JSON.stringify(value);
    return `${match.pathText} is ${seen}, expected ${JSON.stringify(match.expected)}`;
}
const JSON_HINT = 'write a JSON path check as $.field.sub[0] == "value" (the value in JSON: "text", 3, true, null)';
function parseJsonMatch(subject, text) {
    const equals = text.indexOf('==');
    if (equals < 0)
        throw new errors/* InputError */.dz(subject, text, JSON_HINT);
    const pathText = text.slice(0, equals).trim();
    const valueText = text.slice(equals + 2).trim();
    const path = [];
    const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
    let rest = pathText.slice(1);
    while (rest.length > 0) {
        const found = step.exec(rest);
        if (!found)
            throw new errors/* InputError */.dz(subject, text, JSON_HINT);
        if (found[1] !== undefined)
            path.push(found[1]);
        else if (found[2] !== undefined)
            path.push(Number(found[2]));
        else
            path.push(JSON.parse(found[3] ?? '""'));
        rest = rest.slice(found[0].length);
    }
    let expected;
    try {
        expected = JSON.parse(valueText);
    }
    catch {
        throw new errors/* InputError */.dz(subject, text, JSON_HINT);
    }
    return { kind: 'json', path, pathText, expected };
}

;// CONCATENATED MODULE: ./src/wait-healthy/credentials.ts
/**
 * Credentials in target lines: finding them (URL passwords, header values, Basic auth) so the
 * shell can mask them, and replacing them by `***` in everything the core writes.
 */
/** scheme:// then user-info up to the authority's last '@': user, and the password after the first ':'. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#:@\s]*)(?::([^/?#\s]*))?@/i;
/** Returns a function that replaces every secret in a text with `***` (longest first). */
function redactor(secrets) {
    const sorted = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
    return (text) => sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}
/** Every credential of the targets, once each, longest first (a longer secret is masked before its parts). */
function secretsOf(targets) {
    return uniq(targets.flatMap((t) => t.secrets)).sort((a, b) => b.length - a.length);
}
/**
 * Masks what might be a credential in a raw line, for messages about lines that could not be
 * parsed: URL user-info passwords and header values.
 */
function redactLine(line) {
    return line
        .replace(/(\/\/[^/?#@\s:]*):[^/?#\s]*@/g, '$1:***@')
        .replace(/header=(?:'([^']*)'?|"([^"]*)"?|(\S*))/gi, (_all, single, double, bare) => {
        const quote = single !== undefined ? "'" : double !== undefined ? '"' : '';
        return `header=${quote}${maskHeader(single ?? double ?? bare ?? '')}${quote}`;
    });
}
/** `Name: value` → `Name: ***`; anything else → `***`. */
function maskHeader(header) {
    const colon = header.indexOf(':');
    const name = header.slice(0, colon).trim();
    return colon > 0 && /^[\w-]+$/.test(name) ? `${name}: ***` : '***';
}
/**
 * The URL's password (as decoded, as the URL parser encodes it, and as written) and the address
 * with the password replaced by `***`.
 */
function urlCredentials(address, url) {
    if (url.password === '')
        return { display: address, secrets: [] };
    const written = USER_INFO.exec(address)?.[3];
    const decoded = decodeURIComponent(url.password);
    return {
        display: address.replace(USER_INFO, (all, start, user, pass) => pass === undefined ? all : `${start}${user}:***@`),
        secrets: uniq([decoded, url.password, written ?? decoded]),
    };
}
/** A header value and, for `Bearer <token>` or `Basic <credentials>`, the credential alone (it may be echoed). */
function headerSecrets(value) {
    if (value === '')
        return [];
    const credential = /^[A-Za-z-]+\s+(\S.*)$/.exec(value)?.[1];
    return credential === undefined ? [value] : [value, credential];
}
/** URL user-info as a Basic Authorization header (fetch refuses URLs with credentials), or undefined. */
function basicAuthorization(url) {
    if (url.username === '' && url.password === '')
        return undefined;
    const basic = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
    return { header: `Basic ${basic}`, secrets: [basic, `Basic ${basic}`] };
}
/** The values once each, in first-seen order. */
function uniq(values) {
    return [...new Set(values)];
}

;// CONCATENATED MODULE: ./src/wait-healthy/targets.ts
/**
 * Target lines → typed targets. One target per line:
 *
 *   [METHOD] http(s)://[user:password@]host[:port]/path [status=…] [body=…] [header='Name: value'] [method=…]
 *   tcp://host:port
 *   redis://[[user]:password@]host:port   (rediss:// for TLS)
 *   postgres://[user[:password]@]host:port/db   (postgresql:// too)
 *   grpc://host:port[/service]   (grpcs:// for TLS; grpc.health.v1 Check)
 *
 * Option values with spaces are quoted with '…' or "…" (as in a shell). Credentials (URL
 * passwords, header values) are collected in `secrets` and replaced by `***` in `display`.
 */



/** URL schemes a target line may use. */
const TARGET_SCHEMES = [
    'http',
    'https',
    'tcp',
    'redis',
    'rediss',
    'postgres',
    'postgresql',
    'grpc',
    'grpcs',
];
/** HTTP methods a target may use. */
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Options an HTTP target line may carry. */
const HTTP_OPTIONS = ['method', 'status', 'body', 'header'];
const EXAMPLE_PORTS = { tcp: 5432, grpc: 7233, grpcs: 7233 };
const DEFAULT_PORTS = {
    http: 80,
    https: 443,
    redis: 6379,
    rediss: 6379,
    postgres: 5432,
    postgresql: 5432,
};
/**
 * Parses target lines. `source` names where they came from in errors (`Input 'targets'`).
 * @throws InputError naming the line, for an unknown scheme, a malformed URL, a bad option value
 */
function targets_parseTargets(lines, source) {
    return lines.map((line, index) => targets_parseTarget(line, `${source} line ${index + 1}`));
}
/**
 * Parses one target line.
 * @throws InputError (subject `subject`) when the line is not a valid target
 */
function targets_parseTarget(line, subject) {
    const safe = redactLine(line);
    const fail = (hint) => {
        throw new errors/* InputError */.dz(subject, safe, hint);
    };
    const words = tokenize(line) ?? fail('a quote is not closed');
    const method = words[0] !== undefined && /^[A-Z]+$/.test(words[0]) ? words.shift() : undefined;
    const address = words.shift() ?? fail('give a URL such as https://app.example.com/health');
    const { scheme, url, base } = parseAddress(address, fail);
    if (scheme === 'http' || scheme === 'https') {
        return parseHttpOptions({ url, method, options: words, base, fail, subject });
    }
    if (method !== undefined || words.length > 0) {
        fail(`options (${HTTP_OPTIONS.join(', ')}) apply to http:// and https:// targets only`);
    }
    const username = url.username === '' ? undefined : decodeURIComponent(url.username);
    const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (scheme === 'redis' || scheme === 'rediss') {
        const password = url.password === '' ? undefined : decodeURIComponent(url.password);
        return { kind: 'redis', ...base, tls: scheme === 'rediss', username, password };
    }
    if (scheme === 'postgres' || scheme === 'postgresql') {
        return {
            kind: 'postgres',
            ...base,
            user: username ?? 'postgres',
            database: path || (username ?? 'postgres'),
        };
    }
    if (scheme === 'grpc' || scheme === 'grpcs')
        return { kind: 'grpc', ...base, tls: scheme === 'grpcs', service: path };
    return { kind: 'tcp', ...base };
}
/** The scheme, the parsed URL, and what every kind of target shares. */
function parseAddress(address, fail) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
    if (scheme === undefined)
        return fail(`give a URL with a scheme: ${TARGET_SCHEMES.join('://, ')}://`);
    if (!TARGET_SCHEMES.includes(scheme)) {
        fail(`unknown scheme '${scheme}': use ${TARGET_SCHEMES.join('://, ')}://`);
    }
    let url;
    try {
        url = new URL(address);
    }
    catch {
        return fail('the URL is malformed');
    }
    if (url.hostname === '')
        fail('the URL has no host');
    const port = url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port);
    if (port === undefined)
        return fail(`give a port, as in ${scheme}://${url.hostname}:${EXAMPLE_PORTS[scheme]}`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return { scheme, url, base: { host, port, ...urlCredentials(address, url) } };
}
function parseHttpOptions({ url, method, options, base, fail, subject }) {
    const headers = {};
    const secrets = [...base.secrets];
    let statuses = DEFAULT_STATUS_SET;
    let body;
    for (const option of options) {
        const equals = option.indexOf('=');
        const key = equals < 0 ? option : option.slice(0, equals);
        const value = option.slice(equals + 1);
        if (equals < 0 || !HTTP_OPTIONS.includes(key)) {
            fail(`unknown option '${key}': use ${HTTP_OPTIONS.map((o) => `${o}=…`).join(', ')}`);
        }
        if (key === 'method')
            method = value.toUpperCase();
        else if (key === 'status')
            statuses = parseStatusSet(`${subject} status`, value);
        else if (key === 'body')
            body = parseBodyMatch(`${subject} body`, value);
        else {
            const [name, headerValue] = parseHeader(value, fail);
            headers[name] = headerValue;
            secrets.push(...headerSecrets(headerValue));
        }
    }
    const chosen = method ?? 'GET';
    if (!HTTP_METHODS.includes(chosen)) {
        fail(`unknown method '${chosen}': use ${HTTP_METHODS.join(', ')}`);
    }
    if (chosen === 'HEAD' && body !== undefined)
        fail('a HEAD answer has no body to match: use GET with body=');
    const basic = basicAuthorization(url);
    if (basic) {
        headers.authorization ??= basic.header;
        secrets.push(...basic.secrets);
    }
    const bare = new URL(url.href);
    bare.username = '';
    bare.password = '';
    const display = chosen === 'GET' ? base.display : `${chosen} ${base.display}`;
    const followRedirects = !acceptsRedirect(statuses);
    const http = { url: bare.href, method: chosen, headers, statuses, body, followRedirects };
    return { kind: 'http', ...base, display, secrets: uniq(secrets), ...http };
}
/** `Name: value` → [name, value]. */
function parseHeader(text, fail) {
    const colon = text.indexOf(':');
    const name = text.slice(0, colon).trim();
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~\w-]+$/.test(name)) {
        fail(`header '${maskHeader(text)}': write a header as 'Name: value'`);
    }
    return [name, text.slice(colon + 1).trim()];
}
/** Splits a line into words; '…' and "…" group words with spaces. Returns undefined for an open quote. */
function tokenize(line) {
    const words = [];
    let word = '';
    let inWord = false;
    let quote;
    for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (quote !== undefined) {
            if (ch === quote)
                quote = undefined;
            else if (ch === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\'))
                word += line[++i];
            else
                word += ch;
        }
        else if (ch === '"' || ch === "'") {
            quote = ch;
            inWord = true;
        }
        else if (/\s/.test(ch)) {
            if (inWord)
                words.push(word);
            word = '';
            inWord = false;
        }
        else {
            word += ch;
            inWord = true;
        }
    }
    if (quote !== undefined)
        return undefined;
    if (inWord)
        words.push(word);
    return words;
}

;// CONCATENATED MODULE: ./src/wait-healthy/http-fetch.ts
/**
 * The fetch the shells (action, deploy, CLI) give to `waitHealthy`.
 *
 * Node's own fetch by default: it is undici too, built into Node and already compiled, so it costs
 * nothing at start-up (importing the undici package takes ~100 ms, most of the action's own
 * overhead). With `insecure-tls`, undici's fetch with its own Agent, loaded only then: handing an
 * undici 7 Agent to another Node's built-in fetch (Node 20 carries undici 6) is not reliable.
 */
/** Returns a fetch that accepts self-signed certificates when `insecureTls` is true. */
async function createProbeFetch(options) {
    if (!options.insecureTls)
        return { fetch: globalThis.fetch, close: async () => undefined };
    const { Agent, fetch: undiciFetch } = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 6752, 19));
    const agent = new Agent({ connect: { rejectUnauthorized: false } });
    const fetch = ((input, init) => undiciFetch(input, { ...init, dispatcher: agent }));
    return { fetch, close: () => agent.destroy() };
}

// EXTERNAL MODULE: external "node:http2"
var external_node_http2_ = __webpack_require__(2467);
;// CONCATENATED MODULE: ./src/wait-healthy/probe-grpc.ts
/**
 * The gRPC probe: the standard `grpc.health.v1.Health/Check` call (Temporal's frontend, and most
 * gRPC servers, serve it); SERVING is healthy.
 *
 * Written over node:http2 rather than with @grpc/grpc-js: the call is one HTTP/2 POST carrying a
 * one-field protobuf message (`service`, a string) and answered by another (`status`, an enum),
 * each behind gRPC's 5-byte length prefix. A gRPC client library plus a protobuf loader would add
 * ~1 MB to the bundle and to every start for those few bytes. The tests check the exchange
 * against a real grpc-js server running the official grpc-health-check service.
 */

const CHECK_PATH = '/grpc.health.v1.Health/Check';
/** HealthCheckResponse.ServingStatus. */
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];
/** gRPC status codes worth naming in a health check's answer. */
const GRPC_CODES = {
    '4': 'DEADLINE_EXCEEDED',
    '5': 'NOT_FOUND',
    '7': 'PERMISSION_DENIED',
    '12': 'UNIMPLEMENTED',
    '13': 'INTERNAL',
    '14': 'UNAVAILABLE',
    '16': 'UNAUTHENTICATED',
};
/** Probes one gRPC server's health service. @throws the session's error or the abort reason */
async function probeGrpc(target, signal, insecureTls) {
    const authority = `${target.tls ? 'https' : 'http'}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
    const session = (0,external_node_http2_.connect)(authority, { rejectUnauthorized: !insecureTls });
    try {
        const answer = await call(session, encodeRequest(target.service), signal);
        return describeAnswer(answer, target.service);
    }
    finally {
        session.destroy();
    }
}
function call(session, message, signal) {
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(signal.reason);
        const onAbort = () => {
            session.destroy();
            reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        let settled = false;
        const done = (error, answer) => {
            if (settled)
                return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            if (answer)
                resolve(answer);
            else
                reject(error);
        };
        // A refused connection fails the session and cancels the stream: report the session's error.
        let sessionError;
        session.once('error', (error) => done((sessionError = error)));
        const stream = session.request({
            [external_node_http2_.constants.HTTP2_HEADER_METHOD]: 'POST',
            [external_node_http2_.constants.HTTP2_HEADER_PATH]: CHECK_PATH,
            'content-type': 'application/grpc',
            te: 'trailers',
        });
        const chunks = [];
        let headers = {};
        let trailers = {};
        stream.on('response', (h) => (headers = h));
        stream.on('trailers', (t) => (trailers = t));
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.once('error', (error) => setImmediate(() => done(sessionError ?? error)));
        stream.once('end', () => {
            // A "trailers-only" answer (an error without a body) carries grpc-status in the headers.
            const field = (name) => String(trailers[name] ?? headers[name] ?? '');
            done(undefined, {
                httpStatus: Number(headers[external_node_http2_.constants.HTTP2_HEADER_STATUS] ?? 0),
                grpcStatus: field('grpc-status'),
                grpcMessage: decodeURIComponent(field('grpc-message')),
                body: Buffer.concat(chunks),
            });
        });
        stream.end(message);
    });
}
function describeAnswer(answer, service) {
    if (answer.httpStatus !== 200) {
        return {
            ok: false,
            status: `HTTP ${answer.httpStatus}`,
            detail: `not a gRPC answer: HTTP/2 status ${answer.httpStatus}`,
        };
    }
    if (answer.grpcStatus !== '0') {
        const name = GRPC_CODES[answer.grpcStatus] ?? `status ${answer.grpcStatus || 'missing'}`;
        const hint = name === 'UNIMPLEMENTED'
            ? ': the server does not serve grpc.health.v1'
            : name === 'NOT_FOUND'
                ? `: the health service does not know '${service}'`
                : answer.grpcMessage
                    ? `: ${answer.grpcMessage}`
                    : '';
        return { ok: false, status: name, detail: `Health/Check answered ${name}${hint}` };
    }
    const status = SERVING_STATUS[decodeStatus(answer.body)] ?? 'UNKNOWN';
    const about = service === '' ? 'the server' : `'${service}'`;
    return { ok: status === 'SERVING', status, detail: `${about} is ${status}` };
}
/** A gRPC message: compressed flag 0, 4-byte length, then HealthCheckRequest { string service = 1 }. */
function encodeRequest(service) {
    const name = Buffer.from(service);
    const body = name.length === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x0a]), varint(name.length), name]);
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(body.length, 1);
    return Buffer.concat([prefix, body]);
}
/** Reads HealthCheckResponse { ServingStatus status = 1 } from one gRPC message (absent field = 0). */
function decodeStatus(message) {
    const body = message.subarray(5, 5 + (message.length >= 5 ? message.readUInt32BE(1) : 0));
    let at = 0;
    while (at < body.length) {
        const key = body[at++] ?? 0;
        const [value, next] = readVarint(body, at);
        at = next;
        if (key === 0x08)
            return value;
        if ((key & 7) === 2)
            at += value; // skip an unknown length-delimited field
    }
    return 0;
}
function varint(value) {
    const bytes = [];
    let rest = value;
    while (rest >= 0x80) {
        bytes.push((rest & 0x7f) | 0x80);
        rest >>>= 7;
    }
    bytes.push(rest);
    return Buffer.from(bytes);
}
function readVarint(buffer, start) {
    let value = 0;
    let shift = 0;
    let at = start;
    for (;;) {
        const byte = buffer[at++] ?? 0;
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
        if (byte < 0x80 || at >= buffer.length)
            return [value, at];
    }
}

// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/wait-healthy/socket.ts
/**
 * One short exchange over TCP (or TLS): connect, send a request, read until the answer is complete.
 * The Redis and PostgreSQL probes are built on it; the TCP probe uses it with nothing to send.
 */


/** Error for a server that closed the connection before its answer was complete. */
class ClosedEarlyError extends Error {
    name = 'ClosedEarlyError';
    code = 'ECLOSEDEARLY';
    constructor() {
        super('the server closed the connection before answering');
    }
}
/**
 * Connects, sends `send`, and resolves with the first complete answer `read` recognises
 * (or `undefined` when there was nothing to send). The socket is always destroyed afterwards.
 * @throws the socket's error (ECONNREFUSED, ENOTFOUND, TLS errors, …), `ClosedEarlyError`, or the abort reason
 */
function exchange(options) {
    return new Promise((resolve, reject) => {
        const { host, port, signal } = options;
        if (signal.aborted)
            return reject(signal.reason);
        const socket = options.tls
            ? (0,external_node_tls_.connect)({ host, port, servername: isIp(host) ? undefined : host, ...options.tls })
            : (0,external_node_net_.connect)({ host, port });
        let received = Buffer.alloc(0);
        let settled = false;
        const finish = (error, value) => {
            if (settled)
                return;
            settled = true;
            signal.removeEventListener('abort', onAbort);
            socket.destroy();
            if (error === undefined)
                resolve(value);
            else
                reject(error);
        };
        const onAbort = () => finish(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        socket.once(options.tls ? 'secureConnect' : 'connect', () => {
            if (options.send === undefined)
                finish(undefined);
            else
                socket.write(options.send);
        });
        socket.on('data', (chunk) => {
            received = Buffer.concat([received, chunk]);
            const answer = options.read(received);
            if (answer !== undefined)
                finish(undefined, answer);
        });
        socket.once('error', (error) => finish(error));
        socket.once('close', () => finish(new ClosedEarlyError()));
    });
}
function isIp(host) {
    return /^[\d.]+$/.test(host) || host.includes(':');
}

;// CONCATENATED MODULE: ./src/wait-healthy/probe-postgres.ts

/** Protocol 3.0, as libpq sends it. */
const PROTOCOL_VERSION = 196608;
/** SQLSTATE cannot_connect_now. */
const CANNOT_CONNECT_NOW = '57P03';
/** Probes one PostgreSQL server. @throws the socket's error or the abort reason */
async function probePostgres(target, signal) {
    const answer = await exchange({
        host: target.host,
        port: target.port,
        tls: undefined,
        signal,
        send: startupMessage(target.user, target.database),
        read: readFirstMessage,
    });
    if (answer === undefined || answer.type !== 'E') {
        return { ok: true, status: 'accepting connections', detail: 'accepting connections' };
    }
    const fields = errorFields(answer.body);
    const code = fields.get('C') ?? '';
    const message = fields.get('M') ?? 'an error';
    if (code === CANNOT_CONNECT_NOW) {
        // pg_isready's word for this answer: the server is there but rejects connections for now.
        return { ok: false, status: 'rejecting connections', detail: `PostgreSQL answered ${code}: ${message}` };
    }
    // Like pg_isready: the server answered (e.g. 28000 no pg_hba.conf entry, 3D000 unknown database),
    // so it is up; the answer is kept in the detail for whoever reads the results.
    return { ok: true, status: 'accepting connections', detail: `accepting connections (${code}: ${message})` };
}
function startupMessage(user, database) {
    const params = Buffer.from(`user\0${user}\0database\0${database}\0application_name\0wait-healthy\0\0`);
    const head = Buffer.alloc(8);
    head.writeInt32BE(8 + params.length, 0);
    head.writeInt32BE(PROTOCOL_VERSION, 4);
    return Buffer.concat([head, params]);
}
/** The first backend message (type byte, Int32 length including itself, body), once complete. */
function readFirstMessage(received) {
    if (received.length < 5)
        return undefined;
    const length = received.readInt32BE(1);
    if (received.length < 1 + length)
        return undefined;
    return { type: String.fromCharCode(received[0] ?? 0), body: received.subarray(5, 1 + length) };
}
/** An ErrorResponse body: (field type byte, C string)* then a zero byte. */
function errorFields(body) {
    const fields = new Map();
    let at = 0;
    while (at < body.length && body[at] !== 0) {
        const end = body.indexOf(0, at + 1);
        if (end < 0)
            break;
        fields.set(String.fromCharCode(body[at] ?? 0), body.toString('utf8', at + 1, end));
        at = end + 1;
    }
    return fields;
}

;// CONCATENATED MODULE: ./src/wait-healthy/probe-redis.ts

/** Probes one Redis-compatible server. @throws the socket's error or the abort reason */
async function probeRedis(target, signal, insecureTls) {
    const commands = [];
    if (target.password !== undefined) {
        commands.push(['AUTH', ...(target.username ? [target.username] : []), target.password]);
    }
    commands.push(['PING']);
    const replies = await exchange({
        host: target.host,
        port: target.port,
        tls: target.tls ? { rejectUnauthorized: !insecureTls } : undefined,
        signal,
        send: Buffer.from(commands.map(encodeCommand).join('')),
        read: (received) => readReplies(received, commands.length),
    });
    const [auth, ping] = commands.length === 2 ? (replies ?? []) : [undefined, replies?.[0]];
    if (auth !== undefined && auth.startsWith('-')) {
        return { ok: false, status: 'AUTH refused', detail: `Redis refused AUTH: ${auth.slice(1)}` };
    }
    if (ping === '+PONG')
        return { ok: true, status: 'PONG', detail: 'PING answered PONG' };
    const word = /^-(\S+)/.exec(ping ?? '')?.[1] ?? 'no PONG';
    return { ok: false, status: word, detail: `PING answered ${JSON.stringify(ping ?? '')} instead of PONG` };
}
/** RESP array of bulk strings, the form every Redis-compatible server accepts. */
function encodeCommand(words) {
    return `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;
}
/**
 * Returns the first `count` reply lines once they have all arrived. AUTH and PING answer with
 * simple strings (`+OK`, `+PONG`) or errors (`-NOAUTH …`); anything else is kept as it came.
 */
function readReplies(received, count) {
    const lines = received.toString('utf8').split('\r\n');
    if (lines.length <= count)
        return undefined;
    return lines.slice(0, count);
}

;// CONCATENATED MODULE: ./src/wait-healthy/probes.ts
/**
 * One probe of one target, per protocol: HTTP(S) through the `fetch` it is given, TCP through
 * node:net, Redis and PostgreSQL through their own small exchanges. A probe answers with an
 * outcome (healthy or not, a short status, a one-line detail) or throws the transport's error,
 * which `describeProbeError` turns into the same kind of outcome.
 */





/** Most of a body read for matching; the rest is not downloaded. */
const MAX_BODY_BYTES = 1 << 20;
/** How much of a body a failure line shows. */
const BODY_PREVIEW_CHARS = 120;
/** Returns the probe for every kind of target, over the given transports. */
function createProbe(deps) {
    return async (target, signal) => {
        switch (target.kind) {
            case 'http':
                return probeHttp(target, signal, deps.fetch);
            case 'tcp':
                await exchange({
                    host: target.host,
                    port: target.port,
                    tls: undefined,
                    signal,
                    send: undefined,
                    read,
                });
                return { ok: true, status: 'connected', detail: 'accepted a connection' };
            case 'redis':
                return probeRedis(target, signal, deps.insecureTls);
            case 'postgres':
                return probePostgres(target, signal);
            case 'grpc':
                return probeGrpc(target, signal, deps.insecureTls);
        }
    };
}
/**
 * Turns a transport error into an outcome: connection refused, DNS failure, TLS error, reset, …
 * Unknown errors keep their own message.
 */
function describeProbeError(error, target) {
    const { code, message } = rootCause(error);
    const fail = (status, detail = status) => ({ ok: false, status, detail });
    if (code === 'ECONNREFUSED')
        return fail('connection refused', `connection refused by ${where(target)}`);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_NONAME') {
        return fail('DNS failure', `DNS lookup of ${target.host} failed (${code})`);
    }
    if (code === 'ECONNRESET' || code === 'EPIPE')
        return fail('connection reset', `connection reset by ${where(target)}`);
    if (code === 'ECLOSEDEARLY' || code === 'UND_ERR_SOCKET') {
        return fail('connection closed', `${where(target)} closed the connection before answering`);
    }
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
        return fail('connect timeout');
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
        return fail('unreachable', `${where(target)} is unreachable`);
    if (isTlsError(code, message)) {
        const selfSigned = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
        const hint = selfSigned ? ' (insecure-tls: true accepts a self-signed certificate)' : '';
        return fail('TLS error', `TLS error: ${message}${code ? ` (${code})` : ''}${hint}`);
    }
    if (code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'HPE_INVALID_CONSTANT') {
        return fail('not HTTP', `${where(target)} did not answer with HTTP (${code})`);
    }
    return fail('error', message);
}
async function probeHttp(target, signal, fetch) {
    const response = await fetch(target.url, {
        method: target.method,
        headers: target.headers,
        redirect: target.followRedirects ? 'follow' : 'manual',
        signal,
    });
    const statusOk = isStatusIn(target.statuses, response.status);
    const needBody = target.method !== 'HEAD' && (!statusOk || target.body !== undefined);
    const body = needBody ? await readText(response, MAX_BODY_BYTES) : (await response.body?.cancel(), '');
    const line = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (!statusOk) {
        const location = response.headers.get('location');
        const shown = preview(body);
        const extra = location ? ` → ${location}` : shown ? `: ${shown}` : '';
        return {
            ok: false,
            status: `HTTP ${response.status}`,
            detail: `${line}${extra} (expected ${target.statuses.text})`,
        };
    }
    const mismatch = target.body === undefined ? undefined : checkBody(target.body, body);
    if (mismatch !== undefined) {
        return { ok: false, status: 'wrong body', detail: `${line} but ${mismatch}: ${preview(body)}` };
    }
    return { ok: true, status: `HTTP ${response.status}`, detail: line };
}
/** Reads at most `limit` bytes of the body as text, then stops the download. */
async function readText(response, limit) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        chunks.push(value);
        size += value.byteLength;
        if (size >= limit) {
            await reader.cancel();
            break;
        }
    }
    return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
function preview(body) {
    const oneLine = body.replace(/\s+/g, ' ').trim();
    return oneLine.length > BODY_PREVIEW_CHARS ? `${oneLine.slice(0, BODY_PREVIEW_CHARS)}…` : oneLine;
}
/** The TCP probe's answer is the connection itself: nothing is read. */
function read() {
    return undefined;
}
function where(target) {
    return `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}
/** Follows `cause` (fetch wraps the socket's error in "fetch failed") to the error that names the problem. */
function rootCause(error) {
    let current = error;
    for (let depth = 0; depth < 5; depth++) {
        const cause = current?.cause;
        if (cause === undefined || cause === null)
            break;
        current = cause;
    }
    const code = current?.code;
    // Duck-typed: errors from node internals may come from another realm (vm contexts, jest).
    const ownMessage = current?.message;
    const message = typeof ownMessage === 'string' ? ownMessage : String(current);
    return { code: typeof code === 'string' ? code : '', message: message.replace(/\s+/g, ' ') };
}
function isTlsError(code, message) {
    return (/^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH)/.test(code) ||
        /\b(SSL|TLS)\b/.test(message));
}

;// CONCATENATED MODULE: ./src/wait-healthy/wait.ts





/** A progress line is logged at least this often while targets are still pending. */
const wait_PROGRESS_EVERY_MS = 30_000;
/** A probe after the first is only started with at least this long (or request-timeout) left, ms. */
const MIN_PROBE_BUDGET_MS = 1000;
/**
 * Waits until every target is healthy or the deadline passes, and returns the per-target results
 * (it does not throw for unhealthy targets: see `deadlineError` for the one-line failure).
 * Credentials never appear in the results or the log.
 * @throws CancelledError when `deps.signal` aborts
 */
function waitHealthy(targets, options, deps) {
    const probe = createProbe({ fetch: deps.fetch, insecureTls: options.insecureTls });
    return waitWithProbe(targets, options, { ...deps, probe });
}
/** `waitHealthy` with the probe passed in (tests give a scripted one). */
async function waitWithProbe(targets, options, deps) {
    const started = deps.clock.now();
    const run = {
        ...deps,
        options,
        started,
        deadline: started + options.timeoutMs,
        redact: redactor(secretsOf(targets)),
        policy: backoffPolicy(options.intervalMs),
    };
    const results = targets.map(emptyResult);
    const progress = new AbortController();
    const progressDone = reportProgress(results, run, progress.signal);
    const settled = await Promise.allSettled(targets.map((target, i) => watch(target, results[i], run)));
    progress.abort();
    await progressDone;
    if (deps.signal.aborted)
        throw new errors/* CancelledError */.cc('waiting for targets to be healthy');
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed)
        throw failed.reason;
    return { healthy: results.every((r) => r.healthy), durationMs: deps.clock.now() - started, results };
}
/** The one-line failure for a report that is not healthy: the deadline and every unhealthy target's last state. */
function deadlineError(report, timeoutMs) {
    const pending = report.results.filter((r) => !r.healthy);
    const last = pending.map((r) => `${r.target}: ${r.detail || 'not probed'}`).join('; ');
    const awaited = `${pending.length} of ${report.results.length} target${report.results.length === 1 ? '' : 's'} to be healthy`;
    return new errors/* DeadlineError */.j3(awaited, Math.max(report.durationMs, timeoutMs), last);
}
/** Backoff after failures: a quarter of the interval, doubling, capped at the interval, 20% jitter. */
function backoffPolicy(intervalMs) {
    return toRetryPolicy({
        baseDelayMs: Math.max(1, intervalMs / 4),
        factor: 2,
        maxDelayMs: intervalMs,
        jitter: 0.2,
    });
}
async function watch(target, result, run) {
    const { clock, options } = run;
    const streak = { successes: 0, failures: 0 };
    for (;;) {
        const remaining = run.deadline - clock.now();
        // A late timer can wake a target after the deadline: then the wait is over.
        if (remaining <= 0 && result.attempts > 0)
            return;
        const before = clock.now();
        const outcome = await probeWithin(target, Math.min(options.requestTimeoutMs, remaining), run);
        record(target, result, { outcome, latencyMs: clock.now() - before, streak }, run);
        if (result.healthy)
            return;
        const wait = outcome.ok ? options.intervalMs : nextDelay(streak.failures, run.policy, clock.random);
        // Every wait has a deadline: stop at once rather than sleep into it, or wake up to a probe
        // that would have too little time left to answer (its timeout would be the only news).
        const budget = Math.min(options.requestTimeoutMs, MIN_PROBE_BUDGET_MS);
        if (clock.now() + wait + budget > run.deadline)
            return;
        run.log.debug(`${target.display}: attempt ${result.attempts}, ${result.detail}; next probe in ${(0,duration/* formatDuration */.a)(wait)}`);
        await clock.sleep(wait, run.signal);
    }
}
/** Records one probe in the target's result and logs a line when its state changed. */
function record(target, result, { outcome, latencyMs, streak }, run) {
    const status = run.redact(outcome.status);
    const changed = result.attempts === 0 || status !== result.status;
    result.attempts++;
    result.latencyMs = latencyMs;
    result.status = status;
    result.detail = run.redact(outcome.detail);
    streak.successes = outcome.ok ? streak.successes + 1 : 0;
    streak.failures = outcome.ok ? 0 : streak.failures + 1;
    const needed = run.options.consecutiveSuccesses;
    if (streak.successes >= needed) {
        result.healthy = true;
        result.timeToHealthyMs = run.clock.now() - run.started;
        run.log.info(`✓ ${target.display} is healthy after ${plural(result.attempts, 'attempt')}: ${result.detail}`);
    }
    else if (changed) {
        const inARow = outcome.ok ? ` (${streak.successes} of ${needed} in a row)` : '';
        run.log.info(`${outcome.ok ? '…' : '✗'} ${target.display}: ${result.detail}${inARow}`);
    }
}
/** Runs one probe, giving up after `ms`; transport errors become outcomes, cancellation throws. */
async function probeWithin(target, ms, run) {
    if (run.signal.aborted)
        throw new errors/* CancelledError */.cc('waiting for targets to be healthy');
    const attempt = new AbortController();
    const timer = new AbortController();
    let onCancel = () => undefined;
    const cancelled = new Promise((resolve) => {
        onCancel = () => {
            attempt.abort(new errors/* CancelledError */.cc('waiting for targets to be healthy'));
            resolve({ ok: false, status: 'cancelled', detail: 'cancelled' });
        };
    });
    run.signal.addEventListener('abort', onCancel, { once: true });
    const timedOut = run.clock.sleep(Math.max(0, ms), timer.signal).then(() => {
        attempt.abort(new Error('request timeout'));
        return { ok: false, status: 'timeout', detail: `no answer within ${(0,duration/* formatDuration */.a)(ms)}` };
    }, () => new Promise(() => undefined));
    let outcome;
    try {
        outcome = await Promise.race([
            run.probe(target, attempt.signal).catch((error) => describeProbeError(error, target)),
            timedOut,
            cancelled,
        ]);
    }
    finally {
        timer.abort();
        run.signal.removeEventListener('abort', onCancel);
    }
    if (run.signal.aborted)
        throw new errors/* CancelledError */.cc('waiting for targets to be healthy');
    return outcome;
}
async function reportProgress(results, run, stop) {
    for (;;) {
        try {
            await run.clock.sleep(wait_PROGRESS_EVERY_MS, AbortSignal.any([stop, run.signal]));
        }
        catch {
            return;
        }
        const pending = results.filter((r) => !r.healthy);
        const elapsed = run.clock.now() - run.started;
        const left = Math.max(0, run.deadline - run.clock.now());
        const states = pending.map((r) => `${r.target} (${r.status || 'not probed yet'})`).join(', ');
        run.log.info(`Waiting for ${pending.length} of ${results.length} targets, ${(0,duration/* formatDuration */.a)(elapsed)} elapsed, ${(0,duration/* formatDuration */.a)(left)} left: ${states}`);
    }
}
function emptyResult(target) {
    return {
        target: target.display,
        kind: target.kind,
        healthy: false,
        attempts: 0,
        status: '',
        detail: '',
        latencyMs: null,
        timeToHealthyMs: null,
    };
}
function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: ./src/wait-healthy/summary.ts
/** What a wait's report looks like to people: the job summary table, the failure lines, the outputs. */


/** Returns the job summary: a headline and one table row per target (every cell escaped). */
function summary_renderSummary(report) {
    const healthy = report.results.filter((r) => r.healthy).length;
    const headline = report.healthy
        ? `### ✅ wait-healthy: ${report.results.length === 1 ? 'the target is' : `all ${report.results.length} targets are`} healthy in ${formatDuration(report.durationMs)}`
        : `### ❌ wait-healthy: ${healthy} of ${report.results.length} targets healthy after ${formatDuration(report.durationMs)}`;
    const rows = report.results.map((r) => [
        code(r.target),
        r.healthy ? '✅ healthy' : '❌ unhealthy',
        String(r.attempts),
        escapeMarkdown(r.detail || 'not probed'),
        r.latencyMs === null ? '–' : formatDuration(r.latencyMs),
        r.timeToHealthyMs === null ? '–' : formatDuration(r.timeToHealthyMs),
    ]);
    const table = renderTable(['Target', 'Result', 'Attempts', 'Last answer', 'Latency', 'Time to healthy'], rows);
    return `${headline}\n\n${table}`;
}
/** One line per unhealthy target with its last error, for the log on failure. */
function formatFailureLines(report) {
    return report.results
        .filter((r) => !r.healthy)
        .map((r) => `${r.target} is not healthy after ${summary_plural(r.attempts)}: ${r.detail || 'not probed'}`);
}
/** The `results` output: one JSON object per target. */
function formatResults(results) {
    return JSON.stringify(results);
}
function summary_plural(n) {
    return `${n} attempt${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: ./src/wait-healthy/manifest-targets.ts
/** `targets-from`: a platform's health target lines for one environment, from the platforms manifest. */




/**
 * Returns the platform's parsed health targets for the environment.
 * @throws InputError for an unknown platform, no environment, no targets, or a bad target line
 */
function targetsFromManifest(manifest, request) {
    const platform = manifest.platforms.find((p) => p.name === request.platform);
    if (!platform) {
        const known = manifest.platforms.map((p) => p.name).join(', ') || 'none';
        throw new InputError(`Input 'targets-from'`, request.platform, `no such platform in ${manifest.source} (platforms: ${known})`);
    }
    const environment = request.environment || environmentForBranch(manifest, request.branch);
    if (environment === '') {
        throw new InputError(`Input 'environment'`, undefined, `name one for targets-from: branch '${request.branch}' maps to no environment in ${manifest.source}`);
    }
    const lines = healthTargetsFor(platform, environment);
    if (lines.length === 0) {
        throw new InputError(`Input 'targets-from'`, request.platform, `the platform has no health targets for environment '${environment}' in ${manifest.source}`);
    }
    return parseTargets(lines, `${manifest.source} platforms.${platform.name}.health (${environment})`);
}

;// CONCATENATED MODULE: ./src/wait-healthy/settings.ts
/** The wait-healthy action's inputs, read and checked once, before any probe. */




/** Defaults as action.yml states them. */
const wait_healthy_settings_DEFAULTS = {
    targets: '',
    'targets-from': '',
    environment: '',
    platforms: '',
    timeout: '5m',
    interval: '5s',
    'request-timeout': '10s',
    'consecutive-successes': '1',
    'insecure-tls': 'false',
};
/**
 * Inputs masked whole before anything else. None: credentials sit inside `targets` (URL passwords,
 * header values), and masking the whole input would hide every host name; the shell masks exactly
 * the credentials `secretsOf(targets)` finds instead.
 */
const wait_healthy_settings_SECRET_INPUTS = (/* unused pure expression or super */ null && ([]));
/**
 * Reads and checks every input.
 * @throws InputError for a bad target line, duration, number or boolean, or when there are no targets
 */
function wait_healthy_settings_readSettings(read) {
    const get = (name) => read(name).trim() || wait_healthy_settings_DEFAULTS[name];
    const targets = parseTargets(parseLines(read('targets')), `Input 'targets'`);
    const targetsFrom = get('targets-from') || undefined;
    if (targets.length === 0 && targetsFrom === undefined) {
        throw inputError('targets', undefined, 'give at least one target, one per line (or a platform in targets-from)');
    }
    return {
        targets,
        targetsFrom,
        environment: get('environment'),
        platforms: get('platforms'),
        timeoutMs: positiveDuration('timeout', get('timeout')),
        intervalMs: positiveDuration('interval', get('interval')),
        requestTimeoutMs: positiveDuration('request-timeout', get('request-timeout')),
        consecutiveSuccesses: parseInteger('consecutive-successes', get('consecutive-successes'), 1, 1, 100),
        insecureTls: parseBoolean('insecure-tls', get('insecure-tls'), false),
    };
}
function positiveDuration(name, text) {
    const ms = parseDuration(name, text);
    if (ms <= 0)
        throw inputError(name, text, 'use a duration greater than zero, such as 500ms, 5s or 2m');
    return ms;
}

;// CONCATENATED MODULE: ./src/wait-healthy/index.ts
/**
 * wait-healthy's core, for the other shells (the deploy action after a deploy, the CLI):
 *
 * ```ts
 * const targets = parseTargets(platformHealthLines, 'platforms.yml platforms.web.health');
 * for (const secret of secretsOf(targets)) core.setSecret(secret); // before anything is logged
 * const http = await createProbeFetch({ insecureTls: false });
 * try {
 *   const report = await waitHealthy(targets, options, { clock, fetch: http.fetch, signal, log });
 *   if (!report.healthy) throw deadlineError(report, options.timeoutMs);
 * } finally {
 *   await http.close();
 * }
 * ```
 *
 * Everything here is plain values in and out; credentials are already masked in the results.
 */








;// CONCATENATED MODULE: ./src/pipeline/steps.ts







/** Builds the pipeline's steps from the actions' cores. */
function createSteps(config, deps) {
    const separation = config.separation;
    return {
        deploy: (platform, signal, note) => deploy(config, platform, signal, { ...deps, note }),
        waitHealthy: (platform, signal) => checkHealth(config, platform, signal, deps),
        separation: separation
            ? async (signal) => {
                const log = deps.logFor('separation');
                // The action's own limits and defaults (request timeout, chunks followed, page sizes, retries).
                const options = separationOptions({
                    requestTimeoutMs: (0,duration/* parseDuration */.E)('request-timeout', settings_DEFAULTS['request-timeout']),
                    maxChunks: Number(settings_DEFAULTS['max-chunks']),
                });
                const report = await separation_runSeparation(separation.spec, separation.credentials, options, {
                    clock: deps.clock,
                    fetch: deps.fetch,
                    signal,
                    log,
                });
                const { passed, total, skipped } = report.totals;
                if (report.totals.failed > 0)
                    return { status: 'failed', detail: renderFailureLine(report) };
                const note = skipped > 0 ? ` (${skipped} allowed by the spec)` : '';
                return { status: 'ok', detail: `${passed} of ${total} checks passed${note}` };
            }
            : undefined,
    };
}
async function deploy(config, platform, signal, deps) {
    const inputs = {
        'dokploy-url': config.dokployUrl,
        'api-key': config.apiKey,
        [platform.kind === 'compose' ? 'compose-id' : 'application-id']: config.ids[platform.name] ?? '',
        timeout: config.deployTimeout,
        'poll-interval': config.pollInterval,
        title: `dokploy-deploy pipeline ${config.runId} ${config.sha.slice(0, 7)}`.trim(),
        description: `dokploy-deploy pipeline run ${config.runId} ${config.sha}`.trim(),
    };
    const settings = readSettings((name) => inputs[name] ?? '', {
        workflow: 'dokploy-deploy pipeline',
        runId: config.runId,
        runNumber: '',
        runAttempt: '1',
        sha: config.sha,
        repository: '',
    });
    const log = withProgress(deps.logFor(platform.name), deps.note);
    const result = await runDeploy(settings, {
        clock: deps.clock,
        fetch: deps.fetch,
        signal,
        log,
    });
    if (result.status === 'done') {
        return {
            status: 'ok',
            detail: `deployment ${result.deploymentId ?? '?'} done`,
            deploymentId: result.deploymentId,
        };
    }
    return {
        status: result.status === 'cancelled' && signal.aborted ? 'cancelled' : 'failed',
        detail: result.failure?.message ?? `deployment ended with status '${result.status}'`,
        deploymentId: result.deploymentId,
    };
}
async function checkHealth(config, platform, signal, deps) {
    const targets = targets_parseTargets(platform.health, `${config.manifestSource} platforms.${platform.name}.health`);
    if (targets.length === 0)
        return { status: 'ok', detail: 'no health targets' };
    const options = {
        timeoutMs: config.healthTimeoutMs,
        intervalMs: config.healthIntervalMs,
        requestTimeoutMs: Math.min(10_000, config.healthTimeoutMs),
        consecutiveSuccesses: Number(wait_healthy_settings_DEFAULTS['consecutive-successes']),
        insecureTls: false,
    };
    const log = deps.logFor(platform.name);
    const report = await waitHealthy(targets, options, {
        clock: deps.clock,
        fetch: deps.probeFetch,
        signal,
        log,
    });
    if (!report.healthy)
        return { status: 'failed', detail: deadlineError(report, options.timeoutMs).message };
    const n = targets.length;
    return {
        status: 'ok',
        detail: `${n === 1 ? '1 target' : `${n} targets`} healthy in ${(0,duration/* formatDuration */.a)(report.durationMs)}`,
    };
}
/**
 * Passes the deploy's progress lines (`<label>: queued in Dokploy, position 2 (1 job ahead), 4.0s
 * elapsed`, `<label>: running (deployment dep-1), 6.0s elapsed`) on as the platform's live detail,
 * without the label and the elapsed time, which the view shows itself.
 */
function withProgress(log, note) {
    return {
        ...log,
        info: (line) => {
            log.info(line);
            const progress = /^.+?\)?: (.+), [\d.]+(?:ms|s|m \d+s|h \d+m) elapsed$/.exec(line)?.[1];
            // The end of a deploy is reported by the step's outcome.
            if (progress !== undefined && !/^(done|error|cancelled)\b/.test(progress))
                note(progress);
        },
    };
}

// EXTERNAL MODULE: ./src/cli/local-git.ts
var local_git = __webpack_require__(7032);
// EXTERNAL MODULE: ./src/lib/yaml.ts
var yaml = __webpack_require__(912);
;// CONCATENATED MODULE: ./src/run-e2e-separation/spec-fields.ts
/** Typed access to the separation spec's YAML nodes; every failure is one InputError naming the field. */

/** Typed accessors that throw one-line InputErrors naming the spec field. */
class Fields {
    source;
    constructor(source) {
        this.source = source;
    }
    fail(at, value, hint, predicate = '') {
        const where = this.source === 'inline' ? '' : ` in ${this.source}`;
        throw new errors/* InputError */.dz(`Separation spec field '${at || '(top level)'}'${where}${predicate}`, value, hint);
    }
    mapping(node, at, keys) {
        if (node === null || typeof node !== 'object' || Array.isArray(node)) {
            this.fail(at, undefined, `must be a mapping${node === undefined ? ' (it is missing)' : ''}`);
        }
        const map = node;
        for (const key of Object.keys(map)) {
            if (keys && !keys.includes(key)) {
                this.fail(at ? `${at}.${key}` : key, undefined, `use one of ${keys.join(', ')}`, ' is not known');
            }
        }
        return map;
    }
    list(node, at) {
        if (!Array.isArray(node))
            this.fail(at, undefined, `must be a list${node === undefined ? ' (it is missing)' : ''}`);
        return node;
    }
    string(node, at, allowEmpty = false) {
        if (typeof node !== 'string' || (!allowEmpty && node.trim() === '')) {
            this.fail(at, node === undefined ? undefined : String(node), 'must be a non-empty string');
        }
        return node;
    }
    strings(node, at) {
        return this.list(node, at).map((item, i) => this.string(item, `${at}[${i}]`));
    }
    oneOf(node, at, accepted) {
        if (typeof node !== 'string' || !accepted.includes(node)) {
            this.fail(at, String(node), `use one of ${accepted.join(', ')}`);
        }
        return node;
    }
    httpUrl(node, at) {
        const text = this.string(node, at);
        let parsed;
        try {
            parsed = new URL(text);
        }
        catch {
            parsed = undefined;
        }
        if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
            this.fail(at, text, 'use an absolute http:// or https:// URL');
        }
        return text;
    }
    statuses(node, at) {
        const items = Array.isArray(node) ? node : [node];
        return items.map((item) => {
            if (typeof item !== 'number' || !Number.isInteger(item) || item < 100 || item > 599) {
                this.fail(at, String(item), 'use an HTTP status (100-599) or a list of them');
            }
            return item;
        });
    }
    platformNames(node, at, names) {
        return this.strings(node, at).map((name, i) => {
            if (!names.includes(name))
                this.fail(`${at}[${i}]`, name, `not a platform of this spec; use one of ${names.join(', ')}`);
            return name;
        });
    }
}
/** The first line of an error's message, without a trailing colon. */
function firstLine(error) {
    const message = error instanceof Error ? error.message : String(error);
    return (message.split('\n')[0] ?? message).replace(/:$/, '');
}

;// CONCATENATED MODULE: ./src/run-e2e-separation/spec.ts
/**
 * The separation spec (`.github/separation.yml`): per platform its URL per environment, its identity
 * markers, the pages to load, an optional authenticated endpoint, and what it may share with others.
 * `parseSpec` validates the YAML strictly and resolves it for one environment.
 */





/** What a platform may share with another without it being a leak (keys of `allow:`). */
const ALLOW_KEYS = ['markers', 'credentials', 'cookies', 'cors'];
/** How many of a platform's own markers each page must show. */
const REQUIRE_MARKERS = ['all', 'any'];
/** What a `compare:` entry expects across platforms. */
const COMPARE_EXPECT = ['different', 'same'];
const ROOT_KEYS = ['platforms', 'compare'];
const PLATFORM_KEYS = ['urls', 'markers', 'require-markers', 'pages', 'auth', 'cors', 'allow'];
const URL_KEYS = ['url', 'origin'];
const MARKER_KEYS = ['regex', 'flags', 'text'];
const AUTH_KEYS = [
    'endpoint',
    'credential',
    'header',
    'scheme',
    'cookie',
    'status',
    'foreign-status',
];
const COMPARE_KEYS = ['path', 'expect', 'platforms'];
/**
 * Reads the spec named by input `spec`: inline YAML (the value has a newline or a ':'), else a path
 * relative to `cwd`.
 * @throws InputError when the file is missing or not a regular file
 */
function readSpecInput(value, cwd) {
    const trimmed = value.trim();
    if (trimmed.includes('\n') || trimmed.includes(':'))
        return { text: value, source: 'inline' };
    const path = isAbsolute(trimmed) ? trimmed : resolve(cwd, trimmed);
    if (!existsSync(path) || !lstatSync(path).isFile()) {
        throw new InputError("Input 'spec'", trimmed, `no such file (relative to ${cwd}); give the path of the separation spec or inline YAML`);
    }
    return { text: readFileSync(path, 'utf8'), source: trimmed };
}
/**
 * Parses and validates a separation spec and resolves it for `environment`.
 * @throws InputError naming the field for invalid YAML, an unknown key, a wrong type, a marker regex
 *   that does not compile, an unknown platform name, or a platform without a URL for `environment`
 * @example parseSpec('platforms:\n  a:\n    urls: { production: "https://a.example" }\n    markers: [A]\n', 'inline', 'production')
 */
function parseSpec(text, source, environment) {
    let doc;
    try {
        doc = (0,yaml/* parseYaml */.h)(text);
    }
    catch (error) {
        throw new errors/* InputError */.dz(`Separation spec '${source}'`, undefined, `invalid YAML: ${firstLine(error)}`);
    }
    const field = new Fields(source);
    const root = field.mapping(doc, '', ROOT_KEYS);
    const platformsNode = field.mapping(root.platforms, 'platforms');
    const names = Object.keys(platformsNode);
    if (names.length < 2)
        field.fail('platforms', undefined, 'list at least two platforms to keep apart');
    const platforms = names.map((name) => parsePlatform(field, name, platformsNode[name], environment, names));
    const compare = field
        .list(root.compare ?? [], 'compare')
        .map((node, i) => parseCompare(field, node, `compare[${i}]`, names));
    return { environment, platforms, compare };
}
/**
 * Reads each platform's credential from the environment variable its spec names.
 * @returns credential values by platform name (only platforms with `auth`)
 * @throws InputError naming the field and the variable when a variable is unset or empty
 */
function readCredentials(spec, env) {
    const credentials = {};
    for (const platform of spec.platforms) {
        if (!platform.auth)
            continue;
        const name = platform.auth.credential;
        const value = env[name];
        if (value === undefined || value === '') {
            throw new errors/* InputError */.dz(`Separation spec field 'platforms.${platform.name}.auth.credential'`, undefined, `names the environment variable ${name}, which is not set; map the secret into this step, e.g. env: { ${name}: \${{ secrets.${name} }} }`);
        }
        credentials[platform.name] = value;
    }
    return credentials;
}
function parsePlatform(field, name, node, environment, names) {
    const at = `platforms.${name}`;
    const raw = field.mapping(node, at, PLATFORM_KEYS);
    const { url, origin } = spec_resolveUrl(field, raw.urls, `${at}.urls`, environment);
    const markers = field
        .list(raw.markers, `${at}.markers`)
        .map((m, i) => parseMarker(field, m, `${at}.markers[${i}]`));
    if (markers.length === 0)
        field.fail(`${at}.markers`, undefined, 'list at least one identity marker');
    const pages = field.strings(raw.pages ?? ['/'], `${at}.pages`);
    const auth = raw.auth === undefined ? undefined : parseAuth(field, raw.auth, `${at}.auth`);
    const allowNode = field.mapping(raw.allow ?? {}, `${at}.allow`, ALLOW_KEYS);
    const allow = Object.fromEntries(ALLOW_KEYS.map((key) => [key, field.platformNames(allowNode[key] ?? [], `${at}.allow.${key}`, names)]));
    return {
        name,
        url,
        origin,
        host: new URL(origin).hostname,
        markers,
        requireMarkers: field.oneOf(raw['require-markers'] ?? 'all', `${at}.require-markers`, REQUIRE_MARKERS),
        pages,
        auth,
        cors: field.strings(raw.cors ?? (auth ? [auth.endpoint] : pages), `${at}.cors`),
        allow,
    };
}
function spec_resolveUrl(field, node, at, environment) {
    const urls = field.mapping(node, at);
    const known = Object.keys(urls);
    if (environment === '') {
        field.fail(at, undefined, `choose an environment with input 'environment' (the spec has ${known.join(', ')})`);
    }
    const entry = urls[environment];
    if (entry === undefined) {
        field.fail(at, undefined, `no URL for environment '${environment}'; add ${at}.${environment} or set input 'environment' to one of ${known.join(', ') || '(none)'}`);
    }
    const pair = typeof entry === 'string' ? { url: entry } : field.mapping(entry, `${at}.${environment}`, URL_KEYS);
    const url = field.httpUrl(pair.url, `${at}.${environment}${typeof entry === 'string' ? '' : '.url'}`);
    const origin = pair.origin === undefined ? url : field.httpUrl(pair.origin, `${at}.${environment}.origin`);
    return { url, origin: new URL(origin).origin };
}
function parseMarker(field, node, at) {
    if (typeof node === 'string' && node !== '') {
        return { label: `'${node}'`, regex: new RegExp(escapeRegExp(node)) };
    }
    const raw = field.mapping(node, at, MARKER_KEYS);
    if (raw.text !== undefined) {
        if (raw.regex !== undefined)
            field.fail(at, undefined, "give either 'text' or 'regex', not both");
        return parseMarker(field, field.string(raw.text, `${at}.text`), at);
    }
    const source = field.string(raw.regex, `${at}.regex`);
    const flags = raw.flags === undefined ? '' : field.string(raw.flags, `${at}.flags`);
    if (!/^[imsu]*$/.test(flags))
        field.fail(`${at}.flags`, flags, 'use any of the flags i, m, s, u');
    try {
        return { label: `/${source}/${flags}`, regex: new RegExp(source, flags) };
    }
    catch (error) {
        return field.fail(`${at}.regex`, source, `the regular expression does not compile (${firstLine(error).split(': ').at(-1)}); fix it or use a plain string marker`);
    }
}
function parseAuth(field, node, at) {
    const raw = field.mapping(node, at, AUTH_KEYS);
    const credential = field.string(raw.credential, `${at}.credential`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(credential)) {
        field.fail(`${at}.credential`, credential, 'give the NAME of the environment variable that holds the credential');
    }
    return {
        endpoint: field.string(raw.endpoint, `${at}.endpoint`),
        credential,
        header: raw.header === undefined ? 'Authorization' : field.string(raw.header, `${at}.header`),
        scheme: raw.scheme === undefined ? 'Bearer' : field.string(raw.scheme, `${at}.scheme`, true),
        cookie: raw.cookie === undefined ? undefined : field.string(raw.cookie, `${at}.cookie`),
        status: raw.status === undefined ? [] : field.statuses(raw.status, `${at}.status`),
        foreignStatus: field.statuses(raw['foreign-status'] ?? [401, 403], `${at}.foreign-status`),
    };
}
function parseCompare(field, node, at, names) {
    const raw = field.mapping(node, at, COMPARE_KEYS);
    const platforms = raw.platforms === undefined ? names : field.platformNames(raw.platforms, `${at}.platforms`, names);
    if (platforms.length < 2)
        field.fail(`${at}.platforms`, undefined, 'compare at least two platforms');
    return {
        path: field.string(raw.path, `${at}.path`),
        expect: field.oneOf(raw.expect ?? 'different', `${at}.expect`, COMPARE_EXPECT),
        platforms,
    };
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

;// CONCATENATED MODULE: ./src/cli/pipeline-config.ts
/**
 * The pipeline command's configuration from its flags and the environment, checked before anything
 * runs: DOKPLOY_URL and DOKPLOY_TOKEN (with the deploy action's own rules), every platform's Dokploy id
 * (from the manifest or the variable its `secret:` names), durations, and the separation spec with
 * its credentials.
 */






/**
 * Reads and checks the configuration.
 * @throws InputError naming the variable or option: DOKPLOY_URL/DOKPLOY_TOKEN missing or invalid, id
 *   variables not set (all named at once), a bad duration or stage, a spec that is missing or invalid,
 *   a credential variable that is not set
 */
function readPipelineConfig(values, plan, where) {
    const { env } = where;
    const dokployUrl = (env.DOKPLOY_URL ?? '').trim();
    const apiKey = (env.DOKPLOY_TOKEN ?? '').trim();
    checkDokploy(dokployUrl, apiKey, values);
    const after = Number(values['separation-after']);
    if (!Number.isInteger(after) || after < 0) {
        throw new errors/* InputError */.dz('Option --separation-after', values['separation-after'], 'use a stage number such as 1');
    }
    return {
        separationAfterStage: after,
        dokployUrl,
        apiKey,
        ids: resolveIds(plan, env),
        sha: where.head,
        runId: Date.now().toString(36),
        manifestSource: where.manifestSource,
        deployTimeout: values['deploy-timeout'],
        pollInterval: values['poll-interval'],
        healthTimeoutMs: positive('--health-timeout', values['health-timeout']),
        healthIntervalMs: positive('--health-interval', values['health-interval']),
        separation: values['no-separation'] ? undefined : readSeparation(values.spec, plan, where),
    };
}
/** Checks DOKPLOY_URL, DOKPLOY_TOKEN and the deploy options with the deploy action's own rules, before anything runs. */
function checkDokploy(url, apiKey, values) {
    if (url === '') {
        throw new errors/* InputError */.dz('Environment variable DOKPLOY_URL', undefined, "is required: your Dokploy server's address, e.g. DOKPLOY_URL=https://dokploy.example.com");
    }
    if (apiKey === '') {
        throw new errors/* InputError */.dz('Environment variable DOKPLOY_TOKEN', undefined, 'is required: a Dokploy API key (Settings → Profile → API/CLI in Dokploy)');
    }
    const names = {
        'dokploy-url': 'Environment variable DOKPLOY_URL',
        timeout: 'Option --deploy-timeout',
        'poll-interval': 'Option --poll-interval',
    };
    const inputs = {
        'dokploy-url': url,
        'api-key': apiKey,
        'application-id': 'check',
        timeout: values['deploy-timeout'],
        'poll-interval': values['poll-interval'],
    };
    try {
        readSettings((name) => inputs[name] ?? '', {
            workflow: '',
            runId: '',
            runNumber: '',
            runAttempt: '',
            sha: '',
            repository: '',
        });
    }
    catch (error) {
        if (!(error instanceof errors/* InputError */.dz))
            throw error;
        const input = /^Input '([^']+)'/.exec(error.subject)?.[1] ?? '';
        throw new errors/* InputError */.dz(names[input] ?? error.subject, error.value, error.hint);
    }
}
/** Each planned platform's id: the manifest's, or the value of the variable its `secret:` names. */
function resolveIds(plan, env) {
    const ids = {};
    const missing = [];
    for (const p of plan.platforms) {
        const id = p.id || (env[p.secret] ?? '').trim();
        if (id === '')
            missing.push(p.secret);
        else
            ids[p.name] = id;
    }
    if (missing.length > 0) {
        throw new errors/* InputError */.dz(`Environment variable${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`, undefined, `${missing.length === 1 ? 'is' : 'are'} not set: each holds the Dokploy id of a platform in ${plan.environment} (the manifest's deploy.${plan.environment}.secret)`);
    }
    return ids;
}
function readSeparation(specOption, plan, where) {
    const path = specOption || '.github/separation.yml';
    const file = (0,external_node_path_.resolve)(where.cwd, path);
    if (!(0,external_node_fs_.existsSync)(file)) {
        if (specOption === '')
            return undefined;
        throw new errors/* InputError */.dz('Option --spec', specOption, `no such file (relative to ${where.cwd})`);
    }
    const spec = parseSpec((0,external_node_fs_.readFileSync)(file, 'utf8'), path, plan.environment);
    return { spec, credentials: readCredentials(spec, where.env) };
}
function positive(option, text) {
    const ms = (0,duration/* parseDuration */.E)(option, text);
    if (ms <= 0)
        throw new errors/* InputError */.dz(`Option ${option}`, text, 'use a duration above zero, such as 5s or 5m');
    return ms;
}

;// CONCATENATED MODULE: ./src/cli/pipeline-view.ts
/**
 * The pipeline's live progress on a terminal: the block of platform lines is redrawn in place (and
 * every half second, so elapsed times tick) when stdout is a TTY; otherwise one plain line is printed
 * per change, which reads well in GitLab, Jenkins or a log file.
 */

/** Creates the view for `out`; `now` is the clock's. */
function createView(out, now) {
    return out.tty ? ttyView(out, now) : plainView(out, now);
}
function plainView(out, now) {
    let before = new Map();
    return {
        update(state) {
            for (const line of renderChanges(state, before, now()))
                out.write(`${line}\n`);
            before = snapshot(state);
        },
        print: (line) => out.write(`${line}\n`),
        stop: () => undefined,
    };
}
function ttyView(out, now) {
    let state;
    let drawn = 0;
    const erase = () => (drawn > 0 ? `\x1b[${drawn}F\x1b[J` : '');
    const block = () => {
        if (!state)
            return '';
        const lines = renderLive(state, now(), Math.max(40, out.columns - 1));
        drawn = lines.length;
        return lines.map((line) => `${line}\n`).join('');
    };
    const redraw = () => out.write(erase() + block());
    const timer = setInterval(redraw, 500);
    timer.unref();
    return {
        update(next) {
            state = next;
            redraw();
        },
        print(line) {
            out.write(`${erase()}${line}\n${block()}`);
        },
        stop() {
            clearInterval(timer);
            redraw();
        },
    };
}
/** A logger for one step: lines are kept (shown after a failure); warnings and, with --verbose, every line go out at once. */
function stepLogger(name, logs, view, verbose) {
    const keep = (line) => {
        const lines = logs.get(name) ?? [];
        lines.push(line);
        if (lines.length > 400)
            lines.shift();
        logs.set(name, lines);
    };
    const info = (line) => {
        keep(line);
        if (verbose)
            view.print(`[${name}] ${line}`);
    };
    const loud = (prefix) => (line) => {
        keep(`${prefix}${line}`);
        view.print(`[${name}] ${prefix}${line}`);
    };
    return {
        debug: (line) => (verbose ? view.print(`[${name}] debug: ${line}`) : undefined),
        info,
        warning: loud('warning: '),
        error: loud('error: '),
        group: async (title, fn) => {
            info(`── ${title}`);
            return fn();
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/pipeline.ts
/**
 * `dokploy-deploy pipeline`: the whole staged pipeline outside GitHub Actions (a laptop, GitLab CI,
 * Jenkins) with the actions' own cores: plan → deploy each stage → wait healthy → separation → next
 * stage. Secrets come from the environment only (DOKPLOY_TOKEN, the id variables the manifest names,
 * the spec's credential variables), never from flags, and are never printed.
 */

















const USAGE = `Usage: dokploy-deploy pipeline [options]

Runs the staged pipeline from this machine: plans what changed, deploys each stage's platforms in
parallel on Dokploy, waits until they are healthy, runs the separation checks after the platforms
stage, and stops at the first stage that fails. Works from a laptop, GitLab CI or Jenkins.

Options:
  --base REV              compare from this commit (default: the branch's upstream, e.g. origin/main)
  --head REV              compare up to this commit (default: HEAD)
  --select LIST           all, or a comma list of platforms (instead of --base/--head)
  --branch NAME           the branch whose environment applies (default: the current branch)
  --environment NAME      override the branch → environment mapping
  --manifest PATH         the platforms manifest (default: ${manifest/* DEFAULT_MANIFEST_PATH */.e})
  --spec PATH             the separation spec (default: .github/separation.yml when present)
  --no-separation         do not run the separation checks
  --separation-after N    run the separation checks after stage N (default 1, the platforms stage)
  --deploy-timeout DUR    per deployment, queue and build (default 30m)
  --poll-interval DUR     first wait between deployment polls (default 3s)
  --health-timeout DUR    per platform, until its health targets answer (default 5m)
  --health-interval DUR   longest wait between two health probes (default 5s)
  --plain                 print one line per change even on a terminal
  --verbose               also print every step's log lines
  -C DIR                  run in DIR (default: the current directory)

Environment:
  DOKPLOY_URL             your Dokploy server, e.g. https://dokploy.example.com
  DOKPLOY_TOKEN           a Dokploy API key (sent as x-api-key; never printed)
  <secret names>          the Dokploy ids the manifest names with deploy.<environment>.secret
  <credential names>      the test credentials the separation spec names (auth.credential)

Exit codes: 0 every stage passed (or nothing to deploy), 1 a stage or the separation checks failed,
2 bad usage, 130 cancelled (Ctrl-C, SIGTERM).
`;
const OPTIONS = {
    base: { type: 'string' },
    head: { type: 'string', default: 'HEAD' },
    select: { type: 'string', default: '' },
    branch: { type: 'string' },
    environment: { type: 'string', default: '' },
    manifest: { type: 'string', default: '' },
    spec: { type: 'string', default: '' },
    'no-separation': { type: 'boolean', default: false },
    'separation-after': { type: 'string', default: '1' },
    'deploy-timeout': { type: 'string', default: '30m' },
    'poll-interval': { type: 'string', default: '3s' },
    'health-timeout': { type: 'string', default: '5m' },
    'health-interval': { type: 'string', default: '5s' },
    plain: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    C: { type: 'string', short: 'C' },
    help: { type: 'boolean', short: 'h', default: false },
};
const command = {
    summary: 'run the staged pipeline from here: plan, deploy each stage, wait healthy, separation',
    async run(args, context) {
        let values;
        try {
            values = (0,external_node_util_.parseArgs)({ args, options: OPTIONS, strict: true }).values;
        }
        catch (error) {
            process.stderr.write(`dokploy-deploy pipeline: ${error.message}\n${USAGE}`);
            return 2;
        }
        if (values.help) {
            process.stdout.write(USAGE);
            return 0;
        }
        const cwd = (0,external_node_path_.resolve)(context.cwd, values.C ?? '.');
        const out = (text) => void process.stdout.write(text);
        const { plan, head, manifestSource } = await planFrom(values, cwd, context.signal);
        for (const warning of plan.warnings)
            out(`warning: ${warning}\n`);
        if (plan.platforms.length === 0) {
            out(plan.environment
                ? `Nothing to deploy to ${plan.environment}: no platform changed.\n`
                : `Nothing to deploy: branch ${plan.branch} maps to no environment.\n`);
            return 0;
        }
        const config = readPipelineConfig(values, plan, { env: context.env, cwd, head, manifestSource });
        out(describePlan(plan, config));
        const view = createView({
            write: out,
            tty: Boolean(process.stdout.isTTY) && !values.plain,
            columns: process.stdout.columns || 120,
        }, systemClock.now);
        const logs = new Map();
        const probe = await createProbeFetch({ insecureTls: false });
        try {
            const steps = createSteps(config, {
                clock: systemClock,
                fetch: globalThis.fetch,
                probeFetch: probe.fetch,
                logFor: (name) => stepLogger(name, logs, view, values.verbose),
            });
            const result = await runPipeline({
                plan,
                separationAfterStage: config.separationAfterStage,
                separationPlatforms: config.separation?.spec.platforms.map((p) => p.name) ?? [],
            }, { steps, clock: systemClock, signal: context.signal, progress: (state) => view.update(state) });
            view.stop();
            // The logs of what failed come first, so the table and the headline end the output.
            for (const row of [...result.platforms, { name: 'separation', ...result.separation }]) {
                if (row.state !== 'failed')
                    continue;
                const lines = (logs.get(row.name) ?? []).slice(-60);
                if (lines.length > 0)
                    out(`\n── ${row.name}: the last lines of its log\n${lines.join('\n')}\n`);
            }
            out(`\n${renderFinal(result)}`);
            return result.exitCode;
        }
        finally {
            view.stop();
            await probe.close();
        }
    },
};
async function planFrom(values, cwd, signal) {
    if (values.manifest === '' && !(0,external_node_fs_.existsSync)((0,external_node_path_.resolve)(cwd, manifest/* DEFAULT_MANIFEST_PATH */.e))) {
        throw new errors/* InputError */.dz('Option --manifest', undefined, `is required: there is no ${manifest/* DEFAULT_MANIFEST_PATH */.e} in ${cwd} (run 'dokploy-deploy init' to create one)`);
    }
    const quiet = {
        debug: () => undefined,
        info: () => undefined,
        warning: (m) => void process.stderr.write(`warning: ${m}\n`),
        error: (m) => void process.stderr.write(`error: ${m}\n`),
        group: async (_name, fn) => fn(),
    };
    const git = (0,git_runner/* createGitRunner */.h)(cwd, (m) => quiet.warning(m), process.env);
    const head = (0,local_git/* resolveCommit */.WL)(git, '--head', values.head);
    const manual = values.select.trim() !== '';
    const base = manual ? '' : (0,local_git/* resolveCommit */.WL)(git, '--base', values.base ?? (0,local_git/* upstreamOf */.Fw)(git));
    const branch = values.branch ?? (0,detect_changed_platforms_git/* getCurrentRef */.DZ)(git);
    const inputs = {
        platforms: values.manifest,
        select: values.select,
        environment: values.environment,
        base,
        ref: head,
    };
    const settings = (0,detect_changed_platforms_settings/* readSettings */.sb)((name) => inputs[name] ?? '', cwd);
    const result = await (0,detect/* detectChanges */.f)(settings, (0,local_git/* localPushContext */.z2)(branch), {
        git: () => git,
        fetch: globalThis.fetch,
        log: quiet,
        signal,
    });
    if (!result.plan || !settings.manifest)
        throw new errors/* InputError */.dz('Option --manifest', values.manifest, 'gave no plan');
    return { plan: result.plan, head, manifestSource: settings.manifest.source };
}
function describePlan(plan, config) {
    const stages = plan.stages
        .map((names, i) => `stage ${i}: ${names.length > 0 ? names.join(', ') : '(nothing)'}`)
        .join(' → ');
    const separation = config.separation ? ' (separation checks after the platforms stage)' : '';
    return `Deploying to ${plan.environment} on ${new URL(config.dokployUrl).host}: ${stages}${separation}\n\n`;
}


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


/***/ })

};
