/**
 * Browser mode: loads each page in a real Chrome/Chromium (the runner's installed browser, driven over
 * the DevTools protocol, see cdp.ts) so that the checks also see what only running the page's scripts produces: markers
 * rendered on the client from fetched data, chunks loaded on demand, and cookies set by JavaScript.
 * Each platform gets a fresh browser context; the public origin's host is mapped to the URL the
 * runner connects to (Chromium's --host-resolver-rules), so cookies get their real domains.
 */
import type { Clock } from '../lib/clock.js';
import { inputError } from '../lib/errors.js';
import { launchBrowser, type CdpBrowser } from './cdp.js';
import type { PlatformSpec } from './spec.js';

/** Where the runner's browsers usually live, tried in order when `executable-path` is empty. */
export const BROWSER_CANDIDATES = [
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
] as const;

/** Flags for a quiet, disposable headless browser in CI. */
const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A cookie as the browser stored it after loading a page. */
export interface BrowserCookie {
  name: string;
  /** The cookie's domain: a leading dot means a domain cookie, none a host-only cookie. */
  domain: string;
  /** `name=…; Domain=…; Path=…` for evidence (the value is left out). */
  display: string;
  value: string;
}

/** One page after the browser loaded it and its scripts ran. */
export interface RenderedPage {
  /** The public URL loaded. */
  url: string;
  status: number | undefined;
  /** The DOM serialized after load and network idle. */
  dom: string;
  /** Same-origin scripts the browser loaded, with their text (cut at the chunk limit). */
  scripts: { url: string; body: string }[];
  /** Every cookie in the platform's browser context so far. */
  cookies: BrowserCookie[];
}

/** Loads pages in a browser. The core receives it in `deps.browser`. */
export interface PageRenderer {
  /** Loads `path` of `platform` (at its public origin) and returns what the browser saw. */
  render(platform: PlatformSpec, path: string): Promise<RenderedPage>;
  close(): Promise<void>;
}

/**
 * The least time a browser gets to start: a first start on a cold, busy runner (a new profile, fonts)
 * can take longer than one page load, which is what `timeoutMs` is for (observed: > 15 s on 2 busy cores).
 */
export const MIN_BROWSER_START_MS = 60_000;

/** Options of `launchRenderer`. */
export interface RendererOptions {
  executablePath: string;
  platforms: readonly PlatformSpec[];
  /** Deadline of one page load, in ms. */
  timeoutMs: number;
  /** Bytes kept of one script. */
  maxScriptBytes: number;
  clock: Clock;
  /** Aborts page loads (the run was cancelled). */
  signal: AbortSignal;
}

/**
 * Picks the browser executable: the input when given, else the first candidate that exists.
 * @throws InputError when the input names no file or no candidate exists
 */
export function findBrowserExecutable(input: string, exists: (path: string) => boolean): string {
  if (input !== '') {
    if (!exists(input))
      throw inputError('executable-path', input, 'no such file; give the path of Chrome or Chromium');
    return input;
  }
  const found = BROWSER_CANDIDATES.find((path) => exists(path));
  if (!found) {
    throw inputError(
      'executable-path',
      undefined,
      `no Chrome or Chromium at ${BROWSER_CANDIDATES.join(', ')}; install one or give its path`,
    );
  }
  return found;
}

/**
 * The --host-resolver-rules value that sends each public host to the address the runner uses (with
 * its port). A platform whose URL and origin differ in scheme is loaded at its URL instead: a resolver
 * rule cannot turn https into http.
 */
export function hostResolverRules(platforms: readonly PlatformSpec[]): string {
  return platforms
    .map((p) => ({ origin: new URL(p.origin), url: new URL(p.url) }))
    .filter(({ origin, url }) => origin.host !== url.host && origin.protocol === url.protocol)
    .map(
      ({ origin, url }) =>
        `MAP ${origin.hostname} ${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`,
    )
    .join(', ');
}

/** Where the browser loads a platform's pages: its public origin, unless the scheme differs. */
export function browserBase(platform: PlatformSpec): string {
  return new URL(platform.origin).protocol === new URL(platform.url).protocol
    ? `${platform.origin}/`
    : platform.url;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * Starts the browser; each platform's pages then load in a browser context of their own.
 * @throws InputError naming `executable-path` when the browser does not start
 */
export async function launchRenderer(options: RendererOptions): Promise<PageRenderer> {
  const rules = hostResolverRules(options.platforms);
  const browser = await launchBrowser({
    executablePath: options.executablePath,
    args: [...BROWSER_ARGS, ...(rules ? [`--host-resolver-rules=${rules}`] : [])],
    timeoutMs: Math.max(options.timeoutMs, MIN_BROWSER_START_MS),
    clock: options.clock,
  }).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    throw inputError('executable-path', options.executablePath, `the browser did not start (${message})`);
  });
  const contexts = new Map<string, Promise<string>>();
  const contextOf = (platform: PlatformSpec): Promise<string> => {
    let id = contexts.get(platform.name);
    if (!id) {
      id = browser.send('Target.createBrowserContext').then((r) => String(r.browserContextId));
      contexts.set(platform.name, id);
    }
    return id;
  };
  return {
    close: () => browser.close(),
    render: async (platform, path) => {
      const base = browserBase(platform);
      const url = new URL(path, base.endsWith('/') ? base : `${base}/`).href;
      return renderPage(browser, await contextOf(platform), url, options);
    },
  };
}

