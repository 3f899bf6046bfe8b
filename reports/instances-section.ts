// report.html's "Instances": the same rows as summary.md's (instances-part.ts) and the key spread
// of a Redis Cluster. Shown when a run used several instances or a cluster.
import { contentionNote, instancesRows, keySpreads, spreadText } from './instances.ts';
import { INSTANCES_HEAD, instancesCells } from './instances-part.ts';
import { html } from './html/html.ts';
import type { Section } from './html/section.ts';
import type { ReportContext } from './report-context.ts';

const NUMERIC = new Set(['instances', 'req/s', 'efficiency', 'sessions valid']);

export const instancesSection = {
  id: 'instances',
  title: 'Instances',
  render(ctx: ReportContext) {
    const rows = instancesRows(ctx);
    const spreads = keySpreads(ctx);
    if (rows.length === 0 && spreads.length === 0) return null;
    const head = INSTANCES_HEAD.map((h) => html`<th>${h}</th>`);
    const body = rows.map((r) => {
      const cells = instancesCells(r).map((c, i) =>
        NUMERIC.has(INSTANCES_HEAD[i]!) ? html`<td class="num">${c}</td>` : html`<td>${c}</td>`,
      );
      const bad = r.instances > 1 && r.status !== 'completed';
      return html`<tr class="${bad ? 'flagged' : ''}" title="${r.reason ?? ''}">${cells}</tr>`;
    });
    const table = rows.length
      ? html`<div class="table-wrap"><table class="instances"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>
<ul>${rows.filter((r) => r.reason).map((r) => html`<li><strong>${r.store}</strong> on ${r.instances} (${r.balance ?? 'no balancer'}): ${r.reason}</li>`)}</ul>
<p class="muted">${contentionNote(ctx)}</p>`
      : null;
    const spread = spreads.length
      ? html`<h3>Key spread across the cluster’s masters</h3><ul>${spreads.map((s) => html`<li>${s.store} · ${s.scenario} · ${s.options}: ${spreadText(s)}</li>`)}</ul>`
      : null;
    return html`${table}${spread}`;
  },
} satisfies Section;
