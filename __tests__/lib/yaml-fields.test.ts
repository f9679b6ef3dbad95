/** The one YAML field validator (manifest, separation spec, sandbox scenario): one message shape. */
import { describe, expect, test } from '@jest/globals';
import { YamlFields } from '../../src/lib/yaml-fields.js';
import { inputErrorMessage } from '../support/errors.js';

const inFile = new YamlFields('Platforms manifest', '.github/platforms.yml');
const inline = new YamlFields('Separation spec', 'inline');

describe('YamlFields', () => {
  test.each([
    [
      () => inFile.mapping(['a'], 'platforms'),
      "Platforms manifest field 'platforms' in .github/platforms.yml: must be a mapping",
    ],
    [
      () => inline.mapping(undefined, ''),
      "Separation spec field '(top level)': must be a mapping (it is missing)",
    ],
    [
      () => inFile.mapping({ pathz: 1 }, 'platforms.a', ['paths']),
      "Platforms manifest field 'platforms.a.pathz' in .github/platforms.yml is not known: use one of paths",
    ],
    [
      () => inline.strings(['a', ''], 'markers'),
      "Separation spec field 'markers[1]' is '': must be a non-empty string",
    ],
    [
      () => inFile.stringOrList({ a: 1 }, 'p.needs'),
      "Platforms manifest field 'p.needs' in .github/platforms.yml: must be a string or a list of non-empty strings",
    ],
    [
      () => inline.oneOf('sometimes', 'mode', ['always', 'never']),
      "Separation spec field 'mode' is 'sometimes': use one of always, never",
    ],
    [
      () => inline.boolean('yes', 'cascade', false),
      "Separation spec field 'cascade' is 'yes': use true or false",
    ],
    [
      () => inline.integer('1.5', 'times', 0),
      "Separation spec field 'times' is '1.5': use a whole number ≥ 0",
    ],
    [
      () => inline.duration('soon', 'delay'),
      "Separation spec field 'delay' is 'soon': use a duration such as 500ms, 2s or 1m (a plain number means seconds)",
    ],
    [
      () => inline.names(['a', 'z'], 'compare', ['a', 'b'], 'platform of this spec'),
      "Separation spec field 'compare[1]' is 'z': not a platform of this spec; use one of a, b",
    ],
    [
      () => inFile.failDocument('needs form a cycle: a → b → a'),
      "Platforms manifest '.github/platforms.yml': needs form a cycle: a → b → a",
    ],
  ])('%# one line naming the field and the document', (check, message) => {
    expect(inputErrorMessage(check)).toBe(message);
  });

  test('values that pass come back typed', () => {
    expect(inFile.stringOrList(' web/** ', 'p')).toEqual(['web/**']);
    expect(inFile.stringOrList(undefined, 'p')).toEqual([]);
    expect(inline.boolean(undefined, 'b', true)).toBe(true);
    expect(inline.integer(3, 'n', 1)).toBe(3);
    expect(inline.duration('1m30s', 'd')).toBe(90_000);
    expect(inline.duration(null, 'd')).toBeUndefined();
  });
});
