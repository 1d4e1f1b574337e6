/**
 * The layer view of a graph (`collapse: 'layers'`): one node per layer, for graphs too big to read
 * task by task (an array op over 10,000 blocks is one node, not 20,000).
 *
 * A key's layer is `graph.layerOf` (the collection layer that added it) or, when the graph does not
 * know it, the key without its block indices. Each layer is labelled with its readable prefix and its
 * size (`add` / `12 tasks`); layers that compute are ellipses, layers that only hold values (constants,
 * persisted results) are boxes, as in the task view. One edge per pair of layers with a dependency
 * between them; dependencies inside a layer are not drawn. Coloured by run order, a layer takes the
 * mean run-order fraction of its keys. Layers holding requested outputs get a double border.
 *
 * Reference: dask `HighLevelGraph.visualize` (dask/highlevelgraph.py `to_graphviz`).
 */

import type { TaskGraph } from '../graph/task-graph.js';
import { type Key, parseKey } from '../key.js';
import { dotAttrs, dotString, shortLabel } from './dot-string.js';
import { fillAttrs } from './order-colors.js';

interface LayerInfo {
  keys: number;
  computes: boolean;
  output: boolean;
  missing: boolean;
  fractionSum: number;
  fractionCount: number;
}

/**
 * The layer a key belongs to in `graph`.
 *
 * @example
 * layerName(TaskGraph.from([]), 'add-3f2a,0,1'); // 'add-3f2a'
 */
export function layerName(graph: TaskGraph, key: Key): string {
  return graph.layerOf.get(key) ?? parseKey(key).name;
}

/**
 * DOT statements (nodes, then edges) drawing one node per layer of `graph`.
 *
 * @example
 * const g = TaskGraph.from([dataNode('x-1,0', 1), dataNode('x-1,1', 2)]);
 * layerView(g, new Set()).length; // 1: one box, labelled 'x' / '2 values'
 */
export function layerView(
  graph: TaskGraph,
  outputs: ReadonlySet<Key>,
  fraction?: ReadonlyMap<Key, number>,
): string[] {
  const layers = new Map<string, LayerInfo>();
  const info = (name: string): LayerInfo => {
    let l = layers.get(name);
    if (l === undefined) {
      l = { keys: 0, computes: false, output: false, missing: false, fractionSum: 0, fractionCount: 0 };
      layers.set(name, l);
    }
    return l;
  };
  const edges = new Map<string, { from: string; to: string; count: number }>();
  const missingKeys = new Set<Key>();
  for (const [key, node] of graph.nodes) {
    const name = layerName(graph, key);
    const l = info(name);
    l.keys++;
    if (node.kind !== 'data') l.computes = true;
    if (outputs.has(key)) l.output = true;
    const f = fraction?.get(key);
    if (f !== undefined) {
      l.fractionSum += f;
      l.fractionCount++;
    }
    for (const d of node.deps) {
      const from = layerName(graph, d);
      if (!graph.has(d) && !missingKeys.has(d)) {
        missingKeys.add(d);
        info(from).missing = true;
      }
      if (from === name) continue;
      const id = JSON.stringify([from, name]);
      const e = edges.get(id);
      if (e) e.count++;
      else edges.set(id, { from, to: name, count: 1 });
    }
  }
  const lines: string[] = [];
  for (const [name, l] of layers) {
    const prefix = shortLabel(parseKey(name).prefix);
    if (l.keys === 0) {
      const label = `${prefix}\nnot in graph`;
      lines.push(
        `${dotString(name)}${dotAttrs({ shape: 'box', style: 'dashed', label, tooltip: `${name} (not in this graph)` })};`,
      );
      continue;
    }
    const size = l.computes
      ? `${l.keys} task${l.keys === 1 ? '' : 's'}`
      : `${l.keys} value${l.keys === 1 ? '' : 's'}`;
    const fill = fillAttrs(l.fractionCount > 0 ? l.fractionSum / l.fractionCount : undefined);
    const attrs = {
      shape: l.computes ? 'ellipse' : 'box',
      label: `${prefix}\n${size}`,
      tooltip: name,
      peripheries: l.output ? 2 : undefined,
      ...fill,
    };
    if (l.missing) Object.assign(attrs, { style: fill.style ? 'filled,dashed' : 'dashed' });
    lines.push(`${dotString(name)}${dotAttrs(attrs)};`);
  }
  for (const e of edges.values()) {
    const tooltip = `${e.count} dependenc${e.count === 1 ? 'y' : 'ies'}`;
    lines.push(`${dotString(e.from)} -> ${dotString(e.to)}${dotAttrs({ tooltip })};`);
  }
  return lines;
}
