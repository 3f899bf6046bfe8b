// The page shell: head with the content security policy and inline style, a table of contents, the
// rendered sections, and the tooltip script. Everything the page needs is in this one file.
import { CONTENT_SECURITY_POLICY, STYLE, TOOLTIP_SCRIPT } from './page-assets.ts';
import { html, raw, type SafeHtml } from './html.ts';

export interface RenderedSection {
  id: string;
  title: string;
  nav: boolean;
  body: SafeHtml;
}

export function renderPage(title: string, sections: readonly RenderedSection[], footer: SafeHtml): string {
  const nav = sections.filter((s) => s.nav);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
${sections.filter((s) => !s.nav).map((s) => s.body)}
<nav aria-label="Sections">${nav.map((s) => html`<a href="#${s.id}">${s.title}</a>`)}</nav>
<main>
${nav.map((s) => html`<section id="${s.id}"><h2>${s.title}</h2>${s.body}</section>\n`)}
</main>
<footer class="muted">${footer}</footer>
<script>${raw(TOOLTIP_SCRIPT)}</script>
</body>
</html>
`.value;
}
