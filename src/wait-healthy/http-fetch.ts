/**
 * The fetch the shells (action, deploy, CLI) give to `waitHealthy`: undici's own fetch with its own
 * Agent, so `insecure-tls` works the same on Node 20 and 24 (handing an undici 7 Agent to another
 * Node's built-in fetch is not reliable), and so connections to a target are reused between probes.
 */
import { Agent, fetch as undiciFetch } from 'undici';

/** A fetch for probes and the means to release its connections. */
export interface ProbeFetch {
  fetch: typeof globalThis.fetch;
  /** Closes every kept-alive connection (call when the wait is over, so the process can exit). */
  close(): Promise<void>;
}

/** Returns a fetch that accepts self-signed certificates when `insecureTls` is true. */
export function createProbeFetch(options: { insecureTls: boolean }): ProbeFetch {
  const agent = new Agent({ connect: { rejectUnauthorized: !options.insecureTls } });
  const fetch = ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
  return { fetch, close: () => agent.destroy() };
}
