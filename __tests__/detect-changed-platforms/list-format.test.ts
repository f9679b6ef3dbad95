import {
  backslashEscape,
  csvEscape,
  formatFileList,
  shellEscape,
} from '../../src/detect-changed-platforms/list-format.js';
import { execFileSync } from 'node:child_process';

const weird = ['$weird,file".txt', "apps/web/src/new name's.ts", 'docs/readme.md'];

describe('list-files formats (dorny-compatible output)', () => {
  it('json is JSON.stringify of the names', () => {
    expect(formatFileList(weird, 'json')).toBe(JSON.stringify(weird));
  });

  it('csv quotes unsafe names and doubles inner quotes, as dorny does', () => {
    expect(formatFileList(weird, 'csv')).toBe(
      '"$weird,file"".txt","apps/web/src/new name\'s.ts",docs/readme.md',
    );
  });

  it('shell quotes as dorny does', () => {
    expect(formatFileList(weird, 'shell')).toBe(
      '\'$weird,file".txt\' "apps/web/src/new name\'s.ts" docs/readme.md',
    );
  });

  it('escape puts a backslash before each unsafe character', () => {
    expect(formatFileList(weird, 'escape')).toBe(
      '\\$weird,file\\".txt apps/web/src/new\\ name\\\'s.ts docs/readme.md',
    );
  });
});

describe('escaping fixes over dorny (a newline in a file name)', () => {
  const evil = 'ok\n$(touch pwned)';

  it('csv and shell quote a multi-line name instead of passing it raw', () => {
    expect(csvEscape(evil)).toBe('"ok\n$(touch pwned)"');
    expect(shellEscape(evil)).toBe("'ok\n$(touch pwned)'");
  });

  it('every format round-trips through bash as exactly the original names', () => {
    const names = [evil, "it's $(x)", 'a b', 'plain/file.ts', "new\nname's"];
    for (const format of ['shell', 'escape'] as const) {
      const script = `for f in ${formatFileList(names, format)}; do printf '%s\\0' "$f"; done`;
      const out = execFileSync('bash', ['-c', script]).toString().split('\0').slice(0, -1);
      expect(out).toEqual(names);
    }
  });

  it("escape writes a newline as $'\\n' rather than a line continuation", () => {
    expect(backslashEscape('a\nb')).toBe("a$'\\n'b");
  });
});
