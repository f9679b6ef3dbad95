import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/bundle.js';
import { inputErrorMessage } from '../support/errors.js';
import { parseSpec, readCredentials, readSpecInput } from '../../src/run-e2e-separation/spec.js';

/** A two-platform spec; `extraA` is inserted into platform a's mapping. */
function twoPlatforms(extraA = '', markersA = '[A]'): string {
  return [
    'platforms:',
    '  a:',
    "    urls: { production: 'https://a.example.com' }",
    `    markers: ${markersA}`,
    extraA,
    '  b:',
    "    urls: { production: 'https://b.example.com', staging: 'https://b.staging.example.com' }",
    '    markers: [B]',
    '',
  ]
    .filter((line) => line !== '')
    .map((line) => `${line}\n`)
    .join('');
}

describe('parseSpec', () => {
  it('resolves platforms for the environment with the documented defaults', () => {
    const spec = parseSpec(twoPlatforms(), 'inline', 'production');
    expect(spec.environment).toBe('production');
    const [a, b] = spec.platforms;
    expect(a).toMatchObject({
      name: 'a',
      url: 'https://a.example.com',
      origin: 'https://a.example.com',
      host: 'a.example.com',
      requireMarkers: 'all',
      pages: ['/'],
      auth: undefined,
      cors: ['/'],
      allow: { markers: [], credentials: [], cookies: [], cors: [] },
    });
    expect(b?.markers.map((m) => m.label)).toEqual(["'B'"]);
    expect(spec.compare).toEqual([]);
  });

  it('separates where the runner connects from the public origin', () => {
    const text = twoPlatforms().replace(
      "{ production: 'https://a.example.com' }",
      "{ production: { url: 'http://127.0.0.1:3001/app', origin: 'https://a.example.com/ignored' } }",
    );
    const [a] = parseSpec(text, 'inline', 'production').platforms;
    expect(a).toMatchObject({
      url: 'http://127.0.0.1:3001/app',
      origin: 'https://a.example.com',
      host: 'a.example.com',
    });
  });

  it('matches plain markers literally and regex markers as written', () => {
    const spec = parseSpec(
      twoPlatforms('', "['a.b (x)', { regex: 'plat\\w+', flags: i }, { text: '[y]' }]"),
      'inline',
      'production',
    );
    const [literal, regex, text] = spec.platforms[0]?.markers ?? [];
    expect(literal?.regex.test('a.b (x)')).toBe(true);
    expect(literal?.regex.test('aXb (x)')).toBe(false);
    expect(regex?.label).toBe('/plat\\w+/i');
    expect(regex?.regex.test('PLATFORM')).toBe(true);
    expect(text?.regex.test('[y]')).toBe(true);
    expect(text?.regex.test('y')).toBe(false);
  });

  it('reads auth with its defaults, allow lists and compare entries', () => {
    const spec = parseSpec(
      twoPlatforms(
        '    auth: { endpoint: /api/me, credential: A_TOKEN }\n    allow: { cors: [b] }\n    pages: [/, /x]',
      ) + 'compare:\n  - path: /api/platform\n  - { path: /api/health, expect: same, platforms: [a, b] }\n',
      'inline',
      'production',
    );
    const [a] = spec.platforms;
    expect(a?.auth).toEqual({
      endpoint: '/api/me',
      credential: 'A_TOKEN',
      header: 'Authorization',
      scheme: 'Bearer',
      cookie: undefined,
      status: [],
      foreignStatus: [401, 403],
    });
    expect(a?.cors).toEqual(['/api/me']);
    expect(a?.allow.cors).toEqual(['b']);
    expect(spec.compare).toEqual([
      { path: '/api/platform', expect: 'different', platforms: ['a', 'b'] },
      { path: '/api/health', expect: 'same', platforms: ['a', 'b'] },
    ]);
  });

  it('rejects an unknown key, naming it and the accepted keys', () => {
    expect(inputErrorMessage(() => parseSpec(twoPlatforms('    marker: [x]'), 'inline', 'production'))).toBe(
      "Separation spec field 'platforms.a.marker' is not known: use one of urls, markers, require-markers, pages, auth, cors, allow",
    );
    expect(inputErrorMessage(() => parseSpec(twoPlatforms() + 'extra: 1\n', 'inline', 'production'))).toBe(
      "Separation spec field 'extra' is not known: use one of after, platforms, compare",
    );
    expect(
      inputErrorMessage(() =>
        parseSpec(
          twoPlatforms('    auth: { endpoint: /me, credential: T, token: x }'),
          'inline',
          'production',
        ),
      ),
    ).toBe(
      "Separation spec field 'platforms.a.auth.token' is not known: use one of endpoint, credential, header, scheme, cookie, status, foreign-status",
    );
  });

  it('rejects a platform without a URL for the chosen environment', () => {
    expect(inputErrorMessage(() => parseSpec(twoPlatforms(), 'inline', 'staging'))).toBe(
      "Separation spec field 'platforms.a.urls': no URL for environment 'staging'; add platforms.a.urls.staging or set input 'environment' to one of production",
    );
  });

  it('rejects a marker regex that does not compile, naming the file', () => {
    expect(
      inputErrorMessage(() =>
        parseSpec(twoPlatforms('', "[{ regex: '([a-z' }]"), '.github/separation.yml', 'production'),
      ),
    ).toBe(
      "Separation spec field 'platforms.a.markers[0].regex' in .github/separation.yml is '([a-z': the regular expression does not compile (Unterminated character class); fix it or use a plain string marker",
    );
  });

  it.each([
    [
      'invalid YAML',
      'platforms: [',
      "Separation spec 'inline': invalid YAML: unexpected end of the stream within a flow collection at line 2, column 1",
    ],
    [
      'one platform',
      "platforms:\n  a:\n    urls: { p: 'https://a' }\n    markers: [A]\n",
      "Separation spec field 'platforms': list at least two platforms to keep apart",
    ],
    [
      'no markers',
      twoPlatforms('', '[]'),
      "Separation spec field 'platforms.a.markers': list at least one identity marker",
    ],
    [
      'a relative URL',
      twoPlatforms().replace("'https://a.example.com'", '/a'),
      "Separation spec field 'platforms.a.urls.production' is '/a': use an absolute http:// or https:// URL",
    ],
    [
      'an unknown platform in allow',
      twoPlatforms('    allow: { markers: [c] }'),
      "Separation spec field 'platforms.a.allow.markers[0]' is 'c': not a platform of this spec; use one of a, b",
    ],
    [
      'a bad status',
      twoPlatforms('    auth: { endpoint: /me, credential: T, foreign-status: [40] }'),
      "Separation spec field 'platforms.a.auth.foreign-status' is '40': use an HTTP status (100-599) or a list of them",
    ],
    [
      'a credential value instead of a name',
      twoPlatforms("    auth: { endpoint: /me, credential: 'ey.abc-123' }"),
      "Separation spec field 'platforms.a.auth.credential' is 'ey.abc-123': give the NAME of the environment variable that holds the credential",
    ],
    [
      'a bad require-markers',
      twoPlatforms('    require-markers: some'),
      "Separation spec field 'platforms.a.require-markers' is 'some': use one of all, any",
    ],
  ])('rejects %s in one line', (_, text, message) => {
    expect(inputErrorMessage(() => parseSpec(text, 'inline', 'production'))).toBe(message);
  });

  it.each(['production', 'staging', 'development'])(
    'accepts the example spec of the templates for %s',
    (env) => {
      const text = readFileSync(join(ROOT, 'workflows-templates', 'separation.yml'), 'utf8');
      const spec = parseSpec(text, 'workflows-templates/separation.yml', env);
      expect(spec.platforms.map((p) => p.name)).toEqual(['bizoholic', 'coreldove', 'management']);
      expect(spec.platforms.every((p) => p.auth !== undefined)).toBe(true);
      expect(spec.platforms[2]?.allow.markers).toEqual(['bizoholic', 'coreldove']);
    },
  );
});

