// Bad input from a person (a flag, a file they named): printed without a stack trace, exit code 2.
export class UsageError extends Error {}
