import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, delimiter } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The Node binaries bundles are executed with: the machine's own (20) and Node 24 from the `node` package. */
export function nodeBinaries(): { label: string; path: string }[] {
  const node24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node24))
    throw new Error(`Node 24 is missing at ${node24}: run npm ci (the 'node' devDependency carries it)`);
  return [
    { label: `node ${execFileSync(machineNode(), ['--version']).toString().trim()}`, path: machineNode() },
    { label: `node ${execFileSync(node24, ['--version']).toString().trim()}`, path: node24 },
  ];
}

/** The machine's own node: the first on PATH outside node_modules (npm puts node_modules/.bin first). */
export function machineNode(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir.includes('node_modules')) continue;
    const candidate = join(dir, 'node');
    if (existsSync(candidate)) return candidate;
  }
  return process.execPath;
}

/** What a bundle run produced: exit code, streams, outputs parsed from GITHUB_OUTPUT, the summary. */
export interface BundleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Every GITHUB_OUTPUT record in the order written (repeats and integer-like names kept). */
  records: [string, string][];
  /** stdout + stderr + GITHUB_OUTPUT file + summary. */
  everything: string;
  /**
   * `everything` without the `::add-mask::` commands: what a user can see once the runner has masked
   * secrets. Assert "no secret in any output" on this (the mask command itself must carry the secret).
   */
  visible: string;
}

/** Options for `runBundle`. */
export interface BundleRunOptions {
  /** Action inputs by name (as in action.yml); passed as INPUT_<NAME> with hyphens kept. */
  inputs?: Record<string, string>;
  /** Extra environment (GITHUB_EVENT_NAME, GITHUB_REF, ...). */
  env?: Record<string, string>;
  /** The event payload, written to a file named by GITHUB_EVENT_PATH. */
  event?: unknown;
  /** Working directory (GITHUB_WORKSPACE too). */
  cwd?: string;
  /** The script to run instead of dist/<name>/index.js (a peer's bundle, an older build). */
  script?: string;
  /** Node binary to use; defaults to the machine's node. */
  node?: string;
  /** Send this signal after `signalAfterMs` (for cancellation tests). */
  signal?: { name: NodeJS.Signals; afterOutput: RegExp };
  /** Called with everything written to stdout so far, whenever more arrives. */
  onOutput?: (stdout: string) => void;
  /** Kill the process after this many ms (a safety net, not an assertion). Default 60 000. */
  killAfterMs?: number;
}

/** Runs dist/<name>/index.js the way the runner does and collects what it wrote. */
export async function runBundle(name: string, options: BundleRunOptions = {}): Promise<BundleRun> {
  const dir = mkdtempSync(join(tmpdir(), `bundle-${name}-`));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_WORKSPACE: options.cwd ?? dir,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [key, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${key.toUpperCase()}`] = value;
  const script = options.script ?? join(ROOT, 'dist', name, 'index.js');
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run bundle`);
  const child = spawn(options.node ?? machineNode(), [script], { cwd: options.cwd ?? dir, env });
  let stdout = '';
  let stderr = '';
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 60_000);
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    options.onOutput?.(stdout);
    if (options.signal && options.signal.afterOutput.test(stdout)) {
      child.kill(options.signal.name);
      options.signal = undefined;
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  clearTimeout(killer);
  const outputText = readFileSync(outputFile, 'utf8');
  const summary = readFileSync(summaryFile, 'utf8');
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(outputText),
    records: parseOutputRecords(outputText),
    summary,
    everything: [stdout, stderr, outputText, summary].join('\n'),
    visible: [stdout, stderr, outputText, summary]
      .join('\n')
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
  };
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` heredoc records (and plain `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  return Object.fromEntries(parseOutputRecords(text));
}

/**
 * GITHUB_OUTPUT's records as `[name, value]` pairs in the order written: an object would reorder
 * integer-like names ("0", "10") and merge a name written twice.
 */
export function parseOutputRecords(text: string): [string, string][] {
  const outputs: [string, string][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // @actions/core's delimiter first, so a name holding '=' or '<' still parses.
    const heredoc = /^(.*?)<<(ghadelimiter_[0-9a-f-]+)$/.exec(line) ?? /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      outputs.push([key, value.join('\n')]);
    } else if (line.includes('=')) {
      outputs.push([line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
    }
  }
  return outputs;
}
