/**
 * detect-changed-platforms' settings: typed defaults, one resolver that checks every rule (the action
 * and the CLI's plan and pipeline commands go through it, each naming settings as its user knows them),
 * and the input reader that only turns the action's strings into typed values.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { INPUT_SUBJECTS as DEPLOY_SUBJECTS, resolveServerSettings } from '../dokploy-deploy/settings.js';
import { InputError, inputError } from '../lib/errors.js';
import { parseEnum, parseInteger, parseList, withDefined, type InputReader } from '../lib/input.js';
import { readInlineOrFile } from '../lib/inline-or-file.js';
import { DEFAULT_MANIFEST_PATH, parseManifest, readManifestInput } from '../lib/manifest.js';
import type { Manifest } from '../lib/platform.js';
import { parseFilters, PREDICATE_QUANTIFIERS, type Filter, type PredicateQuantifier } from './filters.js';
import { LIST_FILES, type ListFiles } from './list-format.js';
import {
  readSeparationPlacementInput,
  separationStage,
  type SeparationPlacement,
} from '../lib/separation-placement.js';

/** The inputs of detect-changed-platforms, as finished values. */
export interface DetectSettings {
  /** Input `working-directory`, resolved to an absolute path. Default: the step's directory. */
  workingDirectory: string;
  /** Input `filters`: dorny filters (inline YAML or a file), parsed; `undefined` when not given. */
  filters: Filter[] | undefined;
  /**
   * Input `platforms`: the manifest; without it, `.github/platforms.yml` if present and no `filters`
   * are given; `undefined` when none.
   */
  manifest: Manifest | undefined;
  /** Input `select`: `['all']`, platform names, or `[]` (what changed). Default `[]`. */
  select: string[];
  /** Input `environment`: overrides the branch → environment mapping. Default '' (from the branch). */
  environment: string;
  /** Input `base`. Default ''. */
  base: string;
  /** Input `ref`. Default ''. */
  ref: string;
  /** Input `token` (masked by the shell). Default `${{ github.token }}` in action.yml. */
  token: string;
  /** Input `list-files`. Default `none`. */
  listFiles: ListFiles;
  /** Input `initial-fetch-depth`: commits fetched before deepening. Default 100. */
  initialFetchDepth: number;
  /** Input `predicate-quantifier` (dorny filters only). Default `some`. */
  predicateQuantifier: PredicateQuantifier;
  /**
   * Input `since`: what each platform is compared with, `deployed` (the commit of its newest done
   * deployment in the environment, read from Dokploy) or `event` (the push's before, dorny's way).
   * Default: `deployed` when the Dokploy URL and key are given, else `event`.
   */
  since: Since;
  /** Inputs `dokploy-url` and `api-key` (masked), for `since: deployed`; '' when not given. */
  dokployUrl: string;
  apiKey: string;
  /**
   * Input `separation-spec`: where the separation checks go (the spec's `after:`) and the platforms
   * they check; without it, .github/separation.yml if present. Read only with a manifest.
   */
  separation: SeparationPlacement | undefined;
}

/** The values of input `since`. */
export const SINCE = ['deployed', 'event'] as const;
export type Since = (typeof SINCE)[number];

/**
 * The finished defaults: the only place a default lives (a test checks action.yml against them). The
 * working directory has none here: it is the caller's own directory.
 */
export const DEFAULT_SETTINGS: Readonly<Omit<DetectSettings, 'workingDirectory'>> = Object.freeze({
  filters: undefined,
  manifest: undefined,
  select: [],
  environment: '',
  base: '',
  ref: '',
  token: '',
  listFiles: 'none',
  initialFetchDepth: 100,
  predicateQuantifier: 'some',
  since: 'event',
  dokployUrl: '',
  apiKey: '',
  separation: undefined,
});

/** The most commits fetched before deepening (GitHub's own limit on a shallow fetch is far above). */
export const MAX_INITIAL_FETCH_DEPTH = 1_000_000;

/** Who the user knows each checked setting as, for the error line (the CLI passes its options). */
export interface DetectSettingSubjects {
  filters: string;
  /** Where a manifest comes from, as a phrase inside a hint ("input 'platforms'", "--manifest"). */
  platforms: string;
  select: string;
  environment: string;
  listFiles: string;
  initialFetchDepth: string;
  predicateQuantifier: string;
  since?: string;
  /** The Dokploy URL and key as the user gives them, for `since: deployed`. */
  dokployUrl?: string;
  apiKey?: string;
  /** Both in a phrase: "'dokploy-url' and 'api-key'". */
  dokployServer?: string;
}

