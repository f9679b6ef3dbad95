export const id = 660;
export const ids = [660];
export const modules = {

/***/ 7032:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fw: () => (/* binding */ upstreamOf),
/* harmony export */   WL: () => (/* binding */ resolveCommit),
/* harmony export */   z2: () => (/* binding */ localPushContext)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/**
 * A local git range as the detect core needs it: commits resolved to SHAs and a synthetic push
 * context, so commands that plan from a laptop or another CI see what the action would see.
 */

/**
 * Resolves a revision to a commit SHA.
 * @throws InputError naming the option when it is not a commit of the repository
 */
function resolveCommit(git, option, rev) {
    const result = git.runSync(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { allowFailure: true });
    if (result.code !== 0)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`Option ${option}`, rev, 'is not a commit in this repository');
    return result.stdout.trim();
}
/**
 * The current branch's upstream (e.g. origin/main), the default base of a local range.
 * @throws InputError for option --base when the branch has no upstream
 */
function upstreamOf(git) {
    const result = git.runSync(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], {
        allowFailure: true,
    });
    if (result.code !== 0 || !result.stdout.trim()) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('Option --base', undefined, 'is required: the current branch has no upstream to compare with (e.g. --base origin/main)');
    }
    return result.stdout.trim();
}
/** A push of `branch`, as the action would see it, without a payload (base and head are SHAs). */
function localPushContext(branch) {
    return {
        eventName: 'push',
        payload: {},
        ref: `refs/heads/${branch}`,
        headRef: '',
        sha: '',
        repository: '',
        apiUrl: '',
        serverUrl: '',
        workflow: '',
        runId: '',
        runNumber: '',
        runAttempt: '',
        actor: '',
    };
}


/***/ }),

/***/ 9805:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  f: () => (/* binding */ detectChanges)
});

// EXTERNAL MODULE: ./src/lib/manifest.ts
var manifest = __webpack_require__(5634);
// EXTERNAL MODULE: ./src/detect-changed-platforms/git.ts + 1 modules
var detect_changed_platforms_git = __webpack_require__(8508);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/detect-changed-platforms/github-api.ts

/** The GitHub API never lists more than this many files of a pull request (spec §6, #227). */
const PULL_REQUEST_FILES_CAP = 3000;
/** Thrown when the GitHub API refuses the file list; says which permission or input fixes it. */
class GitHubApiError extends errors/* KitError */.Fb {
    path;
    status;
    name = 'GitHubApiError';
    constructor(path, status, detail) {
        super(`GitHub GET ${path} answered ${status}${detail ? ` ${detail}` : ''}: ` +
            (status === 403 || status === 404
                ? "give the job 'pull-requests: read' permission, or set token: '' to detect changes with git"
                : "retry the job, or set token: '' to detect changes with git"));
        this.path = path;
        this.status = status;
    }
}
/**
 * Lists a pull request's changed files, 100 per page, mapping statuses as dorny does: `removed` →
 * `deleted`; `renamed` → the new name `added` and the previous name `deleted`; others verbatim.
 * Only this path needs the network, so `fetch` is the only dependency.
 *
 * @throws GitHubApiError on any non-200 page (the token is never part of the message)
 */
async function listPullRequestFiles(request, fetchImpl, signal) {
    const files = [];
    let rows = 0;
    const path = `/repos/${request.owner}/${request.repo}/pulls/${request.pullNumber}/files`;
    for (let page = 1;; page++) {
        const response = await fetchImpl(`${request.apiUrl.replace(/\/$/, '')}${path}?per_page=100&page=${page}`, {
            headers: {
                accept: 'application/vnd.github+json',
                authorization: `Bearer ${request.token}`,
                'user-agent': 'dokploy-deploy/detect-changed-platforms',
                'x-github-api-version': '2022-11-28',
            },
            signal,
        });
        if (response.status !== 200) {
            const body = await response.text().catch(() => '');
            throw new GitHubApiError(path, response.status, messageOf(body));
        }
        const items = (await response.json());
        for (const item of items) {
            rows++;
            if (item.status === 'renamed') {
                files.push({ filename: item.filename, status: 'added' });
                if (item.previous_filename)
                    files.push({ filename: item.previous_filename, status: 'deleted' });
            }
            else {
                files.push({ filename: item.filename, status: item.status === 'removed' ? 'deleted' : item.status });
            }
        }
        if (items.length < 100 || rows >= PULL_REQUEST_FILES_CAP)
            break;
    }
    return { files, rows };
}
function messageOf(body) {
    try {
        const message = JSON.parse(body).message;
        return typeof message === 'string' ? `(${message.split('\n')[0]})` : '';
    }
    catch {
        return '';
    }
}

;// CONCATENATED MODULE: ./src/detect-changed-platforms/changes.ts


/**
 * Lists the changed files for a strategy. On the API path, a pull request with more files than the
 * API lists (3,000) is detected with git instead, and the log says so (dorny truncates silently).
 */
async function getChangedFiles(strategy, options, deps) {
    const { log } = deps;
    switch (strategy.kind) {
        case 'worktree':
            return { files: await (0,detect_changed_platforms_git/* getWorktreeChanges */.ZT)(deps.git()), source: 'git' };
        case 'all-files':
            return { files: await (0,detect_changed_platforms_git/* getAllFiles */.Pz)(deps.git()), source: 'git' };
        case 'two-dot':
            return { files: await (0,detect_changed_platforms_git/* getTwoDotChanges */.v)(deps.git(), strategy.base, strategy.head, log), source: 'git' };
        case 'merge-base':
            return {
                files: await (0,detect_changed_platforms_git/* getMergeBaseChanges */.xQ)(deps.git(), { ...strategy, initialDepth: options.initialFetchDepth }, log),
                source: 'git',
            };
        case 'last-commit':
            return { files: await (0,detect_changed_platforms_git/* getLastCommitChanges */.Vd)(deps.git(), strategy.head, log), source: 'git' };
        case 'api': {
            const listed = await listPullRequestFiles({ apiUrl: options.apiUrl, token: options.token, ...strategy }, deps.fetch, deps.signal);
            const truncated = listed.rows >= PULL_REQUEST_FILES_CAP || strategy.changedFiles > listed.rows;
            if (!truncated)
                return { files: listed.files, source: 'api' };
            log.warning(`The GitHub API lists at most ${PULL_REQUEST_FILES_CAP} files of a pull request and #${strategy.pullNumber} changes ${strategy.changedFiles || 'more'}: detecting the changes with git instead`);
            try {
                const files = await (0,detect_changed_platforms_git/* getMergeBaseChanges */.xQ)(deps.git(), { base: strategy.baseSha, head: strategy.headSha, initialDepth: options.initialFetchDepth }, log);
                return { files, source: 'git (API cap)' };
            }
            catch (error) {
                log.warning(`Could not detect the changes with git (${error instanceof Error ? error.message : String(error)}); using the API's first ${listed.rows} files, so some changes may be missed. Check out the repository before this step to avoid this.`);
                return { files: listed.files, source: 'api (truncated)' };
            }
        }
    }
}

// EXTERNAL MODULE: ./src/detect-changed-platforms/filters.ts
var filters = __webpack_require__(5344);
// EXTERNAL MODULE: ./src/detect-changed-platforms/plan.ts
var detect_changed_platforms_plan = __webpack_require__(644);
;// CONCATENATED MODULE: ./src/detect-changed-platforms/platform-match.ts

/**
 * Returns each platform's files, gitignore style: a file belongs to a platform when one of its
 * positive patterns matches and none of its `!` patterns does (unlike dorny's default, where a
 * `!pattern` is just another OR-ed rule and so matches nearly everything; spec §4, #106, #184, #200).
 * One pass over the files; each platform's patterns compile to two matchers.
 */
function matchPlatforms(platforms, files) {
    const matchers = platforms.map((platform) => {
        const include = platform.paths.filter((p) => !p.startsWith('!'));
        const exclude = platform.paths.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
        return {
            name: platform.name,
            include: (0,filters/* compileGlobs */.tI)(include),
            exclude: exclude.length > 0 ? (0,filters/* compileGlobs */.tI)(exclude) : () => false,
            files: [],
        };
    });
    for (const file of files) {
        for (const matcher of matchers) {
            if (matcher.include(file.filename) && !matcher.exclude(file.filename))
                matcher.files.push(file.filename);
        }
    }
    return new Map(matchers.map((m) => [m.name, m.files]));
}

