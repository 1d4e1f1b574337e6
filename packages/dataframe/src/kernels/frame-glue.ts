/**
 * Small partition kernels the DataFrame verbs need beyond the core kernels: gathering shuffled
 * pieces, counting rows, writing and reading partition files. Like every kernel they import nothing
 * of the graph and register with defineTasks, so they run on every scheduler.
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { type WriteCsvOptions, writeCsvPartition } from '../io/csv/write-csv-partition.js';
import { emptyTable } from './arrow/table.js';
import { concatTables } from './concat-tables.js';
import type { AggSpec } from './groupby/spec.js';
import { groupbyCombine, groupbyFinalize, groupbyPartial } from './groupby.js';
import { hashJoin, type JoinOptions } from './hash-join.js';
import { hashPartition } from './hash-partition.js';
import { head, tail } from './head.js';
import { tableFromIpcBytes, tableToIpc } from './ipc.js';
import { rangePartition } from './range-partition.js';
import { reduceFinalize } from './reduce.js';
import { sortTable } from './sort.js';

/**
 * Concatenate pieces, then sort them (the last step of an external sort).
 *
 * @example
 * concatSort([a, b], ['x'], [true]);
 */
export function concatSort(
  pieces: readonly Table[],
  by: readonly string[],
  ascending: readonly boolean[],
): Table {
  return sortTable(concatTables(pieces), by, ascending);
}

/**
 * Split a table by ranges of `column` into exactly `n` tables (boundaries may be fewer than n - 1 when
 * values repeat; the missing ranges are empty).
 *
 * @example
 * rangeSplit(table, 'x', [10, 20], true, 4); // 4 tables, the last empty
 */
export function rangeSplit(
  table: Table,
  column: string,
  boundaries: readonly (number | string)[],
  ascending: boolean,
  n: number,
): Table[] {
  const parts = rangePartition(table, column, boundaries, ascending);
  while (parts.length < n) parts.push(emptyTable(table.schema));
  return parts;
}

/**
 * Join the gathered pieces of both sides of a shuffled merge.
 *
 * @example
 * joinPieces([l0, l1], [r0, r1], { on: 'id' });
 */
export function joinPieces(left: readonly Table[], right: readonly Table[], options: JoinOptions): Table {
  return hashJoin(concatTables(left), concatTables(right), options);
}

/**
 * Groupby states of one partition, hash-split into `n` pieces by key (the map side of a shuffled groupby).
 *
 * @example
 * groupbyPartialSplit(table, ['key'], [{ column: 'x', agg: 'sum' }], 4); // 4 tables
 */
export function groupbyPartialSplit(
  table: Table,
  keys: readonly string[],
  aggs: readonly AggSpec[],
  n: number,
): Table[] {
  return hashPartition(groupbyPartial(table, keys, aggs), keys, n);
}

/**
 * Combine the pieces of one output partition of a shuffled groupby and finalize them.
 *
 * @example
 * groupbyCombineFinalize([p0, p1], ['key'], aggs);
 */
export function groupbyCombineFinalize(
  pieces: readonly Table[],
  keys: readonly string[],
  aggs: readonly AggSpec[],
): Table {
  return groupbyFinalize(groupbyCombine(pieces, keys, aggs), keys, aggs);
}

/**
 * Slice `p` of `k` nearly equal row slices of a table.
 *
 * @example
 * sliceFraction(table, 0, 2); // the first half of the rows
 */
export function sliceFraction(table: Table, p: number, k: number): Table {
  const n = table.numRows;
  const start = Math.floor((n * p) / k);
  const end = Math.floor((n * (p + 1)) / k);
  return tail(head(table, end), end - start);
}

/**
 * Bytes held by a table's buffers.
 *
 * @example
 * tableBytes(table); // e.g. 8_000_000
 */
export function tableBytes(table: Table): number {
  let total = 0;
  const visit = (d: { buffers?: unknown[]; children?: unknown[]; dictionary?: unknown }): void => {
    for (const b of (d.buffers ?? []) as (ArrayBufferView | undefined)[]) if (b) total += b.byteLength;
    for (const c of (d.children ?? []) as (typeof d)[]) visit(c);
    const dict = d.dictionary as { data?: (typeof d)[] } | undefined;
    if (dict?.data) for (const c of dict.data) visit(c);
  };
  for (const batch of table.batches) visit(batch.data as unknown as Parameters<typeof visit>[0]);
  return total;
}

/**
 * Number of rows of a partition.
 *
 * @example
 * numRows(table); // 3
 */
export function numRows(table: Table): number {
  return table.numRows;
}

/**
 * Sum of numbers (combines row counts).
 *
 * @example
 * sumNumbers([1, 2, 3]); // 6
 */
export function sumNumbers(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/**
 * One value of a finalized reduction (`name` is the output name, e.g. `x_mean`).
 *
 * @example
 * reduceValue(state, [{ column: 'x', agg: 'mean' }], 'x_mean'); // 2.5
 */
export function reduceValue(state: Table, aggs: readonly AggSpec[], name: string): unknown {
  return reduceFinalize(state, aggs)[name];
}

/**
 * Write one partition as a CSV file (directories created); returns the path.
 *
 * @example
 * await writeCsvFile(table, 'out/part-0.csv', { header: true });
 */
export async function writeCsvFile(
  table: Table,
  path: string,
  options: WriteCsvOptions = {},
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeCsvPartition(table, path, options);
  return path;
}

/**
 * Append one partition to a single CSV file, after the partition before it (`after` is its result,
 * which only orders the writes). The first partition creates the file and writes the header.
 *
 * @example
 * await appendCsvFile(table, 'out/all.csv', { header: true }, true, undefined);
 */
export async function appendCsvFile(
  table: Table,
  path: string,
  options: WriteCsvOptions,
  first: boolean,
  _after: unknown,
): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeCsvPartition(
    table,
    path,
    first ? { ...options, append: false } : { ...options, header: false, append: true },
  );
  return path;
}

/**
 * Write one partition as an Arrow IPC stream file; returns the path.
 *
 * @example
 * await writeIpcFile(table, 'out/part-0.arrow');
 */
export async function writeIpcFile(table: Table, path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, tableToIpc(table));
  return path;
}

/**
 * Read an Arrow IPC file (stream or file format) as one table.
 *
 * @example
 * await readIpcFile('out/part-0.arrow');
 */
export async function readIpcFile(path: string): Promise<Table> {
  return tableFromIpcBytes(await readFile(path));
}

defineTasks(import.meta.url, {
  concatSort,
  rangeSplit,
  joinPieces,
  groupbyPartialSplit,
  groupbyCombineFinalize,
  numRows,
  sumNumbers,
  sliceFraction,
  tableBytes,
  reduceValue,
  writeCsvFile,
  appendCsvFile,
  writeIpcFile,
  readIpcFile,
});
