// One user of the concurrency scenarios: a cookie jar and a keep-alive agent of its own with up to
// `sockets` connections, so K requests sent at once travel on K connections (as browser tabs do).
// Every request has a deadline and ends in exactly one outcome, counted by the caller.
import http from 'node:http';
import { CookieJar } from '../load/cookie-jar.ts';

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

export type Outcome = { ok: true; answer: Answer } | { ok: false; kind: string; ms: number };

export class HttpUser {
  readonly jar = new CookieJar();
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    sockets: number,
    private readonly timeoutMs: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** Sends with the jar's cookie (or `cookie`, to try an old one) and applies the answer's Set-Cookie. */
  send(method: 'GET' | 'POST', path: string, body?: unknown, cookie = this.jar.cookieHeader()): Promise<Outcome> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const t0 = performance.now();
    return new Promise<Outcome>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent, timeout: this.timeoutMs },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            this.jar.apply(res.headers['set-cookie']);
            resolve({ ok: true, answer: { status: res.statusCode ?? 0, body: text, ms: performance.now() - t0 } });
          });
          res.on('error', (err: NodeJS.ErrnoException) =>
            resolve({ ok: false, kind: err.code ?? 'error', ms: performance.now() - t0 }),
          );
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
      req.on('error', (err: NodeJS.ErrnoException) =>
        resolve({ ok: false, kind: err.code ?? 'error', ms: performance.now() - t0 }),
      );
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
