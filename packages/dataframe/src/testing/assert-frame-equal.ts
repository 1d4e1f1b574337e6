/**
 * `assertFrameEqual`: the one equality assertion for DataFrames (dask `array/utils.py assert_eq`,
 * STYLE rule 14). It computes the frame partition by partition with the synchronous scheduler and
 * checks, besides the values:
 *   - metadata: every computed partition has exactly the frame's `meta` schema (names, order, Arrow
 *     types), and there are `npartitions` of them;
 *   - the index claim: a frame with an `index` (sortValues / setIndex) is sorted by that column across
 *     all partitions (one direction, nulls last), and when `divisions` are known each partition's
 *     index values lie within its bounds;
 *   - values: against an Arrow Table, plain row objects, or another frame (computed the same way),
 *     with floats compared to a relative tolerance, bigints as numbers, dates as epoch milliseconds,
 *     dictionary values as strings. With `checkRowOrder: false` both sides are put in a canonical row
 *     order first (for results whose row order is not defined, such as shuffled joins).
 * It returns the computed table, so a test can go on checking it.
 */

import { AssertionError } from 'node:assert';
import { compute } from '@tusk/core';
import type { DataType, Schema, Table } from 'apache-arrow';
import { DataFrame } from '../frame/dataframe.js';
import { Series } from '../frame/series.js';

/** Options of assertFrameEqual. */
export interface AssertFrameEqualOptions {
  /** Compare rows in order (default true); false sorts both sides canonically first. */
  checkRowOrder?: boolean;
  /** Compare Arrow types with the expected Table's / frame's (default true; rows carry no types). */
  checkDtypes?: boolean;
  /** Relative tolerance for floating-point values (default 1e-9). */
  rtol?: number;
  /** Absolute tolerance for floating-point values (default 1e-12). */
  atol?: number;
  /** Check the index claim of sorted frames (default true). */
  checkIndex?: boolean;
}

/** A row of plain values: column name → value. */
export type PlainRow = Record<string, unknown>;

function fail(message: string, actual?: unknown, expected?: unknown): never {
  throw new AssertionError({ message, actual, expected, operator: 'assertFrameEqual' });
}

function typeText(t: DataType): string {
  return String(t);
}

/** Every partition's schema must be the frame's meta. */
function checkSchema(meta: Schema, schema: Schema, what: string): void {
  const want = meta.fields.map((f) => `${f.name}: ${typeText(f.type)}`);
  const got = schema.fields.map((f) => `${f.name}: ${typeText(f.type)}`);
  if (want.join(', ') !== got.join(', ')) {
    fail(`${what} has schema [${got.join(', ')}] but the frame's meta says [${want.join(', ')}].`, got, want);
  }
}

/** A comparable plain value: bigint → number (when safe), Date → epoch ms, undefined → null. */
function plain(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  if (v instanceof Date) return v.getTime();
  return v;
}

function rowsOf(table: Table): PlainRow[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((_, j) => table.getChildAt(j));
  const out: PlainRow[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const r: PlainRow = {};
    for (let j = 0; j < names.length; j++) r[names[j]] = plain(cols[j]?.get(i));
    out[i] = r;
  }
  return out;
}

function rank(v: unknown): number {
  if (v === null) return 3;
  if (typeof v === 'number' && Number.isNaN(v)) return 2;
  return typeof v === 'string' ? 1 : 0;
}

/** Total order over plain values: numbers/booleans, then strings, then NaN, then null. */
function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra >= 2) return 0;
  const x = typeof a === 'boolean' ? Number(a) : (a as number | string | bigint);
  const y = typeof b === 'boolean' ? Number(b) : (b as number | string | bigint);
  return x < y ? -1 : x > y ? 1 : 0;
}

function canonical(rows: PlainRow[], names: readonly string[]): PlainRow[] {
  return [...rows].sort((r, s) => {
    for (const n of names) {
      const c = compareValues(r[n], s[n]);
      if (c !== 0) return c;
    }
    return 0;
  });
}

function valuesEqual(a: unknown, b: unknown, rtol: number, atol: number): boolean {
  a = plain(a);
  b = plain(b);
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    return Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
  }
  return false;
}

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : String(v);
}

/** The index column must be monotone across the partitions, nulls last; within divisions if known. */
function checkIndex(df: DataFrame, parts: readonly Table[]): void {
  const index = df.index!;
  const values: unknown[] = [];
  parts.forEach((p, i) => {
    const col = p.getChild(index);
    if (!col) fail(`Partition ${i} has no index column '${index}'.`);
    for (let r = 0; r < p.numRows; r++) {
      const v = plain(col.get(r));
      values.push(v);
      if (df.divisions && v !== null) {
        const lo = plain(df.divisions[i]);
        const hi = plain(df.divisions[i + 1]);
        if (compareValues(v, lo) < 0 || compareValues(v, hi) > 0) {
          fail(
            `Partition ${i} holds index value ${show(v)} outside its divisions [${show(lo)}, ${show(hi)}].`,
          );
        }
      }
    }
  });
  const nonNull = values.filter((v) => v !== null && !(typeof v === 'number' && Number.isNaN(v)));
  const firstMissing = values.findIndex((v) => v === null || (typeof v === 'number' && Number.isNaN(v)));
  if (firstMissing >= 0 && firstMissing < nonNull.length) {
    fail(
      `The frame is indexed by '${index}' but a null sits at row ${firstMissing}, before non-null values.`,
    );
  }
  let direction = 0;
  for (let r = 1; r < nonNull.length; r++) {
    const c = compareValues(nonNull[r - 1], nonNull[r]);
    if (c === 0) continue;
    if (direction === 0) direction = c;
    else if (c !== direction) {
      fail(
        `The frame is indexed by '${index}' but it is not sorted: ${show(nonNull[r - 1])} then ${show(nonNull[r])} at row ${r}.`,
      );
    }
  }
}

