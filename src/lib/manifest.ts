import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseYaml } from './yaml.js';
import { InputError } from './errors.js';
import { readInlineOrFile, type InlineOrFile } from './inline-or-file.js';
import {
  TARGET_KINDS,
  type EnvironmentTarget,
  type Manifest,
  type Platform,
  type TargetKind,
} from './platform.js';

/** Where the kit looks for the manifest when the `platforms` input is empty. */
export const DEFAULT_MANIFEST_PATH = '.github/platforms.yml';

/** The seed's branch → environment mapping, used when the manifest has no `environments:`. */
export const DEFAULT_ENVIRONMENTS: Readonly<Record<string, string>> = Object.freeze({
  main: 'production',
  staging: 'staging',
  develop: 'development',
});

const MANIFEST_KEYS = ['environments', 'platforms'] as const;
const PLATFORM_KEYS = ['paths', 'needs', 'cascade', 'deploy', 'health', 'tests'] as const;
const TARGET_KEYS = ['id', 'secret'] as const;

/**
 * Reads the manifest named by an input (inline YAML or a path, see `readInlineOrFile`). An empty
 * value falls back to `.github/platforms.yml` when that file exists.
 *
 * @returns the text, or `undefined` when the value is empty and no default file exists
 * @throws InputError when a named file is missing or not a regular file
 */
export function readManifestInput(inputName: string, value: string, cwd: string): InlineOrFile | undefined {
  if (value.trim() !== '') return readInlineOrFile(inputName, value, cwd);
  const fallback = resolve(cwd, DEFAULT_MANIFEST_PATH);
  return existsSync(fallback)
    ? { text: readFileSync(fallback, 'utf8'), source: DEFAULT_MANIFEST_PATH }
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
export function parseManifest(text: string, source: string): Manifest {
  const fail = (hint: string): never => {
    throw new InputError(`Platforms manifest '${source}'`, undefined, hint);
  };
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    fail(`invalid YAML: ${firstLine(error)}`);
  }
  const root = asMapping(doc, 'the top level', fail);
  checkKeys(root, MANIFEST_KEYS, '', fail);
  const environments = readEnvironments(root.environments, fail);
  const environmentNames = new Set(Object.values(environments));
  const platformsNode = asMapping(root.platforms ?? {}, 'platforms', fail);
  const platforms = Object.entries(platformsNode).map(([name, node]) =>
    readPlatform(name, node, environmentNames, fail),
  );
  const stageCount = assignStages(platforms, fail);
  return { source, environments, platforms, stageCount };
}

/** Returns the environment a branch deploys to ('' when the branch maps to nothing). */
export function environmentForBranch(manifest: Manifest, branch: string): string {
  return Object.hasOwn(manifest.environments, branch) ? (manifest.environments[branch] as string) : '';
}

type Fail = (hint: string) => never;

function readEnvironments(node: unknown, fail: Fail): Record<string, string> {
  if (node === undefined || node === null) return { ...DEFAULT_ENVIRONMENTS };
  const map = asMapping(node, 'environments', fail);
  const environments: Record<string, string> = {};
  for (const [branch, environment] of Object.entries(map)) {
    if (typeof environment !== 'string' || environment.trim() === '') {
      fail(`environments.${branch} must be an environment name (a string), e.g. ${branch}: production`);
    }
    environments[branch] = (environment as string).trim();
  }
  return environments;
}

function readPlatform(name: string, node: unknown, environments: Set<string>, fail: Fail): Platform {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    fail(
      `platform name '${name}' must start with a letter or digit and use only letters, digits, '.', '_' and '-'`,
    );
  }
  const map = asMapping(node, `platforms.${name}`, fail);
  const at = `platforms.${name}`;
  checkKeys(map, PLATFORM_KEYS, `${at}.`, fail);
  const paths = stringList(map.paths, `${at}.paths`, fail);
  if (paths.length === 0) fail(`${at}.paths must list at least one glob, e.g. paths: [${name}/**]`);
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

