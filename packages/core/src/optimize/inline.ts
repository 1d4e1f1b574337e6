/**
 * inline: put small constant data straight into the tasks that read it.
 *
 * A `data` node that is not a requested output and whose value is cheap to copy — a primitive, a
 * Date, or a plain array/object of at most `maxItems` primitives — is removed and every Ref to it is
 * replaced by the value. Large values (typed arrays, tables, big structures) stay nodes, so a worker
 * receives them once rather than once per reader.
 *
 *     n=3 (data) ──▶ f(x, n)        becomes        f(x, 3)
 *
 * O(nodes + edges).
 */

import { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import { type GraphNode, isPlainContainer, Ref, substitute, task } from '../task.js';

export interface InlineOptions {
  /** Largest plain array/object (number of entries) inlined. Default 64. */
  maxItems?: number;
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== 'object' && typeof v !== 'function') || v instanceof Date;
}

/** Is `v` small enough to copy into each reader? */
export function isCheapConstant(v: unknown, maxItems = 64): boolean {
  if (typeof v === 'string') return v.length <= 1024;
  if (isPrimitive(v)) return true;
  if (!isPlainContainer(v)) return false;
  const values = Array.isArray(v) ? v : Object.values(v);
  return values.length <= maxItems && values.every((x) => isPrimitive(x) && (typeof x !== 'string' || x.length <= 1024));
}

export function inline(graph: TaskGraph, keys: readonly Key[], options: InlineOptions = {}): TaskGraph {
  const outputs = new Set(keys);
  const constants = new Map<Key, unknown>();
  for (const [k, n] of graph.nodes) {
    if (n.kind === 'data' && !outputs.has(k) && isCheapConstant(n.value, options.maxItems)) constants.set(k, n.value);
  }
  if (constants.size === 0) return graph;
  const dependents = graph.dependentsMap();
  const rewritten = new Map<Key, GraphNode>();
  const removed = new Set<Key>();
  for (const k of constants.keys()) {
    const readers = dependents.get(k) ?? [];
    // Only tasks can take a literal in place of a Ref; keep the node if anything else reads it.
    if (readers.some((r) => graph.nodes.get(r)!.kind !== 'task')) continue;
    removed.add(k);
  }
  if (removed.size === 0) return graph;
  for (const [k, n] of graph.nodes) {
    if (removed.has(k) || n.kind !== 'task' || !n.deps.some((d) => removed.has(d))) continue;
    rewritten.set(k, task(k, n.fn, substitute(n.args, (d) => (removed.has(d) ? constants.get(d) : new Ref(d))) as unknown[]));
  }
  const out = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) if (!removed.has(k)) out.set(k, rewritten.get(k) ?? n);
  return new TaskGraph(out, graph.layerOf);
}
