/**
 * DataFrame: a lazy, partitioned table. Each partition is an Apache Arrow Table; the frame holds the
 * layer that produces them, their number, the schema every partition has (`meta`), and — when known —
 * `divisions`, the sorted bounds of an index column. Nothing runs until `compute()` (or `head`,
 * `toCsv`, ...). Methods are one-line delegations to the verbs in src/verbs (one file per verb).
 */

import {
  COLLECTION,
  type ComputeOptions,
  compute,
  Delayed,
  type DotOptions,
  functionRef,
  type KeyTree,
  Layer,
  persist,
  Ref,
  type TuskCollection,
  task,
  toDot,
  type VisualizeOptions,
  visualize,
} from '@tusk/core';
import type { Schema, Table } from 'apache-arrow';
import type { ExprInput } from '../expr/ast.js';
import type { DType } from '../expr/dtype.js';
import type { WriteCsvOptions } from '../io/csv/write-csv-partition.js';
import type { WriteParquetOptions } from '../io/parquet/parquet-kernels.js';
import { emptyTable } from '../kernels/arrow/table.js';
import { concatTables } from '../kernels/concat-tables.js';
import type { DropDuplicatesOptions } from '../kernels/drop-duplicates.js';
import type { DropnaOptions } from '../kernels/dropna.js';
import type { FillValue } from '../kernels/fillna.js';
import type { ReduceValue } from '../kernels/reduce.js';
import { GroupBy } from '../verbs/groupby.js';
import { head, partition } from '../verbs/head.js';
import { type MergeOptions, merge } from '../verbs/merge.js';
import {
  assign,
  astype,
  drop,
  dropDuplicates,
  dropna,
  fillna,
  filter,
  type MapPartitionsOptions,
  mapPartitions,
  rename,
  select,
} from '../verbs/partitionwise.js';
import { describe, type FrameReduction, len, reduceColumns } from '../verbs/reductions.js';
import { type RepartitionOptions, repartition } from '../verbs/repartition.js';
import { type SortOptions, setIndex, sortValues } from '../verbs/sort.js';
import { type ToCsvOptions, toCsv, toIpc, toParquet } from '../verbs/write.js';
import { partitionKeys } from './build.js';
import { formatTable } from './format.js';
import { Series } from './series.js';

export class DataFrame implements TuskCollection<Table> {
  readonly [COLLECTION] = true as const;

  constructor(
    /** Layer name; partition i has key `name,i`. */
    readonly name: string,
    private readonly layer: Layer,
    readonly npartitions: number,
    /** The schema of every partition (Dask's `meta`). */
    readonly meta: Schema,
    /** Sorted bounds of `index` per partition (npartitions + 1 values), when known. */
    readonly divisions?: readonly unknown[],
    /** Column the frame is sorted and partitioned by (setIndex), if any. */
    readonly index?: string,
  ) {}

  // The collection protocol.
  __tusk_layer(): Layer {
    return this.layer;
  }
  __tusk_keys(): KeyTree {
    return partitionKeys(this.name, this.npartitions);
  }
  __tusk_finalize(values: unknown): Table {
    const parts = values as Table[];
    return parts.length === 0 ? emptyTable(this.meta) : concatTables(parts);
  }
  __tusk_rebuild(layer: Layer): DataFrame {
    return new DataFrame(this.name, layer, this.npartitions, this.meta, this.divisions, this.index);
  }
  __tusk_toDelayed(): Delayed<Table> {
    const key = `${this.name}-concat`;
    const refs = partitionKeys(this.name, this.npartitions).map((k) => new Ref(k));
    const layer = new Layer(key, [task(key, functionRef(concatTables), [refs])], [this.layer], 'dataframe');
    return new Delayed<Table>(key, layer);
  }

  /** Column names. */
  get columns(): string[] {
    return this.meta.fields.map((f) => f.name);
  }

  /** Column name → Arrow type, as text. */
  get dtypes(): Record<string, string> {
    return Object.fromEntries(this.meta.fields.map((f) => [f.name, String(f.type)]));
  }

  /** Compute the whole frame as one Arrow Table. */
  async compute(options: ComputeOptions = {}): Promise<Table> {
    const [t] = await compute(this, options);
    return t as Table;
  }

  /** Compute the partitions and keep them (in memory or spilled) as a new frame. */
  async persist(options: ComputeOptions = {}): Promise<DataFrame> {
    const [p] = await persist(this, options);
    return p as DataFrame;
  }

  /** The graph as Graphviz DOT. */
  toDot(options?: DotOptions): string {
    return toDot(this, options);
  }

  /** Write the graph to a `.dot` or `.svg` file. */
  visualize(file: string, options?: VisualizeOptions): Promise<string> {
    return visualize(this, file, options);
  }

