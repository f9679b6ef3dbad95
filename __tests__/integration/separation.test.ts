/**
 * The separation checks against the three fixture platform servers (real HTTP on 127.0.0.1): the
 * correct fixture passes, and each variant fails exactly the rule it breaks, with the evidence.
 */
import { systemClock } from '../../src/lib/clock.js';
import { toRetryPolicy } from '../../src/lib/retry.js';
import { renderJunit } from '../../src/run-e2e-separation/junit.js';
import { formatEvidence } from '../../src/run-e2e-separation/result.js';
import { runSeparation, type SeparationReport } from '../../src/run-e2e-separation/separation.js';
import { parseSpec, readCredentials } from '../../src/run-e2e-separation/spec.js';
import { renderSummary } from '../../src/run-e2e-separation/summary.js';
import {
  PLATFORM_TOKENS,
  startPlatformServers,
  type PlatformServers,
  type PlatformVariant,
} from '../fixtures/separation/servers.js';
import { recordingLogger } from '../support/logger.js';

const OPTIONS = {
  limits: { timeoutMs: 10_000, maxBytes: 1024 * 1024, retry: toRetryPolicy({ maxAttempts: 1 }) },
  maxChunks: 50,
  maxChunkBytes: 1024 * 1024,
};

async function separate(servers: PlatformServers): Promise<{ report: SeparationReport; everything: string }> {
  const spec = parseSpec(servers.spec('local'), 'inline', 'local');
  const log = recordingLogger();
  const deps = { clock: systemClock, fetch: globalThis.fetch, signal: new AbortController().signal, log };
  const report = await runSeparation(spec, readCredentials(spec, servers.env()), OPTIONS, deps);
  const everything = [
    log.text(),
    renderJunit(report.results, report.environment),
    renderSummary(report, 'separation-junit.xml'),
    JSON.stringify(report),
  ].join('\n');
  return { report, everything };
}

function failures(report: SeparationReport): string[] {
  return report.results
    .filter((r) => r.verdict === 'failed' || r.verdict === 'error')
    .map((r) => `[${r.rule}] ${r.name}`);
}

async function withServers<T>(
  variant: PlatformVariant,
  fn: (servers: PlatformServers) => Promise<T>,
): Promise<T> {
  const servers = await startPlatformServers(variant);
  try {
    return await fn(servers);
  } finally {
    await servers.close();
  }
}

function expectNoSecrets(text: string): void {
  for (const token of Object.values(PLATFORM_TOKENS)) expect(text).not.toContain(token);
}

