/**
 * Range partitioning for a distributed sort (dask `sort_values` / `set_index`):
 *   1. `sampleForQuantiles(table, column, n)` per partition: n values at evenly spaced ranks of the
 *      partition's sorted non-null values, with the partition's non-null count;
 *   2. `quantileBoundaries(samples, npartitions)`: merge the samples, each value weighted by
 *      count / sample size, and cut at the weighted i/npartitions quantiles (duplicates removed);
 *   3. `rangePartition(table, column, boundaries, ascending)` per partition: output p holds the values
 *      in (b[p-1], b[p]] (so all rows equal to a value land together), nulls and NaN in the last one;
 *      descending reverses the order of the outputs.
 * Concatenating output p of every input (in input order) and sorting it (stable) gives the sorted
 * partition p. Strings compare in code-point order; dates as numbers in their unit.
 */

import { defineTasks } from '@tusk/core';
import { type Data, type Table, Type } from 'apache-arrow';
import { requireDType } from '../expr/dtype.js';
import { InvalidArgumentError } from '../expr/errors.js';
import { keyKind } from './arrow/factorize.js';
import { readNumbers } from './arrow/numbers.js';
import { columnIndex, columnsOf, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';
import {
  compareBytes,
  compareStrings,
  decodeUtf8,
  dictionaryUtf8,
  encodeUtf8,
  readUtf8,
} from './arrow/utf8.js';
import { validityOf } from './groupby/aggregator.js';
import { sortPermutation } from './sort.js';

/** A partition's sample for range boundaries. */
export interface QuantileSample {
  /** Sampled values in ascending order (numbers, or strings for string columns). */
  readonly values: (number | string)[];
  /** Number of non-null values the sample stands for. */
  readonly count: number;
}

/** Row i of a string or category chunk. */
function stringAt(data: Data, i: number): string {
  if (data.type.typeId === Type.Dictionary) {
    const { offsets, bytes } = dictionaryUtf8(data);
    const d = (data.values as unknown as ArrayLike<number>)[i];
    return decodeUtf8(bytes, offsets[d], offsets[d + 1]);
  }
  const { offsets, bytes } = readUtf8(data);
  return decodeUtf8(bytes, offsets[i], offsets[i + 1]);
}

function isNull(data: Data, i: number): boolean {
  const [bits, off] = validityOf(data);
  return bits !== null && !((bits[(off + i) >> 3] >> ((off + i) & 7)) & 1);
}

/**
 * Up to `n` values at evenly spaced ranks of the sorted non-null values of `column`.
 *
 * @example
 * sampleForQuantiles(table, 'x', 100); // { values: [...], count }
 */
export function sampleForQuantiles(table: Table, column: string, n: number): QuantileSample {
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`sampleForQuantiles: n must be a positive integer.`);
  const data = columnsOf(table)[columnIndex(table.schema, column, 'sampleForQuantiles')];
  const nums = keyKind(requireDType(data.type, column), column) === 'number' ? readNumbers(data) : null;
  if (nums !== null) return sampleNumbers(data, nums, n);
  // Strings: the sort puts nulls last.
  const perm = sortPermutation([data], [true], [column]);
  let m = perm.length;
  while (m > 0 && isNull(data, perm[m - 1])) m--;
  const values: string[] = [];
  if (m <= n) for (let r = 0; r < m; r++) values.push(stringAt(data, perm[r]));
  else for (let s = 0; s < n; s++) values.push(stringAt(data, perm[Math.floor(((s + 0.5) * m) / n)]));
  return { values, count: m };
}

/** sampleForQuantiles of a number column: its valid values sorted natively (no permutation needed). */
function sampleNumbers(data: Data, nums: ArrayLike<number>, n: number): QuantileSample {
  const [bits, off] = validityOf(data);
  const sorted = new Float64Array(data.length);
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const x = nums[i];
    if (Number.isNaN(x) || (bits !== null && !((bits[(off + i) >> 3] >> ((off + i) & 7)) & 1))) continue;
    sorted[m++] = x;
  }
  const valid = sorted.subarray(0, m).sort();
  const values: number[] = [];
  if (m <= n) for (let r = 0; r < m; r++) values.push(valid[r]);
  else for (let s = 0; s < n; s++) values.push(valid[Math.floor(((s + 0.5) * m) / n)]);
  return { values, count: m };
}

