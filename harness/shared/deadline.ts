// One way to bound an await that crosses a process or a network: the work, or a DeadlineError
// that says in words what did not finish and within how long.

/** A step that did not finish within its bound. */
export class DeadlineError extends Error {}

export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  work.catch(() => undefined); // a late rejection after the deadline is not unhandled
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
