import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_SETTINGS,
  defaultMarker,
  INPUT_SUBJECTS,
  readSettings,
  resolveSettings,
  SECRET_INPUTS,
  type RunContext,
} from '../../src/dokploy-deploy/settings.js';
import { ROOT } from '../support/bundle.js';
import { inputErrorMessage } from '../support/errors.js';

const RUN: RunContext = {
  workflow: 'Deploy',
  runId: '9001',
  runNumber: '42',
  runAttempt: '2',
  sha: '0123456789abcdef0123456789abcdef01234567',
  repository: 'acme/mono',
};
const KEY = 'dk_secret_Zx81';
const base = { 'dokploy-url': 'https://dokploy.example.com', 'api-key': KEY, 'application-id': 'app-1' };

function settings(inputs: Record<string, string>, run = RUN) {
  const read = (name: string): string => inputs[name] ?? '';
  return readSettings(read, run);
}

function message(inputs: Record<string, string>): string {
  const text = inputErrorMessage(() => settings(inputs));
  expect(text).not.toContain(KEY);
  return text;
}

describe('readSettings', () => {
  it('applies the defaults and builds a title unique per run', () => {
    expect(settings(base)).toEqual({
      dokployUrl: 'https://dokploy.example.com',
      apiKey: KEY,
      target: { kind: 'application', id: 'app-1' },
      action: 'deploy',
      wait: true,
      timeoutMs: 30 * 60_000,
      pollIntervalMs: 3000,
      title: 'Deploy #42.2 0123456',
      description: 'GitHub Actions run 9001.2 acme/mono@0123456789abcdef0123456789abcdef01234567',
      sha: RUN.sha,
      env: [],
      envMode: 'merge',
      dockerImage: undefined,
      logLines: 100,
      stableForMs: 20_000,
      rollback: 'never',
      hookTimeoutMs: 10 * 60_000,
    });
  });

  it('reads every input', () => {
    const s = settings({
      'dokploy-url': 'http://10.0.0.5:3000/api/',
      'api-key': KEY,
      'compose-id': 'cmp-1',
      action: 'redeploy',
      wait: 'false',
      timeout: '90',
      'poll-interval': '10s',
      title: 'T',
      description: 'D',
      env: 'A=1\n# comment\n\nB = two=2\n',
      'env-mode': 'replace',
      'log-lines': '0',
      'rollback-on-failure': 'true',
      'stable-for': '45s',
    });
    expect(s).toMatchObject({
      dokployUrl: 'http://10.0.0.5:3000',
      target: { kind: 'compose', id: 'cmp-1' },
      action: 'redeploy',
      wait: false,
      timeoutMs: 90_000,
      pollIntervalMs: 10_000,
      title: 'T',
      description: 'D',
      env: [
        ['A', '1'],
        ['B', ' two=2'],
      ],
      envMode: 'replace',
      logLines: 0,
      rollback: 'on-failure',
      stableForMs: 45_000,
    });
  });

  it('reads stable-for (0 turns the running check off) and rollback, with one line for each bad value', () => {
    expect(settings({ ...base, 'stable-for': '0' }).stableForMs).toBe(0);
    expect(settings({ ...base, rollback: 'on-unhealthy' }).rollback).toBe('on-unhealthy');
    expect(settings({ ...base, 'rollback-on-failure': 'false', rollback: 'on-unhealthy' }).rollback).toBe(
      'on-unhealthy',
    );
    expect(message({ ...base, 'stable-for': 'a while' })).toBe(
      "Input 'stable-for' is 'a while': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    );
    expect(message({ ...base, 'stable-for': '1h' })).toBe(
      "Input 'stable-for' is '1h 00m': use a duration from 0 (no running check) to 10m, such as 20s",
    );
    expect(message({ ...base, rollback: 'always' })).toBe(
      "Input 'rollback' is 'always': use one of on-failure, on-unhealthy, never",
    );
    expect(message({ ...base, rollback: 'never', 'rollback-on-failure': 'true' })).toBe(
      "Inputs 'rollback' and 'rollback-on-failure': are both set: keep 'rollback' (rollback-on-failure: true means rollback: on-failure)",
    );
  });

  it('reads the pre- and post-deploy commands, with one line for each bad use', () => {
    const compose = { ...base, 'application-id': '', 'compose-id': 'cmp-1' };
    expect(
      settings({
        ...compose,
        'pre-deploy': ' npm run migrate ',
        'post-deploy': 'curl -fsS localhost:3000/warm',
        'hook-service': ' web ',
        'hook-timeout': '90s',
      }),
    ).toMatchObject({
      preDeploy: 'npm run migrate',
      postDeploy: 'curl -fsS localhost:3000/warm',
      hookService: 'web',
      hookTimeoutMs: 90_000,
    });
    expect(message({ ...base, 'pre-deploy': 'x', 'hook-timeout': '7h' })).toBe(
      "Input 'hook-timeout' is '7h 00m': use a duration above zero and at most 6h, such as 10m",
    );
    expect(message({ ...base, 'hook-timeout': 'soon' })).toBe(
      "Input 'hook-timeout' is 'soon': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    );
    expect(message({ ...base, 'post-deploy': 'x', wait: 'false' })).toBe(
      "Input 'post-deploy': needs wait: true (it runs once the new version runs, which only a followed deploy knows)",
    );
    expect(message({ ...base, 'pre-deploy': 'x', 'rollback-to': 'previous' })).toBe(
      "Input 'pre-deploy': cannot be used with 'rollback-to': a rollback restores a kept version and runs no commands",
    );
    expect(message({ ...base, 'pre-deploy': 'x', 'hook-service': 'web' })).toBe(
      "Input 'hook-service' is 'web': applies to compose stacks only: an application's commands run in its own container",
    );
    expect(message({ ...compose, 'hook-service': 'web' })).toBe(
      "Input 'hook-service' is 'web': names where 'pre-deploy' or 'post-deploy' runs: give one",
    );
    expect(message({ ...compose, 'post-deploy': 'x' })).toBe(
      "Input 'hook-service': is required with a compose stack's commands: the compose service whose container runs them, e.g. web",
    );
  });

  it('reads rollback-to (a rollback instead of a deploy), with one line for each bad use', () => {
    expect(settings(base).rollbackTo).toBeUndefined();
    expect(settings({ ...base, 'rollback-to': ' previous ' }).rollbackTo).toBe('previous');
    expect(settings({ ...base, 'rollback-to': 'ghcr.io/acme/web:1.4.1' }).rollbackTo).toBe(
      'ghcr.io/acme/web:1.4.1',
    );
    expect(message({ ...base, 'rollback-to': 'the one before' })).toBe(
      "Input 'rollback-to' is 'the one before': use previous, a deployment id or an image such as ghcr.io/acme/web:1.4.1",
    );
    expect(message({ ...base, 'rollback-to': 'previous', env: 'A=1' })).toBe(
      "Input 'rollback-to' is 'previous': cannot be used with 'docker-image' or 'env': a rollback restores a kept version as it was",
    );
  });

  it('accepts 10m and 1h timeouts', () => {
    expect(settings({ ...base, timeout: '10m' }).timeoutMs).toBe(600_000);
    expect(settings({ ...base, timeout: '1h' }).timeoutMs).toBe(3_600_000);
  });

  it('takes the service by name: project, project-environment (default production), application-name or compose-name', () => {
    const named = { 'dokploy-url': base['dokploy-url'], 'api-key': KEY, project: 'web-platform' };
    expect(settings({ ...named, 'application-name': 'frontend' })).toMatchObject({
      target: { kind: 'application', id: '' },
      targetNames: { project: 'web-platform', environment: 'production', service: 'frontend' },
    });
    expect(settings({ ...named, 'project-environment': 'staging', 'compose-name': 'stack' })).toMatchObject({
      target: { kind: 'compose', id: '' },
      targetNames: { project: 'web-platform', environment: 'staging', service: 'stack' },
    });
    expect(message({ ...named })).toBe(
      "Inputs 'application-name' and 'compose-name': are both empty: name exactly one service of project 'web-platform'",
    );
    expect(message({ ...named, 'application-name': 'a', 'compose-name': 'b' })).toBe(
      "Inputs 'application-name' and 'compose-name': are both set: name exactly one service of project 'web-platform'",
    );
    expect(message({ ...base, project: 'web-platform', 'application-name': 'a' })).toBe(
      "Inputs 'project' and 'application-id'/'compose-id': are both set: give the service by id or by name, not both",
    );
    expect(message({ 'dokploy-url': base['dokploy-url'], 'api-key': KEY, 'application-name': 'a' })).toBe(
      "Input 'project': is required with a service's name: the Dokploy project's name",
    );
  });

  it('rejects each bad input with one line, before anything else', () => {
    expect(message({ ...base, 'dokploy-url': '' })).toBe(
      "Input 'dokploy-url': is required: your Dokploy server's address, e.g. https://dokploy.example.com",
    );
    expect(message({ ...base, 'api-key': ' ' })).toBe(
      "Input 'api-key': is required: pass a Dokploy API key from a secret, e.g. ${{ secrets.DOKPLOY_API_KEY }}",
    );
    expect(message({ ...base, 'dokploy-url': 'ftp://dokploy.example.com' })).toBe(
      "Input 'dokploy-url' is 'ftp://dokploy.example.com': use an http(s) address such as https://dokploy.example.com",
    );
    expect(message({ ...base, 'dokploy-url': 'dokploy.example.com' })).toBe(
      "Input 'dokploy-url' is 'dokploy.example.com': use an http(s) address such as https://dokploy.example.com",
    );
    expect(message({ ...base, 'compose-id': 'c' })).toBe(
      "Inputs 'application-id' and 'compose-id': are both set: give exactly one",
    );
    expect(message({ ...base, 'application-id': '' })).toBe(
      "Inputs 'application-id' and 'compose-id': are both empty: give exactly one (the id is in the service's URL in Dokploy)",
    );
    expect(message({ ...base, timeout: '5 minutes' })).toBe(
      "Input 'timeout' is '5 minutes': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    );
    expect(message({ ...base, 'poll-interval': '100ms' })).toBe(
      "Input 'poll-interval' is '100ms': use at least 500ms (the default 3s is gentle on Dokploy)",
    );
    expect(message({ ...base, action: 'restart' })).toBe(
      "Input 'action' is 'restart': use one of deploy, redeploy",
    );
    expect(message({ ...base, wait: 'yes' })).toBe(
      "Input 'wait' is 'yes': use one of true, True, TRUE, false, False, FALSE",
    );
    expect(message({ ...base, 'log-lines': '-1' })).toBe(
      "Input 'log-lines' is '-1': use a whole number from 0 to 10000",
    );
    expect(message({ ...base, 'env-mode': 'append' })).toBe(
      "Input 'env-mode' is 'append': use one of merge, replace",
    );
  });

  it('names a bad env line by number without showing it (it may be a secret)', () => {
    const text = message({ ...base, env: 'A=1\nsuper-secret-value' });
    expect(text).toBe(
      "Input 'env' line 2: is not KEY=VALUE: write one variable per line as KEY=VALUE, the key made of letters, digits and _ (the line is not shown: it may hold a secret)",
    );
    expect(text).not.toContain('super-secret-value');
    expect(message({ ...base, env: '=value' })).toContain("Input 'env' line 1: is not KEY=VALUE");
  });

  it('refuses docker-image with redeploy or with a compose stack', () => {
    expect(message({ ...base, action: 'redeploy', 'docker-image': 'ghcr.io/acme/web:2' })).toBe(
      "Input 'docker-image' is 'ghcr.io/acme/web:2': cannot be used with action 'redeploy', which rebuilds without pulling: use action 'deploy'",
    );
    expect(message({ ...base, 'application-id': '', 'compose-id': 'c', 'docker-image': 'x:1' })).toBe(
      "Input 'docker-image' is 'x:1': applies to applications only: set the image in the compose file instead",
    );
  });

  it('builds a marker outside GitHub Actions too', () => {
    expect(
      defaultMarker({ workflow: '', runId: '', runNumber: '', runAttempt: '', sha: '', repository: '' }),
    ).toEqual({
      title: 'dokploy-deploy #0.1',
      description: 'GitHub Actions run ?.1',
    });
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; required?: boolean; description: string }>;
    outputs: Record<string, { description: string }>;
    runs: { using: string; main: string };
  };

  it('declares exactly the inputs readSettings reads, with the same defaults', () => {
    const read = new Set<string>();
    readSettings((name) => {
      read.add(name);
      return (base as Record<string, string>)[name] ?? '';
    }, RUN);
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort());
    // action.yml's default strings, read as the runner would pass them, give DEFAULT_SETTINGS.
    const given = base as Record<string, string>;
    const fromYaml = readSettings((name) => given[name] ?? action.inputs[name]?.default ?? '', RUN);
    const fromDefaults = readSettings((name) => given[name] ?? '', RUN);
    expect(fromYaml).toEqual(fromDefaults);
    expect(fromDefaults).toMatchObject(DEFAULT_SETTINGS);
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
    expect(SECRET_INPUTS).toEqual(['api-key', 'github-token']);
  });

  it('runs the bundle on node24 and declares every output', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/dokploy-deploy/index.js' });
    expect(Object.keys(action.outputs).sort()).toEqual([
      'deployment-id',
      'dokploy-version',
      'duration-seconds',
      'github-deployment-id',
      'restore-point',
      'rollback',
      'rollback-detail',
      'rolled-back-to',
      'status',
    ]);
  });
});

describe('resolveSettings (typed values, as the pipeline command passes them)', () => {
  const given = {
    dokployUrl: 'https://dokploy.example.com/api',
    apiKey: 'k',
    target: { kind: 'application' as const, id: 'app-1' },
    title: 't',
    description: 'd',
    sha: undefined,
  };

  it('fills in DEFAULT_SETTINGS and normalises the URL', () => {
    expect(resolveSettings(given)).toEqual({
      ...DEFAULT_SETTINGS,
      env: [],
      ...given,
      dokployUrl: 'https://dokploy.example.com',
    });
  });

  it.each([
    [{ timeoutMs: 0 }, "Input 'timeout' is '0ms': use a duration above zero, such as 30m"],
    [
      { pollIntervalMs: 100 },
      "Input 'poll-interval' is '100ms': use at least 500ms (the default 3s is gentle on Dokploy)",
    ],
    [
      { target: { kind: 'compose' as const, id: ' ' } },
      "Inputs 'application-id' and 'compose-id': is empty: give the id (it is in the service's URL in Dokploy)",
    ],
    [
      { action: 'redeploy' as const, dockerImage: 'web:2' },
      "Input 'docker-image' is 'web:2': cannot be used with action 'redeploy', which rebuilds without pulling: use action 'deploy'",
    ],
    [{ logLines: -1 }, "Input 'log-lines' is '-1': use a whole number from 0 to 10000"],
  ])('%j: one line naming the input', (change, message) => {
    expect(() => resolveSettings({ ...given, ...change })).toThrow(message);
  });

  it('names the settings as the caller says (the CLI subjects)', () => {
    const subjects = {
      ...INPUT_SUBJECTS,
      dokployUrl: 'Environment variable DOKPLOY_URL',
      timeoutMs: 'Option --deploy-timeout',
    };
    expect(() => resolveSettings({ ...given, timeoutMs: -5 }, subjects)).toThrow(
      "Option --deploy-timeout is '-5ms': use a duration above zero, such as 30m",
    );
    expect(() => resolveSettings({ ...given, dokployUrl: 'dokploy' }, subjects)).toThrow(
      "Environment variable DOKPLOY_URL is 'dokploy': use an http(s) address such as https://dokploy.example.com",
    );
  });
});
