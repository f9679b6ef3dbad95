/**
 * Target lines → typed targets. One target per line:
 *
 *   [METHOD] http(s)://[user:password@]host[:port]/path [status=…] [body=…] [header='Name: value'] [method=…]
 *   tcp://host:port
 *   redis://[[user]:password@]host:port   (rediss:// for TLS)
 *   postgres://[user[:password]@]host:port/db   (postgresql:// too)
 *   grpc://host:port[/service]   (grpcs:// for TLS; grpc.health.v1 Check)
 *
 * Option values with spaces are quoted with '…' or "…" (as in a shell). Credentials (URL
 * passwords, header values) are collected in `secrets` and replaced by `***` in `display`.
 */
import { InputError } from '../lib/errors.js';
import {
  acceptsRedirect,
  DEFAULT_STATUS_SET,
  parseBodyMatch,
  parseStatusSet,
  type BodyMatch,
  type StatusSet,
} from './checks.js';

/** URL schemes a target line may use. */
export const TARGET_SCHEMES = [
  'http',
  'https',
  'tcp',
  'redis',
  'rediss',
  'postgres',
  'postgresql',
  'grpc',
  'grpcs',
] as const;
/** HTTP methods a target may use. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** Options an HTTP target line may carry. */
export const HTTP_OPTIONS = ['method', 'status', 'body', 'header'] as const;

type HttpMethod = (typeof HTTP_METHODS)[number];

interface TargetBase {
  /** The line as people see it: credentials replaced by `***`. */
  display: string;
  /** Credentials found in the line (passwords, header values), to mask everywhere. */
  secrets: string[];
  host: string;
  port: number;
}

/** An HTTP(S) endpoint and what its answer must look like. */
export interface HttpTarget extends TargetBase {
  kind: 'http';
  /** The URL without credentials (they move to an Authorization header). */
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  statuses: StatusSet;
  body: BodyMatch | undefined;
  /** False when the status set itself accepts a 3xx, so the redirect is the answer. */
  followRedirects: boolean;
}

/** A TCP port that must accept a connection. */
export interface TcpTarget extends TargetBase {
  kind: 'tcp';
}

/** A Redis-compatible server (Redis, Dragonfly, Valkey) that must answer PING with PONG. */
export interface RedisTarget extends TargetBase {
  kind: 'redis';
  tls: boolean;
  username: string | undefined;
  password: string | undefined;
}

/** A PostgreSQL server that must accept connections and not be starting up (pg_isready). */
export interface PostgresTarget extends TargetBase {
  kind: 'postgres';
  user: string;
  database: string;
}

/** A gRPC server whose grpc.health.v1 service must answer SERVING. */
export interface GrpcTarget extends TargetBase {
  kind: 'grpc';
  tls: boolean;
  /** The service to ask about ('' = the server as a whole). */
  service: string;
}

/** Any target. */
export type Target = HttpTarget | TcpTarget | RedisTarget | PostgresTarget | GrpcTarget;

/** scheme:// then user-info up to the authority's last '@': user, and the password after the first ':'. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#:@\s]*)(?::([^/?#\s]*))?@/i;

const EXAMPLE_PORTS: Record<string, number> = { tcp: 5432, grpc: 7233, grpcs: 7233 };

const DEFAULT_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  redis: 6379,
  rediss: 6379,
  postgres: 5432,
  postgresql: 5432,
};

/**
 * Parses target lines. `source` names where they came from in errors (`Input 'targets'`).
 * @throws InputError naming the line, for an unknown scheme, a malformed URL, a bad option value
 */
export function parseTargets(lines: readonly string[], source: string): Target[] {
  return lines.map((line, index) => parseTarget(line, `${source} line ${index + 1}`));
}

/**
 * Parses one target line.
 * @throws InputError (subject `subject`) when the line is not a valid target
 */
