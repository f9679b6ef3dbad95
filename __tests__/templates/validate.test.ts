/**
 * The templates and every action.yml of the kit, validated with GitHub's own parser
 * (@actions/languageservice `validate()` on @actions/workflow-parser), including the cross-check of
 * the reusable workflow's inputs, secrets and outputs against its callers, and the `with:` keys given
 * to the kit's actions against their action.yml. Jest loads the parser's JSON schemas itself (the plain
 * Node import fails with ERR_IMPORT_ATTRIBUTE_MISSING: its JSON imports lack `with {type: 'json'}`,
 * actions/languageservices#387, and needs a loader hook that adds the attribute).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { registerLogger, validate, type ActionsMetadataProvider } from '@actions/languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { actionFiles, LAYOUT, ROOT, TEMPLATES } from './support.js';

/** Errors the language service logs instead of throwing (a crash inside validate() must fail the test). */
const loggedErrors: string[] = [];
beforeAll(() => {
  registerLogger({
    error: (message) => loggedErrors.push(message),
    warn: () => undefined,
    info: () => undefined,
    log: () => undefined,
  });
});

/** actions/checkout v5.0.0's inputs (its action.yml cannot be fetched offline). */
const CHECKOUT_INPUTS = [
  'repository', 'ref', 'token', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user', 'persist-credentials',
  'path', 'clean', 'filter', 'sparse-checkout', 'sparse-checkout-cone-mode', 'fetch-depth', 'fetch-tags',
  'show-progress', 'lfs', 'submodules', 'set-safe-directory', 'github-server-url',
]; // prettier-ignore

/** Feeds the language service the kit's own action.yml files, and checkout's inputs. */
const metadata: ActionsMetadataProvider = {
  async fetchActionMetadata(ref) {
    if (ref.owner === 'actions' && ref.name === 'checkout') {
      return {
        name: 'Checkout',
        description: 'Checkout a Git repository',
        inputs: Object.fromEntries(CHECKOUT_INPUTS.map((name) => [name, { description: name }])),
      };
    }
    if (ref.owner !== 'bizosaas' || ref.name !== 'dokploy-deploy') return undefined;
    const file = join(ROOT, ref.path ?? '', 'action.yml');
    if (!existsSync(file)) return undefined;
    const action = parse(readFileSync(file, 'utf8')) as {
      name: string;
      description: string;
      inputs?: Record<string, { description: string; required?: boolean; default?: string }>;
      outputs?: Record<string, { description: string }>;
    };
    return {
      name: action.name,
      description: action.description,
      inputs: action.inputs,
      outputs: action.outputs,
    };
  },
};

let documents = 0;

/**
 * Validates one document the way the VS Code extension does, with the templates as the repository.
 * `path` is the file's place in the repository; each call gets its own URI because the language
 * service caches parsed documents by URI.
 */
