/**
 * Typed errors of the CSV reader. Every one is a `TuskError` (from @tusk/core) carrying the file and,
 * where known, the byte offset and 1-based line of the row at fault, so callers and tests branch on
 * the class and read fields instead of parsing messages. Each message says what to do next.
 */

import { TuskError } from '@tusk/core';
import type { CsvDtype } from './options.js';

/**
 * Base class of the CSV reader's errors; `path` is the file concerned.
 *
 * @example
 * try { await readCsvBlock(args); } catch (e) { if (e instanceof CsvError) console.error(e.path); }
 */
export class CsvError extends TuskError {
  override name = 'CsvError';
  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A file named explicitly does not exist (or vanished between planning and reading).
 *
 * @example
 * planCsv('missing.csv'); // throws CsvFileNotFoundError { path: 'missing.csv' }
 */
export class CsvFileNotFoundError extends CsvError {
  override name = 'CsvFileNotFoundError';
  constructor(path: string, when: 'planning' | 'reading', cause?: unknown) {
    super(
      path,
      when === 'planning'
        ? `CSV file not found: '${path}'. Check the path (relative paths resolve against ${process.cwd()}).`
        : `CSV file '${path}' vanished after the read was planned. ` +
            'Keep input files in place until the computation has finished, then run it again.',
      { cause },
    );
  }
}

/**
 * A glob pattern matched no file.
 *
 * @example
 * planCsv('data/*.tsv'); // throws CsvGlobError { pattern: 'data/*.tsv' } when nothing matches
 */
export class CsvGlobError extends CsvError {
  override name = 'CsvGlobError';
  constructor(readonly pattern: string) {
    super(
      pattern,
      `No file matches '${pattern}'. Check the directory and the pattern ('*' does not cross '/', use '**' for that).`,
    );
  }
}

/**
 * A file changed (size or modification time) between planning and reading.
 *
 * @example
 * // planCsv, then the file is rewritten, then readCsvBlock(block) throws CsvFileChangedError
 */
export class CsvFileChangedError extends CsvError {
  override name = 'CsvFileChangedError';
  constructor(
    path: string,
    readonly planned: { size: number; mtimeMs: number },
    readonly actual: { size: number; mtimeMs: number },
  ) {
    super(
      path,
      `CSV file '${path}' changed after the read was planned (size ${planned.size} -> ${actual.size} bytes). ` +
        'Byte ranges planned on the old file would cut rows in the wrong places; build the dataframe again.',
    );
  }
}

/**
 * The file has no header and no column names were given, or its header differs from the schema's.
 *
 * @example
 * inferSchema('empty.csv'); // throws CsvSchemaError: no header row to name the columns
 */
export class CsvSchemaError extends CsvError {
  override name = 'CsvSchemaError';
}

/** Why a row is malformed. */
export type CsvBadLineReason = 'field-count' | 'invalid-quote' | 'unclosed-quote';

/** One malformed row (recorded by `onBadLine: 'skip' | 'warn'`, or raised as CsvParseError). */
export interface CsvBadLine {
  readonly path: string;
  /** Byte offset of the row's first byte in the file. */
  readonly byteOffset: number;
  /** 1-based line of the row's first byte (physical lines, counting newlines inside quotes). */
  readonly line: number;
  readonly reason: CsvBadLineReason;
  /** Number of fields found (for 'field-count'). */
  readonly fields: number;
  readonly expectedFields: number;
}

/**
 * A malformed row: wrong number of fields, or a broken quoted field.
 *
 * @example
 * // 'a,b\n1,2,3\n' → CsvParseError { line: 2, reason: 'field-count', fields: 3, expectedFields: 2 }
 */
export class CsvParseError extends CsvError {
  override name = 'CsvParseError';
  readonly byteOffset: number;
  readonly line: number;
  readonly reason: CsvBadLineReason;
  readonly fields: number;
  readonly expectedFields: number;
  constructor(bad: CsvBadLine) {
    const what =
      bad.reason === 'field-count'
        ? `has ${bad.fields} fields, expected ${bad.expectedFields}`
        : bad.reason === 'invalid-quote'
          ? 'has a closing quote followed by something other than a delimiter or the end of the line'
          : 'opens a quoted field that is never closed';
    const next =
      bad.reason === 'unclosed-quote'
        ? 'Close or remove the quote: an unclosed quote cannot be skipped (the rest of the file would be one field).'
        : "Fix the file, or pass onBadLine: 'skip' (or 'warn') to drop such rows.";
    super(
      bad.path,
      `Malformed CSV row at line ${bad.line} (byte ${bad.byteOffset}) of '${bad.path}': the row ${what}. ${next}`,
    );
    this.byteOffset = bad.byteOffset;
    this.line = bad.line;
    this.reason = bad.reason;
    this.fields = bad.fields;
    this.expectedFields = bad.expectedFields;
  }
}

/**
 * A value does not fit the column's dtype (inferred from the sample, or given in `dtypes`).
 *
 * @example
 * // y inferred int32, a later row has 3.5 → CsvDtypeError { column: 'y', value: '3.5', suggested: 'float64' }
 */
export class CsvDtypeError extends CsvError {
  override name = 'CsvDtypeError';
  constructor(
    path: string,
    readonly line: number,
    readonly byteOffset: number,
    readonly column: string,
    readonly value: string,
    readonly dtype: CsvDtype,
    /** The dtype that would hold the value; the fix is `dtypes: { [column]: suggested }`. */
    readonly suggested: CsvDtype,
    readonly inferred: boolean,
  ) {
    const origin = inferred ? 'was inferred from a sample of the first file as' : 'was declared as';
    const key = /^[A-Za-z_$][\w$]*$/.test(column) ? column : JSON.stringify(column);
    super(
      path,
      `Column '${column}' ${origin} ${dtype}, but line ${line} (byte ${byteOffset}) of '${path}' holds ` +
        `${JSON.stringify(value)}. Pass dtypes: { ${key}: '${suggested}' } to read it` +
        (inferred ? ' (or a larger sample).' : '.'),
    );
  }
}

/**
 * The reader could not tell where rows start near `byteOffset` (a quoted field may hold newlines, so
 * the next newline is not always a row boundary), or found that a partition would start mid-row.
 *
 * @example
 * // a partition whose speculative start disagrees with where its predecessor's last row ends
 */
export class CsvBoundaryError extends CsvError {
  override name = 'CsvBoundaryError';
  constructor(
    path: string,
    readonly byteOffset: number,
    detail: string,
  ) {
    super(
      path,
      `Cannot split '${path}' into row-aligned partitions near byte ${byteOffset}: ${detail} ` +
        'Read the file as one partition (blocksize: null), or raise blocksize / boundaryLookahead.',
    );
  }
}
