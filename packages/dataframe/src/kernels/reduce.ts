/**
 * Whole-table reductions — count, size, sum, mean, min, max, std, var, nunique, median, quantile,
 * first, last — as partial / combine / finalize triples for a tree reduction.
 *
 * A reduction is a groupby with no keys (the whole partition is one group), so it shares the
 * aggregators of groupby/ (Chan's parallel variance, the quantile sketch, nunique's value lists) and
 * their semantics: nulls are skipped, the sum of nothing is 0, mean/min/max/std/var of nothing are
 * null. The state is a one-row Arrow table (cheap to move as IPC); finalize returns a plain object
 * keyed by output name (`x_sum`, ... see groupby/spec.ts) with numbers, strings, booleans, Dates (for
 * date/timestamp min/max/first/last) or null.
 */

import { defineTasks } from '@tusk/core';
import { type Table, Type } from 'apache-arrow';
import type { AggSpec } from './groupby/spec.js';
import { groupbyCombine, groupbyFinalize, groupbyPartial } from './groupby.js';

/** A finalized reduction value. */
export type ReduceValue = number | string | boolean | Date | null;

/**
 * The one-row state of `aggs` over the rows of `table`.
 *
 * @example
 * const s = reducePartial(table, [{ column: 'x', agg: 'sum' }, { column: 'x', agg: 'std' }]);
 */
export function reducePartial(table: Table, aggs: readonly AggSpec[]): Table {
  return groupbyPartial(table, [], aggs);
}

/**
 * Merge states (in partition order) into one state of the same layout.
 *
 * @example
 * const s = reduceCombine([s1, s2, s3], aggs);
 */
export function reduceCombine(states: readonly Table[], aggs: readonly AggSpec[]): Table {
  return groupbyCombine(states, [], aggs);
}

/**
 * The reduction results as a one-row table (columns named like groupby outputs).
 *
 * @example
 * reduceFinalizeTable(s, aggs).schema.names; // ['x_sum', 'x_std']
 */
export function reduceFinalizeTable(state: Table, aggs: readonly AggSpec[]): Table {
  return groupbyFinalize(state, [], aggs);
}

/**
 * The reduction results keyed by output name.
 *
 * @example
 * reduceFinalize(reducePartial(table, [{ column: 'x', agg: 'mean' }]), [{ column: 'x', agg: 'mean' }]); // { x_mean: 2.5 }
 */
export function reduceFinalize(state: Table, aggs: readonly AggSpec[]): Record<string, ReduceValue> {
  const t = reduceFinalizeTable(state, aggs);
  const out: Record<string, ReduceValue> = {};
  for (const f of t.schema.fields) {
    const v = t.getChild(f.name)!.get(0) as unknown;
    if (v === null || v === undefined) out[f.name] = null;
    else if (f.type.typeId === Type.Date || f.type.typeId === Type.Timestamp)
      out[f.name] = new Date(Number(v));
    else if (typeof v === 'bigint') out[f.name] = Number(v);
    else out[f.name] = v as ReduceValue;
  }
  return out;
}

defineTasks(import.meta.url, { reducePartial, reduceCombine, reduceFinalize, reduceFinalizeTable });
