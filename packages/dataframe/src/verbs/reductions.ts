/**
 * Whole-frame and single-column reductions as tree reductions: a partial state per partition, states
 * combined `splitEvery` at a time, then finalized — so memory holds a few small states, never the
 * data. Results are Delayed values (Dask's Scalar): `await df.col('x').mean().compute()`.
 */

import { Delayed, type Layer } from '@tusk/core';
import { DataType, type Schema, type Table } from 'apache-arrow';
import { kernel, layerName, partitionKeys, treeLayer } from '../frame/build.js';
import type { DataFrame } from '../frame/dataframe.js';
import { describeColumns, describeCombine, describeFinalize, describePartial } from '../kernels/describe.js';
import { numRows, reduceValue, sumNumbers } from '../kernels/frame-glue.js';
import type { AggName, AggSpec } from '../kernels/groupby/spec.js';
import { type ReduceValue, reduceCombine, reduceFinalize, reducePartial } from '../kernels/reduce.js';

/** Reductions offered on whole frames (per column). */
export type FrameReduction = Extract<
  AggName,
  'count' | 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var' | 'nunique' | 'quantile'
>;

function isNumeric(t: DataType): boolean {
  return DataType.isInt(t) || DataType.isFloat(t) || DataType.isDecimal(t);
}

/** The columns a frame-wide reduction covers (pandas' numeric_only for arithmetic reductions). */
function reductionColumns(meta: Schema, agg: FrameReduction): string[] {
  return meta.fields
    .filter((f) => {
      if (agg === 'count' || agg === 'nunique') return true;
      if (agg === 'min' || agg === 'max')
        return isNumeric(f.type) || DataType.isDate(f.type) || DataType.isTimestamp(f.type);
      return isNumeric(f.type);
    })
    .map((f) => f.name);
}

function delayedTree(
  df: DataFrame,
  prefix: string,
  aggs: readonly AggSpec[],
  finalize: [unknown, unknown[]],
): Delayed<any> {
  const name = layerName(prefix, df.name, aggs);
  const { layer, key } = treeLayer(
    name,
    partitionKeys(df.name, df.npartitions),
    {
      partial: kernel(reducePartial),
      partialArgs: [aggs],
      combine: kernel(reduceCombine),
      combineArgs: [aggs],
      finalize: kernel(finalize[0] as (...a: any[]) => unknown),
      finalizeArgs: finalize[1],
    },
    [df.__tusk_layer() as Layer],
  );
  return new Delayed(key, layer);
}

/** `agg` of every eligible column: a Delayed of `{ column: value }`. */
export function reduceColumns(
  df: DataFrame,
  agg: FrameReduction,
  q?: number,
): Delayed<Record<string, ReduceValue>> {
  const aggs: AggSpec[] = reductionColumns(df.meta, agg).map((column) =>
    agg === 'quantile' ? { column, agg, q, name: column } : { column, agg, name: column },
  );
  return delayedTree(df, `${agg}-agg`, aggs, [reduceFinalize, [aggs]]);
}

/** `agg` of one column: a Delayed of the value. */
export function reduceColumn(
  df: DataFrame,
  column: string,
  agg: AggName,
  extra: { q?: number; ddof?: number } = {},
): Delayed<ReduceValue> {
  const aggs: AggSpec[] = [{ column, agg, name: 'value', ...extra }];
  return delayedTree(df, `${column}-${agg}`, aggs, [reduceValue, [aggs, 'value']]);
}

/** Number of rows. */
export function len(df: DataFrame): Delayed<number> {
  const name = layerName('len', df.name);
  const { layer, key } = treeLayer(
    name,
    partitionKeys(df.name, df.npartitions),
    { partial: kernel(numRows), combine: kernel(sumNumbers) },
    [df.__tusk_layer() as Layer],
  );
  return new Delayed(key, layer);
}

/** count, mean, std, min, quartiles (approximate) and max of the numeric columns, as a table. */
export function describe(df: DataFrame): Delayed<Table> {
  const columns = describeColumns(df.meta);
  const name = layerName('describe', df.name, columns);
  const { layer, key } = treeLayer(
    name,
    partitionKeys(df.name, df.npartitions),
    {
      partial: kernel(describePartial),
      partialArgs: [columns],
      combine: kernel(describeCombine),
      combineArgs: [columns],
      finalize: kernel(describeFinalize),
      finalizeArgs: [columns],
    },
    [df.__tusk_layer() as Layer],
  );
  return new Delayed(key, layer);
}
