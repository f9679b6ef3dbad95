/**
 * The pipeline as GitHub's workflow parser models it (@actions/workflow-parser `parseWorkflow` +
 * `convertWorkflowTemplate`, the reusable workflow loaded through a file provider): the stage graph,
 * and each stage call's inputs, secrets and outputs against what deploy-stage.yml declares.
 */
import { describe, expect, test } from '@jest/globals';
import {
  convertWorkflowTemplate,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { ReusableWorkflowJob } from '@actions/workflow-parser/model/workflow-template';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TEMPLATES } from './support.js';

const text = (file: string): string => readFileSync(join(TEMPLATES, file), 'utf8');

async function model(): Promise<WorkflowTemplate> {
  const parsed = parseWorkflow(
    { name: '.github/workflows/pipeline.yml', content: text('pipeline.yml') },
    new NoOperationTraceWriter(),
  );
  if (!parsed.value) throw new Error('pipeline.yml did not parse');
  return convertWorkflowTemplate(
    parsed.context,
    parsed.value,
    {
      async getFileContent(ref) {
        if (ref.path.replace(/^\.\//, '') !== '.github/workflows/deploy-stage.yml') throw new Error(ref.path);
        return { name: '.github/workflows/deploy-stage.yml', content: text('deploy-stage.yml') };
      },
    },
    { fetchReusableWorkflowDepth: 1 },
  );
}

const keys = (token: MappingToken | undefined): string[] =>
  [...(token ?? [])].map((pair) => pair.key.toString()).sort();

describe("the pipeline in GitHub's workflow model", () => {
  test('converts without errors, with the stage graph detect → tests, doctor → 0 → (separation) → 1 → (separation) → 2 → (separation) → summary', async () => {
    const template = await model();
    expect(template.errors ?? []).toEqual([]);
    const needs = Object.fromEntries(
      template.jobs.map((job) => [job.id.value, (job.needs ?? []).map((n) => n.value).sort()]),
    );
    expect(needs).toEqual({
      detect: [],
      tests: ['detect'],
      doctor: ['detect'],
      'stage-0': ['detect', 'doctor', 'tests'],
      'separation-0': ['detect', 'doctor', 'stage-0', 'tests'],
      'stage-1': ['detect', 'doctor', 'separation-0', 'stage-0', 'tests'],
      'separation-1': ['detect', 'doctor', 'separation-0', 'stage-0', 'stage-1', 'tests'],
      'stage-2': ['detect', 'doctor', 'separation-0', 'separation-1', 'stage-0', 'stage-1', 'tests'],
      'separation-2': [
        'detect',
        'doctor',
        'separation-0',
        'separation-1',
        'stage-0',
        'stage-1',
        'stage-2',
        'tests',
      ],
      summary: [
        'detect',
        'doctor',
        'separation-0',
        'separation-1',
        'separation-2',
        'stage-0',
        'stage-1',
        'stage-2',
        'tests',
      ],
    });
  });

  test('gives each stage call every required input and exactly the secrets deploy-stage.yml declares', async () => {
    const calls = (await model()).jobs.filter(
      (j): j is ReusableWorkflowJob => j.type === 'reusableWorkflowJob',
    );
    expect(calls.map((c) => c.id.value)).toEqual(['stage-0', 'stage-1', 'stage-2']);
    const declared = parse(text('deploy-stage.yml')) as {
      on: {
        workflow_call: { inputs: Record<string, { required?: boolean }>; secrets: Record<string, unknown> };
      };
    };
    const required = Object.entries(declared.on.workflow_call.inputs)
      .filter(([, input]) => input.required === true)
      .map(([name]) => name);
    for (const call of calls) {
      // The model carries the callee's definitions, loaded from deploy-stage.yml by the parser itself.
      expect(keys(call['input-definitions'])).toEqual(Object.keys(declared.on.workflow_call.inputs).sort());
      const given = keys(call['input-values']);
      expect(given.every((name) => keys(call['input-definitions']).includes(name))).toBe(true);
      expect(required.every((name) => given.includes(name))).toBe(true);
      expect(keys(call['secret-values'])).toEqual(keys(call['secret-definitions']));
      expect(call['inherit-secrets'] ?? false).toBe(false);
    }
  });

  test("reads only the stage outputs deploy-stage.yml declares (the summary's `failure`)", async () => {
    const calls = (await model()).jobs.filter(
      (j): j is ReusableWorkflowJob => j.type === 'reusableWorkflowJob',
    );
    const summary = text('pipeline.yml').slice(text('pipeline.yml').indexOf('  summary:'));
    const read = [...summary.matchAll(/\.outputs\.([a-z-]+) \/\/ ""' --arg job/g)].map((m) => m[1]);
    expect(read).toEqual(['failure']);
    for (const call of calls) expect(keys(call.outputs)).toEqual(['failure']);
  });
});
