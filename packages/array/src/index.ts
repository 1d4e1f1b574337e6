/**
 * @tusk/array — chunked n-d arrays over typed arrays that lower to Tusk's task graph (Dask's
 * `dask.array`): creation (from data, rules, random streams and .npy files), elementwise operations
 * with broadcasting and blockwise fusion, tree reductions, cumulative sums, slicing and indexing,
 * transpose / reshape / rechunk / concatenate / stack, matmul and tensordot, mapBlocks, blockwise with
 * index strings, mapOverlap for stencils, .npy output and store into any block writer.
 *
 * Importing it also imports @tusk/schedulers (so `compute()` runs on threads by default), registers the
 * `array.chunkSize` option and the block spill codec.
 */

import '@tusk/schedulers';
import { registerBlockCodecs } from './codecs.js';
import { registerArrayConfig } from './config.js';

export type { Block } from './block.js';
export { ChunkedArray as Array, ChunkedArray, isArray } from './chunked-array.js';
export type { Chunks, ChunksInput } from './chunks.js';
export { normalizeChunks } from './chunks.js';
export type { ArrayConfig } from './config.js';
export type { DType, TypedArray } from './dtype.js';
export { DTYPES, promoteTypes, resultWithScalar } from './dtype.js';
export {
  ArrayError,
  AxisError,
  ChunkError,
  DTypeError,
  IndexError,
  NpyFormatError,
  ShapeError,
} from './errors.js';
export { fuseElementwise } from './graph/fuse-elementwise.js';
export { NDArray } from './nd-array.js';
export { astype } from './ops/astype.js';
export type { BlockwiseInput, BlockwiseOptions } from './ops/blockwise.js';
export { blockwise } from './ops/blockwise.js';
export { broadcastShapes } from './ops/broadcast.js';
export { concatenate, stack } from './ops/concatenate.js';
export type { CreationOptions } from './ops/creation.js';
export { arange, empty, eye, fromArray, fromDelayed, full, linspace, ones, zeros } from './ops/creation.js';
export { cumprod, cumsum } from './ops/cumulative.js';
export type { Operand } from './ops/elementwise.js';
export {
  abs,
  add,
  ceil,
  clip,
  cos,
  div,
  eq,
  exp,
  floor,
  ge,
  gt,
  le,
  log,
  logicalAnd,
  logicalNot,
  logicalOr,
  lt,
  maximum,
  minimum,
  mod,
  mul,
  ne,
  neg,
  pow,
  round,
  sin,
  sqrt,
  sub,
  tan,
  tanh,
  where,
} from './ops/elementwise.js';
export type { MapBlocksOptions } from './ops/map-blocks.js';
export { mapBlocks } from './ops/map-blocks.js';
export type { MapOverlapOptions } from './ops/map-overlap.js';
export { mapOverlap } from './ops/map-overlap.js';
export { dot, matmul, tensordot } from './ops/matmul.js';
export { fromNpy, toNpy } from './ops/npy.js';
export type { Boundary, BoundaryInput, DepthInput } from './ops/overlap.js';
export { overlap } from './ops/overlap.js';
export type { RandomOptions } from './ops/random.js';
export { random } from './ops/random.js';
export type { RechunkInput } from './ops/rechunk.js';
export { rechunk } from './ops/rechunk.js';
export type { ReductionOptions } from './ops/reductions.js';
export { all, any, argmax, argmin, max, mean, min, prod, std, sum, variance } from './ops/reductions.js';
export { expandDims, reshape, squeeze } from './ops/reshape.js';
export type { Slice, SliceSpec } from './ops/slicing.js';
export { slice } from './ops/slicing.js';
export type { StoreTarget } from './ops/store.js';
export { store } from './ops/store.js';
export { take } from './ops/take.js';
export { transpose } from './ops/transpose.js';
export type { AssertArrayEqualOptions } from './testing/assert-array-equal.js';
export { assertArrayEqual } from './testing/assert-array-equal.js';

registerArrayConfig();
registerBlockCodecs();
