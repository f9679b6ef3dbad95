/**
 * `dokploy-deploy init --sync`: fits the installed workflows to `.github/platforms.yml` as it is now:
 * the id blocks pass the secrets it names, the e2e token blocks its applications, and pipeline.yml's
 * push trigger its `environments:` keys. Nothing else in a workflow changes; the manifest is only read.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../lib/errors.js';
import { DEFAULT_MANIFEST_PATH, parseManifest } from '../lib/manifest.js';
import type { Manifest } from '../lib/platform.js';
import { unifiedDiff } from './line-diff.js';
import { fitWorkflow, WORKFLOW_FILES } from './workflow-edits.js';

/** Where `init` installs the workflows. */
export const WORKFLOWS_DIR = '.github/workflows';

/**
 * Rewrites the generated parts of each installed workflow in `dir` for its manifest; prints a line
 * per workflow (and the diff of each it changes); with `dryRun` writes nothing.
 * @returns the manifest the workflows now follow
 * @throws InputError when the manifest is missing or invalid, or a workflow's blocks or trigger
 *   cannot be found
 */
export function syncWorkflows(
  dir: string,
  options: { templates: string; dryRun: boolean },
  out: (text: string) => void,
): Manifest {
  const manifestPath = join(dir, DEFAULT_MANIFEST_PATH);
  if (!existsSync(manifestPath)) {
    throw new InputError(
      "Option '--sync'",
      undefined,
      `fits the workflows to ${DEFAULT_MANIFEST_PATH}, which does not exist: run init without --sync first`,
    );
  }
  const manifest = parseManifest(readFileSync(manifestPath, 'utf8'), DEFAULT_MANIFEST_PATH);
  const changes = WORKFLOW_FILES.map((file) => {
    const path = `${WORKFLOWS_DIR}/${file}`;
    if (!existsSync(join(dir, path))) return { path, before: undefined, after: '' };
    const before = readFileSync(join(dir, path), 'utf8');
    const template = readFileSync(join(options.templates, file), 'utf8');
    return { path, before, after: fitWorkflow(before, template, path, manifest) };
  });
  // Every workflow is checked before any is written: a failure leaves them all as they were.
  for (const { path, before, after } of changes) {
    if (before === undefined) out(`missing ${path}: not synced (init without --sync writes it)\n`);
    else if (before === after) out(`unchanged ${path}\n`);
    else {
      if (!options.dryRun) writeFileSync(join(dir, path), after);
      out(`${options.dryRun ? 'would sync' : 'synced'} ${path}:\n${unifiedDiff(path, before, after)}\n`);
    }
  }
  return manifest;
}
