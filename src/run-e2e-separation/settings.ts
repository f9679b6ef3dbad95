/**
 * run-e2e-separation's settings: typed defaults, one resolver that checks every rule (the action and
 * the pipeline command both go through it), and the input reader that only parses strings.
 */
import { parsePositiveDurationOf, requirePositiveDuration } from '../lib/duration.js';
import { InputError } from '../lib/errors.js';
import { parseBoolean, parseInteger, requireInput, withDefined, type InputReader } from '../lib/input.js';
import { toRetryPolicy } from '../lib/retry.js';
import type { SeparationOptions } from './context.js';

/** What the action was asked to do. */
export interface SeparationSettings {
  /** Input `spec`: a path relative to the workspace, or inline YAML. Default `.github/separation.yml`. */
  spec: string;
  /** Input `environment`: which of the spec's URLs to test (e.g. production). Required. */
  environment: string;
  /** Input `report`: where the JUnit XML file is written, relative to the workspace. Default `separation-junit.xml`. */
  reportPath: string;
  /** Input `request-timeout`: deadline of one request attempt, in ms. Default 10s. */
  requestTimeoutMs: number;
  /** Input `max-chunks`: script chunks followed per platform at most. Default 50. */
  maxChunks: number;
  /** Input `browser`: also load each page in Chrome/Chromium (client-rendered markers, JS cookies). Default false. */
  browser: boolean;
  /** Input `executable-path`: the browser to drive; empty tries the runner's usual paths. Default ''. */
  executablePath: string;
}

/** The finished defaults: the only place a default lives (a test checks action.yml against them). */
export const DEFAULT_SETTINGS: Readonly<Omit<SeparationSettings, 'environment'>> = Object.freeze({
  spec: '.github/separation.yml',
  reportPath: 'separation-junit.xml',
  requestTimeoutMs: 10_000,
  maxChunks: 50,
  browser: false,
  executablePath: '',
});

/** The most `maxChunks`. */
export const MAX_CHUNKS = 1000;

/** Who the user knows each checked setting as, for the error line (the CLI passes its options). */
export interface SeparationSettingSubjects {
  environment: string;
  requestTimeoutMs: string;
  maxChunks: string;
}

/** The action's subjects: its input names. */
export const INPUT_SUBJECTS: SeparationSettingSubjects = {
  environment: "Input 'environment'",
  requestTimeoutMs: "Input 'request-timeout'",
  maxChunks: "Input 'max-chunks'",
};

/**
 * Inputs whose values are secrets. None: credentials are named in the spec by environment variable
 * and masked by the shell as soon as they are read.
 */
export const SECRET_INPUTS: readonly string[] = [];

/**
 * The finished settings from typed values: defaults filled in, every rule checked.
 * @throws InputError naming the setting as `subjects` says
 */
export function resolveSettings(
  input: Pick<SeparationSettings, 'environment'> & Partial<SeparationSettings>,
  subjects: SeparationSettingSubjects = INPUT_SUBJECTS,
): SeparationSettings {
  const settings: SeparationSettings = {
    ...DEFAULT_SETTINGS,
    ...withDefined(input),
    environment: input.environment.trim(),
  };
  if (settings.environment === '') {
    throw new InputError(
      subjects.environment,
      undefined,
      'is required: name the environment whose URLs the spec should use, e.g. production',
    );
  }
  requirePositiveDuration(subjects.requestTimeoutMs, settings.requestTimeoutMs);
  const chunks = settings.maxChunks;
  if (!Number.isInteger(chunks) || chunks < 0 || chunks > MAX_CHUNKS) {
    throw new InputError(subjects.maxChunks, String(chunks), `use a whole number from 0 to ${MAX_CHUNKS}`);
  }
  return settings;
}

/**
 * Turns the action's input strings into settings (parse errors quote the text as given).
 * @throws InputError naming the input
 */
export function readSettings(read: InputReader): SeparationSettings {
  const text = (name: string): string | undefined => read(name).trim() || undefined;
  const timeout = text('request-timeout');
  const chunks = text('max-chunks');
  return resolveSettings({
    spec: text('spec'),
    environment: requireInput(
      'environment',
      read('environment'),
      'name the environment whose URLs the spec should use, e.g. production',
    ),
    reportPath: text('report'),
    requestTimeoutMs:
      timeout === undefined ? undefined : parsePositiveDurationOf(INPUT_SUBJECTS.requestTimeoutMs, timeout),
    maxChunks: chunks === undefined ? undefined : parseInteger('max-chunks', chunks, 0, 0, MAX_CHUNKS),
    browser: parseBoolean('browser', read('browser'), DEFAULT_SETTINGS.browser),
    executablePath: text('executable-path'),
  });
}

/** Bytes read from a page or an endpoint answer at most. */
export const MAX_PAGE_BYTES = 2 * 1024 * 1024;
/** Bytes read from one script chunk at most. */
export const MAX_CHUNK_BYTES = 5 * 1024 * 1024;

/** The run's bounds from the settings: request deadline, two retries, body and chunk limits. */
export function separationOptions(
  settings: Pick<SeparationSettings, 'requestTimeoutMs' | 'maxChunks'>,
): SeparationOptions {
  return {
    limits: {
      timeoutMs: settings.requestTimeoutMs,
      maxBytes: MAX_PAGE_BYTES,
      retry: toRetryPolicy({ maxAttempts: 3 }),
    },
    maxChunks: settings.maxChunks,
    maxChunkBytes: MAX_CHUNK_BYTES,
  };
}
