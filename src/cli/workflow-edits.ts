/**
 * The text edits `init` makes to the workflows: the generated `# >>> marker` … `# <<< marker`
 * blocks (the id secrets, the e2e tokens) and pipeline.yml's push trigger. Edits are line-based and
 * touch nothing else, so comments and formatting survive; each is checked by parsing the result.
 */
import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../lib/errors.js';
import { triggerRefs } from '../lib/manifest.js';
import type { Manifest } from '../lib/platform.js';
import { parseYaml } from '../lib/yaml.js';

/** The workflows `init` installs: workflows-templates/<file> → .github/workflows/<file>. */
export const WORKFLOW_FILES = ['pipeline.yml', 'deploy-stage.yml', 'rollback.yml', 'monitor.yml'] as const;

/** The workflow whose push trigger follows the manifest's `environments:` keys. */
const TRIGGERED = 'pipeline.yml';

/** A kind of generated block in the templates: its marker, the seed line it repeats, and what it names. */
export interface TemplateBlock {
  /** Marker text after `# >>> ` and `# <<< `. */
  marker: string;
  /** The text naming the seed's first entry in the lines to repeat. */
  seed: string;
  /** Builds that text for another entry. */
  name(entry: string): string;
  /** Matches a line that belongs to one entry (all such lines are replaced). */
  perEntry: RegExp;
}

const upper = (platform: string): string => platform.toUpperCase().replace(/-/g, '_');

/**
 * The id secrets (in pipeline.yml, deploy-stage.yml and rollback.yml): one line per secret the
 * manifest names (`deploy.<environment>.secret`), repeated from the seed's first one.
 */
export const PROJECT_IDS: TemplateBlock = {
  marker: 'project ids',
  seed: 'DOKPLOY_INFRASTRUCTURE_PROD_ID',
  name: (secret) => secret,
  perEntry: /DOKPLOY_[A-Z0-9_]+_(PROD|STAGING|DEV)_ID/,
};

/** The separation test credentials, one per application platform (in pipeline.yml and monitor.yml). */
export const E2E_TOKENS: TemplateBlock = {
  marker: 'e2e tokens',
  seed: 'BIZOHOLIC_E2E_TOKEN',
  name: (platform) => `${upper(platform)}_E2E_TOKEN`,
  perEntry: /[A-Z0-9_]+_E2E_TOKEN/,
};

/**
 * A workflow template fitted to a manifest: its id blocks pass the secrets the manifest names, its
 * e2e token blocks one token per application platform, and pipeline.yml's push trigger runs on the
 * manifest's `environments:` keys.
 * @param file - the template's file name (workflows-templates/<file>)
 * @throws InputError when the manifest maps no branch or tag (a push would never deploy)
 */
export function fitTemplate(template: string, file: string, manifest: Manifest): string {
  return fitTrigger(fitBlocks(template, manifest), file, manifest, file);
}

/**
 * An installed workflow fitted to a manifest, as `fitTemplate` does, changing nothing but the
 * generated blocks (taken from the template) and the push trigger.
 * @param path - where the workflow is (its file name says which template it comes from)
 * @throws InputError as `fitTemplate`, `spliceBlocks` and `rewriteTrigger` do
 */
export function fitWorkflow(text: string, template: string, path: string, manifest: Manifest): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return fitTrigger(spliceBlocks(text, fitBlocks(template, manifest), path), file, manifest, path);
}

/** Every secret the manifest names for a Dokploy id (`deploy.<environment>.secret`), once, in its order. */
export function manifestSecrets(manifest: Manifest): string[] {
  const secrets = manifest.platforms.flatMap((p) => Object.values(p.targets).map((t) => t.secret));
  return [...new Set(secrets.filter((s): s is string => s !== undefined))];
}

/**
 * Rewrites every `# >>> <marker>` … `# <<< <marker>` block of a template for other entries: the
 * block's lines that name the seed's entry are the pattern, repeated per entry; the seed's other
 * entries' lines are dropped; lines that name no entry are kept in place.
 * @throws Error when a block has no line to repeat (a template edited by hand)
 */
export function rewriteBlocks(text: string, block: TemplateBlock, entries: string[]): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i] as string);
    if (!(lines[i] as string).includes(`# >>> ${block.marker}`)) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] as string).includes(`# <<< ${block.marker}`); i++)
      body.push(lines[i] as string);
    const pattern = body.filter((l) => l.includes(block.seed));
    if (pattern.length === 0) throw new Error(`a ${block.marker} block has no ${block.seed} line to repeat`);
    const first = body.findIndex((l) => block.perEntry.test(l));
    const last = body.length - 1 - [...body].reverse().findIndex((l) => block.perEntry.test(l));
    out.push(...body.slice(0, first));
    for (const entry of entries) out.push(...pattern.map((l) => l.replaceAll(block.seed, block.name(entry))));
    out.push(...body.slice(last + 1));
    if (i < lines.length) out.push(lines[i] as string);
  }
  return out.join('\n');
}

