import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_SETTINGS,
  readSettings,
  resolveSettings,
  SECRET_INPUTS,
} from '../../src/detect-changed-platforms/settings.js';
import { parseFilters } from '../../src/detect-changed-platforms/filters.js';
import { parseManifest } from '../../src/lib/manifest.js';
import { ROOT } from '../support/bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'detect-settings-'));
writeFileSync(join(dir, 'filters.yml'), "src: 'src/**'\n");
symlinkSync(join(dir, 'filters.yml'), join(dir, 'link.yml'));
mkdirSync(join(dir, 'sub'));
const MANIFEST =
  'platforms:\n  web: { paths: [web/**], deploy: { kind: application, staging: { id: w } } }\n  api: { paths: [api/**] }\n';

const read = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readSettings', () => {
  it('applies the defaults and reads a filters file relative to working-directory', () => {
    const settings = readSettings(read({ filters: 'filters.yml' }), dir);
    expect(settings).toMatchObject({
      workingDirectory: dir,
      listFiles: 'none',
      predicateQuantifier: 'some',
      initialFetchDepth: 100,
      select: [],
      environment: '',
      manifest: undefined,
    });
    expect(settings.filters?.map((f) => f.name)).toEqual(['src']);
    expect(
      readSettings(read({ filters: '../filters.yml', 'working-directory': 'sub' }), dir).workingDirectory,
    ).toBe(join(dir, 'sub'));
  });

  it('lower-cases list-files like dorny, but not the quantifier', () => {
    expect(readSettings(read({ filters: 'x: a', 'list-files': 'CSV' }), dir).listFiles).toBe('csv');
    expect(() => readSettings(read({ filters: 'x: a', 'predicate-quantifier': 'EVERY' }), dir)).toThrow(
      "Input 'predicate-quantifier' is 'EVERY': use one of some, every",
    );
  });

  it('reads select and environment against the manifest', () => {
    const settings = readSettings(
      read({ platforms: MANIFEST, select: 'web, api', environment: 'staging' }),
      dir,
    );
    expect(settings.select).toEqual(['web', 'api']);
    expect(settings.environment).toBe('staging');
    expect(settings.manifest?.platforms.map((p) => p.name)).toEqual(['web', 'api']);
  });

  it.each([
    [
      { filters: 'x: a', 'list-files': 'xml' },
      "Input 'list-files' is 'xml': use one of none, csv, json, shell, escape",
    ],
    [
      { filters: 'x: a', 'initial-fetch-depth': 'lots' },
      "Input 'initial-fetch-depth' is 'lots': use a whole number from 1 to 1000000",
    ],
    [
      { filters: 'x: a', 'initial-fetch-depth': '0' },
      "Input 'initial-fetch-depth' is '0': use a whole number from 1 to 1000000",
    ],
    [
      { filters: 'missing.yml' },
      `Input 'filters' is 'missing.yml': no such file (relative to ${dir}); give a path or inline YAML`,
    ],
    [
      { filters: 'link.yml' },
      "Input 'filters' is 'link.yml': is not a regular file (directories and symlinks are refused)",
    ],
    [{ filters: 'x: [' }, /^Input 'filters': invalid filter YAML format: the YAML does not parse: /],
    [
      {},
      "Input 'filters': is required when there is no platforms manifest (no input 'platforms' and no .github/platforms.yml); give dorny-style filters or a manifest",
    ],
    [
      { filters: 'x: a', 'working-directory': 'nope' },
      `Input 'working-directory' is 'nope': no such directory (relative to ${dir})`,
    ],
    [
      { platforms: MANIFEST, select: 'web,shop' },
      "Input 'select' is 'web,shop': 'shop' is not a platform; use all or a comma list of web, api",
    ],
    [
      { platforms: MANIFEST, environment: 'prod' },
      "Input 'environment' is 'prod': use one of the manifest's environments: production, staging, development",
    ],
    [
      { platforms: MANIFEST, filters: "web: 'x/**'" },
      "Input 'filters': filter 'web' and platform 'web' would both write output 'web'; rename one",
    ],
    [{ filters: 'x: a', select: 'web' }, "Input 'select': needs a platforms manifest (input 'platforms')"],
    [
      { platforms: 'platforms:\n  a: { paths: a/**, needs: [b] }' },
      "Platforms manifest field 'platforms.a.needs' is 'b': not a platform of this manifest; use one of a",
    ],
    [
      { platforms: 'nowhere.yml' },
      `Input 'platforms' is 'nowhere.yml': no such file (relative to ${dir}); give a path or inline YAML`,
    ],
  ])('rejects %j with one clear line', (values, message) => {
    expect(() => readSettings(read(values as Record<string, string>), dir)).toThrow(message);
  });

  it('finds .github/platforms.yml by default', () => {
    const repo = mkdtempSync(join(tmpdir(), 'detect-default-'));
    mkdirSync(join(repo, '.github'));
    writeFileSync(join(repo, '.github', 'platforms.yml'), MANIFEST);
    expect(readSettings(read({}), repo).manifest?.source).toBe('.github/platforms.yml');
  });

  it('ignores .github/platforms.yml when filters are given without platforms, as a dorny drop-in', () => {
    const repo = mkdtempSync(join(tmpdir(), 'detect-default-'));
    mkdirSync(join(repo, '.github'));
    writeFileSync(join(repo, '.github', 'platforms.yml'), MANIFEST);
    expect(readSettings(read({ filters: "x: 'src/**'" }), repo).manifest).toBeUndefined();
    expect(() => readSettings(read({ filters: "x: 'src/**'", select: 'web' }), repo)).toThrow(
      "Input 'select': needs a platforms manifest (input 'platforms')",
    );
    const both = readSettings(read({ filters: "x: 'src/**'", platforms: '.github/platforms.yml' }), repo);
    expect([both.filters?.map((f) => f.name), both.manifest?.source]).toEqual([
      ['x'],
      '.github/platforms.yml',
    ]);
  });
});

