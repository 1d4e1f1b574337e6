/**
 * Layers: how collections hold their graphs before compute (Dask's HighLevelGraph, simplified).
 *
 * A collection keeps one Layer — the nodes its last operation added — with links to the layers it
 * builds on. Building is O(new nodes): nothing is copied. `compute()` walks the layers reachable from
 * its collections once (deduplicated by identity; shared keys are kept once) into a TaskGraph.
 */

import type { Key } from '../key.js';
import type { GraphNode } from '../task.js';

export class Layer {
  constructor(
    /** A readable name: the layer's key prefix and token (e.g. `add-3f2a…`). */
    readonly name: string,
    /** The nodes this layer adds. */
    readonly nodes: readonly GraphNode[],
    /** Layers whose keys these nodes read. */
    readonly dependencies: readonly Layer[] = [],
    /** What built it: 'delayed', 'array', 'dataframe', … (shown by the DOT layer view). */
    readonly kind: string = 'delayed',
  ) {}
}

/** Every layer reachable from `roots`, dependencies before dependents (iterative: deep chains are fine). */
export function collectLayers(roots: readonly Layer[]): Layer[] {
  const seen = new Set<Layer>();
  const out: Layer[] = [];
  const stack: Layer[] = [];
  const pos: number[] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push(root);
    pos.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const deps = stack[top].dependencies;
      if (pos[top] < deps.length) {
        const d = deps[pos[top]++];
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
          pos.push(0);
        }
      } else {
        out.push(stack.pop()!);
        pos.pop();
      }
    }
  }
  return out;
}

/** Map of key → node over the given layers (first definition of a key wins: keys are deterministic). */
export function layerNodes(layers: readonly Layer[]): Map<Key, GraphNode> {
  const nodes = new Map<Key, GraphNode>();
  for (const layer of layers) {
    for (const n of layer.nodes) if (!nodes.has(n.key)) nodes.set(n.key, n);
  }
  return nodes;
}

/** Layer name of each key (first layer defining it). */
export function layerNames(layers: readonly Layer[]): Map<Key, string> {
  const names = new Map<Key, string>();
  for (const layer of layers) {
    for (const n of layer.nodes) if (!names.has(n.key)) names.set(n.key, layer.name);
  }
  return names;
}
