import { inputError } from './errors.js';

/** Reads one raw input by name ('' when absent). Shells pass `core.getInput`, tests a lookup. */
export type InputReader = (name: string) => string;

/** YAML 1.2 core-schema booleans, the spellings accepted for boolean inputs. */
export const BOOLEAN_TRUE = ['true', 'True', 'TRUE'] as const;
export const BOOLEAN_FALSE = ['false', 'False', 'FALSE'] as const;

/**
 * Parses a boolean input; empty gives `fallback`.
 * @throws InputError listing the accepted spellings
 */
export function parseBoolean(name: string, text: string, fallback: boolean): boolean {
  const value = text.trim();
  if (value === '') return fallback;
  if ((BOOLEAN_TRUE as readonly string[]).includes(value)) return true;
  if ((BOOLEAN_FALSE as readonly string[]).includes(value)) return false;
  throw inputError(name, text, `use one of ${[...BOOLEAN_TRUE, ...BOOLEAN_FALSE].join(', ')}`);
}

/**
 * Checks a value against an `as const` list; empty gives `fallback`.
 * @throws InputError listing the accepted values
 */
export function parseEnum<T extends string>(
  name: string,
  text: string,
  accepted: readonly T[],
  fallback: T,
): T {
  const value = text.trim();
  if (value === '') return fallback;
  if ((accepted as readonly string[]).includes(value)) return value as T;
  throw inputError(name, text, `use one of ${accepted.join(', ')}`);
}

/**
 * Parses a whole number within [min, max]; empty gives `fallback`.
 * @throws InputError naming the range
 */
export function parseInteger(
  name: string,
  text: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = text.trim();
  if (value === '') return fallback;
  const parsed = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw inputError(name, text, `use a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/**
 * Returns a required input's trimmed value.
 * @throws InputError when it is empty
 */
export function requireInput(name: string, text: string, hint: string): string {
  const value = text.trim();
  if (value === '') throw inputError(name, undefined, `is required: ${hint}`);
  return value;
}

/** Splits a multi-line input into trimmed, non-empty lines, dropping `#` comment lines. */
export function parseLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Splits a comma- or newline-separated list into trimmed, non-empty items. */
export function parseList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The entries whose value is defined: a settings partial from which absent inputs take the defaults. */
export function withDefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** True for an http(s) address people open: parses, http or https, no credentials. */
export function isHttpAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
  } catch {
    return false;
  }
}
