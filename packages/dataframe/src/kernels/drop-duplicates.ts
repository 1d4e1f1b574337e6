/**
 * `dropDuplicates`: keep one row per distinct combination of the `subset` columns (default: all),
 * the first or the last occurrence, in the original row order (pandas `drop_duplicates`). Nulls equal
 * each other here, as in pandas. Distributed: run it per partition, then `dropDuplicatesCombine` on
 * the partition results in order (any tree), which is the same kernel over their concatenation.
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { InvalidArgumentError } from '../expr/errors.js';
import { factorize, keyKinds } from './arrow/factorize.js';
import { columnIndex, columnList, columnsOf, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';
import { concatTables } from './concat-tables.js';

/** Options of dropDuplicates. */
export interface DropDuplicatesOptions {
  /** Columns that identify a duplicate (default: all). */
  readonly subset?: string | readonly string[];
  /** Which occurrence to keep (default 'first'). */
  readonly keep?: 'first' | 'last';
}

/**
 * The table without duplicate rows.
 *
 * @example
 * dropDuplicates(table, { subset: ['k'], keep: 'last' });
 */
export function dropDuplicates(table: Table, options: DropDuplicatesOptions = {}): Table {
  const keep = options.keep ?? 'first';
  if (keep !== 'first' && keep !== 'last')
    throw new InvalidArgumentError(`dropDuplicates: keep must be 'first' or 'last'.`);
  const subset = columnList(table.schema, options.subset, 'dropDuplicates');
  const cols = columnsOf(table);
  const n = table.numRows;
  if (subset.length === 0 || n === 0) return makeTable(table.schema.fields, cols, table.schema.metadata);
  const idx = subset.map((c) => columnIndex(table.schema, c));
  const {
    codes: [codes],
    count,
  } = factorize([idx.map((i) => cols[i])], keyKinds(idx.map((i) => table.schema.fields[i])), 'group');
  const chosen = new Int32Array(count).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (keep === 'last' || chosen[c] < 0) chosen[c] = i;
  }
  const rows = new Int32Array(count);
  let p = 0;
  for (let i = 0; i < n; i++) if (chosen[codes[i]] === i) rows[p++] = i;
  return makeTable(
    table.schema.fields,
    cols.map((c) => takeData(c, rows)),
    table.schema.metadata,
  );
}

/**
 * dropDuplicates over the concatenation of partition results (in partition order).
 *
 * @example
 * dropDuplicatesCombine([a, b], { subset: ['k'] });
 */
export function dropDuplicatesCombine(tables: readonly Table[], options: DropDuplicatesOptions = {}): Table {
  return dropDuplicates(concatTables(tables), options);
}

defineTasks(import.meta.url, { dropDuplicates, dropDuplicatesCombine });
