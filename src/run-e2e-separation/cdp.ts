/**
 * A minimal Chrome DevTools Protocol connection: starts Chrome/Chromium with a fresh profile and
 * `--remote-debugging-pipe` (the protocol over file descriptors 3 and 4, one JSON message per
 * NUL-terminated record, as Puppeteer and Playwright use it), with flat sessions: one `sessionId` per page.
 *
 * Why not playwright-core: it locates its own package.json and assets from `__dirname` when it is
 * imported, which fails inside the self-contained ESM bundle an action must be; this file bundles
 * into a few kilobytes and needs nothing at run time but the browser.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../lib/clock.js';

/** An event handler: the event's params and the session it came from. */
type Listener = (params: Record<string, unknown>, sessionId: string | undefined) => void;

/** One DevTools connection to a browser process this module started. */
export interface CdpBrowser {
  /** Sends a command (to the browser, or to a page session) and resolves with its result. */
  send(
    method: string,
    params?: Record<string, unknown>,
    sessionId?: string,
  ): Promise<Record<string, unknown>>;
  /** Calls `listener` for every event named `method`; returns a function that removes it. */
  on(method: string, listener: Listener): () => void;
  /** Closes the browser, ends the process and removes its profile. */
  close(): Promise<void>;
}

/** How to start the browser. */
export interface LaunchOptions {
  executablePath: string;
  args: readonly string[];
  /** How long the browser may take to start, in ms. */
  timeoutMs: number;
  clock: Clock;
}

/**
 * Starts the browser and checks that it answers.
 * @throws Error with the browser's last stderr line when it exits or does not answer in time
 */
export async function launchBrowser(options: LaunchOptions): Promise<CdpBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'separation-browser-'));
  const child = spawn(
    options.executablePath,
    [...options.args, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4096);
  });
  const browser = connect(child, profile, options.clock);
  const timer = new AbortController();
  const started = new Promise<void>((resolve, reject) => {
    const lastLine = (): string => stderr.trim().split('\n').at(-1) ?? '';
    child.once('error', (error) => reject(error));
    child.once('exit', (code) =>
      reject(new Error(`exited with code ${code}${lastLine() ? `: ${lastLine()}` : ''}`)),
    );
    browser.send('Browser.getVersion').then(() => resolve(), reject);
    options.clock.sleep(options.timeoutMs, timer.signal).then(
      () => reject(new Error(`did not answer within ${options.timeoutMs} ms`)),
      () => undefined,
    );
  });
  try {
    await started;
    return browser;
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(profile, { recursive: true, force: true });
    throw error;
  } finally {
    timer.abort();
  }
}

function connect(child: ChildProcess, profile: string, clock: Clock): CdpBrowser {
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  let nextId = 1;
  let buffer = '';
  const pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  const listeners = new Map<string, Set<Listener>>();
  output.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      dispatch(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
    }
  });
  const dispatch = (text: string): void => {
    const message = JSON.parse(text) as {
      id?: number;
      method?: string;
      params?: Record<string, unknown>;
      result?: Record<string, unknown>;
      error?: { message: string };
      sessionId?: string;
    };
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result ?? {});
    } else if (message.method) {
      for (const listener of listeners.get(message.method) ?? [])
        listener(message.params ?? {}, message.sessionId);
    }
  };
  const exited = new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );
  void exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new Error('the browser exited'));
    pending.clear();
  });
  // Writing to a pipe whose reader is gone emits an error; the exit above reports it.
  input.on('error', () => undefined);
  const write = (message: object): void => {
    input.write(`${JSON.stringify(message)}\0`);
  };
  return {
    send: (method, params = {}, sessionId) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        write({ id, method, params, ...(sessionId ? { sessionId } : {}) });
      }),
    on: (method, listener) => {
      const set = listeners.get(method) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(method, set);
      return () => set.delete(listener);
    },
    close: async () => {
      write({ id: nextId++, method: 'Browser.close', params: {} });
      // Give the browser a moment to exit on its own, then make sure it does.
      const grace = new AbortController();
      clock.sleep(5000, grace.signal).then(
        () => child.kill('SIGKILL'),
        () => undefined,
      );
      await exited;
      grace.abort();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
