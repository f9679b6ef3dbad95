import {
  CancelledError,
  DeadlineError,
  DeployFailedError,
  DokployError,
  InputError,
  describeFailure,
  inputError,
  toError,
} from '../../src/lib/errors.js';

describe('error messages', () => {
  it('InputError names the subject, the value and what is accepted', () => {
    expect(inputError('list-files', 'xml', 'use one of none, csv, json, shell, escape').message).toBe(
      "Input 'list-files' is 'xml': use one of none, csv, json, shell, escape",
    );
    expect(new InputError("Input 'api-key'", undefined, 'is required').message).toBe(
      "Input 'api-key': is required",
    );
  });

  it('InputError keeps a multi-line value on one line', () => {
    expect(inputError('x', 'a\nb', 'no').message).toBe("Input 'x' is 'a\\nb': no");
  });

  it('DokployError names the method, the path, the status and what to do', () => {
    expect(
      new DokployError(
        'POST',
        '/api/application.deploy',
        401,
        'Unauthorized',
        "check that 'api-key' holds a valid key",
      ).message,
    ).toBe(
      "Dokploy POST /api/application.deploy answered 401 Unauthorized: check that 'api-key' holds a valid key",
    );
    expect(
      new DokployError(
        'GET',
        '/api/settings.getDokployVersion',
        0,
        '(connection refused)',
        'check dokploy-url',
      ).message,
    ).toBe('Dokploy GET /api/settings.getDokployVersion failed (connection refused): check dokploy-url');
  });

  it('DeployFailedError, DeadlineError and CancelledError read as one line', () => {
    expect(new DeployFailedError('application app-1', 'error', 'the build log is above').message).toBe(
      "Deployment of application app-1 ended with status 'error': the build log is above",
    );
    expect(new DeadlineError('deployment dep-1', 90_000, 'running').message).toBe(
      'Timed out after 90s waiting for deployment dep-1; last state: running',
    );
    expect(new CancelledError('waiting for deployment dep-1').message).toBe(
      'Cancelled while waiting for deployment dep-1',
    );
  });
});

describe('describeFailure', () => {
  it('returns the message alone for expected failures', () => {
    expect(describeFailure(inputError('timeout', 'x', 'bad'))).toEqual({
      message: "Input 'timeout' is 'x': bad",
      stack: undefined,
    });
  });

  it('marks anything else as unexpected and keeps its stack for debug output', () => {
    const failure = describeFailure(new TypeError('boom'));
    expect(failure.message).toBe('Unexpected error: boom (re-run with debug logging for details)');
    expect(failure.stack).toContain('TypeError: boom');
  });

  it('converts thrown non-errors', () => {
    expect(toError('text').message).toBe('text');
    expect(toError({ a: 1 }).message).toBe('{"a":1}');
  });
});
