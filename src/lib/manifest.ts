import { parseYaml } from './yaml.js';
import { firstLine, YamlFields } from './yaml-fields.js';
import { readInlineOrFileOrDefault, type InlineOrFile } from './inline-or-file.js';
import { isHttpAddress, withDefined } from './input.js';
import {
  NO_HOOKS,
  TARGET_KINDS,
  type EnvironmentTarget,
  type Hooks,
  type Manifest,
  type Platform,
  type ServiceNames,
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

const MANIFEST_KEYS = ['environments', 'promote-from', 'platforms'] as const;
const PLATFORM_KEYS = ['paths', 'package', 'needs', 'cascade', 'deploy', 'health', 'tests', 'hooks'] as const;
const TARGET_KEYS = [
  'id',
  'secret',
  'project',
  'environment',
  'application',
  'compose',
  'hooks',
  'url',
] as const;
const HOOK_KEYS = ['before', 'after', 'service', 'timeout'] as const;

/**
 * Reads the manifest named by an input (inline YAML or a path, see `readInlineOrFile`). An empty
 * value falls back to `.github/platforms.yml` when that file exists.
 *
 * @returns the text, or `undefined` when the value is empty and no default file exists
 * @throws InputError when a named file is missing or not a regular file
 */
export function readManifestInput(subject: string, value: string, cwd: string): InlineOrFile | undefined {
  return readInlineOrFileOrDefault(subject, value, cwd, DEFAULT_MANIFEST_PATH);
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
  const fields = new YamlFields('Platforms manifest', source);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    fields.failDocument(`invalid YAML: ${firstLine(error)}`);
  }
  const root = fields.mapping(doc, '', MANIFEST_KEYS);
  const environments = readEnvironments(root.environments, fields);
  const environmentNames = [...new Set(Object.values(environments))];
  const platformsNode = fields.mapping(root.platforms ?? {}, 'platforms');
  const platforms = Object.entries(platformsNode).map(([name, node]) =>
    readPlatform(name, node, environmentNames, fields),
  );
  const stageCount = assignStages(platforms, fields);
  const promoteFrom = readPromoteFrom(root['promote-from'], environmentNames, platforms, fields);
  return { source, environments, promoteFrom, platforms, stageCount };
}

/** The prefix of an `environments:` key that names tags (`refs/tags/v*: production`); other keys name branches. */
export const TAG_PREFIX = 'refs/tags/';

/**
 * Returns the environment a ref deploys to ('' when it maps to nothing). Within the branch keys (or
 * the `refs/tags/` keys), the key equal to the name wins, then the first glob key that matches, in
 * the manifest's order (`release/*`: one level, `hotfix/**`: any depth, as in the workflows'
 * `branches:` filters).
 *
 * @param ref - `refs/heads/<name>` (branch keys only), `refs/tags/<name>` (tag keys only), or a short
 *   name as the actions see it (GITHUB_REF_NAME): the branch keys, then the tag keys
 * @example environmentForBranch(manifest, 'v1.2.0') // 'production' with `refs/tags/v*: production`
 */
export function environmentForBranch(manifest: Manifest, ref: string): string {
  const keys = Object.entries(manifest.environments);
  const tagKeys = keys
    .filter(([key]) => key.startsWith(TAG_PREFIX))
    .map(([key, environment]) => [key.slice(TAG_PREFIX.length), environment] as const);
  const branchKeys = keys.filter(([key]) => !key.startsWith(TAG_PREFIX));
  if (ref.startsWith(TAG_PREFIX)) return environmentAmong(tagKeys, ref.slice(TAG_PREFIX.length));
  if (ref.startsWith('refs/heads/')) return environmentAmong(branchKeys, ref.slice('refs/heads/'.length));
  return environmentAmong(branchKeys, ref) || environmentAmong(tagKeys, ref);
}

/**
 * The push trigger the manifest needs: its branch keys and its tag keys (without `refs/tags/`), in
 * the manifest's order, as written (globs included).
 */
