/**
 * Plain-JavaScript reference aggregations for the tests: loops over row objects, no kernel code.
 */

import type { Row } from './helpers.js';

/** Non-null values of a column. */
export function valuesOf(rows: readonly Row[], column: string): unknown[] {
  return rows.map((r) => r[column]).filter((v) => v !== null && v !== undefined);
}

/** pandas-style linear-interpolated quantile of sorted numbers. */
export function exactQuantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** One reference aggregation of the rows of a group. */
export function refAgg(rows: readonly Row[], agg: string, column?: string, q?: number): unknown {
  if (agg === 'size') return rows.length;
  const vals = valuesOf(rows, column!);
  const nums = vals.map((v) => (typeof v === 'boolean' ? Number(v) : (v as number)));
  const cmp = (a: any, b: any) => (a < b ? -1 : a > b ? 1 : 0);
  switch (agg) {
    case 'count':
      return vals.length;
    case 'sum':
      return nums.reduce((a, b) => a + b, 0);
    case 'mean':
      return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null;
    case 'var':
    case 'std': {
      if (nums.length < 2) return null;
      const m = nums.reduce((a, b) => a + b, 0) / nums.length;
      const v = nums.reduce((a, b) => a + (b - m) ** 2, 0) / (nums.length - 1);
      return agg === 'var' ? v : Math.sqrt(v);
    }
    case 'min':
      return vals.length ? [...vals].sort(cmp)[0] : null;
    case 'max':
      return vals.length ? [...vals].sort(cmp)[vals.length - 1] : null;
    case 'first':
      return vals.length ? vals[0] : null;
    case 'last':
      return vals.length ? vals[vals.length - 1] : null;
    case 'nunique':
      return new Set(vals).size;
    case 'median':
      return exactQuantile(
        [...nums].sort((a, b) => a - b),
        0.5,
      );
    case 'quantile':
      return exactQuantile(
        [...nums].sort((a, b) => a - b),
        q!,
      );
    default:
      throw new Error(`no reference for ${agg}`);
  }
}

/** Group rows by the values of `keys` (first-appearance order); rows with a null key are skipped unless keepNull. */
export function groupRows(
  rows: readonly Row[],
  keys: readonly string[],
  keepNull = false,
): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = keys.map((c) => r[c]);
    if (!keepNull && k.some((v) => v === null)) continue;
    const id = JSON.stringify(k);
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id)!.push(r);
  }
  return groups;
}

/** Expect-friendly rounding of floats (relative 1e-9). */
export function approx(v: unknown): unknown {
  if (typeof v !== 'number' || Number.isInteger(v)) return v;
  return Number(v.toPrecision(10));
}
