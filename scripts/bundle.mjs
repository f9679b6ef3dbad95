#!/usr/bin/env node
// Builds one self-contained ESM bundle per action with esbuild: every src/<name>/main.ts is an entry
// (lib, cli and sandbox are not actions), written to dist/<name>/index.js, with the licences of the
// packages bundled into it in dist/<name>/licenses.txt. The CLI (src/cli/index.ts) is its own entry,
// dist/cli/index.js, with its sub-commands in chunks beside it. An action is one file; the one
// exception is undici, which the kit imports only for an HTTP proxy or insecure-tls probes: it goes
// to dist/<name>/undici.js, loaded by that import only, because 520 KiB of it inside index.js cost
// every start 15-20 ms (issue #11, measured on Node 24). esbuild, not ncc: ncc's webpack output
// evaluates @actions/core's OIDC client at every start (detect: 118 ms against 58-75 ms).
// Usage: node scripts/bundle.mjs [--outdir DIR] [name ...]   (no names: everything, into dist/)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { SOURCES_FILE, sourcesHash } from './sources-hash.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

/** Where a bundle finds undici: a file of its own beside index.js. */
const LAZY_UNDICI = './undici.js';

const NOT_ACTIONS = new Set(['lib', 'cli', 'sandbox']);
const entries = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter(
    (d) => d.isDirectory() && !NOT_ACTIONS.has(d.name) && existsSync(join(root, 'src', d.name, 'main.ts')),
  )
  .map((d) => ({ name: d.name, file: join(root, 'src', d.name, 'main.ts') }));
if (existsSync(join(root, 'src/cli/index.ts')))
  entries.push({ name: 'cli', file: join(root, 'src/cli/index.ts') });

const args = process.argv.slice(2);
const outdirAt = args.indexOf('--outdir');
const outRoot = outdirAt >= 0 ? resolve(args[outdirAt + 1] ?? '') : join(root, 'dist');
const wanted = outdirAt >= 0 ? args.filter((_, i) => i !== outdirAt && i !== outdirAt + 1) : args;
const unknown = wanted.filter((w) => !entries.some((e) => e.name === w));
if (unknown.length > 0 || (outdirAt >= 0 && args[outdirAt + 1] === undefined)) {
  console.error(
    `Usage: node scripts/bundle.mjs [--outdir DIR] [name ...]. Unknown bundle name(s): ${unknown.join(', ') || '(none)'}. Known: ${entries.map((e) => e.name).join(', ')}`,
  );
  process.exit(2);
}

