// vega-lite spec → inline SVG string at build time, so the report needs no script or network to
// show its charts. Vega escapes text and attributes itself; we only drop the namespace URLs that
// inline SVG in HTML does not need.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

export interface RenderedChart {
  svg: string;
  /** vega-lite and vega warnings: a spec that warns usually draws something other than meant. */
  warnings: string[];
}

function collectingLogger(warnings: string[]) {
  let lvl = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return lvl;
      lvl = l;
      return logger;
    },
    error: (...args: unknown[]) => {
      warnings.push(`error: ${args.join(' ')}`);
      return logger;
    },
    warn: (...args: unknown[]) => {
      warnings.push(args.join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

export async function renderSvg(spec: TopLevelSpec): Promise<RenderedChart> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const compiled = vl.compile(spec, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: logger as never });
  try {
    const svg = (await view.toSVG()).replace(/ xmlns(:xlink)?="[^"]*"/g, '');
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}