/** The action's subjects: its input names. */
export const INPUT_SUBJECTS: DetectSettingSubjects = {
  filters: "Input 'filters'",
  platforms: "input 'platforms'",
  select: "Input 'select'",
  environment: "Input 'environment'",
  listFiles: "Input 'list-files'",
  initialFetchDepth: "Input 'initial-fetch-depth'",
  predicateQuantifier: "Input 'predicate-quantifier'",
  since: "Input 'since'",
};

/** Inputs masked before anything else runs. */
export const SECRET_INPUTS = ['token', 'api-key'] as const;

/**
 * The finished settings from typed values: defaults filled in, every rule checked (something to
 * detect with, a selection and environment the manifest knows, no filter shadowing a platform).
 * @throws InputError naming the setting as `subjects` says
 */
export function resolveSettings(
  input: Partial<DetectSettings> & Pick<DetectSettings, 'workingDirectory'>,
  subjects: DetectSettingSubjects = INPUT_SUBJECTS,
): DetectSettings {
  const settings: DetectSettings = {
    ...DEFAULT_SETTINGS,
    ...withDefined(input),
    workingDirectory: input.workingDirectory,
  };
  settings.select = settings.select.map((name) => name.trim()).filter((name) => name !== '');
  settings.environment = settings.environment.trim();
  if (!LIST_FILES.includes(settings.listFiles))
    throw new InputError(subjects.listFiles, settings.listFiles, `use one of ${LIST_FILES.join(', ')}`);
  if (!PREDICATE_QUANTIFIERS.includes(settings.predicateQuantifier)) {
    throw new InputError(
      subjects.predicateQuantifier,
      settings.predicateQuantifier,
      `use one of ${PREDICATE_QUANTIFIERS.join(', ')}`,
    );
  }
  const depth = settings.initialFetchDepth;
  if (!Number.isSafeInteger(depth) || depth < 1 || depth > MAX_INITIAL_FETCH_DEPTH) {
    throw new InputError(
      subjects.initialFetchDepth,
      String(depth),
      `use a whole number from 1 to ${MAX_INITIAL_FETCH_DEPTH}`,
    );
  }
  if (settings.since === 'deployed' && (settings.dokployUrl === '' || settings.apiKey === '')) {
    throw new InputError(
      subjects.since ?? "Input 'since'",
      'deployed',
      `needs ${subjects.dokployServer ?? "'dokploy-url' and 'api-key'"} (the deployed commits are read from Dokploy)`,
    );
  }
  if (settings.since === 'deployed' && !settings.manifest) {
    throw new InputError(
      subjects.since ?? "Input 'since'",
      'deployed',
      `needs a platforms manifest (${subjects.platforms})`,
    );
  }
  if (settings.since === 'deployed') {
    // The deploy action's own rules for the server (an http(s) address, no credentials; /api dropped).
    settings.dokployUrl = resolveServerSettings(
      { dokployUrl: settings.dokployUrl, apiKey: settings.apiKey },
      {
        ...DEPLOY_SUBJECTS,
        dokployUrl: subjects.dokployUrl ?? DEPLOY_SUBJECTS.dokployUrl,
        apiKey: subjects.apiKey ?? DEPLOY_SUBJECTS.apiKey,
      },
    ).dokployUrl;
  }
  const { manifest, filters, select, environment } = settings;
  if (!filters && !manifest) {
    throw new InputError(
      subjects.filters,
      undefined,
      `is required when there is no platforms manifest (no ${subjects.platforms} and no ${DEFAULT_MANIFEST_PATH}); give dorny-style filters or a manifest`,
    );
  }
  if (manifest) {
    checkAgainstManifest(manifest, settings, subjects);
    // An `after:` naming a stage or platform the manifest lacks fails here, before any git.
    if (settings.separation) separationStage(settings.separation, manifest);
  } else if (select.length > 0 || environment) {
    throw new InputError(
      select.length > 0 ? subjects.select : subjects.environment,
      undefined,
      `needs a platforms manifest (${subjects.platforms})`,
    );
  }
  return settings;
}

/**
 * Turns the action's input strings into settings, in dorny's order (list-files, quantifier, filters)
 * and before any git; files are read relative to `working-directory`.
 *
 * @param read - returns an input's raw value ('' when absent)
 * @param cwd - the step's working directory
 * @throws InputError naming the input for any invalid value
 */
