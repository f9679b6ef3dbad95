/**
 * Browser mode against the fixture platforms, with Debian's chromium (apt-get install chromium): what
 * only running the pages' scripts shows. The client-rendered and script-cookie variants pass the
 * HTML-and-chunks checks (nothing in the served bytes gives them away) and fail in the browser.
 */
import { systemClock } from '../../src/lib/clock.js';
import { toRetryPolicy } from '../../src/lib/retry.js';
import { launchRenderer, type PageRenderer } from '../../src/run-e2e-separation/browser.js';
import { formatEvidence } from '../../src/run-e2e-separation/result.js';
import { runSeparation, type SeparationReport } from '../../src/run-e2e-separation/separation.js';
import { parseSpec, readCredentials } from '../../src/run-e2e-separation/spec.js';
import {
  PLATFORM_TOKENS,
  startPlatformServers,
  type PlatformVariant,
} from '../fixtures/separation/servers.js';
import { recordingLogger } from '../support/logger.js';

const CHROMIUM = '/usr/bin/chromium';
const OPTIONS = {
  limits: { timeoutMs: 15_000, maxBytes: 1024 * 1024, retry: toRetryPolicy({ maxAttempts: 1 }) },
  maxChunks: 50,
  maxChunkBytes: 1024 * 1024,
};

interface Run {
  report: SeparationReport;
  urls: Record<string, string>;
  origins: Record<string, string>;
  requests: string[];
}

async function separate(variant: PlatformVariant, browser: boolean): Promise<Run> {
  const servers = await startPlatformServers(variant);
  let renderer: PageRenderer | undefined;
  try {
    const spec = parseSpec(servers.spec('local'), 'inline', 'local');
    if (browser) {
      renderer = await launchRenderer({
        executablePath: CHROMIUM,
        platforms: spec.platforms,
        timeoutMs: 15_000,
        maxScriptBytes: 1024 * 1024,
        clock: systemClock,
        signal: new AbortController().signal,
      });
    }
    const deps = {
      browser: renderer,
      clock: systemClock,
      fetch: globalThis.fetch,
      signal: new AbortController().signal,
      log: recordingLogger(),
    };
    const report = await runSeparation(spec, readCredentials(spec, servers.env()), OPTIONS, deps);
    return { report, urls: servers.urls, origins: servers.origins, requests: servers.requests };
  } finally {
    await renderer?.close();
    await servers.close();
  }
}

function failures(report: SeparationReport): string[] {
  return report.results
    .filter((r) => r.verdict === 'failed' || r.verdict === 'error')
    .map((r) => `[${r.rule}] ${r.name}`);
}

describe('separation in browser mode (chromium)', () => {
  it('passes the correct fixture, loading every page at its public origin', async () => {
    const { report, origins, requests } = await separate('correct', true);
    expect(failures(report)).toEqual([]);
    expect(report.totals).toEqual({ total: 31, passed: 29, failed: 0, errors: 0, skipped: 2 });
    // The browser fetched the banner (client-side rendering ran) and the page evidence names the origin.
    expect(requests.filter((r) => r === 'coreldove GET /api/banner')).toHaveLength(2);
    const own = report.results.find((r) => r.name === 'coreldove shows no bizoholic markers');
    expect(own?.evidence[0]?.detail).toBe(
      'searched the HTML and 3 script(s), and the page in the browser with 3 script(s); not followed: https://cdn.example.test/analytics.js (other origin)',
    );
    const cookies = report.results.find((r) => r.name === "bizoholic's cookies do not reach coreldove");
    expect(cookies?.evidence.map(formatEvidence)).toContain(
      `BROWSER ${origins.bizoholic}/ → 200: document.cookie in the browser: bz_pref=…; Domain=bizoholic.bizosaas.localhost; Path=/`,
    );
  });

  it('catches a marker rendered on the client, which the HTML and chunks do not contain', async () => {
    const statically = await separate('client-rendered', false);
    expect(failures(statically.report)).toEqual([]);
    const { report, origins } = await separate('client-rendered', true);
    expect(failures(report)).toEqual(['[foreign-markers] coreldove shows no bizoholic markers']);
    const failed = report.results.find((r) => r.verdict === 'failed');
    expect(failed?.message).toMatch(
      /^coreldove's page \/ contains bizoholic's marker 'Bizoholic' in its rendered page: '.*<p id="banner">Partner offer from Bizoholic<\/p>.*' \(2 matches in all\)$/,
    );
    expect(failed?.evidence[0]?.request).toBe(`BROWSER ${origins.coreldove}/`);
  });

  it('catches a parent-domain cookie set by a script, which no Set-Cookie header shows', async () => {
    const statically = await separate('script-cookie', false);
    expect(failures(statically.report)).toEqual([]);
    const { report, origins } = await separate('script-cookie', true);
    expect(failures(report)).toEqual([
      "[cookie-scope] bizoholic's cookies do not reach coreldove",
      "[cookie-scope] bizoholic's cookies do not reach management",
    ]);
    expect(report.results.find((r) => r.verdict === 'failed')?.message).toBe(
      `cookie 'bz_pref' set by bizoholic's scripts has Domain=bizosaas.localhost, so browsers send it to coreldove's host coreldove.bizosaas.localhost: BROWSER ${origins.bizoholic}/ answered 200 with document.cookie in the browser: bz_pref=…; Domain=.bizosaas.localhost; Path=/`,
    );
    expect(JSON.stringify(report)).not.toContain(PLATFORM_TOKENS.bizoholic);
  });
});
