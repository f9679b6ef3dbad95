/**
 * The templates installed in a throwaway repository, linted with the real tools .ci/run installs:
 * actionlint (the Go release) and zizmor (from PyPI, the default and the pedantic persona), both with
 * zero findings. A planted script injection proves each tool really looks at the files.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionFiles, ROOT, runTool, templateRepo, tool } from './support.js';

let repo: string;
let planted: string;

const INJECTION = '      - run: echo "${{ github.event.head_commit.message }}"\n';

beforeAll(() => {
  repo = templateRepo('lint-');
  planted = templateRepo('lint-planted-');
  const file = join(planted, '.github/workflows/pipeline.yml');
  const text = readFileSync(file, 'utf8');
  // The summary job's single step gets a sibling step that splices event data into a script.
  writeFileSync(
    file,
    text.replace(
      '      - name: Write the run summary\n',
      `${INJECTION}      - name: Write the run summary\n`,
    ),
  );
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(planted, { recursive: true, force: true });
});

interface ActionlintFinding {
  message: string;
  filepath: string;
  line: number;
  kind: string;
}

function actionlint(dir: string): { code: number; findings: ActionlintFinding[]; stderr: string } {
  const run = runTool(tool('actionlint'), ['-format', '{{json .}}', '-no-color'], dir);
  return {
    code: run.code,
    findings: JSON.parse(run.stdout || '[]') as ActionlintFinding[],
    stderr: run.stderr,
  };
}

function zizmor(
  dir: string,
  inputs: string[],
  persona: 'regular' | 'pedantic' = 'regular',
): { code: number; findings: { ident: string }[]; stderr: string } {
  const run = runTool(
    tool('zizmor'),
    ['--format', 'json', '--no-online-audits', '--no-progress', '--persona', persona, ...inputs],
    dir,
  );
  return {
    code: run.code,
    findings: JSON.parse(run.stdout || '[]') as { ident: string }[],
    stderr: run.stderr,
  };
}

describe('actionlint', () => {
  test('is version 1.7.12 or newer', () => {
    const version = runTool(tool('actionlint'), ['--version'], ROOT).stdout.split('\n')[0] ?? '';
    const [major = 0, minor = 0, patch = 0] = (/^v?(\d+)\.(\d+)\.(\d+)/.exec(version) ?? [])
      .slice(1)
      .map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(1_007_012);
  });

  test('finds nothing in the installed templates (the reusable workflow call included)', () => {
    const result = actionlint(repo);
    expect(result.findings.map((f) => `${f.filepath}:${f.line} ${f.message}`)).toEqual([]);
    expect(result.code).toBe(0);
  });

  test('reports event data spliced into a script', () => {
    const result = actionlint(planted);
    expect(result.code).toBe(1);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        kind: 'expression',
        message: expect.stringContaining('github.event.head_commit.message'),
      }),
    );
  });
});

describe.each(['regular', 'pedantic'] as const)('zizmor (%s persona)', (persona) => {
  test('finds nothing in the installed templates (monitor.yml included)', () => {
    expect(readdirSync(join(repo, '.github/workflows')).sort()).toEqual([
      'deploy-stage.yml',
      'monitor.yml',
      'pipeline.yml',
      'rollback.yml',
    ]);
    const result = zizmor(repo, ['.github/workflows'], persona);
    expect(result.findings.map((f) => f.ident)).toEqual([]);
    expect(result.code).toBe(0);
  });

  test("finds nothing in the kit's action.yml files", () => {
    const result = zizmor(ROOT, actionFiles(), persona);
    expect(result.findings.map((f) => f.ident)).toEqual([]);
    expect(result.code).toBe(0);
  });

  test('reports event data spliced into a script', () => {
    const result = zizmor(planted, ['.github/workflows'], persona);
    expect(result.findings.map((f) => f.ident)).toContain('template-injection');
    expect(result.code).not.toBe(0);
  });
});
