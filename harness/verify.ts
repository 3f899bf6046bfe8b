// Persistence check: after the load, read every live session back through the app and compare it
// with what the server acknowledged to that virtual user.
import type { VirtualUser } from './virtual-user.ts';
import type { RunMetrics } from './results.ts';

export interface VerifyOptions {
  port: number;
  users: VirtualUser[];
  /** Sessions idle longer than this (minus a margin) may have expired legitimately: not checked. */
  maxAgeMs: number;
  concurrency?: number;
}

interface Dashboard {
  userId?: string;
  cartAdds?: number;
  theme?: string;
}

/**
 * lostWrites counts acknowledged writes missing on read-back: cart adds short of the acknowledged
 * count, a theme that is neither the acknowledged one nor one still in flight, and for a session
 * that is gone altogether, its login plus every acknowledged write.
 */
export async function verifySessions(opts: VerifyOptions): Promise<RunMetrics['correctness']> {
  const now = Date.now();
  const margin = Math.max(250, opts.maxAgeMs * 0.2);
  const candidates = opts.users.filter((u) => u.verifiable && now - u.lastActivity < opts.maxAgeMs - margin);
  const result = { sessionsChecked: candidates.length, sessionsValid: 0, lostWrites: 0, details: [] as string[] };
  const queue = [...candidates];
  const worker = async () => {
    for (let u = queue.shift(); u; u = queue.shift()) {
      const problem = await checkUser(opts.port, u);
      if (!problem) result.sessionsValid++;
      else {
        result.lostWrites += problem.lost;
        if (result.details.length < 10) result.details.push(`user ${u.index} (${u.userId}): ${problem.why}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  return result;
}

async function checkUser(port: number, u: VirtualUser): Promise<{ lost: number; why: string } | undefined> {
  const res = await fetch(`http://127.0.0.1:${port}/dashboard`, { headers: { cookie: u.jar.cookieHeader() } });
  const everything = 1 + u.cartAdds + (u.theme !== 'light' ? 1 : 0);
  if (res.status !== 200) {
    await res.body?.cancel();
    return { lost: everything, why: `session missing (HTTP ${res.status})` };
  }
  const got = (await res.json()) as Dashboard;
  if (got.userId !== u.userId) return { lost: everything, why: `holds user ${String(got.userId)}` };
  const adds = got.cartAdds ?? 0;
  const problems: string[] = [];
  let lost = 0;
  if (adds < u.cartAdds || adds > u.cartAdds + u.pendingCart) {
    problems.push(`cartAdds ${adds}, acknowledged ${u.cartAdds}${u.pendingCart ? ` (+${u.pendingCart} in flight)` : ''}`);
    lost += Math.max(0, u.cartAdds - adds);
  }
  if (got.theme !== u.theme && !u.pendingThemes.includes(String(got.theme))) {
    problems.push(`theme ${String(got.theme)}, acknowledged ${u.theme}`);
    lost += 1;
  }
  return problems.length ? { lost: Math.max(lost, 1), why: problems.join('; ') } : undefined;
}
