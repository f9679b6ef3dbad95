/**
 * The deploy action against the real Dokploy with a compose stack (raw compose file, run by
 * `docker compose`): the deploy ends done, its containers answer on the host, and compose env
 * reaches them.
 */
import { createConnection } from 'node:net';
import { describe, expect, jest, test } from '@jest/globals';
import {
  realDokployForThisFile,
  eventually,
  expectNoKey,
  recordsOf,
  runDeploy,
} from '../support/real-dokploy.js';

jest.setTimeout(300_000);
const real = realDokployForThisFile();

/** Sends `send` to 127.0.0.1:port and resolves with the first answer. */
function ask(port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(send));
    socket.setTimeout(3000, () => socket.destroy(new Error('no answer')));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.end();
    });
    socket.once('error', reject);
  });
}

async function eventuallyAsk(port: number, send: string, want: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 120; i++) {
    last = await ask(port, send).catch((error: Error) => error.message);
    if (last.includes(want)) return last;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return last;
}

describe('dokploy-deploy against the real Dokploy: a compose stack', () => {
  test('ends done, its containers run, and compose env reaches them', async () => {
    const stack = real().fixtures.infrastructure!.production;
    const mark = `compose-${Date.now()}`;
    const before = new Set((await recordsOf(real(), 'compose', stack.id)).map((r) => r.deploymentId));

    const run = await runDeploy(real(), { 'compose-id': stack.id, env: `KIT_MARK=${mark}` });

    expect(run.code).toBe(0);
    expect(run.outputs.status).toBe('done');
    const created = (await recordsOf(real(), 'compose', stack.id)).filter((r) => !before.has(r.deploymentId));
    expect(created).toEqual([
      expect.objectContaining({
        deploymentId: run.outputs['deployment-id'],
        title: run.title,
        status: 'done',
      }),
    ]);
    expect(await eventually(`http://127.0.0.1:${stack.port}/env`, (text) => text.includes(mark))).toContain(
      `KIT_MARK=${mark}`,
    );
    expect(await eventuallyAsk(16379, 'PING\r\n', 'PONG')).toBe('+PONG\r\n');
    expect(await eventuallyAsk(17000, '\n', 'ok')).toBe('ok\n');
    expectNoKey(real(), run);
  });
});
