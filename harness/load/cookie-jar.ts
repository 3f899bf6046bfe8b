// A minimal per-user cookie jar: what a browser keeps from Set-Cookie and sends back in Cookie.

export class CookieJar {
  private readonly cookies = new Map<string, { value: string; expiresAt: number }>();
  private header = '';

  /** Applies Set-Cookie values; returns their total byte length (0 when none). */
  apply(setCookie: string | string[] | undefined, now = Date.now()): number {
    if (!setCookie) return 0;
    const list = Array.isArray(setCookie) ? setCookie : [setCookie];
    let bytes = 0;
    for (const line of list) {
      bytes += Buffer.byteLength(line);
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expiresAt = parseExpiry(attrs, now);
      if (expiresAt <= now || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, expiresAt });
    }
    this.rebuild();
    return bytes;
  }

  /** The Cookie request header, dropping cookies whose expiry has passed. */
  cookieHeader(now = Date.now()): string {
    for (const [name, c] of this.cookies) {
      if (c.expiresAt <= now) {
        this.cookies.delete(name);
        this.rebuild();
      }
    }
    return this.header;
  }

  /** Stores a cookie as if a Set-Cookie had set it (a session the user already had). */
  put(name: string, value: string, expiresAt = Infinity): void {
    this.cookies.set(name, { value, expiresAt });
    this.rebuild();
  }

  /** When the first of the cookies expires (Infinity for session cookies or none). */
  validUntil(): number {
    let t = Infinity;
    for (const c of this.cookies.values()) t = Math.min(t, c.expiresAt);
    return t;
  }

  clear(): void {
    this.cookies.clear();
    this.header = '';
  }

  get size(): number {
    return this.cookies.size;
  }

  private rebuild() {
    this.header = [...this.cookies].map(([n, c]) => `${n}=${c.value}`).join('; ');
  }
}

function parseExpiry(attrs: string[], now: number): number {
  let expires = Infinity;
  for (const raw of attrs) {
    const a = raw.trim();
    const lower = a.toLowerCase();
    if (lower.startsWith('max-age=')) return now + Number(a.slice(8)) * 1000;
    if (lower.startsWith('expires=')) expires = Date.parse(a.slice(8));
  }
  return Number.isNaN(expires) ? Infinity : expires;
}
