/**
 * The kit's own workflows (.github/workflows: CI and releases) held to the templates' bar: GitHub's
 * parser, actionlint and zizmor with zero findings, every action pinned by a full commit SHA with its
 * version in a comment, least permissions, and no expression of event data inside a script.
 */
import { describe, expect, test } from '@jest/globals';
import { registerLogger, validate, type ActionsMetadataProvider } from '@actions/languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, runTool, tool } from './support.js';

const DIR = join(ROOT, '.github', 'workflows');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.yml'))
  .sort();
const text = (file: string): string => readFileSync(join(DIR, file), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps?: Step[];
  needs?: string | string[];
  environment?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
const workflow = (file: string): Workflow => parse(text(file)) as Workflow;

/**
 * The inputs of the actions these workflows use, as their action.yml files declare them (offline):
 * checkout and setup-node v5.0.0, attest-build-provenance v4 (the inputs of its 2.x-4.x action.yml).
 */
const INPUTS: Record<string, string[]> = {
  checkout: [
    'repository', 'ref', 'token', 'ssh-key', 'ssh-known-hosts', 'ssh-strict', 'ssh-user', 'persist-credentials',
    'path', 'clean', 'filter', 'sparse-checkout', 'sparse-checkout-cone-mode', 'fetch-depth', 'fetch-tags',
    'show-progress', 'lfs', 'submodules', 'set-safe-directory', 'github-server-url',
  ],
  'setup-node': [
    'node-version', 'node-version-file', 'architecture', 'check-latest', 'registry-url', 'scope', 'token',
    'cache', 'package-manager-cache', 'cache-dependency-path', 'mirror', 'mirror-token',
  ],
  'attest-build-provenance': [
    'subject-path', 'subject-digest', 'subject-name', 'subject-checksums', 'push-to-registry', 'show-summary',
    'github-token',
  ],
}; // prettier-ignore

const metadata: ActionsMetadataProvider = {
  async fetchActionMetadata(ref) {
    const inputs = ref.owner === 'actions' ? INPUTS[ref.name] : undefined;
    if (!inputs) return undefined;
    return {
      name: ref.name,
      description: ref.name,
      inputs: Object.fromEntries(inputs.map((name) => [name, { description: name }])),
    };
  },
};

describe("the kit's own workflows", () => {
  test('are CI and release', () => {
    expect(FILES).toEqual(['ci.yml', 'release.yml']);
  });

  test.each(FILES)("%s passes GitHub's workflow parser with no diagnostics", async (file) => {
    const errors: string[] = [];
    registerLogger({
      error: (m) => errors.push(m),
      warn: () => undefined,
      info: () => undefined,
      log: () => undefined,
    });
    const document = TextDocument.create(`file:///kit/.github/workflows/${file}`, 'yaml', 1, text(file));
    const diagnostics = await validate(document, { actionsMetadataProvider: metadata });
    expect(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('pass actionlint with zero findings', () => {
    const run = runTool(tool('actionlint'), ['-format', '{{json .}}', '-no-color'], ROOT);
    const findings = JSON.parse(run.stdout || '[]') as { filepath: string; line: number; message: string }[];
    expect(findings.map((f) => `${f.filepath}:${f.line} ${f.message}`)).toEqual([]);
    expect(run.code).toBe(0);
  });

  test.each(['regular', 'pedantic', 'auditor'])('pass zizmor (%s persona) with zero findings', (persona) => {
    const args = [
      '--format',
      'json',
      '--no-online-audits',
      '--no-progress',
      '--persona',
      persona,
      '.github/workflows',
    ];
    const run = runTool(tool('zizmor'), args, ROOT);
    expect((JSON.parse(run.stdout || '[]') as { ident: string }[]).map((f) => f.ident)).toEqual([]);
    expect(run.code).toBe(0);
  });

  test.each(FILES)('%s pins every action by a full commit SHA with its version in a comment', (file) => {
    const uses = text(file)
      .split('\n')
      .filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  test.each(FILES)('%s grants nothing by default and each job only what it needs', (file) => {
    const wf = workflow(file);
    expect(wf.permissions).toEqual({});
    // Only publish writes contents; only attest may sign (an OIDC token) and store attestations.
    const NEEDS: Record<string, Record<string, string>> = {
      publish: { contents: 'write' },
      attest: { contents: 'read', 'id-token': 'write', attestations: 'write' },
    };
    for (const [name, job] of Object.entries(wf.jobs))
      expect([name, job.permissions]).toEqual([name, NEEDS[name] ?? { contents: 'read' }]);
  });

  test.each(FILES)('%s never splices an expression into a script and never persists credentials', (file) => {
    for (const job of Object.values(workflow(file).jobs)) {
      for (const step of job.steps ?? []) {
        if (step.run !== undefined) expect(step.run).not.toContain('${{');
        if (step.uses?.startsWith('actions/checkout@'))
          expect(step.with?.['persist-credentials']).toBe(false);
      }
    }
  });

  test.each(FILES)('%s has scripts that bash parses (shellcheck is not installed for actionlint)', (file) => {
    for (const job of Object.values(workflow(file).jobs)) {
      for (const step of job.steps ?? []) {
        if (step.run === undefined) continue;
        const parsed = spawnSync('bash', ['-n', '-c', step.run], { encoding: 'utf8' });
        expect([step.run, parsed.status, parsed.stderr]).toEqual([step.run, 0, '']);
      }
    }
  });

  test('CI runs the README test command, the dist check and the workflow linters', () => {
    const ci = workflow('ci.yml');
    const runs = Object.values(ci.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? ''));
    expect(runs).toContain('npm test');
    expect(runs).toContain('npm run bundle');
    expect(runs.join('\n')).toMatch(/actionlint[\s\S]*zizmor --no-online-audits --persona pedantic/);
    expect(runs.join('\n')).toContain('workflows-templates/monitor.yml');
    expect(Object.keys(ci.on)).toEqual(['push', 'pull_request']);
  });

  test('release runs on vX.Y.Z tags, verifies before it publishes, and moves the major tag', () => {
    const release = workflow('release.yml');
    expect(release.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } });
    expect(release.jobs.attest?.needs).toBe('verify');
    expect(release.jobs.publish?.needs).toEqual(['verify', 'attest']);
    expect(release.jobs.publish?.environment).toBe('release');
    const publish = (release.jobs.publish?.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(publish).toContain(
      'gh release create "$GITHUB_REF_NAME" --repo "$GITHUB_REPOSITORY" --verify-tag',
    );
    expect(publish).toContain(
      '--notes "Pin this release by its commit: \\`uses: $GITHUB_REPOSITORY@$GITHUB_SHA # $GITHUB_REF_NAME\\`"',
    );
    expect(publish).toContain('major="${GITHUB_REF_NAME%%.*}"');
    expect(publish).toContain('-f sha="$GITHUB_SHA" -F force=true');
    const verify = (release.jobs.verify?.steps ?? []).map((s) => s.run ?? '').join('\n');
    expect(verify).toContain('if [ "$GITHUB_REF_NAME" != "v$version" ]; then');
    // The rebuild fails on any difference with the committed dist/.
    expect(verify).toMatch(
      /npm run bundle\n\s*if \[ -n "\$\(git status --porcelain -- dist\)" \]; then[\s\S]*exit 1/,
    );
    // The major tag moves only after the release proved immutable, in the same job, in that order.
    const checks = (release.jobs.publish?.steps ?? []).map((s) => s.run ?? '');
    const immutable = checks.findIndex((run) => run.includes("--jq '.immutable'"));
    expect(immutable).toBeGreaterThan(0);
    expect(checks[immutable]).toContain('if [ "$immutable" != "true" ]; then');
    expect(checks.findIndex((run) => run.includes('major="${GITHUB_REF_NAME%%.*}"'))).toBeGreaterThan(
      immutable,
    );
  });

  test('release attests the committed bundles with attest-build-provenance pinned by SHA, and installs nothing there', () => {
    const steps = workflow('release.yml').jobs.attest?.steps ?? [];
    expect(steps.map((st) => st.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'actions/attest-build-provenance',
    ]);
    expect(steps[1]?.uses).toBe('actions/attest-build-provenance@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32');
    expect(steps[1]?.with).toEqual({ 'subject-path': 'dist/*/*.js' });
    expect(steps.every((st) => st.run === undefined)).toBe(true);
  });
});
