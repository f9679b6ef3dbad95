#!/usr/bin/env node
// Writes each action's inputs and outputs tables into README.md from its action.yml, between
//   <!-- inputs:NAME --> ... <!-- /inputs:NAME -->   and   <!-- outputs:NAME --> ... <!-- /outputs:NAME -->
// where NAME is dokploy-deploy (the root action.yml) or the folder under actions/.
// Usage: node scripts/readme-tables.mjs [--check] [--readme PATH]
//   --check   change nothing; exit 1 naming every block that differs from its action.yml (CI, tests)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const readmeAt = args.indexOf('--readme');
const readme = readmeAt >= 0 ? args[readmeAt + 1] : join(root, 'README.md');

/** Every action of the kit: name → its action.yml. */
function actions() {
  const found = { 'dokploy-deploy': join(root, 'action.yml') };
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const file = join(root, 'actions', name, 'action.yml');
    if (existsSync(file)) found[name] = file;
  }
  return found;
}

/** A Markdown table cell: one line, pipes escaped, `<…>` kept visible (GitHub would take it for HTML). */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`') ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    )
    .join('')
    .replace(/\|/g, '\\|');
}

function code(text) {
  const value = String(text);
  if (value === '') return '`""`';
  const fence = value.includes('`') ? '``' : '`';
  return `${fence}${value.replace(/\|/g, '\\|')}${fence}`;
}

function inputsTable(action) {
  const rows = Object.entries(action.inputs ?? {}).map(([name, input]) => {
    const required = input.required === true || input.required === 'true' ? 'yes' : 'no';
    // A required input's empty default only satisfies the runner: show none.
    const fallback =
      input.default === undefined || (required === 'yes' && input.default === '') ? '' : code(input.default);
    return `| \`${name}\` | ${required} | ${fallback} | ${cell(input.description)} |`;
  });
  return ['| Input | Required | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function outputsTable(action) {
  const rows = Object.entries(action.outputs ?? {}).map(
    ([name, output]) => `| \`${name}\` | ${cell(output.description)} |`,
  );
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

const text = readFileSync(readme, 'utf8');
let next = text;
const drift = [];
const missing = [];
for (const [name, file] of Object.entries(actions())) {
  const action = load(readFileSync(file, 'utf8'));
  for (const [kind, table] of [
    ['inputs', inputsTable(action)],
    ['outputs', outputsTable(action)],
  ]) {
    const open = `<!-- ${kind}:${name} -->`;
    const close = `<!-- /${kind}:${name} -->`;
    const start = next.indexOf(open);
    const end = next.indexOf(close);
    if (start < 0 || end < start) {
      missing.push(`${open} … ${close}`);
      continue;
    }
    const block = `${open}\n${table}\n${close}`;
    if (next.slice(start, end + close.length) !== block) {
      drift.push(`${kind}:${name}`);
      next = next.slice(0, start) + block + next.slice(end + close.length);
    }
  }
}
if (missing.length > 0) {
  console.error(
    `${readme} lacks the table markers ${missing.join(', ')}: add them where each table belongs.`,
  );
  process.exit(1);
}
if (check) {
  if (drift.length > 0) {
    console.error(
      `${readme}: the tables ${drift.join(', ')} differ from the action.yml files: run 'node scripts/readme-tables.mjs' and commit README.md.`,
    );
    process.exit(1);
  }
  console.log(`${readme}: every inputs/outputs table matches its action.yml.`);
} else if (next !== text) {
  writeFileSync(readme, next);
  console.log(`Rewrote ${drift.join(', ')} in ${readme}.`);
} else {
  console.log(`${readme}: already up to date.`);
}
