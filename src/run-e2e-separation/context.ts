/**
 * What the checks share while they run: the spec, the credentials, the request limits, and memoized
 * loads (each page, script chunk and own-credential answer is fetched once per run).
 */
import {
  request,
  RequestFailedError,
  type Answer,
  type RequestLimits,
  type SeparationDeps,
} from './requests.js';
import type { RenderedPage } from './browser.js';
import { redactText, secretForms } from './redact.js';
import type { PlatformSpec, SeparationSpec } from './spec.js';

/** Bounds of a run. */
export interface SeparationOptions {
  /** Limits of page and endpoint requests. */
  limits: RequestLimits;
  /** Script chunks followed per platform at most. */
  maxChunks: number;
  /** Bytes read from one script chunk at most. */
  maxChunkBytes: number;
}

/** A script a page references, and what loading it gave. */
export interface ChunkLoad {
  url: string;
  answer: Answer | undefined;
  error: string | undefined;
}

/** One page of a platform with the same-origin scripts it references. */
export interface PageLoad {
  path: string;
  url: string;
  answer: Answer | undefined;
  /** Why there is no usable answer (no answer at all, or a non-2xx status). */
  error: string | undefined;
  chunks: ChunkLoad[];
  /** Script references not followed (other origin, or past `maxChunks`), for evidence. */
  notFollowed: string[];
  /** What the browser saw (browser mode only). */
  rendered: RenderedPage | undefined;
  /** Every answer on the way to the page (redirects first), for their cookies. */
  hops: Answer[];
}

/** The shared state of one run. */
export interface CheckContext {
  spec: SeparationSpec;
  /** Credential values by platform name (only platforms with `auth`). Never shown. */
  credentials: Readonly<Record<string, string>>;
  options: SeparationOptions;
  deps: SeparationDeps;
  /** The platform's pages with their chunks (memoized). */
  pages(platform: PlatformSpec): Promise<PageLoad[]>;
  /** GET of the platform's auth endpoint with its own credential (memoized). */
  ownAuth(platform: PlatformSpec): Promise<Answer>;
  /** Replaces every credential (and its encoded forms) in `text` with `***`. */
  redact(text: string): string;
  /** One request (not memoized); the body comes back with credentials redacted. */
  send(method: 'GET' | 'OPTIONS', url: string, headers?: Record<string, string>): Promise<Answer>;
}

/** Builds the context of one run. */
export function createContext(
  spec: SeparationSpec,
  credentials: Readonly<Record<string, string>>,
  options: SeparationOptions,
  deps: SeparationDeps,
): CheckContext {
  const pageCache = new Map<string, Promise<PageLoad[]>>();
  const chunkCache = new Map<string, Promise<ChunkLoad>>();
  const authCache = new Map<string, Promise<Answer>>();
  const secrets = secretForms(Object.values(credentials));
  const clean = (answer: Answer): Answer => ({ ...answer, body: redactText(answer.body, secrets) });
  const context: CheckContext = {
    spec,
    credentials,
    options,
    deps,
    send: (method, url, headers = {}) => request(method, url, headers, options.limits, deps).then(clean),
    redact: (text) => redactText(text, secrets),
    pages: (platform) => memo(pageCache, platform.name, () => loadPages(context, platform, chunkCache)),
    ownAuth: (platform) =>
      memo(authCache, platform.name, () => {
        const auth = platform.auth;
        if (!auth) throw new Error(`${platform.name} has no auth endpoint`);
        return context.send(
          'GET',
          resolveUrl(platform, auth.endpoint),
          credentialHeaders(platform, credentials[platform.name] ?? ''),
        );
      }),
  };
  return context;
}

/** The headers that present `credential` the way `platform`'s auth endpoint expects it. */
export function credentialHeaders(platform: PlatformSpec, credential: string): Record<string, string> {
  const auth = platform.auth;
  if (!auth) return {};
  if (auth.cookie !== undefined) return { cookie: `${auth.cookie}=${credential}` };
  return { [auth.header]: auth.scheme === '' ? credential : `${auth.scheme} ${credential}` };
}

/** Resolves a spec path (or absolute URL) against the platform's URL. */
export function resolveUrl(platform: PlatformSpec, path: string): string {
  return new URL(path, platform.url.endsWith('/') ? platform.url : `${platform.url}/`).href;
}

/**
 * Finds the scripts an HTML page references: `<script src>` and `<link rel="preload|modulepreload">`
 * for scripts. Returns absolute URLs in document order, without duplicates.
 */
