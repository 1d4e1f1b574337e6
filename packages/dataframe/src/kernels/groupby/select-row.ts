/**
 * Aggregators that pick one row per group: min, max, first, last.
 *
 * Each finds the index of the chosen row per group (nulls skipped, as pandas does) and gathers it with
 * `takeData`, so the state and the result keep the column's own Arrow type (ints stay ints, category
 * stays category). Numbers, bools and dates compare as numbers (a NaN loses to any number); strings
 * compare in code-point order — plain strings on their bytes, categories by the rank of their
 * dictionary entry (the dictionary is sorted once). `first`/`last` rely on states arriving in
 * partition order, which a tree reduction keeps.
 */

import { type Data, Type } from 'apache-arrow';
import { isNumberLike, isStringLike } from '../../expr/dtype.js';
import { DTypeError } from '../../expr/errors.js';
import { readNumbers } from '../arrow/numbers.js';
import { takeData } from '../arrow/take.js';
import { compareBytes, dictionaryUtf8, readUtf8 } from '../arrow/utf8.js';
import { type Aggregator, type GroupContext, validityOf } from './aggregator.js';
import type { ResolvedAgg } from './spec.js';

type Mode = 'min' | 'max' | 'first' | 'last';

/**
 * Rank of each dictionary entry in code-point order.
 *
 * @example
 * dictionaryRanks(data); // Int32Array, rank per dictionary index
 */
export function dictionaryRanks(data: Data): Int32Array {
  const { offsets, bytes } = dictionaryUtf8(data);
  const m = offsets.length - 1;
  const order = Array.from({ length: m }, (_, i) => i);
  order.sort(
    (a, b) => compareBytes(bytes, offsets[a], offsets[a + 1], bytes, offsets[b], offsets[b + 1]) || a - b,
  );
  const rank = new Int32Array(m);
  // equal strings (duplicate dictionary entries) share a rank
  for (let r = 0; r < m; r++) {
    const d = order[r];
    const p = order[r - 1];
    rank[d] =
      r > 0 && compareBytes(bytes, offsets[d], offsets[d + 1], bytes, offsets[p], offsets[p + 1]) === 0
        ? rank[p]
        : r;
  }
  return rank;
}

/** Index of the chosen row per group (-1 when the group has no valid value); length groups + 1. */
function chooseRows(ctx: GroupContext, data: Data, mode: Mode): Int32Array {
  const G = ctx.groups;
  const n = ctx.rows;
  const best = new Int32Array(G + 1).fill(-1);
  const codes = ctx.codes;
  const [bits, off] = validityOf(data);
  const isValid = (i: number): boolean =>
    bits === null || ((bits[(off + i) >> 3] >> ((off + i) & 7)) & 1) === 1;
  if (mode === 'first' || mode === 'last') {
    for (let i = 0; i < n; i++) {
      if (!isValid(i)) continue;
      const g = codes === null ? 0 : codes[i];
      if (mode === 'last' || best[g] < 0) best[g] = i;
    }
    return best;
  }
  const sign = mode === 'min' ? 1 : -1;
  if (data.type.typeId === Type.Utf8 || data.type.typeId === Type.LargeUtf8) {
    const { offsets, bytes } = readUtf8(data);
    for (let i = 0; i < n; i++) {
      if (!isValid(i)) continue;
      const g = codes === null ? 0 : codes[i];
      const b = best[g];
      if (
        b < 0 ||
        sign * compareBytes(bytes, offsets[i], offsets[i + 1], bytes, offsets[b], offsets[b + 1]) < 0
      ) {
        best[g] = i;
      }
    }
    return best;
  }
  // numbers, or dictionary ranks
  let v: ArrayLike<number> = readNumbers(data);
  if (data.type.typeId === Type.Dictionary) {
    const rank = dictionaryRanks(data);
    const idx = v;
    const r = new Int32Array(n);
    for (let i = 0; i < n; i++) r[i] = rank[idx[i]];
    v = r;
  }
  const bestVal = new Float64Array(G + 1);
  for (let i = 0; i < n; i++) {
    if (!isValid(i)) continue;
    const g = codes === null ? 0 : codes[i];
    const x = v[i];
    const cur = bestVal[g];
    if (best[g] < 0 || sign * (x - cur) < 0 || (Number.isNaN(cur) && !Number.isNaN(x))) {
      best[g] = i;
      bestVal[g] = x;
    }
  }
  return best;
}

function make(mode: Mode): Aggregator {
  const pick = (ctx: GroupContext, data: Data): Data[] => [
    takeData(data, chooseRows(ctx, data, mode), ctx.groups),
  ];
  return {
    stats: ['value'],
    check(spec: ResolvedAgg) {
      const d = spec.dtype;
      if (
        (mode === 'min' || mode === 'max') &&
        !(d !== undefined && (isNumberLike(d) || isStringLike(d) || d === 'null'))
      ) {
        throw new DTypeError(
          `Aggregation '${mode}' needs numbers, dates or strings; column '${spec.column}' is ${d}.`,
          spec.column,
        );
      }
    },
    partial: (ctx, data) => pick(ctx, data!),
    combine: (ctx, [state]) => pick(ctx, state),
    finalize: ([state]) => state,
  };
}

/** min (skipping nulls). */
export const minAgg = make('min');
/** max (skipping nulls). */
export const maxAgg = make('max');
/** first non-null value. */
export const firstAgg = make('first');
/** last non-null value. */
export const lastAgg = make('last');
