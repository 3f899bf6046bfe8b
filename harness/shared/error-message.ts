// A thrown value in words, for reasons, warnings and usage errors: anything may be thrown, so
// nothing reads `.message` without checking it is an Error.

/** An Error's message; anything else as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The first line of errorMessage: for a reason that lands in one table row or one log line. */
export function errorLine(err: unknown): string {
  return errorMessage(err).split('\n')[0] ?? '';
}

/** The stack when there is one: for a crash, which is a bug to report. */
export function errorStack(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
