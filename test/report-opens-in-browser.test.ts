// report.html in a real browser: Debian's Chromium (never a downloaded one) opens the file from disk
// and must draw the charts and tables with no script error, no request beyond the file itself, and
// the markup-named store shown as text with no dialog. Skips with a reason when Chromium is missing,
// unless REQUIRE_BROWSER=1 (CI), where a missing browser fails.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../reports/index.ts';
import type { Results } from '../harness/contracts/results.ts';
import { fixtureResults, MARKUP_STORE } from './fixtures/report-fixture.ts';

/**
 * The fixture as if it had been run with --sweep: each completed run gets steps at a quarter, half
 * and all of its req/s, p99 growing past the 25 ms SLO at the last, so the capacity chart is drawn.
 */
function withSweep(results: Results): Results {
  for (const run of results.runs) {
    if (run.status !== 'completed') continue;
    const max = run.throughput.rps;
    const steps = [0.25, 0.5, 1].map((f, i) => {
      const ms = [1, 5, 60][i]!;
      const latencyMs = { mean: ms / 2, p50: ms / 4, p90: ms / 2, p99: ms, p999: ms * 1.5, max: ms * 2 };
      return { rate: f * max, achievedRps: f * max, latencyMs, errors: 0, meetsSlo: ms <= 25 };
    });
    const rps = 0.5 * max + ((25 - 5) / (60 - 5)) * 0.5 * max;
    run.capacity = {
      sloMs: 25,
      percentile: 'p99',
      maxErrorShare: 0.001,
      rps,
      bound: 'interpolated',
      closedMaxRps: max,
      steps,
    };
  }
  return results;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REQUIRED = process.env.REQUIRE_BROWSER === '1';
const AVAILABLE = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

if (!AVAILABLE && !REQUIRED) {
  console.log(
    `skipping the report browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium; REQUIRE_BROWSER=1 makes this a failure)`,
  );
}

describe.skipIf(!AVAILABLE && !REQUIRED)('report.html in Chromium', () => {
  const dirs: string[] = [];
  const seen = { requests: [] as string[], errors: [] as string[], dialogs: [] as string[] };
  let context: BrowserContext;
  let page: Page;
  let fileUrl: string;

  beforeAll(async () => {
    if (!AVAILABLE)
      throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    const out = mkdtempSync(join(tmpdir(), 'report-browser-'));
    const profile = mkdtempSync(join(tmpdir(), 'report-chromium-profile-'));
    dirs.push(out, profile);
    await writeReports(withSweep(fixtureResults()), out);
    fileUrl = pathToFileURL(join(out, 'report.html')).href;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 900 },
    });
    context.on('request', (r) => seen.requests.push(r.url()));
    // Anything but the file itself is refused, so a stray reference fails the test instead of leaking.
    await context.route('**/*', (route) => (route.request().url() === fileUrl ? route.continue() : route.abort()));
    page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
    page.on('pageerror', (e) => seen.errors.push(e.message));
    page.on('dialog', (d) => {
      seen.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('loads nothing but the file and logs no error', () => {
    expect(seen.requests).toEqual([fileUrl]);
    expect(seen.errors).toEqual([]);
  });

  it('draws at least four charts, each with visible marks', async () => {
    const charts = page.locator('figure.chart svg');
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    for (const svg of await charts.all()) {
      const marks = svg.locator('[role="graphics-symbol"]:not(g)');
      expect(await marks.count()).toBeGreaterThan(0);
      const box = await svg.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
    }
  });

  it("draws a sweep's latency against throughput with the SLO rule and the capacities", async () => {
    const chart = page.locator('#capacity figure.chart svg');
    expect(await chart.count()).toBe(1);
    const text = (await chart.textContent()) ?? '';
    expect(text).toContain('SLO p99 ≤ 25 ms');
    expect(text).toMatch(/req\/s/);
    expect(await chart.locator('[role="graphics-symbol"]:not(g)').count()).toBeGreaterThan(3);
  });

  it('shows one ranking table per scenario, with rows', async () => {
    const tables = page.locator('table.ranking');
    expect(await tables.count()).toBe(2);
    expect(await tables.first().locator('tbody tr').count()).toBeGreaterThan(3);
  });

  it('shows the markup-named store as text and runs none of it', async () => {
    const cells = page.locator('td.store strong').filter({ hasText: MARKUP_STORE });
    expect(await cells.count()).toBeGreaterThan(0);
    await expect.poll(() => cells.first().textContent()).toBe(MARKUP_STORE);
    expect(await page.locator('img').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
  });

  it('shows a tooltip with the data of a hovered mark', async () => {
    const bar = page.locator('figure.chart[data-chart="throughput"] svg path[role="graphics-symbol"]').first();
    await bar.hover();
    const tip = page.locator('.tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toMatch(/store: .+\nmedian req\/s: [\d,]+/);
  });
});
