/**
 * `dropna`: drop rows with nulls — with `how: 'any'` (default) a row goes when any of the `subset`
 * columns (default: all) is null; with `how: 'all'` only when all of them are. Nulls are Arrow nulls;
 * a float NaN is a value (use `filter(col('x').eq(col('x')))` to drop NaNs).
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { InvalidArgumentError } from '../expr/errors.js';
import { getBit } from './arrow/bitmap.js';
import { columnIndex, columnList, columnsOf, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';

/** Options of dropna. */
export interface DropnaOptions {
  /** Columns to look at (default: all). */
  readonly subset?: string | readonly string[];
  /** 'any' (default): drop when any is null; 'all': when all are. */
  readonly how?: 'any' | 'all';
}

/**
 * The rows without nulls in `subset`.
 *
 * @example
 * dropna(table, { subset: ['x'] });
 */
export function dropna(table: Table, options: DropnaOptions = {}): Table {
  const how = options.how ?? 'any';
  if (how !== 'any' && how !== 'all')
    throw new InvalidArgumentError(`dropna: how must be 'any' or 'all', got ${how}.`);
  const names = columnList(table.schema, options.subset, 'dropna');
  const cols = columnsOf(table);
  const n = table.numRows;
  const checked = names.map((nm) => cols[columnIndex(table.schema, nm)]).filter((c) => c.nullCount > 0);
  if (checked.length === 0 || (how === 'all' && checked.length < names.length)) {
    return makeTable(table.schema.fields, cols, table.schema.metadata);
  }
  // nulls[i] = number of checked columns null at row i
  const nulls = new Uint8Array(n);
  for (const c of checked) {
    const bits = c.nullBitmap;
    if (!bits || bits.length === 0) for (let i = 0; i < n; i++) nulls[i]++;
    else for (let i = 0; i < n; i++) nulls[i] += 1 - getBit(bits, c.offset + i);
  }
  const limit = how === 'any' ? 1 : names.length;
  let count = 0;
  for (let i = 0; i < n; i++) if (nulls[i] < limit) count++;
  const keep = new Int32Array(count);
  let p = 0;
  for (let i = 0; i < n; i++) if (nulls[i] < limit) keep[p++] = i;
  return makeTable(
    table.schema.fields,
    cols.map((c) => takeData(c, keep)),
    table.schema.metadata,
  );
}

defineTasks(import.meta.url, { dropna });
