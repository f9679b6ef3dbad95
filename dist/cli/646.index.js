export const id = 646;
export const ids = [646];
export const modules = {

/***/ 7646:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2E_TOKENS: () => (/* binding */ E2E_TOKENS),
/* harmony export */   ENVIRONMENTS: () => (/* binding */ ENVIRONMENTS),
/* harmony export */   IGNORED_FOLDERS: () => (/* binding */ IGNORED_FOLDERS),
/* harmony export */   PROJECT_IDS: () => (/* binding */ PROJECT_IDS),
/* harmony export */   SHARED_FOLDERS: () => (/* binding */ SHARED_FOLDERS),
/* harmony export */   TEMPLATE_PIN: () => (/* binding */ TEMPLATE_PIN),
/* harmony export */   command: () => (/* binding */ command),
/* harmony export */   initFiles: () => (/* binding */ initFiles),
/* harmony export */   planProjects: () => (/* binding */ planProjects),
/* harmony export */   renderManifest: () => (/* binding */ renderManifest),
/* harmony export */   renderSeparation: () => (/* binding */ renderSeparation),
/* harmony export */   rewriteBlocks: () => (/* binding */ rewriteBlocks),
/* harmony export */   secretName: () => (/* binding */ secretName),
/* harmony export */   secretsToSet: () => (/* binding */ secretsToSet)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7268);
/**
 * `dokploy-deploy init [--dir PATH] [--force] [--kit-ref SHA]`: installs the staged pipeline into a
 * repository: the two workflows from workflows-templates/, a platforms manifest generated from the
 * repository's top-level folders, and a separation spec. Nothing is written when a file exists,
 * unless --force. Prints what it wrote, the secrets to set and the environments to create.
 */





const USAGE = `Usage: dokploy-deploy init [--dir PATH] [--force] [--kit-ref SHA]

Writes the staged Dokploy pipeline into a repository:
  .github/workflows/pipeline.yml      the pipeline (push to main/staging/develop, workflow_dispatch)
  .github/workflows/deploy-stage.yml  the reusable stage workflow it calls
  .github/platforms.yml               one platform per top-level folder (edit needs:, health:, tests:)
  .github/separation.yml              the separation checks between the platforms
  --dir PATH     the repository (default: the current directory)
  --force        overwrite files that exist (default: write nothing if any exists)
  --kit-ref SHA  pin the kit's actions to this commit (40 hex digits) instead of the templates' pin
`;
/** The environments of the templates, with the suffix of their id secrets (as in the seed). */
const ENVIRONMENTS = [
    { name: 'production', branch: 'main', suffix: 'PROD' },
    { name: 'staging', branch: 'staging', suffix: 'STAGING' },
    { name: 'development', branch: 'develop', suffix: 'DEV' },
];
/** Top-level folders that hold code shared by the platforms: a change there redeploys every app. */
const SHARED_FOLDERS = ['shared', 'common', 'lib', 'libs'];
/** Top-level folders that are never platforms. */
const IGNORED_FOLDERS = [
    'node_modules',
    'docs',
    'doc',
    'scripts',
    'tools',
    'test',
    'tests',
    'dist',
    'build',
    'vendor',
];
/** The pin the templates carry for the kit's own actions. */
const TEMPLATE_PIN = '0000000000000000000000000000000000000000';
/**
 * Derives the platforms from top-level folder names: hidden, ignored and shared folders are not
 * platforms; `infrastructure`/`infra` is the compose stack every app needs; a folder starting with
 * `management` or `admin` needs every other app (the seed's order).
 * @param folders - top-level folder names
 * @param hasPackageJson - whether a folder has a package.json
 * @throws KitError when no folder is left to deploy
 */
