/**
 * `filter`: keep the rows where a boolean expression is true (null and false rows are dropped, as in
 * SQL WHERE). The predicate is compiled against the table's schema and evaluated on byte masks; the
 * kept row indices are gathered once per column with `takeData`. A predicate true on every row returns
 * the input table unchanged.
 */

import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { type ExprInput, formatExpr, toNode } from '../expr/ast.js';
import { compileExpr } from '../expr/compile.js';
import { DTypeError } from '../expr/errors.js';
import type { Val } from '../expr/values.js';
import { columnsOf, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';

/**
 * Row indices where a boolean value is true; `null` when every row is.
 *
 * @example
 * selection(boolVal, n); // Int32Array of kept rows
 */
export function selection(val: Val, n: number): Int32Array | null {
  if (val.k === 'scalar') return val.value === true ? null : new Int32Array(0);
  if (val.k !== 'bool') throw new DTypeError('filter expects a boolean expression.');
  const v = val.v;
  const m = val.valid;
  let count = 0;
  if (m === null) for (let i = 0; i < n; i++) count += v[i];
  else for (let i = 0; i < n; i++) count += v[i] & m[i];
  if (count === n) return null;
  const out = new Int32Array(count);
  let p = 0;
  if (m === null) {
    for (let i = 0; i < n; i++) if (v[i]) out[p++] = i;
  } else {
    for (let i = 0; i < n; i++) if (v[i] & m[i]) out[p++] = i;
  }
  return out;
}

/**
 * The rows of `table` where `predicate` is true.
 *
 * @example
 * filter(table, col('x').gt(3).and(col('cat').isIn(['a', 'b'])));
 */
export function filter(table: Table, predicate: ExprInput): Table {
  const node = toNode(predicate);
  const compiled = compileExpr(node, table.schema);
  if (compiled.dtype !== 'bool' && compiled.dtype !== 'null') {
    throw new DTypeError(
      `filter expects a boolean expression, got a ${compiled.dtype} expression ${formatExpr(node)}.`,
    );
  }
  const cols = columnsOf(table);
  const n = table.numRows;
  const keep = selection(compiled.evaluateVal(cols, n), n);
  if (keep === null) return makeTable(table.schema.fields, cols, table.schema.metadata);
  return makeTable(
    table.schema.fields,
    cols.map((c) => takeData(c, keep)),
    table.schema.metadata,
  );
}

defineTasks(import.meta.url, { filter });
