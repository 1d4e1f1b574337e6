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
 * threads — and the fused tasks that share a source then run as one task (siblings, up to four),
 * which makes the source once for all of them and hands each reader its result through a cheap
 * pick. Runs after blockwise fusion (graph/fuse-elementwise.ts), before core's passes. Other
 * producers that are requested outputs or read by several tasks keep their own nodes.
 */

import {
  type FunctionRef,
  functionRef,
  type GraphNode,
  getitem,
  isRef,
  type Key,
  Ref,
  type Task,
  type TaskGraph,
  task,
  tokenize,
} from '@tusk/core';
import {
  SCRATCH,
  SCRATCH_KERNELS,
  type ScratchSpec,
  scratchRun,
  scratchRunMany,
} from '../kernels/scratch-run.js';
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
const RUN_MANY = kernel(scratchRunMany);
const PICK = functionRef(getitem);

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
  const replaced = new Map<Key, Task>();
  const slots = new Map<Key, number>();
  const readers = new Map<Key, Key[]>();
  const taskSources = new Map<Key, Key[]>();
  for (const [k, n] of graph.nodes) {
    if (!isTask(n) || !CONSUMERS.has(nameOf(n) ?? '')) continue;
    // A consumer that is itself absorbed as a producer is built inside its reader's spec.
    const ds = dependents.get(k);
    if (ds && ds.length === 1 && producer(k, ds[0]) && CONSUMERS.has(nameOf(graph.nodes.get(ds[0])) ?? ''))
      continue;
    let slot = 0;
    let any = false;
    const sources: Key[] = [];
    const spec = (node: Task): ScratchSpec => ({
      fn: nameOf(node)!,
      args: node.args.map((a) => {
        if (!isRef(a)) return a;
        const p = producer(a.key, node.key);
        if (!p) return a;
        any = true;
        absorbed.add(a.key);
        if (SOURCES.has(nameOf(p) ?? '')) sources.push(a.key);
        return { [SCRATCH]: slot++, ...spec(p) };
      }),
    });
    const s = spec(n);
    if (any) {
      replaced.set(k, task(k, RUN, [s]));
      slots.set(k, slot);
      for (const src of new Set(sources)) readers.set(src, [...(readers.get(src) ?? []), k]);
      taskSources.set(k, sources);
    }
  }
  if (replaced.size === 0) return graph;
  const out = new Map<Key, GraphNode>();
  for (const [k, n] of graph.nodes) if (!absorbed.has(k)) out.set(k, replaced.get(k) ?? n);
  mergeSiblings(out, replaced, slots, readers, taskSources);
  return graph.withNodes(out);
}

/**
 * Siblings: fused tasks that regenerate the same source block run as one task (scratchRunMany)
 * that makes each shared source once; each sibling's key becomes a cheap pick of its result.
 * Groups join tasks sharing a source, up to MAX_COPIES tasks.
 */
function mergeSiblings(
  out: Map<Key, GraphNode>,
  replaced: ReadonlyMap<Key, Task>,
  slots: ReadonlyMap<Key, number>,
  readers: ReadonlyMap<Key, readonly Key[]>,
  taskSources: ReadonlyMap<Key, readonly Key[]>,
): void {
  const groupOf = new Map<Key, Key[]>();
  for (const k of replaced.keys()) {
    if (groupOf.has(k)) continue;
    const group = [k];
    groupOf.set(k, group);
    for (let g = 0; g < group.length && group.length < MAX_COPIES; g++) {
      for (const src of taskSources.get(group[g]) ?? []) {
        for (const d of readers.get(src) ?? []) {
          if (!groupOf.has(d) && group.length < MAX_COPIES) {
            group.push(d);
            groupOf.set(d, group);
          }
        }
      }
    }
  }
  const seen = new Set<Key[]>();
  for (const group of groupOf.values()) {
    if (group.length < 2 || seen.has(group)) continue;
    seen.add(group);
    const merged = `scratch-siblings-${tokenize(group)}`;
    let offset = 0;
    const specs = group.map((k) => {
      const spec = shiftSlots(replaced.get(k)!.args[0] as ScratchSpec, offset);
      offset += slots.get(k) ?? 0;
      return spec;
    });
    out.set(merged, task(merged, RUN_MANY, [specs]));
    group.forEach((k, i) => {
      out.set(k, task(k, PICK, [new Ref(merged), i]));
    });
  }
}

/** The spec with every scratch slot moved up by `by`. */
function shiftSlots(spec: ScratchSpec, by: number): ScratchSpec {
  return {
    ...spec,
    args: spec.args.map((a) =>
      typeof a === 'object' && a !== null && SCRATCH in a
        ? {
            ...shiftSlots(a as unknown as ScratchSpec, by),
            [SCRATCH]: (a as Record<string, number>)[SCRATCH] + by,
          }
        : a,
    ),
  };
}
