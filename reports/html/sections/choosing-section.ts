// "Choosing a store": the findings, across scenarios first, then per scenario, then what was not
// measured. Every sentence comes from key-findings.ts, which only states measured numbers.
import type { Finding } from '../../finding.ts';
import type { ReportContext } from '../../report-context.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderFindings } from '../render-finding.ts';
import type { Section } from '../section.ts';

function byScenario(ctx: ReportContext, findings: readonly Finding[]): SafeHtml[] {
  return ctx.rankings.map((r) => {
    const list = renderFindings(findings.filter((f) => f.scenario === r.scenario));
    return list ? html`<h3>${r.scenario}</h3>${list}` : html``;
  });
}

export const choosingSection: Section = {
  id: 'choosing',
  title: 'Choosing a store',
  render(ctx) {
    const across = ctx.findings.filter(
      (f) => f.scenario === undefined && f.topic !== 'not-measured' && f.topic !== 'declared',
    );
    const limits = ctx.findings.filter(
      (f) => f.scenario === undefined && (f.topic === 'not-measured' || f.topic === 'declared'),
    );
    return html`<p class="muted">Read off the measured numbers below. A store that lost sessions or had failed requests is reported but not compared: its speed is not comparable.</p>
${renderFindings(across)}
${byScenario(ctx, ctx.findings)}
${renderFindings(limits)}`;
  },
};
