/**
 * `hashPartition`: split a table into n tables by a stable hash of key columns — the map side of a
 * shuffle (groupby with many groups, joins, set_index). Equal keys land in the same output index on
 * every worker thread and process: the hash depends only on the key values (arrow/hash.ts: numbers by
 * value whatever their storage type, strings by UTF-8 bytes, plain and dictionary alike; no seeds).
 * Rows keep their relative order within each output; null keys all go to one partition.
 */

import { defineTasks } from '@tusk/core';
import { type Data, type Table, Type } from 'apache-arrow';
import { requireDType } from '../expr/dtype.js';
import { InvalidArgumentError } from '../expr/errors.js';
import { keyKind } from './arrow/factorize.js';
import { combineHash, hashBytes, hashNumber, NULL_HASH } from './arrow/hash.js';
import { readNumbers } from './arrow/numbers.js';
import { columnIndex, columnList, columnsOf, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';
import { dictionaryUtf8, readUtf8 } from './arrow/utf8.js';
import { validityOf } from './groupby/aggregator.js';

/** Hash of every row of one key column. */
function hashColumn(data: Data, column: string): Int32Array {
  const n = data.length;
  const out = new Int32Array(n);
  const kind = keyKind(requireDType(data.type, column), column);
  if (kind === 'number') {
    const v = readNumbers(data);
    for (let i = 0; i < n; i++) out[i] = hashNumber(v[i]);
  } else if (data.type.typeId === Type.Dictionary) {
    const { offsets, bytes } = dictionaryUtf8(data);
    const m = offsets.length - 1;
    const entry = new Int32Array(m);
    for (let d = 0; d < m; d++) entry[d] = hashBytes(bytes, offsets[d], offsets[d + 1]);
    const idx = readNumbers(data);
    for (let i = 0; i < n; i++) out[i] = entry[idx[i]];
  } else {
    const { offsets, bytes } = readUtf8(data);
    for (let i = 0; i < n; i++) out[i] = hashBytes(bytes, offsets[i], offsets[i + 1]);
  }
  const [bits, off] = validityOf(data);
  if (bits !== null) {
    for (let i = 0; i < n; i++) {
      const j = off + i;
      if (!((bits[j >> 3] >> (j & 7)) & 1)) out[i] = NULL_HASH;
    }
  }
  return out;
}

/**
 * The stable hash of the key columns of every row.
 *
 * @example
 * hashRows([keyChunk], ['k']); // Int32Array
 */
export function hashRows(keys: readonly Data[], names: readonly string[]): Int32Array {
  let h = hashColumn(keys[0], names[0]);
  for (let k = 1; k < keys.length; k++) {
    const next = hashColumn(keys[k], names[k]);
    for (let i = 0; i < h.length; i++) next[i] = combineHash(h[i], next[i]);
    h = next;
  }
  return h;
}

/**
 * Split `table` into `n` tables by hash of `keys` (output i holds the rows whose hash mod n is i).
 *
 * @example
 * const parts = hashPartition(table, ['key'], 8); // 8 tables
 */
export function hashPartition(table: Table, keys: string | readonly string[], n: number): Table[] {
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`hashPartition: n must be a positive integer, got ${n}.`);
  const names = columnList(table.schema, keys, 'hashPartition');
  if (names.length === 0) throw new InvalidArgumentError('hashPartition needs at least one key column.');
  const cols = columnsOf(table);
  const rows = table.numRows;
  const part = new Int32Array(rows);
  if (n > 1 && rows > 0) {
    const h = hashRows(
      names.map((k) => cols[columnIndex(table.schema, k)]),
      names,
    );
    for (let i = 0; i < rows; i++) part[i] = (h[i] >>> 0) % n;
  }
  // counting sort of row indices by partition (stable)
  const start = new Int32Array(n + 1);
  for (let i = 0; i < rows; i++) start[part[i] + 1]++;
  for (let p = 0; p < n; p++) start[p + 1] += start[p];
  const order = new Int32Array(rows);
  const fill = start.slice(0, n);
  for (let i = 0; i < rows; i++) order[fill[part[i]]++] = i;
  const out: Table[] = [];
  for (let p = 0; p < n; p++) {
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

defineTasks(import.meta.url, { hashPartition });