/**
 * Replaces the body of every generated block in `text` by the body of its block in `generated` (the
 * template rewritten for the manifest): the n-th block with the same `# >>> …` line (else the n-th of
 * the same name, else the first), re-indented to where the block stands in `text`. Everything outside
 * the blocks is kept as it is.
 * @param file - the workflow's path, for messages
 * @throws InputError for a block the template does not have, or one that is never closed
 */
export function spliceBlocks(text: string, generated: string, file: string): string {
  const source = generated.split('\n');
  const templateBlocks = findBlocks(source, file);
  const lines = text.split('\n');
  const out: string[] = [];
  const seen = new Map<string, number>();
  const nth = (key: string): number => {
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n;
  };
  let next = 0;
  for (const block of findBlocks(lines, file)) {
    // Blocks pair up by position (deploy-stage.yml has two of one line with different bodies). A job
    // removed from the workflow leaves fewer; pipeline.yml's differ only in indentation, so any serves.
    const sameLine = templateBlocks.filter((b) => b.marker === block.marker);
    const sameName = templateBlocks.filter((b) => b.name === block.name);
    const byLine = nth(`line ${block.marker}`);
    const byName = nth(`name ${block.name}`);
    const replacement = sameLine[byLine] ?? sameName[byName] ?? sameLine[0] ?? sameName[0];
    if (!replacement) {
      throw new InputError(
        `Workflow ${file}`,
        undefined,
        `line ${block.open + 1} opens '# >>> ${block.marker}', a block the kit's template does not have: remove the marker, or rerun init --force`,
      );
    }
    const shift = block.indent - replacement.indent;
    out.push(...lines.slice(next, block.open + 1));
    out.push(...source.slice(replacement.open + 1, replacement.close).map((l) => reindent(l, shift)));
    next = block.close;
  }
  out.push(...lines.slice(next));
  return out.join('\n');
}

/** The branches and tags a push trigger filters on (names or globs, as the manifest writes them). */
export interface TriggerRefs {
  branches: string[];
  tags: string[];
}

/**
 * Rewrites the `branches:` and `tags:` of the workflow's `on.push` to `refs` (flow lists; a kind
 * with no entries is left out, so a manifest of branches only runs on no tag). The other filters of
 * `push:`, the comments around them and the rest of the file are kept.
 * @param file - the workflow's path, for messages
 * @throws InputError when the file has no `on:` mapping with `push:`, or the edit would change more
 *   than the trigger
 */