describe('readCredentials', () => {
  const spec = parseSpec(
    twoPlatforms('    auth: { endpoint: /api/me, credential: A_TOKEN }'),
    'inline',
    'production',
  );

  it('reads the value of the variable each platform names', () => {
    expect(readCredentials(spec, { A_TOKEN: 's3cr3t', OTHER: 'x' })).toEqual({ a: 's3cr3t' });
  });

  it.each([{}, { A_TOKEN: '' }])('fails in one line when the variable is not set (%p)', (env) => {
    expect(inputErrorMessage(() => readCredentials(spec, env))).toBe(
      "Separation spec field 'platforms.a.auth.credential': names the environment variable A_TOKEN, which is not set; map the secret into this step, e.g. env: { A_TOKEN: ${{ secrets.A_TOKEN }} }",
    );
  });
});

describe('readSpecInput', () => {
  it('takes a value with a colon or a newline as inline YAML', () => {
    expect(readSpecInput('platforms: {}', '/nowhere')).toEqual({ text: 'platforms: {}', source: 'inline' });
  });

  it('reads a path relative to the workspace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, '.github', 'separation.yml'), 'platforms: {}\n');
    expect(readSpecInput('.github/separation.yml', dir)).toEqual({
      text: 'platforms: {}\n',
      source: '.github/separation.yml',
    });
  });

  it('fails in one line when the file is missing', () => {
    expect(inputErrorMessage(() => readSpecInput('.github/separation.yml', '/nowhere'))).toBe(
      "Input 'spec' is '.github/separation.yml': no such file (relative to /nowhere); give the path of the separation spec or inline YAML",
    );
  });
});
