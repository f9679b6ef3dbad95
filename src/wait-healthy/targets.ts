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
import {
  basicAuthorization,
  headerSecrets,
  maskHeader,
  redactLine,
  uniq,
  urlCredentials,
} from './credentials.js';

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

const EXAMPLE_PORTS: Record<string, number> = { tcp: 5432, grpc: 7233, grpcs: 7233 };

const DEFAULT_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  redis: 6379,
  rediss: 6379,
  postgres: 5432,
  postgresql: 5432,
};

type Fail = (hint: string) => never;

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
  const fail: Fail = (hint) => {
    throw new InputError(subject, safe, hint);
  };
  const words = tokenize(line) ?? fail('a quote is not closed');
  const method = words[0] !== undefined && /^[A-Z]+$/.test(words[0]) ? words.shift() : undefined;
  const address = words.shift() ?? fail('give a URL such as https://app.example.com/health');
  const { scheme, url, base } = parseAddress(address, fail);
  if (scheme === 'http' || scheme === 'https') {
    return parseHttpOptions({ url, method, options: words, base, fail, subject });
  }
  if (method !== undefined || words.length > 0) {
    fail(`options (${HTTP_OPTIONS.join(', ')}) apply to http:// and https:// targets only`);
  }
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const path = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (scheme === 'redis' || scheme === 'rediss') {
    const password = url.password === '' ? undefined : decodeURIComponent(url.password);
    return { kind: 'redis', ...base, tls: scheme === 'rediss', username, password };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    return {
      kind: 'postgres',
      ...base,
      user: username ?? 'postgres',
      database: path || (username ?? 'postgres'),
    };
  }
  if (scheme === 'grpc' || scheme === 'grpcs')
    return { kind: 'grpc', ...base, tls: scheme === 'grpcs', service: path };
  return { kind: 'tcp', ...base };
}

/** The scheme, the parsed URL, and what every kind of target shares. */
function parseAddress(address: string, fail: Fail): { scheme: string; url: URL; base: TargetBase } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
  if (scheme === undefined) return fail(`give a URL with a scheme: ${TARGET_SCHEMES.join('://, ')}://`);
  if (!(TARGET_SCHEMES as readonly string[]).includes(scheme)) {
    fail(`unknown scheme '${scheme}': use ${TARGET_SCHEMES.join('://, ')}://`);
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return fail('the URL is malformed');
  }
  if (url.hostname === '') fail('the URL has no host');
  const port = url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port);
  if (port === undefined)
    return fail(`give a port, as in ${scheme}://${url.hostname}:${EXAMPLE_PORTS[scheme]}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { scheme, url, base: { host, port, ...urlCredentials(address, url) } };
}

interface HttpParts {
  url: URL;
  method: string | undefined;
  options: string[];
  base: TargetBase;
  fail: Fail;
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
    if (key === 'method') method = value.toUpperCase();
    else if (key === 'status') statuses = parseStatusSet(`${subject} status`, value);
    else if (key === 'body') body = parseBodyMatch(`${subject} body`, value);
    else {
      const [name, headerValue] = parseHeader(value, fail);
      headers[name] = headerValue;
      secrets.push(...headerSecrets(headerValue));
    }
  }
  const chosen = method ?? 'GET';
  if (!(HTTP_METHODS as readonly string[]).includes(chosen)) {
    fail(`unknown method '${chosen}': use ${HTTP_METHODS.join(', ')}`);
  }
  if (chosen === 'HEAD' && body !== undefined) fail('a HEAD answer has no body to match: use GET with body=');
  const basic = basicAuthorization(url);
  if (basic) {
    headers.authorization ??= basic.header;
    secrets.push(...basic.secrets);
  }
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  const display = chosen === 'GET' ? base.display : `${chosen} ${base.display}`;
  const followRedirects = !acceptsRedirect(statuses);
  const http = { url: bare.href, method: chosen as HttpMethod, headers, statuses, body, followRedirects };
  return { kind: 'http', ...base, display, secrets: uniq(secrets), ...http };
}

/** `Name: value` → [name, value]. */
function parseHeader(text: string, fail: Fail): [string, string] {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon).trim();
  if (colon <= 0 || !/^[!#$%&'*+.^_`|~\w-]+$/.test(name)) {
    fail(`header '${maskHeader(text)}': write a header as 'Name: value'`);
  }
  return [name, text.slice(colon + 1).trim()];
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