async function computeParts(df: DataFrame): Promise<Table[]> {
  const parts = Array.from({ length: df.npartitions }, (_, i) => df.partition(i));
  const tables = (await compute(...parts, { scheduler: 'synchronous' })) as unknown as Table[];
  if (tables.length !== df.npartitions) {
    fail(`The frame says npartitions=${df.npartitions} but ${tables.length} partitions were computed.`);
  }
  tables.forEach((t, i) => {
    checkSchema(df.meta, t.schema, `Partition ${i} of ${df.npartitions}`);
  });
  return tables;
}

async function computeFrame(df: DataFrame, checkIdx: boolean): Promise<Table> {
  if (!(df instanceof DataFrame)) fail(`Expected a DataFrame, got ${String(df)}.`);
  const parts = await computeParts(df);
  if (checkIdx && df.index !== undefined) checkIndex(df, parts);
  const whole = df.__tusk_finalize(parts);
  checkSchema(df.meta, whole.schema, 'The computed frame');
  return whole;
}

/**
 * Compute `actual` with the synchronous scheduler, check its metadata against the computed
 * partitions, and compare its values with `expected` (an Arrow Table, plain row objects, or another
 * frame). Throws an AssertionError saying what differs; returns the computed table.
 *
 * @example
 * const df = fromRecords([{ x: 1 }, { x: 2 }], { npartitions: 2 });
 * await assertFrameEqual(df.filter(col('x').gt(1)), [{ x: 2 }]);
 */
export async function assertFrameEqual(
  actual: DataFrame | Series,
  expected: Table | readonly PlainRow[] | DataFrame | Series,
  options: AssertFrameEqualOptions = {},
): Promise<Table> {
  const rtol = options.rtol ?? 1e-9;
  const atol = options.atol ?? 1e-12;
  const checkIdx = options.checkIndex ?? true;
  const got = await computeFrame(actual instanceof Series ? actual.frame : actual, checkIdx);
  let want: Table | undefined;
  let wantRows: PlainRow[];
  if (expected instanceof DataFrame || expected instanceof Series) {
    want = await computeFrame(expected instanceof Series ? expected.frame : expected, checkIdx);
    wantRows = rowsOf(want);
  } else if (Array.isArray(expected)) {
    wantRows = (expected as readonly PlainRow[]).map((r) => {
      const o: PlainRow = {};
      for (const [k, v] of Object.entries(r)) o[k] = plain(v);
      return o;
    });
  } else {
    want = expected as Table;
    wantRows = rowsOf(want);
  }
  const names = got.schema.fields.map((f) => f.name);
  const wantNames = want
    ? want.schema.fields.map((f) => f.name)
    : wantRows.length > 0
      ? Object.keys(wantRows[0])
      : names;
  if (names.join(',') !== wantNames.join(',')) {
    fail(`Columns differ: got [${names.join(', ')}], expected [${wantNames.join(', ')}].`, names, wantNames);
  }
  if (want && (options.checkDtypes ?? true)) {
    const a = got.schema.fields.map((f) => `${f.name}: ${typeText(f.type)}`).join(', ');
    const b = want.schema.fields.map((f) => `${f.name}: ${typeText(f.type)}`).join(', ');
    if (a !== b) fail(`Dtypes differ: got [${a}], expected [${b}].`, a, b);
  }
  let gotRows = rowsOf(got);
  if (gotRows.length !== wantRows.length) {
    fail(
      `Row counts differ: got ${gotRows.length}, expected ${wantRows.length}.`,
      gotRows.length,
      wantRows.length,
    );
  }
  if (options.checkRowOrder === false) {
    gotRows = canonical(gotRows, names);
    wantRows = canonical(wantRows, names);
  }
  for (let i = 0; i < gotRows.length; i++) {
    for (const n of names) {
      if (!valuesEqual(gotRows[i][n], wantRows[i][n], rtol, atol)) {
        fail(
          `Row ${i}, column '${n}': got ${show(gotRows[i][n])}, expected ${show(wantRows[i][n])}` +
            `\n  got row:      ${JSON.stringify(gotRows[i], jsonSafe)}\n  expected row: ${JSON.stringify(wantRows[i], jsonSafe)}`,
          gotRows[i],
          wantRows[i],
        );
      }
    }
  }
  return got;
}

function jsonSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}
