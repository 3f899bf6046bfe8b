// Wires one autocannon client (one connection) to the users it serves (connection-users.ts) and the
// load counters.
// autocannon 9 has no hook for "this connection died with N requests unanswered" or "do not send
// yet", so three methods of its Client (node_modules/autocannon/lib/httpClient.js, pinned 9.0.0)
// are wrapped; `hookable` refuses to run when they are missing. What that file does, and why each
// wrapper is needed:
// - A socket error emits `connError`, then `_connect()` opens a new socket and writes `pipelining`
//   fresh requests. The requests in flight on the old socket are never resent or answered, and
//   autocannon's own queue of them is not cleared (nor is the response parser).
// - A socket the server ends calls `_connect()` with no event at all: the same silent loss.
// - The request timeout (`timeout` s without a request written) calls `_destroyConnection()` and
//   `_connect()`, then emits `timeout` once per pipelining slot, however many were in flight.
// - `destroy()` at the end of the run sets `destroyed` and calls `_destroyConnection()`: requests
//   still in flight then are hung, counted after the run.
// - `_doRequest()` runs after every complete response (and `pipelining` times per connect): it
//   builds the next request through `setupRequest` and writes it at once. Wrapped, it also
//   writes nothing while the user waits or the load drains.
import type { ConnectionUsers } from './connection-users.ts';
import type { LoadCounters } from './load-counters.ts';

/** The parts of autocannon 9's Client this module relies on. */
export interface AutocannonClient {
  requestIterator: { setRequests(reqs: unknown[]): void };
  parser: { initialize(type: string): void };
  pipelinedRequests: { clear(): void };
  reqsMade: number;
  destroyed: boolean;
  on(event: string, fn: (...args: never[]) => void): void;
  _connect(): void;
  _destroyConnection(): void;
  _doRequest(...args: unknown[]): void;
}

/** A connection that ended without an error: the server closed it before answering. */
export const CLOSED = 'closed';

export function attachUsers(
  client: AutocannonClient,
  conn: ConnectionUsers,
  counters: LoadCounters,
  pipelining: number,
): void {
  hookable(client);
  // Per-client request list: autocannon resets `context` on every wrap, so state lives in the
  // users. Set through the iterator because Client.setRequests refuses when pipelining > 1. This
  // builds the first request now (for the user chosen here); the first `_connect()` writes it.
  conn.choose();
  client.requestIterator.setRequests([
    {
      setupRequest: (req: Record<string, unknown>) => {
        const user = conn.current!;
        conn.sent(user);
        return Object.assign(req, counters.build(user));
      },
    },
  ]);
  trackResponses(client, conn, counters);
  trackLostConnections(client, conn, counters);
  holdSlotsWhileBusy(client, conn, counters, pipelining);
  client.on('done', () => counters.markEnd());
}

/** A response counts once complete: express-session writes the last byte only after its save. */
function trackResponses(client: AutocannonClient, conn: ConnectionUsers, counters: LoadCounters) {
  let head: { status: number; setCookie?: string[] | undefined } | undefined;
  // Status and Set-Cookie straight from the parser's raw headers: cheaper than onResponse,
  // which rebuilds a header object for every response.
  client.on('headers', (info: { statusCode: number; headers: string[] }) => {
    head = { status: info.statusCode, setCookie: setCookieOf(info.headers) };
  });
  // Fires before `_doRequest` builds the next request, so the user sees the new state first.
  client.on('response', () => {
    const user = head && conn.answered();
    if (!head || !user) return;
    counters.answered(user.onResponse(head.status, head.setCookie));
    head = undefined;
  });
}

function trackLostConnections(client: AutocannonClient, conn: ConnectionUsers, counters: LoadCounters) {
  client.on('connError', (err: NodeJS.ErrnoException) => counters.failed(conn.lost(), errorKind(err)));
  const destroyConnection = client._destroyConnection;
  client._destroyConnection = function (this: AutocannonClient) {
    if (!this.destroyed) counters.failed(conn.lost(), 'timeout');
    destroyConnection.call(this);
  };
  const connect = client._connect;
  let first = true;
  client._connect = function (this: AutocannonClient) {
    if (!first) {
      // After connError or a timeout nothing is left; what is left was on a socket the server ended.
      counters.failed(conn.lost(), CLOSED);
      // A socket can die mid-response: start the new one with an empty parser and queue.
      this.parser.initialize('RESPONSE');
      this.pipelinedRequests.clear();
    }
    first = false;
    connect.call(this);
  };
}

/**
 * Keeps a pipelining slot empty while no user of the connection may send (ConnectionUsers.choose)
 * or the load is draining, and fills every free slot once one may. When the wait is think time
 * and nothing is in flight to wake the connection, a timer does. The first call writes the
 * request built in setupClient.
 */
function holdSlotsWhileBusy(
  client: AutocannonClient,
  conn: ConnectionUsers,
  counters: LoadCounters,
  pipelining: number,
) {
  const doRequest = client._doRequest;
  let wake: NodeJS.Timeout | undefined;
  const open = (c: AutocannonClient) => !c.destroyed && !counters.draining && conn.inFlightCount < pipelining;
  client._doRequest = function (this: AutocannonClient, ...args: unknown[]) {
    if (this.reqsMade === 0) return doRequest.apply(this, args);
    while (open(this) && conn.choose()) {
      const before = conn.inFlightCount;
      doRequest.apply(this, args);
      // Nothing was written: the per-connection rate paused the client; autocannon resumes it.
      if (conn.inFlightCount === before) break;
    }
    if (wake === undefined && open(this) && conn.current === undefined && conn.wakeAt < Infinity) {
      const wakeUp = () => {
        wake = undefined;
        client._doRequest();
      };
      wake = setTimeout(wakeUp, Math.max(0, conn.wakeAt - performance.now())).unref();
    }
  };
}

function errorKind(err: NodeJS.ErrnoException | undefined): string {
  return err?.code ?? err?.name ?? 'error';
}

function hookable(client: AutocannonClient) {
  const missing = [
    typeof client._connect !== 'function' && '_connect()',
    typeof client._destroyConnection !== 'function' && '_destroyConnection()',
    typeof client._doRequest !== 'function' && '_doRequest()',
    typeof client.parser?.initialize !== 'function' && 'parser.initialize()',
    typeof client.pipelinedRequests?.clear !== 'function' && 'pipelinedRequests.clear()',
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(
      `autocannon's Client has no ${missing.join(', ')}: the driver needs autocannon 9.0.0 (see harness/load/load-client.ts)`,
    );
  }
}

/** Set-Cookie values from a raw header list [name, value, name, value, …]. */
export function setCookieOf(raw: string[]): string[] | undefined {
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 10 || name.toLowerCase() !== 'set-cookie') continue;
    out ??= [];
    out.push(raw[i + 1]!);
  }
  return out;
}
