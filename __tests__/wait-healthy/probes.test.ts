import { describeProbeError } from '../../src/wait-healthy/probes.js';
import { ClosedEarlyError } from '../../src/wait-healthy/socket.js';
import { parseTarget } from '../../src/wait-healthy/targets.js';

const target = parseTarget('https://app.example.com/health', 't');

/** What fetch throws: TypeError('fetch failed') with the socket's error as its cause. */
function fetchFailed(code: string, message: string): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

describe('describeProbeError', () => {
  test.each([
    [
      'ECONNREFUSED',
      'connect ECONNREFUSED',
      'connection refused',
      'connection refused by app.example.com:443',
    ],
    [
      'ENOTFOUND',
      'getaddrinfo ENOTFOUND app.example.com',
      'DNS failure',
      'DNS lookup of app.example.com failed (ENOTFOUND)',
    ],
    [
      'EAI_AGAIN',
      'getaddrinfo EAI_AGAIN app.example.com',
      'DNS failure',
      'DNS lookup of app.example.com failed (EAI_AGAIN)',
    ],
    ['ECONNRESET', 'read ECONNRESET', 'connection reset', 'connection reset by app.example.com:443'],
    [
      'UND_ERR_SOCKET',
      'other side closed',
      'connection closed',
      'app.example.com:443 closed the connection before answering',
    ],
    ['UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error', 'connect timeout', 'connect timeout'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH', 'unreachable', 'app.example.com:443 is unreachable'],
    [
      'CERT_HAS_EXPIRED',
      'certificate has expired',
      'TLS error',
      'TLS error: certificate has expired (CERT_HAS_EXPIRED)',
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      "Hostname/IP does not match certificate's altnames",
      'TLS error',
      "TLS error: Hostname/IP does not match certificate's altnames (ERR_TLS_CERT_ALTNAME_INVALID)",
    ],
    [
      'HPE_INVALID_CONSTANT',
      'Expected HTTP/',
      'not HTTP',
      'app.example.com:443 did not answer with HTTP (HPE_INVALID_CONSTANT)',
    ],
  ])('names %s', (code, message, status, detail) => {
    expect(describeProbeError(fetchFailed(code, message), target)).toEqual({ ok: false, status, detail });
  });

  test('a socket closed before the answer, and an unknown error keep their own words', () => {
    expect(describeProbeError(new ClosedEarlyError(), parseTarget('redis://cache:6379', 't'))).toEqual({
      ok: false,
      status: 'connection closed',
      detail: 'cache:6379 closed the connection before answering',
    });
    expect(describeProbeError(new Error('something\nodd'), target)).toEqual({
      ok: false,
      status: 'error',
      detail: 'something odd',
    });
  });
});
