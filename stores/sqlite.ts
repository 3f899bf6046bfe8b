// A file-backed store on better-sqlite3 (WAL). Small and our own: the maintained-package options
// for better-sqlite3 12 are unmaintained 0.x releases, and this is ~80 lines we can reason about.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SessionData, Store } from 'express-session';
import { defineStore, type StoreContext } from './types.ts';

type Cb<T = void> = (err?: unknown, value?: T) => void;

function createSqliteStore(ctx: StoreContext) {
  const file = path.join(ctx.dataDir, 'sessions.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS sessions (sid TEXT PRIMARY KEY, sess TEXT NOT NULL, expires INTEGER NOT NULL)');
  db.exec('CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires)');
  const q = {
    get: db.prepare<[string, number], { sess: string }>('SELECT sess FROM sessions WHERE sid = ? AND expires > ?'),
    set: db.prepare(
      'INSERT INTO sessions (sid, sess, expires) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET sess = excluded.sess, expires = excluded.expires',
    ),
    touch: db.prepare('UPDATE sessions SET expires = ? WHERE sid = ?'),
    destroy: db.prepare('DELETE FROM sessions WHERE sid = ?'),
    prune: db.prepare('DELETE FROM sessions WHERE expires <= ?'),
    count: db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE expires > ?'),
    all: db.prepare<[number], { sid: string; sess: string }>('SELECT sid, sess FROM sessions WHERE expires > ?'),
    clear: db.prepare('DELETE FROM sessions'),
  };
  const expiry = (sess: SessionData) =>
    sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + ctx.maxAgeMs;
  // better-sqlite3 is synchronous: answer through the callback, never throw into express-session.
  const run = <T>(cb: Cb<T> | undefined, fn: () => T) => {
    let value: T;
    try {
      value = fn();
    } catch (err) {
      return cb?.(err);
    }
    cb?.(null, value);
  };

  class SqliteStore extends ctx.session.Store {
    override get(sid: string, cb: Cb<SessionData | null>) {
      run(cb, () => {
        const row = q.get.get(sid, Date.now());
        return row ? (JSON.parse(row.sess) as SessionData) : null;
      });
    }
    override set(sid: string, sess: SessionData, cb?: Cb) {
      run(cb, () => void q.set.run(sid, JSON.stringify(sess), expiry(sess)));
    }
    override touch(sid: string, sess: SessionData, cb?: Cb) {
      run(cb, () => void q.touch.run(expiry(sess), sid));
    }
    override destroy(sid: string, cb?: Cb) {
      run(cb, () => void q.destroy.run(sid));
    }
    override length(cb: Cb<number>) {
      run(cb, () => q.count.get(Date.now())?.n ?? 0);
    }
    override all(cb: Cb<Record<string, SessionData>>) {
      run(cb, () => Object.fromEntries(q.all.all(Date.now()).map((r) => [r.sid, JSON.parse(r.sess)])));
    }
    override clear(cb?: Cb) {
      run(cb, () => void q.clear.run());
    }
  }

  const store = new SqliteStore();
  const pruneMs = Number(ctx.options.pruneInterval ?? Math.max(1000, Math.min(ctx.maxAgeMs, 60_000)));
  const timer = setInterval(() => q.prune.run(Date.now()), pruneMs).unref();
  const sizeOf = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const fileBytes = () => sizeOf(file) + sizeOf(`${file}-wal`);
  return {
    store: store as Store,
    stats: () => ({
      sessions: q.count.get(Date.now())?.n ?? 0,
      bytes: fileBytes(),
      detail: { fileBytes: sizeOf(file), walBytes: sizeOf(`${file}-wal`) },
    }),
    clear: () => void q.clear.run(),
    close: () => {
      clearInterval(timer);
      db.close();
    },
  };
}

export default defineStore({
  name: 'sqlite',
  description: 'SQLite file (better-sqlite3, WAL) with periodic pruning of expired rows',
  options: { pruneInterval: 'number' },
  traits: { persistent: true, shared: false },
  create: createSqliteStore,
});
