/**
 * The sandbox follows the real Dokploy v0.30.2: the same calls against both (scripts/dokploy/
 * compare-sandbox.ts), and no difference a client could observe. Fails, never skips, when the real
 * server that `npm run dokploy:up` started is absent.
 */
import { describe, expect, jest, test } from '@jest/globals';
import { compareSandbox } from '../../scripts/dokploy/compare-sandbox.js';
import { holdRealDokploy } from '../support/real-dokploy.js';

jest.setTimeout(170_000);

describe('the sandbox against the real Dokploy v0.30.2', () => {
  test('a client observes no difference (errors, env, lifecycle, queue, logs, compose)', async () => {
    const { url, apiKey, release } = await holdRealDokploy();
    const report = await compareSandbox({ real: { url, apiKey } }).finally(release);
    // The list itself is the failure message: one readable line per difference.
    expect(report.differences).toEqual([]);
    // The comparison really ran both sides.
    expect(Object.keys(report.real).length).toBeGreaterThan(80);
    expect(Object.keys(report.sandbox)).toEqual(Object.keys(report.real));
    expect(JSON.stringify(report)).not.toContain(apiKey);
  });
});