export function findScriptUrls(html: string, pageUrl: string): string[] {
  const found: string[] = [];
  const add = (src: string): void => {
    try {
      const url = new URL(decodeEntities(src), pageUrl).href;
      if (!found.includes(url)) found.push(url);
    } catch {
      // An unparsable src is not a script a browser would load either.
    }
  };
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const rel = attribute(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const as = attribute(tag, 'as')?.toLowerCase() ?? '';
    const wanted = isScript || rel.includes('modulepreload') || (rel.includes('preload') && as === 'script');
    const src = wanted ? attribute(tag, isScript ? 'src' : 'href') : undefined;
    if (src) add(src);
  }
  // Next.js App Router lists the route's chunks in its inline flight data ("static/chunks/…js",
  // relative to /_next/) rather than only in script tags.
  for (const match of html.matchAll(/["'](\/_next\/)?(static\/chunks\/[\w\-./~%@]+?\.js)\\?["']/g)) {
    add(`/_next/${match[2]}`);
  }
  return found;
}

async function loadPages(
  context: CheckContext,
  platform: PlatformSpec,
  chunkCache: Map<string, Promise<ChunkLoad>>,
): Promise<PageLoad[]> {
  const loads: PageLoad[] = [];
  const followed = new Set<string>();
  for (const path of platform.pages) {
    const url = resolveUrl(platform, path);
    const page: PageLoad = {
      path,
      url,
      answer: undefined,
      error: undefined,
      chunks: [],
      notFollowed: [],
      rendered: undefined,
      hops: [],
    };
    loads.push(page);
    try {
      page.hops = await getFollowing(context, platform, url);
      page.answer = page.hops.at(-1);
    } catch (error) {
      if (!(error instanceof RequestFailedError)) throw error;
      page.error = error.reason;
      continue;
    }
    if (!page.answer || page.answer.status < 200 || page.answer.status > 299) {
      const location = page.answer?.headers.get('location');
      page.error = `answered ${page.answer?.status}${location ? ` redirecting to ${location}, off the platform` : ''}`;
      continue;
    }
    for (const script of findScriptUrls(page.answer.body, page.answer.url)) {
      const target = toConnectUrl(platform, script);
      if (target === undefined) {
        page.notFollowed.push(`${script} (other origin)`);
      } else if (!followed.has(target) && followed.size >= context.options.maxChunks) {
        page.notFollowed.push(`${script} (past ${context.options.maxChunks} chunks)`);
      } else {
        followed.add(target);
        page.chunks.push(await memo(chunkCache, target, () => loadChunk(context, target)));
      }
    }
    if (context.deps.browser) page.error = await renderInto(context, platform, page);
  }
  return loads;
}

/** Redirects followed per page at most. */
const MAX_REDIRECTS = 5;

/**
 * GETs a page, following redirects that stay on the platform (its URL or its public origin), and
 * returns every hop's answer, the page last: a cookie set on a redirect counts too. Only pages
 * follow redirects; an auth endpoint's redirect (to a login page) is judged as it is.
 */
async function getFollowing(context: CheckContext, platform: PlatformSpec, url: string): Promise<Answer[]> {
  const hops: Answer[] = [];
  let current = url;
  for (let hop = 0; ; hop++) {
    const answer = await context.send('GET', current);
    hops.push(answer);
    const location = answer.headers.get('location');
    const next =
      location && answer.status >= 300 && answer.status <= 399
        ? toConnectUrl(platform, new URL(location, current).href)
        : undefined;
    if (next === undefined || hop >= MAX_REDIRECTS) return hops;
    current = next;
  }
}

/** Loads the page in the browser too; returns why that failed, if it did. */
async function renderInto(
  context: CheckContext,
  platform: PlatformSpec,
  page: PageLoad,
): Promise<string | undefined> {
  try {
    const rendered = await context.deps.browser?.render(platform, page.path);
    page.rendered = rendered && {
      ...rendered,
      dom: context.redact(rendered.dom),
      scripts: rendered.scripts.map((s) => ({ ...s, body: context.redact(s.body) })),
    };
    return undefined;
  } catch (error) {
    if (context.deps.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return `the browser could not load it: ${message.split('\n')[0] ?? message}`;
  }
}

async function loadChunk(context: CheckContext, url: string): Promise<ChunkLoad> {
  const limits = { ...context.options.limits, maxBytes: context.options.maxChunkBytes };
  try {
    const raw = await request('GET', url, {}, limits, context.deps);
    const answer = { ...raw, body: context.redact(raw.body) };
    const error = answer.status >= 200 && answer.status <= 299 ? undefined : `answered ${answer.status}`;
    return { url, answer, error };
  } catch (error) {
    if (!(error instanceof RequestFailedError)) throw error;
    return { url, answer: undefined, error: error.reason };
  }
}

/** Maps a script URL to where the runner fetches it: same origin as the URL or the public origin. */
function toConnectUrl(platform: PlatformSpec, script: string): string | undefined {
  const target = new URL(script);
  const base = new URL(platform.url);
  if (target.origin === base.origin) return target.href;
  if (target.origin === platform.origin) return new URL(target.pathname + target.search, base.origin).href;
  return undefined;
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    cache.set(key, value);
  }
  return value;
}
