/**
 * The task view of a graph (`collapse: 'tasks'`): every task drawn, as Dask draws it.
 *
 *     [ number 1 ] ──▶ ( inc ) ──▶ [   ] ──▶ ( add ) ──▶ [   ]      ( ) a function call, [ ] a value
 *
 * A task (and a fused chain, and an alias) is two nodes: an ellipse for the call, labelled with the
 * key's readable prefix (`inc`; a fused chain `inc×2+add`), and a box for the value it produces,
 * labelled with its block indices (`(0, 1)`) or nothing. A data node (a constant, a persisted
 * result) is a box only, labelled with its prefix and a short form of its value. Edges run from a
 * value to the calls that read it. Requested outputs get a double border; dependencies that are not
 * in the graph are dashed boxes. Node ids are the keys (values) and `call:` + key (calls); the full
 * key and function are in each node's tooltip, never in a label.
 *
 * Reference: dask/dot.py `to_graphviz`.
 */

import type { TaskGraph } from '../graph/task-graph.js';
import { type Key, parseKey } from '../key.js';
import type { GraphNode } from '../task.js';
import { nodeFunctionName } from '../task.js';
import { type DotAttrs, dotAttrs, dotString, shortLabel, valueSummary } from './dot-string.js';
import { fillAttrs } from './order-colors.js';

/**
 * Prefix of the DOT id of a call node; the value node's id is the key itself.
 *
 * @example
 * `${CALL_ID_PREFIX}inc-3f2a`; // 'call:inc-3f2a', the ellipse whose result is the box 'inc-3f2a'
 */
export const CALL_ID_PREFIX = 'call:';

/**
 * DOT statements (nodes, then edges) drawing every task of `graph`; `fraction` colours by run order.
 *
 * @example
 * const g = TaskGraph.from([dataNode('x-1', 1), task('inc-1', (x: number) => x + 1, [new Ref('x-1')])]);
 * taskView(g, new Set(['inc-1'])).length; // 6: three nodes, three edges
 */
export function taskView(
  graph: TaskGraph,
  outputs: ReadonlySet<Key>,
  fraction?: ReadonlyMap<Key, number>,
): string[] {
  const nodes: string[] = [];
  const edges: string[] = [];
  const missing = new Set<Key>();
  for (const [key, node] of graph.nodes) {
    const fill = fillAttrs(fraction?.get(key));
    const value = dotString(key);
    const peripheries = outputs.has(key) ? 2 : undefined;
    if (node.kind === 'data') {
      nodes.push(
        `${value}${dotAttrs({ shape: 'box', label: dataLabel(key, node.value), tooltip: key, peripheries, ...fill })};`,
      );
      continue;
    }
    const call = dotString(CALL_ID_PREFIX + key);
    const callAttrs: DotAttrs = {
      shape: 'ellipse',
      label: callLabel(key, node),
      tooltip: `${nodeFunctionName(node)} → ${key}`,
      ...fill,
    };
    if (node.kind === 'alias') Object.assign(callAttrs, { style: fill.style ? 'filled,dashed' : 'dashed' });
    nodes.push(`${call}${dotAttrs(callAttrs)};`);
    nodes.push(
      `${value}${dotAttrs({ shape: 'box', ...resultSize(key), tooltip: key, peripheries, ...fill })};`,
    );
    edges.push(`${call} -> ${value};`);
    for (const d of new Set(node.deps)) {
      if (!graph.has(d)) missing.add(d);
      edges.push(`${dotString(d)} -> ${call};`);
    }
  }
  for (const d of missing) {
    const label = `${shortLabel(parseKey(d).prefix)}\nnot in graph`;
    nodes.push(
      `${dotString(d)}${dotAttrs({ shape: 'box', style: 'dashed', label, tooltip: `${d} (not in this graph)` })};`,
    );
  }
  return [...nodes, ...edges];
}

/** A call's label: the key's prefix; for a fused chain, its inner prefixes with repeats counted. */
function callLabel(key: Key, node: GraphNode): string {
  if (node.kind === 'alias') return 'alias';
  if (node.kind !== 'fused') return shortLabel(parseKey(key).prefix);
  const runs: { name: string; count: number }[] = [];
  for (const inner of node.nodes) {
    const name = inner.kind === 'task' || inner.kind === 'fused' ? parseKey(inner.key).prefix : inner.kind;
    const last = runs[runs.length - 1];
    if (last?.name === name) last.count++;
    else runs.push({ name, count: 1 });
  }
  return shortLabel(runs.map((r) => (r.count > 1 ? `${r.name}×${r.count}` : r.name)).join('+'));
}

/** A computed value's label and size: block indices in a box, or a small empty box. */
function resultSize(key: Key): DotAttrs {
  const { indices } = parseKey(key);
  if (indices.length > 0) return { label: shortLabel(`(${indices.join(', ')})`) };
  return { label: '', width: 0.4, height: 0.25 };
}

/** A constant's label: its prefix (and block indices) over a short form of its value. */
function dataLabel(key: Key, value: unknown): string {
  const { prefix, indices } = parseKey(key);
  const head = shortLabel(indices.length > 0 ? `${prefix} (${indices.join(', ')})` : prefix);
  const summary = valueSummary(value);
  if (summary === '' || summary === head) return head;
  if (indices.length === 0 && summary.startsWith(prefix)) return summary;
  return `${head}\n${summary}`;
}
