/**
 * Reading one partition: the kernel a worker runs for each block of `planCsv`. It builds no graph and
 * imports none of the dataframe's graph code (only Arrow, papaparse, node:fs, the filter kernel for a
 * pushed-down filter, and @tusk/core's errors, sizes and task registration), so workers load it cheaply.
 *
 * Steps: open the file (a file that vanished or changed since planning is an error naming it); find
 * where data starts (BOM, skipped lines, header — checked against the schema in the file's first
 * partition); find the first row start at or after `start` (find-row-start.ts, row-start.ts:
 * speculation over the quote state, exact scan from an anchor when undecided); parse rows that START
 * before `end` — reading past `end` only to finish the last one — with the chosen engine into column
 * builders (sized once from the rows per byte of the first window); check that the start the NEXT
 * partition will compute is where this partition's last row actually ends (exact verification, see
 * row-start.ts); assemble one Arrow RecordBatch with exactly the schema, and apply the pushed-down
 * filter, if any, to it (rows the scan's prefilter rejected were never converted). Errors from the engines carry byte offsets; line numbers
 * are computed here, lazily, by counting newlines from the file start — only when reporting.
 */

import { type FileHandle, open } from 'node:fs/promises';
import { defineTasks } from '@tusk/core';
import type { Table } from 'apache-arrow';
import type { ExprNode } from '../../expr/ast.js';
import { filter as filterTable } from '../../kernels/filter.js';
import { type AnyBuilder, assembleTable, newColumnBuilder } from './builders/assemble-table.js';
import { suggestDtype } from './classify-value.js';
import type { CsvSchema } from './csv-schema.js';
import { type BlockParser, BlockTarget, RowError } from './engines/block-target.js';
import { FastBlockParser } from './engines/fast-engine.js';
import { PapaBlockParser } from './engines/papaparse-engine.js';
import { Prefilter } from './engines/prefilter.js';
import {
  type CsvBadLine,
  CsvBoundaryError,
  CsvDtypeError,
  CsvError,
  CsvFileChangedError,
  CsvFileNotFoundError,
  CsvParseError,
  CsvSchemaError,
} from './errors.js';
import { ByteWindow, lineAt, readAt, WINDOW_CHUNK } from './file-bytes.js';
import { findRowStart } from './find-row-start.js';
import { type DataLocation, locateData, normalizeNames } from './locate-data.js';
import { naMatcher } from './na-values.js';
import { type CsvReadOptions, type ResolvedCsvOptions, resolveCsvOptions } from './options.js';

/** What `readCsvBlock` needs: a block of `planCsv` (or any byte range), the schema and the options. */
export interface ReadCsvBlockArgs {
  readonly path: string;
  /** Rows starting in [start, end) are read. */
  readonly start: number;
  readonly end: number;
  readonly schema: CsvSchema;
  readonly options?: CsvReadOptions;
  /** Partition number (as in CsvBlock; used in messages only). */
  readonly index?: number;
  /** The file's size and mtime at planning time: a mismatch raises CsvFileChangedError. */
  readonly size?: number;
  readonly mtimeMs?: number;
  /**
   * Keep only the rows where this boolean expression is true (a filter pushed into the read by
   * `df.filter`); rows it certainly rejects are not converted (engines/prefilter.ts).
   */
  readonly filter?: ExprNode;
}

/** A partition's table and where its rows lie in the file. */
export interface CsvBlockResult {
  readonly table: Table;
  /** Byte offset of the first row read (≥ start) and just past the last one. */
  readonly rowStart: number;
  readonly rowEnd: number;
  /** Malformed rows dropped under `onBadLine: 'skip' | 'warn'`. */
  readonly badLines: readonly CsvBadLine[];
}

/** A small partition's window holds its rows and this much more, for its last row to finish. */
const WINDOW_TAIL = 16 * 1024;

