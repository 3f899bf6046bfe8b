// A finding is data: a tone plus text segments, some emphasised. HTML and Markdown render the same
// findings with their own escaping, so no reporter builds sentences from raw labels.

export type Tone = 'good' | 'warn' | 'info';
export type Segment = string | { em: string } | { code: string };

export interface Finding {
  tone: Tone;
  /** The scenario it is about; absent for findings across scenarios. */
  scenario?: string | undefined;
  /** What it is about, for grouping and tests: fastest, p99, cookie, memory, ops, errors, … */
  topic: string;
  segments: Segment[];
}

export const em = (text: string): Segment => ({ em: text });
export const code = (text: string): Segment => ({ code: text });

export function finding(tone: Tone, topic: string, scenario: string | undefined, ...segments: Segment[]): Finding {
  return { tone, topic, scenario, segments };
}

/** Plain text of a finding, for tests and logs. */
export function findingText(f: Finding): string {
  return f.segments.map(segmentText).join('');
}

function segmentText(s: Finding['segments'][number]): string {
  if (typeof s === 'string') return s;
  return 'em' in s ? s.em : s.code;
}
