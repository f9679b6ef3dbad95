/**
 * The separation spec (`.github/separation.yml`): per platform its URL per environment, its identity
 * markers, the pages to load, an optional authenticated endpoint, and what it may share with others.
 * `parseSpec` validates the YAML strictly and resolves it for one environment.
 */
import { readInlineOrFile, type InlineOrFile } from '../lib/inline-or-file.js';
import { readSeparationAfter } from '../lib/separation-placement.js';
import { parseYaml } from '../lib/yaml.js';
import { InputError } from '../lib/errors.js';
import { Fields, firstLine } from './spec-fields.js';

/** What a platform may share with another without it being a leak (keys of `allow:`). */
export const ALLOW_KEYS = ['markers', 'credentials', 'cookies', 'cors'] as const;
/** One key of `allow:`. */
export type AllowKey = (typeof ALLOW_KEYS)[number];
/** How many of a platform's own markers each page must show. */
export const REQUIRE_MARKERS = ['all', 'any'] as const;
/** What a `compare:` entry expects across platforms. */
export const COMPARE_EXPECT = ['different', 'same'] as const;

const ROOT_KEYS = ['after', 'platforms', 'compare'] as const;
const PLATFORM_KEYS = ['urls', 'markers', 'require-markers', 'pages', 'auth', 'cors', 'allow'] as const;
const URL_KEYS = ['url', 'origin'] as const;
const MARKER_KEYS = ['regex', 'flags', 'text'] as const;
const AUTH_KEYS = [
  'endpoint',
  'credential',
  'header',
  'scheme',
  'cookie',
  'status',
  'foreign-status',
] as const;
const COMPARE_KEYS = ['path', 'expect', 'platforms'] as const;

/** A string or regular expression that only one platform's pages contain. */
export interface Marker {
  /** How the spec wrote it, for messages: `'Bizoholic'` or `/NEXT_PUBLIC_PLATFORM.{0,4}bizoholic/`. */
  label: string;
  /** The compiled matcher (plain strings are escaped, so they match literally). */
  regex: RegExp;
}

/** The authenticated endpoint of a platform and how its credential is sent. */
export interface AuthSpec {
  /** Path (or URL) of the endpoint, relative to the platform's URL. */
  endpoint: string;
  /** The NAME of the environment variable that holds the credential (never the value). */
  credential: string;
  /** Header that carries the credential; default `Authorization`. Unused when `cookie` is set. */
  header: string;
  /** Prefix before the credential in the header; default `Bearer` (empty: the bare value). */
  scheme: string;
  /** Send the credential as this cookie instead of a header; `undefined` when not set. */
  cookie: string | undefined;
  /** Statuses that mean "accepted" for the platform's own credential; empty means any 2xx. */
  status: number[];
  /** Statuses a foreign credential must get; default 401 and 403. */
  foreignStatus: number[];
}

/** One platform, resolved for the chosen environment. */
export interface PlatformSpec {
  name: string;
  /** Where the runner reaches the platform (base URL of pages and endpoints). */
  url: string;
  /** The public origin it is served as (cookies and CORS reason with it); default: the URL's origin. */
  origin: string;
  /** The hostname of `origin`. */
  host: string;
  markers: Marker[];
  /** Whether each page must show all of its markers or at least one; default `all`. */
  requireMarkers: (typeof REQUIRE_MARKERS)[number];
  /** Pages to load (paths relative to `url`); default `['/']`. */
  pages: string[];
  auth: AuthSpec | undefined;
  /** Paths probed with a foreign Origin; default: the auth endpoint, else the pages. */
  cors: string[];
  /** Per allow key, the platforms this one may share that with. */
  allow: Record<AllowKey, string[]>;
}

/** A user-listed endpoint that must answer differently (or identically) across platforms. */
export interface CompareSpec {
  path: string;
  expect: (typeof COMPARE_EXPECT)[number];
  /** The platforms compared pairwise; default all. */
  platforms: string[];
}

