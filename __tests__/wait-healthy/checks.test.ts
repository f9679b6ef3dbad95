import { InputError } from '../../src/lib/errors.js';
import {
  acceptsRedirect,
  checkBody,
  isStatusIn,
  parseBodyMatch,
  parseStatusSet,
} from '../../src/wait-healthy/checks.js';

describe('status sets', () => {
  test('accept codes, classes and ranges', () => {
    const set = parseStatusSet('s', '200-204, 3xx,418');
    expect(set.ranges).toEqual([
      [200, 204],
      [300, 399],
      [418, 418],
    ]);
    expect([199, 200, 204, 205, 302, 418, 500].filter((s) => isStatusIn(set, s))).toEqual([
      200, 204, 302, 418,
    ]);
  });

  test('a set that accepts a 3xx means the redirect itself is the answer', () => {
    expect(acceptsRedirect(parseStatusSet('s', '2xx'))).toBe(false);
    expect(acceptsRedirect(parseStatusSet('s', '200,301'))).toBe(true);
    expect(acceptsRedirect(parseStatusSet('s', '200-399'))).toBe(true);
  });

  test('an empty item is rejected with the accepted forms', () => {
    expect(() => parseStatusSet("Input 'targets' line 1 status", '200,')).toThrow(
      new InputError(
        "Input 'targets' line 1 status",
        '200,',
        'use codes, classes and ranges such as 200, 2xx or 200-299,301',
      ),
    );
  });
});

describe('body matches', () => {
  test('a plain value is a substring', () => {
    const match = parseBodyMatch('b', 'ready');
    expect(checkBody(match, 'all ready')).toBeUndefined();
    expect(checkBody(match, 'starting')).toBe('body does not contain "ready"');
  });

  test('/regex/flags is a regular expression (g and y dropped, so repeated checks agree)', () => {
    const match = parseBodyMatch('b', '/version: v\\d+/gi');
    expect(checkBody(match, 'VERSION: V12')).toBeUndefined();
    expect(checkBody(match, 'VERSION: V12')).toBeUndefined();
    expect(checkBody(match, 'version: none')).toBe('body does not match /version: v\\d+/i');
  });

  test('$.path == value compares JSON values along the path', () => {
    const match = parseBodyMatch('b', '$.checks[1]["db.main"].ok == true');
    expect(match).toMatchObject({ kind: 'json', path: ['checks', 1, 'db.main', 'ok'], expected: true });
    expect(checkBody(match, '{"checks":[{},{"db.main":{"ok":true}}]}')).toBeUndefined();
    expect(checkBody(match, '{"checks":[{},{"db.main":{"ok":false}}]}')).toBe(
      '$.checks[1]["db.main"].ok is false, expected true',
    );
    expect(checkBody(match, '{"checks":[]}')).toBe('$.checks[1]["db.main"].ok is missing, expected true');
    expect(checkBody(match, '<html>')).toBe(
      'body is not JSON, so $.checks[1]["db.main"].ok cannot be checked',
    );
  });

  test('a JSON value can be an object or a number', () => {
    expect(checkBody(parseBodyMatch('b', '$.v == {"major":2}'), '{"v":{"major":2}}')).toBeUndefined();
    expect(checkBody(parseBodyMatch('b', '$.n == 3'), '{"n":"3"}')).toBe('$.n is "3", expected 3');
  });

  test('a malformed path is rejected', () => {
    expect(() => parseBodyMatch('Input x body', '$..a == 1')).toThrow(
      `Input x body is '$..a == 1': write a JSON path check as $.field.sub[0] == "value" (the value in JSON: "text", 3, true, null)`,
    );
  });
});
