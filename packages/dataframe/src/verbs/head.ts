/**
 * head and partition: look at a frame without computing all of it. `head(n)` computes partitions in
 * growing batches (1, 2, 4, ...) until it has n rows, so a large frame costs one partition's work.
 */

import { alias, blockKey, type ComputeOptions, compute, Layer, TuskError } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { layerName } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { emptyTable } from '../kernels/arrow/table.js';
import { concatTables } from '../kernels/concat-tables.js';
import { head as headKernel } from '../kernels/head.js';

/** Partition `i` as a one-partition frame. */
export function partition(df: DataFrame, i: number): DataFrame {
  if (!Number.isInteger(i) || i < 0 || i >= df.npartitions) {
    throw new TuskError(`partition(${i}): the frame has partitions 0..${df.npartitions - 1}.`);
  }
  const name = layerName('partition', df.name, i);
  const layer = new Layer(
    name,
    [alias(blockKey(name, [0]), blockKey(df.name, [i]))],
    [df.__tusk_layer()],
    'dataframe',
  );
  return new DataFrame(name, layer, 1, df.meta);
}

/** The first `n` rows. */
export async function head(df: DataFrame, n: number, options: ComputeOptions = {}): Promise<Table> {
  if (!Number.isInteger(n) || n < 0)
    throw new TuskError(`head(n): n must be a non-negative integer, got ${n}.`);
  const parts: Table[] = [];
  let rows = 0;
  let next = 0;
  let batch = 1;
  while (rows < n && next < df.npartitions) {
    const wanted: DataFrame[] = [];
    for (let i = next; i < Math.min(df.npartitions, next + batch); i++) wanted.push(partition(df, i));
    next += wanted.length;
    batch *= 2;
    const tables = (await compute(...wanted, options)) as Table[];
    for (const t of tables) {
      parts.push(t);
      rows += t.numRows;
      if (rows >= n) break;
    }
  }
  if (parts.length === 0) return emptyTable(df.meta);
  return headKernel(concatTables(parts), n);
}
