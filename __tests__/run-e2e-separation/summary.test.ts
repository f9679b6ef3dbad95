import { renderFailureLine, renderSummary } from '../../src/run-e2e-separation/summary.js';
import { countResults, type CheckResult } from '../../src/run-e2e-separation/result.js';
import type { SeparationReport } from '../../src/run-e2e-separation/separation.js';

function result(overrides: Partial<CheckResult>): CheckResult {
  return {
    name: 'a shows its own markers',
    rule: 'own-markers',
    platform: 'a',
    other: undefined,
    verdict: 'passed',
    message: 'ok',
    evidence: [],
    durationMs: 0,
    ...overrides,
  };
}

function report(results: CheckResult[]): SeparationReport {
  return { environment: 'production', results, totals: countResults(results) };
}

describe('renderSummary', () => {
  it('puts failures first and escapes what platforms answered', () => {
    const text = renderSummary(
      report([
        result({}),
        result({
          name: 'a shows no b markers',
          rule: 'foreign-markers',
          verdict: 'failed',
          message: "a's page / contains b's marker '<b>|x' in its HTML",
          evidence: [{ request: 'GET http://a/', status: 200, detail: "'<b>|x' in HTML: '…<b>|x…'" }],
        }),
      ]),
      'separation-junit.xml',
    );
    expect(text).toContain('## Platform separation (production)');
    expect(text).toContain(
      '❌ 1 passed, 1 failed, 0 skipped of 2 checks. JUnit report: `separation-junit.xml`',
    );
    const rows = text.split('\n').filter((line) => line.startsWith('| ❌') || line.startsWith('| ✅'));
    expect(rows[0]).toContain('❌ failed | `foreign-markers` | a shows no b markers');
    expect(rows[0]).toContain('&lt;b&gt;\\|x');
    expect(rows[0]).not.toContain('<b>');
    expect(rows[1]).toContain('✅ passed | `own-markers`');
  });
});

describe('renderFailureLine', () => {
  it('names the count, the environment and the first failed rule', () => {
    const line = renderFailureLine(
      report([
        result({}),
        result({ rule: 'cors', verdict: 'error', message: 'no answer: GET http://a/ failed: ECONNREFUSED' }),
        result({ rule: 'cookie-scope', verdict: 'failed', message: 'second' }),
      ]),
    );
    expect(line).toBe(
      '2 of 3 separation checks failed in production; first: [cors] no answer: GET http://a/ failed: ECONNREFUSED',
    );
  });
});
