/**
 * The report's HTML page: one self-contained file (inline CSS, inline SVG, inline script and data;
 * no external resource of any kind, so it opens offline and can be mailed or attached to a CI run).
 * The sections (summary, task stream, functions, memory and CPU, graph) are made by the caller; this
 * module only frames them. Every piece of user text in them is escaped by the code that made it.
 */

import { escapeHtml, scriptJson } from './escape.js';
import { PAGE_SCRIPT } from './page-script.js';

/**
 * What goes into the page.
 *
 * @example
 * reportPage({ title: 'Tusk run', subtitle: '3 tasks', sections: ['<section>…</section>'], data: {} });
 */
export interface PageParts {
  readonly title: string;
  readonly subtitle: string;
  /** HTML of each section, in order. */
  readonly sections: readonly string[];
  /** Data for the page's script (bars, samples, geometry). */
  readonly data: unknown;
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 28px 0 4px; }
.subtitle, .hint, .note { color: var(--muted); margin: 0 0 10px; }
.hint, .note { font-size: 12.5px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 16px 0 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.card .value { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .label { color: var(--muted); font-size: 12px; }
svg.chart { display: block; width: 100%; height: auto; user-select: none; }
svg.chart text { font: 11px system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; fill: var(--muted); }
svg.chart text.lane-label { fill: var(--fg); font-size: 12px; }
svg.chart text.legend { fill: var(--fg); font-size: 12px; }
.grid { stroke: #eaeef2; stroke-width: 1; }
.lane { fill: #f6f8fa; }
.plot { cursor: crosshair; }
.plot-bg { fill: transparent; pointer-events: all; }
.task { stroke-width: 1px; vector-effect: non-scaling-stroke; }
.task:hover { opacity: 0.65; }
.series { fill: none; stroke-width: 2px; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.crosshair { stroke: #57606a; stroke-width: 1px; vector-effect: non-scaling-stroke; stroke-dasharray: 3 3; pointer-events: none; }
.selection { fill: rgba(9, 105, 218, 0.15); stroke: #0969da; stroke-width: 1px; vector-effect: non-scaling-stroke; pointer-events: none; }
.panel { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px 4px; }
.toolbar { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; }
button#reset-zoom { font: inherit; font-size: 12.5px; padding: 2px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); cursor: pointer; }
table.functions { border-collapse: collapse; margin-top: 6px; font-variant-numeric: tabular-nums; }
table.functions th, table.functions td { padding: 4px 12px 4px 0; text-align: right; border-bottom: 1px solid var(--line); }
table.functions th:first-child, table.functions td:first-child { text-align: left; }
table.functions th { color: var(--muted); font-weight: 600; font-size: 12.5px; }
.runs { color: var(--muted); font-size: 11.5px; margin-left: 18px; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 7px; vertical-align: -1px; }
.share { display: inline-block; height: 8px; background: #8c959f; border-radius: 2px; margin-left: 6px; vertical-align: 0; }
.graph { overflow: auto; max-height: 900px; border: 1px solid var(--line); border-radius: 8px; padding: 8px; cursor: zoom-in; }
.graph.fit svg { max-width: 100%; height: auto; }
.graph:not(.fit) { cursor: zoom-out; }
.empty { color: var(--muted); font-style: italic; }
#tooltip { position: fixed; z-index: 10; pointer-events: none; max-width: 460px; background: #1f2328; color: #fff;
  font-size: 12px; padding: 6px 9px; border-radius: 6px; box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25); }
#tooltip .tip-title { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; margin-bottom: 3px; }
#tooltip b { color: #9ecbff; font-weight: 600; }
pre.script-error { background: #ffebe9; color: #82071e; padding: 10px; white-space: pre-wrap; }
`;

/**
 * The whole page as HTML text.
 *
 * @example
 * const html = reportPage({ title: 'Tusk run', subtitle: '', sections: [], data: { span: 1 } });
 * html.startsWith('<!DOCTYPE html>'); // true
 */
export function reportPage(parts: PageParts): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="Tusk">`,
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(parts.title)}</h1>`,
    `<p class="subtitle">${escapeHtml(parts.subtitle)}</p>`,
    ...parts.sections,
    '</main>',
    '<div id="tooltip" hidden></div>',
    `<script id="tusk-data" type="application/json">${scriptJson(parts.data)}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
