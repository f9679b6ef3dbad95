// The fingerprint of what the bundles are built from: src/, the lockfile, the bundler script and
// tsconfig, as one sha256 over their paths and contents (not their times, which a clone sets anew).
// scripts/bundle.mjs writes it to dist/sources.sha256; the tests' global setup compares it, so `npm
// test` fails at once, with the command to run, when dist/ was built from other sources.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SOURCES_FILE = 'dist/sources.sha256';

export function sourcesHash(root) {
  const files = [
    ...walk(join(root, 'src')),
    join(root, 'package-lock.json'),
    join(root, 'scripts', 'bundle.mjs'),
    join(root, 'tsconfig.json'),
  ];
  const hash = createHash('sha256');
  for (const file of files.map((f) => relative(root, f).split('\\').join('/')).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
