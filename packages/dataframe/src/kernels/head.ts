/**
 * `head` / `tail`: the first / last `n` rows, as zero-copy slices.
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { InvalidArgumentError } from '../expr/errors.js';
import { columnsOf, makeTable } from './arrow/table.js';
import { sliceData } from './arrow/take.js';

function checkN(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`${name}(n) takes a non-negative integer, got ${n}.`);
}

/**
 * The first `n` rows (all rows when the table is shorter).
 *
 * @example
 * head(table, 5).numRows; // min(5, table.numRows)
 */
export function head(table: Table, n: number): Table {
  checkN(n, 'head');
  const m = Math.min(n, table.numRows);
  return makeTable(
    table.schema.fields,
    columnsOf(table).map((c) => sliceData(c, 0, m)),
    table.schema.metadata,
  );
}

/**
 * The last `n` rows (all rows when the table is shorter).
 *
 * @example
 * tail(table, 5).numRows; // min(5, table.numRows)
 */
export function tail(table: Table, n: number): Table {
  checkN(n, 'tail');
  const m = Math.min(n, table.numRows);
  return makeTable(
    table.schema.fields,
    columnsOf(table).map((c) => sliceData(c, c.length - m, m)),
    table.schema.metadata,
  );
}

defineTasks(import.meta.url, { head, tail });