async function diagnose(path: string, text: string, files: Record<string, string> = {}): Promise<string[]> {
  documents += 1;
  const document = TextDocument.create(`file:///repo-${documents}/${path}`, 'yaml', 1, text);
  const diagnostics = await validate(document, {
    actionsMetadataProvider: metadata,
    fileProvider: {
      async getFileContent(ref) {
        const path = ref.path.replace(/^\.\//, '');
        const content = files[path] ?? templateAt(path);
        if (content === undefined) throw new Error(`no file ${path}`);
        return { name: path, content };
      },
    },
  });
  return diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`);
}

/** The template installed at `path` in an adopting repository (e.g. .github/workflows/deploy-stage.yml). */
function templateAt(path: string): string | undefined {
  const file = Object.entries(LAYOUT).find(([, target]) => target === path)?.[0];
  return file && existsSync(join(TEMPLATES, file)) ? readFileSync(join(TEMPLATES, file), 'utf8') : undefined;
}

const pipeline = (): string => templateAt('.github/workflows/pipeline.yml') ?? '';
const stage = (): string => templateAt('.github/workflows/deploy-stage.yml') ?? '';
const PIPELINE_URI = '.github/workflows/pipeline.yml';
const STAGE_URI = '.github/workflows/deploy-stage.yml';

describe("GitHub's workflow parser", () => {
  test('pipeline.yml has no diagnostics, its calls checked against deploy-stage.yml', async () => {
    expect(await diagnose(PIPELINE_URI, pipeline())).toEqual([]);
    expect(loggedErrors).toEqual([]);
  });

  test('deploy-stage.yml has no diagnostics', async () => {
    expect(await diagnose(STAGE_URI, stage())).toEqual([]);
    expect(loggedErrors).toEqual([]);
  });

  test('monitor.yml has no diagnostics, its inputs to the kit checked against the action.yml files', async () => {
    const monitor = templateAt('.github/workflows/monitor.yml') ?? '';
    expect(monitor).not.toBe('');
    expect(await diagnose('.github/workflows/monitor.yml', monitor)).toEqual([]);
    const broken = monitor.replace('          outcome: ${{', '          outcom: ${{');
    expect(await diagnose('.github/workflows/monitor.yml', broken)).toContainEqual(
      expect.stringContaining("Invalid action input 'outcom'"),
    );
    expect(loggedErrors).toEqual([]);
  });

  test('a caller input the reusable workflow does not declare is reported', async () => {
    const broken = pipeline().replace('      stage: 1\n', '      stage: 1\n      stagee: 1\n');
    expect(await diagnose(PIPELINE_URI, broken)).toContainEqual(
      expect.stringContaining('Invalid input, stagee is not defined in the referenced workflow.'),
    );
  });

  test('a required input or secret that a caller leaves out is reported', async () => {
    const noMatrix = pipeline().replace('      matrix: ${{ needs.detect.outputs.matrix-stage-2 }}\n', '');
    expect(await diagnose(PIPELINE_URI, noMatrix)).toContainEqual(
      expect.stringContaining('Input matrix is required, but not provided while calling.'),
    );
    const callee = stage().replace(
      'DOKPLOY_BIZOHOLIC_DEV_ID: { required: false }',
      'DOKPLOY_BIZOHOLIC_DEV_ID: { required: true }',
    );
    const noSecret = pipeline().replace(/^ {6}DOKPLOY_BIZOHOLIC_DEV_ID: .*\n/gm, ''); // the stage calls' lines
    const found = await diagnose(PIPELINE_URI, noSecret, { '.github/workflows/deploy-stage.yml': callee });
    expect(found).toContainEqual(expect.stringContaining('Secret DOKPLOY_BIZOHOLIC_DEV_ID is required'));
  });

  test("an input that a kit action's action.yml does not declare is reported", async () => {
    const broken = stage().replace(
      '          targets: ${{ matrix.health }}\n',
      '          target: ${{ matrix.health }}\n',
    );
    expect(await diagnose(STAGE_URI, broken)).toContainEqual(
      expect.stringContaining("Invalid action input 'target'"),
    );
  });
});

describe("every action.yml, with GitHub's action schema", () => {
  const files = actionFiles();

  test('the kit has its five actions', () => {
    expect(files).toEqual([
      'action.yml',
      'actions/detect-changed-platforms/action.yml',
      'actions/report-incident/action.yml',
      'actions/run-e2e-separation/action.yml',
      'actions/wait-healthy/action.yml',
    ]);
  });

  interface ActionYml {
    author?: string;
    branding?: { icon?: string; color?: string };
    inputs?: Record<string, { description?: string; default?: unknown }>;
    outputs?: Record<string, { description?: string }>;
    runs: { using: string; main: string };
  }
  const action = (file: string): ActionYml => parse(readFileSync(join(ROOT, file), 'utf8')) as ActionYml;

  test.each(files)('%s has no diagnostics', async (file) => {
    expect(await diagnose(file, readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });

  test.each(files)('%s runs its committed bundle on node24', (file) => {
    const { runs } = action(file);
    expect(runs.using).toBe('node24');
    expect(existsSync(join(ROOT, file, '..', runs.main))).toBe(true);
  });

  test.each(files)(
    '%s has author and branding, a description and a default for every input, a description for every output',
    (file) => {
      const { author, branding, inputs, outputs } = action(file);
      expect(author).toBe('bizosaas');
      expect(branding?.icon && branding.color).toBeTruthy();
      const inputsWithout = Object.entries(inputs ?? {})
        .filter(([, input]) => typeof input.description !== 'string' || !('default' in input))
        .map(([name]) => name);
      expect(inputsWithout).toEqual([]);
      const outputsWithout = Object.entries(outputs ?? {})
        .filter(([, output]) => typeof output.description !== 'string')
        .map(([name]) => name);
      expect(outputsWithout).toEqual([]);
    },
  );

  test('a broken action.yml is reported', async () => {
    const broken = 'name: x\ndescription: y\nruns:\n  using: node22\n  main: index.js\nbrandingg: {}\n';
    expect((await diagnose('actions/x/action.yml', broken)).length).toBeGreaterThanOrEqual(2);
  });
});
