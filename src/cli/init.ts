/**
 * `dokploy-deploy init [--dir PATH] [--force] [--kit-ref SHA]`: installs the staged pipeline into a
 * repository: the two workflows from workflows-templates/, a platforms manifest generated from the
 * repository's top-level folders, and a separation spec. Nothing is written when a file exists,
 * unless --force. Prints what it wrote, the secrets to set and the environments to create.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InputError, KitError } from '../lib/errors.js';
import { DEFAULT_ENVIRONMENTS } from '../lib/manifest.js';
import type { Command } from './command.js';

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

/** The suffix of each environment's id secrets (as in the seed: DOKPLOY_WEB_PROD_ID). */
const SECRET_SUFFIX: Readonly<Record<string, string>> = {
  production: 'PROD',
  staging: 'STAGING',
  development: 'DEV',
};

/** The environments of the templates: the kit's branch → environment defaults, with their secret suffixes. */
export const ENVIRONMENTS = Object.entries(DEFAULT_ENVIRONMENTS).map(([branch, name]) => ({
  name,
  branch,
  suffix: SECRET_SUFFIX[name] ?? name.toUpperCase(),
}));

/** Top-level folders that hold code shared by the platforms: a change there redeploys every app. */
export const SHARED_FOLDERS = ['shared', 'common', 'lib', 'libs'] as const;
/** Top-level folders that are never platforms. */
export const IGNORED_FOLDERS = [
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
export const TEMPLATE_PIN = '0000000000000000000000000000000000000000';

/** One platform derived from a top-level folder. */
export interface ProjectFolder {
  /** Platform name: the folder name without a `-platform` suffix, e.g. `bizoholic`. */
  name: string;
  /** The folder, e.g. `bizoholic-platform`. */
  folder: string;
  /** Infrastructure (compose stack, stage 0, cascade) or an application. */
  kind: 'compose' | 'application';
  /** Platforms it needs (infrastructure for apps; every other app for a management/admin app). */
  needs: string[];
  /** Whether the folder has a package.json (then `npm test --prefix <folder>` is its unit test). */
  npm: boolean;
}

/** Which folders of a repository are platforms, and which are shared code. */
export interface RepoLayout {
  projects: ProjectFolder[];
  shared: string[];
}

/**
 * Derives the platforms from top-level folder names: hidden, ignored and shared folders are not
 * platforms; `infrastructure`/`infra` is the compose stack every app needs; a folder starting with
 * `management` or `admin` needs every other app (the seed's order).
 * @param folders - top-level folder names
 * @param hasPackageJson - whether a folder has a package.json
 * @throws KitError when no folder is left to deploy
 */
export function planProjects(folders: string[], hasPackageJson: (folder: string) => boolean): RepoLayout {
  const candidates = folders
    .filter((f) => !f.startsWith('.') && !IGNORED_FOLDERS.includes(f))
    .filter((f) => /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(f))
    .sort();
  const shared = candidates.filter((f) => (SHARED_FOLDERS as readonly string[]).includes(f));
  const projects: ProjectFolder[] = candidates
    .filter((f) => !shared.includes(f))
    .map((folder) => ({
      name: folder
        .toLowerCase()
        .replace(/_/g, '-')
        .replace(/-platform$/, ''),
      folder,
      kind: /^infra(structure)?$/i.test(folder) ? ('compose' as const) : ('application' as const),
      needs: [],
      npm: hasPackageJson(folder),
    }));
  const seen = new Map<string, string>();
  for (const project of projects) {
    const other = seen.get(project.name);
    if (other !== undefined) {
      throw new KitError(
        `Folders ${other}/ and ${project.folder}/ would both be platform '${project.name}': rename one, or write .github/platforms.yml yourself`,
      );
    }
    seen.set(project.name, project.folder);
  }
  if (projects.length === 0) {
    throw new KitError(
      'The repository has no top-level folder to deploy: create one folder per Dokploy project',
    );
  }
  const infrastructure = projects.filter((p) => p.kind === 'compose').map((p) => p.name);
  const isAdmin = (p: ProjectFolder): boolean => /^(management|admin)/.test(p.name);
  const apps = projects.filter((p) => p.kind === 'application' && !isAdmin(p)).map((p) => p.name);
  for (const project of projects) {
    if (project.kind === 'compose') continue;
    project.needs = isAdmin(project) && apps.length > 0 ? [...apps] : [...infrastructure];
  }
  // Infrastructure first, then apps, then management, so the manifest reads in deploy order.
  const rank = (p: ProjectFolder): number => (p.kind === 'compose' ? 0 : isAdmin(p) ? 2 : 1);
  projects.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return { projects, shared };
}

/** The secret holding a platform's Dokploy id in an environment, e.g. DOKPLOY_BIZOHOLIC_PROD_ID. */
export function secretName(platform: string, suffix: string): string {
  return `DOKPLOY_${platform.toUpperCase().replace(/-/g, '_')}_${suffix}_ID`;
}

/** Renders `.github/platforms.yml` for the layout (commented, in deploy order). */
export function renderManifest(layout: RepoLayout): string {
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
    if (p.kind === 'application') paths.push(...layout.shared.map((s) => `${s}/**`), "'!**/*.md'");
    lines.push(`  ${p.name}:`, `    paths: [${paths.join(', ')}]`);
    if (p.needs.length > 0) lines.push(`    needs: [${p.needs.join(', ')}]`);
    lines.push('    deploy:', `      kind: ${p.kind}`);
    for (const e of ENVIRONMENTS) lines.push(`      ${e.name}: { secret: ${secretName(p.name, e.suffix)} }`);
    lines.push(
      '    # health:                       # wait-healthy targets per environment, e.g.',
      `    #   production: ['https://${p.name}.example.com/api/health']`,
    );
    if (p.kind === 'compose')
      lines.push('    cascade: true # a change here redeploys everything that needs it');
    if (p.npm) lines.push('    tests:', `      unit: npm test --prefix ${p.folder}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Renders `.github/separation.yml`: each application with placeholder URLs and a marker. */
export function renderSeparation(layout: RepoLayout): string {
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

/** A kind of generated block in the templates: its marker, the seed line it repeats, and what it names. */
export interface TemplateBlock {
  /** Marker text after `# >>> ` and `# <<< `. */
  marker: string;
  /** The text naming the seed's first platform in the lines to repeat. */
  seed: string;
  /** Builds that text for another platform. */
  name(platform: string): string;
  /** Matches a line that belongs to one platform (all such lines are replaced). */
  perPlatform: RegExp;
}

const upper = (platform: string): string => platform.toUpperCase().replace(/-/g, '_');

/** The project-id secrets (every platform, in pipeline.yml and deploy-stage.yml). */
export const PROJECT_IDS: TemplateBlock = {
  marker: 'project ids',
  seed: 'DOKPLOY_INFRASTRUCTURE_',
  name: (platform) => `DOKPLOY_${upper(platform)}_`,
  perPlatform: /DOKPLOY_[A-Z0-9_]+_(PROD|STAGING|DEV)_ID/,
};

/** The separation test credentials (the applications, in pipeline.yml). */
export const E2E_TOKENS: TemplateBlock = {
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
export function rewriteBlocks(text: string, block: TemplateBlock, platforms: string[]): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i] as string);
    if (!(lines[i] as string).includes(`# >>> ${block.marker}`)) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).includes(`# <<< ${block.marker}`); i++)
      body.push(lines[i] as string);
    const pattern = body.filter((l) => l.includes(block.seed));
    if (pattern.length === 0) throw new Error(`a ${block.marker} block has no ${block.seed} line to repeat`);
    const first = body.findIndex((l) => block.perPlatform.test(l));
    const last = body.length - 1 - [...body].reverse().findIndex((l) => block.perPlatform.test(l));
    out.push(...body.slice(0, first));
    for (const platform of platforms) {
      out.push(...pattern.map((l) => l.replaceAll(block.seed, block.name(platform))));
    }
    out.push(...body.slice(last + 1));
    if (i < lines.length) out.push(lines[i] as string);
  }
  return out.join('\n');
}

