import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, inputError } from '../lib/errors.js';
import { parseEnum, parseInteger, parseList, type InputReader } from '../lib/input.js';
import { readInlineOrFile } from '../lib/inline-or-file.js';
import { DEFAULT_MANIFEST_PATH, parseManifest, readManifestInput } from '../lib/manifest.js';
import type { Manifest } from '../lib/platform.js';
import { parseFilters, PREDICATE_QUANTIFIERS, type Filter, type PredicateQuantifier } from './filters.js';
import { LIST_FILES, type ListFiles } from './list-format.js';

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
}

/** Defaults, repeated in action.yml (a test keeps them in line). */
export const DEFAULTS = {
  filters: '',
  platforms: '',
  select: '',
  environment: '',
  base: '',
  ref: '',
  token: '',
  'working-directory': '',
  'list-files': 'none',
  'initial-fetch-depth': '100',
  'predicate-quantifier': 'some',
} as const;

/** Inputs masked before anything else runs. */
export const SECRET_INPUTS = ['token'] as const;

/**
 * Reads and validates every input, in dorny's order (list-files, quantifier, filters) and before any git.
 *
 * @param read - returns an input's raw value ('' when absent)
 * @param cwd - the step's working directory
 * @throws InputError naming the input for any invalid value
 */
export function readSettings(read: InputReader, cwd: string): DetectSettings {
  const workingDirectory = readWorkingDirectory(read('working-directory'), cwd);
  // dorny lower-cases list-files (so CSV works) but not the quantifier.
  const listFiles = parseEnum('list-files', read('list-files').toLowerCase(), LIST_FILES, 'none');
  const predicateQuantifier = parseEnum(
    'predicate-quantifier',
    read('predicate-quantifier'),
    PREDICATE_QUANTIFIERS,
    'some',
  );
  const initialFetchDepth = parseInteger('initial-fetch-depth', read('initial-fetch-depth'), 100, 1);
  const filtersInput = read('filters');
  const filters =
    filtersInput.trim() === ''
      ? undefined
      : parseFilters(readInlineOrFile('filters', filtersInput, workingDirectory).text);
  const platformsInput = read('platforms');
  // With dorny-style filters and no 'platforms' input the step is a dorny/paths-filter drop-in: a
  // .github/platforms.yml in the repository is not read, so it adds no outputs and no failures.
  const manifestText =
    filters && platformsInput.trim() === ''
      ? undefined
      : readManifestInput('platforms', platformsInput, workingDirectory);
  const manifest = manifestText ? parseManifest(manifestText.text, manifestText.source) : undefined;
  if (!filters && !manifest) {
    throw inputError(
      'filters',
      undefined,
      `is required when there is no platforms manifest (no 'platforms' input and no ${DEFAULT_MANIFEST_PATH}); give dorny-style filters or a manifest`,
    );
  }
  const select = parseList(read('select'));
  const environment = read('environment').trim();
  if (manifest) checkAgainstManifest(manifest, { select, environment, filters });
  else if (select.length > 0 || environment) {
    throw inputError(
      select.length > 0 ? 'select' : 'environment',
      undefined,
      'needs a platforms manifest (input platforms)',
    );
  }
  return {
    workingDirectory,
    filters,
    manifest,
    select,
    environment,
    base: read('base').trim(),
    ref: read('ref').trim(),
    token: read('token').trim(),
    listFiles,
    initialFetchDepth,
    predicateQuantifier,
  };
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
): void {
  const names = manifest.platforms.map((p) => p.name);
  const unknown = input.select.find(
    (name) => !(name === 'all' && input.select.length === 1) && !names.includes(name),
  );
  if (unknown !== undefined) {
    throw new InputError(
      "Input 'select'",
      input.select.join(','),
      `'${unknown}' is not a platform; use all or a comma list of ${names.join(', ')}`,
    );
  }
  const environments = [...new Set(Object.values(manifest.environments))];
  if (input.environment && !environments.includes(input.environment)) {
    throw inputError(
      'environment',
      input.environment,
      `use one of the manifest's environments: ${environments.join(', ')}`,
    );
  }
  const clash = input.filters?.find((f) => names.includes(f.name));
  if (clash) {
    throw inputError(
      'filters',
      undefined,
      `filter '${clash.name}' and platform '${clash.name}' would both write output '${clash.name}'; rename one`,
    );
  }
}
