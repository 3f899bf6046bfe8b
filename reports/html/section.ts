// What an HTML section is: an id for the table of contents, a heading, and a render function that
// returns markup or null when the results hold nothing for it. A new section is one file plus one
// line in sections/index.ts; it reads ctx (results, cells, rankings, findings, extras) and nothing else.
import type { ReportContext } from '../report-context.ts';
import type { SafeHtml } from './html.ts';

export interface Section {
  id: string;
  title: string;
  /** Listed in the page's table of contents (the header is not). */
  nav?: boolean;
  render(ctx: ReportContext): SafeHtml | null | Promise<SafeHtml | null>;
}
