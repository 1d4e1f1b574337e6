/**
 * `describe`: pandas-style summary statistics of numeric columns — count, mean, std, min, 25%, 50%,
 * 75%, max — as a tree reduction (the reductions of reduce.ts; the quartiles come from the quantile
 * sketch, exact up to 1024 values and within its stated bound beyond). The result is a table with a
 * `statistic` column and one float64 column per described column.
 */

import { defineTasks } from '@tusk/core';
import { type Data, Float64, type Schema, type Table } from 'apache-arrow';
import { dtypeOf, isNumeric } from '../expr/dtype.js';
import { DTypeError } from '../expr/errors.js';
import { columnIndex, field, makeTable } from './arrow/table.js';
import { utf8FromStrings } from './arrow/utf8.js';
import { f64Data } from './groupby/aggregator.js';
import type { AggSpec } from './groupby/spec.js';
import { reduceCombine, reduceFinalize, reducePartial } from './reduce.js';

const STATS = ['count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'] as const;

/**
 * The numeric (and bool) columns of a schema — what `describe` covers by default.
 *
 * @example
 * describeColumns(table.schema); // ['x', 'y']
 */
export function describeColumns(schema: Schema): string[] {
  return schema.fields
    .filter((f) => {
      const d = dtypeOf(f.type);
      return d !== undefined && isNumeric(d);
    })
    .map((f) => f.name);
}

/**
 * The reduction specs behind describe for `columns`.
 *
 * @example
 * describeAggs(['x']).length; // 8
 */
export function describeAggs(columns: readonly string[]): AggSpec[] {
  return columns.flatMap((c, i): AggSpec[] => [
    { column: c, agg: 'count', name: `${i}|count` },
    { column: c, agg: 'mean', name: `${i}|mean` },
    { column: c, agg: 'std', name: `${i}|std` },
    { column: c, agg: 'min', name: `${i}|min` },
    { column: c, agg: 'quantile', q: 0.25, name: `${i}|25%` },
    { column: c, agg: 'quantile', q: 0.5, name: `${i}|50%` },
    { column: c, agg: 'quantile', q: 0.75, name: `${i}|75%` },
    { column: c, agg: 'max', name: `${i}|max` },
  ]);
}

/**
 * The describe state of one partition (`columns` default: every numeric column).
 *
 * @example
 * const s = describePartial(table);
 */
export function describePartial(table: Table, columns?: readonly string[]): Table {
  const cols = columns ?? describeColumns(table.schema);
  for (const c of cols) {
    const d = dtypeOf(table.schema.fields[columnIndex(table.schema, c, 'describe')].type);
    if (d === undefined || !(isNumeric(d) || d === 'bool')) {
      throw new DTypeError(`describe covers numeric columns; column '${c}' is ${d}.`, c);
    }
  }
  return reducePartial(table, describeAggs(cols));
}

/**
 * Merge describe states (in partition order).
 *
 * @example
 * describeCombine([s1, s2], ['x']);
 */
export function describeCombine(states: readonly Table[], columns: readonly string[]): Table {
  return reduceCombine(states, describeAggs(columns));
}

/**
 * The describe table: `statistic` then one float64 column per described column.
 *
 * @example
 * describeFinalize(s, ['x']).schema.names; // ['statistic', 'x']
 */
export function describeFinalize(state: Table, columns: readonly string[]): Table {
  const r = reduceFinalize(state, describeAggs(columns));
  const fields = [field('statistic', utf8FromStrings([]).type)];
  const data: Data[] = [utf8FromStrings([...STATS])];
  columns.forEach((c, i) => {
    const values = new Float64Array(STATS.length);
    const valid = new Uint8Array(STATS.length);
    STATS.forEach((s, k) => {
      const v = r[`${i}|${s}`];
      if (v !== null) {
        values[k] = Number(v);
        valid[k] = 1;
      }
    });
    fields.push(field(c, new Float64()));
    data.push(f64Data(values, STATS.length, valid));
  });
  return makeTable(fields, data);
}

/**
 * One-shot describe of a single table.
 *
 * @example
 * describe(table);
 */
export function describe(table: Table, columns?: readonly string[]): Table {
  const cols = columns ?? describeColumns(table.schema);
  return describeFinalize(describePartial(table, cols), cols);
}

defineTasks(import.meta.url, { describePartial, describeCombine, describeFinalize, describe });
