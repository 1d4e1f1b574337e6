/**
 * Schema inference (main thread, once per read): read the head of the first non-empty file — the
 * header plus `sample` bytes of data (256 KiB by default) — tokenize it with papaparse, and infer each
 * selected column's dtype from the sampled values (classify-value.ts), unless `dtypes` names it.
 * Like Dask, a later partition may contradict the sample; it then fails with a CsvDtypeError naming
 * the `dtypes` entry that fixes it.
 *
 * Integers: int32 when every sampled integer fits, else int64 — exact either way (float64 would lose
 * digits beyond 2^53 silently). Integers are nullable (Arrow validity bitmaps), so missing values
 * need no float conversion; `assumeMissing: true` still reads integer columns as float64 for
 * Dask-compatible arithmetic. Columns with no sampled value are strings (nothing can contradict them).
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from '@tusk/core';
import { utf8Floor } from './char-offsets.js';
import { inferColumnDtype } from './classify-value.js';
import type { CsvColumn, CsvSchema } from './csv-schema.js';
import { CsvError, CsvFileNotFoundError, CsvSchemaError } from './errors.js';
import { type DataLocation, locateData, normalizeNames } from './locate-data.js';
import { NaMatcher } from './na-values.js';
import { type CsvReadOptions, type ResolvedCsvOptions, resolveCsvOptions } from './options.js';
import { newPapaParser, stripTrailingCr } from './papa.js';

function openFile(path: string): { fd: number; size: number } {
  try {
    const fd = openSync(path, 'r');
    return { fd, size: fstatSync(fd).size };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CsvFileNotFoundError(path, 'planning', err);
    throw new CsvError(path, `Cannot read CSV file '${path}': ${(err as Error).message}`, { cause: err });
  }
}

function readSyncAt(fd: number, start: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** The head of a file, its data location and the data sample. */
interface FileHead {
  readonly path: string;
  readonly location: DataLocation;
  readonly sample: Buffer;
  readonly sampleIsWholeRest: boolean;
}

function readHead(path: string, options: ResolvedCsvOptions): FileHead {
  const { fd, size } = openFile(path);
  try {
    let len = Math.max(65536, options.sample);
    let location: DataLocation | undefined;
    for (;;) {
      const head = readSyncAt(fd, 0, Math.min(len, size));
      const cr = head.indexOf(13);
      if (head.indexOf(10) < 0 && cr >= 0 && cr < head.length - 1) {
        throw new CsvSchemaError(
          path,
          `'${path}' uses CR-only line endings (classic Mac OS), which are not supported: convert it to LF or CRLF.`,
        );
      }
      location = locateData(head, len >= size, options);
      if (location !== undefined) break;
      if (len >= options.maxRowBytes) {
        throw new CsvSchemaError(
          path,
          `The header of '${path}' is longer than maxRowBytes (${options.maxRowBytes} bytes).`,
        );
      }
      len *= 2;
    }
    const want = Math.min(options.sample, size - location.dataStart);
    const sample = readSyncAt(fd, location.dataStart, want);
    return { path, location, sample, sampleIsWholeRest: location.dataStart + want >= size };
  } finally {
    closeSync(fd);
  }
}

/** Tokenize the sample into rows (complete, well-quoted rows only; blank lines dropped). */
function sampleRows(head: FileHead, options: ResolvedCsvOptions): string[][] {
  const bytes = head.sample;
  const cut = head.sampleIsWholeRest ? bytes.length : utf8Floor(bytes, bytes.length);
  const res = newPapaParser(options).parse(bytes.toString('utf8', 0, cut), 0, !head.sampleIsWholeRest);
  const broken = new Set(res.errors.map((e) => e.row));
  const rows: string[][] = [];
  res.data.forEach((row, i) => {
    stripTrailingCr(row);
    if (broken.has(i) || (row.length === 1 && row[0] === '')) return;
    rows.push(row);
  });
  return rows;
}

