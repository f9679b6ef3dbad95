import { formatDuration, parseDuration } from '../../src/lib/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['45', 45_000],
    ['1.5s', 1500],
    [' 2M ', 120_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration('timeout', text)).toBe(ms);
  });

  it.each(['5 minutes', '', 'm5', '-3s', '1x'])(
    'rejects %j with a one-line message naming the input',
    (text) => {
      expect(() => parseDuration('timeout', text)).toThrow(
        `Input 'timeout' is '${text}': use a duration such as 90s, 5m or 1h30m (a plain number means seconds)`,
      );
    },
  );
});

describe('formatDuration', () => {
  it('formats for people', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_340)).toBe('12.3s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
  });
});
