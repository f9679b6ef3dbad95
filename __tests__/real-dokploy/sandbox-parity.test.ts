/**
 * The sandbox follows the real Dokploy v0.30.2: the same calls against both (scripts/dokploy/
 * compare-sandbox.ts), and no difference a client could observe. Fails, never skips, when the real
 * server that `npm run dokploy:up` started is absent.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { join } from 'node:path';
import { compareSandbox } from '../../scripts/dokploy/compare-sandbox.js';
import { readDokployEnv } from '../../scripts/dokploy/fixtures.js';
import { DOKPLOY_ROOT } from '../support/real-dokploy.js';

jest.setTimeout(170_000);

/** The real server's URL and key, or the one line that says why there is none. */
async function realServer(): Promise<{ url: string; apiKey: string }> {
  let server: { url: string; apiKey: string };
  try {
    server = readDokployEnv(join(DOKPLOY_ROOT, 'dokploy.env'));
  } catch {
    throw new Error(
      `no real Dokploy: ${DOKPLOY_ROOT}/dokploy.env is missing; run 'npm run dokploy:up' first`,
    );
  }
  const answer = await fetch(`${server.url}/api/settings.getDokployVersion`, {
    headers: { 'x-api-key': server.apiKey },
  }).catch((error: Error) => error);
  if (answer instanceof Error || !answer.ok) {
    throw new Error(
      `no real Dokploy at ${server.url} (${answer instanceof Error ? answer.message : `HTTP ${answer.status}`}); run 'npm run dokploy:up'`,
    );
  }
  return server;
}

describe('the sandbox against the real Dokploy v0.30.2', () => {
  test('a client observes no difference (errors, env, lifecycle, queue, logs, compose)', async () => {
    const real = await realServer();
    const report = await compareSandbox({ real });
    // The list itself is the failure message: one readable line per difference.
    expect(report.differences).toEqual([]);
    // The comparison really ran both sides.
    expect(Object.keys(report.real).length).toBeGreaterThan(80);
    expect(Object.keys(report.sandbox)).toEqual(Object.keys(report.real));
    expect(JSON.stringify(report)).not.toContain(real.apiKey);
  });
});
