/**
 * Hash aggregation as a tree reduction: `groupbyPartial` per partition → `groupbyCombine` of several
 * partials (any number of times) → `groupbyFinalize`.
 *
 * Partial: the key columns are factorized to dense group ids (factorize.ts: dictionary keys look each
 * dictionary entry up once; string keys hash their UTF-8 bytes with no JavaScript string per row;
 * several keys combine their codes), then every aggregation updates typed-array state per group in one
 * pass (groupby/*.ts). The result is a small Arrow table: the key columns (first-appearance order) and
 * the state columns `<i>:<stat>` of aggregation i (see groupby/spec.ts). Combine concatenates such
 * tables, factorizes their keys again and merges the states; its output has the same layout, so
 * combines nest. Finalize turns states into outputs named like pandas' flattened agg (`x_sum`,
 * `x_mean`, `size`) and, by default, sorts by the keys (nulls last). Null keys are dropped (pandas
 * `dropna=True`) unless `{ dropna: false }`, which keeps them as one group.
 * With no keys the whole partition is one group: that is how whole-table reductions run (reduce.ts).
 * Reference: dask `groupby.aggregate` (chunk / combine / aggregate), pandas `groupby.agg`.
 */

import { defineTasks } from '@tusk/core';
import type { Data, Field, Table } from 'apache-arrow';
import { InvalidArgumentError } from '../expr/errors.js';
import { factorize, keyKinds, type NullKeys } from './arrow/factorize.js';
import { columnIndex, columnList, columnsOf, field, makeTable } from './arrow/table.js';
import { takeData } from './arrow/take.js';
import { concatTables } from './concat-tables.js';
import type { GroupContext } from './groupby/aggregator.js';
import { aggregatorFor } from './groupby/aggregators.js';
import { type AggSpec, outputName, type ResolvedAgg, resolveAggs, stateName } from './groupby/spec.js';
import { sortTable } from './sort.js';

/** Options of groupbyPartial. */
export interface GroupbyPartialOptions {
  /** Drop rows whose key has a null (default true, like pandas); false keeps them as one group. */
  readonly dropna?: boolean;
}

/** Options of groupbyFinalize. */
export interface GroupbyFinalizeOptions {
  /** Sort the result by the keys (default true, like pandas); false keeps first-appearance order. */
  readonly sort?: boolean;
}

/** Group ids of the rows of a table by `keys`, and the first row of each group. */
function groupRows(
  table: Table,
  cols: Data[],
  keys: readonly string[],
  nulls: NullKeys,
): [GroupContext, Int32Array] {
  const n = table.numRows;
  if (keys.length === 0) return [{ codes: null, groups: 1, rows: n, memo: new Map() }, new Int32Array(0)];
  const keyIdx = keys.map((k) => columnIndex(table.schema, k, 'groupby'));
  const kinds = keyKinds(keyIdx.map((i) => table.schema.fields[i]));
  const {
    codes: [codes],
    count,
  } = factorize([keyIdx.map((i) => cols[i])], kinds, nulls);
  const first = new Int32Array(count).fill(-1);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    if (c < 0)
      codes[i] = count; // the sink group
    else if (first[c] < 0) first[c] = i;
  }
  return [{ codes, groups: count, rows: n, memo: new Map() }, first];
}

function keyColumns(
  table: Table,
  cols: Data[],
  keys: readonly string[],
  first: Int32Array,
): [Field[], Data[]] {
  const idx = keys.map((k) => columnIndex(table.schema, k, 'groupby'));
  return [idx.map((i) => table.schema.fields[i]), idx.map((i) => takeData(cols[i], first))];
}

function checkKeys(table: Table, keys: string | readonly string[]): string[] {
  const list = columnList(table.schema, keys, 'groupby');
  if (new Set(list).size !== list.length)
    throw new InvalidArgumentError(`groupby: duplicate keys ${JSON.stringify(list)}.`);
  return list;
}

/**
 * Per-partition aggregation states (see the module header for the layout).
 *
 * @example
 * const p = groupbyPartial(table, ['key'], [{ column: 'x', agg: 'sum' }, { column: 'x', agg: 'mean' }]);
 */
