/**
 * Partition-wise verbs: each output partition depends on one input partition (select, filter,
 * assign, drop, rename, astype, dropna, fillna, dropDuplicates, mapPartitions). The output schema is
 * found by running the kernel on a zero-row table of the input schema — so a bad column name or an
 * expression of the wrong type fails here, when the frame is built, not halfway through a run.
 */

import { blockKey, describeValue, functionRef, TuskError } from '@tusk/core';
import type { Schema, Table } from 'apache-arrow';
import { columnsOf, type ExprInput, toNode } from '../expr/ast.js';
import type { DType } from '../expr/dtype.js';
import { kernel, layerName, mapLayer, partitionKeys, treeLayer } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { projectColumns, pushFilter, registerFilter, registerProjection } from '../frame/projection.js';
import { emptyTable } from '../kernels/arrow/table.js';
import { assign as assignKernel } from '../kernels/assign.js';
import { astype as astypeKernel } from '../kernels/astype.js';
import { drop as dropKernel } from '../kernels/drop.js';
import {
  type DropDuplicatesOptions,
  dropDuplicatesCombine,
  dropDuplicates as dropDuplicatesKernel,
} from '../kernels/drop-duplicates.js';
import { type DropnaOptions, dropna as dropnaKernel } from '../kernels/dropna.js';
import { type FillValue, fillna as fillnaKernel } from '../kernels/fillna.js';
import { filter as filterKernel } from '../kernels/filter.js';
import { rename as renameKernel } from '../kernels/rename.js';
import { select as selectKernel } from '../kernels/select.js';

/** A new frame applying `fn(partition, ...args)` to every partition. */
export function mapFrame(
  df: DataFrame,
  prefix: string,
  fn: (table: Table, ...args: any[]) => unknown,
  args: readonly unknown[],
  meta?: Schema,
  keepDivisions = true,
): DataFrame {
  const ref = functionRef(fn);
  const outMeta = meta ?? (fn(emptyTable(df.meta), ...args) as Table).schema;
  const name = layerName(prefix, df.name, ref.module ? `${ref.module}#${ref.exportName}` : fn, args);
  const layer = mapLayer(name, partitionKeys(df.name, df.npartitions), ref, args, [df.__tusk_layer()]);
  return new DataFrame(
    name,
    layer,
    df.npartitions,
    outMeta,
    keepDivisions ? df.divisions : undefined,
    keepDivisions && df.index !== undefined && outMeta.fields.some((f) => f.name === df.index)
      ? df.index
      : undefined,
  );
}

export function select(df: DataFrame, columns: string | readonly string[]): DataFrame {
  return mapFrame(df, 'select', selectKernel, [typeof columns === 'string' ? [columns] : [...columns]]);
}

export function filter(df: DataFrame, predicate: ExprInput): DataFrame {
  const node = toNode(predicate);
  const filtered = mapFrame(df, 'filter', filterKernel, [node]); // also checks the predicate
  const pushed = pushFilter(df, node);
  if (pushed !== undefined) return pushed;
  // Projection passes through: the input is read with the asked columns and the predicate's.
  return registerProjection(filtered, (wanted) => {
    const input = projectColumns(df, [...new Set([...wanted, ...columnsOf(node)])]);
    return input === df ? filtered : filter(input, node);
  });
}

export function assign(df: DataFrame, columns: Readonly<Record<string, ExprInput>>): DataFrame {
  const nodes = Object.fromEntries(Object.entries(columns).map(([k, e]) => [k, toNode(e)]));
  const assigned = mapFrame(df, 'assign', assignKernel, [nodes]);
  // Projection passes through: every assignment is kept (each may read the ones before it), and
  // the input is read with the asked columns, the assigned ones it already has (so they keep their
  // place) and every column the expressions read.
  // A filter after it that reads none of the assigned columns runs before it (and so, on a readCsv
  // frame, inside the read).
  registerFilter(assigned, (predicate) =>
    columnsOf(predicate).some((c) => Object.hasOwn(nodes, c))
      ? undefined
      : assign(filter(df, predicate), nodes),
  );
  return registerProjection(assigned, (wanted) => {
    const names = Object.keys(nodes);
    const reads = Object.values(nodes).flatMap((n) => columnsOf(n));
    const input = projectColumns(
      df,
      [...new Set([...wanted, ...names, ...reads])].filter((c) => df.columns.includes(c)),
    );
    return input === df ? assigned : assign(input, nodes);
  });
}

export function drop(df: DataFrame, columns: string | readonly string[]): DataFrame {
  return mapFrame(df, 'drop', dropKernel, [typeof columns === 'string' ? [columns] : [...columns]]);
}

export function rename(df: DataFrame, mapping: Readonly<Record<string, string>>): DataFrame {
  return mapFrame(df, 'rename', renameKernel, [{ ...mapping }], undefined, false);
}

export function astype(df: DataFrame, dtypes: Readonly<Record<string, DType>>): DataFrame {
  return mapFrame(df, 'astype', astypeKernel, [{ ...dtypes }]);
}

export function dropna(df: DataFrame, options: DropnaOptions = {}): DataFrame {
  return mapFrame(df, 'dropna', dropnaKernel, [{ ...options }]);
}

export function fillna(df: DataFrame, values: FillValue | Readonly<Record<string, FillValue>>): DataFrame {
  return mapFrame(df, 'fillna', fillnaKernel, [values]);
}

/**
 * Drop duplicate rows: per partition, then across partitions in a tree (first occurrence kept, in
 * partition order). The result has one partition.
 */
export function dropDuplicates(df: DataFrame, options: DropDuplicatesOptions = {}): DataFrame {
  const name = layerName('drop-duplicates', df.name, options);
  const { layer } = treeLayer(
    name,
    partitionKeys(df.name, df.npartitions),
    {
      partial: kernel(dropDuplicatesKernel),
      partialArgs: [options],
      combine: kernel(dropDuplicatesCombine),
      combineArgs: [options],
    },
    [df.__tusk_layer()],
    blockKey(name, [0]),
  );
  return new DataFrame(name, layer, 1, df.meta);
}

export interface MapPartitionsOptions {
  /** Output schema; required when `fn` is async (it is otherwise found by calling fn on an empty table). */
  meta?: Schema;
  /** Extra arguments passed after the partition. */
  args?: readonly unknown[];
}

/** Apply a user function (a portable export, see defineTasks) to every partition. */
export function mapPartitions(
  df: DataFrame,
  fn: (table: Table, ...args: any[]) => Table | Promise<Table>,
  options: MapPartitionsOptions = {},
): DataFrame {
  if (typeof fn !== 'function')
    throw new TuskError(`mapPartitions needs a function, got ${describeValue(fn)}.`);
  const args = options.args ?? [];
  let meta = options.meta;
  if (meta === undefined) {
    const probe = fn(emptyTable(df.meta), ...args);
    if (probe && typeof (probe as Promise<Table>).then === 'function') {
      throw new TuskError(
        `mapPartitions(${fn.name || 'fn'}): the function is async, so give the output schema: { meta: schema }.`,
      );
    }
    meta = (probe as Table).schema;
  }
  // A closure is allowed here (the synchronous scheduler runs it); threads/processes refuse it before running.
  return mapFrame(df, fn.name || 'map-partitions', fn, args, meta, false);
}