/** The whole spec, resolved for one environment. */
export interface SeparationSpec {
  environment: string;
  platforms: PlatformSpec[];
  compare: CompareSpec[];
}

/** The spec text and where it came from. */
export type SpecText = InlineOrFile;

/**
 * Reads the spec named by input `spec`: inline YAML (the value has a newline or a ':'), else a path
 * relative to `cwd`.
 * @throws InputError when the file is missing or not a regular file
 */
export function readSpecInput(value: string, cwd: string): SpecText {
  return readInlineOrFile("Input 'spec'", value, cwd, 'the path of the separation spec or inline YAML');
}

/**
 * Parses and validates a separation spec and resolves it for `environment`.
 * @throws InputError naming the field for invalid YAML, an unknown key, a wrong type, a marker regex
 *   that does not compile, an unknown platform name, or a platform without a URL for `environment`
 * @example parseSpec('platforms:\n  a:\n    urls: { production: "https://a.example" }\n    markers: [A]\n', 'inline', 'production')
 */
export function parseSpec(text: string, source: string, environment: string): SeparationSpec {
  const field = new Fields(source);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    field.failDocument(`invalid YAML: ${firstLine(error)}`);
  }
  const root = field.mapping(doc, '', ROOT_KEYS);
  // `after:` places the checks in a staged deploy (detect, the pipeline command); checked here too.
  readSeparationAfter(field, root.after);
  const platformsNode = field.mapping(root.platforms, 'platforms');
  const names = Object.keys(platformsNode);
  if (names.length < 2) field.fail('platforms', undefined, 'list at least two platforms to keep apart');
  const platforms = names.map((name) => parsePlatform(field, name, platformsNode[name], environment, names));
  const compare = field
    .list(root.compare ?? [], 'compare')
    .map((node, i) => parseCompare(field, node, `compare[${i}]`, names));
  return { environment, platforms, compare };
}

/**
 * Reads each platform's credential from the environment variable its spec names.
 * @returns credential values by platform name (only platforms with `auth`)
 * @throws InputError naming the field and the variable when a variable is unset or empty
 */
export function readCredentials(
  spec: SeparationSpec,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const platform of spec.platforms) {
    if (!platform.auth) continue;
    const name = platform.auth.credential;
    const value = env[name];
    if (value === undefined || value === '') {
      throw new InputError(
        `Separation spec field 'platforms.${platform.name}.auth.credential'`,
        undefined,
        `names the environment variable ${name}, which is not set; map the secret into this step, e.g. env: { ${name}: \${{ secrets.${name} }} }`,
      );
    }
    credentials[platform.name] = value;
  }
  return credentials;
}

function parsePlatform(
  field: Fields,
  name: string,
  node: unknown,
  environment: string,
  names: string[],
): PlatformSpec {
  const at = `platforms.${name}`;
  const raw = field.mapping(node, at, PLATFORM_KEYS);
  const { url, origin } = resolveUrl(field, raw.urls, `${at}.urls`, environment);
  const markers = field
    .list(raw.markers, `${at}.markers`)
    .map((m, i) => parseMarker(field, m, `${at}.markers[${i}]`));
  if (markers.length === 0) field.fail(`${at}.markers`, undefined, 'list at least one identity marker');
  const pages = field.strings(raw.pages ?? ['/'], `${at}.pages`);
  const auth = raw.auth === undefined ? undefined : parseAuth(field, raw.auth, `${at}.auth`);
  const allowNode = field.mapping(raw.allow ?? {}, `${at}.allow`, ALLOW_KEYS);
  const allow = Object.fromEntries(
    ALLOW_KEYS.map((key) => [key, field.platformNames(allowNode[key] ?? [], `${at}.allow.${key}`, names)]),
  ) as Record<AllowKey, string[]>;
  return {
    name,
    url,
    origin,
    host: new URL(origin).hostname,
    markers,
    requireMarkers: field.oneOf(raw['require-markers'] ?? 'all', `${at}.require-markers`, REQUIRE_MARKERS),
    pages,
    auth,
    cors: field.strings(raw.cors ?? (auth ? [auth.endpoint] : pages), `${at}.cors`),
    allow,
  };
}

