/** The one action shell, with @actions/core and the process passed in as recording fakes. */
import { EventEmitter } from 'node:events';
import { describe, expect, test } from '@jest/globals';
import { runAction, type ShellCore } from '../../src/lib/action-shell.js';
import { KitError } from '../../src/lib/errors.js';

function fakes(inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  const calls: string[] = [];
  const core: ShellCore = {
    getInput: (name) => inputs[name] ?? '',
    setSecret: (s) => void calls.push(`mask ${s}`),
    setOutput: (n, v) => void calls.push(`output ${n}=${v}`),
    setFailed: (m) => void calls.push(`failed ${m}`),
    debug: (m) => void calls.push(`debug ${m.split('\n')[0]}`),
    info: (m) => void calls.push(`info ${m}`),
    warning: (m) => void calls.push(`warning ${m}`),
    error: (m) => void calls.push(`error ${m}`),
    group: async (_name, fn) => fn(),
    summary: { addRaw: (text) => ({ write: async () => void calls.push(`summary ${text.trim()}`) }) },
  };
  const host = Object.assign(new EventEmitter(), { env });
  return { core, host, calls };
}

describe('runAction', () => {
  test('masks the secret inputs before the body runs, and writes the summary only where the runner gives a file', async () => {
    const withFile = fakes({ 'api-key': 'k-123', token: '' }, { GITHUB_STEP_SUMMARY: '/tmp/s' });
    await runAction(withFile.core, withFile.host, {
      secretInputs: ['api-key', 'token'],
      run: async ({ core, summary }) => {
        core.info('body');
        await summary('| table |');
      },
    });
    expect(withFile.calls).toEqual(['mask k-123', 'info body', 'summary | table |']);

    const local = fakes();
    await runAction(local.core, local.host, { secretInputs: [], run: async ({ summary }) => summary('x') });
    expect(local.calls).toEqual([]);
  });

  test('an expected failure ends in its one line; an unexpected one adds its stack to the debug log', async () => {
    const expected = fakes();
    await runAction(expected.core, expected.host, {
      secretInputs: [],
      run: async () => {
        throw new KitError('Input timeout is "soon": give a duration');
      },
      onFailure: (_error, { core }) => core.setOutput('status', 'error'),
    });
    expect(expected.calls).toEqual([
      'output status=error',
      'failed Input timeout is "soon": give a duration',
    ]);

    const unexpected = fakes();
    await runAction(unexpected.core, unexpected.host, {
      secretInputs: [],
      redact: (text) => text.replace('secret', '***'),
      run: async () => {
        throw new TypeError('secret is not a function');
      },
    });
    expect(unexpected.calls).toEqual([
      'debug TypeError: *** is not a function',
      'failed Unexpected error: secret is not a function (re-run with debug logging for details)',
    ]);
  });

  test('SIGTERM aborts the signal, and cleanups run last, newest first, even after a failure', async () => {
    const { core, host, calls } = fakes();
    await runAction(core, host, {
      secretInputs: [],
      run: async ({ signal, defer }) => {
        defer(() => void calls.push('close first'));
        defer(() => void calls.push('close second'));
        host.emit('SIGTERM');
        calls.push(`aborted ${signal.aborted}`);
        throw new KitError('Cancelled while waiting');
      },
    });
    expect(calls).toEqual(['aborted true', 'failed Cancelled while waiting', 'close second', 'close first']);
    expect(host.listenerCount('SIGTERM') + host.listenerCount('SIGINT')).toBe(0);
  });
});
