/**
 * How the Dokploy client explains a failed call: one `DokployApiError` per answer that is not a
 * success, with a one-line message naming the method, the endpoint, what happened and what to do
 * (docs/dokploy-api.md#authentication, #error-bodies). Messages never contain the key.
 */
import { DokployError } from './errors.js';
import type { HttpResponse } from './http.js';

/** What kind of failure a `DokployApiError` is. */
export const DOKPLOY_ERROR_KINDS = [
  'unauthorized',
  'not-found',
  'validation',
  'html',
  'server',
  'malformed',
  'network',
  'rejected',
] as const;
export type DokployErrorKind = (typeof DOKPLOY_ERROR_KINDS)[number];

/**
 * Thrown for every failed Dokploy call. Carries `kind` (unauthorized, not-found, validation with the
 * `fields` Dokploy named, html — a proxy's page such as Cloudflare's 403 —, server, malformed, network,
 * rejected) and `mayHaveReached` (the request may have taken effect although it failed).
 */
export class DokployApiError extends DokployError {
  override name = 'DokployApiError';
  constructor(
    method: string,
    path: string,
    status: number,
    detail: string,
    hint: string,
    readonly kind: DokployErrorKind,
    readonly fields: readonly string[] = [],
    readonly mayHaveReached = false,
  ) {
    super(method, path, status, detail, hint);
  }
}

/** Where an answer came from, for its error message. */
export interface AnswerContext {
  method: string;
  /** `/api/<procedure>`. */
  path: string;
  procedure: string;
  /** What the call was about: "application app-1", "this Dokploy server". */
  subject: string;
  idempotent: boolean;
  /** The key, only to scrub it from anything a server echoes back. */
  apiKey: string;
  /** Dokploy's host, for hints. */
  host: string;
  /** Successful answers before this one in the run (a 401 after some suggests a rate-limited key). */
  earlierAnswers: number;
}

/**
 * Turns an HTTP answer into the procedure's result (parsed JSON; `undefined` for an empty body) or
 * throws the `DokployApiError` that explains it.
 * @throws DokployApiError for every answer that is not a 2xx with JSON (or an empty body)
 */
export function interpretAnswer(response: HttpResponse, at: AnswerContext): unknown {
  const { status } = response;
  const fail = (detail: string, hint: string, kind: DokployErrorKind, fields: string[] = []): never => {
    throw new DokployApiError(
      at.method,
      at.path,
      status,
      redact(detail, at.apiKey),
      hint,
      kind,
      fields,
      kind === 'server' && !at.idempotent,
    );
  };
  const type = response.headers.get('content-type') ?? '';
  const looksHtml = type.includes('text/html') || /^\s*<(!doctype|html)/i.test(response.text);
  if (looksHtml) {
    fail(
      `${statusWords(status)} with an HTML page instead of Dokploy's JSON`,
      `a proxy or firewall in front of Dokploy answered (Cloudflare bot protection blocks CI runners): allow the runner's requests to /api/* or use a URL that reaches Dokploy directly`,
      'html',
    );
  }
  if (status >= 200 && status < 300) {
    if (response.text === '') return undefined; // Dokploy answers `undefined` results with an empty body.
    try {
      return JSON.parse(response.text) as unknown;
    } catch {
      return fail(
        `${statusWords(status)} with a body that is not JSON`,
        `check that 'dokploy-url' (${at.host}) is Dokploy's own address, not a page or proxy in front of it`,
        'malformed',
      );
    }
  }
  const body = parseErrorBody(response.text);
  const message = body.message ?? (response.text.slice(0, 120) || response.statusText);
  if (status === 401) {
    const after =
      at.earlierAnswers > 0
        ? `; it worked for ${at.earlierAnswers} earlier call${at.earlierAnswers === 1 ? '' : 's'} in this run, so it may be rate-limited (keys created through the API allow a few calls a day): create the key in the Dokploy UI`
        : '';
    fail(
      `Unauthorized${message && message !== 'Unauthorized' ? ` ("${message}")` : ''}`,
      `check that 'api-key' holds a valid Dokploy API key (Profile → API/CLI Keys) with access to ${at.subject}${after}`,
      'unauthorized',
    );
  }
  if (status === 404) {
    if (/^not found$/i.test(message)) {
      fail(
        'Not Found',
        `this Dokploy does not serve ${at.procedure}: the kit needs Dokploy v0.25 or later`,
        'not-found',
      );
    }
    fail(`Not Found ("${message}")`, `check the id: Dokploy has no ${at.subject}`, 'not-found');
  }
  if (status === 400 && body.fields.length > 0) {
    fail(
      `Bad Request ("${message}" for ${body.fields.join(', ')})`,
      `this Dokploy refused the fields the kit sent; check that it runs v0.25 or later and report the Dokploy version if it does`,
      'validation',
      body.fields,
    );
  }
  if (status >= 500 || status === 429 || status === 408) {
    const tries = response.attempts > 1 ? ` after ${response.attempts} attempts` : '';
    fail(
      `${statusWords(status)}${message && message !== response.statusText ? ` ("${message}")` : ''}${tries}`,
      `Dokploy (or its proxy) failed; try again later or check the Dokploy server's logs`,
      'server',
    );
  }
  return fail(
    `${statusWords(status)} ("${message}")`,
    `Dokploy refused the request for ${at.subject}`,
    'rejected',
  );
}

/** Dokploy's error body: `message`, and the field names of zod issues (v0.28+ and older shapes). */
function parseErrorBody(text: string): { message: string | undefined; fields: string[] } {
  try {
    const body = asRecord(JSON.parse(text));
    const issues = Array.isArray(body.issues) ? body.issues : [];
    const fields = issues
      .map((i) => asRecord(i).path)
      .filter((p): p is unknown[] => Array.isArray(p) && p.length > 0)
      .map((p) => String(p[0]));
    return { message: str(body.message), fields: [...new Set(fields)] };
  } catch {
    return { message: undefined, fields: [] };
  }
}

function statusWords(status: number): string {
  const words: Record<number, string> = {
    200: 'OK',
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    408: 'Request Timeout',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return words[status] ?? `HTTP ${status}`;
}

/** The host of a URL, for hints (never the path or query). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the URL';
  }
}

/** Belt and braces: a key echoed back by a server or proxy never reaches a message. */
function redact(text: string, key: string): string {
  const safe = key.length >= 4 ? text.split(key).join('***') : text;
  const oneLine = safe.replace(/\s+/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
