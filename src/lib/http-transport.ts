/**
 * The fetch the shells (actions and CLI) hand to the cores, chosen from the environment they pass in:
 * Node's own fetch, or undici's through an `EnvHttpProxyAgent` when `HTTPS_PROXY`/`HTTP_PROXY` (or
 * lower-case) is set, so self-hosted runners behind a proxy reach Dokploy and GitHub, with `NO_PROXY`
 * naming the hosts reached directly. undici is imported only then: loading the package costs ~100 ms
 * of start-up, and Node's built-in fetch (undici too, already compiled) costs nothing. An undici 7
 * dispatcher is not handed to the built-in fetch (Node 20 carries undici 6): the two are kept together.
 */

/** A fetch and the means to release its connections. */
export interface HttpTransport {
  fetch: typeof globalThis.fetch;
  /** True when requests go through a proxy (except `NO_PROXY` hosts). */
  proxied: boolean;
  /** Closes every kept-alive connection the transport opened (call when the run is over). */
  close(): Promise<void>;
}

/** What `createTransport` reads from the environment it is given. */
export type TransportEnv = Readonly<Record<string, string | undefined>>;

/**
 * Returns the transport for `env` (the shell passes `process.env`): undici's fetch with an
 * `EnvHttpProxyAgent` when a proxy variable is set, the global fetch otherwise. The lower-case
 * spelling wins over the upper-case one, as in curl and undici. With `insecureTls`, certificates are
 * not verified (health probes of self-signed targets).
 *
 * @example
 * const http = await createTransport(process.env);
 * try { await runDeploy(settings, { clock, fetch: http.fetch, signal, log }); } finally { await http.close(); }
 */
export async function createTransport(
  env: TransportEnv,
  options: { insecureTls?: boolean } = {},
): Promise<HttpTransport> {
  const httpProxy = pick(env, 'http_proxy');
  const httpsProxy = pick(env, 'https_proxy');
  const proxied = httpProxy !== '' || httpsProxy !== '';
  if (!proxied && !options.insecureTls)
    return { fetch: globalThis.fetch, proxied, close: async () => undefined };
  const undici = await import('undici');
  const tls = options.insecureTls ? { rejectUnauthorized: false } : undefined;
  const dispatcher = proxied
    ? // Empty strings, not undefined: undici would read process.env itself for a missing option.
      new undici.EnvHttpProxyAgent({
        httpProxy,
        httpsProxy,
        noProxy: pick(env, 'no_proxy'),
        ...(tls ? { connect: tls, requestTls: tls } : {}),
      })
    : new undici.Agent({ connect: tls });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undici.fetch(input, { ...(init as object), dispatcher })) as unknown as typeof globalThis.fetch;
  return { fetch, proxied, close: () => dispatcher.destroy() };
}

/** The variable's lower-case spelling, else its upper-case one, else ''. */
function pick(env: TransportEnv, lower: string): string {
  return (env[lower] || env[lower.toUpperCase()] || '').trim();
}