describe('separation against the fixture platforms', () => {
  it('passes every check on the correct fixture, reading HTML, chunks, credentials, cookies and CORS', async () => {
    await withServers('correct', async (servers) => {
      const { report, everything } = await separate(servers);
      expect(failures(report)).toEqual([]);
      expect(report.totals).toEqual({ total: 31, passed: 29, failed: 0, errors: 0, skipped: 2 });
      expect(report.results.filter((r) => r.verdict === 'skipped').map((r) => r.name)).toEqual([
        'management shows no bizoholic markers',
        'management shows no coreldove markers',
      ]);
      // Chunks were followed (the inlined NEXT_PUBLIC_PLATFORM lives only there), the CDN one was not.
      expect(servers.requests).toContain('coreldove GET /_next/static/chunks/app/page-coreldove.js');
      expect(servers.requests).toContain('bizoholic GET /_next/static/chunks/webpack-4f2a.js');
      const own = report.results.find((r) => r.name === 'coreldove shows its own markers');
      expect(own?.evidence.map(formatEvidence)).toContain(
        `GET ${servers.urls.coreldove}/_next/static/chunks/app/page-coreldove.js → 200: /platform:\\s*"coreldove"/ in script: 'self.__PLATFORM__={platform:"coreldove",brand:"CorelDove"};\\ndocument.cookie="cd…'`,
      );
      const foreign = report.results.find((r) => r.name === 'coreldove shows no bizoholic markers');
      expect(foreign?.evidence[0]?.detail).toBe(
        'searched the HTML and 3 script(s); not followed: https://cdn.example.test/analytics.js (other origin)',
      );
      // Each page and chunk was fetched once, however many checks read it.
      expect(servers.requests.filter((r) => r === 'bizoholic GET /')).toHaveLength(1);
      expect(
        servers.requests.filter((r) => r === 'bizoholic GET /_next/static/chunks/framework-9a1c.js'),
      ).toHaveLength(1);
      expectNoSecrets(everything);
    });
  });

  it('fails on a foreign marker inlined in a JS chunk, quoting the chunk', async () => {
    await withServers('foreign-chunk', async (servers) => {
      const { report, everything } = await separate(servers);
      expect(failures(report)).toEqual(['[foreign-markers] coreldove shows no bizoholic markers']);
      const failed = report.results.find((r) => r.verdict === 'failed');
      expect(failed?.message).toBe(
        `coreldove's page / contains bizoholic's marker /platform:\\s*"bizoholic"/ in its script ${servers.urls.coreldove}/_next/static/chunks/framework-9a1c.js: 'var f={platform:"bizoholic"};(self.webpackChunk=self.webpackChunk||…' (2 matches in all)`,
      );
      expect(failed?.evidence.map((e) => e.request)).toEqual([
        `GET ${servers.urls.coreldove}/_next/static/chunks/framework-9a1c.js`,
        `GET ${servers.urls.coreldove}/_next/static/chunks/framework-9a1c.js`,
      ]);
      expectNoSecrets(everything);
    });
  });

  it('fails on a cookie scoped to the parent domain, for every other platform', async () => {
    await withServers('parent-cookie', async (servers) => {
      const { report, everything } = await separate(servers);
      expect(failures(report)).toEqual([
        "[cookie-scope] bizoholic's cookies do not reach coreldove",
        "[cookie-scope] bizoholic's cookies do not reach management",
      ]);
      const failed = report.results.find((r) => r.verdict === 'failed');
      expect(failed?.message).toBe(
        `cookie 'bz_visitor' set by bizoholic has Domain=bizosaas.localhost, so browsers send it to coreldove's host coreldove.bizosaas.localhost: GET ${servers.urls.bizoholic}/ answered 200 with Set-Cookie: bz_visitor=…; Path=/; SameSite=Lax; Domain=bizosaas.localhost`,
      );
      expectNoSecrets(everything);
    });
  });

  it('fails on CORS that echoes any origin with credentials', async () => {
    await withServers('cors-echo', async (servers) => {
      const { report, everything } = await separate(servers);
      expect(failures(report)).toEqual([
        "[cors] bizoholic does not admit coreldove's origin with credentials",
        "[cors] bizoholic does not admit management's origin with credentials",
      ]);
      const failed = report.results.find((r) => r.verdict === 'failed');
      const origin = servers.origins.coreldove;
      expect(failed?.message).toBe(
        `bizoholic admits coreldove's origin with credentials (it echoes any Origin): OPTIONS ${servers.urls.bizoholic}/api/me with Origin ${origin} answered Access-Control-Allow-Origin: ${origin}, Access-Control-Allow-Credentials: true`,
      );
      expect(failed?.evidence.map(formatEvidence).at(-1)).toBe(
        `GET ${servers.urls.bizoholic}/api/me (Origin: https://separation-probe.invalid) → 401: Access-Control-Allow-Origin: https://separation-probe.invalid, Access-Control-Allow-Credentials: true`,
      );
      expectNoSecrets(everything);
    });
  });

  it("fails when a platform accepts another platform's token, naming the variable not the value", async () => {
    await withServers('token-accepted', async (servers) => {
      const { report, everything } = await separate(servers);
      expect(failures(report)).toEqual(["[foreign-credential] coreldove rejects bizoholic's credential"]);
      const failed = report.results.find((r) => r.verdict === 'failed');
      expect(failed?.message).toBe(
        `coreldove's endpoint /api/me accepted bizoholic's credential (BIZOHOLIC_E2E_TOKEN): GET ${servers.urls.coreldove}/api/me answered 200, expected 401 or 403`,
      );
      expect(failed?.evidence.map(formatEvidence)).toEqual([
        `GET ${servers.urls.coreldove}/api/me with bizoholic's credential → 200: application/json, 37 byte(s) (body not shown)`,
      ]);
      expectNoSecrets(everything);
    });
  });

  it('catches a platform built with the wrong NEXT_PUBLIC_PLATFORM by markers and the compare endpoint', async () => {
    await withServers('wrong-build', async (servers) => {
      const { report } = await separate(servers);
      expect(failures(report)).toEqual([
        '[own-markers] coreldove shows its own markers',
        '[foreign-markers] coreldove shows no bizoholic markers',
        '[compare] /api/platform answers differently on bizoholic and coreldove',
      ]);
      expect(report.results.find((r) => r.rule === 'compare' && r.verdict === 'failed')?.message).toBe(
        `/api/platform must answer differently on bizoholic and coreldove but answered the same: GET ${servers.urls.bizoholic}/api/platform → 200: '{"platform":"bizoholic"}'; GET ${servers.urls.coreldove}/api/platform → 200: '{"platform":"bizoholic"}'`,
      );
    });
  });

  it('reports a platform that does not answer as an error of each check that needs it', async () => {
    const servers = await startPlatformServers('correct');
    const spec = servers.spec('local');
    await servers.close();
    const parsed = parseSpec(spec, 'inline', 'local');
    const deps = {
      clock: systemClock,
      fetch: globalThis.fetch,
      signal: new AbortController().signal,
      log: recordingLogger(),
    };
    const report = await runSeparation(parsed, readCredentials(parsed, servers.env()), OPTIONS, deps);
    expect(report.totals.errors).toBe(report.totals.total - report.totals.skipped);
    const first = report.results[0];
    expect(first?.verdict).toBe('error');
    expect(first?.message).toMatch(
      new RegExp(`^could not load page ${servers.urls.bizoholic}/: .*ECONNREFUSED`),
    );
  });
});
