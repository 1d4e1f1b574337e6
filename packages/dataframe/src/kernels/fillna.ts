/**
 * `fillna`: replace nulls with values — one value for every column that can hold it (a number for
 * numeric columns, a string for string/category columns, a boolean for bool columns, a Date or ISO
 * string for date/timestamp columns; other columns are left alone, as pandas does), or a
 * `{ column: value }` mapping (each named column must exist and accept its value). An integer column
 * filled with a fractional number becomes float64. Uses the `fillNull` expression.
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { litNode, type Scalar } from '../expr/ast.js';
import { compileExpr } from '../expr/compile.js';
import { parseIsoMs } from '../expr/datetime.js';
import { type DType, dtypeOf, isNumeric, isStringLike, isTemporal } from '../expr/dtype.js';
import { columnIndex, columnsOf, field, makeTable } from './arrow/table.js';

/** A fill value. */
export type FillValue = Scalar | Date;

function accepts(d: DType | undefined, v: FillValue): boolean {
  if (d === undefined || v === null) return false;
  if (v instanceof Date) return isTemporal(d);
  if (typeof v === 'number') return isNumeric(d);
  if (typeof v === 'boolean') return d === 'bool';
  return isStringLike(d) || (isTemporal(d) && !Number.isNaN(parseIsoMs(v)));
}

/**
 * The table with nulls replaced.
 *
 * @example
 * fillna(table, 0); // every numeric column
 * fillna(table, { x: 0, cat: 'unknown' });
 */
export function fillna(table: Table, values: FillValue | Readonly<Record<string, FillValue>>): Table {
  const fields = [...table.schema.fields];
  const cols = [...columnsOf(table)];
  const perColumn =
    values !== null && typeof values === 'object' && !(values instanceof Date)
      ? Object.entries(values)
      : fields
          .filter((f) => accepts(dtypeOf(f.type), values as FillValue))
          .map((f) => [f.name, values as FillValue] as const);
  for (const [name, v] of perColumn) {
    const i = columnIndex(table.schema, name, 'fillna');
    if (v === null) continue;
    const compiled = compileExpr({ op: 'fillNull', args: [{ op: 'col', name }, litNode(v)] }, table.schema);
    cols[i] = compiled.evaluateData(columnsOf(table), table.numRows);
    fields[i] = field(name, cols[i].type);
  }
  return makeTable(fields, cols, table.schema.metadata);
}

defineTasks(import.meta.url, { fillna });