describe('separation-spec', () => {
  const repo = mkdtempSync(join(tmpdir(), 'detect-separation-'));
  mkdirSync(join(repo, '.github'));
  writeFileSync(join(repo, '.github', 'platforms.yml'), MANIFEST);
  const specText = 'after: [web]\nplatforms: { web: {}, api: {} }\n';

  it('reads .github/separation.yml when present, a named spec otherwise; none is no separation', () => {
    expect(readSettings(read({}), repo).separation).toBeUndefined();
    writeFileSync(join(repo, 'sep.yml'), specText);
    expect(readSettings(read({ 'separation-spec': 'sep.yml' }), repo).separation).toEqual({
      after: ['web'],
      platforms: ['web', 'api'],
      source: 'sep.yml',
    });
    writeFileSync(join(repo, '.github', 'separation.yml'), specText);
    expect(readSettings(read({}), repo).separation?.source).toBe('.github/separation.yml');
    // A dorny drop-in (filters, no manifest) reads no spec.
    expect(readSettings(read({ filters: "x: 'src/**'" }), repo).separation).toBeUndefined();
  });

  it.each([
    [{ 'separation-spec': 'missing.yml' }, "Input 'separation-spec' is 'missing.yml': no such file"],
    [
      { filters: "x: 'src/**'", 'separation-spec': 'sep.yml' },
      "Input 'separation-spec' is 'sep.yml': needs a platforms manifest (input 'platforms')",
    ],
    [
      { 'separation-spec': 'after: [worker]\nplatforms: { web: {}, api: {} }' },
      "Separation spec field 'after' is 'worker': use the manifest's platforms: web, api",
    ],
  ])('rejects %j with one clear line', (values, message) => {
    writeFileSync(join(repo, 'sep.yml'), specText);
    expect(() => readSettings(read(values as Record<string, string>), repo)).toThrow(message);
  });
});

