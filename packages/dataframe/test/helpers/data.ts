/**
 * Test data for the DataFrame tests: a seeded generator of plain-JS rows, their CSV text (written by
 * hand here, not by the writer under test), temp directories, and reading a computed Arrow table back
 * as plain rows. The rows are the reference: expected answers are computed from them with plain loops
 * (reference.ts), never with the code under test.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';

/** A row: column name → plain value (dates as epoch ms, null for missing). */
export type Row = Record<string, unknown>;

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The columns of the standard test dataset, in file order. */
export const COLUMNS = ['id', 'cat', 'k2', 'x', 'y', 'name', 'flag', 'day'] as const;

/** Arrow types readCsv infers for the standard dataset (String(type)). */
export const INFERRED_TYPES: Record<string, string> = {
  id: 'Int32',
  cat: 'Dictionary<Int32, Utf8>',
  k2: 'Int32',
  x: 'Float64',
  y: 'Int32',
  name: 'Utf8',
  flag: 'Bool',
  day: 'Date32<DAY>',
};

const DAY_MS = 86_400_000;
const DAY0 = Date.UTC(2024, 0, 1);

/**
 * `n` rows of the standard dataset: `id` (0..n-1 + idStart), `cat` (c0..c5, ~5% null), `k2` (0..3),
 * `x` (0..100 with two decimals, ~5% null), `y` (-50..50), `name` (mostly distinct strings, some
 * with a comma or a quote), `flag` (bool, ~3% null), `day` (a date in 2024).
 */
export function makeRows(n: number, seed: number, idStart = 0): Row[] {
  const r = rng(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    const name =
      u < 0.05
        ? `n, ${Math.floor(r() * 1e6)}`
        : u < 0.08
          ? `q"${Math.floor(r() * 1e6)}`
          : `n${Math.floor(r() * 1e6)}`;
    rows.push({
      id: idStart + i,
      cat: r() < 0.05 ? null : `c${Math.floor(r() * 6)}`,
      k2: Math.floor(r() * 4),
      x: r() < 0.05 ? null : Number((r() * 100).toFixed(2)),
      y: Math.floor(r() * 101) - 50,
      name,
      flag: r() < 0.03 ? null : r() < 0.5,
      day: DAY0 + Math.floor(r() * 366) * DAY_MS,
    });
  }
  return rows;
}

/** A CSV field: quoted (quotes doubled) when it holds a delimiter, a quote or a newline. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** ISO date text (YYYY-MM-DD) of epoch milliseconds. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The CSV text of standard-dataset rows (header first; two decimals for x; ISO dates). */
export function datasetCsv(rows: readonly Row[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      COLUMNS.map((c) => {
        const v = row[c];
        if (v === null) return '';
        if (c === 'x') return (v as number).toFixed(2);
        if (c === 'day') return isoDay(v as number);
        return csvField(v);
      }).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** CSV text of arbitrary rows with the given columns (values written with String()). */
export function toCsvText(rows: readonly Row[], columns: readonly string[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** A fresh temp directory and a function that removes it. */
export function tempDir(prefix = 'tusk-df-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Write text to `dir/name`; returns the path. */
export function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A plain value of an Arrow value: bigint → number, Date → epoch ms, undefined → null. */
export function plain(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return v;
}

/** The rows of a computed table as plain objects. */
export function rowsOf(table: Table): Row[] {
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((n) => table.getChild(n)!);
  const out: Row[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    names.forEach((n, k) => {
      row[n] = plain(cols[k].get(i));
    });
    out.push(row);
  }
  return out;
}

/** One column of a computed table as plain values. */
export function columnValues(table: Table, name: string): unknown[] {
  const col = table.getChild(name)!;
  const out: unknown[] = [];
  for (let i = 0; i < table.numRows; i++) out.push(plain(col.get(i)));
  return out;
}

/** Column name → String(Arrow type). */
export function typesOf(table: {
  schema: { fields: { name: string; type: unknown }[] };
}): Record<string, string> {
  return Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
}

/** Keep only some columns of rows. */
export function project(rows: readonly Row[], columns: readonly string[]): Row[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
}