function compareValues(a: number | string, b: number | string): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : compareStrings(String(a), String(b));
}

/**
 * `npartitions - 1` (or fewer, when values repeat) ascending boundaries from partition samples.
 *
 * @example
 * quantileBoundaries([s1, s2], 4); // e.g. [10, 20, 30]
 */
export function quantileBoundaries(
  samples: readonly QuantileSample[],
  npartitions: number,
): (number | string)[] {
  if (!Number.isInteger(npartitions) || npartitions < 1) {
    throw new InvalidArgumentError(`quantileBoundaries: npartitions must be a positive integer.`);
  }
  const points: [number | string, number][] = [];
  for (const s of samples) {
    if (s.values.length === 0) continue;
    const w = s.count / s.values.length;
    for (const v of s.values) points.push([v, w]);
  }
  points.sort((a, b) => compareValues(a[0], b[0]));
  let total = 0;
  for (const [, w] of points) total += w;
  const out: (number | string)[] = [];
  let acc = 0;
  let p = 0;
  for (let i = 1; i < npartitions && points.length; i++) {
    const target = (total * i) / npartitions;
    while (p < points.length - 1 && acc + points[p][1] < target) acc += points[p++][1];
    const v = points[p][0];
    if (out.length === 0 || compareValues(out[out.length - 1], v) < 0) out.push(v);
  }
  return out;
}

/**
 * Split `table` by ranges of `column`: `boundaries.length + 1` tables (see the module header).
 *
 * @example
 * rangePartition(table, 'x', [10, 20]); // 3 tables: x ≤ 10, 10 < x ≤ 20, x > 20 (+ nulls)
 */
export function rangePartition(
  table: Table,
  column: string,
  boundaries: readonly (number | string)[],
  ascending = true,
): Table[] {
  const cols = columnsOf(table);
  const data = cols[columnIndex(table.schema, column, 'rangePartition')];
  const nb = boundaries.length;
  const n = table.numRows;
  const part = new Int32Array(n);
  const isNum = keyKind(requireDType(data.type, column), column) === 'number';
  const [bits, off] = validityOf(data);
  if (isNum) {
    const b = Float64Array.from(boundaries as number[]);
    const v = readNumbers(data);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (Number.isNaN(x)) {
        part[i] = -1; // NaN: last partition whatever the direction
        continue;
      }
      let lo = 0;
      let hi = nb;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (b[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      part[i] = lo;
    }
  } else {
    const enc = boundaries.map((s) => encodeUtf8(String(s)));
    const bisect = (bytes: Uint8Array, s: number, e: number): number => {
      let lo = 0;
      let hi = nb;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareBytes(enc[mid], 0, enc[mid].length, bytes, s, e) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    if (data.type.typeId === Type.Dictionary) {
      const { offsets, bytes } = dictionaryUtf8(data);
      const entry = new Int32Array(offsets.length - 1);
      for (let d = 0; d < entry.length; d++) entry[d] = bisect(bytes, offsets[d], offsets[d + 1]);
      const idx = readNumbers(data);
      for (let i = 0; i < n; i++) part[i] = entry[idx[i]];
    } else {
      const { offsets, bytes } = readUtf8(data);
      for (let i = 0; i < n; i++) part[i] = bisect(bytes, offsets[i], offsets[i + 1]);
    }
  }
  for (let i = 0; i < n; i++) {
    if (part[i] < 0) part[i] = nb;
    else if (!ascending) part[i] = nb - part[i];
  }
  if (bits !== null)
    for (let i = 0; i < n; i++) if (!((bits[(off + i) >> 3] >> ((off + i) & 7)) & 1)) part[i] = nb;
  const start = new Int32Array(nb + 2);
  for (let i = 0; i < n; i++) start[part[i] + 1]++;
  for (let p = 0; p <= nb; p++) start[p + 1] += start[p];
  const order = new Int32Array(n);
  const fill = start.slice(0, nb + 1);
  for (let i = 0; i < n; i++) order[fill[part[i]]++] = i;
  const out: Table[] = [];
  for (let p = 0; p <= nb; p++) {
    const idx = order.subarray(start[p], start[p + 1]);
    out.push(
      makeTable(
        table.schema.fields,
        cols.map((c) => takeData(c, idx)),
        table.schema.metadata,
      ),
    );
  }
  return out;
}

defineTasks(import.meta.url, { sampleForQuantiles, quantileBoundaries, rangePartition });
