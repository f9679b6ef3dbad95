/** The wait-healthy action's inputs, read and checked once, before any probe. */
import { parsePositiveDurationOf } from '../lib/duration.js';
import { inputError } from '../lib/errors.js';
import { parseBoolean, parseInteger, parseLines, type InputReader } from '../lib/input.js';
import { parseTargets, type Target } from './targets.js';
import type { WaitOptions } from './wait.js';

/** Everything the action was asked to do. */
export interface WaitHealthySettings extends WaitOptions {
  /** Targets from input `targets`, one per line (default none). */
  targets: Target[];
  /** Platform whose manifest health targets are added (input `targets-from`, default none). */
  targetsFrom: string | undefined;
  /** Environment for `targets-from` (input `environment`; default '' = the one the branch maps to). */
  environment: string;
  /** The manifest, a path or inline YAML (input `platforms`; default '' = .github/platforms.yml). */
  platforms: string;
}

/** Defaults as action.yml states them. */
export const DEFAULTS = {
  targets: '',
  'targets-from': '',
  environment: '',
  platforms: '',
  timeout: '5m',
  interval: '5s',
  'request-timeout': '10s',
  'consecutive-successes': '1',
  'insecure-tls': 'false',
} as const;

/**
 * Inputs masked whole before anything else. None: credentials sit inside `targets` (URL passwords,
 * header values), and masking the whole input would hide every host name; the shell masks exactly
 * the credentials `secretsOf(targets)` finds instead.
 */
export const SECRET_INPUTS: readonly string[] = [];

/**
 * Reads and checks every input.
 * @throws InputError for a bad target line, duration, number or boolean, or when there are no targets
 */
export function readSettings(read: InputReader): WaitHealthySettings {
  const get = (name: keyof typeof DEFAULTS): string => read(name).trim() || DEFAULTS[name];
  const targets = parseTargets(parseLines(read('targets')), `Input 'targets'`);
  const targetsFrom = get('targets-from') || undefined;
  if (targets.length === 0 && targetsFrom === undefined) {
    throw inputError(
      'targets',
      undefined,
      'give at least one target, one per line (or a platform in targets-from)',
    );
  }
  return {
    targets,
    targetsFrom,
    environment: get('environment'),
    platforms: get('platforms'),
    timeoutMs: positiveDuration('timeout', get('timeout')),
    intervalMs: positiveDuration('interval', get('interval')),
    requestTimeoutMs: positiveDuration('request-timeout', get('request-timeout')),
    consecutiveSuccesses: parseInteger('consecutive-successes', get('consecutive-successes'), 1, 1, 100),
    insecureTls: parseBoolean('insecure-tls', get('insecure-tls'), false),
  };
}

function positiveDuration(name: string, text: string): number {
  return parsePositiveDurationOf(`Input '${name}'`, text);
}
