import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/bundle.js';
import {
  DEFAULT_SETTINGS,
  readSettings,
  resolveSettings,
  SECRET_INPUTS,
} from '../../src/run-e2e-separation/settings.js';
import { inputErrorMessage } from '../support/errors.js';

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
    const read = new Set<string>();
    readSettings((name) => {
      read.add(name);
      return name === 'environment' ? 'production' : '';
    });
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort());
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
    // action.yml's default strings, read as the runner passes them, give DEFAULT_SETTINGS.
    const given = (name: string): string => (name === 'environment' ? 'production' : '');
    const fromYaml = readSettings((name) => given(name) || (action.inputs[name]?.default ?? ''));
    expect(fromYaml).toEqual({ ...DEFAULT_SETTINGS, environment: 'production' });
    expect(readSettings(given)).toEqual(fromYaml);
    expect(Object.keys(action.outputs).sort()).toEqual(['failed-count', 'passed', 'report']);
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/run-e2e-separation/index.js' });
    expect(SECRET_INPUTS).toEqual([]);
  });
});

describe('resolveSettings (typed callers: the pipeline command)', () => {
  const subjects = {
    environment: 'Option --environment',
    requestTimeoutMs: 'Option --request-timeout',
    maxChunks: 'Option --max-chunks',
  };
  it('fills in the defaults', () => {
    expect(resolveSettings({ environment: ' staging ' })).toEqual({
      ...DEFAULT_SETTINGS,
      environment: 'staging',
    });
  });

  it.each([
    [
      { environment: '' },
      'Option --environment: is required: name the environment whose URLs the spec should use, e.g. production',
    ],
    [
      { environment: 'p', requestTimeoutMs: 0 },
      "Option --request-timeout is '0ms': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [
      { environment: 'p', maxChunks: 1001 },
      "Option --max-chunks is '1001': use a whole number from 0 to 1000",
    ],
  ])("%j: one line with the caller's name for the setting", (input, message) => {
    expect(inputErrorMessage(() => resolveSettings(input, subjects))).toBe(message);
  });
});
