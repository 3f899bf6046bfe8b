// Keeps passwords of service URLs out of every output: masks a URL for printing, and scrubs the
// password from any text (an error message) that might quote it.

const SECRET_PARAM = /pass|secret|token|key/i;

/** The URL with its password (userinfo or a password-like query parameter) replaced by ***. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (SECRET_PARAM.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString().replaceAll('%2A%2A%2A', '***');
  } catch {
    // Not a WHATWG URL (a multi-host mongodb:// list): mask whatever sits between ':' and '@'.
    return url.replace(/(\/\/[^:/@]*):[^@]*@/, '$1:***@');
  }
}

/** The secrets a URL carries, raw and percent-decoded, longest first. */
export function secretsOf(url: string): string[] {
  const found = new Set<string>();
  const userinfo = /\/\/[^:/@]*:([^@]*)@/.exec(url)?.[1];
  if (userinfo) found.add(userinfo);
  try {
    const u = new URL(url);
    if (u.password) found.add(u.password);
    for (const [key, value] of u.searchParams) if (SECRET_PARAM.test(key) && value) found.add(value);
  } catch {
    // unparseable: the userinfo match above is all there is
  }
  for (const s of [...found]) {
    try {
      found.add(decodeURIComponent(s));
    } catch {
      // not percent-encoded
    }
  }
  return [...found].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every secret of `urls` replaced by ***. */
export function redactSecrets(text: string, urls: Array<string | undefined>): string {
  let out = text;
  for (const url of urls) {
    if (!url) continue;
    out = out.replaceAll(url, maskUrl(url));
    for (const secret of secretsOf(url)) out = out.replaceAll(secret, '***');
  }
  return out;
}

/** Hides the credentials of anything URL-shaped in text: `scheme://user:pass@host` → `scheme://***@host`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
}

/**
 * `text` with the secrets of `urls` replaced by *** (see redactSecrets), and the password of any
 * other URL it quotes masked too: a failure reason may quote a URL the harness never saw.
 */
export function redactUrls(text: string, urls: Array<string | undefined> = []): string {
  return redactUrlCredentials(redactSecrets(text, urls));
}
