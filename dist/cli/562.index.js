export const id = 562;
export const ids = [562];
export const modules = {

/***/ 6562:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  command: () => (/* binding */ command)
});

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/detect-changed-platforms/plan.ts
var detect_changed_platforms_plan = __webpack_require__(644);
// EXTERNAL MODULE: ./src/detect-changed-platforms/detect.ts + 3 modules
var detect = __webpack_require__(9805);
// EXTERNAL MODULE: ./src/detect-changed-platforms/git.ts + 1 modules
var detect_changed_platforms_git = __webpack_require__(8508);
// EXTERNAL MODULE: ./src/detect-changed-platforms/list-format.ts
var list_format = __webpack_require__(5987);
;// CONCATENATED MODULE: ./src/detect-changed-platforms/outputs.ts

/**
 * Returns the action's outputs in the order they are set. dorny's outputs come first and exactly as
 * dorny writes them (spec §2); then, with a manifest, per-platform outputs in the same shape, and the
 * plan outputs. `changes` lists the filters with matches or, without filters, the selected platforms.
 */
function buildOutputs(source) {
    const outputs = [];
    const perName = (name, files, value) => {
        outputs.push([name, String(value)], [`${name}_count`, String(files.length)]);
        if (source.listFiles !== 'none')
            outputs.push([`${name}_files`, (0,list_format/* formatFileList */.sR)(files, source.listFiles)]);
    };
    let changes;
    if (source.filterMatches) {
        changes = [];
        for (const [name, files] of source.filterMatches) {
            perName(name, files.map((f) => f.filename), files.length > 0);
            if (files.length > 0)
                changes.push(name);
        }
    }
    const plan = source.plan;
    if (plan) {
        for (const decision of plan.decisions)
            perName(decision.name, decision.files, decision.selected);
        changes ??= plan.decisions.filter((d) => d.selected).map((d) => d.name);
    }
    // dorny does not overwrite a filter named "changes" (spec §2).
    if (changes && !outputs.some(([name]) => name === 'changes'))
        outputs.push(['changes', JSON.stringify(changes)]);
    if (plan) {
        outputs.push(['environment', plan.environment], ['plan', JSON.stringify(planJson(plan))], ['matrix', JSON.stringify({ include: plan.platforms.map((p) => matrixEntry(p, plan.environment)) })], ['test-matrix', JSON.stringify({ include: testEntries(plan) })], ['stages', JSON.stringify(plan.stages)]);
        plan.stages.forEach((_, stage) => {
            const include = plan.platforms
                .filter((p) => p.stage === stage)
                .map((p) => matrixEntry(p, plan.environment));
            outputs.push([`matrix-stage-${stage}`, JSON.stringify({ include })]);
        });
    }
    return outputs;
}
/** One `strategy.matrix.include` entry (docs/platforms-manifest.md). */
function matrixEntry(p, environment) {
    return {
        platform: p.name,
        stage: p.stage,
        environment,
        kind: p.kind,
        id: p.id,
        secret: p.secret,
        health: p.health.join('\n'),
        unit: p.tests.unit ?? '',
        integration: p.tests.integration ?? '',
    };
}
function testEntries(plan) {
    return plan.decisions
        .filter((d) => d.selected)
        .map((d) => ({
        platform: d.name,
        stage: d.stage,
        unit: d.tests.unit ?? '',
        integration: d.tests.integration ?? '',
    }));
}
function planJson(plan) {
    return {
        environment: plan.environment,
        branch: plan.branch,
        stages: plan.stages,
        platforms: plan.platforms.map((p) => ({ ...p })),
    };
}

// EXTERNAL MODULE: ./src/detect-changed-platforms/settings.ts
var detect_changed_platforms_settings = __webpack_require__(3082);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/git-runner.ts
var git_runner = __webpack_require__(3858);
;// CONCATENATED MODULE: ./src/lib/logger.ts
/** A Logger backed by @actions/core (passed in as a value). */
function actionsLogger(core) {
    return {
        debug: (m) => core.debug(m),
        info: (m) => core.info(m),
        warning: (m) => core.warning(m),
        error: (m) => core.error(m),
        group: (name, fn) => core.group(name, fn),
    };
}
/** A Logger for the CLI: plain lines, warnings and errors on stderr, debug only when `verbose`. */
function consoleLogger(sinks, verbose = false) {
    return {
        debug: (m) => {
            if (verbose)
                sinks.err(`debug: ${m}`);
        },
        info: (m) => sinks.out(m),
        warning: (m) => sinks.err(`warning: ${m}`),
        error: (m) => sinks.err(`error: ${m}`),
        group: async (name, fn) => {
            sinks.out(`── ${name}`);
            return fn();
        },
    };
}

// EXTERNAL MODULE: ./src/lib/report.ts
var report = __webpack_require__(7185);
// EXTERNAL MODULE: ./src/cli/local-git.ts
var local_git = __webpack_require__(7032);
;// CONCATENATED MODULE: ./src/cli/plan.ts
/**
 * `dokploy-deploy plan`: what a push would deploy, from a local git range — the same cores as the
 * detect-changed-platforms action (settings, detection, plan, outputs), outside GitHub Actions.
 */











