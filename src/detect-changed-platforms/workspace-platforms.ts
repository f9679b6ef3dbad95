/**
 * Platforms that name a workspace package (`package: @shop/storefront`): their paths derived from
 * the npm/yarn/pnpm workspace graph (the package's folder and every workspace package it depends
 * on, transitively), and why a change outside their own folder selects them (a dependency's folder,
 * a root file, the lockfile). Pure: the repository's files come in through a reader.
 */
import { posix } from 'node:path';
import type { Manifest, Platform } from '../lib/platform.js';
import { readWorkspaces, WorkspaceFileError, workspaceDeps, type RepoFiles } from '../lib/workspaces.js';
import { YamlFields } from '../lib/yaml-fields.js';
import { LOCKFILES, type Lockfile, type LockfileChange, type LockfileWorkspace } from './lockfiles.js';
import type { Reason } from './plan.js';

/** Root files that shape every package's build or install: a change there selects every package platform. */
export const ROOT_FILES = [
  'package.json',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pnpmfile.cjs',
  'pnpm-workspace.yaml',
  'tsconfig.json',
  'tsconfig.base.json',
  '.nvmrc',
  '.node-version',
  'turbo.json',
  'nx.json',
] as const;

/** A platform that names a workspace package, resolved. */
export interface WorkspacePlatform {
  name: string;
  /** The package's name (`package:`). */
  package: string;
  /** Its folder, e.g. apps/storefront. */
  folder: string;
  /** The workspace packages it depends on, directly or not, nearest first. */
  dependencies: { name: string; folder: string }[];
}

/** The manifest with its package platforms resolved. */
export interface WorkspaceResolution {
  /** The manifest, each `package:` platform's paths extended with its folder and its dependencies' folders. */
  manifest: Manifest;
  /** The resolved package platforms (empty when none names a package: nothing was read). */
  platforms: WorkspacePlatform[];
  /** The workspace the lockfile attribution reads (undefined without package platforms). */
  workspace: LockfileWorkspace | undefined;
}

/** Says what changed in a lockfile between the base and the head (called only for a changed lockfile). */
export type LockfileReader = (lockfile: Lockfile) => Promise<LockfileChange>;

/**
 * Resolves the `package:` platforms of a manifest against the repository's workspaces. Lazy: a
 * manifest without `package:` is returned as it is and `repo` is never called.
 *
 * @throws InputError naming `platforms.<name>.package` when the repository declares no workspaces,
 *   its package.json or pnpm-workspace.yaml cannot be read, or no workspace package has that name
 */
export function resolveWorkspacePlatforms(manifest: Manifest, repo: () => RepoFiles): WorkspaceResolution {
  const named = manifest.platforms.filter((p) => p.package !== undefined);
  if (named.length === 0) return { manifest, platforms: [], workspace: undefined };
  const fields: YamlFields = new YamlFields('Platforms manifest', manifest.source);
  const at = (p: Platform): string => `platforms.${p.name}.package`;
  const first = named[0] as Platform;
  let workspaces: ReturnType<typeof readWorkspaces>;
  try {
    workspaces = readWorkspaces(repo(), { strict: true });
  } catch (error) {
    if (!(error instanceof WorkspaceFileError)) throw error;
    fields.fail(at(first), first.package, `${error.message}: fix it, or list the platform's paths instead`);
  }
  if (!workspaces)
    fields.fail(
      at(first),
      first.package,
      "the repository declares no workspaces (no workspaces in package.json, no pnpm-workspace.yaml): declare them, or list the platform's paths instead",
    );
  const byName = new Map(workspaces.packages.map((p) => [p.manifest.name ?? p.folder, p]));
  const platforms = named.map((platform): WorkspacePlatform => {
    const pkg = byName.get(platform.package as string);
    if (!pkg) {
      const known = [...byName.keys()].slice(0, 8).join(', ');
      fields.fail(
        at(platform),
        platform.package,
        `no workspace package has that name (${workspaces.source}; packages: ${known})`,
      );
    }
    return {
      name: platform.name,
      package: platform.package as string,
      folder: pkg.folder,
      dependencies: closure(pkg.manifest.name ?? pkg.folder, byName),
    };
  });
  const resolved = new Map(platforms.map((p) => [p.name, p]));
  const withPaths = manifest.platforms.map((platform) => {
    const found = resolved.get(platform.name);
    if (!found) return platform;
    const folders = [found.folder, ...found.dependencies.map((d) => d.folder)];
    return { ...platform, paths: [...folders.map(globOf), ...platform.paths] };
  });
  return {
    manifest: { ...manifest, platforms: withPaths },
    platforms,
    workspace: { folders: workspaces.packages, root: workspaces.root },
  };
}