// EXTERNAL MODULE: ./src/detect-changed-platforms/strategy.ts
var strategy = __webpack_require__(1846);
;// CONCATENATED MODULE: ./src/detect-changed-platforms/detect.ts








/**
 * The whole action as a function: choose the comparison for the event, list the changed files,
 * match dorny filters and platforms, and plan the deploys. A manual `select` with a manifest and no
 * filters skips detection altogether (nothing to compare on a manual deploy).
 *
 * @throws InputError for an event that gives nothing to compare, or refs that do not resolve
 */
async function detectChanges(settings, context, deps) {
    const { log } = deps;
    const git = once(() => (0,detect_changed_platforms_git/* checkRepository */.n_)(deps.git()));
    const currentRef = once(() => (0,detect_changed_platforms_git/* getCurrentRef */.DZ)(git()));
    let comparison = 'not detected: platforms selected by hand';
    let files = [];
    if (!(settings.manifest && settings.select.length > 0 && !settings.filters)) {
        const choice = choose(settings, context, currentRef);
        choice.notes.forEach((note) => log.info(note));
        choice.warnings.forEach((warning) => log.warning(warning));
        comparison = (0,strategy/* describeStrategy */.rz)(choice.strategy);
        const detected = await log.group(`Changes will be detected ${comparison}`, () => getChangedFiles(choice.strategy, { apiUrl: context.apiUrl, token: settings.token, initialFetchDepth: settings.initialFetchDepth }, { git, fetch: deps.fetch, log, signal: deps.signal }));
        files = detected.files;
        log.info(`Detected ${files.length} changed file${files.length === 1 ? '' : 's'} (${detected.source})`);
    }
    const filterMatches = settings.filters
        ? (0,filters/* matchFilters */.XN)(settings.filters, files, settings.predicateQuantifier)
        : undefined;
    if (filterMatches) {
        await logMatches(log, 'Filter', new Map([...filterMatches].map(([name, matched]) => [name, matched.map(describeFile)])));
    }
    let plan;
    if (settings.manifest) {
        const branch = branchOf(settings, context, currentRef);
        const environment = settings.environment || (0,manifest/* environmentForBranch */.lS)(settings.manifest, branch);
        plan = (0,detect_changed_platforms_plan/* planDeploys */.e)({
            manifest: settings.manifest,
            matches: matchPlatforms(settings.manifest.platforms, files),
            environment,
            branch,
            select: settings.select,
        });
        await logMatches(log, 'Platform', new Map(plan.decisions.map((d) => [d.name, d.files])));
        plan.warnings.forEach((warning) => log.warning(warning));
    }
    return { comparison, files, filterMatches, plan };
}
function choose(settings, context, currentRef) {
    try {
        return (0,strategy/* chooseStrategy */.$3)({
            eventName: context.eventName,
            payload: context.payload,
            githubRef: context.ref,
            repository: context.repository,
            base: settings.base,
            ref: settings.ref,
            token: settings.token,
            currentRef,
        });
    }
    catch (error) {
        if (error instanceof strategy/* StrategyError */.C$)
            throw new errors/* InputError */.dz(`Event '${context.eventName || 'none'}'`, undefined, error.message);
        throw error;
    }
}
/** The branch whose environment applies: a pull request's source branch, else the ref being run. */
function branchOf(settings, context, currentRef) {
    if (strategy/* PULL_REQUEST_EVENTS */.m_.includes(context.eventName)) {
        const pr = context.payload.pull_request;
        return context.headRef || pr?.head?.ref || '';
    }
    // A SHA in 'ref' says which commit to inspect, not which branch (and so environment) it is on.
    const ref = (0,strategy/* isGitSha */.F$)(settings.ref) ? '' : settings.ref;
    return (0,strategy/* shortName */.EU)(ref || context.ref || currentRef());
}
/** How many files a log group lists per filter or platform (outputs and the summary carry the rest). */
const LOGGED_FILES = 100;
async function logMatches(log, label, matches) {
    for (const [name, files] of matches) {
        await log.group(`${label} ${name} = ${files.length > 0}`, async () => {
            const lines = files.length === 0 ? ['Matching files: none'] : files.slice(0, LOGGED_FILES);
            if (files.length > LOGGED_FILES)
                lines.push(`… and ${files.length - LOGGED_FILES} more`);
            log.info(lines.join('\n')); // one write per group, not one per file
        });
    }
}
function describeFile(file) {
    return `${file.filename} [${file.status ?? 'unknown'}]`;
}
function once(make) {
    let value;
    return () => (value ??= { v: make() }).v;
}


/***/ }),

/***/ 5344:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HE: () => (/* binding */ parseFilters),
/* harmony export */   XN: () => (/* binding */ matchFilters),
/* harmony export */   mo: () => (/* binding */ PREDICATE_QUANTIFIERS),
/* harmony export */   tI: () => (/* binding */ compileGlobs)
/* harmony export */ });
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4006);
/* harmony import */ var picomatch__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(picomatch__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _lib_yaml_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(912);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);



/** How a filter's rules combine per file (dorny's `predicate-quantifier`). */
const PREDICATE_QUANTIFIERS = ['some', 'every'];
/**
 * Parses dorny/paths-filter's filter YAML (reference/paths-filter-spec.md §3): a mapping (or sequence)
 * of filters, each a pattern, a list (flattened, aliases allowed), or a `status|status: pattern(s)` map.
 * Filters keep JS property order, exactly like dorny's outputs.
 *
 * @throws InputError ("Input 'filters': invalid filter YAML format: …") for anything dorny rejects,
 *   and also for an empty (comment-only) document or a null filter, where dorny crashes with a TypeError
 */
