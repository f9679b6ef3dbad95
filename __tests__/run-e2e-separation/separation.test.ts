import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/lib/clock.js';
import { toRetryPolicy } from '../../src/lib/retry.js';
import { redactText, secretForms } from '../../src/run-e2e-separation/redact.js';
import { planChecks, runSeparation } from '../../src/run-e2e-separation/separation.js';
import { parseSpec } from '../../src/run-e2e-separation/spec.js';
import type { SeparationEvent } from '../../src/run-e2e-separation/requests.js';
import { recordingLogger } from '../support/logger.js';

const OPTIONS = {
  limits: { timeoutMs: 10_000, maxBytes: 65_536, retry: toRetryPolicy({ maxAttempts: 1 }) },
  maxChunks: 5,
  maxChunkBytes: 65_536,
};

function spec(urls: { a: string; b: string }, extraA = ''): string {
  return `platforms:
  a:
    urls: { test: { url: '${urls.a}', origin: 'https://a.example.com' } }
    markers: [ALPHA]
    auth: { endpoint: /me, credential: A_TOKEN }
${extraA}  b:
    urls: { test: { url: '${urls.b}', origin: 'https://b.example.com' } }
    markers: [BRAVO]
compare:
  - path: /
`;
}

describe('planChecks', () => {
  it('generates own checks per platform and pair checks per ordered pair, in run order', () => {
    const parsed = parseSpec(spec({ a: 'http://127.0.0.1:1', b: 'http://127.0.0.1:2' }), 'inline', 'test');
    expect(planChecks(parsed).map((c) => `${c.rule} ${c.platform}>${c.other ?? ''}`)).toEqual([
      'own-markers a>',
      'own-credential a>',
      'foreign-markers a>b',
      'foreign-credential a>b',
      'cookie-scope a>b',
      'cors a>b',
      'own-markers b>',
      'foreign-markers b>a',
      'cookie-scope b>a',
      'cors b>a',
      'compare a>b',
    ]);
  });
});

