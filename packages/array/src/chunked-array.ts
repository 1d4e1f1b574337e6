/**
 * Array: a lazy, chunked n-d array (Dask's `dask.array.Array`). It holds a layer of the task graph
 * whose block (i, j, …) has key `name,i,j,…`, the shape, the chunks (block sizes per axis) and the
 * dtype. Nothing runs until `compute()`, which assembles the blocks into an NDArray. Methods are
 * one-line delegations to the operations in src/ops (one file per operation family).
 */

import {
  COLLECTION,
  type ComputeOptions,
  compute,
  Delayed,
  type DotOptions,
  type Key,
  type KeyTree,
  Layer,
  persist,
  Ref,
  type TaskGraph,
  type TuskCollection,
  task,
  toDot,
  type VisualizeOptions,
  visualize,
} from '@tusk/core';
import type { Block } from './block.js';
import { type Chunks, numBlocks } from './chunks.js';
import type { DType } from './dtype.js';
import { kernel, keyOf } from './graph/build.js';
import { fuseElementwise } from './graph/fuse-elementwise.js';
import { fuseScratch } from './graph/fuse-scratch.js';
import { assemble } from './kernels/assemble.js';
import { NDArray } from './nd-array.js';
import { astype } from './ops/astype.js';
import { cumprod, cumsum } from './ops/cumulative.js';
import type { Operand } from './ops/elementwise.js';
import * as ew from './ops/elementwise.js';
import { type MapBlocksOptions, mapBlocks } from './ops/map-blocks.js';
import { type MapOverlapOptions, mapOverlap } from './ops/map-overlap.js';
import { matmul } from './ops/matmul.js';
import { toNpy } from './ops/npy.js';
import { type RechunkInput, rechunk } from './ops/rechunk.js';
import type { ReductionOptions } from './ops/reductions.js';
import * as red from './ops/reductions.js';
import { expandDims, reshape, squeeze } from './ops/reshape.js';
import { type SliceSpec, slice } from './ops/slicing.js';
import { type StoreTarget, store } from './ops/store.js';
import { take } from './ops/take.js';
import { transpose } from './ops/transpose.js';

export class ChunkedArray implements TuskCollection<NDArray> {
  readonly [COLLECTION] = true as const;
  readonly shape: readonly number[];
  readonly chunks: Chunks;

  constructor(
    /** Layer name: block (i, j) has key `name,i,j`. */
    readonly name: string,
    private readonly layer: Layer,
    shape: readonly number[],
    chunks: Chunks,
    readonly dtype: DType,
  ) {
    this.shape = Object.freeze([...shape]);
    this.chunks = Object.freeze(chunks.map((c) => Object.freeze([...c])));
  }