function parseFilters(text) {
    if (text.trim() === '')
        return [];
    let doc;
    try {
        doc = (0,_lib_yaml_js__WEBPACK_IMPORTED_MODULE_0__/* .parseYaml */ .h)(text);
    }
    catch (error) {
        throw filterError(`the YAML does not parse: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    }
    if (doc === null || doc === undefined)
        throw filterError('the document is empty; define at least one filter');
    if (typeof doc !== 'object')
        throw filterError('root element is not an object; use a mapping of filter names to patterns');
    return Object.entries(doc).map(([name, value]) => ({
        name,
        rules: parseRules(name, value),
    }));
}
/**
 * Returns, for each filter, the changed files that belong to it, in the order of `files`.
 * Each distinct pattern is compiled once and tested once per file, however many filters share it
 * (YAML anchors make sharing common), so the cost is files × distinct patterns.
 */
function matchFilters(filters, files, quantifier) {
    // Each rule becomes the sorted list of the indices of the files it matches; filters then combine
    // lists, so the work after the one pass per pattern grows with the matches, not with files × rules.
    const count = files.length;
    const patternHits = new Map();
    const hitsOf = (patterns) => {
        const key = JSON.stringify(patterns);
        let hits = patternHits.get(key);
        if (!hits) {
            const test = compileGlobs(patterns);
            const found = [];
            for (let i = 0; i < count; i++)
                if (test(files[i].filename))
                    found.push(i);
            hits = Int32Array.from(found);
            patternHits.set(key, hits);
        }
        return hits;
    };
    const ruleHits = (rule) => {
        const hits = hitsOf(rule.patterns);
        if (rule.statuses.length === 0)
            return hits;
        return hits.filter((i) => {
            const status = files[i].status;
            return status !== undefined && rule.statuses.includes(status);
        });
    };
    const result = new Map();
    for (const filter of filters) {
        const lists = filter.rules.map(ruleHits);
        const indices = quantifier === 'every' ? intersect(lists, count) : union(lists);
        result.set(filter.name, Array.from(indices, (i) => files[i]));
    }
    return result;
}
/** The sorted union of sorted index lists. */
function union(lists) {
    if (lists.length === 0)
        return new Int32Array(0);
    if (lists.length === 1)
        return lists[0];
    const all = new Int32Array(lists.reduce((n, list) => n + list.length, 0));
    let at = 0;
    for (const list of lists) {
        all.set(list, at);
        at += list.length;
    }
    all.sort();
    return all.filter((value, i) => i === 0 || value !== all[i - 1]);
}
/** The sorted intersection of sorted index lists; with no lists, every index ("all of zero rules"). */
function intersect(lists, count) {
    if (lists.length === 0)
        return Int32Array.from({ length: count }, (_, i) => i);
    const seen = new Uint32Array(count);
    for (const list of lists)
        for (const i of list)
            seen[i] = seen[i] + 1;
    return lists[0].filter((i) => seen[i] === lists.length);
}
/**
 * Compiles globs with dorny's only option, `{ dot: true }`, into one test that is true when any
 * glob matches. It applies picomatch's own rule (the path equals the glob, or its regex matches)
 * straight to the regexes, skipping the per-call result objects of picomatch's matcher.
 */
function compileGlobs(patterns) {
    const tests = patterns.map(compileGlob);
    if (tests.length === 1)
        return tests[0];
    return (path) => tests.some((test) => test(path));
}
/** Characters that make a glob more than a literal (picomatch's syntax). */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\|]/;
function compileGlob(glob) {
    const directory = literalDirectory(glob);
    if (directory !== undefined)
        return (path) => isInside(path, directory);
    const regex = picomatch__WEBPACK_IMPORTED_MODULE_2___default().makeRe(glob, { dot: true });
    // A literal tail after the last glob character (".md" in "**/*.md") must end every match, so a
    // cheap endsWith() rules out most paths before the regex runs (picomatch allows one trailing '/').
    const tail = glob.startsWith('!') ? '' : literalTail(glob);
    if (tail.length < 2)
        return (path) => path === glob || regex.test(path);
    return (path) => path === glob || ((path.endsWith(tail) || path.endsWith(`${tail}/`)) && regex.test(path));
}
/**
 * For the commonest monorepo glob, `some/dir/**` with a literal directory, returns that directory.
 * picomatch's regex for it runs a lookahead per character; `isInside` decides the same in one pass.
 */
function literalDirectory(glob) {
    const match = /^(?:\.\/)?([^*?[\]{}()!+@\\|]+?)\/\*\*$/.exec(glob);
    const directory = match?.[1];
    if (!directory ||
        directory.startsWith('/') ||
        directory.split('/').some((s) => s === '' || s === '.' || s === '..')) {
        return undefined;
    }
    return directory;
}
/** picomatch's `dir/**` with `dot: true`: the directory itself, or below it with no `.` or `..` segment. */
function isInside(path, directory) {
    if (path === directory)
        return true;
    if (!path.startsWith(directory) || path.charCodeAt(directory.length) !== 47 /* '/' */)
        return false;
    const rest = path.slice(directory.length + 1);
    return !(rest === '.' ||
        rest === '..' ||
        rest.startsWith('./') ||
        rest.startsWith('../') ||
        rest.includes('/./') ||
        rest.includes('/../') ||
        rest.endsWith('/.') ||
        rest.endsWith('/..'));
}
function literalTail(glob) {
    let i = glob.length;
    while (i > 0 && !GLOB_SYNTAX.test(glob.charAt(i - 1)))
        i--;
    return i === 0 ? '' : glob.slice(i);
}
function parseRules(name, value) {
    if (typeof value === 'string')
        return [{ statuses: [], patterns: [value] }];
    if (Array.isArray(value))
        return value.flatMap((item) => parseRules(name, item));
    if (value === null || value === undefined) {
        throw filterError(`filter '${name}' has an empty (null) entry; give a pattern, a list or a status map`);
    }
    if (typeof value === 'object') {
        return Object.entries(value).map(([key, patterns]) => {
            const statuses = key
                .split('|')
                .map((s) => s.trim().toLowerCase())
                .filter((s) => s !== '');
            if (typeof patterns === 'string')
                return { statuses, patterns: [patterns] };
            if (Array.isArray(patterns) && patterns.every((p) => typeof p === 'string')) {
                return { statuses, patterns: patterns };
            }
            throw filterError(`filter '${name}': expected '${key}: pattern' or '${key}: [patterns]', found ${typeOf(patterns)}`);
        });
    }
    throw filterError(`filter '${name}' has an element of type '${typeof value}'; use a string, a list or a mapping`);
}
function typeOf(value) {
    if (value === null)
        return 'null';
    return Array.isArray(value) ? 'a list with a non-string item' : `a ${typeof value}`;
}
function filterError(hint) {
    return new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz("Input 'filters'", undefined, `invalid filter YAML format: ${hint}`);
}


/***/ }),

/***/ 8508:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  n_: () => (/* binding */ checkRepository),
  Pz: () => (/* binding */ getAllFiles),
  DZ: () => (/* binding */ getCurrentRef),
  Vd: () => (/* binding */ getLastCommitChanges),
  xQ: () => (/* binding */ getMergeBaseChanges),
  v: () => (/* binding */ getTwoDotChanges),
  ZT: () => (/* binding */ getWorktreeChanges)
});

// UNUSED EXPORTS: getLocalRef

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/detect-changed-platforms/file.ts
/** A changed file and its change status, as git or the GitHub API report it. */
/** The statuses git's --name-status letters map to (reference/paths-filter-spec.md §7). */
const CHANGE_STATUSES = (/* unused pure expression or super */ null && (['added', 'copied', 'deleted', 'modified', 'renamed', 'unmerged']));
const STATUS_BY_LETTER = {
    A: 'added',
    C: 'copied',
    D: 'deleted',
    M: 'modified',
    R: 'renamed',
    U: 'unmerged',
};
/**
 * Parses `git diff --no-renames --name-status -z` output: NUL-separated (status, path) pairs.
 * `--no-renames` guarantees one path per entry, which is what makes the pairing correct.
 */
function parseNameStatus(output) {
    const tokens = output.split('\0');
    const files = [];
    for (let i = 0; i + 1 < tokens.length; i += 2) {
        const letter = tokens[i];
        const filename = tokens[i + 1];
        if (letter === '' || filename === '')
            continue;
        files.push({ filename, status: STATUS_BY_LETTER[letter.charAt(0)] });
    }
    return files;
}
/** Turns `git ls-files -z` output into "added" files (initial push, root commit). */
function parseFileList(output) {
    return output
        .split('\0')
        .filter((name) => name !== '')
        .map((filename) => ({ filename, status: 'added' }));
}

// EXTERNAL MODULE: ./src/detect-changed-platforms/strategy.ts
var strategy = __webpack_require__(1846);
;// CONCATENATED MODULE: ./src/detect-changed-platforms/git.ts
/**
 * The git side of change detection: resolving refs, fetching just enough history, and diffing
 * (reference/paths-filter-spec.md §7). Every function takes the runner, so tests use real repos.
 */



/**
 * Checks that the runner's directory is inside a git work tree, before any comparison.
 * @throws InputError naming 'working-directory' when it is not
 */
function checkRepository(git) {
    const result = git.runSync(['rev-parse', '--is-inside-work-tree'], { allowFailure: true });
    if (result.code !== 0 || result.stdout.trim() !== 'true') {
        throw new errors/* InputError */.dz("Input 'working-directory'", git.cwd, 'is not inside a git repository; run actions/checkout before this step or point working-directory at the checkout');
    }
    return git;
}
/** The checked-out branch, else an exact tag, else the HEAD commit. */
function getCurrentRef(git) {
    const branch = git.runSync(['branch', '--show-current'], { allowFailure: true });
    if (branch.code === 0 && branch.stdout.trim())
        return branch.stdout.trim();
    const tag = git.runSync(['describe', '--tags', '--exact-match'], { allowFailure: true });
    if (tag.code === 0 && tag.stdout.trim())
        return tag.stdout.trim();
    return git.runSync(['rev-parse', 'HEAD']).stdout.trim();
}
/** Uncommitted changes (index and working tree) against HEAD. */
async function getWorktreeChanges(git) {
    return parseNameStatus((await git.run(['diff', '--no-renames', '--name-status', '-z', 'HEAD'])).stdout);
}
/** Every tracked file, as added. */
async function getAllFiles(git) {
    return parseFileList((await git.run(['ls-files', '-z'])).stdout);
}
/** `git diff base..head`, fetching either end from origin when it is missing locally. */
async function getTwoDotChanges(git, base, head, log) {
    const baseRef = await ensureRef(git, base, 'base', log);
    const headRef = head ? await ensureRef(git, head, 'ref', log) : 'HEAD';
    return diff(git, `${baseRef}..${headRef}`);
}
/**
 * Changes on `head` since its merge base with `base`. Fetches `initialDepth` commits of both, then
 * deepens (doubling) until a merge base appears or history runs out; without one, falls back to a
 * two-dot diff with a warning (files only on base then show as deleted, as in dorny).
 */
