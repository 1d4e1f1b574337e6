/**
 * `valueCounts`: how many rows hold each distinct value (or combination of values) — a groupby
 * `size` with the result sorted by count, descending, ties in first-appearance order (pandas
 * `value_counts`). Null values are dropped unless `{ dropna: false }`. The count column is `count`
 * (float64), or `proportion` with `normalize`.
 */

import { defineTasks } from '@tusk/core';
import { Float64, makeData, type Table } from 'apache-arrow';
import { readNumbers } from './arrow/numbers.js';
import { columnList, columnsOf, field, makeTable } from './arrow/table.js';
import type { AggSpec } from './groupby/spec.js';
import { groupbyCombine, groupbyFinalize, groupbyPartial } from './groupby.js';
import { sortTable } from './sort.js';

const COUNT: AggSpec[] = [{ agg: 'size', name: 'count' }];

/** Options of valueCountsFinalize. */
export interface ValueCountsOptions {
  /** Sort by count (default true). */
  readonly sort?: boolean;
  /** Ascending counts (default false: most frequent first). */
  readonly ascending?: boolean;
  /** Divide counts by the total, in a column named `proportion` (default false). */
  readonly normalize?: boolean;
}

/**
 * Per-partition counts of `columns` (a partial state).
 *
 * @example
 * const p = valueCountsPartial(table, 'cat');
 */
export function valueCountsPartial(
  table: Table,
  columns: string | readonly string[],
  options: { dropna?: boolean } = {},
): Table {
  return groupbyPartial(table, columnList(table.schema, columns, 'valueCounts'), COUNT, options);
}

/**
 * Merge partial counts.
 *
 * @example
 * const c = valueCountsCombine([p1, p2], 'cat');
 */
export function valueCountsCombine(partials: readonly Table[], columns: string | readonly string[]): Table {
  return groupbyCombine(partials, typeof columns === 'string' ? [columns] : columns, COUNT);
}

/**
 * The value counts table: the value column(s) then `count` (or `proportion`).
 *
 * @example
 * valueCountsFinalize(c, 'cat').schema.names; // ['cat', 'count']
 */
export function valueCountsFinalize(
  combined: Table,
  columns: string | readonly string[],
  options: ValueCountsOptions = {},
): Table {
  const keys = typeof columns === 'string' ? [columns] : columns;
  let t = groupbyFinalize(combined, keys, COUNT, { sort: false });
  if (options.normalize) {
    const cols = columnsOf(t);
    const counts = readNumbers(cols[keys.length]);
    let total = 0;
    for (let i = 0; i < counts.length; i++) total += counts[i];
    const p = new Float64Array(counts.length);
    for (let i = 0; i < counts.length; i++) p[i] = counts[i] / total;
    const fields = [...t.schema.fields];
    fields[keys.length] = field('proportion', new Float64());
    cols[keys.length] = makeData({ type: new Float64(), length: p.length, nullCount: 0, data: p });
    t = makeTable(fields, cols);
  }
  if (options.sort === false) return t;
  return sortTable(t, options.normalize ? 'proportion' : 'count', options.ascending ?? false);
}

/**
 * One-shot value counts of a single table.
 *
 * @example
 * valueCounts(table, 'cat');
 */
export function valueCounts(
  table: Table,
  columns: string | readonly string[],
  options: ValueCountsOptions & { dropna?: boolean } = {},
): Table {
  return valueCountsFinalize(valueCountsPartial(table, columns, options), columns, options);
}

defineTasks(import.meta.url, { valueCountsPartial, valueCountsCombine, valueCountsFinalize, valueCounts });
