/**
 * Partition kernels of @tusk/dataframe: pure functions over Apache Arrow tables and plain-data
 * arguments (expressions as ASTs, dtypes as strings, specs as objects). Each module registers its
 * exports with `defineTasks`, so graph tasks reference them by module URL + export name and they run
 * on every scheduler. Nothing here imports graph-building code.
 */

export { emptyTable } from './arrow/table.js';
export { assign } from './assign.js';
export { astype, castData } from './astype.js';
export { concatTables } from './concat-tables.js';
export {
  describe,
  describeAggs,
  describeColumns,
  describeCombine,
  describeFinalize,
  describePartial,
} from './describe.js';
export { drop } from './drop.js';
export type { DropDuplicatesOptions } from './drop-duplicates.js';
export { dropDuplicates, dropDuplicatesCombine } from './drop-duplicates.js';
export type { DropnaOptions } from './dropna.js';
export { dropna } from './dropna.js';
export type { FillValue } from './fillna.js';
export { fillna } from './fillna.js';
export { filter } from './filter.js';
export type { AggName, AggSpec } from './groupby/spec.js';
export { AGG_NAMES, outputName } from './groupby/spec.js';
export type { GroupbyFinalizeOptions, GroupbyPartialOptions } from './groupby.js';
export { groupby, groupbyCombine, groupbyFinalize, groupbyPartial } from './groupby.js';
export type { JoinHow, JoinOptions } from './hash-join.js';
export { hashJoin } from './hash-join.js';
export { hashPartition, hashRows } from './hash-partition.js';
export { head, tail } from './head.js';
export { tableFromIpcBytes, tableToIpc } from './ipc.js';
export { mergeSorted } from './merge-sorted.js';
export { DEFAULT_SKETCH_SIZE } from './quantile-sketch.js';
export type { QuantileSample } from './range-partition.js';
export { quantileBoundaries, rangePartition, sampleForQuantiles } from './range-partition.js';
export type { ReduceValue } from './reduce.js';
export { reduceCombine, reduceFinalize, reduceFinalizeTable, reducePartial } from './reduce.js';
export { rename } from './rename.js';
export { select } from './select.js';
export { sortTable } from './sort.js';
export type { ValueCountsOptions } from './value-counts.js';
export { valueCounts, valueCountsCombine, valueCountsFinalize, valueCountsPartial } from './value-counts.js';
