/**
 * Which Dokploy platforms a repository holds, read from its files, for `dokploy-deploy init`. In order:
 * npm/yarn/pnpm workspaces (one platform per deployable package; the others are shared code), compose
 * files anywhere (one compose stack per folder), and only without workspaces the top-level folders.
 * Pure: it receives the repository's file list and a reader, and says why it decided what it did.
 */
import { dirname, posix } from 'node:path';
import { KitError } from '../lib/errors.js';
import {
  readPackageJson,
  readWorkspaces,
  workspaceDeps,
  type PackageJson,
  type RepoFiles,
  type Workspaces,
} from '../lib/workspaces.js';

/** One platform `init` found. */
export interface ProjectFolder {
  /** Platform name, e.g. `bizoholic` (folder or package name, lower case, without `-platform`). */
  name: string;
  /** Its folder (`.` for a compose file at the root), e.g. `bizoholic-platform`. */
  folder: string;
  /** Its own manifest paths, e.g. `apps/web/**` and the workspace packages it uses. */
  paths: string[];
  /** A compose stack (stage 0, cascade) or an application. */
  kind: 'compose' | 'application';
  /** Platforms it needs. */
  needs: string[];
  /** Its unit test command, when it has a test script. */
  test: string | undefined;
  /** Why it is a platform, in one line. */
  why: string;
  /** Whether it serves pages (then the separation spec checks it), and why init thinks so. */
  pages: { serves: boolean; why: string };
}

/** What `init` found in a repository. */
export interface RepoLayout {
  /** Where the platforms came from, e.g. "npm workspaces (package.json)" or "top-level folders". */
  source: string;
  /** In deploy order: compose stacks, applications, then management. */
  projects: ProjectFolder[];
  /** Folders every application's paths include (shared code nothing names as a dependency). */
  shared: string[];
  /** Shared workspace packages and the platforms whose paths include them. */
  usedBy: { folder: string; platforms: string[] }[];
  /** Folders that are not deployed, and why. */
  skipped: { folder: string; why: string }[];
  /** Where it guessed: one line each, for the user to check. */
  warnings: string[];
}

/** The repository as `readLayout` sees it (the workspace reader's view). */
export type { RepoFiles };

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
/** Compose files, anywhere in the repository (the names `docker compose` reads by default). */
const COMPOSE_FILE = /(^|\/)(docker-)?compose\.ya?ml$/;

/**
 * Reads the platforms of a repository: workspaces, then compose files, then top-level folders.
 * @throws KitError when nothing deployable is found, or two platforms would get the same name
 */
export function readLayout(repo: RepoFiles): RepoLayout {
  const workspaces = readWorkspaces(repo);
  const early: string[] = [];
  const all = [...new Set(repo.files.filter((f) => COMPOSE_FILE.test(f)).map((f) => dirname(f)))].sort();
  // One stack per folder tree: a compose file below another stack's folder is part of that stack,
  // and one inside a workspace package is that package's own (local development, most often).
  const owner = (folder: string): string | undefined => {
    const stack = all.find((other) => other !== folder && inside(folder, other));
    if (stack !== undefined) return `the compose stack ${stack}/`;
    const pkg = workspaces?.packages.find((p) => inside(folder, p.folder));
    return pkg && `the package ${pkg.folder}/`;
  };
  for (const file of repo.files.filter((f) => COMPOSE_FILE.test(f) && owner(dirname(f)) !== undefined)) {
    early.push(`${file} belongs to ${owner(dirname(file))}: not a compose stack of its own`);
  }
  const stacks = all.filter((f) => owner(f) === undefined);
  const layout: RepoLayout = workspaces
    ? fromWorkspaces(repo, workspaces, stacks)
    : fromFolders(repo, stacks);
  layout.warnings.unshift(...early);
  if (layout.projects.length === 0) {
    throw new KitError(
      workspaces
        ? `Found nothing to deploy in the ${layout.source}: no package with a Dockerfile or a start script, and no compose file; write .github/platforms.yml yourself (docs/platforms-manifest.md)`
        : 'The repository has no top-level folder to deploy: create one folder per Dokploy project',
    );
  }
  assertUniqueNames(layout.projects);
  // Every application needs every compose stack: the seed's order, infrastructure first and healthy.
  const stackNames = layout.projects.filter((p) => p.kind === 'compose').map((p) => p.name);
  for (const p of layout.projects)
    // An application that needs another application reaches the stacks through it.
    if (p.kind === 'application' && p.needs.length === 0) p.needs = [...stackNames];
  const rank = (p: ProjectFolder): number =>
    p.kind === 'compose' ? 0 : p.needs.some((n) => !stackNames.includes(n)) ? 2 : 1;
  layout.projects.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  return layout;
}

/** Dependencies that mean a package renders pages for browsers. */
const PAGE_FRAMEWORKS = [
  'next',
  'nuxt',
  'react-dom',
  'vue',
  'svelte',
  '@sveltejs/kit',
  'astro',
  '@remix-run/react',
  '@angular/core',
  'solid-js',
  'preact',
  'gatsby',
  'vite',
];
/** Folders (their first segment) whose packages are web apps, and those whose are back-end services. */
const PAGE_FOLDERS = /^(apps?|web|sites?|frontends?)$/;
const SERVICE_FOLDERS = /^(services?|workers?|apis?|backends?|jobs?|functions)$/;
const SERVICE_NAMES = /(^|-)(api|worker|queue|cron|jobs?|consumer)$/;

