// Checks a file against its contract schema and says what is wrong in words that name the field and
// what it must be: `runs[3].status must be completed, failed or skipped (found "done")`. Every
// reader of a contract file (the gate's baseline, the reports) uses it, so a bad file reads the same
// everywhere.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

export type ContractCheck<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** On success the value is the input itself: z.object's output drops fields it does not know, and
 *  the contract lets a newer writer add fields that a reader passes on (a report, a copy) intact. */
export function checkContract<S extends z.ZodType>(schema: S, data: unknown): ContractCheck<z.output<S>> {
  const parsed = schema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, value: data as z.output<S> };
  return { ok: false, problems: parsed.error.issues.map(describeIssue) };
}

/** The first `limit` problems on one line, and how many more there are. */
export function summarizeProblems(problems: readonly string[], limit = 3): string {
  const shown = problems.slice(0, limit).join('; ');
  return problems.length > limit ? `${shown} (and ${problems.length - limit} more)` : shown;
}

/** `runs[0].latencyMs.p99`, `stores["redis-ioredis"]`; empty for the top level. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

const TYPE_NAMES: Record<string, string> = {
  array: 'an array',
  object: 'an object',
  record: 'an object',
  int: 'an integer',
  integer: 'an integer',
};

const FORMAT_NAMES: Record<string, string> = { datetime: 'an ISO 8601 date-time' };

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? `a ${expected}`;
}

/** "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Names read better bare (completed, failed); other literals as JSON. */
const literal = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

function found(input: unknown): string {
  if (input === undefined) return ' (missing)';
  const text = JSON.stringify(input) ?? String(input);
  return ` (found ${text.length > 40 ? `${text.slice(0, 37)}…` : text})`;
}

/** A union of plain types (string | number | boolean) fails as one sentence, not three. */
function unionTypes(issue: Extract<Issue, { code: 'invalid_union' }>): string[] | undefined {
  const types = issue.errors.map((branch) => {
    const only = branch.length === 1 ? branch[0] : undefined;
    return only?.code === 'invalid_type' ? only.expected : undefined;
  });
  return types.every((t) => t !== undefined) && types.length > 0 ? (types as string[]) : undefined;
}

function describeUnion(issue: Extract<Issue, { code: 'invalid_union' }>): string | undefined {
  const options = 'options' in issue ? issue.options : undefined;
  if (issue.discriminator !== undefined && options) {
    const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
    return `must be ${orList(options.map(literal))}${found(value)}`;
  }
  const types = unionTypes(issue);
  return types ? `must be ${orList(types.map(typeName))}${found(issue.input)}` : undefined;
}

function describeBound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string | undefined {
  if (issue.origin !== 'number') return undefined;
  const [word, limit] =
    issue.code === 'too_small'
      ? [issue.inclusive ? 'at least' : 'more than', issue.minimum]
      : [issue.inclusive ? 'at most' : 'less than', issue.maximum];
  return `must be ${word} ${limit}${found(issue.input)}`;
}

/** What the field must be, or undefined to fall back on zod's own message. */
function mustBe(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${typeName(issue.expected)}${found(issue.input)}`;
    case 'invalid_value':
      return `must be ${orList(issue.values.map(literal))}${found(issue.input)}`;
    case 'invalid_format':
      return `must be ${FORMAT_NAMES[issue.format] ?? `a ${issue.format}`}${found(issue.input)}`;
    case 'invalid_union':
      return describeUnion(issue);
    case 'too_small':
    case 'too_big':
      return describeBound(issue);
    case 'custom':
      return issue.message;
    default:
      return undefined;
  }
}

function describeIssue(issue: Issue): string {
  const where = fieldPath(issue.path) || 'the top level';
  const sentence = mustBe(issue);
  return sentence === undefined ? `${where}: ${issue.message}` : `${where} ${sentence}`;
}
