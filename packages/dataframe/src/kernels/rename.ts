/**
 * `rename`: rename columns by a `{ old: new }` mapping (every old name must exist; the result must not
 * have duplicate names). Zero-copy.
 */

import { defineTasks } from '@tusk/core';
import { Field, type Table } from 'apache-arrow';
import { InvalidArgumentError } from '../expr/errors.js';
import { columnList, columnsOf, makeTable } from './arrow/table.js';

/**
 * The table with columns renamed.
 *
 * @example
 * rename(table, { a: 'x' }).schema.names; // ['x', 'b']
 */
export function rename(table: Table, mapping: Readonly<Record<string, string>>): Table {
  columnList(table.schema, Object.keys(mapping), 'rename');
  const fields = table.schema.fields.map((f) =>
    Object.hasOwn(mapping, f.name) ? new Field(mapping[f.name], f.type, f.nullable, f.metadata) : f,
  );
  const names = fields.map((f) => f.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined)
    throw new InvalidArgumentError(`rename: the result would have two columns named '${dup}'.`);
  return makeTable(fields, columnsOf(table), table.schema.metadata);
}

defineTasks(import.meta.url, { rename });