async function getMergeBaseChanges(git, range, log) {
    const { base, head, initialDepth } = range;
    let baseRef = await getLocalRef(git, base);
    let headRef = await getLocalRef(git, head);
    if (!baseRef || !headRef || !(await mergeBase(git, baseRef, headRef))) {
        await git.run(['fetch', '--no-tags', `--depth=${initialDepth}`, 'origin', base, head], {
            allowFailure: true,
        });
        baseRef = await getLocalRef(git, base);
        headRef = await getLocalRef(git, head);
        if (!baseRef || !headRef) {
            await git.run(['fetch', '--tags', '--depth=1', 'origin', base, head], { allowFailure: true });
            baseRef = await getLocalRef(git, base);
            headRef = await getLocalRef(git, head);
            if (!baseRef)
                throw unresolved('base', base);
            if (!headRef)
                throw unresolved('ref', head);
        }
        let depth = initialDepth;
        let commits = await countCommits(git);
        while (!(await mergeBase(git, baseRef, headRef))) {
            depth = Math.min(depth * 2, Number.MAX_SAFE_INTEGER);
            await git.run(['fetch', `--deepen=${depth}`, 'origin', base, head], { allowFailure: true });
            const after = await countCommits(git);
            if (after <= commits) {
                log.info('No more commits were fetched; last attempt: fetch the full history');
                await git.run(['fetch', '--no-tags', 'origin'], { allowFailure: true });
                break;
            }
            commits = after;
        }
    }
    const found = await mergeBase(git, baseRef, headRef);
    if (!found) {
        log.warning(`No merge base found between ${base} and ${head} - change detection will use a direct ${base}..${head} comparison`);
        return diff(git, `${baseRef}..${headRef}`);
    }
    return diff(git, `${found}..${headRef}`);
}
/**
 * The last commit of `head` against its first parent. Unlike dorny's `git log -n 1`, a merge
 * commit lists what it brought in, and a depth-1 clone fetches the parent instead of listing
 * every file as added; only a real root commit lists its files as added.
 */
async function getLastCommitChanges(git, head, log) {
    const headRef = (await getLocalRef(git, head)) ?? 'HEAD';
    if (headRef === 'HEAD' && head)
        log.debug(`'${head}' is not a local ref; using the checked-out commit`);
    const commit = (await git.run(['rev-parse', `${headRef}^{commit}`])).stdout.trim();
    if (!(await hasParent(git, commit))) {
        const shallow = (await git.run(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
        if (shallow) {
            log.info(`The checkout is shallow: fetching the parent of ${commit.slice(0, 12)}`);
            await git.run(['fetch', '--no-tags', '--deepen=1', 'origin', commit], { allowFailure: true });
        }
        if (!(await hasParent(git, commit))) {
            if (shallow) {
                log.warning(`Could not fetch the parent of ${commit.slice(0, 12)} from origin; listing the files of that commit as added`);
            }
            return parseFileList((await git.run(['ls-tree', '-r', '-z', '--name-only', commit])).stdout);
        }
    }
    return diff(git, `${commit}^1..${commit}`);
}
/**
 * Resolves a name to a local ref as dorny does: a SHA must exist as a commit; a name must be an exact
 * branch, tag or origin remote branch, and `refs/remotes/origin/<name>` wins over the local branch.
 */
async function getLocalRef(git, name) {
    if ((0,strategy/* isGitSha */.F$)(name)) {
        return (await git.run(['cat-file', '-e', `${name}^{commit}`], { allowFailure: true })).code === 0
            ? name
            : undefined;
    }
    const result = await git.run(['show-ref', name], { allowFailure: true });
    const refs = result.stdout
        .split('\n')
        .map((line) => line.trim().split(' ')[1])
        .filter((ref) => !!ref);
    return [`refs/remotes/origin/${name}`, `refs/heads/${name}`, `refs/tags/${name}`].find((ref) => refs.includes(ref));
}
async function ensureRef(git, name, input, log) {
    let ref = await getLocalRef(git, name);
    if (ref)
        return ref;
    log.info(`${name} is not available locally: fetching it from origin`);
    await git.run(['fetch', '--depth=1', '--no-tags', 'origin', name], { allowFailure: true });
    ref = await getLocalRef(git, name);
    if (ref)
        return ref;
    await git.run(['fetch', '--depth=1', '--tags', 'origin', name], { allowFailure: true });
    ref = await getLocalRef(git, name);
    if (ref)
        return ref;
    throw unresolved(input, name);
}
function unresolved(input, name) {
    return new errors/* InputError */.dz(input === 'base' ? 'The base' : 'The head ref', name, `it is not a branch, tag or commit here, even after fetching from origin; check the '${input}' input (or the event) and the checkout`);
}
async function diff(git, range) {
    return parseNameStatus((await git.run(['diff', '--no-renames', '--name-status', '-z', range])).stdout);
}
async function mergeBase(git, base, head) {
    const result = await git.run(['merge-base', base, head], { allowFailure: true });
    return result.code === 0 ? result.stdout.trim() || undefined : undefined;
}
async function countCommits(git) {
    return Number((await git.run(['rev-list', '--count', '--all'], { allowFailure: true })).stdout.trim()) || 0;
}
async function hasParent(git, commit) {
    return ((await git.run(['rev-parse', '--verify', '--quiet', `${commit}^1`], { allowFailure: true })).code === 0);
}


/***/ }),

/***/ 5987:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TF: () => (/* binding */ LIST_FILES),
/* harmony export */   sR: () => (/* binding */ formatFileList)
/* harmony export */ });
/* unused harmony exports csvEscape, shellEscape, backslashEscape */
/** The `list-files` formats (dorny/paths-filter's, with its escaping defects fixed: spec §8). */
const LIST_FILES = ['none', 'csv', 'json', 'shell', 'escape'];
// Whole-string tests (dorny's use the `m` flag, so one safe line made a multi-line name "safe").
const CSV_SAFE = /^[A-Za-z0-9._+:@%/-]+$/;
const SHELL_SAFE = /^[A-Za-z0-9,._+:@%/-]+$/;
const SHELL_SAFE_WITH_QUOTE = /^[A-Za-z0-9,._+:@%/\s'-]+$/;
const ESCAPE_UNSAFE = /[^A-Za-z0-9,._+:@%/-]/g;
/** Serialises file names for a `<name>_files` output in the given format. */
function formatFileList(names, format) {
    switch (format) {
        case 'json':
            return JSON.stringify(names);
        case 'csv':
            return names.map(csvEscape).join(',');
        case 'shell':
            return names.map(shellEscape).join(' ');
        case 'escape':
            return names.map(backslashEscape).join(' ');
    }
}
/** RFC 4180: raw when safe, else quoted with inner quotes doubled (a newline stays inside the quotes). */
function csvEscape(value) {
    if (value === '' || CSV_SAFE.test(value))
        return value;
    return `"${value.replace(/"/g, '""')}"`;
}
/** POSIX shell word: raw when safe, else single-quoted (a `'` is written as `\'` outside the quotes). */
function shellEscape(value) {
    if (value === '' || SHELL_SAFE.test(value))
        return value;
    if (value.includes("'")) {
        if (SHELL_SAFE_WITH_QUOTE.test(value))
            return `"${value}"`;
        return value.split("'").map(shellEscape).join("\\'");
    }
    return `'${value}'`;
}
/**
 * Backslash before every unsafe character, as dorny does; a newline becomes bash's `$'\n'` instead,
 * because a backslash-newline is a line continuation that silently drops the newline from the name.
 */
function backslashEscape(value) {
    return value.replace(ESCAPE_UNSAFE, (char) => (char === '\n' ? "$'\\n'" : `\\${char}`));
}


/***/ }),

/***/ 644:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ describeReason),
/* harmony export */   e: () => (/* binding */ planDeploys)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _lib_platform_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6728);


