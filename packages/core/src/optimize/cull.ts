/**
 * cull: keep only the nodes needed for the requested keys (a walk over dependencies from the
 * outputs). O(kept nodes + their edges).
 *
 * The walk runs over the graph's compiled integer form (CSR arrays, cached on the TaskGraph and
 * reused by ordering and the scheduler loop), marking nodes in a byte array: when everything is
 * needed — the usual case — the same graph comes back and nothing was built per key. A graph that
 * does not compile (a missing dependency, a cycle) is culled by a walk over its key map instead, so
 * a broken node that no requested key reads is dropped rather than reported.
 *
 * Example — requesting `d` drops `c`, which nothing requested reads:
 *
 *     a ──▶ b ──▶ d   (requested)
 *       └─▶ c
 */

import { CycleError, KeyNotFoundError, MissingDependencyError } from '../errors.js';
import type { CompiledGraph } from '../graph/compile.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import type { GraphNode } from '../task.js';

export function cull(graph: TaskGraph, keys: readonly Key[]): TaskGraph {
  let g: CompiledGraph;
  try {
    g = graph.compiled();
  } catch (err) {
    if (err instanceof MissingDependencyError || err instanceof CycleError) return cullByKey(graph, keys);
    throw err;
  }
  const kept = new Uint8Array(g.size);
  const stack: number[] = [];
  let count = 0;
  for (const k of keys) {
    const i = g.index.get(k);
    if (i === undefined) throw new KeyNotFoundError(k);
    if (kept[i] === 0) {
      kept[i] = 1;
      count++;
      stack.push(i);
    }
  }
  const { depStart, deps } = g;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let j = depStart[v]; j < depStart[v + 1]; j++) {
      const d = deps[j];
      if (kept[d] === 0) {
        kept[d] = 1;
        count++;
        stack.push(d);
      }
    }
  }
  if (count === g.size) return graph;
  const out = new Map<Key, GraphNode>();
  for (let i = 0; i < g.size; i++) if (kept[i] === 1) out.set(g.keys[i], g.nodes[i]);
  return graph.withNodes(out);
}

/** The same walk over the key map, for graphs that do not compile. */
function cullByKey(graph: TaskGraph, keys: readonly Key[]): TaskGraph {
  const kept = new Map<Key, GraphNode>();
  const stack: Key[] = [];
  for (const k of keys) {
    const n = graph.nodes.get(k);
    if (n === undefined) throw new KeyNotFoundError(k);
    if (!kept.has(k)) {
      kept.set(k, n);
      stack.push(k);
    }
  }
  while (stack.length > 0) {
    const k = stack.pop()!;
    for (const d of kept.get(k)!.deps) {
      if (kept.has(d)) continue;
      const n = graph.nodes.get(d);
      if (n === undefined) throw new MissingDependencyError(k, d);
      kept.set(d, n);
      stack.push(d);
    }
  }
  if (kept.size === graph.size) return graph;
  return graph.withNodes(kept);
}
