// The users one connection serves, in turn. Users are dealt to connections round-robin (user i to
// connection i mod C) and stay there, so one user's requests are answered in the order they were
// sent and never race each other across connections (a browser tab keeps its connection). Each
// free slot picks the next user by the access distribution (access.ts) among the users of its
// connection who may send now: not thinking (--think-time after their last answer) and not
// waiting for a session-changing answer (VirtualUser.canSend).
import { UserPicker, type Access } from '../population/access.ts';
import { prng, type InFlight, type VirtualUser } from './virtual-user.ts';

/** Random draws before falling back to a scan for a user who may send. */
const DRAWS = 4;

export class ConnectionUsers {
  /** Whose request each in-flight slot holds, oldest first (responses come back in this order). */
  private readonly inFlight: VirtualUser[] = [];
  private readonly picker: UserPicker;
  private readonly random: () => number;
  /** The user chosen for the request being built now. */
  current: VirtualUser | undefined;
  /** When no user may send: the earliest time one may (performance.now() ms), or Infinity. */
  wakeAt = Infinity;

  constructor(
    readonly users: readonly VirtualUser[],
    access: Access,
    private readonly thinkTimeMs: number,
    seed: number,
  ) {
    this.random = prng(seed);
    this.picker = new UserPicker(
      users.map((u) => u.index),
      access,
      this.random,
    );
  }

  get inFlightCount(): number {
    return this.inFlight.length;
  }

  /** Chooses the next request's user (into `current`); false when none may send now (see wakeAt). */
  choose(now = performance.now()): boolean {
    const n = this.users.length;
    for (let i = 0; i < DRAWS; i++) {
      const u = this.users[this.picker.pick(n)]!;
      if (this.ready(u, now)) return this.take(u);
    }
    const start = Math.floor(this.random() * n);
    this.wakeAt = Infinity;
    for (let i = 0; i < n; i++) {
      const u = this.users[(start + i) % n]!;
      if (this.ready(u, now)) return this.take(u);
      if (u.inFlightRequests.length === 0) this.wakeAt = Math.min(this.wakeAt, u.readyAt);
    }
    this.current = undefined;
    return false;
  }

  /** The request for `current` was built: its answer will be the next but one … in order. */
  sent(user: VirtualUser): void {
    this.inFlight.push(user);
  }

  /** The oldest request in flight was answered: whose it was. Its think time starts now. */
  answered(now = performance.now()): VirtualUser | undefined {
    const u = this.inFlight.shift();
    if (u && this.thinkTimeMs > 0) u.readyAt = now + this.thinkTimeMs;
    return u;
  }

  /** The connection died: every request on it is lost, for each of its users. */
  lost(): InFlight[] {
    const users = new Set(this.inFlight.splice(0));
    return [...users].flatMap((u) => u.connectionLost());
  }

  private ready(u: VirtualUser, now: number): boolean {
    if (u.inFlightRequests.length === 0) return now >= u.readyAt;
    // With think time a user sends its next request only after the answer to the last one.
    return this.thinkTimeMs === 0 && u.canSend();
  }

  private take(u: VirtualUser): boolean {
    this.current = u;
    return true;
  }
}