function resolveUrl(
  field: Fields,
  node: unknown,
  at: string,
  environment: string,
): { url: string; origin: string } {
  const urls = field.mapping(node, at);
  const known = Object.keys(urls);
  if (environment === '') {
    field.fail(
      at,
      undefined,
      `choose an environment with input 'environment' (the spec has ${known.join(', ')})`,
    );
  }
  const entry = urls[environment];
  if (entry === undefined) {
    field.fail(
      at,
      undefined,
      `no URL for environment '${environment}'; add ${at}.${environment} or set input 'environment' to one of ${known.join(', ') || '(none)'}`,
    );
  }
  const pair =
    typeof entry === 'string' ? { url: entry } : field.mapping(entry, `${at}.${environment}`, URL_KEYS);
  const url = field.httpUrl(pair.url, `${at}.${environment}${typeof entry === 'string' ? '' : '.url'}`);
  const origin = pair.origin === undefined ? url : field.httpUrl(pair.origin, `${at}.${environment}.origin`);
  return { url, origin: new URL(origin).origin };
}

function parseMarker(field: Fields, node: unknown, at: string): Marker {
  if (typeof node === 'string' && node !== '') {
    return { label: `'${node}'`, regex: new RegExp(escapeRegExp(node)) };
  }
  const raw = field.mapping(node, at, MARKER_KEYS);
  if (raw.text !== undefined) {
    if (raw.regex !== undefined) field.fail(at, undefined, "give either 'text' or 'regex', not both");
    return parseMarker(field, field.string(raw.text, `${at}.text`), at);
  }
  const source = field.string(raw.regex, `${at}.regex`);
  const flags = raw.flags === undefined ? '' : field.string(raw.flags, `${at}.flags`);
  if (!/^[imsu]*$/.test(flags)) field.fail(`${at}.flags`, flags, 'use any of the flags i, m, s, u');
  try {
    return { label: `/${source}/${flags}`, regex: new RegExp(source, flags) };
  } catch (error) {
    return field.fail(
      `${at}.regex`,
      source,
      `the regular expression does not compile (${firstLine(error).split(': ').at(-1)}); fix it or use a plain string marker`,
    );
  }
}

function parseAuth(field: Fields, node: unknown, at: string): AuthSpec {
  const raw = field.mapping(node, at, AUTH_KEYS);
  const credential = field.string(raw.credential, `${at}.credential`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(credential)) {
    field.fail(
      `${at}.credential`,
      credential,
      'give the NAME of the environment variable that holds the credential',
    );
  }
  return {
    endpoint: field.string(raw.endpoint, `${at}.endpoint`),
    credential,
    header: raw.header === undefined ? 'Authorization' : field.string(raw.header, `${at}.header`),
    scheme:
      raw.scheme === undefined ? 'Bearer' : field.string(raw.scheme, `${at}.scheme`, { allowEmpty: true }),
    cookie: raw.cookie === undefined ? undefined : field.string(raw.cookie, `${at}.cookie`),
    status: raw.status === undefined ? [] : field.statuses(raw.status, `${at}.status`),
    foreignStatus: field.statuses(raw['foreign-status'] ?? [401, 403], `${at}.foreign-status`),
  };
}

function parseCompare(field: Fields, node: unknown, at: string, names: string[]): CompareSpec {
  const raw = field.mapping(node, at, COMPARE_KEYS);
  const platforms =
    raw.platforms === undefined ? names : field.platformNames(raw.platforms, `${at}.platforms`, names);
  if (platforms.length < 2) field.fail(`${at}.platforms`, undefined, 'compare at least two platforms');
  return {
    path: field.string(raw.path, `${at}.path`),
    expect: field.oneOf(raw.expect ?? 'different', `${at}.expect`, COMPARE_EXPECT),
    platforms,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
