// The page's only style sheet and script, inlined. The script shows a chart mark's aria-label (the
// data vega wrote for it) as a tooltip; it sets textContent only, so labels stay text.
import { createHash } from 'node:crypto';

export const STYLE = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5b5b66; --line: #dcdce3; --bg-alt: #f6f6f9; --good: #1a7f37; --warn: #b35900; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 40px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 24px 0 6px; }
p, li { max-width: 80ch; }
.muted, figcaption { color: var(--muted); font-size: 0.9rem; }
nav { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: 6px 24px; z-index: 1; font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 2px 14px; }
nav a { white-space: nowrap; }
.banner { border: 1px solid var(--warn); background: #fff6ec; padding: 8px 12px; border-radius: 6px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; font-size: 0.92rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.86rem; margin: 8px 0 16px; }
th, td { padding: 4px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; vertical-align: bottom; }
th:not(:nth-child(2)) { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.store { overflow-wrap: anywhere; min-width: 16ch; max-width: 32ch; }
tr.flagged td { background: #fff6ec; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 0.8rem; border: 1px solid currentColor; }
.badge.bounded { color: var(--good); } .badge.growing { color: var(--warn); } .badge.unknown { color: var(--muted); }
ul.findings { list-style: none; padding-left: 0; }
li.finding { margin: 4px 0; padding-left: 1.4em; text-indent: -1.4em; }
li.finding.good .mark { color: var(--good); } li.finding.warn .mark { color: var(--warn); } li.finding.info .mark { color: var(--muted); }
figure.chart { margin: 12px 0 24px; overflow-x: auto; }
figure.chart svg { max-width: none; height: auto; }
code { font-size: 0.88em; background: var(--bg-alt); padding: 0 3px; border-radius: 3px; }
.tip { position: absolute; pointer-events: none; background: #1d1d1f; color: #fff; padding: 6px 8px; border-radius: 4px; font-size: 12px; white-space: pre-line; max-width: 360px; z-index: 2; }
footer { margin: 48px auto 24px; }
`;

export const TOOLTIP_SCRIPT = `(() => {
  const tip = document.createElement('div');
  tip.className = 'tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.appendChild(tip);
  const markOf = (e) => e.target instanceof Element ? e.target.closest('figure.chart svg [aria-label]:not(g)') : null;
  document.addEventListener('mousemove', (e) => {
    const mark = markOf(e);
    if (!mark) { tip.hidden = true; return; }
    tip.textContent = (mark.getAttribute('aria-label') || '').split('; ').join('\\n');
    tip.style.left = e.pageX + 14 + 'px';
    tip.style.top = e.pageY + 14 + 'px';
    tip.hidden = false;
  });
})();`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

/**
 * No network, no plugins, no inline event handlers: only our script (by hash) runs. Defence in depth
 * behind escaping; the report needs nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(TOOLTIP_SCRIPT)}'`,
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
