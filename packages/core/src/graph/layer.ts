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
  const stack: { layer: Layer; i: number }[] = [];
  for (const root of roots) {
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push({ layer: root, i: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const deps = top.layer.dependencies;
      if (top.i < deps.length) {
        const d = deps[top.i++];
        if (!seen.has(d)) {
          seen.add(d);
          stack.push({ layer: d, i: 0 });
        }
      } else {
        stack.pop();
        out.push(top.layer);
      }
    }
  }
  return out;
}

/** Map of key → node over the given layers (first definition of a key wins: keys are deterministic). */
export function layerNodes(layers: readonly Layer[]): { nodes: Map<Key, GraphNode>; layerOf: Map<Key, string> } {
  const nodes = new Map<Key, GraphNode>();
  const layerOf = new Map<Key, string>();
  for (const layer of layers) {
    for (const n of layer.nodes) {
      if (!nodes.has(n.key)) {
        nodes.set(n.key, n);
        layerOf.set(n.key, layer.name);
      }
    }
  }
  return { nodes, layerOf };
}