/** Resolve `usecols` (names or positions) into field positions, in the order given. */
function selectColumns(
  names: readonly string[],
  usecols: ResolvedCsvOptions['usecols'],
  path: string,
): number[] {
  if (usecols === null) return names.map((_, i) => i);
  const out: number[] = [];
  for (const c of usecols) {
    const i = typeof c === 'number' ? c : names.indexOf(c);
    if (!Number.isInteger(i) || i < 0 || i >= names.length) {
      throw new CsvSchemaError(
        path,
        `usecols names column ${JSON.stringify(c)}, which '${path}' does not have. Columns: ${names.map((n) => JSON.stringify(n)).join(', ')}.`,
      );
    }
    if (!out.includes(i)) out.push(i);
  }
  return out;
}

/**
 * Infer the schema of a CSV dataset from the head of its first non-empty file.
 *
 * @example
 * const schema = inferSchema('data/1.csv', { dtypes: { y: 'float64' } });
 * schema.columns.map((c) => [c.name, c.dtype]); // [['id', 'int32'], ['key', 'category'], ['y', 'float64']]
 */
export function inferSchema(paths: string | readonly string[], options: CsvReadOptions = {}): CsvSchema {
  const opts = resolveCsvOptions(options);
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw new CsvError('', 'No CSV paths were given.');
  let head = readHead(list[0], opts);
  for (let i = 1; i < list.length && head.location.header === null && head.sample.length === 0; i++) {
    head = readHead(list[i], opts);
  }
  const rows = sampleRows(head, opts);
  const path = head.path;
  let names: string[];
  if (opts.names !== null) names = [...opts.names];
  else if (opts.header) {
    if (head.location.header === null) {
      throw new CsvSchemaError(
        path,
        `'${path}' is empty: there is no header row to name the columns. Pass header: ['a', 'b', ...] to name them.`,
      );
    }
    names = normalizeNames(head.location.header);
  } else {
    if (rows.length === 0) {
      throw new CsvSchemaError(
        path,
        `'${path}' has no rows to count the columns from. Pass header: ['a', 'b', ...].`,
      );
    }
    names = rows[0].map((_, i) => String(i));
  }
  const fieldCount = names.length;
  const selected = selectColumns(names, opts.usecols, path);
  const selectedNames = new Set(selected.map((i) => names[i]));
  for (const col of Object.keys(opts.dtypes)) {
    if (!selectedNames.has(col)) {
      throw new ConfigError(
        'dtypes',
        `dtypes names column '${col}', which is not among the columns read: ${[...selectedNames].join(', ')}.`,
      );
    }
  }
  if (Array.isArray(opts.parseDates)) {
    for (const col of opts.parseDates) {
      if (!selectedNames.has(col)) {
        throw new ConfigError(
          'parseDates',
          `parseDates names column '${col}', which is not among the columns read.`,
        );
      }
    }
  }
  if (opts.pathColumn !== null && selectedNames.has(opts.pathColumn)) {
    throw new ConfigError(
      'includePathColumn',
      `The path column '${opts.pathColumn}' would shadow a column of the file; pass includePathColumn: 'another_name'.`,
    );
  }
  const na = new NaMatcher(opts.naValues);
  const good = rows.filter((r) => r.length === fieldCount);
  const columns: CsvColumn[] = selected.map((index) => {
    const name = names[index];
    const values = good.map((r) => r[index]).filter((v) => !na.isNaString(v));
    const parseDates =
      opts.parseDates === true || (Array.isArray(opts.parseDates) && opts.parseDates.includes(name));
    const inferred = inferColumnDtype(values, { ...opts, parseDates });
    const given = opts.dtypes[name];
    if (given === undefined) return { name, index, dtype: inferred.dtype, inferred: true, ...tz(inferred) };
    const timezone = given === 'timestamp' ? inferred.timezone : undefined;
    return { name, index, dtype: given, inferred: false, ...(timezone !== undefined ? { timezone } : {}) };
  });
  return { names, fieldCount, columns, pathColumn: opts.pathColumn };
}

function tz(inferred: { dtype: string; timezone: string | null }): { timezone?: string | null } {
  return inferred.dtype === 'timestamp' ? { timezone: inferred.timezone } : {};
}
