import { formatFailureLines, formatResults, renderSummary } from '../../src/wait-healthy/summary.js';
import type { WaitReport } from '../../src/wait-healthy/wait.js';

const REPORT: WaitReport = {
  healthy: false,
  durationMs: 61_000,
  results: [
    {
      target: 'https://app.example/health',
      kind: 'http',
      healthy: true,
      attempts: 3,
      status: 'HTTP 200',
      detail: 'HTTP 200 OK',
      latencyMs: 42,
      timeToHealthyMs: 12_400,
    },
    {
      target: 'https://api.example/ready',
      kind: 'http',
      healthy: false,
      attempts: 14,
      status: 'HTTP 503',
      detail: 'HTTP 503 Service Unavailable: <b>down</b> | *maintenance*',
      latencyMs: 7,
      timeToHealthyMs: null,
    },
    {
      target: 'tcp://db:5432',
      kind: 'tcp',
      healthy: false,
      attempts: 0,
      status: '',
      detail: '',
      latencyMs: null,
      timeToHealthyMs: null,
    },
  ],
};

describe('summary', () => {
  test('renders a headline and one escaped row per target', () => {
    expect(renderSummary(REPORT)).toBe(
      [
        '### ❌ wait-healthy: 1 of 3 targets healthy after 1m 01s',
        '',
        '| Target | Result | Attempts | Last answer | Latency | Time to healthy |',
        '| --- | --- | --- | --- | --- | --- |',
        '| `https://app.example/health` | ✅ healthy | 3 | HTTP 200 OK | 42ms | 12.4s |',
        '| `https://api.example/ready` | ❌ unhealthy | 14 | HTTP 503 Service Unavailable: &lt;b&gt;down&lt;/b&gt; \\| \\*maintenance\\* | 7ms | – |',
        '| `tcp://db:5432` | ❌ unhealthy | 0 | not probed | – | – |',
        '',
      ].join('\n'),
    );
  });

  test('a healthy report says so in the headline', () => {
    const healthy = { ...REPORT, healthy: true, results: [REPORT.results[0]!] };
    expect(renderSummary(healthy).split('\n')[0]).toBe(
      '### ✅ wait-healthy: the target is healthy in 1m 01s',
    );
  });

  test('lists each unhealthy target with its last error, one line each', () => {
    expect(formatFailureLines(REPORT)).toEqual([
      'https://api.example/ready is not healthy after 14 attempts: HTTP 503 Service Unavailable: <b>down</b> | *maintenance*',
      'tcp://db:5432 is not healthy after 0 attempts: not probed',
    ]);
  });

  test('results are JSON with one object per target', () => {
    expect(JSON.parse(formatResults(REPORT.results))).toEqual(REPORT.results);
  });
});
