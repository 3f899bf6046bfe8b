// The measured fact behind traits.shared: log in on instance 1 directly (not through the
// balancer), then read the dashboard with that cookie on instance 2. 200: the instances share
// sessions; 401: a session created on one instance is unknown to the other.
const REQUEST_TIMEOUT_MS = 5_000;

export interface SharedCheck {
  shared: boolean;
  detail: string;
}

function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
}

export async function checkSharedSessions(ports: number[]): Promise<SharedCheck | undefined> {
  const [a, b] = ports;
  if (a === undefined || b === undefined) return undefined;
  const signal = () => AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const login = await fetch(`http://127.0.0.1:${a}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'cross-instance-check' }),
    signal: signal(),
  });
  await login.arrayBuffer();
  const cookie = cookieOf(login);
  if (login.status !== 200 || !cookie) return undefined;
  const own = await fetch(`http://127.0.0.1:${a}/dashboard`, { headers: { cookie }, signal: signal() });
  await own.arrayBuffer();
  const other = await fetch(`http://127.0.0.1:${b}/dashboard`, { headers: { cookie }, signal: signal() });
  const body = (await other.json().catch(() => ({}))) as { userId?: string };
  if (own.status !== 200)
    return { shared: false, detail: `instance 1 did not read back its own login (${own.status})` };
  const shared = other.status === 200 && body.userId === 'cross-instance-check';
  return {
    shared,
    detail: shared
      ? 'a login on instance 1 was read back on instance 2'
      : `a login on instance 1 was unknown to instance 2 (it answered ${other.status})`,
  };
}
