#!/usr/bin/env node
// Builds one self-contained ESM bundle per action: every src/<name>/main.ts is an entry
// (lib, cli and sandbox are not actions), written to dist/<name>/index.js by @vercel/ncc.
// The CLI (src/cli/index.ts) is its own entry, dist/cli/index.js.
// Usage: node scripts/bundle.mjs [name ...]   (no names: everything)
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { SOURCES_FILE, sourcesHash } from './sources-hash.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ncc = require('@vercel/ncc');
const esbuild = require('esbuild');

// Entries built with esbuild instead of ncc, and why. detect-changed-platforms has a start-up
// budget (issue #2): ncc's webpack output evaluates @actions/core's OIDC client (http-client and
// undici, ~70 ms per start) although the action never requests an OIDC token; esbuild tree-shakes
// the whole toolkit down to what is used once that client is replaced by a stub that throws.
const ESBUILD_ENTRIES = new Set(['detect-changed-platforms']);

const NOT_ACTIONS = new Set(['lib', 'cli', 'sandbox']);
const entries = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter(
    (d) => d.isDirectory() && !NOT_ACTIONS.has(d.name) && existsSync(join(root, 'src', d.name, 'main.ts')),
  )
  .map((d) => ({ name: d.name, file: join(root, 'src', d.name, 'main.ts') }));
if (existsSync(join(root, 'src/cli/index.ts')))
  entries.push({ name: 'cli', file: join(root, 'src/cli/index.ts') });

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !entries.some((e) => e.name === w));
if (unknown.length > 0) {
  console.error(
    `Unknown bundle name(s): ${unknown.join(', ')}. Known: ${entries.map((e) => e.name).join(', ')}`,
  );
  process.exit(2);
}

for (const entry of entries.filter((e) => wanted.length === 0 || wanted.includes(e.name))) {
  const started = Date.now();
  const { code, assets } = ESBUILD_ENTRIES.has(entry.name)
    ? await buildWithEsbuild(entry.file)
    : await buildWithNcc(entry.file);
  const outDir = join(root, 'dist', entry.name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{\n  "type": "module"\n}\n');
  const banner = entry.name === 'cli' ? '#!/usr/bin/env node\n' : '';
  writeFileSync(join(outDir, 'index.js'), banner + code.replace(/^#!.*\n/, ''), { mode: 0o755 });
  for (const [name, asset] of Object.entries(assets ?? {})) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), asset.source);
  }
  console.log(
    `dist/${entry.name}/index.js  ${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB  ${Date.now() - started} ms`,
  );
}

// What these bundles were built from, for the tests' check that dist/ is current (only when every
// bundle was rebuilt: a partial build leaves the others as they were).
if (wanted.length === 0) writeFileSync(join(root, SOURCES_FILE), `${sourcesHash(root)}\n`);

async function buildWithNcc(file) {
  return ncc(file, {
    minify: true,
    sourceMap: false,
    quiet: true,
    license: 'licenses.txt',
    target: 'es2022',
    // Not transpileOnly: with it ncc loses ESM mode (CommonJS output that cannot load @actions/core 3).
  });
}

async function buildWithEsbuild(file) {
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'eof',
    // CommonJS inside an ESM bundle needs a real `require` (e.g. for node built-ins).
    banner: {
      js: "import{createRequire as __kitRequire}from'node:module';const require=__kitRequire(import.meta.url);",
    },
    plugins: [noOidcClient()],
    logLevel: 'warning',
  });
  return { code: result.outputFiles[0].text, assets: {} };
}

/** Replaces @actions/http-client (used by @actions/core only for OIDC tokens) with a stub that throws. */
function noOidcClient() {
  return {
    name: 'no-oidc-client',
    setup(build) {
      build.onResolve({ filter: /^@actions\/http-client(\/.*)?$/ }, () => ({
        path: 'no-oidc-client',
        namespace: 'kit-stub',
      }));
      build.onLoad({ filter: /.*/, namespace: 'kit-stub' }, () => ({
        loader: 'js',
        contents:
          'const unavailable = () => { throw new Error("OIDC tokens are not available in this action bundle"); };\n' +
          'export class HttpClient { constructor() { unavailable(); } }\n' +
          'export class BearerCredentialHandler { constructor() { unavailable(); } }\n',
      }));
    },
  };
}
