/**
 * npm, yarn and pnpm workspaces, for `init`: which folders are workspace packages (their patterns in
 * package.json or pnpm-workspace.yaml), what each package.json says, and how its tests are run.
 */
import { dirname, posix } from 'node:path';
import picomatch from 'picomatch';
import { parseYaml } from '../lib/yaml.js';
import type { RepoFiles } from './repo-layout.js';

/** The workspaces of a repository. */
export interface Workspaces {
  /** "npm workspaces (package.json)", "pnpm workspaces (pnpm-workspace.yaml)" … */
  source: string;
  /** How a package's test script is run, given its folder and package name. */
  testCommand: (folder: string, name: string) => string;
  /** Workspace package folders with their package.json. */
  packages: { folder: string; manifest: PackageJson }[];
}

/** The fields of a package.json that init reads. */
export interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
}

/** The npm, yarn or pnpm workspaces of a repository, or undefined when it declares none. */
export function readWorkspaces(repo: RepoFiles): Workspaces | undefined {
  const root = readJson(repo, 'package.json');
  let patterns = Array.isArray(root?.workspaces) ? root.workspaces : (root?.workspaces?.packages ?? []);
  let manager = repo.files.includes('yarn.lock') ? 'yarn' : 'npm';
  let file = 'package.json';
  const pnpm = repo.read('pnpm-workspace.yaml');
  if (pnpm !== undefined) {
    const doc = parseYaml(pnpm) as { packages?: unknown } | undefined;
    patterns = Array.isArray(doc?.packages) ? doc.packages.map(String) : [];
    [manager, file] = ['pnpm', 'pnpm-workspace.yaml'];
  }
  if (patterns.length === 0) return undefined;
  const positive = patterns
    .filter((p) => !p.startsWith('!'))
    .map((p) => posix.normalize(p).replace(/\/$/, ''));
  const negative = patterns
    .filter((p) => p.startsWith('!'))
    .map((p) => posix.normalize(p.slice(1)).replace(/\/$/, ''));
  const isIncluded = picomatch(positive, { ignore: negative });
  const packages = repo.files
    .filter((f) => f.endsWith('/package.json') && isIncluded(dirname(f)))
    .map((f) => ({ folder: dirname(f), manifest: readJson(repo, f) ?? {} }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
  const testCommand = {
    npm: (folder: string) => `npm test --workspace ${folder}`,
    yarn: (_folder: string, name: string) => `yarn workspace ${name} test`,
    pnpm: (_folder: string, name: string) => `pnpm --filter ${name} test`,
  }[manager] as Workspaces['testCommand'];
  return { source: `${manager} workspaces (${file}: ${patterns.join(', ')})`, testCommand, packages };
}

/** The workspace packages a package.json depends on (any kind of dependency), sorted. */
export function workspaceDeps(manifest: PackageJson | undefined, byName: Map<string, unknown>): string[] {
  if (!manifest) return [];
  const all = {
    ...manifest.dependencies,
    ...manifest.devDependencies,
    ...manifest.peerDependencies,
    ...manifest.optionalDependencies,
  };
  return Object.keys(all)
    .filter((name) => byName.has(name))
    .sort();
}

function readJson(repo: RepoFiles, path: string): PackageJson | undefined {
  const text = repo.read(path);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}
