/**
 * Real Redis and PostgreSQL servers for the probe tests, from Debian's packages (`redis-server`,
 * `postgresql`), each started on 127.0.0.1 with a free port in its own temp directory. A missing
 * binary is an error with the command that installs it: tests that need a server never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running server and how to stop it. */
export interface RunningServer {
  port: number;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

/** A running PostgreSQL server; `promote` and `finishStartup` end the states of `startPostgres`' options. */
export interface PostgresServer extends RunningServer {
  /** The role a password is set for ('kit'), and that password. */
  user: string;
  password: string;
  /** Ends recovery: a server started with `standby: true` starts accepting connections. */
  promote(): void;
  /** Lets a server started with `startingUp: true` finish starting up. */
  finishStartup(): void;
  /** The server's log so far (for failure messages). */
  log(): string;
}

/** Returns a port nobody listens on right now (bound on 127.0.0.1 port 0, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A self-signed certificate for `localhost`, made by `openssl` (PEM key and certificate). */
export interface SelfSigned {
  key: Buffer;
  cert: Buffer;
  keyFile: string;
  certFile: string;
}

/** Makes a self-signed certificate with the `openssl` command (Debian package `openssl`). */
export function selfSignedCertificate(): SelfSigned {
  const dir = mkdtempSync(join(tmpdir(), 'kit-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1'];
  const made = spawnSync('openssl', [...args, '-keyout', keyFile, '-out', certFile], { encoding: 'utf8' });
  if (made.error || made.status !== 0) {
    throw new Error(
      `openssl could not make a test certificate (${made.error?.message ?? made.stderr}): run \`apt-get install -y openssl\``,
    );
  }
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), keyFile, certFile };
}

/**
 * Starts `redis-server` on 127.0.0.1 without persistence, optionally with `requirepass`, and
 * optionally speaking only TLS (with `tls`, a certificate from `selfSignedCertificate`).
 */
export async function startRedis(
  options: { password?: string; tls?: SelfSigned } = {},
): Promise<RunningServer> {
  const binary = findBinary(
    'redis-server',
    ['/usr/bin/redis-server', '/usr/local/bin/redis-server'],
    'redis-server',
  );
  const dir = mkdtempSync(join(tmpdir(), 'kit-redis-'));
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  if (options.password) args.push('--requirepass', options.password);
  if (options.tls) {
    args.splice(0, 2, '--port', '0', '--tls-port', String(port), '--tls-auth-clients', 'no');
    args.push('--tls-cert-file', options.tls.certFile, '--tls-key-file', options.tls.keyFile);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForPort(port, child, () => output);
  return {
    port,
    stop: () => stopChild(child, 'SIGTERM').then(() => rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * Initialises and starts a PostgreSQL cluster on 127.0.0.1 (as the `postgres` user when the tests
 * run as root, since initdb refuses root). Local connections use scram-sha-256, so a startup
 * message is answered with an authentication request; the role `rejected` is refused by
 * pg_hba.conf (an error answer from a server that is up). With `standby: true` the server stays in
 * recovery with hot standby off and answers every connection with 57P03 until `promote()`. With
 * `startingUp: true` the server stays in its very first phase ("the database system is starting
 * up", also 57P03) until `finishStartup()`: archive recovery runs a restore_command that waits for a
 * file before it answers "no such WAL file", after which recovery ends and connections are accepted.
 */
export async function startPostgres(
  options: { standby?: boolean; startingUp?: boolean } = {},
): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const owner = postgresOwner();
  const dir = mkdtempSync(join(tmpdir(), 'kit-pg-'));
  const data = join(dir, 'data');
  const password = 'kit-pg-secret';
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (owner) chownSync(dir, owner.uid, owner.gid);
  if (owner) chownSync(join(dir, 'pwfile'), owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const init = spawnSync(
    join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'kit',
      '--auth=scram-sha-256',
      `--pwfile=${join(dir, 'pwfile')}`,
      '--no-sync',
      '-E',
      'UTF8',
    ],
    { ...as, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(hba, `host all rejected 127.0.0.1/32 reject\n${readFileSync(hba, 'utf8')}`);
  const release = join(dir, 'finish-startup');
  if (options.startingUp) {
    writeFileSync(join(data, 'recovery.signal'), '');
    if (owner) chownSync(join(data, 'recovery.signal'), owner.uid, owner.gid);
    const wait = `while [ ! -f '${release}' ]; do sleep 0.05; done; false`;
    writeFileSync(join(data, 'postgresql.conf'), `restore_command = '${wait.replace(/'/g, "''")}'\n`, {
      flag: 'a',
    });
  }
  if (options.standby) {
    writeFileSync(join(data, 'standby.signal'), '');
    if (owner) chownSync(join(data, 'standby.signal'), owner.uid, owner.gid);
  }
  const port = await freePort();
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ];
  if (options.standby) args.push('-c', 'hot_standby=off');
  const child = spawn(join(bin, 'postgres'), args, { ...as, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForPort(port, child, () => output);
  return {
    port,
    user: 'kit',
    password,
    log: () => output,
    finishStartup: () => writeFileSync(release, ''),
    promote: () => {
      const result = spawnSync(join(bin, 'pg_ctl'), ['promote', '-D', data, '-W'], {
        ...as,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`pg_ctl promote failed: ${result.stderr}`);
    },
    // SIGINT is PostgreSQL's "fast shutdown".
    stop: () => stopChild(child, 'SIGINT').then(() => rmSync(dir, { recursive: true, force: true })),
  };
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!found) {
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): run `apt-get install -y postgresql`; the wait-healthy tests need a real server',
    );
  }
  return found;
}

/** The `postgres` user's ids when running as root (initdb and postgres refuse root), else undefined. */
function postgresOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(
      'the tests run as root but there is no `postgres` user to run PostgreSQL: install the postgresql package',
    );
  }
  return { uid, gid: id('-g') };
}

function findBinary(name: string, candidates: string[], debianPackage: string): string {
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `${name} is not installed (looked in ${candidates.join(', ')}): run \`apt-get install -y ${debianPackage}\`; the wait-healthy tests need a real server`,
    );
  }
  return found;
}

/** Resolves once something accepts connections on the port; rejects if the process exits first. */
async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let i = 0; i < 300; i++) {
    if (exited !== undefined)
      throw new Error(`server exited with code ${exited} before listening: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(true));
      socket.once('error', () => resolve(false));
      socket.once('connect', () => socket.destroy());
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not listen on 127.0.0.1:${port} within 15s: ${output()}`);
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}
