import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_SETTINGS, readSettings, SECRET_INPUTS } from '../../src/report-incident/settings.js';
import { ROOT } from '../support/bundle.js';

const REQUIRED = { subject: 'bizoholic', environment: 'production', outcome: 'failure', token: 'ghs_x' };
const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

describe('report-incident settings', () => {
  it('reads the required inputs and fills in the defaults', () => {
    expect(readSettings(reader(REQUIRED))).toEqual({ ...REQUIRED, ...DEFAULT_SETTINGS });
  });

  it("parses wait-healthy's results, the interval, the label and the webhook", () => {
    const results = JSON.stringify([
      {
        target: 'tcp://db:5432',
        kind: 'tcp',
        healthy: false,
        attempts: 3,
        status: 'refused',
        detail: 'connection refused',
        latencyMs: 2,
        timeToHealthyMs: null,
      },
    ]);
    const settings = readSettings(
      reader({
        ...REQUIRED,
        results,
        detail: 'one line\nsecond line dropped',
        label: 'outage',
        'comment-interval': '30m',
        'webhook-url': 'https://hooks.slack.com/services/T/B/k',
      }),
    );
    expect(settings.targets).toEqual([
      {
        target: 'tcp://db:5432',
        healthy: false,
        status: 'refused',
        detail: 'connection refused',
        latencyMs: 2,
      },
    ]);
    expect(settings).toMatchObject({
      detail: 'one line',
      label: 'outage',
      commentIntervalMs: 1_800_000,
      webhookUrl: 'https://hooks.slack.com/services/T/B/k',
    });
  });

  it.each([
    [{ subject: '' }, "Input 'subject': is required: name the platform the check was about, or separation"],
    [{ subject: 'a b' }, "Input 'subject' is 'a b': use letters, digits, ., _ and - (at most 100)"],
    [
      { environment: '' },
      "Input 'environment': is required: name the environment that was checked, e.g. production",
    ],
    [
      { outcome: '' },
      "Input 'outcome': is required: pass the check step's outcome, e.g. ${{ steps.health.outcome }}",
    ],
    [{ outcome: 'down' }, "Input 'outcome' is 'down': use one of success, failure, cancelled, skipped"],
    [
      { results: '{"target":1}' },
      `Input 'results' is '{\\"target\\":1}': give wait-healthy's results output (a JSON list of targets)`,
    ],
    [
      { results: 'not json' },
      "Input 'results' is 'not json': give wait-healthy's results output (a JSON list of targets)",
    ],
    [
      { results: '[{"target":"x"}]' },
      `Input 'results' is '[{\\"target\\":\\"x\\"}]': give wait-healthy's results output (a JSON list of targets)`,
    ],
    [
      { token: '' },
      "Input 'token': is required: pass a token with 'issues: write', e.g. ${{ github.token }}",
    ],
    [{ label: 'a,b' }, "Input 'label' is 'a,b': use a GitHub label name: at most 50 characters, no comma"],
    [
      { 'comment-interval': '0' },
      "Input 'comment-interval' is '0': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [
      { 'comment-interval': 'hourly' },
      "Input 'comment-interval' is 'hourly': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
  ])('rejects %p in one line', (values, message) => {
    expect(() => readSettings(reader({ ...REQUIRED, ...values }))).toThrow(message);
  });

  it('rejects a webhook that is not an http(s) URL without quoting it (it is a secret)', () => {
    const read = reader({ ...REQUIRED, 'webhook-url': 'ftp://hooks/sekrit' });
    expect(() => readSettings(read)).toThrow(
      "Input 'webhook-url': is not an http(s) URL: give the webhook URL your chat tool issued",
    );
    expect(() => readSettings(read)).not.toThrow(/sekrit/);
  });

  it('masks the token and the webhook URL', () => {
    expect(SECRET_INPUTS).toEqual(['token', 'webhook-url']);
  });

  it("matches action.yml: every input is read, and each default there gives the setting's default", () => {
    const action = parse(readFileSync(join(ROOT, 'actions', 'report-incident', 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default: string; required?: boolean }>;
      outputs: Record<string, unknown>;
      runs: unknown;
    };
    const read: string[] = [];
    readSettings((name) => {
      read.push(name);
      return reader(REQUIRED)(name);
    });
    expect(Object.keys(action.inputs).sort()).toEqual([...new Set(read)].sort());
    const optional = Object.entries(action.inputs).filter(([name]) => !(name in REQUIRED));
    const fromYml = readSettings(
      reader({ ...REQUIRED, ...Object.fromEntries(optional.map(([n, i]) => [n, i.default])) }),
    );
    expect(fromYml).toEqual(readSettings(reader(REQUIRED)));
    expect(action.inputs.token?.default).toBe('${{ github.token }}');
    expect(Object.keys(action.outputs).sort()).toEqual([
      'action',
      'down-seconds',
      'issue-number',
      'issue-url',
    ]);
    expect(action.runs).toEqual({ using: 'node24', main: '../../dist/report-incident/index.js' });
  });
});