/** Loads one page in a new tab of `contextId`, waits for load and a quiet network, and reads it. */
async function renderPage(
  browser: CdpBrowser,
  contextId: string,
  url: string,
  options: RendererOptions,
): Promise<RenderedPage> {
  const { targetId } = await browser.send('Target.createTarget', {
    url: 'about:blank',
    browserContextId: contextId,
  });
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  const tab = new TabTraffic(browser, String(sessionId), new URL(url).origin, options.maxScriptBytes);
  try {
    await browser.send('Network.enable', {}, tab.sessionId);
    await browser.send('Page.enable', {}, tab.sessionId);
    const loaded = tab.next('Page.loadEventFired');
    const navigation = await browser.send('Page.navigate', { url }, tab.sessionId);
    if (typeof navigation.errorText === 'string') throw new Error(`${navigation.errorText} loading ${url}`);
    await within(loaded, options, `the load event of ${url}`);
    await tab.quiet(options);
    const evaluated = await browser.send(
      'Runtime.evaluate',
      { expression: 'document.documentElement.outerHTML', returnByValue: true },
      tab.sessionId,
    );
    const dom = String((evaluated.result as { value?: unknown } | undefined)?.value ?? '');
    const { cookies } = await browser.send('Storage.getCookies', { browserContextId: contextId });
    return { url, status: tab.status, dom, scripts: await tab.scripts(), cookies: toCookies(cookies) };
  } finally {
    tab.stop();
    await browser.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

/** Follows one tab's network: requests in flight, the document's status, same-origin scripts. */
class TabTraffic {
  status: number | undefined;
  private readonly inflight = new Set<string>();
  private readonly scriptIds = new Map<string, string>();
  private readonly bodies: Promise<{ url: string; body: string } | undefined>[] = [];
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly browser: CdpBrowser,
    readonly sessionId: string,
    private readonly origin: string,
    private readonly maxBytes: number,
  ) {
    this.listen('Network.requestWillBeSent', (p) => this.inflight.add(String(p.requestId)));
    this.listen('Network.responseReceived', (p) => {
      const response = p.response as { url: string; status: number };
      if (p.type === 'Document' && this.status === undefined) this.status = response.status;
      if (p.type === 'Script' && new URL(response.url).origin === this.origin) {
        this.scriptIds.set(String(p.requestId), response.url);
      }
    });
    this.listen('Network.loadingFinished', (p) => this.finish(String(p.requestId), true));
    this.listen('Network.loadingFailed', (p) => this.finish(String(p.requestId), false));
  }

  /** Resolves on the next event `method` of this tab. */
  next(method: string): Promise<void> {
    return new Promise((resolve) => {
      const off = this.browser.on(method, (_, sessionId) => {
        if (sessionId !== this.sessionId) return;
        off();
        resolve();
      });
      this.offs.push(off);
    });
  }

  /** Waits until no request has been in flight for two checks in a row (bounded by the timeout). */
  async quiet(options: RendererOptions): Promise<void> {
    const deadline = options.clock.now() + options.timeoutMs;
    let idle = 0;
    while (idle < 2 && options.clock.now() < deadline) {
      idle = this.inflight.size === 0 ? idle + 1 : 0;
      await options.clock.sleep(250, options.signal);
    }
  }

  async scripts(): Promise<{ url: string; body: string }[]> {
    return (await Promise.all(this.bodies)).filter((s) => s !== undefined);
  }

  stop(): void {
    for (const off of this.offs) off();
  }

  private listen(method: string, handler: (params: Record<string, unknown>) => void): void {
    this.offs.push(
      this.browser.on(method, (params, sessionId) => sessionId === this.sessionId && handler(params)),
    );
  }

  private finish(requestId: string, ok: boolean): void {
    this.inflight.delete(requestId);
    const url = this.scriptIds.get(requestId);
    if (!ok || url === undefined) return;
    const body = this.browser.send('Network.getResponseBody', { requestId }, this.sessionId).then(
      (r) => {
        const bytes = r.base64Encoded ? Buffer.from(String(r.body), 'base64') : Buffer.from(String(r.body));
        return { url, body: bytes.subarray(0, this.maxBytes).toString('utf8') };
      },
      () => undefined,
    );
    this.bodies.push(body);
  }
}

function toCookies(raw: unknown): BrowserCookie[] {
  const list = Array.isArray(raw)
    ? (raw as { name: string; value: string; domain: string; path: string; httpOnly: boolean }[])
    : [];
  return list.map((c) => ({
    name: c.name,
    domain: c.domain,
    value: c.value,
    display: `${c.name}=…; Domain=${c.domain}; Path=${c.path}${c.httpOnly ? '; HttpOnly' : ''}`,
  }));
}

async function within(promise: Promise<void>, options: RendererOptions, what: string): Promise<void> {
  const timer = new AbortController();
  const timeout = options.clock.sleep(options.timeoutMs, timer.signal).then(
    () => {
      throw new Error(`no ${what} within ${options.timeoutMs} ms`);
    },
    () => undefined,
  );
  try {
    await Promise.race([promise, timeout]);
  } finally {
    timer.abort();
  }
}
