import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJunit, xml } from '../../src/run-e2e-separation/junit.js';
import type { CheckResult } from '../../src/run-e2e-separation/result.js';

const results: CheckResult[] = [
  {
    name: 'bizoholic shows its own markers',
    rule: 'own-markers',
    platform: 'bizoholic',
    other: undefined,
    verdict: 'passed',
    message: 'ok',
    evidence: [
      {
        request: 'GET http://a/',
        status: 200,
        detail: `'data-platform="bizoholic"' in HTML: '<html data-platform="bizoholic">'`,
      },
    ],
    durationMs: 12,
  },
  {
    name: "bizoholic's cookies do not reach coreldove",
    rule: 'cookie-scope',
    platform: 'bizoholic',
    other: 'coreldove',
    verdict: 'failed',
    message: "cookie 'bz' set by bizoholic has Domain=example.com & more <sic>",
    evidence: [
      { request: 'GET http://a/', status: 200, detail: 'Set-Cookie: bz=…; Domain=example.com\u0001' },
    ],
    durationMs: 1500,
  },
  {
    name: 'management shows no bizoholic markers',
    rule: 'foreign-markers',
    platform: 'management',
    other: 'bizoholic',
    verdict: 'skipped',
    message: 'allowed by the spec',
    evidence: [],
    durationMs: 0,
  },
  {
    name: 'management accepts its own credential',
    rule: 'own-credential',
    platform: 'management',
    other: undefined,
    verdict: 'error',
    message: 'no answer: GET http://m/api/me failed: ECONNREFUSED',
    evidence: [{ request: 'GET http://m/api/me', status: undefined, detail: 'ECONNREFUSED' }],
    durationMs: 3,
  },
];

describe('renderJunit', () => {
  const text = renderJunit(results, 'staging');

  it('writes well-formed XML', () => {
    expect(XMLValidator.validate(text)).toBe(true);
  });

  it('groups checks into one suite per platform with counts, verdicts and evidence', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text);
    const root = doc.testsuites;
    expect(root).toMatchObject({
      name: 'platform separation (staging)',
      tests: '4',
      failures: '1',
      errors: '1',
      skipped: '1',
      time: '1.515',
    });
    const [bizoholic, management] = root.testsuite;
    expect(bizoholic).toMatchObject({
      name: 'bizoholic',
      tests: '2',
      failures: '1',
      errors: '0',
      skipped: '0',
    });
    expect(management).toMatchObject({
      name: 'management',
      tests: '2',
      failures: '0',
      errors: '1',
      skipped: '1',
    });
    const [passed, failed] = bizoholic.testcase;
    expect(passed).toMatchObject({
      classname: 'separation.bizoholic.own-markers',
      name: 'bizoholic shows its own markers',
      time: '0.012',
    });
    expect(passed['system-out']).toContain(`'data-platform="bizoholic"' in HTML`);
    expect(failed.failure).toMatchObject({
      type: 'cookie-scope',
      message: "cookie-scope: cookie 'bz' set by bizoholic has Domain=example.com & more <sic>",
      '#text': 'GET http://a/ → 200: Set-Cookie: bz=…; Domain=example.com',
    });
    const [skipped, errored] = management.testcase;
    expect(skipped.skipped).toMatchObject({ message: 'allowed by the spec' });
    expect(errored.error).toMatchObject({
      type: 'own-credential',
      '#text': 'GET http://m/api/me → no answer: ECONNREFUSED',
    });
  });
});

describe('xml', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xml(`a<b>&"c'\u0000\u0008d\ttab`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d\ttab');
  });
});
