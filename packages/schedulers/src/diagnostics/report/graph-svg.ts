/**
 * The task graph as SVG to inline in the report: core's `toDot` laid out by Graphviz (WebAssembly),
 * through core's `toSvg` — the very rendering `x.visualize('graph.svg')` does, including its
 * collapse of big graphs to one node per layer. The XML prolog and DOCTYPE are dropped: inside HTML
 * the `<svg>` element stands on its own.
 *
 * Laying out thousands of nodes takes Graphviz minutes and gives a picture nobody can read, and the
 * layer view only helps where layers hold many keys (a `delayed` call is a layer of its own). So
 * the DOT text is made first and its nodes counted; past `maxNodes` nothing is laid out, and the
 * caller says why instead of drawing.
 */

import { type DotOptions, type TaskGraph, type TuskCollection, toDot, toSvg } from '@tusk/core';

/**
 * What a report can draw as a graph: a collection, several, or a TaskGraph (as `toDot` takes).
 *
 * @example
 * const g: GraphInput = total; // a Delayed
 */
export type GraphInput = TuskCollection | TaskGraph | readonly TuskCollection[];

/**
 * The graph of `x` drawn as SVG, or, when its drawing has more than `maxNodes` nodes, their count.
 *
 * @example
 * const inc = delayed((x: number) => x + 1, { name: 'inc' });
 * await graphSvg(inc(1), { color: 'order' }, 1000); // { svg: '<svg width="…pt" …>…</svg>', nodes: 2 }
 */
export async function graphSvg(
  x: GraphInput,
  options: DotOptions,
  maxNodes: number,
): Promise<{ svg?: string; nodes: number }> {
  const nodes = countDotNodes(toDot(x, options));
  if (nodes > maxNodes) return { nodes };
  const svg = await toSvg(x, options);
  const at = svg.indexOf('<svg');
  return { svg: at < 0 ? svg : svg.slice(at).trimEnd(), nodes };
}

/** Node statements in toDot's output: lines `"id" [...]` (edges have `->`, defaults start with a keyword). */
function countDotNodes(dot: string): number {
  let n = 0;
  for (const line of dot.split('\n')) {
    const t = line.trimStart();
    if (t.startsWith('"') && !t.includes('" -> "')) n++;
  }
  return n;
}