/**
 * Decides which platforms deploy, in which stage and why: manual selection, else the platforms
 * whose files changed plus, for a changed platform with `cascade`, everything that needs it.
 *
 * @throws InputError when `select` names an unknown platform
 */
function planDeploys(input) {
    const { manifest, matches, environment } = input;
    const reasons = input.select.length > 0 ? manualReasons(manifest, input.select) : changeReasons(manifest, matches);
    const decisions = manifest.platforms.map((p) => ({
        name: p.name,
        stage: p.stage,
        selected: reasons.has(p.name),
        reason: reasons.get(p.name),
        files: matches.get(p.name) ?? [],
        tests: p.tests,
    }));
    const warnings = [];
    const deploying = environment === '' ? [] : manifest.platforms.filter((p) => reasons.has(p.name));
    const planned = [];
    for (const platform of [...deploying].sort((a, b) => a.stage - b.stage)) {
        const target = platform.targets[environment];
        if (!platform.kind || !target) {
            warnings.push(`Platform '${platform.name}' is selected but has no Dokploy target for environment '${environment}' (platforms.${platform.name}.deploy.${environment}); it is not deployed`);
            continue;
        }
        const reason = reasons.get(platform.name);
        planned.push({
            name: platform.name,
            stage: platform.stage,
            needs: [],
            reason,
            reasonText: describeReason(reason),
            kind: platform.kind,
            id: target.id ?? '',
            secret: target.secret ?? '',
            health: (0,_lib_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .healthTargetsFor */ .C)(platform, environment),
            tests: platform.tests,
        });
    }
    const inPlan = new Set(planned.map((p) => p.name));
    for (const entry of planned) {
        entry.needs = upstreamOf(manifest, entry.name).filter((name) => inPlan.has(name));
    }
    const stages = Array.from({ length: manifest.stageCount }, (_, stage) => planned.filter((p) => p.stage === stage).map((p) => p.name));
    return { environment, branch: input.branch, decisions, platforms: planned, stages, warnings };
}
/** One line for people: "3 files changed (infrastructure/db.yml, …)", "needs infrastructure, which changed", "selected by hand". */
function describeReason(reason) {
    switch (reason.type) {
        case 'files': {
            const shown = reason.files.slice(0, 3).join(', ');
            const more = reason.files.length > 3 ? `, … ${reason.files.length - 3} more` : '';
            return `${reason.files.length} file${reason.files.length === 1 ? '' : 's'} changed (${shown}${more})`;
        }
        case 'dependency':
            return `needs ${reason.via}, which changed (cascade)`;
        case 'manual':
            return 'selected by hand';
    }
}
function manualReasons(manifest, select) {
    const known = manifest.platforms.map((p) => p.name);
    const names = select.length === 1 && select[0] === 'all' ? known : select;
    for (const name of names) {
        if (!known.includes(name)) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz("Input 'select'", select.join(','), `'${name}' is not a platform; use all or a comma list of ${known.join(', ')}`);
        }
    }
    return new Map(names.map((name) => [name, { type: 'manual' }]));
}
function changeReasons(manifest, matches) {
    const reasons = new Map();
    for (const platform of manifest.platforms) {
        const files = matches.get(platform.name) ?? [];
        if (files.length > 0)
            reasons.set(platform.name, { type: 'files', files });
    }
    for (const platform of manifest.platforms) {
        if (!platform.cascade || reasons.get(platform.name)?.type !== 'files')
            continue;
        for (const dependent of downstreamOf(manifest, platform.name)) {
            if (!reasons.has(dependent))
                reasons.set(dependent, { type: 'dependency', via: platform.name });
        }
    }
    return reasons;
}
/** Every platform that needs `name`, directly or not. */
function downstreamOf(manifest, name) {
    const found = new Set();
    const walk = (target) => {
        for (const p of manifest.platforms) {
            if (p.needs.includes(target) && !found.has(p.name)) {
                found.add(p.name);
                walk(p.name);
            }
        }
    };
    walk(name);
    return manifest.platforms.map((p) => p.name).filter((n) => found.has(n));
}
/** Every platform `name` needs, directly or not. */
function upstreamOf(manifest, name) {
    const byName = new Map(manifest.platforms.map((p) => [p.name, p]));
    const found = new Set();
    const walk = (current) => {
        for (const need of byName.get(current)?.needs ?? []) {
            if (!found.has(need)) {
                found.add(need);
                walk(need);
            }
        }
    };
    walk(name);
    return manifest.platforms.map((p) => p.name).filter((n) => found.has(n));
}


/***/ }),

/***/ 3082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   sb: () => (/* binding */ readSettings)
/* harmony export */ });
/* unused harmony exports DEFAULTS, SECRET_INPUTS */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
/* harmony import */ var _lib_input_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2951);
/* harmony import */ var _lib_inline_or_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6877);
/* harmony import */ var _lib_manifest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5634);
/* harmony import */ var _filters_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5344);
/* harmony import */ var _list_format_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(5987);








/** Defaults, repeated in action.yml (a test keeps them in line). */
const DEFAULTS = {
    filters: '',
    platforms: '',
    select: '',
    environment: '',
    base: '',
    ref: '',
    token: '',
    'working-directory': '',
    'list-files': 'none',
    'initial-fetch-depth': '100',
    'predicate-quantifier': 'some',
};
/** Inputs masked before anything else runs. */
const SECRET_INPUTS = (/* unused pure expression or super */ null && (['token']));
/**
 * Reads and validates every input, in dorny's order (list-files, quantifier, filters) and before any git.
 *
 * @param read - returns an input's raw value ('' when absent)
 * @param cwd - the step's working directory
 * @throws InputError naming the input for any invalid value
 */
function readSettings(read, cwd) {
    const workingDirectory = readWorkingDirectory(read('working-directory'), cwd);
    // dorny lower-cases list-files (so CSV works) but not the quantifier.
    const listFiles = (0,_lib_input_js__WEBPACK_IMPORTED_MODULE_3__/* .parseEnum */ .nL)('list-files', read('list-files').toLowerCase(), _list_format_js__WEBPACK_IMPORTED_MODULE_7__/* .LIST_FILES */ .TF, 'none');
    const predicateQuantifier = (0,_lib_input_js__WEBPACK_IMPORTED_MODULE_3__/* .parseEnum */ .nL)('predicate-quantifier', read('predicate-quantifier'), _filters_js__WEBPACK_IMPORTED_MODULE_6__/* .PREDICATE_QUANTIFIERS */ .mo, 'some');
    const initialFetchDepth = (0,_lib_input_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInteger */ .cG)('initial-fetch-depth', read('initial-fetch-depth'), 100, 1);
    const filtersInput = read('filters');
    const filters = filtersInput.trim() === ''
        ? undefined
        : (0,_filters_js__WEBPACK_IMPORTED_MODULE_6__/* .parseFilters */ .HE)((0,_lib_inline_or_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readInlineOrFile */ .L)('filters', filtersInput, workingDirectory).text);
    const manifestText = (0,_lib_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .readManifestInput */ .IP)('platforms', read('platforms'), workingDirectory);
    const manifest = manifestText ? (0,_lib_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseManifest */ .Ng)(manifestText.text, manifestText.source) : undefined;
    if (!filters && !manifest) {
        throw (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('filters', undefined, `is required when there is no platforms manifest (no 'platforms' input and no ${_lib_manifest_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_MANIFEST_PATH */ .e}); give dorny-style filters or a manifest`);
    }
    const select = (0,_lib_input_js__WEBPACK_IMPORTED_MODULE_3__/* .parseList */ .E1)(read('select'));
    const environment = read('environment').trim();
    if (manifest)
        checkAgainstManifest(manifest, { select, environment, filters });
    else if (select.length > 0 || environment) {
        throw (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)(select.length > 0 ? 'select' : 'environment', undefined, 'needs a platforms manifest (input platforms)');
    }
    return {
        workingDirectory,
        filters,
        manifest,
        select,
        environment,
        base: read('base').trim(),
        ref: read('ref').trim(),
        token: read('token').trim(),
        listFiles,
        initialFetchDepth,
        predicateQuantifier,
    };
}
function readWorkingDirectory(value, cwd) {
    if (value.trim() === '')
        return cwd;
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, value.trim());
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(dir) || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(dir).isDirectory()) {
        throw (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('working-directory', value, `no such directory (relative to ${cwd})`);
    }
    return dir;
}
function checkAgainstManifest(manifest, input) {
    const names = manifest.platforms.map((p) => p.name);
    const unknown = input.select.find((name) => !(name === 'all' && input.select.length === 1) && !names.includes(name));
    if (unknown !== undefined) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz("Input 'select'", input.select.join(','), `'${unknown}' is not a platform; use all or a comma list of ${names.join(', ')}`);
    }
    const environments = [...new Set(Object.values(manifest.environments))];
    if (input.environment && !environments.includes(input.environment)) {
        throw (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('environment', input.environment, `use one of the manifest's environments: ${environments.join(', ')}`);
    }
    const clash = input.filters?.find((f) => names.includes(f.name));
    if (clash) {
        throw (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .inputError */ .Xu)('filters', undefined, `filter '${clash.name}' and platform '${clash.name}' would both write output '${clash.name}'; rename one`);
    }
}


