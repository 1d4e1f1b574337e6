/**
 * The contract between the partition reader and a tokenizer engine. The reader hands an engine a
 * `BlockTarget` (builders, converters' inputs, the partition's end, the bad-line policy) and then
 * calls `parse(bytes, offset, eof)` on successive windows of the file that each start at a row start.
 * Engines report problems as `RowError`s carrying byte offsets; the reader turns them into typed
 * errors with line numbers (counting lines needs file reads, which engines never do).
 */

import type { AnyBuilder } from '../builders/assemble-table.js';
import type { CsvColumn } from '../csv-schema.js';
import type { CsvBadLineReason } from '../errors.js';
import type { NaMatcher } from '../na-values.js';
import type { ResolvedCsvOptions } from '../options.js';
import type { Prefilter } from './prefilter.js';

/**
 * A malformed row or a value that does not fit its column, located by byte offset (internal: the
 * reader turns it into CsvParseError / CsvDtypeError with a line number).
 *
 * @example
 * throw new RowError('bad-line', 120, { reason: 'field-count', fields: 2 });
 */
export class RowError extends Error {
  constructor(
    readonly kind: 'bad-line' | 'dtype',
    /** Byte offset of the row's first byte in the file. */
    readonly byteOffset: number,
    readonly detail: {
      reason?: CsvBadLineReason;
      fields?: number;
      column?: CsvColumn;
      value?: string;
    },
  ) {
    super(`${kind} at byte ${byteOffset}`);
  }
}

/** A malformed row that was skipped. */
export interface SkippedLine {
  readonly byteOffset: number;
  readonly reason: CsvBadLineReason;
  readonly fields: number;
}

/**
 * What an engine fills: the builders, the row count, and the skipped lines.
 *
 * @example
 * const target = new BlockTarget(end, schema.fieldCount, schema.columns, builders, new NaMatcher(o.naValues), o);
 * new FastBlockParser(target).parse(bytes, rowStart, true);
 */
export class BlockTarget {
  /** Rows appended to every builder. */
  rows = 0;
  readonly skipped: SkippedLine[] = [];

  constructor(
    /** Absolute offset: rows starting at or after it belong to the next partition. */
    readonly end: number,
    readonly fieldCount: number,
    readonly columns: readonly CsvColumn[],
    readonly builders: readonly AnyBuilder[],
    readonly na: NaMatcher,
    readonly options: ResolvedCsvOptions,
    /** A filter pushed into the scan: rows it rejects are not converted (null: none). */
    readonly prefilter: Prefilter | null = null,
  ) {}

  /**
   * Report a malformed row: throws under `onBadLine: 'error'` (and always for an unclosed quote,
   * which leaves no next row to resume at), else records it.
   */
  badLine(byteOffset: number, reason: CsvBadLineReason, fields: number): void {
    if (this.options.onBadLine === 'error' || reason === 'unclosed-quote') {
      throw new RowError('bad-line', byteOffset, { reason, fields });
    }
    this.skipped.push({ byteOffset, reason, fields });
  }

  /** Report a value that does not fit column `column` (always an error: the fix is `dtypes`). */
  dtypeError(byteOffset: number, column: CsvColumn, value: string): never {
    throw new RowError('dtype', byteOffset, { column, value });
  }
}

/** One step of an engine over a window. */
export interface ParseStep {
  /** Bytes of the window fully handled (whole rows); the next window starts there. */
  readonly consumed: number;
  /** No more rows belong to this partition (the next one starts at or after `end`, or EOF). */
  readonly done: boolean;
}

/** A tokenizer engine bound to one partition. */
export interface BlockParser {
  /**
   * Parse rows from `bytes`, which starts at a row start at absolute `offset`; `eof` says the window
   * reaches the end of the file. Returns `consumed: 0, done: false` when the first row is incomplete
   * (the reader then supplies a larger window).
   */
  parse(bytes: Buffer, offset: number, eof: boolean): ParseStep;
}
