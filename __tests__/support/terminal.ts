/**
 * A pseudo-terminal for CLI tests: runs a command under util-linux `script` (so its stdout is a TTY)
 * and replays what it wrote on a minimal screen model, to read what a person sees at the end.
 */
import { spawn } from 'node:child_process';

/** What a command run in a pseudo-terminal left behind. */
export interface TerminalRun {
  code: number | null;
  /** The bytes written, escape codes included. */
  raw: string;
  /** The final screen, one string per line, without trailing blanks. */
  screen: string[];
}

/**
 * Runs `argv` in a pseudo-terminal (`script -qfec`) and returns its final screen; killed after
 * `timeoutMs` (a safety net).
 */
export function runInTerminal(
  argv: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<TerminalRun> {
  const quoted = argv.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  // -e: the command's exit code; /dev/null: no typescript file.
  const child = spawn('script', ['-qfec', quoted, '/dev/null'], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let raw = '';
  child.stdout.on('data', (d: Buffer) => (raw += d.toString()));
  child.stderr.on('data', (d: Buffer) => (raw += d.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, raw, screen: replay(raw) });
    }),
  );
}

/**
 * Replays terminal output on a screen without a height limit: text, CR, LF, and the CSI codes a
 * redrawing CLI uses (F: up n lines to column 1, G: to column n, J: erase below, K: erase right).
 * Other CSI codes (colours) are dropped.
 */
export function replay(raw: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (text: string): void => {
    const line = (lines[row] ?? '').padEnd(col, ' ');
    lines[row] = line.slice(0, col) + text + line.slice(col + text.length);
    col += text.length;
  };
  // eslint-disable-next-line no-control-regex -- ESC is what a CSI code starts with
  const csi = /^\x1b\[([0-9;?]*)([A-Za-z])/;
  for (let i = 0; i < raw.length;) {
    const ch = raw[i] as string;
    if (ch === '\x1b') {
      const match = csi.exec(raw.slice(i, i + 16));
      if (match) {
        const n = Number(match[1] || '0');
        if (match[2] === 'F') [row, col] = [Math.max(0, row - Math.max(1, n)), 0];
        else if (match[2] === 'G') col = Math.max(0, n - 1);
        else if (match[2] === 'J') {
          lines.splice(row + 1);
          lines[row] = (lines[row] ?? '').slice(0, col);
        } else if (match[2] === 'K') lines[row] = (lines[row] ?? '').slice(0, col);
        i += match[0].length;
        continue;
      }
    }
    if (ch === '\r') col = 0;
    else if (ch === '\n') {
      row++;
      if (lines[row] === undefined) lines[row] = '';
    } else put(ch);
    i++;
  }
  const screen = lines.map((l) => l.trimEnd());
  while (screen.length > 0 && screen[screen.length - 1] === '') screen.pop();
  return screen;
}