/**
 * Read the rows of one partition into an Arrow Table with exactly the schema's columns.
 *
 * @example
 * const plan = planCsv('data/*.csv', { blocksize: '64MB' });
 * const schema = inferSchema(plan.files[0].path);
 * const table = await readCsvBlock({ ...plan.blocks[0], schema });
 */
export async function readCsvBlock(args: ReadCsvBlockArgs): Promise<Table> {
  return (await readCsvBlockDetailed(args)).table;
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CsvFileNotFoundError(path, 'reading', err);
    throw new CsvError(path, `Cannot read CSV file '${path}': ${(err as Error).message}`, { cause: err });
  }
}

async function locate(
  fh: FileHandle,
  path: string,
  size: number,
  options: ResolvedCsvOptions,
): Promise<DataLocation> {
  for (let len = 65536; ; len *= 2) {
    const head = await readAt(fh, 0, Math.min(len, size));
    const loc = locateData(head, len >= size, options);
    if (loc !== undefined) return loc;
    if (len >= options.maxRowBytes) {
      throw new CsvSchemaError(
        path,
        `The header of '${path}' is longer than maxRowBytes (${options.maxRowBytes} bytes).`,
      );
    }
  }
}

function checkHeader(path: string, loc: DataLocation, schema: CsvSchema, options: ResolvedCsvOptions): void {
  if (!options.header || loc.header === null) return;
  const names = normalizeNames(loc.header);
  if (names.length !== schema.names.length || names.some((n, i) => n !== schema.names[i])) {
    throw new CsvSchemaError(
      path,
      `The header of '${path}' (${names.join(', ')}) differs from the schema's columns (${schema.names.join(', ')}). ` +
        'Files read together must have the same columns in the same order.',
    );
  }
}

/**
 * `readCsvBlock`, also returning where the rows lie and the malformed rows skipped.
 *
 * @example
 * const { table, rowStart, rowEnd, badLines } = await readCsvBlockDetailed({ ...block, schema, options });
 */
export async function readCsvBlockDetailed(args: ReadCsvBlockArgs): Promise<CsvBlockResult> {
  const { path, start, end, schema } = args;
  const options = resolveCsvOptions(args.options);
  const fh = await openForReading(path);
  try {
    const st = await fh.stat();
    if (
      (args.size !== undefined && st.size !== args.size) ||
      (args.mtimeMs !== undefined && st.mtimeMs !== args.mtimeMs)
    ) {
      throw new CsvFileChangedError(
        path,
        { size: args.size ?? st.size, mtimeMs: args.mtimeMs ?? st.mtimeMs },
        { size: st.size, mtimeMs: st.mtimeMs },
      );
    }
    const size = st.size;
    const loc = await locate(fh, path, size, options);
    if (start === 0) checkHeader(path, loc, schema, options);
    const fieldCount = schema.fieldCount;
    const rowStart =
      start <= loc.dataStart
        ? loc.dataStart
        : await findRowStart(fh, start, size, loc.dataStart, options, fieldCount);
    const builders: AnyBuilder[] = schema.columns.map((c) => newColumnBuilder(c.dtype));
    const na = naMatcher(options.naValues);
    const target = new BlockTarget(
      end,
      fieldCount,
      schema.columns,
      builders,
      na,
      options,
      Prefilter.create(args.filter, schema.columns, na),
    );
    let rowEnd = rowStart;
    try {
      if (rowStart < end) rowEnd = await parseRange(fh, path, rowStart, size, options, target);
    } catch (err) {
      if (err instanceof RowError) throw await rowErrorToCsvError(fh, path, err, fieldCount);
      throw err;
    }
    if (end < size && end > loc.dataStart) {
      const next = await findRowStart(fh, end, size, loc.dataStart, options, fieldCount);
      if (next !== rowEnd) {
        const which = args.index === undefined ? 'the next partition' : `partition ${args.index + 1}`;
        throw new CsvBoundaryError(
          path,
          end,
          `${which} would start its rows at byte ${next}, but the row this partition ends with ` +
            `(read exactly from byte ${rowStart}) ends at byte ${rowEnd}; a quoted field probably spans the boundary.`,
        );
      }
    }
    const badLines = await locateBadLines(fh, path, target, fieldCount);
    if (options.onBadLine === 'warn') {
      for (const b of badLines) {
        process.emitWarning(
          new CsvParseError(b).message.replace(/ Fix the file.*$/, ' Skipped.'),
          'CsvBadLineWarning',
        );
      }
    }
    const table = assembleTable(schema, builders, target.rows, path);
    return {
      table: args.filter === undefined ? table : filterTable(table, args.filter),
      rowStart,
      rowEnd,
      badLines,
    };
  } finally {
    await fh.close();
  }
}