for (const entry of entries.filter((e) => wanted.length === 0 || wanted.includes(e.name))) {
  const started = Date.now();
  // The CLI keeps its sub-commands in chunks of their own: measured, `pipeline` starts 15-17 ms sooner
  // than from one file holding every command (a CLI is not an action, which must be one file).
  const main = await build(
    entry.name === 'cli'
      ? { entryPoints: { index: entry.file }, splitting: true, outdir: '/', chunkNames: '[name]-[hash]' }
      : { entryPoints: [entry.file] },
  );
  const files = main.files;
  let packages = main.packages;
  if (main.lazyImports.has(LAZY_UNDICI)) {
    const undici = await build({ stdin: undiciModule() });
    files[LAZY_UNDICI.slice(2)] = undici.files['stdin.js'] ?? Object.values(undici.files)[0];
    packages = [...new Map([...packages, ...undici.packages].map((p) => [p.dir, p])).values()];
  }
  const outDir = join(outRoot, entry.name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{\n  "type": "module"\n}\n');
  const shebang = entry.name === 'cli' ? '#!/usr/bin/env node\n' : '';
  for (const [name, code] of Object.entries(files))
    writeFileSync(join(outDir, name), (name === 'index.js' ? shebang : '') + code.replace(/^#!.*\n/, ''), {
      mode: name === 'index.js' ? 0o755 : 0o644,
    });
  writeFileSync(join(outDir, 'licenses.txt'), renderLicenses(packages.sort(byName)));
  const sizes = Object.entries(files).map(
    ([name, code]) => `${name} ${(Buffer.byteLength(code) / 1024).toFixed(0)} KiB`,
  );
  const where = outRoot === join(root, 'dist') ? `dist/${entry.name}` : outDir;
  console.log(`${where}: ${sizes.join(', ')}  ${packages.length} package(s)  ${Date.now() - started} ms`);
}

// What these bundles were built from, for the tests' check that dist/ is current (only when every
// bundle was rebuilt into dist/: a partial build leaves the others as they were).
if (wanted.length === 0 && outRoot === join(root, 'dist'))
  writeFileSync(join(root, SOURCES_FILE), `${sourcesHash(root)}\n`);

/**
 * Bundles one entry (`entryPoints` or `stdin`); returns the code, the packages (name, licence, folder)
 * that ended up in it, and which of the lazily loaded files it imports.
 */
async function build(input) {
  const result = await esbuild.build({
    ...input,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    // Licences go to licenses.txt (below), as ncc wrote them, not into the code.
    legalComments: 'none',
    // CommonJS inside an ESM bundle (undici, js-yaml, picomatch) needs a real `require` for Node's
    // built-ins (taken without an `import`: Node's ESM facade of node:module reads all it exports).
    banner: {
      js: "const require=process.getBuiltinModule('node:module').createRequire(import.meta.url);",
    },
    plugins: [
      noOidcClient(),
      coreWithoutEagerBuiltins(),
      ...(input.stdin ? [] : [lazyUndici()]),
      fsWithoutPromises(),
    ],
    logLevel: 'warning',
  });
  const outputs = Object.values(result.metafile.outputs);
  const used = outputs.flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, file]) => file.bytesInOutput > 0)
      .map(([path]) => path),
  );
  const lazyImports = new Set(outputs.flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
  const files = Object.fromEntries(
    result.outputFiles.map((f) => [input.outdir ? f.path.replace(/^\//, '') : 'index.js', f.text]),
  );
  return { files, packages: packagesOf(used), lazyImports };
}

/** Makes every `import('undici')` load ./undici.js, so the bundle itself does not carry undici. */
function lazyUndici() {
  return {
    name: 'lazy-undici',
    setup(build) {
      build.onResolve({ filter: /^undici$/ }, () => ({ path: LAZY_UNDICI, external: true }));
    },
  };
}

/** An ESM module with undici's named exports (undici is CommonJS: esbuild alone would give a default only). */
function undiciModule() {
  const names = Object.keys(require('undici')).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
  return {
    contents: `import undici from 'undici';\nexport default undici;\nexport const { ${names.join(', ')} } = undici;\n`,
    resolveDir: root,
    sourcefile: 'undici-module.js',
    loader: 'js',
  };
}

/**
 * Replaces @actions/http-client with a stub that throws. @actions/core uses it only for OIDC tokens
 * (`getIDToken`), which no action requests; bundled, it and its undici would be evaluated at every
 * start (~70 ms, issue #2).
 */
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

/**
 * Keeps @actions/core from loading built-ins at start that it needs only at the end, or never
 * (issue #15, measured on Node 24: child_process, crypto and their kin cost 10-20 ms before the
 * first request). core uses `crypto` only for `randomUUID()`, the random part of the delimiter that
 * ends an output's value in GITHUB_OUTPUT; loading crypto costs 6 ms, which detect paid while git ran
 * (5-6 ms of its wall, measured). The stand-in draws that part from Math.random: the delimiter only
 * has to be absent from the value, and core refuses (throws) a name or value that contains it, so
 * no value can end early or add outputs whatever the delimiter is. `fs.promises` (only for the job
 * summary; with readline and the stream helpers 2-4 ms) is loaded in the first turn of the event
 * loop, while the action waits on its first git process or request; a step that finishes without
 * waiting skips it (the timer is unref'd) until it is used. @actions/exec (only `core.platform`,
 * which no action reads) is a stub that throws. Other importers of these modules get the real ones.
 */
function coreWithoutEagerBuiltins() {
  const fromCore = (args) => /[\\/]node_modules[\\/]@actions[\\/]core[\\/]/.test(args.importer);
  const stubs = {
    'delimiter-id':
      "const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');\n" +
      "export function randomUUID() { return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(Math.random() * 4)]}${hex(3)}-${hex(12)}`; }\n",
    'lazy-fs-promises':
      "const fs = process.getBuiltinModule('node:fs');\n" +
      'setImmediate(() => fs.promises).unref();\n' +
      'export const { constants, existsSync, appendFileSync } = fs;\n' +
      'export const promises = {\n' +
      '  access: (...args) => fs.promises.access(...args),\n' +
      '  appendFile: (...args) => fs.promises.appendFile(...args),\n' +
      '  writeFile: (...args) => fs.promises.writeFile(...args),\n' +
      '};\n',
    'no-actions-exec':
      'const unavailable = () => { throw new Error("core.platform is not available in this action bundle"); };\n' +
      'export const exec = unavailable;\nexport const getExecOutput = unavailable;\n',
  };
  const stubbed = [
    [/^(node:)?crypto$/, 'delimiter-id'],
    [/^(node:)?fs$/, 'lazy-fs-promises'],
    [/^@actions\/exec$/, 'no-actions-exec'],
  ];
  return {
    name: 'core-without-eager-builtins',
    setup(build) {
      for (const [filter, stub] of stubbed)
        build.onResolve({ filter }, (args) =>
          fromCore(args) ? { path: stub, namespace: 'kit-core-stub' } : undefined,
        );
      build.onLoad({ filter: /.*/, namespace: 'kit-core-stub' }, (args) => ({
        loader: 'js',
        contents: stubs[args.path],
      }));
    },
  };
}

/**
 * Gives the bundle's `import … from 'node:fs'` the module through `process.getBuiltinModule`. For an
 * ESM import of a built-in, Node copies every export into a module namespace, reading each getter,
 * and fs's `promises` getter loads fs/promises with readline and the stream helpers: 2-4 ms at
 * every start for a module the actions use at most once, at the end (issue #15, Node 24). The
 * stand-in inherits from fs instead of being it, so that esbuild's CommonJS interop copies none of
 * fs' hundred properties (it would at every importing file); its functions do not use `this`.
 * Other built-ins cost little to import; CommonJS packages `require` fs with no such cost.
 */
function fsWithoutPromises() {
  return {
    name: 'fs-without-promises',
    setup(build) {
      build.onResolve({ filter: /^(node:)?fs$/ }, (args) =>
        args.kind === 'import-statement' ? { path: 'fs', namespace: 'kit-fs' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'kit-fs' }, () => ({
        loader: 'js',
        contents: "module.exports = Object.create(process.getBuiltinModule('node:fs'));\n",
      }));
    },
  };
}

/** The packages the bundled files belong to (nearest package.json with a name). */
function packagesOf(inputPaths) {
  const found = new Map();
  for (const input of inputPaths) {
    if (!input.includes('node_modules/')) continue;
    let dir = dirname(join(root, input));
    while (dir.includes('node_modules')) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
        if (pkg.name) {
          found.set(dir, { name: pkg.name, license: pkg.license ?? 'UNKNOWN', dir });
          break;
        }
      }
      dir = dirname(dir);
    }
  }
  return [...found.values()];
}

function byName(a, b) {
  return a.name.localeCompare(b.name);
}

/** licenses.txt as ncc wrote it: per package its name, its licence and its licence file, blank-line separated. */
function renderLicenses(packages) {
  return packages
    .map(({ name, license, dir }) => {
      const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
      const text = file ? readFileSync(join(dir, file), 'utf8').trim() : '';
      return `${name}\n${license}\n${text}`;
    })
    .join('\n\n');
}
