import { inputErrorMessage } from '../support/errors.js';
import { parseTarget, parseTargets } from '../../src/wait-healthy/targets.js';

const SUBJECT = "Input 'targets' line 1";

function parseError(line: string): string {
  return inputErrorMessage(() => parseTarget(line, SUBJECT));
}

describe('parseTarget', () => {
  test('reads an HTTP target with defaults: GET, any 2xx, redirects followed', () => {
    expect(parseTarget('https://app.example.com/health', SUBJECT)).toEqual({
      kind: 'http',
      display: 'https://app.example.com/health',
      secrets: [],
      host: 'app.example.com',
      port: 443,
      url: 'https://app.example.com/health',
      method: 'GET',
      headers: {},
      statuses: { text: '2xx', ranges: [[200, 299]] },
      body: undefined,
      followRedirects: true,
    });
  });

  test('reads the method, a status set, a JSON body check and a quoted header', () => {
    const target = parseTarget(
      `POST http://api.internal:8080/ready status=200-299,301 body='$.status == "ok"' header="X-Token: abc def"`,
      SUBJECT,
    );
    expect(target).toMatchObject({
      kind: 'http',
      method: 'POST',
      port: 8080,
      display: 'POST http://api.internal:8080/ready',
      headers: { 'X-Token': 'abc def' },
      statuses: {
        ranges: [
          [200, 299],
          [301, 301],
        ],
      },
      body: { kind: 'json', path: ['status'], expected: 'ok' },
      followRedirects: false,
      secrets: ['abc def', 'def'],
    });
  });

  test('moves URL credentials into a Basic header and masks them in the display', () => {
    const target = parseTarget('https://deploy:p%40ss@app.example.com/', SUBJECT);
    const basic = Buffer.from('deploy:p@ss').toString('base64');
    expect(target).toMatchObject({
      display: 'https://deploy:***@app.example.com/',
      url: 'https://app.example.com/',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(target.secrets).toEqual(expect.arrayContaining(['p@ss', 'p%40ss', basic]));
  });

  test('reads tcp, redis, rediss and postgres targets', () => {
    expect(parseTarget('tcp://db.example.com:5432', SUBJECT)).toEqual({
      kind: 'tcp',
      display: 'tcp://db.example.com:5432',
      secrets: [],
      host: 'db.example.com',
      port: 5432,
    });
    expect(parseTarget('redis://:s3cr@t@cache:6380', SUBJECT)).toMatchObject({
      kind: 'redis',
      display: 'redis://:***@cache:6380',
      tls: false,
      username: undefined,
      password: 's3cr@t',
      secrets: expect.arrayContaining(['s3cr@t']),
    });
    expect(parseTarget('rediss://default:pw@cache', SUBJECT)).toMatchObject({
      tls: true,
      port: 6379,
      username: 'default',
    });
    expect(parseTarget('postgres://app@db:5433/shop', SUBJECT)).toMatchObject({
      kind: 'postgres',
      user: 'app',
      database: 'shop',
      port: 5433,
    });
    expect(parseTarget('postgresql://db', SUBJECT)).toMatchObject({
      user: 'postgres',
      database: 'postgres',
      port: 5432,
    });
    expect(
      parseTarget('grpc://temporal:7233/temporal.api.workflowservice.v1.WorkflowService', SUBJECT),
    ).toEqual({
      kind: 'grpc',
      display: 'grpc://temporal:7233/temporal.api.workflowservice.v1.WorkflowService',
      secrets: [],
      host: 'temporal',
      port: 7233,
      tls: false,
      service: 'temporal.api.workflowservice.v1.WorkflowService',
    });
    expect(parseTarget('grpcs://temporal:7233', SUBJECT)).toMatchObject({ tls: true, service: '' });
  });

  test('numbers lines in the subject of errors', () => {
    expect(() => parseTargets(['tcp://a:1', 'ftp://b'], "Input 'targets'")).toThrow(
      "Input 'targets' line 2 is 'ftp://b': unknown scheme 'ftp': use http://, https://, tcp://, redis://, rediss://, postgres://, postgresql://, grpc://, grpcs://",
    );
  });

  test.each([
    [
      'app.example.com/health',
      "is 'app.example.com/health': give a URL with a scheme: http://, https://, tcp://, redis://, rediss://, postgres://, postgresql://, grpc://, grpcs://",
    ],
    ['http://a.example:99999/', "is 'http://a.example:99999/': the URL is malformed"],
    ['https://[::1/', "is 'https://[::1/': the URL is malformed"],
    ['tcp://db.example.com', "is 'tcp://db.example.com': give a port, as in tcp://db.example.com:5432"],
    ['grpc://temporal', "is 'grpc://temporal': give a port, as in grpc://temporal:7233"],
    [
      'https://a.example/ status=20x',
      "status is '20x': use codes, classes and ranges such as 200, 2xx or 200-299,301",
    ],
    [
      'https://a.example/ status=299-200',
      "status is '299-200': use codes, classes and ranges such as 200, 2xx or 200-299,301",
    ],
    [
      'https://a.example/ status=600',
      "status is '600': use codes, classes and ranges such as 200, 2xx or 200-299,301",
    ],
    [
      'https://a.example/ body=/(ok/',
      "body is '/(ok/': the regular expression does not compile (Invalid regular expression: /(ok/: Unterminated group)",
    ],
    [
      'https://a.example/ body=$.status=ok',
      `body is '$.status=ok': write a JSON path check as $.field.sub[0] == "value" (the value in JSON: "text", 3, true, null)`,
    ],
    [
      "https://a.example/ body='$.status == ok'",
      `body is '$.status == ok': write a JSON path check as $.field.sub[0] == "value" (the value in JSON: "text", 3, true, null)`,
    ],
    [
      'https://a.example/ retries=3',
      "is 'https://a.example/ retries=3': unknown option 'retries': use method=…, status=…, body=…, header=…",
    ],
    [
      'https://a.example/ method=FETCH',
      "is 'https://a.example/ method=FETCH': unknown method 'FETCH': use GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    ],
    [
      'tcp://db:5432 status=200',
      "is 'tcp://db:5432 status=200': options (method, status, body, header) apply to http:// and https:// targets only",
    ],
    ["https://a.example/ body='ok", `is 'https://a.example/ body='ok': a quote is not closed`],
    [
      'HEAD https://a.example/ body=ok',
      "is 'HEAD https://a.example/ body=ok': a HEAD answer has no body to match: use GET with body=",
    ],
  ])('rejects %s in one line', (line, expected) => {
    const message = parseError(line);
    expect(message).toBe(`${SUBJECT} ${expected}`);
    expect(message).not.toContain('\n');
  });

  test('never puts a credential into an error message', () => {
    const messages = [
      parseError('redis://:topsecret@cache:6379 status=200'),
      parseError("https://u:topsecret@a.example/ header='Authorization: Bearer topsecret' status=0"),
      parseError("https://a.example/ header='Authorization Bearer topsecret'"),
      parseError('https://u:top@secret@a.example/ bogus'),
    ];
    for (const message of messages) expect(message).not.toMatch(/topsecret|top@secret|secret@a/);
    expect(messages[2]).toBe(
      `${SUBJECT} is 'https://a.example/ header='***'': header '***': write a header as 'Name: value'`,
    );
  });
});