const USAGE = `Usage: dokploy-deploy plan [options]

Shows which platforms a push would deploy, in which stage, to which environment, and why.

Options:
  --base REV          compare from this commit (default: the branch's upstream, e.g. origin/main)
  --head REV          compare up to this commit (default: HEAD)
  --branch NAME       the branch whose environment applies (default: the current branch)
  --manifest PATH     the platforms manifest (default: .github/platforms.yml)
  --filters YAML|PATH dorny-style filters, as in the action
  --select LIST       all, or a comma list of platforms (skips detection)
  --environment NAME  override the branch → environment mapping
  --format FORMAT     table (default), json (the plan), matrix, or outputs (every action output)
  -C DIR              run in DIR (default: the current directory)
  --verbose           debug logging
`;
const FORMATS = ['table', 'json', 'matrix', 'outputs'];
const command = {
    summary: 'preview what a push would deploy (the detect-changed-platforms plan for a local git range)',
    async run(args, context) {
        const { values } = (0,external_node_util_.parseArgs)({
            args,
            options: {
                base: { type: 'string' },
                head: { type: 'string', default: 'HEAD' },
                branch: { type: 'string' },
                manifest: { type: 'string', default: '' },
                filters: { type: 'string', default: '' },
                select: { type: 'string', default: '' },
                environment: { type: 'string', default: '' },
                format: { type: 'string', default: 'table' },
                C: { type: 'string', short: 'C' },
                verbose: { type: 'boolean', default: false },
                help: { type: 'boolean', short: 'h', default: false },
            },
            strict: true,
        });
        if (values.help) {
            process.stdout.write(USAGE);
            return 0;
        }
        const format = values.format;
        if (!FORMATS.includes(format))
            throw new errors/* InputError */.dz('Option --format', values.format, `use one of ${FORMATS.join(', ')}`);
        const cwd = values.C ?? context.cwd;
        // The plan goes to stdout; progress only with --verbose, warnings always (both on stderr).
        const toStderr = (line) => void process.stderr.write(`${line}\n`);
        const log = consoleLogger({ out: (line) => values.verbose && toStderr(line), err: toStderr }, values.verbose);
        const git = (0,git_runner/* createGitRunner */.h)(cwd, (m) => log.warning(m), process.env);
        const head = (0,local_git/* resolveCommit */.WL)(git, '--head', values.head);
        const base = (0,local_git/* resolveCommit */.WL)(git, '--base', values.base ?? (0,local_git/* upstreamOf */.Fw)(git));
        const branch = values.branch ?? (0,detect_changed_platforms_git/* getCurrentRef */.DZ)(git);
        const inputs = {
            platforms: values.manifest,
            filters: values.filters,
            select: values.select,
            environment: values.environment,
            base,
            ref: head,
        };
        const settings = (0,detect_changed_platforms_settings/* readSettings */.sb)((name) => inputs[name] ?? '', cwd);
        const result = await (0,detect/* detectChanges */.f)(settings, (0,local_git/* localPushContext */.z2)(branch), {
            git: () => git,
            fetch: globalThis.fetch,
            log,
            signal: context.signal,
        });
        const outputs = buildOutputs({
            filterMatches: result.filterMatches,
            plan: result.plan,
            listFiles: 'json',
        });
        const output = Object.fromEntries(outputs);
        if (format === 'json')
            process.stdout.write(`${output.plan ?? '{}'}\n`);
        else if (format === 'matrix')
            process.stdout.write(`${output.matrix ?? '{"include":[]}'}\n`);
        else if (format === 'outputs')
            for (const [name, value] of outputs)
                process.stdout.write(`${name}=${value}\n`);
        else
            process.stdout.write(renderPlanTable(result, branch));
        return 0;
    },
};
function renderPlanTable(result, branch) {
    const lines = [`${result.files.length} changed file(s) ${result.comparison}.`];
    const plan = result.plan;
    if (!plan) {
        const rows = [...(result.filterMatches ?? [])].map(([name, files]) => [
            name,
            String(files.length > 0),
            String(files.length),
        ]);
        return `${lines.join('\n')}\n\n${(0,report/* renderTextTable */.K$)(['filter', 'changed', 'files'], rows)}`;
    }
    lines.push(plan.environment
        ? `Branch ${branch} deploys to ${plan.environment}.`
        : `Branch ${branch} maps to no environment: nothing deploys.`);
    const deploying = new Set(plan.platforms.map((p) => p.name));
    const rows = plan.decisions.map((d) => [
        d.name,
        deploying.has(d.name) ? 'deploys' : d.selected ? 'selected' : '-',
        String(d.stage),
        d.reason ? (0,detect_changed_platforms_plan/* describeReason */.G)(d.reason) : 'no matching changes',
    ]);
    const warnings = plan.warnings.map((w) => `warning: ${w}\n`).join('');
    return `${lines.join('\n')}\n\n${(0,report/* renderTextTable */.K$)(['platform', 'decision', 'stage', 'why'], rows)}${warnings}`;
}


/***/ })

};