/***/ }),

/***/ 1846:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $3: () => (/* binding */ chooseStrategy),
/* harmony export */   C$: () => (/* binding */ StrategyError),
/* harmony export */   EU: () => (/* binding */ shortName),
/* harmony export */   F$: () => (/* binding */ isGitSha),
/* harmony export */   m_: () => (/* binding */ PULL_REQUEST_EVENTS),
/* harmony export */   rz: () => (/* binding */ describeStrategy)
/* harmony export */ });
/**
 * Which changes to compare, per event: dorny/paths-filter's decision procedure
 * (reference/paths-filter-spec.md §5) as a pure function of the event and the inputs, so that the
 * branching dorny leaves untested is the part we test most.
 */
/** The events whose changes are those of a pull request. */
const PULL_REQUEST_EVENTS = [
    'pull_request',
    'pull_request_review',
    'pull_request_review_comment',
    'pull_request_target',
];
/** Thrown when the event gives no way to choose a comparison; the message is for people. */
class StrategyError extends Error {
}
const ZERO_SHA = /^0{40}$/;
/**
 * Chooses what to compare for an event, as dorny does, with the documented differences:
 * the "last commit" fallback diffs against the first parent (see README).
 *
 * @throws StrategyError when a base cannot be determined (e.g. `schedule` without `base`)
 */
function chooseStrategy(context) {
    const warnings = [];
    const notes = [];
    const choose = (strategy) => ({ strategy, warnings, notes });
    if (context.base === 'HEAD') {
        if (context.ref)
            warnings.push("'ref' input parameter is ignored when 'base' is set to HEAD");
        return choose({ kind: 'worktree' });
    }
    if (PULL_REQUEST_EVENTS.includes(context.eventName)) {
        const pr = context.payload.pull_request ?? {};
        if (context.ref)
            warnings.push(`'ref' input parameter is ignored for ${context.eventName} events`);
        if (context.token) {
            if (context.base)
                warnings.push(`'base' input parameter is ignored when 'token' is set for ${context.eventName} events`);
            const [owner = '', repo = ''] = context.repository.split('/');
            if (!owner || !repo || typeof pr.number !== 'number') {
                throw new StrategyError(`the ${context.eventName} event has no pull request number or GITHUB_REPOSITORY is not owner/name; cannot list the pull request's files`);
            }
            return choose({
                kind: 'api',
                owner,
                repo,
                pullNumber: pr.number,
                changedFiles: pr.changed_files ?? 0,
                baseSha: pr.base?.sha ?? '',
                headSha: pr.head?.sha ?? '',
            });
        }
        if (context.eventName === 'pull_request_target') {
            throw new StrategyError("'token' input parameter is required for pull_request_target events: the checkout is the base branch, so git cannot see the pull request's changes");
        }
        const base = context.base || pr.base?.sha || context.payload.repository?.default_branch || '';
        if (context.base)
            notes.push(`Using base '${context.base}' instead of the pull request base`);
        return choose({ kind: 'two-dot', base, head: context.currentRef() });
    }
    let baseInput = context.base;
    let refInput = context.ref;
    if (context.eventName === 'merge_group') {
        baseInput ||= context.payload.merge_group?.base_sha ?? '';
        refInput ||= context.payload.merge_group?.head_sha ?? '';
    }
    const defaultBranch = context.payload.repository?.default_branch ?? '';
    const before = context.eventName === 'push' ? (context.payload.before ?? '') : '';
    const head = shortName(refInput || context.githubRef || context.currentRef());
    const base = shortName(baseInput || defaultBranch);
    if (!head)
        throw new StrategyError("could not determine the head ref: set the 'ref' input or run on a checked-out branch");
    if (!base) {
        throw new StrategyError("this event has no 'repository.default_branch' in its payload (e.g. schedule): set the 'base' input to compare against");
    }
    if (isGitSha(base) || base === head) {
        const baseSha = isGitSha(base) ? base : before;
        if (!baseSha) {
            warnings.push(`'before' field is missing in event payload - changes will be detected from the last commit on ${head}`);
            return choose({ kind: 'last-commit', head });
        }
        if (ZERO_SHA.test(baseSha)) {
            if (defaultBranch && base !== defaultBranch) {
                notes.push(`First push of a branch detected - changes will be detected against the default branch '${defaultBranch}'`);
                return choose({ kind: 'merge-base', base: defaultBranch, head });
            }
            notes.push('Initial push detected - all files will be listed as added');
            return choose({ kind: 'all-files' });
        }
        return choose({ kind: 'two-dot', base: baseSha, head });
    }
    return choose({ kind: 'merge-base', base, head });
}
/** Strips `refs/heads/` or `refs/tags/` (only those, as dorny does). */
function shortName(ref) {
    return ref.replace(/^refs\/(heads|tags)\//, '');
}
/** True for a 40-character lower-case hex-ish string, dorny's test for "this is a commit SHA". */
function isGitSha(ref) {
    return /^[a-z0-9]{40}$/.test(ref);
}
/** Describes what a strategy compares, e.g. "between X and Y" (the log says "Changes will be detected " first). */
function describeStrategy(strategy) {
    switch (strategy.kind) {
        case 'worktree':
            return 'between HEAD and the working tree';
        case 'api':
            return `in the files of pull request #${strategy.pullNumber} (GitHub API)`;
        case 'two-dot':
            return `between ${strategy.base} and ${strategy.head || 'HEAD'}`;
        case 'merge-base':
            return `between ${strategy.base}...${strategy.head} (since their merge base)`;
        case 'last-commit':
            return `in the last commit of ${strategy.head} (against its first parent)`;
        case 'all-files':
            return 'in every tracked file (listed as added)';
    }
}


/***/ }),

/***/ 3858:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ createGitRunner)
/* harmony export */ });
/* unused harmony export GitError */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);


/** Thrown when a git command fails; carries the command and git's first stderr line. */
class GitError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .KitError */ .Fb {
    args;
    code;
    stderrLine;
    name = 'GitError';
    constructor(args, code, stderrLine, hint) {
        super(`git ${args.join(' ')} failed (exit ${code}): ${stderrLine || 'no message'}${hint ? `; ${hint}` : ''}`);
        this.args = args;
        this.code = code;
        this.stderrLine = stderrLine;
    }
}
const MAX_BUFFER = 1 << 30;
/**
 * Returns a runner for `cwd` with the caller's environment (`process.env` in a shell). Every call gets LC_ALL=C (stable messages). When git refuses the
 * repository for "dubious ownership" (a container job running as another user), the call is retried
 * once with `-c safe.directory=<cwd>` — command-line config is "protected", so git honours it —
 * and a warning says how to fix it for good.
 */
