// The app under test, modelled on express-session's classic login example: login (regenerate),
// a read-only dashboard, two writes (cart, preferences), logout (destroy) and an anonymous page.
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { SessionContent } from './session-content.ts';

/** Kept in the session by the app; the driver reads it back through /dashboard to verify writes. */
interface AppSession {
  userId?: string;
  name?: string;
  cart?: { sku: string; qty: number; at: number }[];
  cartAdds?: number;
  theme?: string;
}

/** Carts are bounded like real ones; cartAdds counts every acknowledged add for verification. */
const CART_LIMIT = 20;

/** The two session styles: express-session (server store) and cookie-session (client-side). */
export interface SessionAdapter {
  middleware: RequestHandler;
  /** What a login puts in the session (the app's fields plus the payload). */
  content: Pick<SessionContent, 'login' | 'pad'>;
  regenerate(req: Request): Promise<void>;
  destroy(req: Request, res: Response): Promise<void>;
}

const sess = (req: Request) => req.session as unknown as AppSession;

/** Handler work between reading and writing the session (--work-ms): a database call, a template. */
function workFor(ms: number): RequestHandler {
  if (ms <= 0) return (_req, _res, next) => next();
  return (_req, _res, next) => void setTimeout(next, ms);
}

/** Each route's action, the name its work is counted under (contracts/work.ts); anything else is "other". */
const ROUTE_ACTIONS: Record<string, string> = {
  'GET /': 'home',
  'POST /login': 'login',
  'GET /dashboard': 'dashboard',
  'GET /cart': 'cart-read',
  'POST /cart': 'cart',
  'POST /preferences': 'preferences',
  'POST /logout': 'logout',
};

export const actionOf = (method: string, path: string): string => ROUTE_ACTIONS[`${method} ${path}`] ?? 'other';

/** Runs the rest of a request in its own context (count-store-ops.ts createWorkTally().track). */
export type TrackRequest = (req: Request, res: Response, action: string, next: () => void) => void;

export function createApp(
  adapter: SessionAdapter,
  onRequest: () => void,
  workMs = 0,
  track?: TrackRequest,
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((req, res, next) => {
    onRequest();
    if (track) track(req, res, actionOf(req.method, req.path), next);
    else next();
  });
  app.use(adapter.middleware);
  const json = express.json({ limit: '10kb' });
  const work = workFor(workMs);
  const loginRequired: RequestHandler = (req, res, next) => {
    if (sess(req).userId) return next();
    res.status(401).json({ error: 'login required' });
  };

  app.get('/', (_req, res) => {
    res.type('html').send('<!doctype html><title>Shop</title><h1>Welcome</h1><a href="/login">Log in</a>');
  });

  app.post('/login', json, async (req, res, next) => {
    try {
      const user = String((req.body as { user?: unknown } | undefined)?.user ?? 'anonymous');
      await adapter.regenerate(req); // session fixation protection
      Object.assign(sess(req), adapter.content.login(user));
      adapter.content.pad(req.session as unknown as Record<string, unknown>);
      res.json({ userId: user });
    } catch (err) {
      next(err);
    }
  });

  app.get('/dashboard', loginRequired, work, (req, res) => {
    const s = sess(req);
    res.json({
      userId: s.userId,
      name: s.name,
      cartAdds: s.cartAdds ?? 0,
      cartItems: s.cart?.length ?? 0,
      theme: s.theme,
    });
  });

  // The cart's item skus, for the concurrency scenarios' read-back.
  app.get('/cart', loginRequired, (req, res) => {
    const s = sess(req);
    res.json({ cartAdds: s.cartAdds ?? 0, skus: (s.cart ?? []).map((i) => i.sku) });
  });

  app.post('/cart', loginRequired, json, work, (req, res) => {
    const s = sess(req);
    const body = (req.body ?? {}) as { sku?: unknown; qty?: unknown };
    const cart = [...(s.cart ?? []), { sku: String(body.sku ?? 'sku-0'), qty: Number(body.qty ?? 1), at: Date.now() }];
    s.cart = cart.slice(-CART_LIMIT);
    s.cartAdds = (s.cartAdds ?? 0) + 1;
    res.json({ cartAdds: s.cartAdds });
  });

  app.post('/preferences', loginRequired, json, work, (req, res) => {
    const s = sess(req);
    s.theme = String((req.body as { theme?: unknown } | undefined)?.theme ?? 'light');
    res.json({ theme: s.theme });
  });

  app.post('/logout', async (req, res, next) => {
    try {
      await adapter.destroy(req, res);
      res.json({ ok: true });
    } catch (err) {
      next(err);
    }
  });

  app.use(((err, _req, res, _next) => {
    res.status(500).json({ error: String((err as Error)?.message ?? err) });
  }) as express.ErrorRequestHandler);
  return app;
}