function planProjects(folders, hasPackageJson) {
    const candidates = folders
        .filter((f) => !f.startsWith('.') && !IGNORED_FOLDERS.includes(f))
        .filter((f) => /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(f))
        .sort();
    const shared = candidates.filter((f) => SHARED_FOLDERS.includes(f));
    const projects = candidates
        .filter((f) => !shared.includes(f))
        .map((folder) => ({
        name: folder
            .toLowerCase()
            .replace(/_/g, '-')
            .replace(/-platform$/, ''),
        folder,
        kind: /^infra(structure)?$/i.test(folder) ? 'compose' : 'application',
        needs: [],
        npm: hasPackageJson(folder),
    }));
    const seen = new Map();
    for (const project of projects) {
        const other = seen.get(project.name);
        if (other !== undefined) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KitError */ .Fb(`Folders ${other}/ and ${project.folder}/ would both be platform '${project.name}': rename one, or write .github/platforms.yml yourself`);
        }
        seen.set(project.name, project.folder);
    }
    if (projects.length === 0) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KitError */ .Fb('The repository has no top-level folder to deploy: create one folder per Dokploy project');
    }
    const infrastructure = projects.filter((p) => p.kind === 'compose').map((p) => p.name);
    const isAdmin = (p) => /^(management|admin)/.test(p.name);
    const apps = projects.filter((p) => p.kind === 'application' && !isAdmin(p)).map((p) => p.name);
    for (const project of projects) {
        if (project.kind === 'compose')
            continue;
        project.needs = isAdmin(project) && apps.length > 0 ? [...apps] : [...infrastructure];
    }
    // Infrastructure first, then apps, then management, so the manifest reads in deploy order.
    const rank = (p) => (p.kind === 'compose' ? 0 : isAdmin(p) ? 2 : 1);
    projects.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
    return { projects, shared };
}
/** The secret holding a platform's Dokploy id in an environment, e.g. DOKPLOY_BIZOHOLIC_PROD_ID. */
function secretName(platform, suffix) {
    return `DOKPLOY_${platform.toUpperCase().replace(/-/g, '_')}_${suffix}_ID`;
}
/** Renders `.github/platforms.yml` for the layout (commented, in deploy order). */
function renderManifest(layout) {
    const lines = [
        '# The platforms manifest: one Dokploy project per top-level folder (generated by `dokploy-deploy init`).',
        '# Edit needs: to order the deploys, health: to wait for each deploy, tests: for the test job.',
        '# Format: docs/platforms-manifest.md in bizosaas/dokploy-deploy.',
        'environments:',
        ...ENVIRONMENTS.map((e) => `  ${e.branch}: ${e.name}`),
        '',
        'platforms:',
    ];
    for (const p of layout.projects) {
        const paths = [`${p.folder}/**`];
        if (p.kind === 'application')
            paths.push(...layout.shared.map((s) => `${s}/**`), "'!**/*.md'");
        lines.push(`  ${p.name}:`, `    paths: [${paths.join(', ')}]`);
        if (p.needs.length > 0)
            lines.push(`    needs: [${p.needs.join(', ')}]`);
        lines.push('    deploy:', `      kind: ${p.kind}`);
        for (const e of ENVIRONMENTS)
            lines.push(`      ${e.name}: { secret: ${secretName(p.name, e.suffix)} }`);
        lines.push('    # health:                       # wait-healthy targets per environment, e.g.', `    #   production: ['https://${p.name}.example.com/api/health']`);
        if (p.kind === 'compose')
            lines.push('    cascade: true # a change here redeploys everything that needs it');
        if (p.npm)
            lines.push('    tests:', `      unit: npm test --prefix ${p.folder}`);
        lines.push('');
    }
    return `${lines.join('\n').trimEnd()}\n`;
}
/** Renders `.github/separation.yml`: each application with placeholder URLs and a marker. */
function renderSeparation(layout) {
    const apps = layout.projects.filter((p) => p.kind === 'application');
    const lines = [
        '# The separation checks between the platforms (run-e2e-separation; generated by `dokploy-deploy init`).',
        "# Set each URL and the markers that only that platform's pages contain; see workflows-templates/separation.yml.",
        'platforms:',
    ];
    for (const p of apps) {
        lines.push(`  ${p.name}:`, '    urls:');
        for (const e of ENVIRONMENTS) {
            const host = e.name === 'production' ? `${p.name}.example.com` : `${e.name}.${p.name}.example.com`;
            lines.push(`      ${e.name}: https://${host}`);
        }
        lines.push(`    markers: ['data-platform="${p.name}"']`, '    pages: [/]');
    }
    return `${lines.join('\n')}\n`;
}
const upper = (platform) => platform.toUpperCase().replace(/-/g, '_');
/** The project-id secrets (every platform, in pipeline.yml and deploy-stage.yml). */
const PROJECT_IDS = {
    marker: 'project ids',
    seed: 'DOKPLOY_INFRASTRUCTURE_',
    name: (platform) => `DOKPLOY_${upper(platform)}_`,
    perPlatform: /DOKPLOY_[A-Z0-9_]+_(PROD|STAGING|DEV)_ID/,
};
/** The separation test credentials (the applications, in pipeline.yml). */
const E2E_TOKENS = {
    marker: 'e2e tokens',
    seed: 'BIZOHOLIC_E2E_TOKEN',
    name: (platform) => `${upper(platform)}_E2E_TOKEN`,
    perPlatform: /[A-Z0-9_]+_E2E_TOKEN/,
};
/**
 * Rewrites every `# >>> <marker>` … `# <<< <marker>` block of a template for other platforms: the
 * block's lines that name the seed's platform are the pattern, repeated per platform; the seed's
 * other platforms' lines are dropped; lines that name no platform are kept in place.
 * @throws Error when a block has no line to repeat (a template edited by hand)
 */
