/**
 * Colours for `toDot(x, { color: 'order' })`: each node's static priority (the order the scheduler
 * prefers, from order.ts) mapped onto a colour ramp, blue for what runs first through pale yellow to
 * red for what runs last (ColorBrewer RdYlBu, reversed). Text turns white on the dark ends.
 *
 * Dependencies that are not in the graph (a partial TaskGraph) are ignored for ordering, so a broken
 * graph can still be drawn; a graph with a cycle has no order and is drawn without colours.
 *
 * Reference: dask `visualize(color="order")`; https://colorbrewer2.org (RdYlBu).
 */

import { TuskError } from '../errors.js';
import { compileGraph } from '../graph/compile.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import { order } from '../order.js';
import type { GraphNode } from '../task.js';

const RAMP = ['#4575b4', '#91bfdb', '#e0f3f8', '#fee090', '#fc8d59', '#d73027'];

/**
 * Run-order fractions (0 = runs first, 1 = runs last) of every key, or why there are none.
 *
 * @example
 * const r: OrderFractions = orderFractions(graph, outputs);
 * if (!r.ok) console.log(r.reason);
 */
export type OrderFractions = { ok: true; fraction: ReadonlyMap<Key, number> } | { ok: false; reason: string };

/**
 * Each key's static priority scaled to [0, 1]; `outputs` are walked first, in the order given.
 *
 * @example
 * const g = TaskGraph.from([dataNode('a-1', 1), task('b-1', (x: number) => x, [new Ref('a-1')])]);
 * const r = orderFractions(g, ['b-1']);
 * r.ok && r.fraction.get('a-1'); // 0
 */
export function orderFractions(graph: TaskGraph, outputs: readonly Key[]): OrderFractions {
  let compiled: ReturnType<typeof compileGraph>;
  try {
    compiled = compileGraph(withoutMissingDeps(graph));
  } catch (e) {
    if (e instanceof TuskError) return { ok: false, reason: e.message };
    throw e;
  }
  const outIdx: number[] = [];
  for (const k of outputs) {
    const i = compiled.index.get(k);
    if (i !== undefined) outIdx.push(i);
  }
  const priority = order(compiled, outIdx);
  const span = Math.max(1, compiled.size - 1);
  const fraction = new Map<Key, number>();
  for (let i = 0; i < compiled.size; i++) fraction.set(compiled.keys[i], priority[i] / span);
  return { ok: true, fraction };
}

/** The graph with dependencies on absent keys dropped (the same graph when there are none). */
function withoutMissingDeps(graph: TaskGraph): TaskGraph {
  let missing = false;
  for (const n of graph.nodes.values()) if (n.deps.some((d) => !graph.has(d))) missing = true;
  if (!missing) return graph;
  const nodes = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) {
    nodes.set(k, n.deps.every((d) => graph.has(d)) ? n : { ...n, deps: n.deps.filter((d) => graph.has(d)) });
  }
  return graph.withNodes(nodes);
}

/**
 * The ramp colour at `t` in [0, 1] as `#rrggbb` (linear between the ramp's stops).
 *
 * @example
 * rampColor(0); // '#4575b4'
 * rampColor(1); // '#d73027'
 */
export function rampColor(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const a = hexRgb(RAMP[i]);
  const b = hexRgb(RAMP[i + 1]);
  const f = x - i;
  return `#${a
    .map((c, j) =>
      Math.round(c + (b[j] - c) * f)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * Fill attributes for a node coloured at run-order fraction `t` (undefined: no colour).
 *
 * @example
 * fillAttrs(0); // { style: 'filled', fillcolor: '#4575b4', fontcolor: 'white' }
 */
export function fillAttrs(t: number | undefined): { style?: string; fillcolor?: string; fontcolor?: string } {
  if (t === undefined) return {};
  const fill = rampColor(t);
  const [r, g, b] = hexRgb(fill);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return { style: 'filled', fillcolor: fill, fontcolor: luminance < 0.45 ? 'white' : 'black' };
}

function hexRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
