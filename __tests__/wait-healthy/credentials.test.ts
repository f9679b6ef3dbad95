import { headerSecrets, redactLine, redactor, secretsOf } from '../../src/wait-healthy/credentials.js';
import { parseTargets } from '../../src/wait-healthy/targets.js';

describe('credentials', () => {
  test('secretsOf lists every credential once, longest first, and redactor masks them', () => {
    const targets = parseTargets(
      ['redis://:abc@cache', "https://x.example/ header='Authorization: Bearer abcdef'"],
      'x',
    );
    expect(secretsOf(targets)).toEqual(['Bearer abcdef', 'abcdef', 'abc']);
    expect(redactor(secretsOf(targets))('tokens abcdef and abc')).toBe('tokens *** and ***');
  });

  test('redactLine masks URL passwords and header values in a raw line', () => {
    expect(redactLine(`redis://:pw@h:1 https://u:p@ss@h/ header='X-Key: k1' header=Auth:k2`)).toBe(
      `redis://:***@h:1 https://u:***@h/ header='X-Key: ***' header=Auth: ***`,
    );
  });

  test('a header value is a secret, and so is the credential after Bearer or Basic', () => {
    expect(headerSecrets('Bearer abc.def')).toEqual(['Bearer abc.def', 'abc.def']);
    expect(headerSecrets('k-123')).toEqual(['k-123']);
    expect(headerSecrets('')).toEqual([]);
  });
});
