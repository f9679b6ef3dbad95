// Signs up Dokploy's first user (once) and creates an API key without a rate limit, then writes
// DOKPLOY_URL and DOKPLOY_TOKEN to the env file. Never prints the key or the password.
// Usage: node credentials.mjs <url> <env-file> <password-file>
// An existing env file whose key still answers is kept as it is.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [url, envFile, passwordFile] = process.argv.slice(2);
if (!url || !envFile || !passwordFile) {
  console.error('usage: node credentials.mjs <url> <env-file> <password-file>');
  process.exit(2);
}
const email = 'admin@dokploy-deploy.test';

function fail(message) {
  console.error(`dokploy credentials: ${message}`);
  process.exit(1);
}

async function call(path, init = {}) {
  const response = await fetch(`${url}${path}`, {
    ...init,
    // better-auth checks the Origin of state-changing requests against its own URL.
    headers: { 'content-type': 'application/json', origin: url, ...init.headers },
    signal: globalThis.AbortSignal.timeout(180_000),
  });
  const text = await response.text();
  let body = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text for the error line
  }
  return { response, body };
}

function readEnv(file) {
  const values = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^(\w+)=(.*)$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  return values;
}

if (existsSync(envFile)) {
  const { DOKPLOY_TOKEN } = readEnv(envFile);
  const { response } = await call('/api/settings.getDokployVersion', {
    headers: { 'x-api-key': DOKPLOY_TOKEN ?? '' },
  });
  if (response.ok) {
    console.log(`kept the API key in ${envFile}`);
    process.exit(0);
  }
}

if (!existsSync(passwordFile))
  writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
const password = readFileSync(passwordFile, 'utf8').trim();

// Sign up, unless the first user exists already (then sign in with the stored password).
const signUp = await call('/api/auth/sign-up/email', {
  method: 'POST',
  body: JSON.stringify({ email, password, name: 'Kit', lastName: 'Admin' }),
});
let cookies = signUp.response.headers.getSetCookie();
if (!signUp.response.ok) {
  const signIn = await call('/api/auth/sign-in/email', {
    method: 'POST',
    body: JSON.stringify({ email, password }),
  });
  if (!signIn.response.ok) {
    fail(
      `sign-up answered ${signUp.response.status} and sign-in ${signIn.response.status}: ${JSON.stringify(signIn.body)}`,
    );
  }
  cookies = signIn.response.headers.getSetCookie();
}
const cookie = cookies.map((c) => c.split(';')[0]).join('; ');

const organizations = await call('/api/organization.all', { headers: { cookie } });
const organizationId = Array.isArray(organizations.body) ? organizations.body[0]?.id : undefined;
if (!organizationId) fail(`organization.all answered ${organizations.response.status}: no organization`);

const created = await call('/api/user.createApiKey', {
  method: 'POST',
  headers: { cookie },
  // Without rateLimitEnabled: false a key made through the API allows 5 calls a day.
  body: JSON.stringify({
    name: 'dokploy-deploy tests',
    metadata: { organizationId },
    rateLimitEnabled: false,
  }),
});
const key = created.body?.key;
if (!created.response.ok || typeof key !== 'string')
  fail(`user.createApiKey answered ${created.response.status}`);

writeFileSync(envFile, `DOKPLOY_URL=${url}\nDOKPLOY_TOKEN=${key}\n`, { mode: 0o600 });
console.log(`wrote DOKPLOY_URL and DOKPLOY_TOKEN to ${envFile}`);
