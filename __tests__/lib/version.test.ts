import { describe, expect, test } from '@jest/globals';
import { compareVersions } from '../../src/lib/version.js';

describe('compareVersions', () => {
  test.each([
    ['v0.30.2', 'v0.29.0', 1],
    ['v0.28.0', 'v0.28.3', -1],
    ['0.30.2', 'v0.30.2', 0],
    ['v0.30.2-canary.1', 'v0.30.2', 0],
    // Malformed parts count as 0 (the sandbox once compared NaN and answered "neither older nor newer").
    ['vX.Y', 'v0.0.0', 0],
    ['v1.x.3', 'v1.0.2', 1],
  ])('%s against %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
