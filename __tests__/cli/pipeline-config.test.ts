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
  test('typed deploy settings: the URL normalised as the action does, durations in ms', () => {
    const config = read({});
    expect(config.deploy).toEqual({
      dokployUrl: 'https://dokploy.example.com',
      apiKey: 'tok-1',
      timeoutMs: 20 * 60_000,
      pollIntervalMs: 2000,
    });
    expect(config.ids).toEqual({ web: 'app-web' });
    expect([config.healthTimeoutMs, config.healthIntervalMs]).toEqual([300_000, 5000]);
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
      { 'health-timeout': 'x' },
      {},
      "Option --health-timeout is 'x': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)",
    ],
    [
      {},
      { DOKPLOY_URL: 'ftp://dokploy.example.com' },
      "Environment variable DOKPLOY_URL is 'ftp://dokploy.example.com': use an http(s) address such as https://dokploy.example.com",
    ],
  ])('%j %j: one line naming what the user set', (flags, env, message) => {
    expect(() => read(flags, env)).toThrow(message);
  });
});