function readDeploy(
  node: unknown,
  at: string,
  environments: Set<string>,
  fail: Fail,
): { kind: TargetKind | undefined; targets: Record<string, EnvironmentTarget> } {
  if (node === undefined || node === null) return { kind: undefined, targets: {} };
  const map = asMapping(node, at, fail);
  const kind = map.kind;
  if (typeof kind !== 'string' || !(TARGET_KINDS as readonly string[]).includes(kind)) {
    fail(`${at}.kind must be one of ${TARGET_KINDS.join(', ')}`);
  }
  const targets: Record<string, EnvironmentTarget> = {};
  for (const [environment, value] of Object.entries(map)) {
    if (environment === 'kind') continue;
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
  return { kind: kind as TargetKind, targets };
}

function readHealth(
  node: unknown,
  at: string,
  environments: Set<string>,
  fail: Fail,
): { healthAll: string[]; healthByEnvironment: Record<string, string[]> } {
  if (node === undefined || node === null) return { healthAll: [], healthByEnvironment: {} };
  if (Array.isArray(node)) return { healthAll: stringList(node, at, fail), healthByEnvironment: {} };
  const map = asMapping(node, at, fail);
  const healthByEnvironment: Record<string, string[]> = {};
  for (const [environment, list] of Object.entries(map)) {
    checkEnvironment(environment, `${at}.${environment}`, environments, fail);
    healthByEnvironment[environment] = stringList(list, `${at}.${environment}`, fail);
  }
  return { healthAll: [], healthByEnvironment };
}

/** Assigns stages by longest path over `needs`; reports unknown names and cycles. */
function assignStages(platforms: Platform[], fail: Fail): number {
  const byName = new Map(platforms.map((p) => [p.name, p]));
  for (const platform of platforms) {
    for (const need of platform.needs) {
      if (!byName.has(need)) {
        fail(
          `platforms.${platform.name}.needs names unknown platform '${need}' (known: ${[...byName.keys()].join(', ')})`,
        );
      }
      if (need === platform.name) fail(`platforms.${platform.name}.needs names the platform itself`);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (platform: Platform, path: string[]): number => {
    if (state.get(platform.name) === 'done') return platform.stage;
    if (state.get(platform.name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(platform.name)), platform.name];
      fail(`needs form a cycle: ${cycle.join(' → ')}`);
    }
    state.set(platform.name, 'visiting');
    let stage = 0;
    for (const need of platform.needs)
      stage = Math.max(stage, visit(byName.get(need) as Platform, [...path, platform.name]) + 1);
    platform.stage = stage;
    state.set(platform.name, 'done');
    return stage;
  };
  let stageCount = 0;
  for (const platform of platforms) stageCount = Math.max(stageCount, visit(platform, []) + 1);
  return stageCount;
}

function checkEnvironment(environment: string, at: string, environments: Set<string>, fail: Fail): void {
  if (!environments.has(environment)) {
    fail(
      `${at}: '${environment}' is not an environment of this manifest (known: ${[...environments].join(', ')})`,
    );
  }
}

function checkKeys(map: Record<string, unknown>, known: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) fail(`unknown key '${prefix}${key}' (known: ${known.join(', ')})`);
  }
}

function asMapping(node: unknown, at: string, fail: Fail): Record<string, unknown> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) fail(`${at} must be a mapping`);
  return node as Record<string, unknown>;
}

function asStringMap(node: unknown, at: string, fail: Fail): Record<string, string> {
  const map = asMapping(node, at, fail);
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'string') fail(`${at}.${key} must be a string (a shell command)`);
  }
  return map as Record<string, string>;
}

function stringList(node: unknown, at: string, fail: Fail): string[] {
  if (node === undefined || node === null) return [];
  const list = typeof node === 'string' ? [node] : node;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
    fail(`${at} must be a string or a list of non-empty strings`);
  }
  return (list as string[]).map((item) => item.trim());
}

function optionalString(node: unknown, at: string, fail: Fail): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'number') return String(node);
  if (typeof node !== 'string' || node.trim() === '') fail(`${at} must be a non-empty string`);
  return (node as string).trim();
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
