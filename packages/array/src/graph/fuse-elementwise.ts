/**
 * Blockwise fusion of elementwise chains (Dask's `optimize_blockwise`, on tasks): an elementwise task
 * whose result is read by exactly one other task, itself elementwise, and which is not a requested
 * output, is merged into that reader — its expression replaces the reader's reference to it and its
 * inputs join the reader's. A chain such as `((x + 1) * y).sqrt()` then runs as one task per block
 * and one compiled loop (kernels/elementwise.ts) instead of three tasks and two temporaries.
 *
 *     x ─▶ add ─▶ mul ─▶ sqrt          becomes        x ─▶ sqrt∘mul∘add ◀─ y
 *           y ──────┘
 *
 * A 2-D transpose read only by an elementwise task is folded in as a transposed leaf (the kernel reads
 * it with swapped indices), so `x + x.T` copies nothing. Runs as the Array collection's `__tusk_optimize` hook, before core's cull / inline / fuse (which then
 * fuses what is left into linear chains, e.g. random → fused elementwise → partial sum). O(nodes).
 */

import { type GraphNode, isRef, type Key, Ref, type Task, type TaskGraph, task } from '@tusk/core';
import { elementwise } from '../kernels/elementwise.js';
import { type Expr, substituteInputs } from '../kernels/expr.js';
import { transposeBlock } from '../kernels/structure.js';
import { kernel } from './build.js';

const REF = kernel(elementwise);
const TRANSPOSE = kernel(transposeBlock);

function isElementwise(n: GraphNode | undefined): n is Task {
  return (
    n !== undefined &&
    n.kind === 'task' &&
    n.fn.module === REF.module &&
    n.fn.exportName === REF.exportName &&
    n.args.slice(1).every(isRef)
  );
}

/** Merge single-reader elementwise tasks into their elementwise readers. */
export function fuseElementwise(graph: TaskGraph, keys: readonly Key[]): TaskGraph {
  const outputs = new Set(keys);
  const dependents = graph.dependentsMap();
  const absorbable = (k: Key): boolean => {
    if (outputs.has(k)) return false;
    const n = graph.nodes.get(k);
    if (!isElementwise(n)) return false;
    const ds = dependents.get(k);
    return ds !== undefined && ds.length === 1 && isElementwise(graph.nodes.get(ds[0]));
  };
  // A 2-D transpose read only by one elementwise task is folded into it as a transposed leaf.
  const foldable = (k: Key): Ref | undefined => {
    if (outputs.has(k)) return undefined;
    const n = graph.nodes.get(k);
    if (n?.kind !== 'task' || n.fn.module !== TRANSPOSE.module || n.fn.exportName !== TRANSPOSE.exportName)
      return undefined;
    const perm = n.args[1] as number[];
    if (!isRef(n.args[0]) || perm.length !== 2 || perm[0] !== 1) return undefined;
    const ds = dependents.get(k);
    return ds !== undefined && ds.length === 1 && isElementwise(graph.nodes.get(ds[0]))
      ? (n.args[0] as Ref)
      : undefined;
  };
  const absorbed = new Set<Key>();
  const replaced = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) {
    if (!isElementwise(n) || absorbable(k)) continue;
    if (!n.args.slice(1).some((r) => absorbable((r as Ref).key) || foldable((r as Ref).key))) continue;
    const inputs: Key[] = [];
    const slot = (key: Key): number => {
      let i = inputs.indexOf(key);
      if (i < 0) i = inputs.push(key) - 1;
      return i;
    };
    const merge = (node: Task): Expr =>
      substituteInputs(node.args[0] as Expr, (i, t) => {
        const key = (node.args[1 + i] as Ref).key;
        if (t) return { k: 'in', i: slot(key), t: true };
        if (absorbable(key)) {
          absorbed.add(key);
          return merge(graph.nodes.get(key) as Task);
        }
        const src = foldable(key);
        if (src) {
          absorbed.add(key);
          return { k: 'in', i: slot(src.key), t: true };
        }
        return { k: 'in', i: slot(key) };
      });
    const expr = merge(n);
    replaced.set(k, task(k, n.fn, [expr, ...inputs.map((key) => new Ref(key))]));
  }
  if (replaced.size === 0) return graph;
  const out = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) if (!absorbed.has(k)) out.set(k, replaced.get(k) ?? n);
  return graph.withNodes(out);
}