  // The collection protocol.
  __tusk_layer(): Layer {
    return this.layer;
  }
  __tusk_keys(): KeyTree {
    const grid = numBlocks(this.chunks);
    const build = (axis: number, idx: number[]): KeyTree => {
      if (axis === grid.length) return keyOf(this.name, idx);
      const out: KeyTree[] = [];
      for (let i = 0; i < grid[axis]; i++) out.push(build(axis + 1, [...idx, i]));
      return out;
    };
    return build(0, []);
  }
  __tusk_finalize(values: unknown): NDArray {
    return NDArray.fromBlock(assemble(values as Block | Block[], this.shape, this.dtype));
  }
  __tusk_rebuild(layer: Layer): ChunkedArray {
    return new ChunkedArray(this.name, layer, this.shape, this.chunks, this.dtype);
  }
  __tusk_optimize(graph: TaskGraph, keys: readonly Key[]): TaskGraph {
    return fuseScratch(fuseElementwise(graph, keys), keys);
  }
  /** As an argument of a delayed call the array arrives as one block `{shape, dtype, data}`. */
  __tusk_toDelayed(): Delayed<NDArray> {
    const key = `${this.name}-assembled`;
    const refs = mapTree(this.__tusk_keys(), (k) => new Ref(k));
    const node = task(key, kernel(assemble), [refs, [...this.shape], this.dtype]);
    return new Delayed<Block>(
      key,
      new Layer(key, [node], [this.layer], 'array'),
    ) as unknown as Delayed<NDArray>;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of elements. */
  get size(): number {
    return this.shape.reduce((p, q) => p * q, 1);
  }
  /** Number of blocks along each axis. */
  get numblocks(): number[] {
    return numBlocks(this.chunks);
  }
  /** The transpose (axes reversed). */
  get T(): ChunkedArray {
    return transpose(this);
  }

  /**
   * Compute the array.
   *
   * @example
   * (await arange(4).compute()).toArray(); // [0, 1, 2, 3]
   */
  async compute(options: ComputeOptions = {}): Promise<NDArray> {
    const [v] = await compute(this, options);
    return v as NDArray;
  }
  /** Compute the blocks and keep them as a new array. */
  async persist(options: ComputeOptions = {}): Promise<ChunkedArray> {
    const [p] = await persist(this, options);
    return p as ChunkedArray;
  }
  /** The graph as Graphviz DOT. */
  toDot(options?: DotOptions): string {
    return toDot(this, options);
  }
  /** Write the graph to a `.dot` or `.svg` file. */
  visualize(file: string, options?: VisualizeOptions): Promise<string> {
    return visualize(this, file, options);
  }
  toString(): string {
    return `Array<${this.dtype}>(shape=(${this.shape.join(', ')}), chunks=(${this.chunks
      .map((c) => `(${c.join(', ')})`)
      .join(', ')}))`;
  }

  add(y: Operand): ChunkedArray {
    return ew.add(this, y);
  }
  sub(y: Operand): ChunkedArray {
    return ew.sub(this, y);
  }
  mul(y: Operand): ChunkedArray {
    return ew.mul(this, y);
  }
  div(y: Operand): ChunkedArray {
    return ew.div(this, y);
  }
  pow(y: Operand): ChunkedArray {
    return ew.pow(this, y);
  }
  mod(y: Operand): ChunkedArray {
    return ew.mod(this, y);
  }
  neg(): ChunkedArray {
    return ew.neg(this);
  }
  abs(): ChunkedArray {
    return ew.abs(this);
  }
  sqrt(): ChunkedArray {
    return ew.sqrt(this);
  }
  exp(): ChunkedArray {
    return ew.exp(this);
  }
  log(): ChunkedArray {
    return ew.log(this);
  }
  round(decimals = 0): ChunkedArray {
    return ew.round(this, decimals);
  }
  clip(min: number, max: number): ChunkedArray {
    return ew.clip(this, min, max);
  }
  eq(y: Operand): ChunkedArray {
    return ew.eq(this, y);
  }
  ne(y: Operand): ChunkedArray {
    return ew.ne(this, y);
  }
  lt(y: Operand): ChunkedArray {
    return ew.lt(this, y);
  }
  le(y: Operand): ChunkedArray {
    return ew.le(this, y);
  }
  gt(y: Operand): ChunkedArray {
    return ew.gt(this, y);
  }
  ge(y: Operand): ChunkedArray {
    return ew.ge(this, y);
  }
  /** A copy with another dtype. */
  astype(dtype: DType): ChunkedArray {
    return astype(this, dtype);
  }

  sum(options?: ReductionOptions): ChunkedArray {
    return red.sum(this, options);
  }
  prod(options?: ReductionOptions): ChunkedArray {
    return red.prod(this, options);
  }
  mean(options?: ReductionOptions): ChunkedArray {
    return red.mean(this, options);
  }
  min(options?: ReductionOptions): ChunkedArray {
    return red.min(this, options);
  }
  max(options?: ReductionOptions): ChunkedArray {
    return red.max(this, options);
  }
  std(options?: ReductionOptions & { ddof?: number }): ChunkedArray {
    return red.std(this, options);
  }
  var(options?: ReductionOptions & { ddof?: number }): ChunkedArray {
    return red.variance(this, options);
  }
  argmin(options?: { axis?: number; splitEvery?: number }): ChunkedArray {
    return red.argmin(this, options);
  }
  argmax(options?: { axis?: number; splitEvery?: number }): ChunkedArray {
    return red.argmax(this, options);
  }
  any(options?: ReductionOptions): ChunkedArray {
    return red.any(this, options);
  }
  all(options?: ReductionOptions): ChunkedArray {
    return red.all(this, options);
  }
  cumsum(axis?: number): ChunkedArray {
    return cumsum(this, axis);
  }
  cumprod(axis?: number): ChunkedArray {
    return cumprod(this, axis);
  }

  /** NumPy-style basic indexing: numbers, 'start:stop:step' strings, slice objects, null (new axis), '...'. */
  slice(...index: SliceSpec[]): ChunkedArray {
    return slice(this, ...index);
  }
  /** Integer or boolean indexing along one axis. */
  take(indices: ArrayLike<number> | readonly boolean[], axis = 0): ChunkedArray {
    return take(this, indices, axis);
  }
  transpose(axes?: readonly number[]): ChunkedArray {
    return transpose(this, axes);
  }
  rechunk(chunks: RechunkInput): ChunkedArray {
    return rechunk(this, chunks);
  }
  reshape(...shape: number[] | [readonly number[]]): ChunkedArray {
    return reshape(this, ...shape);
  }
  squeeze(axis?: number | readonly number[]): ChunkedArray {
    return squeeze(this, axis);
  }
  expandDims(axis: number): ChunkedArray {
    return expandDims(this, axis);
  }
  matmul(y: ChunkedArray): ChunkedArray {
    return matmul(this, y);
  }
  dot(y: ChunkedArray): ChunkedArray {
    return matmul(this, y);
  }
  mapBlocks(fn: (...blocks: any[]) => Block, options?: MapBlocksOptions): ChunkedArray {
    return mapBlocks(fn, [this], options);
  }
  /** `mapOverlap(fn, [this], options)`: `fn` sees every block with its halo (stencils). */
  mapOverlap(fn: (...blocks: any[]) => Block, options: MapOverlapOptions): ChunkedArray {
    return mapOverlap(fn, [this], options);
  }
  /** Write to a .npy file block by block. */
  toNpy(path: string, options?: ComputeOptions): Promise<void> {
    return toNpy(this, path, options);
  }
  /** Write block by block into a .npy path or `{ write, args }` (see `store`). */
  store(target: string | StoreTarget, options?: ComputeOptions): Promise<void> {
    return store(this, target, options);
  }
}

function mapTree(t: KeyTree, f: (k: Key) => unknown): unknown {
  return typeof t === 'string' ? f(t) : t.map((x) => mapTree(x, f));
}

/** Is `v` an Array of this package? */
export function isArray(v: unknown): v is ChunkedArray {
  return v instanceof ChunkedArray;
}
