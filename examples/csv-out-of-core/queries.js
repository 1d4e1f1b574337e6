/**
 * The demo's three queries, built lazily over the events CSV (nothing runs here): a groupby-aggregate
 * per key, the top rows of one category sorted and written out, and a join with the small table of
 * keys followed by a groupby per region. main.js runs them; the test runs the same builders on a
 * small file and checks every answer against a plain loop over its rows.
 *
 * All three stream: each partition (a byte range of the file) is parsed, reduced or filtered, and
 * dropped, so the file can be far larger than memory. The groupby is a tree reduction of per-key
 * partial sums; the sort samples the filtered rows for range boundaries, splits every partition by
 * them and sorts each range (an external sort); the join broadcasts the one-partition keys table to
 * every partition of the events.
 */

import { col, readCsv } from '@tusk/dataframe';

/** The sort query keeps rows of this category with x above TOP_MIN_X (about 1 % of the rows). */
export const TOP_CAT = 'c7';
export const TOP_MIN_X = 90;

/**
 * The events file as a lazy frame, in partitions of at most `blocksize` bytes (32 MB by default:
 * half the reader's default, which halves what each worker holds at once and gives a smoother
 * progress bar).
 *
 * @example
 * const events = readEvents('out/events-1GB-seed42.csv', { blocksize: '64MB' });
 */
export function readEvents(csv, { blocksize = '32MB', engine = 'papaparse' } = {}) {
  return readCsv(csv, { blocksize, engine });
}

/**
 * The keys table (key, region, weight): a small file, so one partition.
 *
 * @example
 * const keys = readKeys('out/keys.csv'); // keys.npartitions === 1
 */
export function readKeys(keysCsv) {
  return readCsv(keysCsv);
}

/**
 * Query 1: per key, sum / mean / count of x and of y (1,000 rows, sorted by key).
 *
 * @example
 * const table = await byKey(events).compute();
 */
export function byKey(events) {
  return events.groupby('key').agg({ x: ['sum', 'mean', 'count'], y: ['sum', 'mean', 'count'] });
}

/** The filter of query 2, as an expression (prints as text). */
export const topPredicate = col('cat').eq(TOP_CAT).and(col('x').gt(TOP_MIN_X));

/**
 * Query 2 (before writing): the rows of category TOP_CAT with x > TOP_MIN_X, largest x first
 * (ties by id, so the order is total), in `npartitions` sorted ranges. The filter keeps about 1 % of
 * the rows, so by default one output range per 32 input partitions (at least 2): each range stays
 * small, and the split into pieces (inputs × outputs tasks) stays cheap even for a 40 GB file.
 *
 * @example
 * await topRows(events).toCsv('out/top.csv', { singleFile: true });
 */
export function topRows(events, { npartitions = Math.max(2, Math.ceil(events.npartitions / 32)) } = {}) {
  return events.filter(topPredicate).sortValues(['x', 'id'], { ascending: [false, true], npartitions });
}

/** The weighted value query 3 sums per region. */
export const weighted = col('x').mul(col('weight'));

/**
 * Query 3: join every event with its key's region and weight, then per region: events, mean of x,
 * and the sum of x × weight (8 rows, sorted by region).
 *
 * @example
 * const table = await byRegion(events, readKeys('out/keys.csv')).compute();
 */
export function byRegion(events, keys) {
  return events
    .merge(keys, { on: 'key' })
    .assign({ wx: weighted })
    .groupby('region')
    .agg([
      { column: 'id', agg: 'count', name: 'events' },
      { column: 'x', agg: 'mean', name: 'x_mean' },
      { column: 'wx', agg: 'sum', name: 'weighted_x' },
    ]);
}
