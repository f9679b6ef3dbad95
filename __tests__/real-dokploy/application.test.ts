/**
 * The deploy action's bundle, run as the runner runs it (Node 24), against the real Dokploy v0.30.2
 * that `npm run dokploy:up` started: docker-sourced applications, what Dokploy recorded for each
 * run, and what the containers really run afterwards.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, jest, test } from '@jest/globals';
import type { BundleRun } from '../support/bundle.js';
import {
  realDokployForThisFile,
  eventually,
  expectNoKey,
  recordsOf,
  runDeploy,
} from '../support/real-dokploy.js';

jest.setTimeout(300_000);
const real = realDokployForThisFile();

const app = (platform: string) => real().fixtures[platform]!.production;
const page = (platform: string, path: string) => `http://127.0.0.1:${app(platform).port}${path}`;
const deploy = (inputs: Record<string, string>): Promise<BundleRun & { title: string }> =>
  runDeploy(real(), inputs);
const newRecords = async (id: string, before: Set<string>) =>
  (await recordsOf(real(), 'application', id)).filter((r) => !before.has(r.deploymentId));
const idsOf = async (id: string) =>
  new Set((await recordsOf(real(), 'application', id)).map((r) => r.deploymentId));

describe('dokploy-deploy against the real Dokploy: a docker-sourced application', () => {
  test('ends done, reports the record Dokploy created for this run, and the new image runs', async () => {
    const running = (await eventually(page('bizoholic', '/version'), () => true, 1)) ?? '';
    const next = running.includes('v2') ? 'v1' : 'v2';
    const before = await idsOf(app('bizoholic').id);

    const run = await deploy({
      'application-id': app('bizoholic').id,
      'docker-image': `127.0.0.1:5000/kit/web:${next}`,
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    expect(run.outputs['dokploy-version']).toBe('v0.30.2');
    const created = await newRecords(app('bizoholic').id, before);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      deploymentId: run.outputs['deployment-id'],
      status: 'done',
      title: run.title,
    });
    expect(await eventually(page('bizoholic', '/version'), (text) => text.includes(next))).toBe(
      `bizoholic ${next}\n`,
    );
    expectNoKey(real(), run);
  });

  test('by name: project, environment and application names resolve through project.all, exactly', async () => {
    const before = await idsOf(app('bizoholic').id);
    const run = await deploy({
      project: 'bizoholic-platform',
      'project-environment': 'production',
      'application-name': 'bizoholic',
      'stable-for': '0',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `application 'bizoholic' in bizoholic-platform/production is application ${app('bizoholic').id}`,
    );
    const created = await newRecords(app('bizoholic').id, before);
    expect(created.map((r) => r.deploymentId)).toEqual([run.outputs['deployment-id']]);

    // A name that differs only in case is not a match: the line lists what the project has.
    const wrong = await deploy({ project: 'bizoholic-platform', 'application-name': 'Bizoholic' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(
      "::error::The application 'Bizoholic' in bizoholic-platform/production was not found (known: 'bizoholic')",
    );
    const noProject = await deploy({ project: 'bizoholic', 'application-name': 'bizoholic' });
    expect(noProject.stdout).toMatch(
      /::error::Dokploy project 'bizoholic' was not found \(known: .*'bizoholic-platform'.*\)/,
    );
    for (const r of [run, wrong, noProject]) expectNoKey(real(), r);
  });

  test('env merged, then replaced: the running container has exactly what the mode says', async () => {
    const mark = `merge-${Date.now()}`;
    const merged = await deploy({
      'application-id': app('coreldove').id,
      env: `KIT_MARK=${mark}\nKIT_SECRET=s3cr3t-value`,
    });
    expect(merged.code).toBe(0);
    const env = await eventually(page('coreldove', '/env'), (text) => text.includes(`KIT_MARK=${mark}`));
    expect(env).toContain('APP_NAME=coreldove'); // kept by merge
    expect(env).toContain('KIT_SECRET=s3cr3t-value');
    expect(merged.visible).not.toContain('s3cr3t-value');

    const replaced = await deploy({
      'application-id': app('coreldove').id,
      env: 'ONLY_THIS=1',
      'env-mode': 'replace',
    });
    expect(replaced.code).toBe(0);
    const after = await eventually(page('coreldove', '/env'), (text) => text.includes('ONLY_THIS=1'));
    expect(after).not.toContain('APP_NAME=');
    expect(after).not.toContain('KIT_MARK=');
    expect(await eventually(page('coreldove', '/version'), () => true)).toBe('web v1\n');
    expectNoKey(real(), merged);
    expectNoKey(real(), replaced);
  });

  test('two runs back to back on one application each follow their own record', async () => {
    const id = app('management').id;
    const before = await idsOf(id);
    const [first, second] = await Promise.all([
      deploy({ 'application-id': id }),
      new Promise((resolve) => setTimeout(resolve, 300)).then(() => deploy({ 'application-id': id })),
    ]);
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.outputs['deployment-id']).not.toBe(second.outputs['deployment-id']);
    const created = await newRecords(id, before);
    expect(created).toHaveLength(2);
    for (const run of [first, second]) {
      expect(created.find((r) => r.deploymentId === run.outputs['deployment-id'])).toMatchObject({
        title: run.title,
        status: 'done',
      });
    }
    expectNoKey(real(), first);
    expectNoKey(real(), second);
  });

  test('redeploy ends done on a record of its own', async () => {
    const id = app('management').id;
    const before = await idsOf(id);
    const run = await deploy({ 'application-id': id, action: 'redeploy' });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    expect(await newRecords(id, before)).toEqual([
      expect.objectContaining({
        deploymentId: run.outputs['deployment-id'],
        title: run.title,
        status: 'done',
      }),
    ]);
  });

  test('wait: false returns once queued, and Dokploy then runs that deploy', async () => {
    const id = app('management').id;
    const before = await idsOf(id);
    const run = await deploy({ 'application-id': id, wait: 'false' });
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('queued');
    expect(run.outputs['deployment-id']).toBe('');
    let record;
    for (let i = 0; i < 240 && record?.status !== 'done'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      record = (await newRecords(id, before))[0];
    }
    expect(record).toMatchObject({ title: run.title, status: 'done' });
  });

  test('rollback-on-failure: a failed pull rolls back to the image Dokploy kept in the rollback registry', async () => {
    const id = app('bizoholic').id;
    await real().enableRollbacks(id);
    const good = await deploy({ 'application-id': id, 'docker-image': '127.0.0.1:5000/kit/web:v2' });
    expect(good.code).toBe(0);
    const [kept] = await recordsOf(real(), 'application', id);
    expect(kept).toMatchObject({ deploymentId: good.outputs['deployment-id'], status: 'done' });
    expect(kept!.rollbackId).toEqual(expect.any(String));

    const bad = await deploy({
      'application-id': id,
      'docker-image': '127.0.0.1:5000/kit/web:missing',
      'rollback-on-failure': 'true',
      'log-lines': '20',
    });
    expect(bad.code).toBe(1);
    expect(bad.outputs.status).toBe('error');
    expect(bad.stdout).toContain('Pulling image failed');
    expect(bad.visible).toMatch(/[Rr]olled back/);
    // Swarm now runs the image Dokploy pushed to the rollback registry for the kept deployment.
    const image = await eventuallyValue(
      () => serviceImage(app('bizoholic').appName),
      (value) => value.includes('kit-rollbacks'),
    );
    expect(image).toMatch(/^127\.0\.0\.1:5000\/kit-rollbacks\/.+:v\d+/);
    expect(await eventually(page('bizoholic', '/version'), (text) => text.includes('v2'))).toBe(
      'bizoholic v2\n',
    );
    expectNoKey(real(), bad);
    await real().disableRollbacks(id);
  });
});

function serviceImage(appName: string): string {
  return execFileSync('docker', [
    'service',
    'inspect',
    appName,
    '--format',
    '{{.Spec.TaskTemplate.ContainerSpec.Image}}',
  ])
    .toString()
    .trim();
}

async function eventuallyValue(
  read: () => string,
  want: (value: string) => boolean,
  seconds = 60,
): Promise<string> {
  let value = read();
  for (let i = 0; i < seconds * 2 && !want(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    value = read();
  }
  return value;
}
