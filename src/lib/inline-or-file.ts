import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from './errors.js';

/** An input's YAML text and where it came from. */
export interface InlineOrFile {
  text: string;
  /** The path as given, or "inline". */
  source: string;
}

/**
 * Reads an input that holds either inline YAML or a file path, with dorny's rule: a value with no
 * newline and no ':' is a path (relative to `cwd`), anything else is YAML.
 *
 * @param subject - who the user knows the setting as ("Input 'spec'", "Option --manifest")
 * @param what - what to give instead, for the error line ("the path of the separation spec or inline YAML")
 * @throws InputError when the named file is missing or is not a regular file (a symlink is refused, as in dorny)
 */
export function readInlineOrFile(
  subject: string,
  value: string,
  cwd: string,
  what = 'a path or inline YAML',
): InlineOrFile {
  const trimmed = value.trim();
  if (trimmed.includes('\n') || trimmed.includes(':')) return { text: value, source: 'inline' };
  const path = isAbsolute(trimmed) ? trimmed : resolve(cwd, trimmed);
  if (!existsSync(path)) {
    throw new InputError(subject, trimmed, `no such file (relative to ${cwd}); give ${what}`);
  }
  if (!lstatSync(path).isFile()) {
    throw new InputError(subject, trimmed, 'is not a regular file (directories and symlinks are refused)');
  }
  return { text: readFileSync(path, 'utf8'), source: trimmed };
}

/**
 * `readInlineOrFile` for a value that may be empty: then the file at `fallback` (relative to `cwd`)
 * when it exists, else undefined (a default that is absent is no error; a named file that is, is).
 * @throws InputError as `readInlineOrFile` does, for a named file only
 */
export function readInlineOrFileOrDefault(
  subject: string,
  value: string,
  cwd: string,
  fallback: string,
  what?: string,
): InlineOrFile | undefined {
  if (value.trim() !== '') return readInlineOrFile(subject, value, cwd, what);
  const path = resolve(cwd, fallback);
  return existsSync(path) ? { text: readFileSync(path, 'utf8'), source: fallback } : undefined;
}
