/**
 * CSV reading kernels of @tusk/dataframe: planning (`planCsv`, main thread), type sampling
 * (`inferSchema`, main thread), reading one partition (`readCsvBlock`, in a worker) and writing one
 * (`writeCsvPartition`). Pure functions over plain-data arguments; nothing here imports the task graph.
 */

export type { CsvColumn, CsvSchema } from './csv-schema.js';
export { arrowType, toArrowSchema } from './csv-schema.js';
export type { CsvBadLine, CsvBadLineReason } from './errors.js';
export {
  CsvBoundaryError,
  CsvDtypeError,
  CsvError,
  CsvFileChangedError,
  CsvFileNotFoundError,
  CsvGlobError,
  CsvParseError,
  CsvSchemaError,
} from './errors.js';
export { expandGlob, hasGlobMagic } from './glob.js';
export { inferSchema } from './infer-schema.js';
export type { CsvDtype, CsvEngine, CsvReadOptions, OnBadLine, ResolvedCsvOptions } from './options.js';
export { CSV_DTYPES, DEFAULT_NA_VALUES, resolveCsvOptions } from './options.js';
export type { CsvBlock, CsvFileInfo, CsvPlan } from './plan-csv.js';
export { expandCsvPaths, planCsv } from './plan-csv.js';
export type { CsvBlockResult, ReadCsvBlockArgs } from './read-csv-block.js';
export { readCsvBlock, readCsvBlockDetailed } from './read-csv-block.js';
export type { WriteCsvOptions } from './write-csv-partition.js';
export { writeCsvPartition } from './write-csv-partition.js';