describe('runSeparation', () => {
  let server: Server;
  let url: string;
  let page = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/me') {
        res.writeHead(req.headers.authorization === 'Bearer tok-Z9q/secret+1' ? 200 : 401);
        return res.end(String(req.headers.authorization));
      }
      if (req.url === '/big.js') return res.end(`${'x'.repeat(100)}BRAVO`);
      if (req.url === '/old') {
        res.writeHead(302, { location: '/', 'set-cookie': 'r=1; Domain=example.com; Path=/' });
        return res.end();
      }
      if (req.url === '/away') {
        res.writeHead(302, { location: 'https://elsewhere.test/' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('never shows a credential, even when a page leaks it next to a foreign marker', async () => {
    page = `<p>ALPHA BRAVO token=tok-Z9q/secret+1 <a href="/x?t=${encodeURIComponent('tok-Z9q/secret+1')}">x</a></p>`;
    const parsed = parseSpec(spec({ a: url, b: `${url}/b/` }), 'inline', 'test');
    const log = recordingLogger();
    const events: SeparationEvent[] = [];
    const deps = {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal: new AbortController().signal,
      log,
      onEvent: (event: SeparationEvent) => events.push(event),
    };
    const report = await runSeparation(parsed, { a: 'tok-Z9q/secret+1' }, OPTIONS, deps);
    // One event per check, in run order, carrying the same (redacted) result as the report.
    expect(events.map((e) => [e.done, e.total])).toEqual(
      report.results.map((_, i) => [i + 1, report.results.length]),
    );
    expect(events.map((e) => e.result)).toEqual(report.results);
    const foreign = report.results.find((r) => r.name === 'a shows no b markers');
    expect(foreign?.verdict).toBe('failed');
    expect(foreign?.message).toBe(
      `a's page / contains b's marker 'BRAVO' in its HTML: '<p>ALPHA BRAVO token=*** <a href="/x?t=***">x</a></p>'`,
    );
    expect(report.results.find((r) => r.rule === 'own-credential')?.verdict).toBe('passed');
    expect(JSON.stringify(report) + JSON.stringify(events) + log.text()).not.toContain('tok-Z9q/secret+1');
    expect(JSON.stringify(report) + log.text()).not.toContain('tok-Z9q%2Fsecret%2B1');
  });

  it('reads scripts only up to the size limit and no more of them than allowed, and says so', async () => {
    page = '<p>ALPHA</p><script src="/big.js"></script>';
    const parsed = parseSpec(spec({ a: url, b: url }), 'inline', 'test');
    const deps = {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal: new AbortController().signal,
      log: recordingLogger(),
    };
    const run = (maxChunks: number) =>
      runSeparation(parsed, { a: 'tok-Z9q/secret+1' }, { ...OPTIONS, maxChunks, maxChunkBytes: 64 }, deps);
    const cut = (await run(5)).results.find((r) => r.name === 'a shows no b markers');
    expect(cut?.verdict).toBe('passed');
    expect(cut?.evidence[0]?.detail).toBe(
      'searched the HTML and 1 script(s) (1 read only up to the size limit)',
    );
    const none = (await run(0)).results.find((r) => r.name === 'a shows no b markers');
    expect(none?.evidence[0]?.detail).toBe(
      `searched the HTML and 0 script(s); not followed: ${url}/big.js (past 0 chunks)`,
    );
  });

  it('follows redirects on the platform, judging the cookies of every hop', async () => {
    page = '<p>ALPHA</p>';
    const text = spec({ a: url, b: url }).replace('markers: [ALPHA]', 'markers: [ALPHA]\n    pages: [/old]');
    const deps = {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal: new AbortController().signal,
      log: recordingLogger(),
    };
    const report = await runSeparation(
      parseSpec(text, 'inline', 'test'),
      { a: 'tok-Z9q/secret+1' },
      OPTIONS,
      deps,
    );
    expect(report.results.find((r) => r.name === 'a shows its own markers')?.verdict).toBe('passed');
    expect(report.results.find((r) => r.name === "a's cookies do not reach b")?.message).toBe(
      `cookie 'r' set by a has Domain=example.com, so browsers send it to b's host b.example.com: GET ${url}/old answered 302 with Set-Cookie: r=…; Domain=example.com; Path=/`,
    );
  });

  it('reports a redirect off the platform as a page it could not load', async () => {
    const text = spec({ a: url, b: url }).replace('markers: [ALPHA]', 'markers: [ALPHA]\n    pages: [/away]');
    const deps = {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal: new AbortController().signal,
      log: recordingLogger(),
    };
    const report = await runSeparation(
      parseSpec(text, 'inline', 'test'),
      { a: 'tok-Z9q/secret+1' },
      OPTIONS,
      deps,
    );
    expect(report.results.find((r) => r.name === 'a shows its own markers')).toMatchObject({
      verdict: 'error',
      message: `could not load page ${url}/away: answered 302 redirecting to https://elsewhere.test/, off the platform`,
    });
  });

  it('skips a pair rule the spec allows, saying where', async () => {
    page = '<p>ALPHA BRAVO</p>';
    const parsed = parseSpec(spec({ a: url, b: url }, '    allow: { markers: [b] }\n'), 'inline', 'test');
    const log = recordingLogger();
    const deps = {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal: new AbortController().signal,
      log,
    };
    const report = await runSeparation(parsed, { a: 'tok-Z9q/secret+1' }, OPTIONS, deps);
    expect(report.results.find((r) => r.name === 'a shows no b markers')).toMatchObject({
      verdict: 'skipped',
      message: 'allowed by the spec (platforms.a.allow.markers lists b)',
    });
    // b cannot present a credential: the foreign-credential check needs one.
    expect(report.results.find((r) => r.rule === 'foreign-credential')).toMatchObject({
      verdict: 'skipped',
      message: 'b has no credential in the spec',
    });
    // The same page served on both: the compare check sees identical answers.
    // One log group per platform under test, then the comparisons; failures name their rule.
    expect(log.entries.filter((e) => e.level === 'group').map((e) => e.message)).toEqual([
      'Separation: a',
      'Separation: b',
      'Separation: comparisons',
    ]);
    expect(log.text()).toContain('info: – [foreign-markers] a shows no b markers: allowed by the spec');
    expect(report.results.find((r) => r.rule === 'compare')?.verdict).toBe('failed');
  });
});

describe('redaction', () => {
  it('replaces a secret in its raw, URL-encoded and JSON-escaped forms, longest first', () => {
    const forms = secretForms(['a/b"c', '']);
    expect(forms).toEqual(['a%2Fb%22c', 'a/b\\"c', 'a/b"c']);
    expect(redactText('x a/b"c y a%2Fb%22c z "a/b\\"c"', forms)).toBe('x *** y *** z "***"');
  });
});
