/**
 * readCsv: a DataFrame over CSV files, one partition per byte range of at most `blocksize`.
 *
 * Planning runs here, in the caller's thread, and is cheap: globs are expanded, files are stat'ed
 * and cut into ranges, and the column types are inferred from a sample of the first file (see
 * io/csv/infer-schema.ts). No file is read whole: each partition's task reads only its own byte range
 * (plus the end of the row it is in) when the graph runs, so files far larger than memory go through
 * in bounded memory.
 *
 * Column projection: a frame made here remembers how it was read, so a verb that needs only some
 * columns (groupby) can ask `projectColumns` for the same read restricted to them (`usecols`): the
 * unused columns are then tokenized but never converted — what Dask's getitem optimisation does for
 * its `read_csv`. The projected read reuses the schema already inferred (each column's dtype is
 * inferred on its own from the same sample), so the file is planned again but not sampled again.
 *
 * Filter pushdown: `df.filter(pred)` on such a frame is the same read with the predicate applied
 * inside each partition's task, and rows the predicate certainly rejects (numeric comparisons, text
 * equality and membership) are tokenized but not converted (io/csv/engines/prefilter.ts) — a filter
 * that keeps 5% of the rows converts about 5% of the values of its other columns.
 */

import { blockKey, type GraphNode, Layer, task } from '@tusk/core';
import { columnsOf, type ExprNode } from '../expr/ast.js';
import { kernel, layerName } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { registerFilter, registerProjection } from '../frame/projection.js';

export { projectColumns } from '../frame/projection.js';

import { type CsvSchema, toArrowSchema } from './csv/csv-schema.js';
import { inferSchema } from './csv/infer-schema.js';
import type { CsvReadOptions } from './csv/options.js';
import { planCsv } from './csv/plan-csv.js';
import { readCsvBlock } from './csv/read-csv-block.js';

/**
 * Read CSV files (a path, a glob such as `'data/*.csv'`, or a list) as a DataFrame.
 *
 * @example
 * const df = readCsv('data/*.csv', { blocksize: '64MB', dtypes: { y: 'float64' } });
 * const means = await df.groupby('key').col('x').mean().compute();
 */
export function readCsv(paths: string | readonly string[], options: CsvReadOptions = {}): DataFrame {
  return readCsvWith(paths, options, undefined);
}

function readCsvWith(
  paths: string | readonly string[],
  options: CsvReadOptions,
  known: CsvSchema | undefined,
  filter?: ExprNode,
): DataFrame {
  const [df, schema] = buildReadCsv(paths, options, known, filter);
  const source: CsvSource = { paths, options, schema, filter };
  registerFilter(df, (predicate) =>
    readCsvWith(
      paths,
      options,
      schema,
      filter === undefined ? predicate : { op: 'and', args: [filter, predicate] },
    ),
  );
  return registerProjection(df, (columns) => projectCsv(df, source, columns));
}

/** How a readCsv frame was read. */
interface CsvSource {
  readonly paths: string | readonly string[];
  readonly options: CsvReadOptions;
  readonly schema: CsvSchema;
  /** The filter pushed into the read, if any. */
  readonly filter: ExprNode | undefined;
}

/**
 * The read of `df` restricted to `columns` with `usecols`, so the other columns are never converted
 * (a pushed-down filter's columns are read too; the caller ignores them).
 */
function projectCsv(df: DataFrame, source: CsvSource, columns: readonly string[]): DataFrame {
  const wanted = new Set(columns);
  if (source.filter !== undefined) for (const c of columnsOf(source.filter)) wanted.add(c);
  const pathColumn = resolvePathColumn(source.options);
  const keep = df.columns.filter((c) => wanted.has(c) && c !== pathColumn);
  if (keep.length === 0 || keep.length === df.columns.length - (pathColumn === null ? 0 : 1)) return df;
  const dtypes = source.options.dtypes;
  const options: CsvReadOptions = {
    ...source.options,
    usecols: keep,
    ...(dtypes
      ? { dtypes: Object.fromEntries(Object.entries(dtypes).filter(([c]) => keep.includes(c))) }
      : {}),
    ...(Array.isArray(source.options.parseDates)
      ? { parseDates: source.options.parseDates.filter((c) => keep.includes(c)) }
      : {}),
    includePathColumn:
      pathColumn !== null && wanted.has(pathColumn) ? source.options.includePathColumn : false,
  };
  // The same columns of the schema already inferred, in `keep`'s order (as usecols selects them).
  const byName = new Map(source.schema.columns.map((c) => [c.name, c]));
  const schema: CsvSchema = {
    names: source.schema.names,
    fieldCount: source.schema.fieldCount,
    columns: keep.map((c) => byName.get(c)!),
    pathColumn: resolvePathColumn(options),
  };
  return readCsvWith(source.paths, options, schema, source.filter);
}

function resolvePathColumn(options: CsvReadOptions): string | null {
  const p = options.includePathColumn ?? false;
  return p === true ? 'path' : p === false ? null : String(p);
}

function buildReadCsv(
  paths: string | readonly string[],
  options: CsvReadOptions,
  known: CsvSchema | undefined,
  filter: ExprNode | undefined,
): [DataFrame, CsvSchema] {
  const plan = planCsv(paths, options);
  const schema =
    known ??
    inferSchema(
      plan.files.map((f) => f.path),
      options,
    );
  const meta = toArrowSchema(schema);
  const name =
    filter === undefined
      ? layerName('read-csv', plan.blocks, schema, options)
      : layerName('read-csv', plan.blocks, schema, options, filter);
  const ref = kernel(readCsvBlock);
  const nodes: GraphNode[] = plan.blocks.map((b, i) =>
    task(blockKey(name, [i]), ref, [
      {
        path: b.path,
        start: b.start,
        end: b.end,
        schema,
        options,
        index: b.index,
        size: b.size,
        mtimeMs: b.mtimeMs,
        ...(filter === undefined ? {} : { filter }),
      },
    ]),
  );
  return [new DataFrame(name, new Layer(name, nodes, [], 'dataframe'), nodes.length, meta), schema];
}
