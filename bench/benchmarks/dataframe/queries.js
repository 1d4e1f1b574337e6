/**
 * The queries of the 'dataframe' benchmark and how every answer is checked against the exact truth of
 * the generated file (lib/csv-data.js), so a fast wrong answer is marked, never hidden.
 *
 *   mean   groupby('key').x.mean()                                       → rows [key, x_mean]
 *   agg    groupby('key').agg({x: [sum, mean, count], y: [sum, mean, count]})
 *                                                                         → rows [key, x_sum, x_mean,
 *                                                                            x_count, y_sum, y_mean, y_count]
 *   sort   rows with x > 900, sorted by x, written as one CSV file (all columns, with a header)
 *
 * Every engine returns the groupby answers as plain rows in that column order (any row order); the
 * sort query's answer is the file it wrote, read back here (outside any clock): its header must name
 * the six columns, every x must exceed 900, x must be non-decreasing, and the row count and the sum of
 * x (parsed to exact micro-units) must equal the truth's per-cat tallies summed.
 *
 * Tolerances: counts and sums of y are exact integers; sums of x are compared in units of x within
 * 1e-9 × (count × 1000) (the float rounding of adding `count` values below 1000 in magnitude); means
 * within 1e-9 relative (plus 1e-9 absolute).
 */

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { COLUMNS, HIGH_X } from '../../lib/csv-data.js';

/** The queries, in table order. */
export const QUERIES = [
  { id: 'mean', title: "groupby('key').x.mean()" },
  { id: 'agg', title: "groupby('key').agg({x: [sum, mean, count], y: [sum, mean, count]})" },
  { id: 'sort', title: `filter(x > ${HIGH_X}) + sortValues('x') + toCsv (one file)` },
];

const close = (got, want, tol) => typeof got === 'number' && Math.abs(got - want) <= tol;

/** Why a groupby answer is wrong (a short text), or undefined when it matches the truth. */
export function checkGroups(query, rows, truth) {
  if (!Array.isArray(rows)) return 'no rows returned';
  if (rows.length !== truth.keys.size) return `${rows.length} groups, expected ${truth.keys.size}`;
  const seen = new Set();
  for (const row of rows) {
    const [key] = row;
    const t = truth.keys.get(String(key));
    if (!t) return `unknown key ${JSON.stringify(key)}`;
    if (seen.has(key)) return `key ${key} twice`;
    seen.add(key);
    const sumX = Number(t.sumX) / 1e6;
    const meanX = sumX / t.count;
    const sumY = Number(t.sumY);
    const meanY = sumY / t.count;
    const meanTol = (m) => 1e-9 + 1e-9 * Math.abs(m);
    const checks =
      query === 'mean'
        ? [['x_mean', row[1], meanX, meanTol(meanX)]]
        : [
            ['x_sum', row[1], sumX, 1e-9 * t.count * 1000],
            ['x_mean', row[2], meanX, meanTol(meanX)],
            ['x_count', row[3], t.count, 0],
            ['y_sum', row[4], sumY, 0],
            ['y_mean', row[5], meanY, meanTol(meanY)],
            ['y_count', row[6], t.count, 0],
          ];
    for (const [name, got, want, tol] of checks) {
      if (!close(Number(got), want, tol)) return `${key}: ${name} = ${got}, expected ${want}`;
    }
  }
  return undefined;
}

/** x in micro-units from its text (`-12.345678`, `900.5`, `1e3`): exact for the values written here. */
function micro(text) {
  const v = Number(text);
  return Number.isFinite(v) ? Math.round(v * 1e6) : Number.NaN;
}

/** Why the written file is wrong, or undefined when it holds exactly the expected rows in order. */
export async function checkSortedFile(path, truth) {
  let want = 0;
  let wantSum = 0n;
  for (const c of truth.cats.values()) {
    want += c.highCount;
    wantSum += c.highSumX;
  }
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let header;
  let xi = -1;
  let rows = 0;
  let sum = 0; // micro-units; stays below 2^53 for these sizes (≤ 1e9 per row)
  let prev = Number.NEGATIVE_INFINITY;
  let problem;
  for await (const line of lines) {
    if (problem) continue;
    if (header === undefined) {
      header = line.split(',').map((s) => s.replace(/^"|"$/g, ''));
      xi = header.indexOf('x');
      const missing = COLUMNS.filter((c) => !header.includes(c));
      if (missing.length > 0) problem = `header ${line} lacks ${missing.join(', ')}`;
      continue;
    }
    if (line === '') continue;
    const v = micro(line.split(',')[xi]);
    if (!(v > HIGH_X * 1e6)) problem = `row ${rows + 1}: x = ${v / 1e6} is not > ${HIGH_X}`;
    else if (v < prev) problem = `row ${rows + 1}: x = ${v / 1e6} after ${prev / 1e6} (not sorted)`;
    prev = v;
    sum += v;
    rows++;
  }
  if (problem) return problem;
  if (header === undefined) return 'empty file';
  if (rows !== want) return `${rows} rows, expected ${want}`;
  if (BigInt(sum) !== wantSum) return `sum of x = ${sum / 1e6}, expected ${Number(wantSum) / 1e6}`;
  return undefined;
}