export function readSettings(read: InputReader, cwd: string): DetectSettings {
  const workingDirectory = readWorkingDirectory(read('working-directory'), cwd);
  // dorny lower-cases list-files (so CSV works) but not the quantifier.
  const listFiles = parseEnum(
    'list-files',
    read('list-files').toLowerCase(),
    LIST_FILES,
    DEFAULT_SETTINGS.listFiles,
  );
  const predicateQuantifier = parseEnum(
    'predicate-quantifier',
    read('predicate-quantifier'),
    PREDICATE_QUANTIFIERS,
    DEFAULT_SETTINGS.predicateQuantifier,
  );
  const initialFetchDepth = parseInteger(
    'initial-fetch-depth',
    read('initial-fetch-depth'),
    DEFAULT_SETTINGS.initialFetchDepth,
    1,
    MAX_INITIAL_FETCH_DEPTH,
  );
  const filters = readFiltersInput(INPUT_SUBJECTS.filters, read('filters'), workingDirectory);
  const platformsInput = read('platforms');
  // With dorny-style filters and no 'platforms' input the step is a dorny/paths-filter drop-in: a
  // .github/platforms.yml in the repository is not read, so it adds no outputs and no failures.
  const manifest =
    filters && platformsInput.trim() === ''
      ? undefined
      : readManifestFile("Input 'platforms'", platformsInput, workingDirectory);
  const text = (name: string): string | undefined => read(name).trim() || undefined;
  const specInput = read('separation-spec');
  if (!manifest && specInput.trim() !== '') {
    throw inputError('separation-spec', specInput, "needs a platforms manifest (input 'platforms')");
  }
  const separation = manifest
    ? readSeparationPlacementInput("Input 'separation-spec'", specInput, workingDirectory)
    : undefined;
  const dokployUrl = read('dokploy-url').trim();
  const apiKey = read('api-key').trim();
  // Deployed by default once detect can read Dokploy (and there is a manifest to plan with).
  const since = parseEnum(
    'since',
    read('since'),
    SINCE,
    dokployUrl !== '' && apiKey !== '' && manifest ? 'deployed' : DEFAULT_SETTINGS.since,
  );
  return resolveSettings({
    since,
    dokployUrl,
    apiKey,
    workingDirectory,
    filters,
    manifest,
    select: parseList(read('select')),
    environment: text('environment'),
    base: text('base'),
    ref: text('ref'),
    token: text('token'),
    listFiles,
    initialFetchDepth,
    predicateQuantifier,
    separation,
  });
}

/**
 * Dorny-style filters given inline or as a file relative to `cwd`; `undefined` when `value` is empty.
 * @throws InputError naming `subject` for a missing file, or the filter when invalid
 */
export function readFiltersInput(subject: string, value: string, cwd: string): Filter[] | undefined {
  return value.trim() === '' ? undefined : parseFilters(readInlineOrFile(subject, value, cwd).text);
}

/**
 * The manifest given inline or as a file relative to `cwd`, else `.github/platforms.yml` if present;
 * `undefined` when neither.
 * @throws InputError naming `subject` for a missing file, or the manifest's field when invalid
 */
export function readManifestFile(subject: string, value: string, cwd: string): Manifest | undefined {
  const text = readManifestInput(subject, value, cwd);
  return text ? parseManifest(text.text, text.source) : undefined;
}

function readWorkingDirectory(value: string, cwd: string): string {
  if (value.trim() === '') return cwd;
  const dir = resolve(cwd, value.trim());
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw inputError('working-directory', value, `no such directory (relative to ${cwd})`);
  }
  return dir;
}

function checkAgainstManifest(
  manifest: Manifest,
  input: { select: string[]; environment: string; filters: Filter[] | undefined },
  subjects: DetectSettingSubjects,
): void {
  const names = manifest.platforms.map((p) => p.name);
  const unknown = input.select.find(
    (name) => !(name === 'all' && input.select.length === 1) && !names.includes(name),
  );
  if (unknown !== undefined) {
    throw new InputError(
      subjects.select,
      input.select.join(','),
      `'${unknown}' is not a platform; use all or a comma list of ${names.join(', ')}`,
    );
  }
  const environments = [...new Set(Object.values(manifest.environments))];
  if (input.environment && !environments.includes(input.environment)) {
    throw new InputError(
      subjects.environment,
      input.environment,
      `use one of the manifest's environments: ${environments.join(', ')}`,
    );
  }
  const clash = input.filters?.find((f) => names.includes(f.name));
  if (clash) {
    throw new InputError(
      subjects.filters,
      undefined,
      `filter '${clash.name}' and platform '${clash.name}' would both write output '${clash.name}'; rename one`,
    );
  }
}
