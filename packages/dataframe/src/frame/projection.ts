/**
 * Pushdown into a frame's source. Column projection: a reader that can read fewer columns (readCsv
 * with `usecols`, readParquet with `columns`) registers how, and a verb that needs only some columns
 * (groupby) asks `projectColumns` for the same read restricted to them — what Dask's getitem
 * optimisation does for its readers. Filters: a reader that can apply a predicate while it reads
 * (readCsv) registers how, and `df.filter` asks `pushFilter` first. Frames are immutable, so a
 * registration never goes stale.
 */

import type { ExprNode } from '../expr/ast.js';
import type { DataFrame } from './dataframe.js';

const PROJECTORS = new WeakMap<DataFrame, (columns: readonly string[]) => DataFrame>();
const FILTERS = new WeakMap<DataFrame, (predicate: ExprNode) => DataFrame | undefined>();

/**
 * Say how `df` can be read again with only some of its columns; returns `df`.
 *
 * @example
 * registerProjection(df, (columns) => readParquet(paths, { columns }));
 */
export function registerProjection(
  df: DataFrame,
  project: (columns: readonly string[]) => DataFrame,
): DataFrame {
  PROJECTORS.set(df, project);
  return df;
}

/**
 * `df` restricted to `columns` (kept in `df`'s column order) when its reader can read just those,
 * otherwise `df` itself (the caller simply ignores the extra columns).
 *
 * @example
 * projectColumns(readCsv('data/*.csv'), ['key', 'x']).columns; // ['key', 'x']
 */
export function projectColumns(df: DataFrame, columns: readonly string[]): DataFrame {
  const project = PROJECTORS.get(df);
  return project === undefined ? df : project(columns);
}

/**
 * Say how `df` can be made again keeping only the rows where a predicate is true (or undefined for
 * a predicate it cannot take); returns `df`.
 *
 * @example
 * registerFilter(df, (predicate) => readCsvFiltered(paths, options, predicate));
 */
export function registerFilter(
  df: DataFrame,
  push: (predicate: ExprNode) => DataFrame | undefined,
): DataFrame {
  FILTERS.set(df, push);
  return df;
}

/**
 * `df` read with `predicate` applied as it is read, or undefined when its reader cannot (the caller
 * then filters each partition itself). The predicate must already be checked against `df.meta`.
 *
 * @example
 * pushFilter(readCsv('data/*.csv'), col('x').gt(900).node); // a readCsv frame that filters as it parses
 */
export function pushFilter(df: DataFrame, predicate: ExprNode): DataFrame | undefined {
  return FILTERS.get(df)?.(predicate);
}