export function groupbyPartial(
  table: Table,
  keys: string | readonly string[],
  aggs: readonly AggSpec[],
  options: GroupbyPartialOptions = {},
): Table {
  const keyList = checkKeys(table, keys);
  const specs = resolveAggs(table.schema, keyList, aggs);
  for (const s of specs) aggregatorFor(s.agg).check(s);
  const cols = columnsOf(table);
  const [ctx, first] = groupRows(table, cols, keyList, options.dropna === false ? 'group' : 'drop');
  const [fields, columns] = keyColumns(table, cols, keyList, first);
  for (const s of specs) {
    const agg = aggregatorFor(s.agg);
    const values = s.column === undefined ? null : cols[columnIndex(table.schema, s.column)];
    agg.partial(ctx, values, s).forEach((d, k) => {
      fields.push(field(stateName(s.index, agg.stats[k]), d.type));
      columns.push(d);
    });
  }
  return makeTable(fields, columns);
}

function stateColumns(table: Table, cols: Data[], s: ResolvedAgg): Data[] {
  return aggregatorFor(s.agg).stats.map(
    (st) => cols[columnIndex(table.schema, stateName(s.index, st), 'groupby combine')],
  );
}

/** The specs as seen by combine/finalize (no input schema at hand: the state columns carry the types). */
function specsOf(aggs: readonly AggSpec[]): ResolvedAgg[] {
  if (!Array.isArray(aggs))
    throw new InvalidArgumentError('aggregations must be an array of { column, agg } specs.');
  return aggs.map((spec, index) => ({ ...spec, index, dtype: undefined, name: outputName(spec) }));
}

/**
 * Merge partial (or combined) states of the same keys and aggregations, in partition order.
 *
 * @example
 * const c = groupbyCombine([p1, p2], ['key'], aggs);
 */
export function groupbyCombine(
  partials: readonly Table[],
  keys: string | readonly string[],
  aggs: readonly AggSpec[],
): Table {
  const all = concatTables(partials);
  const keyList = checkKeys(all, keys);
  const specs = specsOf(aggs);
  const cols = columnsOf(all);
  const [ctx, first] = groupRows(all, cols, keyList, 'group');
  const [fields, columns] = keyColumns(all, cols, keyList, first);
  for (const s of specs) {
    const agg = aggregatorFor(s.agg);
    agg.combine(ctx, stateColumns(all, cols, s), s).forEach((d, k) => {
      fields.push(field(stateName(s.index, agg.stats[k]), d.type));
      columns.push(d);
    });
  }
  return makeTable(fields, columns);
}

/**
 * The aggregation result from combined states: key columns then one column per aggregation.
 *
 * @example
 * groupbyFinalize(c, ['key'], aggs).schema.names; // ['key', 'x_sum', 'x_mean']
 */
export function groupbyFinalize(
  combined: Table,
  keys: string | readonly string[],
  aggs: readonly AggSpec[],
  options: GroupbyFinalizeOptions = {},
): Table {
  const keyList = checkKeys(combined, keys);
  const specs = specsOf(aggs);
  const cols = columnsOf(combined);
  const G = combined.numRows;
  const fields: Field[] = keyList.map((k) => combined.schema.fields[columnIndex(combined.schema, k)]);
  const columns: Data[] = keyList.map((k) => cols[columnIndex(combined.schema, k)]);
  for (const s of specs) {
    const out = aggregatorFor(s.agg).finalize(stateColumns(combined, cols, s), G, s);
    fields.push(field(s.name, out.type));
    columns.push(out);
  }
  const result = makeTable(fields, columns);
  return options.sort === false || keyList.length === 0 ? result : sortTable(result, keyList);
}

/**
 * One-shot aggregation of a single table: finalize(partial(table)).
 *
 * @example
 * groupby(table, ['key'], [{ column: 'x', agg: 'mean' }]);
 */
export function groupby(
  table: Table,
  keys: string | readonly string[],
  aggs: readonly AggSpec[],
  options: GroupbyPartialOptions & GroupbyFinalizeOptions = {},
): Table {
  return groupbyFinalize(groupbyPartial(table, keys, aggs, options), keys, aggs, options);
}

defineTasks(import.meta.url, { groupbyPartial, groupbyCombine, groupbyFinalize, groupby });
