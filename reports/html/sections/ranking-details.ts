// What report.html's ranking adds to some metric columns, by metric name: a breakdown in the title
// attribute (a native tooltip) and a second line (the spread of req/s, the memory verdict). The
// number itself comes from the metric declaration; a metric with no entry here shows it plainly.
import type { Latency } from '../../../harness/contracts/results.ts';
import { fmtBytes, fmtInt, fmtMs, fmtRatio } from '../../../harness/shared/format-number.ts';
import type { RankedCell } from '../../rank-scenarios.ts';
import { html, type SafeHtml } from '../html.ts';

export interface Detail {
  title?: string;
  /** Shown after the number. */
  after?: SafeHtml | null;
}

export const latencyTitle = (l: Latency) =>
  `p50 ${fmtMs(l.p50)}, p90 ${fmtMs(l.p90)}, p99 ${fmtMs(l.p99)}, p99.9 ${fmtMs(l.p999)}, max ${fmtMs(l.max)}`;

function rpsDetail(c: RankedCell): Detail {
  const { min, max } = c.stats.rps;
  const spread = c.completed.length > 1 ? html`<br><span class="muted">${fmtInt(min)}–${fmtInt(max)}</span>` : null;
  return { title: `median of ${c.completed.length} completed repeats`, after: spread };
}

function errorsDetail(c: RankedCell): Detail {
  const e = c.stats.errors;
  return {
    title: `${fmtInt(e.connection)} connection errors, ${fmtInt(e.timeouts)} timeouts, ${fmtInt(e.non2xx)} non-2xx of ${fmtInt(c.stats.requests)} requests`,
  };
}

function cookieDetail(c: RankedCell): Detail {
  const k = c.stats.cookie;
  const sent = k.sentMeanBytes != null ? `; request Cookie header mean ${fmtInt(k.sentMeanBytes)} B` : '';
  return { title: `Set-Cookie mean ${fmtInt(k.meanBytes)} B, max ${fmtInt(k.maxBytes)} B${sent}` };
}

function memoryDetail(c: RankedCell): Detail {
  const m = c.stats.memory;
  const reasons = m.verdictReasons.length ? `; ${m.verdictReasons.join('; ')}` : '';
  const title = `RSS ${fmtBytes(m.rssGrowth, true)}, heap ${fmtBytes(m.heapGrowth, true)}, RSS peak ${fmtBytes(m.rssPeak)}${reasons}`;
  const badge =
    m.verdict === 'bounded' || m.verdict === 'growing'
      ? html` <span class="badge ${m.verdict}">${m.verdict}</span>`
      : null;
  const perSession =
    m.bytesPerSession != null && m.bytesPerSession > 0
      ? html`<br><span class="muted">${fmtBytes(m.bytesPerSession)}/session</span>`
      : null;
  return { title, after: html`${badge}${perSession}` };
}

/** Calls per request by kind, plus the mean time per call when the harness timed them. */
function opsDetail(c: RankedCell): Detail {
  const o = c.stats.ops;
  const calls = `get ${fmtRatio(o.get)}, set ${fmtRatio(o.set)}, touch ${fmtRatio(o.touch)}, destroy ${fmtRatio(o.destroy)} per request`;
  const t = c.stats.opTimeMs;
  if (!t) return { title: calls };
  const each = (['get', 'set', 'touch', 'destroy'] as const)
    .filter((op) => t[op] != null)
    .map((op) => `${op} ${fmtMs(t[op] as number)}`);
  return { title: `${calls}; mean time per call until its callback: ${each.join(', ')}` };
}

export const RANKING_DETAILS: Record<string, (c: RankedCell) => Detail> = {
  rps: rpsDetail,
  p99: (c) => ({ title: latencyTitle(c.stats.latency) }),
  loadedP99: (c) => (c.stats.loadedLatency ? { title: latencyTitle(c.stats.loadedLatency) } : {}),
  errors: errorsDetail,
  cookieBytes: cookieDetail,
  rssGrowth: memoryDetail,
  storeOpsPerRequest: opsDetail,
};
