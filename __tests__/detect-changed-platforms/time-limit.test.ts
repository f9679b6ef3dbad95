import { runWithTimeLimit, TimeLimitError } from '../../src/detect-changed-platforms/time-limit.js';

describe('runWithTimeLimit', () => {
  it('returns what the work returns, and passes its errors through unchanged', () => {
    expect(runWithTimeLimit(1_000, () => 42)).toBe(42);
    const error = new RangeError('own');
    expect(() =>
      runWithTimeLimit(1_000, () => {
        throw error;
      }),
    ).toThrow(error);
  });

  it('interrupts a regular expression that backtracks without end, inside one test', () => {
    const catastrophic = /^(a+)+$/;
    const input = `${'a'.repeat(40)}!`;
    let thrown: unknown;
    try {
      runWithTimeLimit(200, () => catastrophic.test(input));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TimeLimitError);
    expect((thrown as TimeLimitError).message).toBe('did not finish within 200 ms');
    // The context is reusable after an interruption.
    expect(runWithTimeLimit(1_000, () => 'again')).toBe('again');
  });
});