export function rewriteTrigger(text: string, refs: TriggerRefs, file: string): string {
  const fail = (hint: string): never => {
    throw new InputError(`Workflow ${file}`, undefined, hint);
  };
  const lines = text.split('\n');
  const on = lines.findIndex((l) => /^(on|'on'|"on")\s*:\s*(#.*)?$/.test(l));
  if (on < 0) fail("has no 'on:' mapping at the top: write on: followed by push: on lines of their own");
  const push = childLine(lines, on, /^push\s*:\s*(#.*)?$/);
  if (push < 0) fail("has no 'push:' under 'on:' (on a line of its own): add push: with branches: to it");
  const end = blockEnd(lines, push);
  const first = lines.slice(push + 1, end).find(isContent);
  const indent = first === undefined ? indentOf(lines[push] as string) + 2 : indentOf(first);
  const kept: string[] = [];
  let at = -1;
  for (let i = push + 1; i < end; i++) {
    const line = lines[i] as string;
    if (indentOf(line) !== indent || !/^\s*(branches|tags)\s*:/.test(line)) {
      kept.push(line);
      continue;
    }
    if (at < 0) at = kept.length;
    // The pair ends at its last continuation line; comments after it belong to what follows.
    for (let j = i + 1; j < end; j++) {
      if (!isContent(lines[j] as string)) continue;
      if (!isContinuation(lines[j] as string, indent)) break;
      i = j;
    }
  }
  const ignore = kept.find((l) => indentOf(l) === indent && /^\s*(branches|tags)-ignore\s*:/.test(l));
  if (ignore !== undefined) {
    fail(
      `its on.push has ${ignore.trim().split(':')[0]}:, which GitHub refuses beside branches: and tags:; remove it (the manifest's keys decide)`,
    );
  }
  const pad = ' '.repeat(indent);
  const filters = [
    ...(refs.branches.length > 0 ? [`${pad}branches: ${flowList(refs.branches)}`] : []),
    ...(refs.tags.length > 0 ? [`${pad}tags: ${flowList(refs.tags)}`] : []),
  ];
  kept.splice(at < 0 ? 0 : at, 0, ...filters);
  const result = [...lines.slice(0, push + 1), ...kept, ...lines.slice(end)].join('\n');
  if (!triggerOnlyChanged(text, result, refs)) {
    fail(
      "its 'on.push' could not be rewritten line by line: set branches: and tags: by hand (see workflows-templates/README.md)",
    );
  }
  return result;
}

function fitBlocks(template: string, manifest: Manifest): string {
  const applications = manifest.platforms.filter((p) => p.kind === 'application').map((p) => p.name);
  return rewriteBlocks(
    rewriteBlocks(template, PROJECT_IDS, manifestSecrets(manifest)),
    E2E_TOKENS,
    applications,
  );
}

function fitTrigger(text: string, file: string, manifest: Manifest, path: string): string {
  if (file !== TRIGGERED) return text;
  const refs = triggerRefs(manifest);
  if (refs.branches.length === 0 && refs.tags.length === 0) {
    throw new InputError(
      `Platforms manifest '${manifest.source}'`,
      undefined,
      'maps no branch or tag to an environment, so no push would deploy: add one under environments:, e.g. main: production',
    );
  }
  return rewriteTrigger(text, refs, path);
}

/** A generated block: its `# >>> ` and `# <<< ` lines, the text after `# >>> `, its name and indentation. */
interface Block {
  open: number;
  close: number;
  marker: string;
  name: string;
  indent: number;
}

function findBlocks(lines: string[], file: string): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*# >>> (.*\S)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const name = (open[1] as string).split(/[:(]/)[0]!.trim();
    const close = lines.findIndex((l, j) => j > i && l.trim().startsWith(`# <<< ${name}`));
    if (close < 0) {
      throw new InputError(
        `Workflow ${file}`,
        undefined,
        `the block opened at line ${i + 1} ('# >>> ${name}') has no '# <<< ${name}' line: restore it`,
      );
    }
    blocks.push({ open: i, close, marker: open[1] as string, name, indent: indentOf(lines[i] as string) });
    i = close;
  }
  return blocks;
}

/** A filter list as a YAML flow sequence: plain where that reads back as the same string, else single-quoted. */
function flowList(names: string[]): string {
  return `[${names.map((name) => flowScalar(filterPattern(name))).join(', ')}]`;
}

/**
 * A git ref name in GitHub's filter syntax: `+` (one or more of the preceding character) and a
 * leading `!` (negation) are literal in the manifest's keys, so they are escaped.
 */
function filterPattern(name: string): string {
  return name.replace(/\+/g, '\\+').replace(/^!/, '\\!');
}

function flowScalar(text: string): string {
  // `1.0`, `true` or `null` would read back as a number, a boolean or nothing.
  const plain = /^[A-Za-z0-9_][\w./*-]*$/.test(text) && isDeepStrictEqual(parseYaml(`[${text}]`), [text]);
  return plain ? text : `'${text.replaceAll("'", "''")}'`;
}

/** True when `after` differs from `before` in on.push.branches and on.push.tags only, and has `refs` there. */
function triggerOnlyChanged(before: string, after: string, refs: TriggerRefs): boolean {
  type Doc = { on?: { push?: Record<string, unknown> | null } };
  let a: Doc;
  let b: Doc;
  try {
    a = parseYaml(before) as Doc;
    b = parseYaml(after) as Doc;
  } catch {
    return false;
  }
  const push = b?.on?.push ?? {};
  const wanted = (list: string[]): string[] | undefined =>
    list.length > 0 ? list.map(filterPattern) : undefined;
  if (!isDeepStrictEqual(push.branches, wanted(refs.branches))) return false;
  if (!isDeepStrictEqual(push.tags, wanted(refs.tags))) return false;
  const strip = (doc: Doc): Doc => {
    const copy = structuredClone(doc);
    const on = copy?.on;
    if (on?.push && typeof on.push === 'object') {
      delete on.push.branches;
      delete on.push.tags;
      // `push:` with nothing else under it reads as null.
      if (Object.keys(on.push).length === 0) on.push = null;
    }
    return copy;
  };
  return isDeepStrictEqual(strip(a), strip(b));
}

/** The line of the direct child `key` of the mapping whose key is on line `parent` (-1 when none). */
function childLine(lines: string[], parent: number, key: RegExp): number {
  const end = blockEnd(lines, parent);
  const first = lines.slice(parent + 1, end).find(isContent);
  if (first === undefined) return -1;
  const indent = indentOf(first);
  for (let i = parent + 1; i < end; i++) {
    const line = lines[i] as string;
    if (indentOf(line) === indent && key.test(line.trim())) return i;
  }
  return -1;
}

/** The index after the last line of the block under line `start` (its more-indented lines). */
function blockEnd(lines: string[], start: number): number {
  const indent = indentOf(lines[start] as string);
  let end = start + 1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!isContent(line)) continue;
    if (indentOf(line) <= indent) break;
    end = i + 1;
  }
  return end;
}

/** A line of the value of a key at `indent`: more indented, or a `- ` item at the same indentation. */
function isContinuation(line: string, indent: number): boolean {
  return isContent(line) && (indentOf(line) > indent || (indentOf(line) === indent && /^\s*- /.test(line)));
}

function isContent(line: string): boolean {
  return line.trim() !== '' && !line.trimStart().startsWith('#');
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function reindent(line: string, shift: number): string {
  if (shift === 0 || line.trim() === '') return line;
  return shift > 0 ? ' '.repeat(shift) + line : line.slice(Math.min(-shift, indentOf(line)));
}
