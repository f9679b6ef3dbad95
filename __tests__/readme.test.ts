/**
 * README.md: the inputs and outputs tables are generated from the action.yml files
 * (scripts/readme-tables.mjs) and must not drift; the commands it tells a newcomer to run exist.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineNode, ROOT } from './support/bundle.js';

const SCRIPT = join(ROOT, 'scripts', 'readme-tables.mjs');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function tables(...args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(machineNode(), [SCRIPT, ...args], { encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

function copy(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'readme-')), 'README.md');
  writeFileSync(file, text);
  return file;
}

describe('README.md', () => {
  it('has every inputs and outputs table exactly as the action.yml files generate it', () => {
    const result = tables('--check');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('fails the check, naming the table, when a table drifts from its action.yml', () => {
    const drifted = copy(
      README.replace(
        /(<!-- inputs:wait-healthy -->\n(?:.*\n){3})/,
        '$1| `made-up` | no | | not in action.yml |\n',
      ),
    );
    const result = tables('--check', '--readme', drifted);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${drifted}: the tables inputs:wait-healthy differ from the action.yml files: run 'node scripts/readme-tables.mjs' and commit README.md.\n`,
    );
    expect(tables('--readme', drifted).code).toBe(0);
    expect(readFileSync(drifted, 'utf8')).toBe(README);
  });

  it('fails when a table marker is missing', () => {
    const broken = copy(README.replace('<!-- /outputs:run-e2e-separation -->', ''));
    const result = tables('--check', '--readme', broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'lacks the table markers <!-- outputs:run-e2e-separation --> … <!-- /outputs:run-e2e-separation -->',
    );
  });

  it('gives the quick start commands that exist: npm run demo and npm test', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(README).toContain('npm run demo\n');
    expect(README).toContain('npm run demo -- --fail infrastructure\n');
    expect(README).toContain('\nnpm test\n');
    expect(scripts.demo).toBeDefined();
    expect(scripts.test).toBeDefined();
  });

  it('names the same pinned SHA and version for each third-party action as the kit workflows use', () => {
    const workflows = ['ci.yml', 'release.yml'].map((f) =>
      readFileSync(join(ROOT, '.github', 'workflows', f), 'utf8'),
    );
    const pins = new Set(workflows.join('\n').match(/[\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+/g) ?? []);
    expect(pins.size).toBeGreaterThan(0);
    for (const pin of pins) {
      const [ref, version] = pin.split(' # ') as [string, string];
      expect(README.replace(/\s+/g, ' ')).toContain(`\`${ref}\` (${version})`);
    }
  });
});
