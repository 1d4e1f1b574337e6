/**
 * groupby: split-apply-combine without holding the data.
 *
 * Every partition is reduced to per-group states (sums, counts, M2 for variance, ...; see
 * kernels/groupby). With `splitOut: 1` (the default) the states meet in a tree of combines and one
 * finalize — right when the groups are few (thousands), since the states are then tiny. With
 * `splitOut: n` the states are hash-partitioned by key into n pieces and each output partition
 * combines its own pieces — for millions of groups, where one partition could not hold them all.
 */

import { blockKey, TuskError } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { kernel, layerName, partitionKeys, shuffleLayer, treeLayer } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { projectColumns } from '../frame/projection.js';
import { emptyTable } from '../kernels/arrow/table.js';
import { groupbyCombineFinalize, groupbyPartialSplit } from '../kernels/frame-glue.js';
import { AGG_NAMES, type AggName, type AggSpec } from '../kernels/groupby/spec.js';
import {
  groupbyCombine,
  groupbyFinalize,
  groupby as groupbyKernel,
  groupbyPartial,
} from '../kernels/groupby.js';

export interface GroupByOptions {
  /** Number of output partitions (default 1: a tree reduction). Use more for millions of groups. */
  splitOut?: number;
  /** Fan-in of the combine tree (default 8). */
  splitEvery?: number;
}

/** Aggregations per column: `{ x: ['sum', 'mean'], y: 'count' }`, or explicit specs. */
export type AggInput = Readonly<Record<string, AggName | readonly AggName[]>> | readonly AggSpec[];

function toSpecs(input: AggInput): AggSpec[] {
  if (Array.isArray(input)) return [...(input as readonly AggSpec[])];
  const specs: AggSpec[] = [];
  for (const [column, aggs] of Object.entries(input as Record<string, AggName | readonly AggName[]>)) {
    for (const agg of typeof aggs === 'string' ? [aggs] : aggs) {
      if (!AGG_NAMES.includes(agg)) {
        throw new TuskError(
          `Unknown aggregation '${agg}' for column '${column}'. Known: ${AGG_NAMES.join(', ')}.`,
        );
      }
      specs.push({ column, agg });
    }
  }
  if (specs.length === 0) throw new TuskError('groupby().agg() needs at least one aggregation.');
  return specs;
}

export class GroupBy {
  private readonly keys: string[];
  constructor(
    private readonly df: DataFrame,
    keys: string | readonly string[],
    private readonly options: GroupByOptions = {},
  ) {
    this.keys = typeof keys === 'string' ? [keys] : [...keys];
    const missing = this.keys.filter((k) => !df.columns.includes(k));
    if (missing.length > 0) {
      throw new TuskError(
        `groupby: no column ${missing.map((m) => `'${m}'`).join(', ')}. Columns: ${df.columns.join(', ')}.`,
      );
    }
    const s = options.splitOut ?? 1;
    if (!Number.isInteger(s) || s < 1)
      throw new TuskError(`groupby: splitOut must be a positive integer, got ${s}.`);
  }

  /** Aggregate: `agg({ x: ['sum', 'mean'] })` gives columns `key, x_sum, x_mean`. */
  agg(input: AggInput): DataFrame {
    return aggregate(this.df, this.keys, toSpecs(input), this.options);
  }

  /** One column's aggregations: `groupby('k').col('x').mean()` gives columns `k, x`. */
  col(column: string): SeriesGroupBy {
    return new SeriesGroupBy(this.df, this.keys, column, this.options);
  }

  /** Rows per group (column `size`). */
  size(): DataFrame {
    return aggregate(this.df, this.keys, [{ agg: 'size' } as AggSpec], this.options);
  }
}

export class SeriesGroupBy {
  constructor(
    private readonly df: DataFrame,
    private readonly keys: readonly string[],
    private readonly column: string,
    private readonly options: GroupByOptions,
  ) {}
  private one(agg: AggName): DataFrame {
    return aggregate(this.df, this.keys, [{ column: this.column, agg, name: this.column }], this.options);
  }
  sum(): DataFrame {
    return this.one('sum');
  }
  mean(): DataFrame {
    return this.one('mean');
  }
  count(): DataFrame {
    return this.one('count');
  }
  min(): DataFrame {
    return this.one('min');
  }
  max(): DataFrame {
    return this.one('max');
  }
  std(): DataFrame {
    return this.one('std');
  }
  var(): DataFrame {
    return this.one('var');
  }
  first(): DataFrame {
    return this.one('first');
  }
  last(): DataFrame {
    return this.one('last');
  }
  nunique(): DataFrame {
    return this.one('nunique');
  }
  /** Several aggregations of this column: columns `<column>_<agg>`. */
  agg(aggs: readonly AggName[]): DataFrame {
    return aggregate(
      this.df,
      this.keys,
      aggs.map((agg) => ({ column: this.column, agg })),
      this.options,
    );
  }
}

/** The grouped aggregation of `df` (see the module header for the two strategies). */
export function aggregate(
  df: DataFrame,
  keys: readonly string[],
  aggs: AggSpec[],
  options: GroupByOptions,
): DataFrame {
  df = projectColumns(df, [...keys, ...aggs.flatMap((a) => (a.column === undefined ? [] : [a.column]))]);
  const meta = (groupbyKernel(emptyTable(df.meta), keys, aggs) as Table).schema;
  const splitOut = options.splitOut ?? 1;
  const name = layerName('groupby', df.name, keys, aggs, splitOut);
  const inputs = partitionKeys(df.name, df.npartitions);
  if (splitOut === 1) {
    const { layer } = treeLayer(
      name,
      inputs,
      {
        partial: kernel(groupbyPartial),
        partialArgs: [keys, aggs],
        combine: kernel(groupbyCombine),
        combineArgs: [keys, aggs],
        finalize: kernel(groupbyFinalize),
        finalizeArgs: [keys, aggs],
        splitEvery: options.splitEvery,
      },
      [df.__tusk_layer()],
      blockKey(name, [0]),
    );
    return new DataFrame(name, layer, 1, meta);
  }
  const layer = shuffleLayer(
    name,
    inputs,
    splitOut,
    { fn: kernel(groupbyPartialSplit), args: [keys, aggs, splitOut] },
    { fn: kernel(groupbyCombineFinalize), args: [keys, aggs] },
    [df.__tusk_layer()],
  );
  return new DataFrame(name, layer, splitOut, meta);
}