/** A file `init` writes: its path in the repository and its content. */
export interface InitFile {
  path: string;
  content: string;
}

/**
 * Everything `init` writes for a layout, given the templates folder.
 * @param options.kitRef - a 40-hex commit to pin the kit's actions to (default: the templates' pin)
 */
export function initFiles(layout: RepoLayout, options: { templates: string; kitRef?: string }): InitFile[] {
  const platforms = layout.projects.map((p) => p.name);
  const apps = layout.projects.filter((p) => p.kind === 'application').map((p) => p.name);
  const workflow = (file: string): string => {
    const template = readFileSync(join(options.templates, file), 'utf8');
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
export function secretsToSet(layout: RepoLayout): string[] {
  return [
    'DOKPLOY_URL',
    'DOKPLOY_TOKEN',
    ...layout.projects.flatMap((p) => ENVIRONMENTS.map((e) => secretName(p.name, e.suffix))),
  ];
}

export const command: Command = {
  summary: 'write the staged pipeline, a platforms manifest and a separation spec into a repository',
  async run(args, context) {
    const { values } = parseArgs({
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
      throw new InputError(
        "Option '--kit-ref'",
        kitRef,
        'use a full commit SHA (40 hex digits) of bizosaas/dokploy-deploy',
      );
    }
    const dir = resolve(context.cwd, values.dir);
    if (!existsSync(dir)) throw new InputError("Option '--dir'", values.dir, 'does not exist');
    const folders = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const layout = planProjects(folders, (folder) => existsSync(join(dir, folder, 'package.json')));
    const files = initFiles(layout, { templates: templatesDir(), kitRef });
    const existing = files.filter((f) => existsSync(join(dir, f.path))).map((f) => f.path);
    if (existing.length > 0 && !values.force) {
      const more = existing.length > 1 ? ` (and ${existing.length - 1} more)` : '';
      throw new KitError(
        `${existing[0]} already exists${more}: use --force to overwrite (nothing was written)`,
      );
    }
    for (const file of files) {
      mkdirSync(dirname(join(dir, file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.content);
      const verb = existing.includes(file.path) ? 'overwrote' : 'wrote';
      process.stdout.write(`${verb} ${file.path}\n`);
    }
    process.stdout.write(
      [
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
      ].join('\n'),
    );
    return 0;
  },
};

/** workflows-templates/ of the installed kit: two levels up from src/cli/ or dist/cli/. */
function templatesDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'workflows-templates');
}
