/**
 * npm, yarn and pnpm workspaces, for `init` and for manifest platforms that name a `package:`: which
 * folders are workspace packages (their patterns in package.json or pnpm-workspace.yaml), what each
 * package.json says, and how its tests are run.
 */
import { dirname, posix } from 'node:path';
import picomatch from 'picomatch';
import { KitError } from './errors.js';
import { firstLine } from './yaml-fields.js';
import { parseYaml } from './yaml.js';

/** A repository's files as the workspace reader sees them. */
export interface RepoFiles {
  /** Every file (posix paths relative to the root; ignored files such as node_modules left out). */
  files: string[];
  /** A file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

/**
 * Thrown by `readWorkspaces` with `strict` for a package.json or pnpm-workspace.yaml it cannot read;
 * the message names the file and what is wrong with it.
 */
export class WorkspaceFileError extends KitError {
  override name = 'WorkspaceFileError';
}

/** The workspaces of a repository. */
export interface Workspaces {
  /** "npm workspaces (package.json)", "pnpm workspaces (pnpm-workspace.yaml)" … */
  source: string;
  /** How a package's test script is run, given its folder and package name. */
  testCommand: (folder: string, name: string) => string;
  /** Workspace package folders with their package.json. */
  packages: { folder: string; manifest: PackageJson }[];
  /** The package manager whose lockfile applies. */
  manager: 'npm' | 'yarn' | 'pnpm';
  /** The root package.json ({} when there is none). */
  root: PackageJson;
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

/**
 * The npm, yarn or pnpm workspaces of a repository, or undefined when it declares none.
 *
 * @param options - `strict`: fail on a package.json or pnpm-workspace.yaml that cannot be parsed
 *   (default false: `init` reads such a file as empty)
 * @throws WorkspaceFileError with `strict`, naming the file and the problem
 */
export function readWorkspaces(repo: RepoFiles, options: { strict?: boolean } = {}): Workspaces | undefined {
  const strict = options.strict ?? false;
  const root = readJson(repo, 'package.json', strict);
  let patterns = Array.isArray(root?.workspaces) ? root.workspaces : (root?.workspaces?.packages ?? []);
  if (strict && !patterns.every((p) => typeof p === 'string'))
    throw new WorkspaceFileError('package.json: workspaces must be a list of folder globs');
  let manager: Workspaces['manager'] = repo.files.includes('yarn.lock') ? 'yarn' : 'npm';
  let file = 'package.json';
  const pnpm = repo.read('pnpm-workspace.yaml');
  if (pnpm !== undefined) {
    const doc = parsePnpmWorkspace(pnpm, strict);
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
    .map((f) => ({ folder: dirname(f), manifest: readJson(repo, f, strict) ?? {} }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
  const testCommand = {
    npm: (folder: string) => `npm test --workspace ${folder}`,
    yarn: (_folder: string, name: string) => `yarn workspace ${name} test`,
    pnpm: (_folder: string, name: string) => `pnpm --filter ${name} test`,
  }[manager] as Workspaces['testCommand'];
  const source = `${manager} workspaces (${file}: ${patterns.join(', ')})`;
  return { source, testCommand, packages, manager, root: root ?? {} };
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

/** A package.json of the repository, or undefined when it is missing or not a JSON object. */
export function readPackageJson(repo: RepoFiles, path: string): PackageJson | undefined {
  return readJson(repo, path, false);
}

function readJson(repo: RepoFiles, path: string, strict: boolean): PackageJson | undefined {
  const text = repo.read(path);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    if (strict) throw new WorkspaceFileError(`${path} is not valid JSON (${firstLine(error)})`);
    return undefined;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as PackageJson;
  if (strict) throw new WorkspaceFileError(`${path} must hold a JSON object`);
  return undefined;
}

function parsePnpmWorkspace(text: string, strict: boolean): { packages?: unknown } | undefined {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    if (strict) throw new WorkspaceFileError(`pnpm-workspace.yaml is not valid YAML (${firstLine(error)})`);
    return undefined;
  }
  const packages = (doc as { packages?: unknown } | undefined)?.packages;
  if (strict && (!Array.isArray(packages) || !packages.every((p) => typeof p === 'string')))
    throw new WorkspaceFileError('pnpm-workspace.yaml: packages must be a list of folder globs');
  return doc as { packages?: unknown } | undefined;
}