describe('action.yml and DEFAULT_SETTINGS agree', () => {
  const action = parse(
    readFileSync(join(ROOT, 'actions', 'detect-changed-platforms', 'action.yml'), 'utf8'),
  ) as {
    inputs: Record<string, { default?: string; description: string }>;
    runs: { using: string; main: string };
  };

  it('every input is read by readSettings, and its default string gives DEFAULT_SETTINGS', () => {
    const asked = new Set<string>();
    const given = (name: string): string => (name === 'filters' ? 'x: a' : '');
    readSettings((name) => (asked.add(name), given(name)), dir);
    expect(Object.keys(action.inputs).sort()).toEqual([...asked].sort());
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
    // The token's default is an expression the runner fills in; the rest are read as the runner passes them.
    expect(action.inputs.token?.default).toBe('${{ github.token }}');
    const fromYaml = readSettings(
      (name) => given(name) || (name === 'token' ? '' : (action.inputs[name]?.default ?? '')),
      dir,
    );
    const { filters, workingDirectory, ...rest } = fromYaml;
    expect([filters?.map((f) => f.name), workingDirectory]).toEqual([['x'], dir]);
    expect(rest).toEqual({ ...DEFAULT_SETTINGS, filters: undefined });
    expect(readSettings(given, dir)).toEqual(fromYaml);
    expect(SECRET_INPUTS).toEqual(['token', 'api-key']);
  });

  it('runs on node24 from the committed bundle', () => {
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/detect-changed-platforms/index.js' });
  });
});

describe('resolveSettings (typed callers: the plan and pipeline commands)', () => {
  const subjects = {
    filters: 'Option --filters',
    platforms: '--manifest',
    select: 'Option --select',
    environment: 'Option --environment',
    listFiles: 'Option --list-files',
    initialFetchDepth: 'Option --depth',
    predicateQuantifier: 'Option --quantifier',
  };
  const manifest = parseManifest(MANIFEST, 'platforms.yml');
  const filters = parseFilters("src: 'src/**'");

  it('fills in the defaults and trims what a flag may carry', () => {
    expect(
      resolveSettings({ workingDirectory: dir, manifest, select: [' web ', ''], environment: ' staging ' }),
    ).toEqual({
      ...DEFAULT_SETTINGS,
      workingDirectory: dir,
      manifest,
      select: ['web'],
      environment: 'staging',
    });
  });

  it.each([
    [
      {},
      'Option --filters: is required when there is no platforms manifest (no --manifest and no .github/platforms.yml); give dorny-style filters or a manifest',
    ],
    [{ filters, select: ['web'] }, 'Option --select: needs a platforms manifest (--manifest)'],
    [{ filters, environment: 'staging' }, 'Option --environment: needs a platforms manifest (--manifest)'],
    [
      { manifest, select: ['web', 'nope'] },
      "Option --select is 'web,nope': 'nope' is not a platform; use all or a comma list of web, api",
    ],
    [
      { manifest, select: ['all', 'web'] },
      "Option --select is 'all,web': 'all' is not a platform; use all or a comma list of web, api",
    ],
    [
      { manifest, environment: 'qa' },
      "Option --environment is 'qa': use one of the manifest's environments: production, staging, development",
    ],
    [
      { manifest, filters: parseFilters("web: 'x/**'") },
      "Option --filters: filter 'web' and platform 'web' would both write output 'web'; rename one",
    ],
    [{ filters, initialFetchDepth: 0 }, "Option --depth is '0': use a whole number from 1 to 1000000"],
    [{ filters, initialFetchDepth: 1.5 }, "Option --depth is '1.5': use a whole number from 1 to 1000000"],
    [
      { filters, listFiles: 'xml' as 'none' },
      "Option --list-files is 'xml': use one of none, csv, json, shell, escape",
    ],
    [
      { filters, predicateQuantifier: 'any' as 'some' },
      "Option --quantifier is 'any': use one of some, every",
    ],
  ])('refuses %j with the subject the caller named', (input, message) => {
    expect(() => resolveSettings({ workingDirectory: dir, ...input }, subjects)).toThrow(message);
  });
});
