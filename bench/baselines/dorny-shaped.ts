/**
 * A stand-in for dorny/paths-filter in the bench (its bundle cannot be fetched here): our own small
 * program that pays the costs dorny pays per run — @actions/core and @actions/github loaded eagerly,
 * js-yaml, one picomatch matcher per rule tested file by file, `git diff -z`, outputs through
 * @actions/core — in one CommonJS bundle, as dorny ships. Not dorny's code; see bench/README in the note.
 */
import * as core from '@actions/core';
import * as github from '@actions/github';
import { execFileSync } from 'node:child_process';
import yaml from 'js-yaml';
import picomatch from 'picomatch';

const doc = yaml.load(core.getInput('filters')) as Record<string, string[]>;
const event = github.context.eventName;
const payload = github.context.payload as { before?: string };
const output = execFileSync(
  'git',
  ['diff', '--no-renames', '--name-status', '-z', `${payload.before}..HEAD`],
  {
    maxBuffer: 1 << 30,
  },
).toString();
const parts = output.split('\0').filter((p) => p !== '');
const files: string[] = [];
for (let i = 0; i + 1 < parts.length; i += 2) files.push(parts[i + 1] as string);
core.info(`${event}: ${files.length} files`);
for (const [name, patterns] of Object.entries(doc)) {
  const rules = patterns.map((p) => picomatch(p, { dot: true }));
  const matched = files.filter((f) => rules.some((r) => r(f)));
  core.setOutput(name, String(matched.length > 0));
  core.setOutput(`${name}_count`, String(matched.length));
  core.startGroup(`Filter ${name} = ${matched.length > 0}`);
  for (const f of matched) core.info(f);
  core.endGroup();
}
