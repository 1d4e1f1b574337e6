/**
 * Graph-building helpers shared by the array operations: deterministic layer names, block keys,
 * kernel references, and `blockGrid`, which builds one task per output block. Tasks call kernels
 * (src/kernels) by portable reference, so every layer runs on every scheduler.
 */

import {
  blockKey,
  type FunctionRef,
  functionRef,
  type GraphNode,
  type Key,
  Layer,
  makeKey,
  tokenize,
} from '@tusk/core';
import { blockIndices, type Chunks } from '../chunks.js';

/** A deterministic layer name `prefix-token(parts)`. */
export function layerName(prefix: string, ...parts: unknown[]): string {
  return makeKey(prefix, tokenize(prefix, ...parts));
}

/** The key of block `idx` of layer `name`. */
export function keyOf(name: string, idx: readonly number[]): Key {
  return blockKey(name, idx);
}

/** The portable reference of a kernel (kernels register themselves with defineTasks). */
export function kernel(fn: (...args: any[]) => unknown): FunctionRef {
  const ref = functionRef(fn);
  if (ref.module === undefined) throw new Error(`Internal error: kernel ${fn.name} is not registered.`);
  return ref;
}

/** One node per block of `chunks`, made by `make(idx, key)`. */
export function gridNodes(
  name: string,
  chunks: Chunks,
  make: (idx: number[], key: Key) => GraphNode,
): GraphNode[] {
  const nodes: GraphNode[] = [];
  for (const idx of blockIndices(chunks.map((c) => c.length))) nodes.push(make(idx, keyOf(name, idx)));
  return nodes;
}

/** A layer of array nodes. */
export function arrayLayer(name: string, nodes: readonly GraphNode[], dependencies: readonly Layer[]): Layer {
  return new Layer(name, nodes, [...new Set(dependencies)], 'array');
}