/**
 * The reasons of the package platforms that a change outside their own files selects: a dependency's
 * folder (`workspace`), a root file (`root-file`), or the lockfile (`lockfile`, `lockfile-unattributed`).
 * A platform whose own files changed gets none (its `files` reason stands).
 *
 * @param matches - each platform's matched files over the resolved paths (`matchPlatforms`)
 */
export async function workspaceReasons(
  resolution: WorkspaceResolution,
  changed: readonly { filename: string }[],
  matches: ReadonlyMap<string, string[]>,
  readLockfile: LockfileReader,
): Promise<Map<string, Reason>> {
  const reasons = new Map<string, Reason>();
  if (resolution.platforms.length === 0) return reasons;
  const names = new Set(changed.map((f) => f.filename));
  const rootFile = ROOT_FILES.find((f) => names.has(f));
  const lockfile = LOCKFILES.find((f) => names.has(f));
  const lockChange = lockfile === undefined ? undefined : await readLockfile(lockfile);
  for (const platform of resolution.platforms) {
    const files = matches.get(platform.name) ?? [];
    const viaDependency = (file: string): boolean =>
      !inside(file, platform.folder) && platform.dependencies.some((d) => inside(file, d.folder));
    if (files.some((f) => !viaDependency(f))) continue;
    const dependency = platform.dependencies.find((d) => files.some((f) => inside(f, d.folder)));
    if (dependency) {
      reasons.set(platform.name, { type: 'workspace', via: dependency.name, folder: dependency.folder });
    } else if (rootFile !== undefined) {
      reasons.set(platform.name, { type: 'root-file', file: rootFile });
    } else if (lockfile !== undefined && lockChange !== undefined) {
      const reason = lockfileReason(lockfile, lockChange, platform);
      if (reason) reasons.set(platform.name, reason);
    }
  }
  return reasons;
}

function lockfileReason(
  lockfile: Lockfile,
  change: LockfileChange,
  platform: WorkspacePlatform,
): Reason | undefined {
  if (change.type === 'unattributed')
    return { type: 'lockfile-unattributed', file: lockfile, why: change.why };
  const folders = [platform.folder, ...platform.dependencies.map((d) => d.folder)];
  const packages = [...new Set(folders.flatMap((f) => change.folders.get(f) ?? []))].sort();
  return packages.length > 0 ? { type: 'lockfile', file: lockfile, packages } : undefined;
}

/** The workspace packages `name` depends on, breadth first (nearest first), without itself. */
function closure(
  name: string,
  byName: Map<string, { folder: string; manifest: Parameters<typeof workspaceDeps>[0] }>,
): { name: string; folder: string }[] {
  const found: { name: string; folder: string }[] = [];
  const seen = new Set([name]);
  const queue = [name];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const dep of workspaceDeps(byName.get(current)?.manifest, byName)) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      found.push({ name: dep, folder: (byName.get(dep) as { folder: string }).folder });
      queue.push(dep);
    }
  }
  return found;
}

/** A folder's files as a glob (glob characters in the folder's name escaped). */
const globOf = (folder: string): string =>
  folder === '.' ? '**' : `${posix.normalize(folder).replace(/[*?[\]{}()!+@]/g, '\\$&')}/**`;

function inside(file: string, folder: string): boolean {
  return folder === '.' || file.startsWith(`${folder}/`);
}
