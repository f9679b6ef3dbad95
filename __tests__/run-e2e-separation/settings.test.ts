import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/bundle.js';
import { DEFAULTS, readSettings, SECRET_INPUTS } from '../../src/run-e2e-separation/settings.js';

function reader(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? '';
}

describe('readSettings', () => {
  it('applies the defaults', () => {
    expect(readSettings(reader({ environment: 'production' }))).toEqual({
      spec: '.github/separation.yml',
      environment: 'production',
      reportPath: 'separation-junit.xml',
      requestTimeoutMs: 10_000,
      maxChunks: 50,
      browser: false,
      executablePath: '',
    });
  });

  it('reads every input', () => {
    const settings = readSettings(
      reader({
        spec: 'ops/sep.yml',
        environment: ' staging ',
        report: 'out/j.xml',
        'request-timeout': '1m30s',
        'max-chunks': '0',
        browser: 'true',
        'executable-path': ' /usr/bin/chromium ',
      }),
    );
    expect(settings).toEqual({
      spec: 'ops/sep.yml',
      environment: 'staging',
      reportPath: 'out/j.xml',
      requestTimeoutMs: 90_000,
      maxChunks: 0,
      browser: true,
      executablePath: '/usr/bin/chromium',
    });
  });

  it.each([
    [
      {},
      "Input 'environment': is required: name the environment whose URLs the spec should use, e.g. production",
    ],
    [
      { environment: 'p', 'request-timeout': 'soon' },
      "Input 'request-timeout' is 'soon': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
    [
      { environment: 'p', 'request-timeout': '0' },
      "Input 'request-timeout' is '0': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [
      { environment: 'p', 'max-chunks': '-1' },
      "Input 'max-chunks' is '-1': use a whole number from 0 to 1000",
    ],
  ])('rejects %p in one line', (values, message) => {
    expect(() => readSettings(reader(values))).toThrow(message);
  });

  it('matches action.yml: every input is read and the defaults agree', () => {
    const action = parse(readFileSync(join(ROOT, 'actions', 'run-e2e-separation', 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default: string; description: string }>;
      outputs: Record<string, { description: string }>;
      runs: { using: string; main: string };
    };
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(DEFAULTS).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, input.default]).toEqual([name, DEFAULTS[name as keyof typeof DEFAULTS]]);
      expect(input.description.length).toBeGreaterThan(10);
    }
    expect(Object.keys(action.outputs).sort()).toEqual(['failed-count', 'passed', 'report']);
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/run-e2e-separation/index.js' });
    expect(SECRET_INPUTS).toEqual([]);
  });
});
