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

import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import { type GraphNode, isPlainContainer, isRef } from '../task.js';

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
  return (
    values.length <= maxItems &&
    values.every((x) => isPrimitive(x) && (typeof x !== 'string' || x.length <= 1024))
  );
}

export function inline(graph: TaskGraph, keys: readonly Key[], options: InlineOptions = {}): TaskGraph {
  const outputs = new Set(keys);
  const constants = new Map<Key, unknown>();
  for (const [k, n] of graph.nodes) {
    if (n.kind === 'data' && !outputs.has(k) && isCheapConstant(n.value, options.maxItems))
      constants.set(k, n.value);
  }
  if (constants.size === 0) return graph;
  // Only tasks can take a literal in place of a Ref: keep a constant as a node if anything else reads it.
  for (const n of graph.nodes.values()) {
    if (n.kind === 'task') continue;
    for (const d of n.deps) constants.delete(d);
  }
  if (constants.size === 0) return graph;
  const out = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) {
    if (constants.has(k)) continue;
    if (n.kind === 'task' && n.deps.some((d) => constants.has(d))) {
      const deps = n.deps.filter((d) => !constants.has(d));
      const args = replaceRefs(n.args, constants) as readonly unknown[];
      out.set(k, { kind: 'task', key: k, fn: n.fn, args, deps, hasRefs: deps.length > 0 });
    } else out.set(k, n);
  }
  return graph.withNodes(out);
}

/** `v` with every Ref to a key of `values` replaced by its value (unchanged containers are shared). */
function replaceRefs(v: unknown, values: ReadonlyMap<Key, unknown>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (isRef(v)) return values.has(v.key) ? values.get(v.key) : v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const y = replaceRefs(v[i], values);
      if (y !== v[i] && out === undefined) out = v.slice(0, i);
      if (out !== undefined) out.push(y);
    }
    return out ?? v;
  }
  if (!isPlainContainer(v)) return v;
  let out: Record<string, unknown> | undefined;
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    const y = replaceRefs(x, values);
    if (y !== x && out === undefined) out = { ...(v as Record<string, unknown>) };
    if (out !== undefined) out[k] = y;
  }
  return out ?? v;
}
