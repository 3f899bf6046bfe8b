// The open model's choice of who acts for an arrival: a user drawn by the access distribution
// (access.ts) among those with nothing in flight. One request per user at a time keeps a session's
// requests from racing each other over two connections, as connection-users.ts does for the
// closed model.
import { UserPicker, type Access } from '../population/access.ts';
import { prng, type VirtualUser } from './virtual-user.ts';

/** Random draws before falling back to a scan for a free user. */
const DRAWS = 8;

export class FreeUsers {
  private readonly picker: UserPicker;
  private readonly random: () => number;
  private busy = 0;

  constructor(
    private readonly users: readonly VirtualUser[],
    access: Access,
    seed: number,
  ) {
    this.random = prng(seed);
    this.picker = new UserPicker(
      users.map((u) => u.index),
      access,
      this.random,
    );
  }

  /** A user with nothing in flight, now marked busy; undefined when every user is busy. */
  take(): VirtualUser | undefined {
    const n = this.users.length;
    if (this.busy >= n) return undefined;
    for (let i = 0; i < DRAWS; i++) {
      const u = this.users[this.picker.pick(n)]!;
      if (u.inFlightRequests.length === 0) return this.mark(u);
    }
    const start = Math.floor(this.random() * n);
    for (let i = 0; i < n; i++) {
      const u = this.users[(start + i) % n]!;
      if (u.inFlightRequests.length === 0) return this.mark(u);
    }
    return undefined;
  }

  /** The user's request settled (answered or lost). */
  release(): void {
    this.busy--;
  }

  private mark(u: VirtualUser) {
    this.busy++;
    return u;
  }
}