/**
 * Whether a platform serves pages, so the separation checks (markers on its pages, cookies, CORS)
 * apply: a web framework among its dependencies, else where it lives or what it is called.
 */
export function pagesOf(
  folder: string,
  name: string,
  manifest: PackageJson | undefined,
): ProjectFolder['pages'] {
  const deps = { ...manifest?.dependencies, ...manifest?.devDependencies };
  const framework = PAGE_FRAMEWORKS.find((dep) => dep in deps);
  if (framework) return { serves: true, why: `depends on ${framework}` };
  const top = folder.split('/')[0] ?? folder;
  if (folder.includes('/') && PAGE_FOLDERS.test(top)) return { serves: true, why: `in ${top}/` };
  if (folder.includes('/') && SERVICE_FOLDERS.test(top))
    return { serves: false, why: `a service in ${top}/` };
  if (SERVICE_NAMES.test(name)) return { serves: false, why: `named like a service` };
  return { serves: true, why: 'taken as a web app' };
}

/** The platform name for a folder or package name: lower case, `[a-z0-9-]`, without `-platform` or a scope. */
export function platformName(raw: string): string {
  return raw
    .replace(/^@[^/]+\//, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-platform$/, '');
}

function fromWorkspaces(repo: RepoFiles, workspaces: Workspaces, stacks: string[]): RepoLayout {
  const layout: RepoLayout = {
    source: workspaces.source,
    projects: [],
    shared: [],
    usedBy: [],
    skipped: [],
    warnings: [],
  };
  const platforms = deployablePackages(repo, workspaces, layout.warnings);
  const users = linkDependencies(platforms, workspaces);
  for (const { folder } of workspaces.packages.filter((p) => !platforms.has(p.manifest.name ?? p.folder))) {
    const used = users.get(folder);
    if (used) layout.usedBy.push({ folder, platforms: used });
    else {
      layout.shared.push(folder);
      layout.warnings.push(
        `${folder} is a workspace package no platform depends on: a change there redeploys every application`,
      );
    }
  }
  layout.projects.push(...platforms.values());
  for (const folder of stacks) layout.projects.push(composeStack(repo, folder, layout));
  const covered = [...layout.projects.map((p) => p.folder), ...workspaces.packages.map((p) => p.folder)];
  for (const top of topLevelFolders(repo)) {
    if (covered.some((f) => inside(f, top) || inside(top, f))) continue;
    const ignored = IGNORED_FOLDERS.includes(top);
    layout.skipped.push({
      folder: top,
      why: ignored ? 'never a platform' : 'neither a workspace package nor a compose stack',
    });
    if (!ignored)
      layout.warnings.push(
        `${top}/ is neither a workspace package nor a compose stack: not deployed; add it to .github/platforms.yml if it is`,
      );
  }
  return layout;
}

/** The workspace packages that deploy (a Dockerfile, or a start script: a guess, warned), by package name. */
function deployablePackages(
  repo: RepoFiles,
  workspaces: Workspaces,
  warnings: string[],
): Map<string, ProjectFolder> {
  const platforms = new Map<string, ProjectFolder>();
  // A test leg starts from a fresh checkout: the dependencies (the workspace links too) come first.
  const install = {
    npm: repo.files.includes('package-lock.json') ? 'npm ci' : 'npm install',
    yarn: 'yarn install --frozen-lockfile',
    pnpm: 'pnpm install --frozen-lockfile',
  }[workspaces.manager];
  for (const { folder, manifest } of workspaces.packages) {
    const dockerfile = repo.files.includes(`${folder}/Dockerfile`);
    const start = manifest.scripts?.start !== undefined;
    if (!dockerfile && !start) continue;
    if (!dockerfile)
      warnings.push(
        `${folder} has a start script but no Dockerfile: taken as deployable (Dokploy builds it with Nixpacks); check it is a service`,
      );
    const pkg = manifest.name ?? folder;
    const name = platformName(manifest.name ?? posix.basename(folder));
    platforms.set(pkg, {
      name,
      folder,
      paths: [`${folder}/**`],
      kind: 'application',
      needs: [],
      test:
        manifest.scripts?.test !== undefined
          ? `${install} && ${workspaces.testCommand(folder, pkg)}`
          : undefined,
      why: `workspace package ${pkg} with ${dockerfile ? 'a Dockerfile' : 'a start script'}`,
      pages: pagesOf(folder, name, manifest),
    });
  }
  return platforms;
}

/**
 * What each platform uses: the platforms it depends on become its needs, the shared packages it
 * depends on (and theirs) its paths.
 * @returns the platforms whose paths include each shared package's folder
 */
function linkDependencies(
  platforms: Map<string, ProjectFolder>,
  workspaces: Workspaces,
): Map<string, string[]> {
  const byName = new Map(workspaces.packages.map((p) => [p.manifest.name ?? p.folder, p]));
  const users = new Map<string, string[]>();
  for (const [pkg, platform] of platforms) {
    const seen = new Set<string>([pkg]);
    const walk = (name: string): void => {
      for (const dep of workspaceDeps(byName.get(name)?.manifest, byName)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        const other = platforms.get(dep);
        if (other) {
          if (!platform.needs.includes(other.name)) platform.needs.push(other.name);
          continue;
        }
        const folder = (byName.get(dep) as { folder: string }).folder;
        platform.paths.push(`${folder}/**`);
        users.set(folder, [...(users.get(folder) ?? []), platform.name]);
        walk(dep);
      }
    };
    walk(pkg);
    if (platform.needs.length > 0)
      platform.why += `; needs ${platform.needs.join(', ')} (a workspace dependency)`;
  }
  return users;
}

function fromFolders(repo: RepoFiles, stacks: string[]): RepoLayout {
  const layout: RepoLayout = {
    source: 'top-level folders',
    projects: [],
    shared: [],
    usedBy: [],
    skipped: [],
    warnings: [],
  };
  for (const folder of stacks) layout.projects.push(composeStack(repo, folder, layout));
  for (const folder of topLevelFolders(repo)) {
    if (stacks.includes(folder)) continue;
    const holds = stacks.filter((stack) => inside(stack, folder));
    if (holds.length > 0) {
      layout.skipped.push({ folder, why: `holds the compose stack ${holds.map((f) => `${f}/`).join(', ')}` });
      continue;
    }
    if (IGNORED_FOLDERS.includes(folder) || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(folder)) {
      layout.skipped.push({ folder, why: 'never a platform' });
      continue;
    }
    if ((SHARED_FOLDERS as readonly string[]).includes(folder)) {
      layout.shared.push(folder);
      continue;
    }
    const npm = repo.files.includes(`${folder}/package.json`);
    const nested = repo.files.filter(
      (f) => f.startsWith(`${folder}/`) && f.endsWith('/package.json') && f !== `${folder}/package.json`,
    );
    if (nested.length > 1) {
      layout.warnings.push(
        `${folder}/ holds ${nested.length} packages (${nested.map((f) => dirname(f)).join(', ')}) but is one platform: declare workspaces, or split it in .github/platforms.yml`,
      );
    }
    const infra = /^infra(structure)?$/i.test(folder);
    const name = platformName(folder);
    layout.projects.push({
      name,
      folder,
      paths: [`${folder}/**`],
      kind: infra ? 'compose' : 'application',
      needs: [],
      test: npm ? `npm test --prefix ${folder}` : undefined,
      why: infra
        ? 'a top-level folder named like infrastructure (taken as the compose stack)'
        : 'a top-level folder',
      pages: infra
        ? { serves: false, why: 'a compose stack' }
        : pagesOf(folder, name, npm ? readPackageJson(repo, `${folder}/package.json`) : undefined),
    });
  }
  // Without workspaces there are no dependencies to read: a management or admin app is deployed last
  // and needs every other app (the seed's order).
  const isAdmin = (p: ProjectFolder): boolean =>
    p.kind === 'application' && /^(management|admin)/.test(p.name);
  const apps = layout.projects.filter((p) => p.kind === 'application' && !isAdmin(p)).map((p) => p.name);
  for (const p of layout.projects.filter(isAdmin)) {
    p.needs = [...apps];
    if (apps.length > 0) p.why += `; needs ${apps.join(', ')} (a management app is deployed last)`;
  }
  return layout;
}

function composeStack(repo: RepoFiles, folder: string, layout: RepoLayout): ProjectFolder {
  const files = repo.files.filter((f) => COMPOSE_FILE.test(f) && dirname(f) === folder);
  if (folder === '.') {
    layout.warnings.push(
      `${files.join(', ')} at the root taken as the compose stack 'infrastructure': if it only serves local development, remove that platform`,
    );
  }
  return {
    name: folder === '.' ? 'infrastructure' : platformName(posix.basename(folder)),
    folder,
    paths: folder === '.' ? files : [`${folder}/**`],
    kind: 'compose',
    needs: [],
    test: undefined,
    why: `${files.join(', ')} is a compose stack (deployed first; every application needs it)`,
    pages: { serves: false, why: 'a compose stack' },
  };
}

/** Whether `folder` is `parent` or below it (the root, `.`, counts as a folder of its own here). */
function inside(folder: string, parent: string): boolean {
  return folder === parent || folder.startsWith(`${parent}/`);
}

function topLevelFolders(repo: RepoFiles): string[] {
  const folders = repo.files.filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/')));
  return [...new Set(folders)].filter((f) => !f.startsWith('.')).sort();
}

function assertUniqueNames(projects: ProjectFolder[]): void {
  const seen = new Map<string, string>();
  for (const p of projects) {
    const other = seen.get(p.name);
    if (other !== undefined) {
      throw new KitError(
        `Folders ${other}/ and ${p.folder}/ would both be platform '${p.name}': rename one, or write .github/platforms.yml yourself`,
      );
    }
    seen.set(p.name, p.folder);
  }
}
