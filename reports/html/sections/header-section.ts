// The page header: what was run, when, on what machine, with which Node, packages and images, and
// which input files the report read.
import { redactUrl } from '../../escape.ts';
import { fmtBytes } from '../../../harness/shared/format-number.ts';
import type { ReportContext } from '../../report-context.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Section } from '../section.ts';
import { methodLine } from './method-section.ts';

const list = (record: Record<string, string> | undefined, sep = ' ') =>
  Object.entries(record ?? {})
    .map(([k, v]) => `${k}${sep}${v}`)
    .join(', ');

function inputs(ctx: ReportContext): SafeHtml {
  const extras = Object.values(ctx.extras).map((e) =>
    e.ok ? html`, ${e.file}` : html`, <span class="warn">${e.file} (unreadable: ${e.error})</span>`,
  );
  return html`${ctx.source ?? 'results.json'}${extras}`;
}

function facts(ctx: ReportContext): SafeHtml {
  const { environment: env, runs } = ctx.results;
  const services = Object.entries(env.services ?? {})
    .map(([k, s]) => `${k}: ${s.mode} ${redactUrl(s.endpoint)}`)
    .join(', ');
  const stores = [...new Set(runs.map((r) => r.store))].join(', ');
  const scenarios = [...new Set(runs.map((r) => r.scenario))].join(', ');
  const done = runs.filter((r) => r.status === 'completed').length;
  return html`<dl class="facts">
<dt>When</dt><dd>${ctx.results.createdAt}: ${runs.length} runs, ${done} completed</dd>
<dt>Stores</dt><dd>${stores}</dd>
<dt>Scenarios</dt><dd>${scenarios}</dd>
<dt>Machine</dt><dd>${env.cpuModel}, ${env.cpus} CPUs, ${fmtBytes(env.totalMemBytes)} RAM, ${env.platform}</dd>
<dt>Node</dt><dd>${env.node}</dd>
<dt>Packages</dt><dd>${list(env.packages, '@') || 'not recorded'}</dd>
<dt>Images</dt><dd>${list(env.images) || 'none (no containers)'}</dd>
${services ? html`<dt>Services</dt><dd>${services}</dd>` : null}
<dt>Inputs</dt><dd>${inputs(ctx)}</dd>
</dl>`;
}

export const headerSection: Section = {
  id: 'header',
  title: 'Header',
  nav: false,
  render(ctx) {
    const partial = ctx.results.partial
      ? html`<p class="banner">Partial results: the run was interrupted before every cell was measured.</p>`
      : null;
    return html`<header><h1>${ctx.title}</h1>
<p class="muted">session-bench report on Express session stores · results schema v${ctx.results.schemaVersion}</p>
${partial}${facts(ctx)}<p class="muted"><strong>Method:</strong> ${methodLine(ctx)} <a href="#method">Limits</a>.</p></header>`;
  },
};
