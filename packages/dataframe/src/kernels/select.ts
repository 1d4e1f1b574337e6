/**
 * `select`: keep the named columns, in the order given. Zero-copy: the chunks are shared.
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { InvalidArgumentError } from '../expr/errors.js';
import { columnIndex, columnList, columnsOf, makeTable } from './arrow/table.js';

/**
 * The table with only `columns`, in that order.
 *
 * @example
 * select(table, ['b', 'a']).schema.names; // ['b', 'a']
 */
export function select(table: Table, columns: string | readonly string[]): Table {
  const names = columnList(table.schema, columns, 'select');
  if (new Set(names).size !== names.length) {
    throw new InvalidArgumentError(`select: duplicate column names in ${JSON.stringify(names)}.`);
  }
  const cols = columnsOf(table);
  const idx = names.map((n) => columnIndex(table.schema, n));
  return makeTable(
    idx.map((i) => table.schema.fields[i]),
    idx.map((i) => cols[i]),
    table.schema.metadata,
  );
}

defineTasks(import.meta.url, { select });
