// The store micro-bench chart and section on a fixed store-bench.json: one row per measured cell,
// a spec that renders to SVG with marks and no vega-lite warnings, user strings only as data,
// cells that were not measured listed under it, and malformed input ignored with a reason.
import { describe, expect, it } from 'vitest';
import { BENCH_OPS } from '../harness/contracts/store-bench.ts';
import { storeBenchRows, storeBenchSpec } from '../reports/charts/store-bench-chart.ts';
import { escapeHtml } from '../reports/escape.ts';
import { storeBenchSection } from '../reports/html/sections/store-bench-section.ts';
import { renderSvg } from '../reports/render-svg.ts';
import { extrasOf, MARKUP_STORE, PAYLOADS, STORES, storeBenchFixture } from './report-store-bench-fixture.ts';

const ctx = { extras: extrasOf() };

/** Every `field` in a spec, wherever it sits (data values excluded). */
function fieldsOf(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) fieldsOf(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'field' && typeof v === 'string') out.add(v);
      else if (k !== 'data') fieldsOf(v, out);
    }
  }
  return out;
}

describe('store-bench chart', () => {
  it('has one row per measured cell, latency in µs, payload as the facet label', () => {
    const rows = storeBenchRows(ctx);
    expect(rows).toHaveLength(STORES.length * PAYLOADS.length * BENCH_OPS.length);
    const src = storeBenchFixture().results.find(
      (r) => r.store === 'sqlite' && r.op === 'touch' && r.payloadBytes === 20_000,
    )!;
    expect(
      rows.find((r) => r.store === 'sqlite' && r.op === 'touch' && r.payload === '20,000 B session'),
    ).toMatchObject({
      opsPerSec: src.opsPerSec,
      meanUs: src.latencyMs.mean * 1000,
      p99Us: src.latencyMs.p99 * 1000,
    });
  });

  it('renders to SVG with marks, no warnings, field names of our own, the markup store as text', async () => {
    const spec = storeBenchSpec(ctx);
    expect(spec).not.toBeNull();
    for (const field of fieldsOf(spec)) expect(field).toMatch(/^[a-zA-Z][a-zA-Z0-9]*$/);
    const { svg, warnings } = await renderSvg(spec!);
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/role="graphics-symbol"/g)!.length).toBeGreaterThanOrEqual(
      STORES.length * PAYLOADS.length * BENCH_OPS.length,
    );
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('in the full report, stores keep the colours of the other charts; the legend lists only its own', () => {
    const color = (
      storeBenchSpec({ ...ctx, stores: ['cookie', 'sqlite'] }) as {
        spec: { encoding: { color: { scale: { domain: string[] }; legend: { values: string[] } } } };
      }
    ).spec.encoding.color;
    expect(color.scale.domain).toEqual(['cookie', 'sqlite', 'memory', MARKUP_STORE]);
    expect(color.legend.values).toEqual(STORES);
  });

  it('section: chart, the cells not measured with reasons, escaped names', async () => {
    const html = String(await storeBenchSection.render(ctx));
    expect(html).toContain('data-chart="store-bench"');
    expect(html).toMatch(/<strong>sqlite<\/strong> · touch at 20,000 B — failed: touch timed out/);
    expect(html).toMatch(/<strong>redis<\/strong> \(whole store\) — skipped: no container runtime/);
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(MARKUP_STORE));
  });
});

describe('malformed store-bench.json', () => {
  it.each([
    [
      'another kind',
      { ...storeBenchFixture(), kind: 'conformance' },
      /kind must be &quot;store-bench&quot; \(found &quot;conformance&quot;\)/,
    ],
    ['another version', { ...storeBenchFixture(), schemaVersion: 2 }, /schemaVersion must be 1 \(found 2\)/],
    ['not an object', [1, 2], /top level must be an object/],
    ['results not a list', { ...storeBenchFixture(), results: {} }, /results must be an array/],
  ])('%s: no chart, a one-line reason', async (_name, data, reason) => {
    const bad = { extras: extrasOf(data) };
    expect(storeBenchSpec(bad)).toBeNull();
    const html = String(await storeBenchSection.render(bad));
    expect(html).toMatch(reason);
    expect(html).not.toContain('<figure');
  });

  it('drops rows a log scale cannot draw, malformed rows and repeats, and says how many', async () => {
    const file = storeBenchFixture() as unknown as { results: unknown[]; notMeasured: unknown };
    const good = file.results.length;
    const first = file.results[0] as Record<string, unknown>;
    file.results.push(
      { ...first, opsPerSec: 0 },
      { ...first, store: 'x', opsPerSec: -5 },
      { ...first, store: 'y', opsPerSec: '9' },
      { ...first, store: 'z', latencyMs: null },
      null,
      first,
    );
    file.notMeasured = 'nope';
    const bad = { extras: extrasOf(file) };
    expect(storeBenchRows(bad)).toHaveLength(good);
    expect((await renderSvg(storeBenchSpec(bad)!)).warnings).toEqual([]);
    expect(String(await storeBenchSection.render(bad))).toContain(
      '6 malformed or repeated entries in store-bench.json left out',
    );
  });

  it('unreadable file or absent file: a reason, or nothing at all', async () => {
    expect(
      String(
        await storeBenchSection.render({
          extras: { storeBench: { file: 'store-bench.json', ok: false, error: 'not valid JSON: x' } },
        }),
      ),
    ).toMatch(/ignored: not valid JSON/);
    expect(await storeBenchSection.render({ extras: {} })).toBeNull();
  });
});
