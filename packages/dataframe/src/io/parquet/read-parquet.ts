/**
 * readParquet: a DataFrame over Parquet files, one partition per row group (or per group of row
 * groups). Planning (io/parquet/plan-parquet.ts) reads only the files' footers, so `meta` — the
 * schema — is known before anything runs; each partition's task reads only its own row groups and
 * columns when the graph runs, so files larger than memory go through in bounded memory. A verb that
 * needs only some columns (groupby) gets the same read with just those (frame/projection.ts).
 */

import { blockKey, type GraphNode, Layer, task } from '@tusk/core';
import { kernel, layerName } from '../../frame/build.js';
import { DataFrame } from '../../frame/dataframe.js';
import { registerProjection } from '../../frame/projection.js';
import { readParquetPart } from './parquet-kernels.js';
import { type ParquetReadOptions, planParquet } from './plan-parquet.js';

/**
 * Read Parquet files (a path, a glob such as `'data/*.parquet'`, or a list) as a DataFrame.
 *
 * @example
 * const df = readParquet('data/*.parquet', { columns: ['key', 'x'] });
 * const means = await df.groupby('key').col('x').mean().compute();
 */
export function readParquet(paths: string | readonly string[], options: ParquetReadOptions = {}): DataFrame {
  const plan = planParquet(paths, options);
  const name = layerName(
    'read-parquet',
    plan.parts.map((p) => [p.path, p.rowGroups, p.size, p.mtimeMs]),
    plan.columns,
  );
  const ref = kernel(readParquetPart);
  const nodes: GraphNode[] = plan.parts.map((p, i) =>
    task(blockKey(name, [i]), ref, [
      { path: p.path, rowGroups: p.rowGroups, columns: plan.columns, size: p.size, mtimeMs: p.mtimeMs },
    ]),
  );
  const df = new DataFrame(name, new Layer(name, nodes, [], 'dataframe'), nodes.length, plan.schema);
  return registerProjection(df, (columns) => {
    // Only the row groups' chunks of these columns are fetched (kept in the frame's order).
    const wanted = new Set(columns);
    const keep = df.columns.filter((c) => wanted.has(c));
    if (keep.length === 0 || keep.length === df.columns.length) return df;
    return readParquet(paths, { ...options, columns: keep });
  });
}
