/**
 * `astype`: cast columns to other dtypes (`{ column: dtype }`), with the rules of the `cast`
 * expression (see expr/ops/cast.ts): numbers truncate toward zero into ints (overflow throws), strings
 * parse (unparseable → null), anything formats to string, string ↔ category re-encodes.
 */

import { defineTasks } from '@tusk/core';
import type { Data, Table } from 'apache-arrow';
import { compileExpr } from '../expr/compile.js';
import { checkDType, type DType, requireDType } from '../expr/dtype.js';
import { cast } from '../expr/ops/cast.js';
import { readVal, toData } from '../expr/values.js';
import { columnIndex, columnsOf, field, makeTable } from './arrow/table.js';

/**
 * The table with the named columns cast.
 *
 * @example
 * astype(table, { x: 'float64', cat: 'category' });
 */
export function astype(table: Table, dtypes: Readonly<Record<string, DType>>): Table {
  const fields = [...table.schema.fields];
  const cols = [...columnsOf(table)];
  for (const [name, d] of Object.entries(dtypes)) {
    const i = columnIndex(table.schema, name, 'astype');
    const to = checkDType(d, `astype column '${name}'`);
    const compiled = compileExpr({ op: 'cast', args: [{ op: 'col', name }], dtype: to }, table.schema);
    cols[i] = compiled.evaluateData(columnsOf(table), table.numRows);
    fields[i] = field(name, cols[i].type);
  }
  return makeTable(fields, cols, table.schema.metadata);
}

/**
 * One chunk cast to another dtype (the `cast` expression on a single column).
 *
 * @example
 * castData(int32Chunk, 'float64');
 */
export function castData(data: Data, to: DType): Data {
  const from = requireDType(data.type, 'column');
  if (from === to) return data;
  return toData(cast(readVal(data, from), from, to, data.length), to, data.length);
}

defineTasks(import.meta.url, { astype });
