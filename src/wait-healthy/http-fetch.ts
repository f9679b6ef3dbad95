/**
 * The fetch the shells (action, deploy, CLI) give to `waitHealthy`.
 *
 * Node's own fetch by default: it is undici too, built into Node and already compiled, so it costs
 * nothing at start-up (importing the undici package takes ~100 ms, most of the action's own
 * overhead). With `insecure-tls`, undici's fetch with its own Agent, loaded only then: handing an
 * undici 7 Agent to another Node's built-in fetch (Node 20 carries undici 6) is not reliable.
 */

/** A fetch for probes and the means to release its connections. */
export interface ProbeFetch {
  fetch: typeof globalThis.fetch;
  /** Closes every kept-alive connection it opened (call when the wait is over). */
  close(): Promise<void>;
}

/** Returns a fetch that accepts self-signed certificates when `insecureTls` is true. */
export async function createProbeFetch(options: { insecureTls: boolean }): Promise<ProbeFetch> {
  if (!options.insecureTls) return { fetch: globalThis.fetch, close: async () => undefined };
  const { Agent, fetch: undiciFetch } = await import('undici');
  const agent = new Agent({ connect: { rejectUnauthorized: false } });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  return { fetch, close: () => agent.destroy() };
}
