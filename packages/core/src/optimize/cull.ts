/**
 * cull: keep only the nodes needed for the requested keys (a walk over dependencies from the
 * outputs). O(kept nodes + their edges).
 *
 * Example — requesting `d` drops `c`, which nothing requested reads:
 *
 *     a ──▶ b ──▶ d   (requested)
 *       └─▶ c
 */

import { KeyNotFoundError, MissingDependencyError } from '../errors.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import type { GraphNode } from '../task.js';

export function cull(graph: TaskGraph, keys: readonly Key[]): TaskGraph {
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
