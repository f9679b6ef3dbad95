/**
 * Merging `env` input pairs into a service's stored environment (KEY=VALUE lines,
 * docs/dokploy-api.md#environment-variables).
 * Values are secrets: nothing here logs; callers report keys only.
 */
import type { EnvMode } from './settings.js';

/** The new environment text and which keys changed. */
export interface EnvChange {
  text: string;
  /** The keys given, in input order (set or added). */
  keys: string[];
  /** False when the text is the same as before (no save needed). */
  changed: boolean;
}

const LINE_KEY = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=/;

/**
 * Merges (or replaces) variables. Merge keeps every other line (comments, order) and replaces the
 * first line of each given key in place, dropping later duplicates; new keys are appended.
 */
export function mergeEnv(current: string, pairs: readonly [string, string][], mode: EnvMode): EnvChange {
  const wanted = new Map(pairs);
  const keys = [...wanted.keys()];
  if (mode === 'replace') {
    const text = [...wanted].map(([k, v]) => `${k}=${v}`).join('\n');
    return { text, keys, changed: text !== current };
  }
  const written = new Set<string>();
  const lines: string[] = [];
  for (const line of current === '' ? [] : current.split(/\r?\n/)) {
    const key = LINE_KEY.exec(line)?.[1];
    if (key === undefined || !wanted.has(key)) {
      lines.push(line);
      continue;
    }
    if (written.has(key)) continue;
    lines.push(`${key}=${wanted.get(key) ?? ''}`);
    written.add(key);
  }
  for (const [key, value] of wanted) if (!written.has(key)) lines.push(`${key}=${value}`);
  const text = lines.join('\n');
  return { text, keys, changed: text !== current };
}
