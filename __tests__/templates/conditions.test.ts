/**
 * The pipeline's job conditions, evaluated by GitHub's own expression engine (@actions/expressions)
 * over the outcomes that matter: which stages run when a stage had nothing to do, failed, or when
 * detect failed. act has its own evaluator; this is the one GitHub's runner semantics come from.
 */
import { describe, expect, test } from '@jest/globals';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TEMPLATES } from './support.js';

const jobs = (
  parse(readFileSync(join(TEMPLATES, 'pipeline.yml'), 'utf8')) as { jobs: Record<string, { if?: string }> }
).jobs;

/** Evaluates `text` (an `if:` without `${{ }}`) with `needs` and `vars` as given and `cancelled()` false. */
function evaluate(text: string, needs: unknown, vars: Record<string, string> = {}): boolean {
  const tokens = new Lexer(text).lex().tokens;
  const expr = new Parser(
    tokens,
    ['needs', 'github', 'inputs', 'vars'],
    [{ name: 'cancelled', minArgs: 0, maxArgs: 0 }],
  ).parse();
  const context = new data.Dictionary(
    { key: 'needs', value: JSON.parse(JSON.stringify(needs), data.reviver) },
    { key: 'vars', value: JSON.parse(JSON.stringify(vars), data.reviver) },
  );
  const cancelled = { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(false) };
  return truthy(new Evaluator(expr, context, new Map([['cancelled', cancelled]])).evaluate());
}

const matrix = (...platforms: string[]): string =>
  JSON.stringify({ include: platforms.map((platform) => ({ platform, environment: 'staging' })) });

const GUARDED = ['tests', 'stage-0', 'separation-0', 'stage-1', 'separation-1', 'stage-2', 'separation-2'];

/**
 * `needs` for a run: detect's outputs for stages 0..2 and the separation checks' stage ('' none),
 * and each job's result (the doctor: skipped, as by default; the separation jobs that are not at
 * `separationStage`: skipped).
 */
function run(
  stages: string[][],
  results: Record<string, string>,
  separationStage = '1',
): Record<string, unknown> {
  const outputs: Record<string, string> = {
    environment: 'staging',
    matrix: matrix(...stages.flat()),
    'test-matrix': matrix(...stages.flat()),
    'separation-stage': separationStage,
  };
  stages.forEach((platforms, n) => (outputs[`matrix-stage-${n}`] = matrix(...platforms)));
  const needs: Record<string, unknown> = { detect: { result: results.detect ?? 'success', outputs } };
  for (const job of ['doctor', ...GUARDED]) {
    const fallback =
      job === 'doctor' || (job.startsWith('separation-') && job !== `separation-${separationStage}`)
        ? 'skipped'
        : 'success';
    needs[job] = { result: results[job] ?? fallback, outputs: {} };
  }
  return needs;
}

/** Which of the guarded jobs would run. */
function running(needs: Record<string, unknown>): string[] {
  return GUARDED.filter((job) => evaluate(jobs[job]?.if ?? 'false', needs));
}

const SEED = [['infrastructure'], ['bizoholic', 'coreldove'], ['management']];

describe("the pipeline's job conditions in GitHub's expression engine", () => {
  test('everything changed and succeeded: every job runs', () => {
    expect(running(run(SEED, {}))).toEqual(['tests', 'stage-0', 'stage-1', 'separation-1', 'stage-2']);
  });

  test('only coreldove changed: stage 0 and 2 have nothing to do, the rest runs after a skipped stage 0', () => {
    expect(running(run([[], ['coreldove'], []], { 'stage-0': 'skipped', 'stage-2': 'skipped' }))).toEqual([
      'tests',
      'stage-1',
      'separation-1',
    ]);
  });

  test('stage 0 failed: nothing after it runs', () => {
    const needs = run(SEED, {
      'stage-0': 'failure',
      'stage-1': 'skipped',
      'separation-1': 'skipped',
      'stage-2': 'skipped',
    });
    expect(running(needs)).toEqual(['tests', 'stage-0']);
  });

  test('a platform of stage 1 failed: separation and stage 2 do not run', () => {
    const needs = run(SEED, { 'stage-1': 'failure', 'separation-1': 'skipped', 'stage-2': 'skipped' });
    expect(running(needs).filter((job) => job === 'separation-1' || job === 'stage-2')).toEqual([]);
  });

  test('the tests failed: no stage runs', () => {
    const needs = run(SEED, {
      tests: 'failure',
      'stage-0': 'skipped',
      'stage-1': 'skipped',
      'separation-1': 'skipped',
    });
    expect(running(needs).filter((job) => job.startsWith('stage') || job === 'separation-1')).toEqual([]);
  });

  test('the doctor runs only with the variable DOKPLOY_DOCTOR true and something to deploy', () => {
    const doctor = jobs.doctor?.if ?? 'false';
    expect(evaluate(doctor, run(SEED, {}), { DOKPLOY_DOCTOR: 'true' })).toBe(true);
    expect(evaluate(doctor, run(SEED, {}))).toBe(false);
    expect(evaluate(doctor, run([[], [], []], {}), { DOKPLOY_DOCTOR: 'true' })).toBe(false);
  });

  test('the doctor passed: every stage runs; it failed: no stage runs', () => {
    expect(running(run(SEED, { doctor: 'success' }))).toEqual([
      'tests',
      'stage-0',
      'stage-1',
      'separation-1',
      'stage-2',
    ]);
    const failed = run(SEED, {
      doctor: 'failure',
      'stage-0': 'skipped',
      'stage-1': 'skipped',
      'separation-1': 'skipped',
    });
    expect(running(failed)).toEqual(['tests']);
  });

  test('the separation tests failed: stage 2 does not run', () => {
    expect(running(run(SEED, { 'separation-1': 'failure' }))).not.toContain('stage-2');
  });

  test('detect failed (no outputs at all): nothing runs, and no condition fails to evaluate', () => {
    const needs = { detect: { result: 'failure', outputs: {} } };
    expect(running(needs)).toEqual([]);
  });

  test('a manifest with two stages (no matrix-stage-2 output): stage 2 is skipped, not an error', () => {
    expect(running(run([['infrastructure'], ['web']], {}))).toEqual([
      'tests',
      'stage-0',
      'stage-1',
      'separation-1',
    ]);
  });

  test('GitHub reads an empty include list as empty either way (act does not: hence contains())', () => {
    const empty = { detect: { result: 'success', outputs: { m: '{"include":[]}' } } };
    expect(evaluate('fromJSON(needs.detect.outputs.m).include[0] != null', empty)).toBe(false);
    expect(evaluate(`contains(needs.detect.outputs.m, '"platform"')`, empty)).toBe(false);
  });

  test("the spec's after: places the checks: after stage 0 they gate stages 1 and 2, after stage 2 they run last", () => {
    expect(running(run(SEED, {}, '0'))).toEqual(['tests', 'stage-0', 'separation-0', 'stage-1', 'stage-2']);
    expect(running(run(SEED, { 'separation-0': 'failure' }, '0'))).toEqual([
      'tests',
      'stage-0',
      'separation-0',
    ]);
    expect(running(run(SEED, {}, '2'))).toEqual(['tests', 'stage-0', 'stage-1', 'stage-2', 'separation-2']);
    expect(running(run(SEED, { 'stage-2': 'failure' }, '2'))).not.toContain('separation-2');
  });

  test('no separation spec (or nothing it names deploys): no separation job runs, every stage does', () => {
    expect(running(run(SEED, {}, ''))).toEqual(['tests', 'stage-0', 'stage-1', 'stage-2']);
  });
});
