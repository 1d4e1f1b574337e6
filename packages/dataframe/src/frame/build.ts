/**
 * Graph-building helpers shared by the DataFrame verbs: layer names, partition keys, and the common
 * layer shapes — partition-wise maps, tree reductions and hash shuffles. Each returns a core Layer
 * whose tasks call partition kernels (src/kernels, src/io) by portable reference, so every shape runs
 * on every scheduler.
 */

import {
  blockKey,
  type FunctionRef,
  functionRef,
  type GraphNode,
  getitem,
  type Key,
  Layer,
  makeKey,
  Ref,
  task,
  tokenize,
} from '@tusk/core';

/** A deterministic layer name: `prefix-token(parts)`. */
export function layerName(prefix: string, ...parts: unknown[]): string {
  return makeKey(prefix, tokenize(...parts));
}

/** Keys of the `n` partitions of layer `name`. */
export function partitionKeys(name: string, n: number): Key[] {
  const keys = new Array<Key>(n);
  for (let i = 0; i < n; i++) keys[i] = blockKey(name, [i]);
  return keys;
}

/** The portable reference of a kernel (kernels register themselves with defineTasks). */
export function kernel(fn: (...args: any[]) => unknown): FunctionRef {
  const ref = functionRef(fn);
  if (ref.module === undefined)
    throw new Error(`Internal error: kernel ${fn.name} is not registered with defineTasks.`);
  return ref;
}

/** One task per input partition: `fn(partition_i, ...args)`. */
export function mapLayer(
  name: string,
  inputs: readonly Key[],
  fn: FunctionRef,
  args: readonly unknown[],
  dependencies: readonly Layer[],
): Layer {
  const nodes: GraphNode[] = inputs.map((k, i) => task(blockKey(name, [i]), fn, [new Ref(k), ...args]));
  return new Layer(name, nodes, dependencies, 'dataframe');
}

export interface TreeSpec {
  /** Applied to each input partition: `partial(part, ...partialArgs)`. */
  readonly partial?: FunctionRef;
  readonly partialArgs?: readonly unknown[];
  /** Applied to groups of states: `combine(states[], ...combineArgs)`. */
  readonly combine: FunctionRef;
  readonly combineArgs?: readonly unknown[];
  /** Applied to the last state: `finalize(state, ...finalizeArgs)`. */
  readonly finalize?: FunctionRef;
  readonly finalizeArgs?: readonly unknown[];
  /** Fan-in of each combine (default 8). */
  readonly splitEvery?: number;
}

/**
 * A tree reduction over `inputs`: partial per input, combines of `splitEvery` states level by level,
 * then finalize. The last node gets key `outputKey` (default: `name`). Memory stays
 * O(splitEvery · depth) states when run in static order.
 */
export function treeLayer(
  name: string,
  inputs: readonly Key[],
  spec: TreeSpec,
  dependencies: readonly Layer[],
  outputKey: Key = name,
): { layer: Layer; key: Key } {
  const splitEvery = Math.max(2, spec.splitEvery ?? 8);
  const nodes: GraphNode[] = [];
  let level: Key[] = [...inputs];
  if (spec.partial) {
    level = inputs.map((k, i) => {
      const key = blockKey(`${name}-partial`, [i]);
      nodes.push(task(key, spec.partial!, [new Ref(k), ...(spec.partialArgs ?? [])]));
      return key;
    });
  }
  let depth = 0;
  // Always combine at least once, so a single state still goes through `combine` (it may reshape).
  do {
    const last = level.length <= splitEvery && spec.finalize === undefined;
    const next: Key[] = [];
    for (let j = 0; j < level.length; j += splitEvery) {
      const key = last ? outputKey : blockKey(`${name}-combine`, [depth, next.length]);
      const group = level.slice(j, j + splitEvery).map((k) => new Ref(k));
      nodes.push(task(key, spec.combine, [group, ...(spec.combineArgs ?? [])]));
      next.push(key);
    }
    level = next;
    depth++;
  } while (level.length > 1);
  if (spec.finalize)
    nodes.push(task(outputKey, spec.finalize, [new Ref(level[0]), ...(spec.finalizeArgs ?? [])]));
  return { layer: new Layer(name, nodes, dependencies, 'dataframe'), key: outputKey };
}

/**
 * A hash shuffle: `split(part_i, ...splitArgs)` returns `n` tables per input; output j gathers piece j
 * of every input with `gather(pieces[], ...gatherArgs)`. The piece selections are cheap `getitem`
 * tasks that run in the scheduler's thread, so a worker only ever receives the pieces it gathers.
 */
export function shuffleLayer(
  name: string,
  inputs: readonly Key[],
  n: number,
  split: { fn: FunctionRef; args: readonly unknown[] },
  gather: { fn: FunctionRef; args: readonly unknown[] },
  dependencies: readonly Layer[],
): Layer {
  const nodes: GraphNode[] = [];
  const getitemRef = functionRef(getitem);
  const splitKeys = inputs.map((k, i) => {
    const key = blockKey(`${name}-split`, [i]);
    nodes.push(task(key, split.fn, [new Ref(k), ...split.args]));
    return key;
  });
  for (let j = 0; j < n; j++) {
    const pieces = splitKeys.map((sk, i) => {
      const key = blockKey(`${name}-piece`, [i, j]);
      nodes.push(task(key, getitemRef, [new Ref(sk), j]));
      return new Ref(key);
    });
    nodes.push(task(blockKey(name, [j]), gather.fn, [pieces, ...gather.args]));
  }
  return new Layer(name, nodes, dependencies, 'dataframe');
}
