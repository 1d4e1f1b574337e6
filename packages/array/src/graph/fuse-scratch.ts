/**
 * Scratch fusion: a block made by a producer kernel (random, elementwise, transpose) that exactly one
 * consumer reads — a consumer that never keeps or returns its inputs (partial reductions, elementwise,
 * transposes, slices, products, cumulative sums) — is made inside the consumer's task, into scratch
 * memory reused from task to task (kernels/scratch-run.ts), instead of fresh memory. Fresh memory
 * costs a page fault per 4 KiB when first written, which for a 32 MB block takes longer than
 * generating or summing it. `random(...).sum()` then runs one task per block that generates into a
 * warm buffer and sums it.
 *
 *     random ─▶ elementwise ─▶ partial sum     becomes     scratchRun(partial sum ◀ elementwise ◀ random)
 *
 * A random block read by up to four such consumers (x + x.T reads each block twice) is generated
 * again in each of them: generating costs less than fresh memory plus moving the block between
 * threads. Runs after blockwise fusion (graph/fuse-elementwise.ts), before core's passes. Other
 * producers that are requested outputs or read by several tasks keep their own nodes.
 */

import {
  type FunctionRef,
  type GraphNode,
  isRef,
  type Key,
  type Task,
  type TaskGraph,
  task,
} from '@tusk/core';
import { SCRATCH, SCRATCH_KERNELS, type ScratchSpec, scratchRun } from '../kernels/scratch-run.js';
import { kernel } from './build.js';

const id = (r: FunctionRef) => `${r.module}#${r.exportName}`;
/** Kernel id → its name in SCRATCH_KERNELS. */
const NAMES = new Map(Object.entries(SCRATCH_KERNELS).map(([name, f]) => [id(kernel(f)), name]));
const PRODUCERS = new Set(['randomBlock', 'normalBlock', 'integersBlock', 'elementwise', 'transposeBlock']);
const CONSUMERS = new Set([
  'reducePartial',
  'elementwise',
  'transposeBlock',
  'sliceBlock',
  'takeBlock',
  'cumBlock',
  'tensordotBlock',
]);
const SOURCES = new Set(['randomBlock', 'normalBlock', 'integersBlock']);
/** Readers among which a source block is duplicated at most. */
const MAX_COPIES = 4;
const RUN = kernel(scratchRun);

const nameOf = (n: GraphNode | undefined): string | undefined =>
  n?.kind === 'task' ? NAMES.get(id(n.fn)) : undefined;

const isTask = (n: GraphNode | undefined): n is Task => n !== undefined && n.kind === 'task';

/** Make single-reader producers of whitelisted consumers run inside them, into scratch memory. */
export function fuseScratch(graph: TaskGraph, keys: readonly Key[]): TaskGraph {
  const outputs = new Set(keys);
  const dependents = graph.dependentsMap();
  const producer = (k: Key, reader: Key): Task | undefined => {
    const n = graph.nodes.get(k);
    if (!isTask(n) || outputs.has(k) || !PRODUCERS.has(nameOf(n) ?? '')) return undefined;
    const ds = dependents.get(k);
    if (ds === undefined) return undefined;
    if (ds.length === 1) return ds[0] === reader ? n : undefined;
    // A source (no inputs) read by a few consumers is made again in each: generating a block costs
    // less than fresh memory for it plus carrying it between threads.
    const source = SOURCES.has(nameOf(n) ?? '') && n.deps.length === 0;
    return source &&
      ds.length <= MAX_COPIES &&
      ds.every((d) => CONSUMERS.has(nameOf(graph.nodes.get(d)) ?? ''))
      ? n
      : undefined;
  };
  const absorbed = new Set<Key>();
  const replaced = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) {
    if (!isTask(n) || !CONSUMERS.has(nameOf(n) ?? '')) continue;
    // A consumer that is itself absorbed as a producer is built inside its reader's spec.
    const ds = dependents.get(k);
    if (ds && ds.length === 1 && producer(k, ds[0]) && CONSUMERS.has(nameOf(graph.nodes.get(ds[0])) ?? ''))
      continue;
    let slot = 0;
    let any = false;
    const spec = (node: Task): ScratchSpec => ({
      fn: nameOf(node)!,
      args: node.args.map((a) => {
        if (!isRef(a)) return a;
        const p = producer(a.key, node.key);
        if (!p) return a;
        any = true;
        absorbed.add(a.key);
        return { [SCRATCH]: slot++, ...spec(p) };
      }),
    });
    const s = spec(n);
    if (any) replaced.set(k, task(k, RUN, [s]));
  }
  if (replaced.size === 0) return graph;
  const out = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) if (!absorbed.has(k)) out.set(k, replaced.get(k) ?? n);
  return graph.withNodes(out);
}
