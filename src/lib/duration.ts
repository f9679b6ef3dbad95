import { InputError } from './errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/;

/**
 * Parses a duration input into milliseconds: `90s`, `10m`, `1h30m`, `500ms`, or plain seconds (`45`).
 *
 * @param name - the action input's name, for the error message ("Input 'timeout'")
 * @param text - the raw value
 * @returns milliseconds (a finite, non-negative number)
 * @throws InputError when the text is not a duration
 * @example parseDuration('timeout', '1h30m') // 5_400_000
 */
export function parseDuration(name: string, text: string): number {
  return parseDurationOf(`Input '${name}'`, text);
}

/**
 * The same for any subject, named as the user knows it ("Option --health-timeout", "manifest.yml
 * platforms.web.timeout"): the CLI and the manifest reader name their own settings.
 */
export function parseDurationOf(subject: string, text: string): number {
  const value = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  let rest = value;
  let total = 0;
  while (rest.length > 0) {
    const match = DURATION.exec(rest);
    if (!match) {
      throw new InputError(
        subject,
        text,
        'use a duration such as 90s, 5m or 1h30m (a plain number means seconds)',
      );
    }
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
    rest = rest.slice(match[0].length);
  }
  if (value.length === 0) {
    throw new InputError(
      subject,
      text,
      'use a duration such as 90s, 5m or 1h30m (a plain number means seconds)',
    );
  }
  return Math.round(total);
}

/**
 * A duration that must be above zero (a timeout, an interval), for any subject.
 * @throws InputError for text that is not a duration, or is zero
 */
export function parsePositiveDurationOf(subject: string, text: string): number {
  const ms = parseDurationOf(subject, text);
  if (ms <= 0)
    throw new InputError(subject, text, 'use a duration greater than zero, such as 500ms, 5s or 2m');
  return ms;
}

/**
 * Checks a duration given as a number (the settings resolvers' typed input) is above zero.
 * @returns `ms`
 * @throws InputError naming `subject`, the value formatted for people
 */
export function requirePositiveDuration(subject: string, ms: number): number {
  if (!(Number.isFinite(ms) && ms > 0)) {
    throw new InputError(
      subject,
      Number.isFinite(ms) ? formatDuration(ms) : String(ms),
      'use a duration greater than zero, such as 500ms, 5s or 2m',
    );
  }
  return ms;
}

/** Formats milliseconds for people: `850ms`, `12.3s`, `4m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}