export function triggerRefs(manifest: Manifest): { branches: string[]; tags: string[] } {
  const keys = Object.keys(manifest.environments);
  return {
    branches: keys.filter((key) => !key.startsWith(TAG_PREFIX)),
    tags: keys.filter((key) => key.startsWith(TAG_PREFIX)).map((key) => key.slice(TAG_PREFIX.length)),
  };
}

/** The exact key first, then the first glob key that matches. */
function environmentAmong(keys: readonly (readonly [string, string])[], name: string): string {
  if (name === '') return '';
  const exact = keys.find(([key]) => key === name);
  if (exact) return exact[1];
  return keys.find(([key]) => /[*?[]/.test(key) && refGlob(key).test(name))?.[1] ?? '';
}

/**
 * `promote-from: { production: staging }`: an environment that deploys only what another one
 * verified. Both must be environments of the manifest, no chain may loop, and every platform that
 * deploys to the promoted environment needs a target in the one it promotes from.
 */
function readPromoteFrom(
  node: unknown,
  environmentNames: string[],
  platforms: Platform[],
  fields: YamlFields,
): Record<string, string> {
  if (node === undefined || node === null) return {};
  const map = fields.mapping(node, 'promote-from');
  const known = environmentNames.join(', ');
  const promoteFrom: Record<string, string> = {};
  for (const [environment, value] of Object.entries(map)) {
    const at = `promote-from.${environment}`;
    if (!environmentNames.includes(environment))
      fields.fail(at, undefined, `'${environment}' is not an environment of the manifest (${known})`);
    const hint = `name the environment it promotes from, e.g. ${environment}: staging`;
    const from = fields.string(value, at, { hint }).trim();
    if (!environmentNames.includes(from))
      fields.fail(at, from, `is not an environment of the manifest (${known})`);
    if (from === environment) fields.fail(at, from, 'an environment cannot promote from itself');
    promoteFrom[environment] = from;
  }
  for (const start of Object.keys(promoteFrom)) {
    const chain = [start];
    for (
      let at = promoteFrom[start];
      at !== undefined && chain.length <= environmentNames.length;
      at = promoteFrom[at]
    ) {
      if (at === start)
        fields.fail(
          `promote-from.${start}`,
          undefined,
          `loops (${[...chain, start].join(' → ')}): one environment must deploy on its own`,
        );
      chain.push(at);
    }
  }
  for (const [environment, from] of Object.entries(promoteFrom)) {
    for (const platform of platforms) {
      if (platform.targets[environment] !== undefined && platform.targets[from] === undefined)
        fields.fail(
          `platforms.${platform.name}.deploy`,
          undefined,
          `has a ${environment} target but no ${from} target, which promote-from ${environment}: ${from} needs (add deploy.${from})`,
        );
    }
  }
  return promoteFrom;
}

function readEnvironments(node: unknown, fields: YamlFields): Record<string, string> {
  if (node === undefined || node === null) return { ...DEFAULT_ENVIRONMENTS };
  const map = fields.mapping(node, 'environments');
  const environments: Record<string, string> = {};
  for (const [key, environment] of Object.entries(map)) {
    checkRefKey(key, fields);
    const hint = `use an environment name, e.g. ${key}: production`;
    environments[key] = fields.string(environment, `environments.${key}`, { hint }).trim();
  }
  return environments;
}

/** A branch name or glob, or `refs/tags/` and a tag name or glob; anything no ref can match fails. */
function checkRefKey(key: string, fields: YamlFields): void {
  const at = `environments.${key}`;
  const tag = key.startsWith(TAG_PREFIX);
  if (!tag && key.startsWith('refs/')) {
    fields.fail(
      at,
      undefined,
      'write a branch without refs/heads/, and a tag as refs/tags/ and its name or glob (refs/tags/v*)',
      ' is a full ref',
    );
  }
  const problem = refNameProblem(tag ? key.slice(TAG_PREFIX.length) : key);
  if (problem) {
    fields.fail(
      at,
      undefined,
      `${problem}: use a branch name or glob such as release/* or hotfix/**, or a tag as refs/tags/v*`,
      tag ? ' can never match a tag' : ' can never match a branch',
    );
  }
}

/**
 * A ref-name glob as a regular expression: `**` any depth, `*` within one level, `?` one character,
 * `[...]` a class (`[!...]` negated), as in a workflow's `branches:` filter. Hand-written rather than
 * picomatch: loading picomatch costs the actions that read the manifest ~10 ms of start-up
 * (measured), for four rules.
 */
function refGlob(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[' && glob.indexOf(']', i + 2) > i) {
      const end = glob.indexOf(']', i + 2);
      const body = glob
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Why no git branch or tag name can ever match `key` ('' when one can): git's ref-name rules
 * (git check-ref-format), with the glob characters `*`, `?` and `[` allowed.
 */
function refNameProblem(key: string): string {
  if (key.trim() === '') return 'it is empty';
  // eslint-disable-next-line no-control-regex -- git refuses control characters in ref names
  if (/[\s~^:\\\x00-\x1f\x7f]/.test(key))
    return 'it has a space or one of ~ ^ : \\ (git refuses them in ref names)';
  if (key.includes('..') || key.includes('@{') || key.includes('//')) return "it has '..', '@{' or '//'";
  if (key.startsWith('/') || key.startsWith('-')) return "it starts with '/' or '-'";
  if (key.endsWith('/') || key.endsWith('.') || key.endsWith('.lock'))
    return "it ends with '/', '.' or '.lock'";
  try {
    refGlob(key);
  } catch {
    return 'its [...] class is not valid';
  }
  return '';
}

function readPlatform(name: string, node: unknown, environments: string[], fields: YamlFields): Platform {
  const at = `platforms.${name}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    fields.fail(
      at,
      undefined,
      "rename the platform: start with a letter or digit and use only letters, digits, '.', '_' and '-'",
      ' has a name the kit cannot use',
    );
  }
  const map = fields.mapping(node, at, PLATFORM_KEYS);
  // A workspace package's paths come from the workspace graph (resolveWorkspacePlatforms); its own
  // `paths:` only add globs or `!` exclusions.
  const pkg = map.package === undefined ? undefined : fields.string(map.package, `${at}.package`).trim();
  if (pkg === '') fields.fail(`${at}.package`, undefined, "name the workspace package, e.g. '@shop/web'");
  const paths = fields.stringOrList(map.paths, `${at}.paths`);
  if (paths.length === 0 && !pkg)
    fields.fail(
      `${at}.paths`,
      undefined,
      `list at least one glob, e.g. paths: [${name}/**], or name its workspace package (package:)`,
    );
  if (!pkg && paths.every((p) => p.startsWith('!')))
    fields.fail(`${at}.paths`, undefined, "add the paths to include (it has only '!' patterns)");
  const { kind, targets, hooksByEnvironment } = readDeploy(map.deploy, `${at}.deploy`, environments, fields);
  const hooksAll = readHooks(map.hooks, `${at}.hooks`, fields);
  checkHooks(kind, hooksAll, hooksByEnvironment, at, fields);
  const { healthAll, healthByEnvironment } = readHealth(map.health, `${at}.health`, environments, fields);
  return {
    name,
    paths,
    package: pkg,
    needs: fields.stringOrList(map.needs, `${at}.needs`),
    cascade: fields.boolean(map.cascade, `${at}.cascade`, false),
    kind,
    targets,
    healthAll,
    healthByEnvironment,
    ...readTests(map.tests, `${at}.tests`, fields),
    hooksAll,
    hooksByEnvironment,
    stage: 0,
  };
}

function readDeploy(
  node: unknown,
  at: string,
  environments: string[],
  fields: YamlFields,
): {
  kind: TargetKind | undefined;
  targets: Record<string, EnvironmentTarget>;
  hooksByEnvironment: Record<string, Hooks>;
} {
  if (node === undefined || node === null) return { kind: undefined, targets: {}, hooksByEnvironment: {} };
  const map = fields.mapping(node, at);
  let kind = map.kind === undefined ? undefined : fields.oneOf(map.kind, `${at}.kind`, TARGET_KINDS);
  const targets: Record<string, EnvironmentTarget> = {};
  const hooksByEnvironment: Record<string, Hooks> = {};
  for (const [environment, value] of Object.entries(map)) {
    if (environment === 'kind') continue;
    const where = `${at}.${environment}`;
    checkEnvironment(environment, where, environments, fields);
    const target = fields.mapping(value, where, TARGET_KEYS);
    const id = optionalString(target.id, `${where}.id`, fields);
    const secret = optionalString(target.secret, `${where}.secret`, fields);
    const named = readNames(target, where, environment, fields);
    const given = [id, secret, named].filter((v) => v !== undefined).length;
    if (given !== 1) {
      fields.fail(
        where,
        undefined,
        'give exactly one of id, secret, or project with application or compose, e.g. { project: web-platform, application: frontend }',
      );
    }
    if (secret !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(secret)) {
      fields.fail(`${where}.secret`, secret, "use a secret's name: letters, digits and '_'");
    }
    if (named) {
      // The name's key says the kind; it must agree with `kind:` and with the other environments.
      if (kind !== undefined && kind !== named.kind) {
        fields.fail(
          `${where}.${named.kind}`,
          undefined,
          `use ${kind}: (deploy.kind is ${kind})`,
          ' names the other kind',
        );
      }
      kind = named.kind;
    }
    targets[environment] = {
      id,
      secret,
      names: named?.names,
      url: readUrl(target.url, `${where}.url`, fields),
    };
    if (target.hooks !== undefined)
      hooksByEnvironment[environment] = readHooks(target.hooks, `${where}.hooks`, fields);
  }
  if (kind === undefined) fields.fail(`${at}.kind`, undefined, `use one of ${TARGET_KINDS.join(', ')}`);
  return { kind, targets, hooksByEnvironment };
}

function readHealth(
  node: unknown,
  at: string,
  environments: string[],
  fields: YamlFields,
): { healthAll: string[]; healthByEnvironment: Record<string, string[]> } {
  if (node === undefined || node === null) return { healthAll: [], healthByEnvironment: {} };
  if (Array.isArray(node)) return { healthAll: fields.stringOrList(node, at), healthByEnvironment: {} };
  const map = fields.mapping(node, at);
  const healthByEnvironment: Record<string, string[]> = {};
  for (const [environment, list] of Object.entries(map)) {
    checkEnvironment(environment, `${at}.${environment}`, environments, fields);
    healthByEnvironment[environment] = fields.stringOrList(list, `${at}.${environment}`);
  }
  return { healthAll: [], healthByEnvironment };
}

/** An http(s) address people open (no credentials: it is shown on GitHub's environment page). */
function readUrl(node: unknown, at: string, fields: YamlFields): string | undefined {
  if (node === undefined || node === null) return undefined;
  const text = fields.string(node, at).trim();
  if (!isHttpAddress(text)) {
    fields.fail(
      at,
      text,
      'use the http(s) address people open, e.g. https://bizoholic.example.com (no credentials)',
    );
  }
  return text;
}

function readHooks(node: unknown, at: string, fields: YamlFields): Hooks {
  if (node === undefined || node === null) return { ...NO_HOOKS };
  const map = fields.mapping(node, at, HOOK_KEYS);
  const command = (key: 'before' | 'after'): string | undefined =>
    map[key] === undefined
      ? undefined
      : fields.string(map[key], `${at}.${key}`, { hint: 'use a shell command (a string)' });
  const timeoutMs = fields.duration(map.timeout, `${at}.timeout`);
  if (timeoutMs !== undefined && !(timeoutMs > 0))
    fields.fail(`${at}.timeout`, String(map.timeout), 'use a duration above zero, such as 10m');
  return {
    before: command('before'),
    after: command('after'),
    service: map.service === undefined ? undefined : fields.string(map.service, `${at}.service`),
    timeoutMs,
  };
}

/** A compose platform's commands need the service that runs them; an application's run in its own container. */
function checkHooks(
  kind: TargetKind | undefined,
  all: Hooks,
  byEnvironment: Record<string, Hooks>,
  at: string,
  fields: YamlFields,
): void {
  for (const [where, hooks] of [
    ['', all] as const,
    ...Object.entries(byEnvironment).map(([e, h]) => [e, h] as const),
  ]) {
    const path = where === '' ? `${at}.hooks` : `${at}.deploy.${where}.hooks`;
    if (hooks.service !== undefined && kind !== 'compose') {
      fields.fail(
        `${path}.service`,
        hooks.service,
        "remove it: an application's commands run in its own container (service is for compose stacks)",
      );
    }
    const merged = where === '' ? hooks : { ...all, ...withDefined(hooks) };
    const hooked = merged.before !== undefined || merged.after !== undefined;
    if (kind === 'compose' && hooked && merged.service === undefined) {
      fields.fail(
        `${path}.service`,
        undefined,
        'name the compose service whose container runs the commands, e.g. service: web',
        ' is required',
      );
    }
  }
}

/** `tests:`: commands by kind, and `with-deploy` (run them in the platform's deploy leg instead of a job of their own). */
function readTests(
  node: unknown,
  at: string,
  fields: YamlFields,
): Pick<Platform, 'tests' | 'testsWithDeploy'> {
  if (node === undefined) return { tests: {}, testsWithDeploy: false };
  const map = fields.mapping(node, at);
  const hint = 'use a shell command (a string)';
  const tests = Object.fromEntries(
    Object.entries(map)
      .filter(([name]) => name !== 'with-deploy')
      .map(([name, value]) => [name, fields.string(value, `${at}.${name}`, { hint })]),
  );
  const testsWithDeploy = fields.boolean(map['with-deploy'], `${at}.with-deploy`, false);
  if (testsWithDeploy && tests.unit === undefined && tests.integration === undefined) {
    fields.fail(`${at}.with-deploy`, 'true', 'give tests.unit or tests.integration to run in the deploy leg');
  }
  return { tests, testsWithDeploy };
}

/** Assigns stages by longest path over `needs`; reports unknown names and cycles. */
function assignStages(platforms: Platform[], fields: YamlFields): number {
  const byName = new Map(platforms.map((p) => [p.name, p]));
  const names = [...byName.keys()];
  for (const platform of platforms) {
    platform.needs.forEach((need, i) => {
      const at = `platforms.${platform.name}.needs${platform.needs.length > 1 ? `[${i}]` : ''}`;
      fields.nameIn(need, at, names, 'platform of this manifest');
      if (need === platform.name) fields.fail(at, need, 'a platform cannot need itself');
    });
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (platform: Platform, path: string[]): number => {
    if (state.get(platform.name) === 'done') return platform.stage;
    if (state.get(platform.name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(platform.name)), platform.name];
      fields.failDocument(`needs form a cycle: ${cycle.join(' → ')}`);
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

function checkEnvironment(environment: string, at: string, environments: string[], fields: YamlFields): void {
  if (!environments.includes(environment)) {
    fields.fail(
      at,
      undefined,
      `use one of ${environments.join(', ')}`,
      ' is not an environment of this manifest',
    );
  }
}

/** A target by name: `project` with `application` or `compose`, and optionally the Dokploy `environment`. */
function readNames(
  target: Record<string, unknown>,
  at: string,
  environment: string,
  fields: YamlFields,
): { kind: TargetKind; names: ServiceNames } | undefined {
  const byName = ['project', 'environment', 'application', 'compose'].filter((k) => target[k] !== undefined);
  if (byName.length === 0) return undefined;
  const project = optionalString(target.project, `${at}.project`, fields);
  if (project === undefined) fields.fail(`${at}.project`, undefined, "name the service's Dokploy project");
  const application = optionalString(target.application, `${at}.application`, fields);
  const compose = optionalString(target.compose, `${at}.compose`, fields);
  if ((application === undefined) === (compose === undefined)) {
    fields.fail(at, undefined, 'name exactly one of application or compose (the service in the project)');
  }
  return {
    kind: application !== undefined ? 'application' : 'compose',
    names: {
      project,
      environment: optionalString(target.environment, `${at}.environment`, fields) ?? environment,
      service: application ?? (compose as string),
    },
  };
}

/** An id or a secret's name; YAML reads an all-digit id as a number, which is taken as its text. */
function optionalString(node: unknown, at: string, fields: YamlFields): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'number') return String(node);
  return fields.string(node, at).trim();
}
