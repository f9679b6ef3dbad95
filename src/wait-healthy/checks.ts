/**
 * What an HTTP answer must look like to count as healthy: a status set (`200`, `2xx`,
 * `200-299,301`) and an optional body match (a substring, a `/regex/flags`, or a JSON path
 * equality such as `$.status == "ok"`). Parsing throws `InputError`; checking is pure.
 */
import { InputError } from '../lib/errors.js';

/** Accepted statuses as inclusive ranges. */
export interface StatusSet {
  /** The text the user wrote, for messages. */
  text: string;
  ranges: readonly (readonly [number, number])[];
}

/** How the body of a healthy answer must look. */
export type BodyMatch =
  | { kind: 'substring'; text: string }
  | { kind: 'regex'; regex: RegExp }
  | { kind: 'json'; path: readonly (string | number)[]; pathText: string; expected: unknown };

/** The default status set: any 2xx. */
export const DEFAULT_STATUS_SET: StatusSet = { text: '2xx', ranges: [[200, 299]] };

const STATUS_HINT = 'use codes, classes and ranges such as 200, 2xx or 200-299,301';

/**
 * Parses a status set such as `200`, `2xx` or `200-299,301`.
 * @throws InputError (subject `subject`) when an item is not a code from 100 to 599, a class or a range
 */
export function parseStatusSet(subject: string, text: string): StatusSet {
  const ranges: [number, number][] = [];
  const items = text.split(',').map((item) => item.trim());
  for (const item of items) {
    const cls = /^([1-5])xx$/i.exec(item);
    const range = /^(\d{3})(?:-(\d{3}))?$/.exec(item);
    if (cls) ranges.push([Number(cls[1]) * 100, Number(cls[1]) * 100 + 99]);
    else if (range) {
      const low = Number(range[1]);
      const high = Number(range[2] ?? range[1]);
      if (low < 100 || high > 599 || low > high) throw new InputError(subject, text, STATUS_HINT);
      ranges.push([low, high]);
    } else throw new InputError(subject, text, STATUS_HINT);
  }
  return { text, ranges };
}

/** True when `status` is in the set. */
export function isStatusIn(set: StatusSet, status: number): boolean {
  return set.ranges.some(([low, high]) => status >= low && status <= high);
}

/** True when the set accepts a redirect (3xx) itself, so redirects must not be followed. */
export function acceptsRedirect(set: StatusSet): boolean {
  return set.ranges.some(([low, high]) => low <= 399 && high >= 300);
}

/**
 * Parses a body match: `/regex/flags`, `$.path == <JSON value>`, or else a plain substring.
 * @throws InputError (subject `subject`) when the regex does not compile or the JSON check is malformed
 */
export function parseBodyMatch(subject: string, text: string): BodyMatch {
  const regex = /^\/(.*)\/([dgimsuvy]*)$/s.exec(text);
  if (regex) {
    try {
      return { kind: 'regex', regex: new RegExp(regex[1] ?? '', (regex[2] ?? '').replace(/[gy]/g, '')) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputError(subject, text, `the regular expression does not compile (${reason})`);
    }
  }
  if (text.startsWith('$')) return parseJsonMatch(subject, text);
  return { kind: 'substring', text };
}

/** Returns `undefined` when `body` matches, otherwise a one-line reason. */
export function checkBody(match: BodyMatch, body: string): string | undefined {
  if (match.kind === 'substring') {
    return body.includes(match.text) ? undefined : `body does not contain ${JSON.stringify(match.text)}`;
  }
  if (match.kind === 'regex')
    return match.regex.test(body) ? undefined : `body does not match ${match.regex}`;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return `body is not JSON, so ${match.pathText} cannot be checked`;
  }
  for (const key of match.path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (JSON.stringify(value) === JSON.stringify(match.expected)) return undefined;
  const seen = value === undefined ? 'missing' : JSON.stringify(value);
  return `${match.pathText} is ${seen}, expected ${JSON.stringify(match.expected)}`;
}

const JSON_HINT =
  'write a JSON path check as $.field.sub[0] == "value" (the value in JSON: "text", 3, true, null)';

function parseJsonMatch(subject: string, text: string): BodyMatch {
  const equals = text.indexOf('==');
  if (equals < 0) throw new InputError(subject, text, JSON_HINT);
  const pathText = text.slice(0, equals).trim();
  const valueText = text.slice(equals + 2).trim();
  const path: (string | number)[] = [];
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = pathText.slice(1);
  while (rest.length > 0) {
    const found = step.exec(rest);
    if (!found) throw new InputError(subject, text, JSON_HINT);
    if (found[1] !== undefined) path.push(found[1]);
    else if (found[2] !== undefined) path.push(Number(found[2]));
    else path.push(JSON.parse(found[3] ?? '""') as string);
    rest = rest.slice(found[0].length);
  }
  let expected: unknown;
  try {
    expected = JSON.parse(valueText);
  } catch {
    throw new InputError(subject, text, JSON_HINT);
  }
  return { kind: 'json', path, pathText, expected };
}
