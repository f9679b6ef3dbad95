/**
 * Where the separation checks run in a staged deploy: the separation spec's `after:` (a stage
 * number, or platforms whose stage the checks follow) and the platforms it names. Read by detect
 * (its `separation-stage` output places the template's separation job), the `pipeline` command and
 * run-e2e-separation's spec parser, without the rest of the spec (URLs, markers) it does not need.
 */
import { readInlineOrFileOrDefault, type InlineOrFile } from './inline-or-file.js';
import { YamlFields } from './yaml-fields.js';
import { parseYaml } from './yaml.js';
import type { Manifest } from './platform.js';

/** The path detect and the `pipeline` command read when no spec is named. */
export const DEFAULT_SEPARATION_SPEC_PATH = '.github/separation.yml';

/** The stage the checks follow when the spec has no `after:`: the seed's, after the platforms' stage. */
export const DEFAULT_SEPARATION_AFTER = 1;

/** What the separation spec says about its place. */
export interface SeparationPlacement {
  /** `after:`: a stage number, platform names, or undefined (the default stage). */
  after: number | string[] | undefined;
  /** The spec's platforms (its `platforms:` keys). */
  platforms: string[];
  /** Where the spec came from (a path, or 'inline'). */
  source: string;
}

/** Where the checks run in one plan. */
export interface PlannedSeparation {
  /** The stage they follow. */
  afterStage: number;
  /** The spec's platforms (all of them are checked, pair by pair). */
  platforms: string[];
}

/**
 * The spec named by `value` (a path relative to `cwd`, or inline YAML), else .github/separation.yml
 * when present; undefined when neither (then no separation check runs).
 * @throws InputError naming `subject` for a named file that is missing, or the spec's field
 */
export function readSeparationPlacementInput(
  subject: string,
  value: string,
  cwd: string,
): SeparationPlacement | undefined {
  const spec = readSeparationSpecInput(subject, value, cwd);
  return spec && readSeparationPlacement(spec.text, spec.source);
}

/** The spec's text: `value` (a path or inline YAML), else .github/separation.yml when present. */
export function readSeparationSpecInput(
  subject: string,
  value: string,
  cwd: string,
): InlineOrFile | undefined {
  return readInlineOrFileOrDefault(
    subject,
    value,
    cwd,
    DEFAULT_SEPARATION_SPEC_PATH,
    'the path of the separation spec or inline YAML',
  );
}

/**
 * Reads `after:` and the platform names of a spec; the shape only (the names are checked against a
 * manifest by `separationStage`).
 * @throws InputError naming the field for invalid YAML, a spec without a `platforms` mapping, or an
 *   `after:` that is neither a whole number ≥ 0 nor a list of names
 * @example readSeparationPlacement('after: [web]\nplatforms: { web: {}, api: {} }', 'inline').after // ['web']
 */
export function readSeparationPlacement(text: string, source: string): SeparationPlacement {
  const field = new YamlFields('Separation spec', source);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    field.failDocument(`invalid YAML: ${(error as Error).message}`);
  }
  const root = field.mapping(doc, '');
  const platforms = Object.keys(field.mapping(root.platforms, 'platforms'));
  return { after: readSeparationAfter(field, root.after), platforms, source };
}

/** The spec's `after:` field (the spec parser checks it with the rest of the spec). */
export function readSeparationAfter(field: YamlFields, node: unknown): SeparationPlacement['after'] {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'number') {
    if (Number.isInteger(node) && node >= 0) return node;
  } else if (typeof node === 'string' || Array.isArray(node)) {
    const names = field.stringOrList(node, 'after');
    if (names.length > 0) return names;
  }
  return field.fail(
    'after',
    typeof node === 'object' ? undefined : String(node),
    'use a stage number such as 1, or the platforms the checks follow, such as [bizoholic, coreldove]',
  );
}

/**
 * The stage the checks follow in `manifest`: `after:` itself, the highest stage of the platforms it
 * lists, or the default (stage 1, the last stage when there are fewer).
 * @throws InputError naming the field for a stage the manifest does not have or a name it does not know
 * @example separationStage({ after: ['web'], platforms: [], source: 's' }, manifest) // web's stage
 */
export function separationStage(placement: SeparationPlacement, manifest: Manifest): number {
  const field = new YamlFields('Separation spec', placement.source);
  const last = Math.max(0, manifest.stageCount - 1);
  const { after } = placement;
  if (after === undefined) return Math.min(DEFAULT_SEPARATION_AFTER, last);
  if (typeof after === 'number') {
    if (after > last) {
      field.fail('after', String(after), `the manifest's stages are 0 to ${last}`);
    }
    return after;
  }
  return Math.max(
    ...after.map((name, i) => {
      const platform = manifest.platforms.find((p) => p.name === name);
      if (platform) return platform.stage;
      return field.fail(
        after.length > 1 ? `after[${i}]` : 'after',
        name,
        `use the manifest's platforms: ${manifest.platforms.map((p) => p.name).join(', ')}`,
      );
    }),
  );
}

/**
 * Where the checks run for one plan: after their stage when the plan deploys a platform the spec
 * names; undefined when there is no spec or nothing of it deploys (then no check runs).
 */
export function planSeparation(
  placement: SeparationPlacement | undefined,
  manifest: Manifest,
  deploying: readonly string[],
): PlannedSeparation | undefined {
  if (!placement || !deploying.some((name) => placement.platforms.includes(name))) return undefined;
  return { afterStage: separationStage(placement, manifest), platforms: placement.platforms };
}