function createGitRunner(cwd, warn, baseEnv) {
    let safeDirectory = false;
    const env = { ...baseEnv, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
    const argv = (args) => safeDirectory ? ['-c', `safe.directory=${cwd}`, ...args] : args;
    const isDubious = (r) => r.code === 128 && /dubious ownership|unsafe repository/.test(r.stderr);
    const markSafe = () => {
        safeDirectory = true;
        warn(`git refused ${cwd} for dubious ownership (the checkout belongs to another user); continuing with safe.directory set for this action. ` +
            'To fix it for good, run the container as the runner user or add `git config --global --add safe.directory "$GITHUB_WORKSPACE"` before this step.');
    };
    const check = (args, result, allowFailure) => {
        if (result.code !== 0 && !allowFailure)
            throw new GitError(args, result.code, firstLine(result.stderr), hintFor(result.stderr));
        return result;
    };
    const runAsync = (args) => new Promise((resolve) => {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', argv(args), { cwd, env, maxBuffer: MAX_BUFFER, encoding: 'utf8' }, (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({
                code,
                stdout,
                stderr: stderr || (error && typeof error.code !== 'number' ? error.message : ''),
            });
        });
    });
    const runBlocking = (args) => {
        try {
            const stdout = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFileSync)('git', argv(args), {
                cwd,
                env,
                maxBuffer: MAX_BUFFER,
                encoding: 'utf8',
                stdio: 'pipe',
            });
            return { code: 0, stdout, stderr: '' };
        }
        catch (error) {
            const e = error;
            return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
        }
    };
    return {
        cwd,
        async run(args, options) {
            let result = await runAsync(args);
            if (isDubious(result) && !safeDirectory) {
                markSafe();
                result = await runAsync(args);
            }
            return check(args, result, options?.allowFailure);
        },
        runSync(args, options) {
            let result = runBlocking(args);
            if (isDubious(result) && !safeDirectory) {
                markSafe();
                result = runBlocking(args);
            }
            return check(args, result, options?.allowFailure);
        },
    };
}
function firstLine(text) {
    return text.trim().split('\n')[0] ?? '';
}
function hintFor(stderr) {
    if (/not a git repository/i.test(stderr)) {
        return "check 'working-directory' and that actions/checkout ran before this step";
    }
    if (/ENOENT/.test(stderr))
        return 'git is not installed or not on PATH';
    return '';
}


/***/ }),

/***/ 6877:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ readInlineOrFile)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);



/**
 * Reads an input that holds either inline YAML or a file path, with dorny's rule: a value with no
 * newline and no ':' is a path (relative to `cwd`), anything else is YAML.
 *
 * @throws InputError when the named file is missing or is not a regular file (a symlink is refused, as in dorny)
 */
function readInlineOrFile(inputName, value, cwd) {
    const trimmed = value.trim();
    if (trimmed.includes('\n') || trimmed.includes(':'))
        return { text: value, source: 'inline' };
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(trimmed) ? trimmed : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, trimmed);
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`Input '${inputName}'`, trimmed, `no such file in ${cwd}; give a path or inline YAML`);
    }
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path).isFile()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`Input '${inputName}'`, trimmed, 'is not a regular file (directories and symlinks are refused)');
    }
    return { text: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(path, 'utf8'), source: trimmed };
}


/***/ }),

/***/ 2951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E1: () => (/* binding */ parseList),
/* harmony export */   cG: () => (/* binding */ parseInteger),
/* harmony export */   nL: () => (/* binding */ parseEnum),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* unused harmony exports BOOLEAN_TRUE, BOOLEAN_FALSE, requireInput, parseLines */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

/** YAML 1.2 core-schema booleans, the spellings accepted for boolean inputs. */
const BOOLEAN_TRUE = ['true', 'True', 'TRUE'];
const BOOLEAN_FALSE = ['false', 'False', 'FALSE'];
/**
 * Parses a boolean input; empty gives `fallback`.
 * @throws InputError listing the accepted spellings
 */
function parseBoolean(name, text, fallback) {
    const value = text.trim();
    if (value === '')
        return fallback;
    if (BOOLEAN_TRUE.includes(value))
        return true;
    if (BOOLEAN_FALSE.includes(value))
        return false;
    throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, text, `use one of ${[...BOOLEAN_TRUE, ...BOOLEAN_FALSE].join(', ')}`);
}
/**
 * Checks a value against an `as const` list; empty gives `fallback`.
 * @throws InputError listing the accepted values
 */
function parseEnum(name, text, accepted, fallback) {
    const value = text.trim();
    if (value === '')
        return fallback;
    if (accepted.includes(value))
        return value;
    throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, text, `use one of ${accepted.join(', ')}`);
}
/**
 * Parses a whole number within [min, max]; empty gives `fallback`.
 * @throws InputError naming the range
 */
function parseInteger(name, text, fallback, min = 0, max = Number.MAX_SAFE_INTEGER) {
    const value = text.trim();
    if (value === '')
        return fallback;
    const parsed = /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .inputError */ .Xu)(name, text, `use a whole number from ${min} to ${max}`);
    }
    return parsed;
}
/**
 * Returns a required input's trimmed value.
 * @throws InputError when it is empty
 */
function requireInput(name, text, hint) {
    const value = text.trim();
    if (value === '')
        throw inputError(name, undefined, `is required: ${hint}`);
    return value;
}
/** Splits a multi-line input into trimmed, non-empty lines, dropping `#` comment lines. */
function parseLines(text) {
    return text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'));
}
/** Splits a comma- or newline-separated list into trimmed, non-empty items. */
function parseList(text) {
    return text
        .split(/[,\n]/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}


/***/ }),

/***/ 5634:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IP: () => (/* binding */ readManifestInput),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   e: () => (/* binding */ DEFAULT_MANIFEST_PATH),
/* harmony export */   lS: () => (/* binding */ environmentForBranch)
/* harmony export */ });
/* unused harmony export DEFAULT_ENVIRONMENTS */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _yaml_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(912);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
/* harmony import */ var _inline_or_file_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6877);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6728);






/** Where the kit looks for the manifest when the `platforms` input is empty. */
const DEFAULT_MANIFEST_PATH = '.github/platforms.yml';
/** The seed's branch → environment mapping, used when the manifest has no `environments:`. */
const DEFAULT_ENVIRONMENTS = Object.freeze({
    main: 'production',
    staging: 'staging',
    develop: 'development',
});
const MANIFEST_KEYS = ['environments', 'platforms'];
const PLATFORM_KEYS = ['paths', 'needs', 'cascade', 'deploy', 'health', 'tests'];
const TARGET_KEYS = ['id', 'secret'];
/**
 * Reads the manifest named by an input (inline YAML or a path, see `readInlineOrFile`). An empty
 * value falls back to `.github/platforms.yml` when that file exists.
 *
 * @returns the text, or `undefined` when the value is empty and no default file exists
 * @throws InputError when a named file is missing or not a regular file
 */
function readManifestInput(inputName, value, cwd) {
    if (value.trim() !== '')
        return (0,_inline_or_file_js__WEBPACK_IMPORTED_MODULE_4__/* .readInlineOrFile */ .L)(inputName, value, cwd);
    const fallback = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, DEFAULT_MANIFEST_PATH);
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(fallback)
        ? { text: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(fallback, 'utf8'), source: DEFAULT_MANIFEST_PATH }
        : undefined;
}
/**
 * Parses and validates a platforms manifest (see docs/platforms-manifest.md), computing each
 * platform's stage from `needs`.
 *
 * @throws InputError naming the field for invalid YAML, unknown keys, wrong types, an unknown platform
 *   in `needs`, an unknown environment, or a cycle
 * @example parseManifest('platforms:\n  web:\n    paths: [web/**]\n', 'inline').platforms[0].stage // 0
 */
