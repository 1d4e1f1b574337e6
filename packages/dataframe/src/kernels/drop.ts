/**
 * `drop`: remove the named columns (each must exist). Zero-copy.
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { columnList, columnsOf, makeTable } from './arrow/table.js';

/**
 * The table without `columns`.
 *
 * @example
 * drop(table, ['b']).schema.names; // ['a', 'c']
 */
export function drop(table: Table, columns: string | readonly string[]): Table {
  const gone = new Set(columnList(table.schema, columns, 'drop'));
  const cols = columnsOf(table);
  const keep = table.schema.fields.map((_, i) => i).filter((i) => !gone.has(table.schema.fields[i].name));
  return makeTable(
    keep.map((i) => table.schema.fields[i]),
    keep.map((i) => cols[i]),
    table.schema.metadata,
  );
}

defineTasks(import.meta.url, { drop });
