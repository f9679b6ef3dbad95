/**
 * The pipeline command's configuration (src/cli/pipeline-config.ts): the deploy settings are checked
 * by the deploy core's own rules, and every error names the option or variable the user set.
 */
import { describe, expect, test } from '@jest/globals';
import { planDeploys } from '../../src/detect-changed-platforms/plan.js';
import { readPipelineConfig, type PipelineFlags } from '../../src/cli/pipeline-config.js';
import { parseManifest } from '../../src/lib/manifest.js';

const PLAN = planDeploys({
  manifest: parseManifest(
    'platforms:\n  web:\n    paths: [web/**]\n    deploy: { kind: application, production: { id: app-web } }\n',
    'inline',
  ),
  matches: new Map([['web', ['web/a.ts']]]),
  environment: 'production',
  branch: 'main',
  select: [],
});

const FLAGS: PipelineFlags = {
  'deploy-timeout': '20m',
  'poll-interval': '2s',
  'stable-for': '20s',
  rollback: 'never',
  'health-timeout': '5m',
  'health-interval': '5s',
  'separation-after': '1',
  spec: '',
  'no-separation': true,
};

function read(flags: Partial<PipelineFlags>, env: Record<string, string> = {}) {
  return readPipelineConfig({ ...FLAGS, ...flags }, PLAN, {
    env: { DOKPLOY_URL: 'https://dokploy.example.com/api/', DOKPLOY_TOKEN: 'tok-1', ...env },
    cwd: '/nonexistent',
    head: 'abc1234',
    manifestSource: 'inline',
  });
}

describe('readPipelineConfig', () => {
  test("the separation checks go after the spec's after: stage unless --separation-after says otherwise", () => {
    const manifest = parseManifest(
      'platforms:\n  infra: { paths: [infra/**], deploy: { kind: compose, production: { id: i } } }\n  web:\n    paths: [web/**]\n    needs: [infra]\n    deploy: { kind: application, production: { id: w } }\n',
      'inline',
    );
    const planned = (after: string) =>
      planDeploys({
        manifest,
        matches: new Map([['web', ['web/a.ts']]]),
        environment: 'production',
        branch: 'main',
        select: [],
        separation: {
          after: after === '' ? undefined : Number(after),
          platforms: ['web', 'infra'],
          source: 's',
        },
      });
    const where = {
      env: { DOKPLOY_URL: 'https://d.example', DOKPLOY_TOKEN: 't' },
      cwd: '/nonexistent',
      head: 'abc1234',
      manifestSource: 'inline',
    };
    const stage = (after: string, option: string) =>
      readPipelineConfig({ ...FLAGS, 'separation-after': option }, planned(after), where)
        .separationAfterStage;
    expect(stage('0', '')).toBe(0);
    expect(stage('', '')).toBe(1);
    expect(stage('0', '1')).toBe(1);
    expect(() => stage('', 'two')).toThrow(
      "Option --separation-after is 'two': use a stage number such as 1",
    );
  });

  test('a platform named by Dokploy names needs no id variable: the deploy resolves it', () => {
    const plan = planDeploys({
      manifest: parseManifest(
        'platforms:\n  web:\n    paths: [web/**]\n    deploy: { production: { project: web-platform, application: frontend } }\n',
        'inline',
      ),
      matches: new Map([['web', ['web/a.ts']]]),
      environment: 'production',
      branch: 'main',
      select: [],
    });
    expect(plan.platforms[0]).toMatchObject({
      id: '',
      secret: '',
      project: 'web-platform',
      service: 'frontend',
    });
    const config = readPipelineConfig(FLAGS, plan, {
      env: { DOKPLOY_URL: 'https://dokploy.example.com', DOKPLOY_TOKEN: 'tok-1' },
      cwd: '/nonexistent',
      head: 'abc1234',
      manifestSource: 'inline',
    });
    expect(config.ids).toEqual({});
  });

  test('typed deploy settings: the URL normalised as the action does, durations in ms', () => {
    const config = read({});
    expect(config.deploy).toEqual({
      dokployUrl: 'https://dokploy.example.com',
      apiKey: 'tok-1',
      timeoutMs: 20 * 60_000,
      pollIntervalMs: 2000,
    });
    expect(config.verify).toEqual({ stableForMs: 20_000, rollback: 'never' });
    expect(config.ids).toEqual({ web: 'app-web' });
    expect(config.health).toEqual({
      timeoutMs: 300_000,
      intervalMs: 5000,
      requestTimeoutMs: 10_000,
      consecutiveSuccesses: 1,
      insecureTls: false,
    });
  });

  test.each([
    [
      { 'deploy-timeout': 'soon' },
      {},
      "Option --deploy-timeout is 'soon': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
    [
      { 'deploy-timeout': '0' },
      {},
      "Option --deploy-timeout is '0ms': use a duration above zero, such as 30m",
    ],
    [
      { 'poll-interval': '100ms' },
      {},
      "Option --poll-interval is '100ms': use at least 500ms (the default 3s is gentle on Dokploy)",
    ],
    [
      { 'stable-for': 'a while' },
      {},
      "Option --stable-for is 'a while': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
    [
      { 'stable-for': '11m' },
      {},
      "Option --stable-for is '11m 00s': use a duration from 0 (no running check) to 10m, such as 20s",
    ],
    [{ rollback: 'always' }, {}, "Option --rollback is 'always': use one of on-failure, on-unhealthy, never"],
    [
      { 'health-timeout': 'x' },
      {},
      "Option --health-timeout is 'x': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
    [
      { 'health-interval': '0' },
      {},
      "Option --health-interval is '0ms': use a duration greater than zero, such as 500ms, 5s or 2m",
    ],
    [
      {},
      { DOKPLOY_URL: 'ftp://dokploy.example.com' },
      "Environment variable DOKPLOY_URL is 'ftp://dokploy.example.com': use an http(s) address such as https://dokploy.example.com",
    ],
  ])('%j %j: one line naming what the user set', (flags, env, message) => {
    expect(() => read(flags, env)).toThrow(message);
  });

  test('--stable-for 0 turns the running check off; --rollback takes the action policy', () => {
    expect(read({ 'stable-for': '0', rollback: 'on-unhealthy' }).verify).toEqual({
      stableForMs: 0,
      rollback: 'on-unhealthy',
    });
  });
});
