/**
 * The aggregator interface of hash aggregation, and helpers shared by the aggregators.
 *
 * Rows are first mapped to dense group ids (`GroupContext.codes`, from factorize.ts); an aggregator
 * then keeps typed-array state per group (sums, counts, M2, chosen row indices, ...) and writes it as
 * Arrow columns. Each aggregator has three steps so it runs as a tree reduction:
 *   partial(rows of one partition) → state columns; combine(concatenated states) → state columns of
 *   the same layout; finalize(states) → the output column.
 * Rows whose key was dropped (null keys with dropna) carry the "sink" group id `groups`, so loops need
 * no branch: state arrays have `groups + 1` slots and the last is ignored.
 */

import { type Data, Float64, makeData } from 'apache-arrow';
import { bitmapOf } from '../arrow/bitmap.js';
import type { ResolvedAgg } from './spec.js';

/** Group ids of the rows being aggregated. */
export interface GroupContext {
  /** Group of each row in [0, groups] (`groups` = dropped row), or null: every row is group 0. */
  readonly codes: Int32Array | null;
  /** Number of groups. */
  readonly groups: number;
  /** Number of rows. */
  readonly rows: number;
  /** Per-call memo so aggregations of one column share a pass (e.g. sum and mean share Σx, n). */
  readonly memo?: Map<unknown, unknown>;
}

/** One aggregation: partial / combine / finalize over typed-array state. */
export interface Aggregator {
  /** Names of the state columns. */
  readonly stats: readonly string[];
  /** Throw a DTypeError when the input dtype is not supported. */
  check(spec: ResolvedAgg): void;
  /** States of the rows of one partition (`values` is the aggregated column's chunk; null for size). */
  partial(ctx: GroupContext, values: Data | null, spec: ResolvedAgg): Data[];
  /** States of concatenated states (rows = partial groups). */
  combine(ctx: GroupContext, states: readonly Data[], spec: ResolvedAgg): Data[];
  /** The output column from combined states. */
  finalize(states: readonly Data[], groups: number, spec: ResolvedAgg): Data;
}

/**
 * A Float64 chunk of the first `groups` values of `values` (null where `valid` is 0).
 *
 * @example
 * f64Data(Float64Array.of(1, 2, 0), 2); // [1, 2]
 */
export function f64Data(values: Float64Array, groups: number, valid: Uint8Array | null = null): Data {
  const [nullBitmap, nullCount] = bitmapOf(valid, groups);
  return makeData({
    type: new Float64(),
    length: groups,
    nullCount,
    nullBitmap,
    data: values.subarray(0, groups),
  });
}

/**
 * Group of row i (0 when `codes` is null).
 *
 * @example
 * groupOf(null, 5); // 0
 */
export function groupOf(codes: Int32Array | null, i: number): number {
  return codes === null ? 0 : codes[i];
}

/**
 * The validity bitmap and bit offset of a chunk, or null bits when it has no nulls.
 *
 * @example
 * const [bits, off] = validityOf(data);
 */
export function validityOf(data: Data): [Uint8Array | null, number] {
  if (data.nullCount === 0) return [null, 0];
  const bits = data.nullBitmap;
  if (!bits || bits.length === 0) return [new Uint8Array((data.length + 7) >> 3), 0];
  return [bits, data.offset];
}
