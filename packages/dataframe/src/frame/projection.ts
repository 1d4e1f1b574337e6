/**
 * Column projection into a frame's source: a reader that can read fewer columns (readCsv with
 * `usecols`, readParquet with `columns`) registers how, and a verb that needs only some columns
 * (groupby) asks `projectColumns` for the same read restricted to them — what Dask's getitem
 * optimisation does for its readers. Frames are immutable, so a registration never goes stale.
 */

import type { DataFrame } from './dataframe.js';

const PROJECTORS = new WeakMap<DataFrame, (columns: readonly string[]) => DataFrame>();

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
