/** Assertion helpers for the kit's errors, shared by the test files. */
import { expect } from '@jest/globals';
import { InputError } from '../../src/lib/errors.js';

/**
 * Calls `fn`, which must throw an `InputError` (or an instance of `type`), and returns its message,
 * so the test can check the one line a user reads.
 * @throws Error when `fn` returns normally
 * @example expect(inputErrorMessage(() => parseTarget('ftp://x', SUBJECT))).toBe("…");
 */
export function inputErrorMessage(
  fn: () => unknown,
  type: abstract new (...args: never[]) => Error = InputError,
): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return (error as Error).message;
  }
  throw new Error(`expected ${type.name} to be thrown, but the call returned`);
}
