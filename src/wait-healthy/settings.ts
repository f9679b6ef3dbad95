/**
 * wait-healthy's settings: typed defaults, one resolver that checks every rule (the action and the CLI
 * both go through it, each naming settings as its user knows them), and the input reader that only
 * turns the action's strings into typed values.
 */
import { parsePositiveDurationOf, requirePositiveDuration } from '../lib/duration.js';
import { InputError } from '../lib/errors.js';
import { parseBoolean, parseInteger, parseLines, withDefined, type InputReader } from '../lib/input.js';
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

/** The finished defaults: the only place a default lives (a test checks action.yml against them). */
export const DEFAULT_SETTINGS: Readonly<WaitHealthySettings> = Object.freeze({
  targets: [],
  targetsFrom: undefined,
  environment: '',
  platforms: '',
  timeoutMs: 5 * 60_000,
  intervalMs: 5000,
  requestTimeoutMs: 10_000,
  consecutiveSuccesses: 1,
  insecureTls: false,
});

/** The most `consecutiveSuccesses`. */
export const MAX_CONSECUTIVE_SUCCESSES = 100;

/** Who the user knows each checked setting as, for the error line (the CLI passes its options). */
export interface WaitSettingSubjects {
  targets: string;
  timeoutMs: string;
  intervalMs: string;
  requestTimeoutMs: string;
  consecutiveSuccesses: string;
}

/** The action's subjects: its input names. */
export const INPUT_SUBJECTS: WaitSettingSubjects = {
  targets: "Input 'targets'",
  timeoutMs: "Input 'timeout'",
  intervalMs: "Input 'interval'",
  requestTimeoutMs: "Input 'request-timeout'",
  consecutiveSuccesses: "Input 'consecutive-successes'",
};

/**
 * Inputs masked whole before anything else. None: credentials sit inside `targets` (URL passwords,
 * header values), and masking the whole input would hide every host name; the shell masks exactly
 * the credentials `secretsOf(targets)` finds instead.
 */
export const SECRET_INPUTS: readonly string[] = [];

/**
 * The wait's timing from typed values: defaults filled in, every rule checked. The pipeline command
 * uses it for each platform's health targets.
 * @throws InputError naming the setting as `subjects` says
 */
export function resolveWaitOptions(
  input: Partial<WaitOptions>,
  subjects: WaitSettingSubjects = INPUT_SUBJECTS,
): WaitOptions {
  const options: WaitOptions = {
    timeoutMs: input.timeoutMs ?? DEFAULT_SETTINGS.timeoutMs,
    intervalMs: input.intervalMs ?? DEFAULT_SETTINGS.intervalMs,
    requestTimeoutMs: input.requestTimeoutMs ?? DEFAULT_SETTINGS.requestTimeoutMs,
    consecutiveSuccesses: input.consecutiveSuccesses ?? DEFAULT_SETTINGS.consecutiveSuccesses,
    insecureTls: input.insecureTls ?? DEFAULT_SETTINGS.insecureTls,
  };
  for (const key of ['timeoutMs', 'intervalMs', 'requestTimeoutMs'] as const) {
    requirePositiveDuration(subjects[key], options[key]);
  }
  const n = options.consecutiveSuccesses;
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONSECUTIVE_SUCCESSES) {
    throw new InputError(
      subjects.consecutiveSuccesses,
      String(n),
      `use a whole number from 1 to ${MAX_CONSECUTIVE_SUCCESSES}`,
    );
  }
  return options;
}

/**
 * The finished settings from typed values.
 * @throws InputError naming the setting as `subjects` says, also when there is nothing to wait for
 */
export function resolveSettings(
  input: Partial<WaitHealthySettings>,
  subjects: WaitSettingSubjects = INPUT_SUBJECTS,
): WaitHealthySettings {
  const settings: WaitHealthySettings = {
    ...DEFAULT_SETTINGS,
    ...withDefined(input),
    ...resolveWaitOptions(input, subjects),
  };
  if (settings.targets.length === 0 && !settings.targetsFrom) {
    throw new InputError(
      subjects.targets,
      undefined,
      'give at least one target, one per line (or a platform in targets-from)',
    );
  }
  return settings;
}

/**
 * Turns the action's input strings into settings (parse errors quote the text as given).
 * @throws InputError for a bad target line, duration, number or boolean, or when there are no targets
 */
export function readSettings(read: InputReader): WaitHealthySettings {
  const text = (name: string): string | undefined => read(name).trim() || undefined;
  const duration = (name: string): number | undefined => {
    const value = text(name);
    return value === undefined ? undefined : parsePositiveDurationOf(`Input '${name}'`, value);
  };
  const successes = text('consecutive-successes');
  return resolveSettings({
    targets: parseTargets(parseLines(read('targets')), INPUT_SUBJECTS.targets),
    targetsFrom: text('targets-from'),
    environment: text('environment'),
    platforms: text('platforms'),
    timeoutMs: duration('timeout'),
    intervalMs: duration('interval'),
    requestTimeoutMs: duration('request-timeout'),
    consecutiveSuccesses:
      successes === undefined
        ? undefined
        : parseInteger('consecutive-successes', successes, 0, 1, MAX_CONSECUTIVE_SUCCESSES),
    insecureTls: parseBoolean('insecure-tls', read('insecure-tls'), DEFAULT_SETTINGS.insecureTls),
  });
}
