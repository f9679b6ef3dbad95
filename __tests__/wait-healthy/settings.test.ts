import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_SETTINGS,
  readSettings,
  resolveSettings,
  resolveWaitOptions,
  SECRET_INPUTS,
} from '../../src/wait-healthy/settings.js';
import { ROOT } from '../support/bundle.js';
import { inputErrorMessage } from '../support/errors.js';

function settingsFrom(inputs: Record<string, string>) {
  return readSettings((name) => inputs[name] ?? '');
}

function errorOf(inputs: Record<string, string>): string {
  return inputErrorMessage(() => settingsFrom(inputs));
}

describe('readSettings', () => {
  test('applies the defaults', () => {
    const settings = settingsFrom({ targets: 'tcp://db:5432\n# a comment\n\nhttps://app.example/' });
    expect(settings).toMatchObject({
      targetsFrom: undefined,
      environment: '',
      platforms: '',
      timeoutMs: 300_000,
      intervalMs: 5000,
      requestTimeoutMs: 10_000,
      consecutiveSuccesses: 1,
      insecureTls: false,
    });
    expect(settings.targets.map((t) => t.display)).toEqual(['tcp://db:5432', 'https://app.example/']);
  });

  test('reads every input', () => {
    const settings = settingsFrom({
      'targets-from': 'bizoholic',
      environment: 'staging',
      platforms: 'ops/platforms.yml',
      timeout: '1m30s',
      interval: '2s',
      'request-timeout': '500ms',
      'consecutive-successes': '3',
      'insecure-tls': 'true',
    });
    expect(settings).toEqual({
      targets: [],
      targetsFrom: 'bizoholic',
      environment: 'staging',
      platforms: 'ops/platforms.yml',
      timeoutMs: 90_000,
      intervalMs: 2000,
      requestTimeoutMs: 500,
      consecutiveSuccesses: 3,
      insecureTls: true,
    });
  });

  test.each([
    [{}, "Input 'targets': give at least one target, one per line (or a platform in targets-from)"],
    [
      { targets: 'tcp://a:1', timeout: '5 minutes' },
      "Input 'timeout' is '5 minutes': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
    [
      { targets: 'tcp://a:1', interval: '0s' },
      "Input 'interval' is '0s': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [
      { targets: 'tcp://a:1', 'request-timeout': 'soon' },
      "Input 'request-timeout' is 'soon': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
    [
      { targets: 'tcp://a:1', 'consecutive-successes': '0' },
      "Input 'consecutive-successes' is '0': use a whole number from 1 to 100",
    ],
    [
      { targets: 'tcp://a:1', 'insecure-tls': 'yes' },
      "Input 'insecure-tls' is 'yes': use one of true, True, TRUE, false, False, FALSE",
    ],
    [
      { targets: 'tcp://a:1\nsmtp://mail:25' },
      "Input 'targets' line 2 is 'smtp://mail:25': unknown scheme 'smtp': use http://, https://, tcp://, redis://, rediss://, postgres://, postgresql://, grpc://, grpcs://",
    ],
  ])('rejects %j in one line', (inputs, message) => {
    expect(errorOf(inputs)).toBe(message);
  });

  test('action.yml declares exactly the inputs readSettings reads, with the same defaults', () => {
    const action = parse(readFileSync(join(ROOT, 'actions/wait-healthy/action.yml'), 'utf8')) as {
      inputs: Record<string, { default: string; description: string }>;
      outputs: Record<string, { description: string }>;
      runs: { using: string; main: string };
    };
    const read: string[] = [];
    readSettings((name) => {
      read.push(name);
      return name === 'targets' ? 'tcp://a:1' : '';
    });
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
    // action.yml's default strings, read as the runner passes them, give DEFAULT_SETTINGS.
    const given = (name: string): string => (name === 'targets-from' ? 'web' : '');
    const fromYaml = readSettings((name) => given(name) || (action.inputs[name]?.default ?? ''));
    expect(fromYaml).toEqual({ ...DEFAULT_SETTINGS, targetsFrom: 'web' });
    expect(readSettings(given)).toEqual(fromYaml);
    expect(Object.keys(action.outputs).sort()).toEqual(['duration-seconds', 'healthy', 'results']);
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/wait-healthy/index.js' });
    expect(SECRET_INPUTS).toEqual([]);
  });
});

describe('resolveSettings and resolveWaitOptions (typed callers: the pipeline command)', () => {
  test('fill in the defaults', () => {
    expect(resolveWaitOptions({ timeoutMs: 60_000 })).toEqual({
      timeoutMs: 60_000,
      intervalMs: 5000,
      requestTimeoutMs: 10_000,
      consecutiveSuccesses: 1,
      insecureTls: false,
    });
    expect(resolveSettings({ targetsFrom: 'web' })).toEqual({ ...DEFAULT_SETTINGS, targetsFrom: 'web' });
  });

  const subjects = {
    targets: 'The manifest',
    timeoutMs: 'Option --health-timeout',
    intervalMs: 'Option --health-interval',
    requestTimeoutMs: 'Option --request-timeout',
    consecutiveSuccesses: 'Option --successes',
  };
  test.each([
    [
      { intervalMs: 0 },
      "Option --health-interval is '0ms': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [
      { timeoutMs: Number.NaN },
      "Option --health-timeout is 'NaN': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [
      { requestTimeoutMs: -1500 },
      "Option --request-timeout is '-1500ms': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [{ consecutiveSuccesses: 1.5 }, "Option --successes is '1.5': use a whole number from 1 to 100"],
    [{ consecutiveSuccesses: 101 }, "Option --successes is '101': use a whole number from 1 to 100"],
  ])("%j: one line with the caller's name for the setting", (input, message) => {
    expect(inputErrorMessage(() => resolveWaitOptions(input, subjects))).toBe(message);
  });

  test('nothing to wait for, named as the caller says', () => {
    expect(inputErrorMessage(() => resolveSettings({}, subjects))).toBe(
      'The manifest: give at least one target, one per line (or a platform in targets-from)',
    );
  });
});
