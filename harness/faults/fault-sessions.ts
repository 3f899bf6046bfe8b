// Sessions lost by a fault: the logged-in users' sessions at the moment it began, and what became
// of each. A user whose next request after the fault got a 401 lost it (VirtualUser counts that in
// sessionsLost); a user who sent nothing since, or got only errors, is read back after the load
// with the cookie it held. Those losses are the fault's cost, counted apart from the correctness
// check: they are taken out of sessionsLost, and a session read back as gone is not verified again.
import type { VirtualUser } from '../load/virtual-user.ts';

/** One read-back (GET /dashboard) without an answer by then counts as unchecked. */
const READBACK_TIMEOUT_MS = 2_000;
/** No read-back starts after this; those left are unchecked. */
export const READBACK_DEADLINE_MS = 20_000;
const CONCURRENCY = 16;

interface Held {
  /** The session's user; undefined for a preloaded session the user has not taken up yet. */
  userId: string | undefined;
  lost: number;
}

export class FaultSessions {
  private held = new Map<VirtualUser, Held>();

  /**
   * The users holding a session now, once the fault has taken hold (fault-runner.ts): logged in, or
   * with a preloaded session they have not asked for yet. A login still in flight now is stored
   * after the fault, if at all.
   */
  snapshot(users: readonly VirtualUser[]): void {
    this.held.clear();
    for (const u of users) {
      if (u.anonymous) continue;
      if (u.loggedIn) this.held.set(u, { userId: u.userId, lost: u.sessionsLost });
      // A preloaded session (population) is in the store before its user first asks for it.
      else if (u.resumed === 'pending') this.held.set(u, { userId: undefined, lost: u.sessionsLost });
    }
  }

  /**
   * After the load: how many of the held sessions were lost (`discovered` of them by a 401 during
   * the load, the rest by a read-back now) and how many could not be learnt.
   */
  async settle(port: number): Promise<{ atFault: number; lost: number; counted: number; unchecked: number }> {
    let discovered = 0;
    /** Of those, the ones VirtualUser counted in sessionsLost (taken out of it by the caller). */
    let counted = 0;
    // Not learnable: a preloaded session never asked for, or a user who logged out or in anew since.
    let untold = 0;
    const readBack: VirtualUser[] = [];
    for (const [u, h] of this.held) {
      // A preloaded session missing on its first use, which came after the fault took hold. (Its
      // 401 is not always in sessionsLost: VirtualUser forgives a session idle for most of maxAge.)
      const missed = h.userId === undefined && u.resumed === 'miss';
      if (u.sessionsLost > h.lost) counted++;
      if (u.sessionsLost > h.lost || missed) discovered++;
      else if (u.loggedIn && sameSession(u, h) && u.jar.cookieHeader() !== '') readBack.push(u);
      else untold++;
    }
    const { gone, unchecked } = await readBackAll(port, readBack);
    // Gone by the fault: the persistence check must not count them a second time.
    for (const u of gone) u.uncertain = true;
    return { atFault: this.held.size, lost: discovered + gone.length, counted, unchecked: unchecked + untold };
  }
}

/** Preloaded users are named pop-N (harness/population/population.ts); a login names them anew. */
const PRELOADED_USER = /^pop-\d+$/;

/** Whether the user still holds the session it held when the fault began (no login since). */
function sameSession(u: VirtualUser, h: Held): boolean {
  return h.userId === undefined ? PRELOADED_USER.test(u.userId) : u.userId === h.userId;
}

async function readBackAll(port: number, users: VirtualUser[]) {
  const gone: VirtualUser[] = [];
  let unchecked = 0;
  const queue = [...users];
  const deadline = performance.now() + READBACK_DEADLINE_MS;
  const worker = async () => {
    for (let u = queue.shift(); u; u = performance.now() < deadline ? queue.shift() : undefined) {
      const status = await statusOf(port, u.jar.cookieHeader());
      if (status === 401) gone.push(u);
      else if (status !== 200) unchecked++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { gone, unchecked: unchecked + queue.length };
}

async function statusOf(port: number, cookie: string): Promise<number | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/dashboard`, {
      headers: { cookie },
      signal: AbortSignal.timeout(READBACK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return undefined;
  }
}