function rewriteBlocks(text, block, platforms) {
    const lines = text.split('\n');
    const out = [];
    for (let i = 0; i < lines.length; i++) {
        out.push(lines[i]);
        if (!lines[i].includes(`# >>> ${block.marker}`))
            continue;
        const body = [];
        for (i++; i < lines.length && !lines[i].includes(`# <<< ${block.marker}`); i++)
            body.push(lines[i]);
        const pattern = body.filter((l) => l.includes(block.seed));
        if (pattern.length === 0)
            throw new Error(`a ${block.marker} block has no ${block.seed} line to repeat`);
        const first = body.findIndex((l) => block.perPlatform.test(l));
        const last = body.length - 1 - [...body].reverse().findIndex((l) => block.perPlatform.test(l));
        out.push(...body.slice(0, first));
        for (const platform of platforms) {
            out.push(...pattern.map((l) => l.replaceAll(block.seed, block.name(platform))));
        }
        out.push(...body.slice(last + 1));
        if (i < lines.length)
            out.push(lines[i]);
    }
    return out.join('\n');
}
/**
 * Everything `init` writes for a layout, given the templates folder.
 * @param options.kitRef - a 40-hex commit to pin the kit's actions to (default: the templates' pin)
 */
function initFiles(layout, options) {
    const platforms = layout.projects.map((p) => p.name);
    const apps = layout.projects.filter((p) => p.kind === 'application').map((p) => p.name);
    const workflow = (file) => {
        const template = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(options.templates, file), 'utf8');
        const text = rewriteBlocks(rewriteBlocks(template, PROJECT_IDS, platforms), E2E_TOKENS, apps);
        return options.kitRef ? text.replaceAll(`@${TEMPLATE_PIN}`, `@${options.kitRef}`) : text;
    };
    return [
        { path: '.github/workflows/pipeline.yml', content: workflow('pipeline.yml') },
        { path: '.github/workflows/deploy-stage.yml', content: workflow('deploy-stage.yml') },
        { path: '.github/platforms.yml', content: renderManifest(layout) },
        { path: '.github/separation.yml', content: renderSeparation(layout) },
    ];
}
/** The secrets the pipeline reads, in the order a maintainer sets them. */
function secretsToSet(layout) {
    return [
        'DOKPLOY_URL',
        'DOKPLOY_TOKEN',
        ...layout.projects.flatMap((p) => ENVIRONMENTS.map((e) => secretName(p.name, e.suffix))),
    ];
}
const command = {
    summary: 'write the staged pipeline, a platforms manifest and a separation spec into a repository',
    async run(args, context) {
        const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.parseArgs)({
            args,
            options: {
                dir: { type: 'string', default: '.' },
                force: { type: 'boolean', default: false },
                'kit-ref': { type: 'string' },
                help: { type: 'boolean', short: 'h', default: false },
            },
            strict: true,
        });
        if (values.help) {
            process.stdout.write(USAGE);
            return 0;
        }
        const kitRef = values['kit-ref'];
        if (kitRef !== undefined && !/^[0-9a-f]{40}$/.test(kitRef)) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz("Option '--kit-ref'", kitRef, 'use a full commit SHA (40 hex digits) of bizosaas/dokploy-deploy');
        }
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(context.cwd, values.dir);
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(dir))
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .InputError */ .dz("Option '--dir'", values.dir, 'does not exist');
        const folders = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(dir, { withFileTypes: true })
            .filter((e) => e.isDirectory())
            .map((e) => e.name);
        const layout = planProjects(folders, (folder) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, folder, 'package.json')));
        const files = initFiles(layout, { templates: templatesDir(), kitRef });
        const existing = files.filter((f) => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, f.path))).map((f) => f.path);
        if (existing.length > 0 && !values.force) {
            const more = existing.length > 1 ? ` (and ${existing.length - 1} more)` : '';
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .KitError */ .Fb(`${existing[0]} already exists${more}: use --force to overwrite (nothing was written)`);
        }
        for (const file of files) {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, file.path)), { recursive: true });
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, file.path), file.content);
            const verb = existing.includes(file.path) ? 'overwrote' : 'wrote';
            process.stdout.write(`${verb} ${file.path}\n`);
        }
        process.stdout.write([
            '',
            `Platforms: ${layout.projects.map((p) => `${p.name} (${p.folder}/)`).join(', ')}`,
            ...(layout.shared.length
                ? [`Shared code (redeploys every app): ${layout.shared.map((s) => `${s}/`).join(', ')}`]
                : []),
            '',
            'Secrets to set (Settings → Secrets and variables → Actions, or per environment):',
            ...secretsToSet(layout).map((s) => `  ${s}`),
            '',
            `Environments to create (Settings → Environments; add reviewers to production): ${ENVIRONMENTS.map((e) => e.name).join(', ')}`,
            ...(kitRef
                ? []
                : [
                    '',
                    `The kit's actions are pinned to ${TEMPLATE_PIN}: rerun with --kit-ref <release commit> or edit the pins.`,
                ]),
            '',
        ].join('\n'));
        return 0;
    },
};
/** workflows-templates/ of the installed kit: two levels up from src/cli/ or dist/cli/. */
function templatesDir() {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)((0,node_url__WEBPACK_IMPORTED_MODULE_2__.fileURLToPath)(import.meta.url)), '..', '..', 'workflows-templates');
}


/***/ })

};
