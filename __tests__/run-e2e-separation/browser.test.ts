import {
  browserBase,
  findBrowserExecutable,
  hostResolverRules,
} from '../../src/run-e2e-separation/browser.js';
import { parseSpec } from '../../src/run-e2e-separation/spec.js';

describe('findBrowserExecutable', () => {
  it('takes the input when the file exists', () => {
    expect(findBrowserExecutable('/opt/chrome', (p) => p === '/opt/chrome')).toBe('/opt/chrome');
  });

  it("falls back to the runner's usual browsers, Chrome first", () => {
    const present = new Set(['/usr/bin/chromium', '/usr/bin/google-chrome']);
    expect(findBrowserExecutable('', (p) => present.has(p))).toBe('/usr/bin/google-chrome');
    expect(findBrowserExecutable('', (p) => p === '/usr/bin/chromium')).toBe('/usr/bin/chromium');
  });

  it('fails in one line when there is no browser', () => {
    expect(() => findBrowserExecutable('/opt/none', () => false)).toThrow(
      "Input 'executable-path' is '/opt/none': no such file; give the path of Chrome or Chromium",
    );
    expect(() => findBrowserExecutable('', () => false)).toThrow(
      "Input 'executable-path': no Chrome or Chromium at /usr/bin/google-chrome, /usr/bin/google-chrome-stable, /usr/bin/chromium, /usr/bin/chromium-browser; install one or give its path",
    );
  });
});

describe('hostResolverRules', () => {
  it('maps each public host to the address the runner connects to, and nothing else', () => {
    const spec = parseSpec(
      `platforms:
  a: { urls: { e: { url: 'http://127.0.0.1:4001', origin: 'http://a.example.test:4001' } }, markers: [A] }
  b: { urls: { e: { url: 'https://10.0.0.2/app', origin: 'https://b.example.test' } }, markers: [B] }
  c: { urls: { e: 'https://c.example.test' }, markers: [C] }
  d: { urls: { e: { url: 'http://10.0.0.4:3000', origin: 'https://d.example.test' } }, markers: [D] }
`,
      'inline',
      'e',
    );
    expect(hostResolverRules(spec.platforms)).toBe(
      'MAP a.example.test 127.0.0.1:4001, MAP b.example.test 10.0.0.2:443',
    );
    // A scheme change cannot be mapped: d is loaded at its URL.
    expect(spec.platforms.map(browserBase)).toEqual([
      'http://a.example.test:4001/',
      'https://b.example.test/',
      'https://c.example.test/',
      'http://10.0.0.4:3000',
    ]);
  });
});
