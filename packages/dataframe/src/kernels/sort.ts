/**
 * `sortTable`: a stable sort by one or more columns, each ascending or descending, nulls last (and
 * float NaN just before the nulls), like pandas `sort_values(kind='stable', na_position='last')`.
 *
 * Every sort column becomes a 64-bit key that orders as the values do: numbers (ints, floats, bools,
 * dates) through the IEEE-754 transform (flip all bits of negatives, the sign bit of the rest);
 * strings through their rank in code-point order (a category sorts its dictionary once; plain strings
 * are factorized and their distinct values sorted). Descending inverts the key; NaN and null get the
 * two largest keys either way. A stable LSD radix sort (arrow/radix.ts) then orders a permutation by
 * the last column first, the first column last. Rows are gathered once per column.
 */

import { defineTasks } from '@tusk/core';
import { type Data, type Table, Type } from 'apache-arrow';
import { requireDType } from '../expr/dtype.js';
import { InvalidArgumentError } from '../expr/errors.js';
import { BytesTable, keyKind } from './arrow/factorize.js';
import { readNumbers } from './arrow/numbers.js';
import { radixSortPerm } from './arrow/radix.js';
import { columnIndex, columnList, columnsOf, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';
import { compareBytes, readUtf8 } from './arrow/utf8.js';
import { validityOf } from './groupby/aggregator.js';
import { dictionaryRanks } from './groupby/select-row.js';

/**
 * Order-preserving numbers for a column: the values of number-like columns, ranks for strings.
 *
 * @example
 * sortValues(stringData); // Float64Array of ranks
 */
export function sortValues(data: Data, column = 'column'): ArrayLike<number> {
  const kind = keyKind(requireDType(data.type, column), column);
  if (kind === 'number') return readNumbers(data);
  const n = data.length;
  if (data.type.typeId === Type.Dictionary) {
    const rank = dictionaryRanks(data);
    const idx = readNumbers(data);
    const out = new Int32Array(n);
    const m = rank.length;
    for (let i = 0; i < n; i++) out[i] = idx[i] < m ? rank[idx[i]] : 0;
    return out;
  }
  const { offsets, bytes } = readUtf8(data);
  const table = new BytesTable();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = table.getOrInsert(bytes, offsets[i], offsets[i + 1]);
  const u = table.size;
  const order = Array.from({ length: u }, (_, i) => i);
  const { arena, starts, ends } = table;
  order.sort((a, b) => compareBytes(arena, starts[a], ends[a], arena, starts[b], ends[b]));
  const rank = new Int32Array(u);
  for (let r = 0; r < u; r++) rank[order[r]] = r;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = rank[codes[i]];
  return out;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * The 64-bit sort key (hi, lo) of every row of a column.
 *
 * @example
 * const [hi, lo] = sortKeys(data, true);
 */
export function sortKeys(data: Data, ascending: boolean, column = 'column'): [Uint32Array, Uint32Array] {
  const n = data.length;
  const v = sortValues(data, column);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const flip = ascending ? 0 : 0xffffffff;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      hi[i] = 0xffffffff;
      lo[i] = 0xfffffffe;
      continue;
    }
    f64[0] = x === 0 ? 0 : x;
    let h = u32[1];
    let l = u32[0];
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else h |= 0x80000000;
    hi[i] = (h ^ flip) >>> 0;
    lo[i] = (l ^ flip) >>> 0;
  }
  const [bits, off] = validityOf(data);
  if (bits !== null) {
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (!((bits[j >> 3] >> (j & 7)) & 1)) {
        hi[i] = 0xffffffff;
        lo[i] = 0xffffffff;
      }
    }
  }
  return [hi, lo];
}

function directions(by: readonly string[], ascending: boolean | readonly boolean[]): boolean[] {
  if (typeof ascending === 'boolean') return by.map(() => ascending);
  if (!Array.isArray(ascending) || ascending.length !== by.length) {
    throw new InvalidArgumentError(
      `sort: ascending must be a boolean or one boolean per column (${by.length}).`,
    );
  }
  return [...ascending];
}

/**
 * The stable sorted order of the rows (row indices) of one chunk per sort column.
 *
 * @example
 * sortPermutation([data], [true]); // Int32Array
 */
export function sortPermutation(
  columns: readonly Data[],
  ascending: readonly boolean[],
  names?: readonly string[],
): Int32Array {
  const n = columns.length ? columns[0].length : 0;
  let perm: Int32Array = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = columns.length - 1; k >= 0; k--) {
    const [hi, lo] = sortKeys(columns[k], ascending[k], names?.[k]);
    perm = radixSortPerm(perm, hi, lo);
  }
  return perm;
}

/**
 * The table sorted by `by` (stable; nulls last).
 *
 * @example
 * sortTable(table, ['key', 'x'], [true, false]);
 */
export function sortTable(
  table: Table,
  by: string | readonly string[],
  ascending: boolean | readonly boolean[] = true,
): Table {
  const keys = columnList(table.schema, by, 'sort');
  if (keys.length === 0) throw new InvalidArgumentError('sort needs at least one column.');
  const dirs = directions(keys, ascending);
  const cols = columnsOf(table);
  const perm = sortPermutation(
    keys.map((k) => cols[columnIndex(table.schema, k)]),
    dirs,
    keys,
  );
  return makeTable(
    table.schema.fields,
    cols.map((c) => takeData(c, perm)),
    table.schema.metadata,
  );
}

defineTasks(import.meta.url, { sortTable });