function parseManifest(text, source) {
    const fail = (hint) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(`Platforms manifest '${source}'`, undefined, hint);
    };
    let doc;
    try {
        doc = (0,_yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .parseYaml */ .h)(text);
    }
    catch (error) {
        fail(`invalid YAML: ${firstLine(error)}`);
    }
    const root = asMapping(doc, 'the top level', fail);
    checkKeys(root, MANIFEST_KEYS, '', fail);
    const environments = readEnvironments(root.environments, fail);
    const environmentNames = new Set(Object.values(environments));
    const platformsNode = asMapping(root.platforms ?? {}, 'platforms', fail);
    const platforms = Object.entries(platformsNode).map(([name, node]) => readPlatform(name, node, environmentNames, fail));
    const stageCount = assignStages(platforms, fail);
    return { source, environments, platforms, stageCount };
}
/** Returns the environment a branch deploys to ('' when the branch maps to nothing). */
function environmentForBranch(manifest, branch) {
    return Object.hasOwn(manifest.environments, branch) ? manifest.environments[branch] : '';
}
function readEnvironments(node, fail) {
    if (node === undefined || node === null)
        return { ...DEFAULT_ENVIRONMENTS };
    const map = asMapping(node, 'environments', fail);
    const environments = {};
    for (const [branch, environment] of Object.entries(map)) {
        if (typeof environment !== 'string' || environment.trim() === '') {
            fail(`environments.${branch} must be an environment name (a string), e.g. ${branch}: production`);
        }
        environments[branch] = environment.trim();
    }
    return environments;
}
function readPlatform(name, node, environments, fail) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
        fail(`platform name '${name}' must start with a letter or digit and use only letters, digits, '.', '_' and '-'`);
    }
    const map = asMapping(node, `platforms.${name}`, fail);
    const at = `platforms.${name}`;
    checkKeys(map, PLATFORM_KEYS, `${at}.`, fail);
    const paths = stringList(map.paths, `${at}.paths`, fail);
    if (paths.length === 0)
        fail(`${at}.paths must list at least one glob, e.g. paths: [${name}/**]`);
    if (paths.every((p) => p.startsWith('!')))
        fail(`${at}.paths has only '!' patterns: add the paths to include`);
    if (map.cascade !== undefined && typeof map.cascade !== 'boolean')
        fail(`${at}.cascade must be true or false`);
    const { kind, targets } = readDeploy(map.deploy, `${at}.deploy`, environments, fail);
    const { healthAll, healthByEnvironment } = readHealth(map.health, `${at}.health`, environments, fail);
    const tests = map.tests === undefined ? {} : asStringMap(map.tests, `${at}.tests`, fail);
    return {
        name,
        paths,
        needs: stringList(map.needs, `${at}.needs`, fail),
        cascade: map.cascade === true,
        kind,
        targets,
        healthAll,
        healthByEnvironment,
        tests,
        stage: 0,
    };
}
function readDeploy(node, at, environments, fail) {
    if (node === undefined || node === null)
        return { kind: undefined, targets: {} };
    const map = asMapping(node, at, fail);
    const kind = map.kind;
    if (typeof kind !== 'string' || !_platform_js__WEBPACK_IMPORTED_MODULE_5__/* .TARGET_KINDS */ .a.includes(kind)) {
        fail(`${at}.kind must be one of ${_platform_js__WEBPACK_IMPORTED_MODULE_5__/* .TARGET_KINDS */ .a.join(', ')}`);
    }
    const targets = {};
    for (const [environment, value] of Object.entries(map)) {
        if (environment === 'kind')
            continue;
        checkEnvironment(environment, `${at}.${environment}`, environments, fail);
        const target = asMapping(value, `${at}.${environment}`, fail);
        checkKeys(target, TARGET_KEYS, `${at}.${environment}.`, fail);
        const id = optionalString(target.id, `${at}.${environment}.id`, fail);
        const secret = optionalString(target.secret, `${at}.${environment}.secret`, fail);
        if ((id === undefined) === (secret === undefined)) {
            fail(`${at}.${environment} needs exactly one of id or secret, e.g. { secret: DOKPLOY_APP_PROD_ID }`);
        }
        if (secret !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(secret)) {
            fail(`${at}.${environment}.secret '${secret}' is not a valid secret name (letters, digits and '_')`);
        }
        targets[environment] = { id, secret };
    }
    return { kind: kind, targets };
}
function readHealth(node, at, environments, fail) {
    if (node === undefined || node === null)
        return { healthAll: [], healthByEnvironment: {} };
    if (Array.isArray(node))
        return { healthAll: stringList(node, at, fail), healthByEnvironment: {} };
    const map = asMapping(node, at, fail);
    const healthByEnvironment = {};
    for (const [environment, list] of Object.entries(map)) {
        checkEnvironment(environment, `${at}.${environment}`, environments, fail);
        healthByEnvironment[environment] = stringList(list, `${at}.${environment}`, fail);
    }
    return { healthAll: [], healthByEnvironment };
}
/** Assigns stages by longest path over `needs`; reports unknown names and cycles. */
function assignStages(platforms, fail) {
    const byName = new Map(platforms.map((p) => [p.name, p]));
    for (const platform of platforms) {
        for (const need of platform.needs) {
            if (!byName.has(need)) {
                fail(`platforms.${platform.name}.needs names unknown platform '${need}' (known: ${[...byName.keys()].join(', ')})`);
            }
            if (need === platform.name)
                fail(`platforms.${platform.name}.needs names the platform itself`);
        }
    }
    const state = new Map();
    const visit = (platform, path) => {
        if (state.get(platform.name) === 'done')
            return platform.stage;
        if (state.get(platform.name) === 'visiting') {
            const cycle = [...path.slice(path.indexOf(platform.name)), platform.name];
            fail(`needs form a cycle: ${cycle.join(' → ')}`);
        }
        state.set(platform.name, 'visiting');
        let stage = 0;
        for (const need of platform.needs)
            stage = Math.max(stage, visit(byName.get(need), [...path, platform.name]) + 1);
        platform.stage = stage;
        state.set(platform.name, 'done');
        return stage;
    };
    let stageCount = 0;
    for (const platform of platforms)
        stageCount = Math.max(stageCount, visit(platform, []) + 1);
    return stageCount;
}
function checkEnvironment(environment, at, environments, fail) {
    if (!environments.has(environment)) {
        fail(`${at}: '${environment}' is not an environment of this manifest (known: ${[...environments].join(', ')})`);
    }
}
function checkKeys(map, known, prefix, fail) {
    for (const key of Object.keys(map)) {
        if (!known.includes(key))
            fail(`unknown key '${prefix}${key}' (known: ${known.join(', ')})`);
    }
}
function asMapping(node, at, fail) {
    if (node === null || typeof node !== 'object' || Array.isArray(node))
        fail(`${at} must be a mapping`);
    return node;
}
function asStringMap(node, at, fail) {
    const map = asMapping(node, at, fail);
    for (const [key, value] of Object.entries(map)) {
        if (typeof value !== 'string')
            fail(`${at}.${key} must be a string (a shell command)`);
    }
    return map;
}
function stringList(node, at, fail) {
    if (node === undefined || node === null)
        return [];
    const list = typeof node === 'string' ? [node] : node;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
        fail(`${at} must be a string or a list of non-empty strings`);
    }
    return list.map((item) => item.trim());
}
function optionalString(node, at, fail) {
    if (node === undefined || node === null)
        return undefined;
    if (typeof node === 'number')
        return String(node);
    if (typeof node !== 'string' || node.trim() === '')
        fail(`${at} must be a non-empty string`);
    return node.trim();
}
function firstLine(error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}


/***/ }),

/***/ 6728:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ healthTargetsFor),
/* harmony export */   a: () => (/* binding */ TARGET_KINDS)
/* harmony export */ });
/** Domain types shared by the actions: platforms, their Dokploy targets and health targets. */
/** The kinds of Dokploy service a platform deploys. */
const TARGET_KINDS = ['application', 'compose'];
/** Returns a platform's health target lines for an environment. */
function healthTargetsFor(platform, environment) {
    return [...platform.healthAll, ...(platform.healthByEnvironment[environment] ?? [])];
}


/***/ }),

/***/ 7185:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K$: () => (/* binding */ renderTextTable)
/* harmony export */ });
/* unused harmony exports escapeMarkdown, code, renderTable */
/**
 * Markdown for job summaries. `core.summary` inserts text as-is, so every string a user supplied
 * (paths, names, error text) goes through `escapeMarkdown` first.
 */
/** Escapes text for a Markdown table cell or paragraph: HTML, Markdown punctuation, pipes and newlines. */
function escapeMarkdown(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1')
        .replace(/\r?\n/g, '<br>');
}
/** Wraps already-escaped text in inline code, safely (backticks become a longer fence). */
function code(text) {
    const fence = text.includes('`') ? '``' : '`';
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')}${pad}${fence}`;
}
/** Renders a Markdown table; cells must already be escaped (use `escapeMarkdown` or `code`). */
function renderTable(headers, rows) {
    const line = (cells) => `| ${cells.join(' | ')} |`;
    return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}
/** Renders rows as an aligned plain-text table for terminals (no Markdown escaping). */
function renderTextTable(headers, rows) {
    const all = [headers, ...rows];
    const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
    return (all
        .map((row) => row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd())
        .join('\n') + '\n');
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
