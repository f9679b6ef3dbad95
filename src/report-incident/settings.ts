/**
 * report-incident's settings: typed defaults, and the input reader that turns the action's strings
 * into them, each input checked with a one-line error.
 */
import { parsePositiveDurationOf } from '../lib/duration.js';
import { InputError, inputError } from '../lib/errors.js';
import { parseEnum, requireInput, type InputReader } from '../lib/input.js';
import { CHECK_OUTCOMES, type CheckOutcome, type TargetRow } from './incident.js';

/** What the action was asked to do. */
export interface ReportIncidentSettings {
  /** Input `subject`: what the incident is about, a platform name or `separation`. Required. */
  subject: string;
  /** Input `environment`: the environment checked. Required. */
  environment: string;
  /** Input `outcome`: the check step's `outcome` (success, failure, cancelled, skipped). Required. */
  outcome: CheckOutcome;
  /** Input `results`: wait-healthy's `results` output, parsed. Default none. */
  targets: TargetRow[];
  /** Input `detail`: one line on what failed. Default ''. */
  detail: string;
  /** Input `token`: the GitHub token (needs `issues: write`). Default the job's github.token. */
  token: string;
  /** Input `label`: the label of incident issues. Default `dokploy-incident`. */
  label: string;
  /** Input `comment-interval`: least time between two comments, ms. Default 1h. */
  commentIntervalMs: number;
  /** Input `webhook-url`: a Slack-compatible incoming webhook; undefined: none. Default ''. */
  webhookUrl: string | undefined;
}

/** The finished defaults of the optional settings (a test checks action.yml against them). */
export const DEFAULT_SETTINGS = Object.freeze({
  targets: [] as TargetRow[],
  detail: '',
  label: 'dokploy-incident',
  commentIntervalMs: 3_600_000,
  webhookUrl: undefined as string | undefined,
});

/** Inputs masked whole before anything else: the token and the webhook URL (its path is its key). */
export const SECRET_INPUTS: readonly string[] = ['token', 'webhook-url'];

/** The action's subjects for the settings other shells name their own way. */
const INPUT_SUBJECTS = { label: "Input 'label'", webhookUrl: "Input 'webhook-url'" } as const;

/** A subject or environment: letters, digits, `.`, `_` and `-`, as platform names are. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Turns the action's input strings into settings.
 * @throws InputError naming the input (the token's and the webhook's values are never quoted)
 */
export function readSettings(read: InputReader): ReportIncidentSettings {
  const interval = read('comment-interval').trim();
  return {
    subject: readName(read, 'subject', 'name the platform the check was about, or separation'),
    environment: readName(read, 'environment', 'name the environment that was checked, e.g. production'),
    outcome: readOutcome(read('outcome')),
    targets: parseResults(read('results')),
    detail: read('detail').trim().split(/\r?\n/)[0] ?? '',
    token: requireInput(
      'token',
      read('token'),
      "pass a token with 'issues: write', e.g. ${{ github.token }}",
    ),
    label: parseLabel(INPUT_SUBJECTS.label, read('label')),
    commentIntervalMs:
      interval === ''
        ? DEFAULT_SETTINGS.commentIntervalMs
        : parsePositiveDurationOf("Input 'comment-interval'", interval),
    webhookUrl: parseWebhookUrl(INPUT_SUBJECTS.webhookUrl, read('webhook-url')),
  };
}

/**
 * The incident label: '' gives the default.
 * @param subject - the setting as its user knows it ("Input 'label'", "Option --label")
 * @throws InputError when it is no GitHub label name (over 50 characters, or a comma)
 */
export function parseLabel(subject: string, text: string): string {
  const value = text.trim() || DEFAULT_SETTINGS.label;
  if (value.length > 50 || value.includes(',')) {
    throw new InputError(subject, value, 'use a GitHub label name: at most 50 characters, no comma');
  }
  return value;
}

/**
 * The webhook URL: '' gives none.
 * @param subject - the setting as its user knows it ("Input 'webhook-url'", an environment variable)
 * @throws InputError when it is no http(s) URL (the value, a secret, is never quoted)
 */
export function parseWebhookUrl(subject: string, text: string): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new InputError(
      subject,
      undefined,
      'is not an http(s) URL: give the webhook URL your chat tool issued',
    );
  }
  return value;
}

function readName(read: InputReader, name: string, hint: string): string {
  const value = requireInput(name, read(name), hint);
  if (!NAME.test(value)) throw inputError(name, value, 'use letters, digits, ., _ and - (at most 100)');
  return value;
}

function readOutcome(text: string): CheckOutcome {
  requireInput('outcome', text, "pass the check step's outcome, e.g. ${{ steps.health.outcome }}");
  return parseEnum('outcome', text, CHECK_OUTCOMES, 'failure');
}

/** Parses wait-healthy's `results` (a JSON list of target results); '' gives none. */
function parseResults(text: string): TargetRow[] {
  if (text.trim() === '') return [];
  const fail = (): never => {
    throw inputError('results', text, "give wait-healthy's results output (a JSON list of targets)");
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail();
  }
  if (!Array.isArray(parsed)) return fail();
  return parsed.map((item: unknown) => {
    const row = item as Partial<Record<keyof TargetRow, unknown>> | null;
    if (
      typeof row !== 'object' ||
      row === null ||
      typeof row.target !== 'string' ||
      typeof row.healthy !== 'boolean'
    )
      return fail();
    return {
      target: row.target,
      healthy: row.healthy,
      status: typeof row.status === 'string' ? row.status : '',
      detail: typeof row.detail === 'string' ? row.detail : '',
      latencyMs: typeof row.latencyMs === 'number' ? row.latencyMs : null,
    };
  });
}
