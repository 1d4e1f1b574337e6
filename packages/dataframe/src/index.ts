/**
 * @tusk/dataframe — partitioned dataframes whose partitions are Apache Arrow tables: CSV files larger
 * than memory read in byte ranges, column expressions, filter/assign/groupby/merge/sort, writers.
 * Importing it also imports @tusk/schedulers (so `compute()` can run on threads by default) and
 * registers the Arrow codecs that carry tables to workers and to spill files.
 */

import '@tusk/schedulers';
import './codecs.js';

export type { BinaryOp, ExprInput, ExprNode, Scalar } from './expr/ast.js';
export { col, Expr, lit } from './expr/builder.js';
export type { DType } from './expr/dtype.js';
export {
  ColumnNotFoundError,
  DTypeError,
  InvalidArgumentError,
  OverflowError,
  SchemaMismatchError,
} from './expr/errors.js';
export { DataFrame } from './frame/dataframe.js';
export { formatTable } from './frame/format.js';
export { Series } from './frame/series.js';
export {
  CsvBoundaryError,
  CsvDtypeError,
  CsvError,
  CsvFileChangedError,
  CsvFileNotFoundError,
  CsvGlobError,
  CsvParseError,
  CsvSchemaError,
} from './io/csv/errors.js';
export type { CsvDtype, CsvEngine, CsvReadOptions, OnBadLine } from './io/csv/options.js';
export type { WriteCsvOptions } from './io/csv/write-csv-partition.js';
export { fromArrow, fromRecords, readIpc } from './io/from-arrow.js';
export {
  ParquetError,
  ParquetFileNotFoundError,
  ParquetFormatError,
  ParquetSchemaError,
} from './io/parquet/errors.js';
export type { ParquetCompression, WriteParquetOptions } from './io/parquet/parquet-kernels.js';
export type { ParquetReadOptions } from './io/parquet/plan-parquet.js';
export { readParquet } from './io/parquet/read-parquet.js';
export { readCsv } from './io/read-csv.js';
export type { AggName, AggSpec } from './kernels/groupby/spec.js';
export type { JoinHow } from './kernels/hash-join.js';
export type { ReduceValue } from './kernels/reduce.js';
export type { AssertFrameEqualOptions, PlainRow } from './testing/assert-frame-equal.js';
export { assertFrameEqual } from './testing/assert-frame-equal.js';
export type { AggInput, GroupByOptions } from './verbs/groupby.js';
export { GroupBy, SeriesGroupBy } from './verbs/groupby.js';
export type { MergeOptions } from './verbs/merge.js';
export type { MapPartitionsOptions } from './verbs/partitionwise.js';
export type { RepartitionOptions } from './verbs/repartition.js';
export { repartitionBySize } from './verbs/repartition.js';
export type { SortOptions } from './verbs/sort.js';
export type { ToCsvOptions } from './verbs/write.js';