  /** The first `n` rows, computing only the partitions needed. */
  head(n = 5, options: ComputeOptions = {}): Promise<Table> {
    return head(this, n, options);
  }

  /** Partition `i` as a one-partition frame. */
  partition(i: number): DataFrame {
    return partition(this, i);
  }

  /** Print the first rows (computed) as a table. */
  async print(n = 10, options: ComputeOptions = {}): Promise<void> {
    console.log(formatTable(await this.head(n, options), { title: this.toString() }));
  }

  /** A description of the (lazy) frame: partitions and schema. */
  toString(): string {
    const cols = this.meta.fields.map((f) => `${f.name}: ${f.type}`).join(', ');
    return `DataFrame(npartitions=${this.npartitions}; ${cols})`;
  }

  /** One column as a Series. */
  col(name: string): Series {
    return new Series(select(this, [name]), name);
  }

  select(columns: string | readonly string[]): DataFrame {
    return select(this, columns);
  }
  /** Keep rows where `predicate` (an expression, e.g. `col('x').gt(0)`) is true. */
  filter(predicate: ExprInput): DataFrame {
    return filter(this, predicate);
  }
  /** Add or replace columns computed by expressions. */
  assign(columns: Readonly<Record<string, ExprInput>>): DataFrame {
    return assign(this, columns);
  }
  drop(columns: string | readonly string[]): DataFrame {
    return drop(this, columns);
  }
  rename(mapping: Readonly<Record<string, string>>): DataFrame {
    return rename(this, mapping);
  }
  astype(dtypes: Readonly<Record<string, DType>>): DataFrame {
    return astype(this, dtypes);
  }
  dropna(options?: DropnaOptions): DataFrame {
    return dropna(this, options);
  }
  fillna(values: FillValue | Readonly<Record<string, FillValue>>): DataFrame {
    return fillna(this, values);
  }
  dropDuplicates(options?: DropDuplicatesOptions): DataFrame {
    return dropDuplicates(this, options);
  }
  /** Apply a portable function (defineTasks) to every partition. */
  mapPartitions(
    fn: (table: Table, ...args: any[]) => Table | Promise<Table>,
    options?: MapPartitionsOptions,
  ): DataFrame {
    return mapPartitions(this, fn, options);
  }

  /** Number of rows. */
  len(): Delayed<number> {
    return len(this);
  }
  count(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'count');
  }
  sum(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'sum');
  }
  mean(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'mean');
  }
  min(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'min');
  }
  max(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'max');
  }
  std(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'std');
  }
  var(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'var');
  }
  nunique(): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'nunique');
  }
  /** Approximate quantile `q` of every numeric column (see kernels/quantile-sketch.ts for the error bound). */
  quantile(q: number): Delayed<Record<string, ReduceValue>> {
    return reduceColumns(this, 'quantile' as FrameReduction, q);
  }
  /** count, mean, std, min, quartiles and max of every numeric column, as a table. */
  describe(): Delayed<Table> {
    return describe(this);
  }

  /** Group rows by key columns; aggregate with `.agg({...})` or `.col('x').mean()`. */
  groupby(keys: string | readonly string[], options?: { splitOut?: number; splitEvery?: number }): GroupBy {
    return new GroupBy(this, keys, options);
  }
  /** Join with another frame. */
  merge(other: DataFrame, options: MergeOptions): DataFrame {
    return merge(this, other, options);
  }
  /** Sort by columns: sampled range partitioning, then a sort per partition (bounded memory). */
  sortValues(by: string | readonly string[], options?: SortOptions): DataFrame {
    return sortValues(this, by, options);
  }
  /** Sort and partition by one column, recorded as the frame's index. */
  setIndex(column: string, options?: SortOptions): DataFrame {
    return setIndex(this, column, options);
  }
  repartition(options: RepartitionOptions): DataFrame {
    return repartition(this, options);
  }

  /** Write CSV: a directory (one file per partition), a pattern with `*`, or one file (`singleFile`). */
  toCsv(path: string, options?: ToCsvOptions & WriteCsvOptions & ComputeOptions): Promise<string[]> {
    return toCsv(this, path, options);
  }
  /** Write one Arrow IPC file per partition into `dir`. */
  toIpc(dir: string, options?: ComputeOptions): Promise<string[]> {
    return toIpc(this, dir, options);
  }
  /**
   * Write one Parquet file per partition: into `dir` as `part-00000.parquet`, ..., or to a pattern
   * with `*` (replaced by the partition number). Resolves to the paths written.
   *
   * @example
   * await df.toParquet('out/', { compression: 'zstd' }); // ['out/part-00000.parquet', ...]
   */
  toParquet(dir: string, options?: WriteParquetOptions & ComputeOptions): Promise<string[]> {
    return toParquet(this, dir, options);
  }
}