export function parseTarget(line: string, subject: string): Target {
  const safe = redactLine(line);
  const fail = (hint: string): never => {
    throw new InputError(subject, safe, hint);
  };
  const words = tokenize(line) ?? fail('a quote is not closed');
  let method: string | undefined;
  if (words[0] !== undefined && /^[A-Z]+$/.test(words[0])) method = words.shift();
  const address = words.shift() ?? fail('give a URL such as https://app.example.com/health');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
  if (scheme === undefined) fail(`give a URL with a scheme: ${TARGET_SCHEMES.join('://, ')}://`);
  if (!(TARGET_SCHEMES as readonly string[]).includes(scheme as string)) {
    fail(`unknown scheme '${scheme}': use ${TARGET_SCHEMES.join('://, ')}://`);
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return fail('the URL is malformed');
  }
  if (url.hostname === '') fail('the URL has no host');
  const port = url.port === '' ? DEFAULT_PORTS[scheme as string] : Number(url.port);
  if (port === undefined)
    return fail(`give a port, as in ${scheme}://${url.hostname}:${EXAMPLE_PORTS[scheme as string]}`);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  const rawPassword = USER_INFO.exec(address)?.[3];
  const base = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    secrets: password === undefined ? [] : uniq([password, url.password, rawPassword ?? password]),
    display: address.replace(USER_INFO, (all, start: string, user: string, pass?: string) =>
      pass === undefined ? all : `${start}${user}:***@`,
    ),
  };
  if (scheme !== 'http' && scheme !== 'https' && (method !== undefined || words.length > 0)) {
    fail(`options (${HTTP_OPTIONS.join(', ')}) apply to http:// and https:// targets only`);
  }
  if (scheme === 'tcp') return { kind: 'tcp', ...base };
  if (scheme === 'redis' || scheme === 'rediss') {
    const username = url.username === '' ? undefined : decodeURIComponent(url.username);
    return { kind: 'redis', ...base, tls: scheme === 'rediss', username, password };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const user = url.username === '' ? 'postgres' : decodeURIComponent(url.username);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || user;
    return { kind: 'postgres', ...base, user, database };
  }
  if (scheme === 'grpc' || scheme === 'grpcs') {
    const service = decodeURIComponent(url.pathname.replace(/^\//, ''));
    return { kind: 'grpc', ...base, tls: scheme === 'grpcs', service };
  }
  return parseHttpOptions({ url, method, options: words, base, fail, subject });
}

/** Every credential in the targets, longest first (so a longer secret is masked before its parts). */
export function secretsOf(targets: readonly Target[]): string[] {
  return uniq(targets.flatMap((t) => t.secrets)).sort((a, b) => b.length - a.length);
}

/** Returns a function that replaces every secret in a text with `***`. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}

/**
 * Masks what might be a credential in a raw line, for error messages about lines that could not
 * be parsed: URL user-info passwords and header values.
 */
export function redactLine(line: string): string {
  return line
    .replace(/(\/\/[^/?#@\s:]*):[^/?#\s]*@/g, '$1:***@')
    .replace(
      /header=(?:'([^']*)'?|"([^"]*)"?|(\S*))/gi,
      (_all, single?: string, double?: string, bare?: string) => {
        const quote = single !== undefined ? "'" : double !== undefined ? '"' : '';
        return `header=${quote}${maskHeader(single ?? double ?? bare ?? '')}${quote}`;
      },
    );
}

/** `Name: value` → `Name: ***`; anything else → `***`. */
function maskHeader(header: string): string {
  const colon = header.indexOf(':');
  return colon > 0 && /^[\w-]+$/.test(header.slice(0, colon).trim())
    ? `${header.slice(0, colon).trim()}: ***`
    : '***';
}

interface HttpParts {
  url: URL;
  method: string | undefined;
  options: string[];
  base: TargetBase;
  fail: (hint: string) => never;
  subject: string;
}

function parseHttpOptions({ url, method, options, base, fail, subject }: HttpParts): HttpTarget {
  const headers: Record<string, string> = {};
  const secrets = [...base.secrets];
  let statuses = DEFAULT_STATUS_SET;
  let body: BodyMatch | undefined;
  for (const option of options) {
    const equals = option.indexOf('=');
    const key = equals < 0 ? option : option.slice(0, equals);
    const value = option.slice(equals + 1);
    if (equals < 0 || !(HTTP_OPTIONS as readonly string[]).includes(key)) {
      fail(`unknown option '${key}': use ${HTTP_OPTIONS.map((o) => `${o}=…`).join(', ')}`);
    }
    const what = key === 'header' ? `header '${maskHeader(value)}'` : `${key} '${value}'`;
    if (key === 'method') method = value.toUpperCase();
    else if (key === 'status') statuses = parseStatusSet(`${subject} status`, value);
    else if (key === 'body') body = parseBodyMatch(`${subject} body`, value);
    else {
      const colon = value.indexOf(':');
      const name = value.slice(0, colon).trim();
      const headerValue = value.slice(colon + 1).trim();
      if (colon <= 0 || !/^[!#$%&'*+.^_`|~\w-]+$/.test(name))
        fail(`${what}: write a header as 'Name: value'`);
      headers[name] = headerValue;
      if (headerValue !== '') secrets.push(headerValue);
      // `Bearer <token>`, `Basic <credentials>`: the credential alone may be echoed back, mask it too.
      const credential = /^[A-Za-z-]+\s+(\S.*)$/.exec(headerValue)?.[1];
      if (credential !== undefined) secrets.push(credential);
    }
  }
  const chosen = method ?? 'GET';
  if (!(HTTP_METHODS as readonly string[]).includes(chosen)) {
    fail(`unknown method '${chosen}': use ${HTTP_METHODS.join(', ')}`);
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses URLs with credentials: they become a Basic Authorization header instead.
    const basic = Buffer.from(
      `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
    ).toString('base64');
    headers.authorization ??= `Basic ${basic}`;
    secrets.push(basic, `Basic ${basic}`);
  }
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  const display = chosen === 'GET' ? base.display : `${chosen} ${base.display}`;
  return {
    kind: 'http',
    ...base,
    display,
    secrets: uniq(secrets),
    url: bare.href,
    method: chosen as HttpMethod,
    headers,
    statuses,
    body,
    followRedirects: !acceptsRedirect(statuses),
  };
}

/** Splits a line into words; '…' and "…" group words with spaces. Returns undefined for an open quote. */
function tokenize(line: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && (line[i + 1] === '"' || line[i + 1] === '\\'))
        word += line[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) return undefined;
  if (inWord) words.push(word);
  return words;
}

function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}
