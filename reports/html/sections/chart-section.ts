// Turns a chart definition into a page section: the spec is rendered to inline SVG at build time,
// and the section is left out when the results hold nothing for the chart.
import type { ChartDef } from '../../charts/chart-def.ts';
import { renderSvg } from '../../render-svg.ts';
import { html, raw } from '../html.ts';
import type { Section } from '../section.ts';

export function chartSection(def: ChartDef): Section {
  return {
    id: `chart-${def.id}`,
    title: def.title,
    async render(ctx) {
      const spec = def.build(ctx);
      if (!spec) return null;
      const { svg } = await renderSvg(spec);
      return html`<figure class="chart" data-chart="${def.id}">${raw(svg)}<figcaption>${def.caption}</figcaption></figure>`;
    },
  };
}
