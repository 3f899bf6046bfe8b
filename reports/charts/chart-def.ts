// What a chart is: an id, a title and caption for the page, and a spec builder that returns a
// vega-lite spec, or null when the results hold nothing for it to show.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportContext } from '../report-context.ts';

export interface ChartDef {
  id: string;
  title: string;
  /** One or two sentences on how to read it. */
  caption: string;
  build(ctx: ReportContext): TopLevelSpec | null;
}

export type { TopLevelSpec };
