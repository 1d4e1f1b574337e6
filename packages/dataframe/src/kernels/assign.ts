/**
 * `assign`: add or replace columns computed by expressions. Expressions run in the order given and
 * each sees the columns assigned before it (like pandas `assign`); a replaced column keeps its
 * position, new columns are appended. A bare `col('x')` is zero-copy.
 */

import { defineTasks } from '@tusk/core';
import type { Data, Field, Table } from 'apache-arrow';
import type { ExprInput } from '../expr/ast.js';
import { compileExpr } from '../expr/compile.js';
import { InvalidArgumentError } from '../expr/errors.js';
import { columnsOf, field, makeTable } from './arrow/table.js';

/**
 * The table with `columns` (name → expression) added or replaced.
 *
 * @example
 * assign(table, { total: col('price').mul(col('qty')), big: col('qty').gt(10) });
 */
export function assign(table: Table, columns: Readonly<Record<string, ExprInput>>): Table {
  if (typeof columns !== 'object' || columns === null) {
    throw new InvalidArgumentError('assign takes an object mapping column names to expressions.');
  }
  let current = table;
  let cols: Data[] = columnsOf(table);
  for (const [name, expr] of Object.entries(columns)) {
    const compiled = compileExpr(expr, current.schema);
    const data = compiled.evaluateData(cols, current.numRows);
    const fields: Field[] = [...current.schema.fields];
    const at = fields.findIndex((f) => f.name === name);
    const f = field(name, data.type);
    cols = [...cols];
    if (at >= 0) {
      fields[at] = f;
      cols[at] = data;
    } else {
      fields.push(f);
      cols.push(data);
    }
    current = makeTable(fields, cols, table.schema.metadata);
    cols = columnsOf(current);
  }
  return current;
}

defineTasks(import.meta.url, { assign });
