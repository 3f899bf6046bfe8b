// Labels come from user modules: every one must reach HTML, SVG and Markdown as text. A store named
// like markup, a scenario named like markup, and reasons with pipes and newlines never become markup,
// a script or an extra table column.
import { describe, expect, it } from 'vitest';
import { escapeHtml, redactUrl } from '../reports/escape.ts';
import { escapeMarkdown } from '../harness/shared/escape-markdown.ts';
import { redactReasons } from '../reports/read-results.ts';
import { redactUrls } from '../stores/mask-url.ts';
import { htmlReport } from '../reports/html/html-reporter.ts';
import { markdownReport } from '../reports/markdown/markdown-reporter.ts';
import type { Results } from '../harness/contracts/results.ts';
import { fixtureResults, MARKUP_STORE } from './fixtures/report-fixture.ts';

const NASTY_STORE = 'a|b "q" *x* `c` [l](javascript:alert(3)) </script><script>alert(2)</script>\nnext';
const NASTY_SCENARIO = '<b>write</b>';

function nastyResults(): Results {
  const results = fixtureResults();
  for (const run of results.runs) {
    if (run.store === 'sqlite') run.store = NASTY_STORE;
    if (run.scenario === 'write') run.scenario = NASTY_SCENARIO;
    if (run.status !== 'completed') run.reason = `${run.reason} | <i onmouseover=alert(4)>x</i>`;
  }
  return results;
}

describe('escape helpers', () => {
  it('escapeHtml covers text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapeMarkdown neutralises HTML, emphasis, code, links, pipes and line breaks', () => {
    expect(escapeMarkdown('<img src=x>')).toBe('&lt;img src=x&gt;');
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('*x* _y_ `z` [l](u) ~s~')).toBe('\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~');
    expect(escapeMarkdown('one\ntwo\r\nthree')).toBe('one two three');
  });

  it('redactUrl hides credentials', () => {
    expect(redactUrl('redis://default:s3cret@127.0.0.1:6379')).toBe('redis://***@127.0.0.1:6379');
  });

  it('a failure reason read from results.json never shows a password, known or not', () => {
    const reason = 'cannot connect to redis://:s3cret@127.0.0.1:6379 (tried postgres://bob:hunter2@db/x)';
    const results = {
      ...fixtureResults(),
      runs: [{ ...fixtureResults().runs[0]!, status: 'failed', reason }],
    } as Results;
    const shown = redactReasons(results).runs[0]!.reason!;
    expect(shown).not.toMatch(/s3cret|hunter2/);
    expect(redactUrls(reason, ['redis://:s3cret@127.0.0.1:6379'])).not.toMatch(/s3cret|hunter2/);
  });
});

describe('report.html', async () => {
  const html = await htmlReport(nastyResults());

  it('shows markup-named stores and scenarios as text', () => {
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>write</b>');
    expect(html).not.toContain('<i onmouseover');
    expect(html).toContain(escapeHtml(MARKUP_STORE));
    expect(html).toContain('&lt;b&gt;write&lt;/b&gt;');
  });

  it('has exactly one script, ours', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('alert(2)</script>');
  });

  it('never prints a service password, and references no network address', () => {
    expect(html).not.toContain('s3cret');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('summary.md', () => {
  const md = markdownReport(nastyResults());

  it('keeps raw HTML out', () => {
    expect(md).not.toMatch(/<(img|script|b|i)[\s>]/);
  });

  it('keeps every table row to the header’s column count', () => {
    const unescapedPipes = (line: string) => line.replace(/\\\|/g, '').split('|').length - 1;
    const tables = md.split('\n').filter((l) => l.startsWith('|'));
    expect(tables.length).toBeGreaterThan(4);
    const header = unescapedPipes(tables[0]!);
    for (const line of tables) expect(unescapedPipes(line)).toBe(header);
  });

  it('keeps a label with a newline on one line', () => {
    expect(md.split('\n').some((l) => l.startsWith('next'))).toBe(false);
  });
});
