/**
 * Which workspace packages a lockfile change concerns: each lockfile (package-lock.json,
 * pnpm-lock.yaml, yarn.lock) read as a graph of entries, compared entry by entry between two
 * versions, and each changed entry traced to the importers (workspace folders) that reach it.
 * Pure: it receives the two texts and the workspace folders.
 */
import { posix } from 'node:path';
import type { PackageJson } from '../lib/workspaces.js';
import { parseYaml } from '../lib/yaml.js';

/** The lockfiles read at the repository's root, by name. */
export const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock'] as const;
/** A lockfile's name. */
export type Lockfile = (typeof LOCKFILES)[number];

/** What changed in a lockfile, per workspace folder. */
export type LockfileChange =
  /** Each folder ('' is the root) whose resolved dependencies changed, with the changed packages' names. */
  | { type: 'attributed'; folders: Map<string, string[]> }
  /** A change no folder explains (settings, overrides, an entry nothing reaches, a file that does not parse). */
  | { type: 'unattributed'; why: string };

/** The workspace as the attribution needs it: the package folders with their package.json, and the root's. */
export interface LockfileWorkspace {
  folders: { folder: string; manifest: PackageJson }[];
  root: PackageJson;
}

/**
 * Compares a lockfile's two versions and says which workspace folders reach each changed entry.
 *
 * @param before - the text at the base (undefined when it did not exist there)
 * @param after - the text at the head (undefined when it was deleted)
 */
export function attributeLockfileChange(
  lockfile: Lockfile,
  before: string | undefined,
  after: string | undefined,
  workspace: LockfileWorkspace,
): LockfileChange {
  if (before === undefined || after === undefined)
    return { type: 'unattributed', why: `${lockfile} was ${before === undefined ? 'added' : 'deleted'}` };
  let graphs: [LockGraph, LockGraph];
  try {
    graphs = [readGraph(lockfile, before, workspace), readGraph(lockfile, after, workspace)];
  } catch (error) {
    return { type: 'unattributed', why: `${lockfile} could not be read (${(error as Error).message})` };
  }
  const [old, now] = graphs;
  if (old.header !== now.header) return { type: 'unattributed', why: `${lockfile}'s settings changed` };
  const changed = [...new Set([...old.entries.keys(), ...now.entries.keys()])].filter(
    (key) => old.entries.get(key) !== now.entries.get(key),
  );
  const folders = new Map<string, string[]>();
  const reached = new Set<string>();
  for (const { folder } of [{ folder: '' }, ...workspace.folders]) {
    const closure = new Set([...old.closure(folder), ...now.closure(folder)]);
    const names = changed.filter((key) => closure.has(key));
    names.forEach((key) => reached.add(key));
    // A workspace's own entry changes with its dependencies: name the packages, or else the entry.
    const packages = names.map((key) => now.nameOf(key) ?? old.nameOf(key)).filter((n) => n !== undefined);
    if (names.length > 0) folders.set(folder, [...new Set(packages.length > 0 ? packages : names)].sort());
  }
  const stray = changed.filter((key) => !reached.has(key));
  if (stray.length > 0)
    return {
      type: 'unattributed',
      why: `${lockfile}: ${stray.slice(0, 3).join(', ')} changed, which no package uses`,
    };
  return { type: 'attributed', folders };
}

/** A lockfile as entries (key → canonical text) and the entries each folder reaches. */
interface LockGraph {
  /** Everything outside the entries (versions, settings, overrides), canonical. */
  header: string;
  entries: Map<string, string>;
  /** The entry keys a folder reaches (its own entry, if any, included). */
  closure(folder: string): Set<string>;
  /** The package name an entry is for (undefined for a workspace's own entry). */
  nameOf(key: string): string | undefined;
}

function readGraph(lockfile: Lockfile, text: string, workspace: LockfileWorkspace): LockGraph {
  if (lockfile === 'pnpm-lock.yaml') return pnpmGraph(text);
  if (lockfile === 'yarn.lock') return yarnGraph(text, workspace);
  return npmGraph(text);
}

/** Walks from `start` over `next`, returning every key reached. */
function reach(start: string[], next: (key: string) => string[], has: (key: string) => boolean): Set<string> {
  const seen = new Set<string>();
  const queue = start.filter(has);
  while (queue.length > 0) {
    const key = queue.pop() as string;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const n of next(key)) if (has(n) && !seen.has(n)) queue.push(n);
  }
  return seen;
}

const canonical = (value: unknown): string => JSON.stringify(value, Object.keys(flatKeys(value)).sort());
function flatKeys(value: unknown, into: Record<string, true> = {}): Record<string, true> {
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into[k] = true;
      flatKeys(v, into);
    }
  return into;
}

