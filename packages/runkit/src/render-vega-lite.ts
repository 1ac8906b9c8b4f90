import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Compiles a vega-lite spec and renders it to an SVG string in Node, without a canvas
 * (`renderer: 'none'`; text widths are estimated), as @rimjs/benchmarks does.
 */
export async function renderVegaLite(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
