/** The run-e2e-separation inputs, read once into a settings object. */
import { parsePositiveDurationOf } from '../lib/duration.js';
import { toRetryPolicy } from '../lib/retry.js';
import type { SeparationOptions } from './context.js';
import { parseBoolean, parseInteger, requireInput, type InputReader } from '../lib/input.js';

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

/** The defaults, as action.yml states them. */
export const DEFAULTS = Object.freeze({
  spec: '.github/separation.yml',
  environment: '',
  report: 'separation-junit.xml',
  'request-timeout': '10s',
  'max-chunks': '50',
  browser: 'false',
  'executable-path': '',
});

/**
 * Inputs whose values are secrets. None: credentials are named in the spec by environment variable
 * and masked by the shell as soon as they are read.
 */
export const SECRET_INPUTS: readonly string[] = [];

/**
 * Reads and validates the inputs.
 * @throws InputError naming the input
 */
export function readSettings(read: InputReader): SeparationSettings {
  const value = (name: keyof typeof DEFAULTS): string => read(name).trim() || DEFAULTS[name];
  return {
    spec: value('spec'),
    environment: requireInput(
      'environment',
      read('environment'),
      'name the environment whose URLs the spec should use, e.g. production',
    ),
    reportPath: value('report'),
    requestTimeoutMs: parsePositiveDurationOf("Input 'request-timeout'", value('request-timeout')),
    maxChunks: parseInteger('max-chunks', value('max-chunks'), 50, 0, 1000),
    browser: parseBoolean('browser', read('browser'), false),
    executablePath: read('executable-path').trim(),
  };
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
