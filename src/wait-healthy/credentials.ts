/**
 * Credentials in target lines: finding them (URL passwords, header values, Basic auth) so the
 * shell can mask them, and replacing them by `***` in everything the core writes.
 */

/** scheme:// then user-info up to the authority's last '@': user, and the password after the first ':'. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#:@\s]*)(?::([^/?#\s]*))?@/i;

/** Returns a function that replaces every secret in a text with `***` (longest first). */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const sorted = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return (text) => sorted.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** Every credential of the targets, once each, longest first (a longer secret is masked before its parts). */
export function secretsOf(targets: readonly { secrets: readonly string[] }[]): string[] {
  return uniq(targets.flatMap((t) => t.secrets)).sort((a, b) => b.length - a.length);
}

/**
 * Masks what might be a credential in a raw line, for messages about lines that could not be
 * parsed: URL user-info passwords and header values.
 */
export function redactLine(line: string): string {
  return line
    .replace(/(\/\/[^/?#@\s:]*):[^/?#\s]*@/g, '$1:***@')
    .replace(
      /header=(?:'([^']*)'?|"([^"]*)"?|(\S*))/gi,
      (_all, single?: string, double?: string, bare?: string) => {
        const quote = single !== undefined ? "'" : double !== undefined ? '"' : '';
        return `header=${quote}${maskHeader(single ?? double ?? bare ?? '')}${quote}`;
      },
    );
}

/** `Name: value` → `Name: ***`; anything else → `***`. */
export function maskHeader(header: string): string {
  const colon = header.indexOf(':');
  const name = header.slice(0, colon).trim();
  return colon > 0 && /^[\w-]+$/.test(name) ? `${name}: ***` : '***';
}

/**
 * The URL's password (as decoded, as the URL parser encodes it, and as written) and the address
 * with the password replaced by `***`.
 */
export function urlCredentials(address: string, url: URL): { display: string; secrets: string[] } {
  if (url.password === '') return { display: address, secrets: [] };
  const written = USER_INFO.exec(address)?.[3];
  const decoded = decodeURIComponent(url.password);
  return {
    display: address.replace(USER_INFO, (all, start: string, user: string, pass?: string) =>
      pass === undefined ? all : `${start}${user}:***@`,
    ),
    secrets: uniq([decoded, url.password, written ?? decoded]),
  };
}

/** A header value and, for `Bearer <token>` or `Basic <credentials>`, the credential alone (it may be echoed). */
export function headerSecrets(value: string): string[] {
  if (value === '') return [];
  const credential = /^[A-Za-z-]+\s+(\S.*)$/.exec(value)?.[1];
  return credential === undefined ? [value] : [value, credential];
}

/** URL user-info as a Basic Authorization header (fetch refuses URLs with credentials), or undefined. */
export function basicAuthorization(url: URL): { header: string; secrets: string[] } | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const basic = Buffer.from(
    `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
  ).toString('base64');
  return { header: `Basic ${basic}`, secrets: [basic, `Basic ${basic}`] };
}

/** The values once each, in first-seen order. */
export function uniq(values: readonly string[]): string[] {
  return [...new Set(values)];
}
