import { load, YAMLException } from 'js-yaml';

/**
 * The kit's one YAML parser: js-yaml, the parser dorny/paths-filter uses (so filters parse exactly
 * as they do there), and about ten times cheaper to load than `yaml` — which matters for an action
 * whose whole run is a few hundred milliseconds.
 *
 * @returns the parsed document (`undefined` for an empty or comment-only one)
 * @throws YamlError with a one-line reason and position
 * @example parseYaml('a: [1, 2]') // { a: [1, 2] }
 */
export function parseYaml(text: string): unknown {
  try {
    return load(text);
  } catch (error) {
    if (error instanceof YAMLException) {
      const where = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
      throw new YamlError(`${error.reason}${where}`);
    }
    throw error;
  }
}

/** Thrown by `parseYaml`; the message is one line ("duplicated mapping key at line 3, column 1"). */
export class YamlError extends Error {
  override name = 'YamlError';
}