/** Parse rows from `rowStart` until the engine is done; returns the offset just past the last row. */
async function parseRange(
  fh: FileHandle,
  path: string,
  rowStart: number,
  size: number,
  options: ResolvedCsvOptions,
  target: BlockTarget,
): Promise<number> {
  const parser: BlockParser =
    options.engine === 'fast' ? new FastBlockParser(target) : new PapaBlockParser(target);
  // A small partition reads a small window: its rows, and a little for the last one to finish.
  const span = Math.max(0, target.end - rowStart) + WINDOW_TAIL;
  const chunk = Math.min(WINDOW_CHUNK, options.maxRowBytes, 2 ** Math.ceil(Math.log2(span)));
  const window = new ByteWindow(fh, rowStart, size, chunk, target.end);
  let reserved = false;
  try {
    for (;;) {
      await window.fill();
      if (window.truncated) {
        const now = await fh.stat();
        throw new CsvFileChangedError(
          path,
          { size, mtimeMs: now.mtimeMs },
          { size: now.size, mtimeMs: now.mtimeMs },
        );
      }
      const eof = window.eof;
      const { consumed, done } = parser.parse(window.bytes, window.offset, eof);
      window.advance(consumed);
      if (done) return window.offset;
      if (!reserved && target.rows > 0) {
        // Size the builders once for the whole partition, from the rows per byte seen so far.
        const estimate =
          Math.ceil(((target.rows * (target.end - rowStart)) / (window.offset - rowStart)) * 1.02) + 16;
        for (const b of target.builders) b.reserve(estimate);
        reserved = true;
      }
      if (consumed > 0) continue;
      if (eof)
        throw new CsvError(path, `Internal error: the CSV engine made no progress at byte ${window.offset}.`);
      if (window.length >= options.maxRowBytes) {
        throw new RowError('bad-line', window.offset, { reason: 'unclosed-quote', fields: 0 });
      }
      window.grow();
    }
  } finally {
    await window.settle();
  }
}

async function locateBadLines(
  fh: FileHandle,
  path: string,
  target: BlockTarget,
  fieldCount: number,
): Promise<CsvBadLine[]> {
  if (target.skipped.length === 0) return [];
  const lines = await lineAt(
    fh,
    target.skipped.map((s) => s.byteOffset),
  );
  return target.skipped.map((s, i) => ({
    path,
    byteOffset: s.byteOffset,
    line: lines[i],
    reason: s.reason,
    fields: s.fields,
    expectedFields: fieldCount,
  }));
}

async function rowErrorToCsvError(
  fh: FileHandle,
  path: string,
  err: RowError,
  fieldCount: number,
): Promise<CsvError> {
  const [line] = await lineAt(fh, [err.byteOffset]);
  if (err.kind === 'bad-line') {
    return new CsvParseError({
      path,
      byteOffset: err.byteOffset,
      line,
      reason: err.detail.reason!,
      fields: err.detail.fields ?? 0,
      expectedFields: fieldCount,
    });
  }
  const column = err.detail.column!;
  const value = err.detail.value!;
  return new CsvDtypeError(
    path,
    line,
    err.byteOffset,
    column.name,
    value,
    column.dtype,
    suggestDtype(column.dtype, value),
    column.inferred,
  );
}

defineTasks(import.meta.url, { readCsvBlock });