/** The document without its entry sections: what must stay equal for a change to be attributed. */
function without(doc: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !keys.includes(k)));
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${what} is not a mapping`);
  return value as Record<string, unknown>;
}

const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
] as const;

/**
 * package-lock.json v2/v3: `packages` keyed by install location (`node_modules/x`,
 * `apps/web/node_modules/x`) and workspace folder; a dependency resolves as Node does, from the
 * nearest `node_modules` up; a `link` entry leads to its workspace folder.
 */
function npmGraph(text: string): LockGraph {
  const doc = asRecord(JSON.parse(text), 'the lockfile');
  const packages = asRecord(doc.packages, 'packages (lockfile v1 is not read)');
  const header = without(doc, ['packages']);
  const entries = new Map(Object.entries(packages).map(([k, v]) => [k, canonical(v)]));
  const has = (key: string): boolean => entries.has(key);
  const next = (key: string): string[] => {
    const entry = packages[key] as { link?: boolean; resolved?: string } & PackageJson;
    if (entry.link && typeof entry.resolved === 'string') return [entry.resolved];
    const installed = key.includes('node_modules/');
    const names = DEPENDENCY_FIELDS.filter((f) => !installed || f !== 'devDependencies').flatMap((f) =>
      Object.keys(entry[f] ?? {}),
    );
    return names.map((name) => resolveNpm(key, name, has)).filter((k): k is string => k !== undefined);
  };
  return {
    header: canonical(header),
    entries,
    closure: (folder) => reach([folder], next, has),
    nameOf: (key) => {
      const at = key.lastIndexOf('node_modules/');
      return at >= 0 ? key.slice(at + 'node_modules/'.length) : undefined;
    },
  };
}

function resolveNpm(from: string, name: string, has: (key: string) => boolean): string | undefined {
  let dir = from;
  for (;;) {
    if (!dir.endsWith('node_modules')) {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (has(candidate)) return candidate;
    }
    if (dir === '') return undefined;
    dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
  }
}

/**
 * pnpm-lock.yaml v6–v9: `importers` per workspace folder; `packages` (and, from v9, `snapshots`)
 * keyed `name@version` (`/name@version` in v6); `link:` versions lead to another importer.
 */
function pnpmGraph(text: string): LockGraph {
  const doc = asRecord(parseYaml(text), 'the lockfile');
  const importers = asRecord(doc.importers ?? {}, 'importers');
  const packages = asRecord(doc.packages ?? {}, 'packages');
  const snapshots = asRecord(doc.snapshots ?? {}, 'snapshots');
  const header = without(doc, ['importers', 'packages', 'snapshots']);
  const entries = new Map<string, string>();
  for (const [k, v] of Object.entries(importers)) entries.set(`importer:${k === '.' ? '' : k}`, canonical(v));
  for (const [k, v] of Object.entries(packages)) entries.set(`package:${k}`, canonical(v));
  for (const [k, v] of Object.entries(snapshots)) entries.set(`snapshot:${k}`, canonical(v));
  const has = (key: string): boolean => entries.has(key);
  const depsOf = (node: unknown): [string, string][] =>
    DEPENDENCY_FIELDS.flatMap((f) =>
      Object.entries(((node ?? {}) as Record<string, unknown>)[f] ?? {}).map(([name, v]) => {
        const version = typeof v === 'object' && v !== null ? (v as { version?: unknown }).version : v;
        return [name, String(version)] as [string, string];
      }),
    );
  const packageKeys = (name: string, version: string): string[] => {
    const bare = version.replace(/\(.*$/, '');
    const ids = version.includes('@', 1) ? [version, bare] : [`${name}@${version}`, `${name}@${bare}`];
    return ids.flatMap((id) => [`snapshot:${id}`, `package:${id}`, `package:/${id}`]);
  };
  const next = (key: string): string[] => {
    if (key.startsWith('importer:')) {
      const folder = key.slice('importer:'.length);
      return depsOf(importers[folder === '' ? '.' : folder]).flatMap(([name, version]) =>
        version.startsWith('link:')
          ? [`importer:${normalizeFolder(posix.join(folder, version.slice('link:'.length)))}`]
          : packageKeys(name, version),
      );
    }
    const id = key.slice(key.indexOf(':') + 1);
    const node = key.startsWith('snapshot:') ? snapshots[id] : packages[id];
    const own = key.startsWith('snapshot:') ? [`package:${id.replace(/\(.*$/, '')}`] : [];
    return [...own, ...depsOf(node).flatMap(([name, version]) => packageKeys(name, version))];
  };
  return {
    header: canonical(header),
    entries,
    closure: (folder) => reach([`importer:${folder}`], next, has),
    nameOf: (key) => {
      if (key.startsWith('importer:')) return undefined;
      const id = key.slice(key.indexOf(':') + 1).replace(/^\//, '');
      return id.slice(0, id.indexOf('@', 1));
    },
  };
}

const normalizeFolder = (folder: string): string => (folder === '.' ? '' : posix.normalize(folder));

/**
 * yarn.lock, v1 (yarn classic: its own format, no workspace entries) and berry (YAML, with
 * `workspace:` entries): entries keyed by their descriptors (`is-odd@^3.0.0`), reached from each
 * folder's package.json ranges (v1) or its workspace entry (berry).
 */
function yarnGraph(text: string, workspace: LockfileWorkspace): LockGraph {
  const berry = /^__metadata:/m.test(text);
  const blocks = berry ? berryBlocks(text) : classicBlocks(text);
  const byDescriptor = new Map<string, string>();
  const entries = new Map<string, string>();
  const depsByKey = new Map<string, [string, string][]>();
  for (const { key, body, deps } of blocks.entries) {
    entries.set(key, body);
    depsByKey.set(key, deps);
    for (const d of key.split(/,\s*/)) byDescriptor.set(d.replace(/^"|"$/g, ''), key);
  }
  const lookup = (name: string, range: string): string[] =>
    [`${name}@${range}`, `${name}@npm:${range}`]
      .map((d) => byDescriptor.get(d))
      .filter((k): k is string => k !== undefined);
  const has = (key: string): boolean => entries.has(key);
  const next = (key: string): string[] => (depsByKey.get(key) ?? []).flatMap(([n, r]) => lookup(n, r));
  const manifests = new Map(workspace.folders.map((f) => [f.folder, f.manifest]));
  const roots = (folder: string): string[] => {
    if (berry) {
      const entry = [...byDescriptor].find(([d]) => d.endsWith(`@workspace:${folder === '' ? '.' : folder}`));
      return entry ? [entry[1]] : [];
    }
    const manifest = manifests.get(folder) ?? (folder === '' ? workspace.root : undefined);
    return DEPENDENCY_FIELDS.flatMap((f) => Object.entries(manifest?.[f] ?? {})).flatMap(([n, r]) =>
      lookup(n, r),
    );
  };
  return {
    header: blocks.header,
    entries,
    closure: (folder) => reach(roots(folder), next, has),
    nameOf: (key) => {
      const first = (key.split(/,\s*/)[0] ?? key).replace(/^"/, '');
      if (first.includes('@workspace:')) return undefined;
      return first.slice(0, first.indexOf('@', 1));
    },
  };
}

interface YarnBlocks {
  header: string;
  entries: { key: string; body: string; deps: [string, string][] }[];
}

/** Yarn classic's format: an unindented descriptor line, then two-space fields and four-space dependencies. */
function classicBlocks(text: string): YarnBlocks {
  const header: string[] = [];
  const entries: YarnBlocks['entries'] = [];
  let current: YarnBlocks['entries'][number] | undefined;
  let section = '';
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      if (!line.endsWith(':')) throw new Error(`unexpected line ${JSON.stringify(line.slice(0, 60))}`);
      current = { key: line.slice(0, -1), body: '', deps: [] };
      entries.push(current);
      continue;
    }
    if (!current) {
      header.push(line);
      continue;
    }
    current.body += `${line}\n`;
    if (/^ {2}\S/.test(line)) section = line.trim().endsWith(':') ? line.trim().slice(0, -1) : '';
    else if (/^ {4}\S/.test(line) && /ependencies$/.test(section)) {
      const match = /^ {4}("?)(.+?)\1 "?(.*?)"?$/.exec(line);
      if (match) current.deps.push([match[2] as string, match[3] as string]);
    }
  }
  const version = /^# yarn lockfile (v\d+)/m.exec(text)?.[1] ?? '';
  return { header: `${version}\n${header.join('\n')}`, entries };
}

function berryBlocks(text: string): YarnBlocks {
  const doc = asRecord(parseYaml(text), 'the lockfile');
  const { __metadata, ...rest } = doc;
  return {
    header: canonical(__metadata),
    entries: Object.entries(rest).map(([key, value]) => {
      const node = asRecord(value, key) as Record<string, unknown>;
      const deps = DEPENDENCY_FIELDS.flatMap((f) =>
        Object.entries((node[f] ?? {}) as Record<string, unknown>).map(
          ([n, r]) => [n, String(r)] as [string, string],
        ),
      );
      return { key, body: canonical(node), deps };
    }),
  };
}
