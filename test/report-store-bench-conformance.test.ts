// The conformance table and summary line on a fixed conformance.json: one row per check, one column
// per checked store, FAIL with its detail as tooltip and numbered note, stores not checked listed
// with their reason; malformed entries left out; a markup store name and detail stay text in
// report.html (the full report and the results-less one) and in summary.md.
import { describe, expect, it } from 'vitest';
import { conformancePart, storeBenchPart } from '../reports/markdown/store-bench-parts.ts';
import { escapeHtml } from '../reports/escape.ts';
import { extrasHtmlReport, extrasMarkdownReport } from '../reports/extras-report.ts';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { conformanceSection } from '../reports/html/sections/conformance-section.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import { fixtureResults } from './fixtures/report-fixture.ts';
import { conformanceFixture, extrasOf, FAIL_DETAIL } from './report-store-bench-fixture.ts';

const extras = extrasOf();
const render = async (e = extras) => String(await conformanceSection.render({ extras: e }));
const bodyRows = (html: string) =>
  html
    .split('<tbody>')[1]!
    .split('</tbody>')[0]!
    .split('</tr>')
    .filter((r) => r.includes('<tr'));

describe('conformance table', () => {
  it('one row per check, a column per checked store, pass / FAIL / unsupported in place', async () => {
    const html = await render();
    const rows = bodyRows(html);
    expect(rows).toHaveLength(3);
    const cells = (row: string) => [...row.matchAll(/data-status="(\w+)"/g)].map((m) => m[1]);
    expect(cells(rows[0]!)).toEqual(['pass', 'pass']);
    expect(cells(rows[1]!)).toEqual(['pass', 'fail']);
    expect(cells(rows[2]!)).toEqual(['unsupported', 'pass']);
    expect(rows[1]).toContain('class="flagged"');
    expect(rows[1]).toMatch(/FAIL<\/span><sup>1<\/sup>/);
  });

  it('shows a failure’s detail as the cell’s tooltip and as a numbered note, escaped', async () => {
    const html = await render();
    expect(html).toContain(`title="${escapeHtml(FAIL_DETAIL)}"`);
    expect(html).toMatch(
      /<ol class="failures"><li><strong>&lt;img src=x onerror=alert\(1\)&gt;<\/strong> · expiry: [^<]*: still returned/,
    );
    expect(html).not.toMatch(/<(img|script)/);
  });

  it('lists a store that was not checked with its reason, not as a column', async () => {
    const html = await render();
    expect(html).toContain('<li><strong>cookie</strong> — not-applicable: a client-side cookie: no Store</li>');
    expect(html).not.toContain('<th class="store">cookie</th>');
  });

  it('leaves out malformed stores and checks and ignores a file of another kind', async () => {
    const file = conformanceFixture() as unknown as { stores: unknown[] };
    (file.stores[0] as { checks: unknown[] }).checks.push({ name: 'bogus', status: 'maybe' }, { status: 'pass' });
    file.stores.push({ checks: [] }, 'x', file.stores[0]);
    const html = await render(extrasOf(undefined, file));
    expect(bodyRows(html)).toHaveLength(3);
    expect(html).toContain('5 malformed or repeated entries in conformance.json left out');
    expect(await render(extrasOf(undefined, { stores: {} }))).toMatch(/conformance\.json was ignored: kind must be/);
  });
});

describe('summary.md', () => {
  it('one line per store naming its failing checks; markup and pipes escaped', () => {
    const lines = conformancePart({ extras });
    expect(lines).toContain('- ✅ **memory** passes all 2 checks it supports; 1 optional method unsupported');
    expect(lines).toContain(
      '- ❌ **&lt;img src=x onerror=alert(1)&gt;** fails expiry: a session whose cookie maxAge has passed is not returned',
    );
    expect(lines.some((l) => l.startsWith('- ⚠️ **cookie** not checked (not-applicable)'))).toBe(true);
  });

  it('micro-bench table: one column per measured store, one row per op and payload', () => {
    const table = storeBenchPart({ extras }).filter((l) => l.startsWith('|'));
    expect(table[0]).toBe('| operation | payload | memory | sqlite | &lt;img src=x onerror=alert(1)&gt; |');
    expect(table).toHaveLength(2 + 12);
  });
});

describe('whole reports', () => {
  it('the full report carries both sections after the charts, the markup store as text', async () => {
    const html = await htmlReport(fixtureResults(), { extras });
    expect(html.indexOf('id="store-bench"')).toBeGreaterThan(html.indexOf('id="chart-throughput"'));
    expect(html.indexOf('id="conformance"')).toBeLessThan(html.indexOf('id="method"'));
    expect(html).not.toMatch(/<img[\s>]/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(markdownReport(fixtureResults(), { extras })).toMatch(
      /### Store micro-benchmark[\s\S]*### Store conformance/,
    );
  });

  it('without results.json: a header from the files’ own environment, both sections, one script', async () => {
    const html = await extrasHtmlReport(extras);
    expect(html).toContain('<h1>Session store micro-benchmark and conformance suite: 5 stores</h1>');
    expect(html).toContain('<dd>Test CPU, 2 CPUs, 8.0 GiB RAM, linux x64</dd>');
    expect(html).toContain('id="store-bench"');
    expect(html).toContain('id="conformance"');
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img[\s>]/);
    expect(extrasMarkdownReport(extras)).toMatch(/^## Session store micro-benchmark and conformance suite: 5 stores\n/);
  });
});
