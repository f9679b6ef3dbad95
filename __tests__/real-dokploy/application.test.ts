/**
 * The deploy action's bundle, run as the runner runs it (Node 24), against the real Dokploy v0.30.2
 * that `npm run dokploy:up` started: a docker-sourced application, what Dokploy recorded, and what
 * the container really runs.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { nodeBinaries, runBundle, type BundleRun } from '../support/bundle.js';
import {
  connectRealDokploy,
  eventually,
  recordsOf,
  runnerEnv,
  type RealDokploy,
} from '../support/real-dokploy.js';

jest.setTimeout(240_000);
const node24 = nodeBinaries()[1]!.path;
let dokploy: RealDokploy;
let runNumber = Math.floor(Date.now() / 1000) % 100000;

beforeAll(async () => {
  dokploy = await connectRealDokploy();
});
afterAll(async () => {
  await dokploy?.close();
});

const bizoholic = () => dokploy.fixtures.bizoholic!.production;

async function deploy(
  inputs: Record<string, string>,
  extra: { killAfterMs?: number } = {},
): Promise<BundleRun> {
  return runBundle('dokploy-deploy', {
    node: node24,
    inputs: { 'dokploy-url': dokploy.url, 'api-key': dokploy.apiKey, 'poll-interval': '1s', ...inputs },
    env: runnerEnv(++runNumber),
    killAfterMs: extra.killAfterMs ?? 200_000,
  });
}

function expectNoKey(run: BundleRun): void {
  expect(run.visible).not.toContain(dokploy.apiKey);
}

describe('dokploy-deploy against the real Dokploy: a docker-sourced application', () => {
  test('ends done, reports the record Dokploy created for this run, and the new image runs', async () => {
    const app = bizoholic();
    const image = (await eventually(app.healthUrl.replace('/health', '/version'), () => true, 1)) ?? '';
    const next = image.includes('v2') ? 'v1' : 'v2';
    const before = new Set((await recordsOf(dokploy, 'application', app.id)).map((r) => r.deploymentId));

    const run = await deploy({ 'application-id': app.id, 'docker-image': `127.0.0.1:5000/kit/web:${next}` });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    expect(run.outputs['dokploy-version']).toBe('v0.30.2');
    const records = await recordsOf(dokploy, 'application', app.id);
    const created = records.filter((r) => !before.has(r.deploymentId));
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      deploymentId: run.outputs['deployment-id'],
      status: 'done',
      title: `Deploy #${runNumber}.1 abcdef1`,
    });
    const version = await eventually(app.healthUrl.replace('/health', '/version'), (text) =>
      text.includes(next),
    );
    expect(version?.trim()).toBe(`bizoholic ${next}`);
    expectNoKey(run);
  });
});
