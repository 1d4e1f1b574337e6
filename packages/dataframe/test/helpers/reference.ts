/**
 * Plain-JavaScript references for the DataFrame tests: loops over row objects, no Tusk code. Grouped
 * aggregations (pandas semantics: nulls skipped, null keys dropped, result sorted by key), a
 * nested-loop join (pandas `merge` column naming; null keys never match), a stable sort with nulls
 * last, and the exact linear quantile.
 */

import type { Row } from './data.js';

/** Is `v` missing (null, undefined or NaN)? */
export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/** Total order of plain values, nulls last. */
export function compareNullsLast(a: unknown, b: unknown): number {
  const ma = isMissing(a);
  const mb = isMissing(b);
  if (ma || mb) return ma === mb ? 0 : ma ? 1 : -1;
  const x = typeof a === 'boolean' ? Number(a) : (a as number | string);
  const y = typeof b === 'boolean' ? Number(b) : (b as number | string);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A stable sort by columns (each ascending or descending), nulls last either way. */
export function sortRows(rows: readonly Row[], by: readonly string[], ascending: readonly boolean[]): Row[] {
  return rows
    .map((r, i) => [r, i] as const)
    .sort(([r, i], [s, j]) => {
      for (let k = 0; k < by.length; k++) {
        const a = r[by[k]];
        const b = s[by[k]];
        const ma = isMissing(a);
        const mb = isMissing(b);
        if (ma || mb) {
          if (ma !== mb) return ma ? 1 : -1;
          continue;
        }
        const c = compareNullsLast(a, b);
        if (c !== 0) return ascending[k] ? c : -c;
      }
      return i - j;
    })
    .map(([r]) => r);
}

/** Non-missing numbers of a column. */
export function numbers(rows: readonly Row[], column: string): number[] {
  const out: number[] = [];
  for (const r of rows) {
    const v = r[column];
    if (!isMissing(v)) out.push(typeof v === 'boolean' ? Number(v) : (v as number));
  }
  return out;
}

/** pandas' linear-interpolated quantile of numbers (null for none). */
export function exactQuantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** One aggregation over the rows of a group (pandas semantics: nulls skipped). */
export function aggregateRows(rows: readonly Row[], agg: string, column?: string): unknown {
  if (agg === 'size') return rows.length;
  const values = rows.map((r) => r[column!]).filter((v) => !isMissing(v));
  const nums = values.map((v) => (typeof v === 'boolean' ? Number(v) : (v as number)));
  const sum = nums.reduce((a, b) => a + b, 0);
  switch (agg) {
    case 'count':
      return values.length;
    case 'sum':
      return sum;
    case 'mean':
      return nums.length ? sum / nums.length : null;
    case 'var':
    case 'std': {
      if (nums.length < 2) return null;
      const m = sum / nums.length;
      const v = nums.reduce((a, b) => a + (b - m) ** 2, 0) / (nums.length - 1);
      return agg === 'var' ? v : Math.sqrt(v);
    }
    case 'min':
      return values.length ? [...values].sort(compareNullsLast)[0] : null;
    case 'max':
      return values.length ? [...values].sort(compareNullsLast)[values.length - 1] : null;
    case 'first':
      return values.length ? values[0] : null;
    case 'last':
      return values.length ? values[values.length - 1] : null;
    case 'nunique':
      return new Set(values).size;
    default:
      throw new Error(`no reference for ${agg}`);
  }
}

/** Rows grouped by the values of `keys`; groups with a null key are dropped (pandas dropna=True). */
export function groupRows(rows: readonly Row[], keys: readonly string[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    if (keys.some((k) => isMissing(r[k]))) continue;
    const id = JSON.stringify(keys.map((k) => r[k]));
    const g = groups.get(id);
    if (g) g.push(r);
    else groups.set(id, [r]);
  }
  return groups;
}

/** A grouped aggregation: one row per group, `{ ...keys, [outputName]: value }`, sorted by the keys. */
export function groupbyRef(
  rows: readonly Row[],
  keys: readonly string[],
  aggs: readonly { column?: string; agg: string; name?: string }[],
): Row[] {
  const out: Row[] = [];
  for (const group of groupRows(rows, keys).values()) {
    const row: Row = {};
    for (const k of keys) row[k] = group[0][k];
    for (const a of aggs) {
      row[a.name ?? (a.agg === 'size' ? 'size' : `${a.column}_${a.agg}`)] = aggregateRows(
        group,
        a.agg,
        a.column,
      );
    }
    out.push(row);
  }
  return sortRows(
    out,
    keys,
    keys.map(() => true),
  );
}

/** Options of the reference join. */
export interface JoinRefOptions {
  leftOn: readonly string[];
  rightOn: readonly string[];
  how: 'inner' | 'left' | 'right' | 'outer';
  suffixes?: readonly [string, string];
}

/**
 * A nested-loop join with pandas `merge` columns: the left columns, then the right ones; a key with
 * the same name on both sides appears once (taking the right value for rows only the right has); other
 * names on both sides get the suffixes. Null keys never match. Row order is not part of the contract
 * (compare after sorting).
 */
export function joinRef(
  left: readonly Row[],
  right: readonly Row[],
  leftCols: readonly string[],
  rightCols: readonly string[],
  o: JoinRefOptions,
): Row[] {
  const [sx, sy] = o.suffixes ?? ['_x', '_y'];
  const shared = new Set(o.leftOn.filter((k, i) => k === o.rightOn[i]));
  const rightOut = rightCols.filter((c) => !shared.has(c));
  const leftName = (c: string) => (!shared.has(c) && rightOut.includes(c) ? c + sx : c);
  const rightName = (c: string) => (leftCols.includes(c) ? c + sy : c);
  const matches = (l: Row, r: Row) =>
    o.leftOn.every((k, i) => !isMissing(l[k]) && !isMissing(r[o.rightOn[i]]) && l[k] === r[o.rightOn[i]]);
  const emit = (l: Row | null, r: Row | null): Row => {
    const row: Row = {};
    for (const c of leftCols) {
      row[leftName(c)] = l ? (l[c] ?? null) : shared.has(c) && r ? (r[c] ?? null) : null;
    }
    for (const c of rightOut) row[rightName(c)] = r ? (r[c] ?? null) : null;
    return row;
  };
  const out: Row[] = [];
  const rightMatched = new Uint8Array(right.length);
  for (const l of left) {
    let any = false;
    right.forEach((r, j) => {
      if (matches(l, r)) {
        any = true;
        rightMatched[j] = 1;
        out.push(emit(l, r));
      }
    });
    if (!any && (o.how === 'left' || o.how === 'outer')) out.push(emit(l, null));
  }
  if (o.how === 'inner' || o.how === 'left') return out;
  if (o.how === 'right') {
    // Right joins keep every right row; recompute in right order for clarity.
    const rows: Row[] = [];
    for (const r of right) {
      let any = false;
      for (const l of left) {
        if (matches(l, r)) {
          any = true;
          rows.push(emit(l, r));
        }
      }
      if (!any) rows.push(emit(null, r));
    }
    return rows;
  }
  right.forEach((r, j) => {
    if (!rightMatched[j]) out.push(emit(null, r));
  });
  return out;
}
