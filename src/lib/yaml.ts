import { load, YAMLException, type LoadOptions } from 'js-yaml';

/** Options of `parseYaml`. */
export interface YamlOptions {
  /** The deepest nesting accepted (js-yaml's `maxDepth`, which its types do not list yet). Default 100. */
  maxDepth?: number;
}

/**
 * The kit's one YAML parser: js-yaml, the parser dorny/paths-filter uses (so filters parse exactly
 * as they do there), and about ten times cheaper to load than `yaml` — which matters for an action
 * whose whole run is a few hundred milliseconds.
 *
 * @param options - `maxDepth`: the deepest nesting accepted (default 100, js-yaml's)
 * @returns the parsed document (`undefined` for an empty or comment-only one)
 * @throws YamlError with a one-line reason and position
 * @example parseYaml('a: [1, 2]') // { a: [1, 2] }
 */
export function parseYaml(text: string, options: YamlOptions = {}): unknown {
  try {
    return load(text, options as LoadOptions);
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
