/**
 * The 'papaparse' engine (the default): papaparse's core parser tokenizes 64 KiB slices of the window
 * (decoded from bytes cut at a UTF-8 character boundary) into rows of strings — no header objects, no
 * dynamic typing — and we type the columns ourselves, column by column, into the builders.
 *
 * Where the partition ends: papaparse does not report where each row starts, so the slice that
 * crosses the partition's `end` is cut at `end`; rows complete before the cut are ours, and the one
 * row (or comment line) still open at the cut started before `end`, so we finish exactly that one
 * with a `preview: 1` parser over the bytes beyond. Byte offsets of rows (needed only for errors and
 * skipped lines) are recovered by re-running the slice in step mode, and mapped from characters to
 * bytes by counting newlines, which decode one-to-one even in invalid UTF-8.
 */

import { bytesBeforeChar, bytesForChars, utf8Floor } from '../char-offsets.js';
import type { ResolvedCsvOptions } from '../options.js';
import { newPapaParser, type PapaParser, type PapaResult, stripTrailingCr } from '../papa.js';
import type { BlockParser, BlockTarget, ParseStep } from './block-target.js';
import { type StringConverter, stringConverter } from './string-converters.js';

const SLICE = 64 * 1024;
const NL = 10;

/** Does every row have `fieldCount` fields (and none is a blank line)? */
function allRegular(rows: string[][], fieldCount: number): boolean {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.length !== fieldCount || (fieldCount === 1 && row[0] === '')) return false;
  }
  return true;
}

const CODES: Record<string, 'invalid-quote' | 'unclosed-quote'> = {
  InvalidQuotes: 'invalid-quote',
  MissingQuotes: 'unclosed-quote',
};

/**
 * Parses one partition's windows with papaparse.
 *
 * @example
 * const parser = new PapaBlockParser(target); // target: a BlockTarget for the partition
 * parser.parse(Buffer.from('1,a\n2,b\n'), 0, true); // { consumed: 8, done: true }
 */
export class PapaBlockParser implements BlockParser {
  private readonly chunkParser: PapaParser;
  private readonly oneParser: PapaParser;
  private readonly convert: StringConverter[];
  private readonly fieldOf: number[];
  private readonly options: ResolvedCsvOptions;
  private good: string[][] = [];
  private goodIndex: number[] = [];

  constructor(private readonly target: BlockTarget) {
    this.options = target.options;
    this.chunkParser = newPapaParser(target.options);
    this.oneParser = newPapaParser(target.options, { preview: 1 });
    this.convert = target.columns.map((c, i) => stringConverter(c.dtype, target.builders[i], target.na));
    this.fieldOf = target.columns.map((c) => c.index);
  }

  parse(bytes: Buffer, offset: number, eof: boolean): ParseStep {
    const n = bytes.length;
    const endRel = this.target.end - offset;
    let pos = 0;
    let slice = SLICE;
    for (;;) {
      if (pos >= endRel) return { consumed: pos, done: true };
      if (pos >= n) return { consumed: pos, done: eof };
      let stop = Math.min(n, pos + slice);
      const crossing = stop > endRel;
      if (crossing) stop = endRel;
      const final = eof && stop === n;
      const cut = final ? stop : utf8Floor(bytes, stop);
      let used = 0;
      if (cut > pos) {
        const input = bytes.toString('utf8', pos, cut);
        const res = this.chunkParser.parse(input, 0, !final);
        this.take(res, input, bytes, pos, offset, !final);
        used = final ? cut - pos : bytesForChars(input, res.meta.cursor, bytes, pos, cut);
      }
      pos += used;
      if (final) return { consumed: n, done: true };
      if (crossing) {
        if (pos >= endRel) return { consumed: pos, done: true };
        const r = this.finishOne(bytes, pos, offset, eof);
        if (r < 0) return { consumed: pos, done: false };
        pos += r;
        continue;
      }
      if (used === 0) {
        if (stop === n) return { consumed: pos, done: false };
        slice *= 2;
        continue;
      }
      slice = SLICE;
    }
  }

  /** Parse the one row (or comment line) starting at `pos`; its byte length, or -1 if incomplete. */
  private finishOne(bytes: Buffer, pos: number, offset: number, eof: boolean): number {
    const n = bytes.length;
    if (bytes[pos] === this.options.commentByte) {
      const nl = bytes.indexOf(NL, pos);
      if (nl < 0) return eof ? n - pos : -1;
      return nl + 1 - pos;
    }
    const cut = eof ? n : utf8Floor(bytes, n);
    const input = bytes.toString('utf8', pos, cut);
    const res = this.oneParser.parse(input, 0, !eof);
    if (res.data.length === 0) return eof ? n - pos : -1;
    this.take(res, input, bytes, pos, offset, !eof);
    return res.meta.cursor >= input.length
      ? cut - pos
      : bytesForChars(input, res.meta.cursor, bytes, pos, cut);
  }

  /** Route the rows of one parse: good rows to the builders, the others to the bad-line policy. */
  private take(
    res: PapaResult,
    input: string,
    bytes: Buffer,
    pos: number,
    offset: number,
    ignoreLast: boolean,
  ): void {
    const rows = res.data;
    let quoteErrors: Map<number, 'invalid-quote' | 'unclosed-quote'> | undefined;
    for (const e of res.errors) {
      const code = CODES[e.code];
      if (code !== undefined && e.row !== undefined) {
        quoteErrors ??= new Map();
        if (!quoteErrors.has(e.row) || code === 'unclosed-quote') quoteErrors.set(e.row, code);
      }
    }
    const fieldCount = this.target.fieldCount;
    const locate = (row: number): number => offset + pos + this.rowStart(input, bytes, pos, row, ignoreLast);
    if (input.indexOf('\r') !== -1) for (let i = 0; i < rows.length; i++) stripTrailingCr(rows[i]);
    if (quoteErrors === undefined && allRegular(rows, fieldCount)) {
      // The common case: every row is good, so convert the parse result as it is.
      this.convertRows(rows, null, locate);
      return;
    }
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const quoteError = quoteErrors?.get(i);
      if (quoteError !== undefined) {
        this.flush(locate);
        this.target.badLine(locate(i), quoteError, row.length);
      } else if (row.length === 1 && row[0] === '') {
        // blank line
      } else if (row.length !== fieldCount) {
        this.flush(locate);
        this.target.badLine(locate(i), 'field-count', row.length);
      } else {
        this.good.push(row);
        this.goodIndex.push(i);
      }
    }
    this.flush(locate);
  }

  /** Convert the pending good rows. */
  private flush(locate: (row: number) => number): void {
    if (this.good.length === 0) return;
    this.convertRows(this.good, this.goodIndex, locate);
    this.good = [];
    this.goodIndex = [];
  }

  /** Convert rows (row r is row `index[r]` of its parse, or r when `index` is null), column by column. */
  private convertRows(rows: string[][], index: number[] | null, locate: (row: number) => number): void {
    const pre = this.target.prefilter;
    if (pre !== null) {
      // Rows the pushed-down filter rejects are not converted (see prefilter.ts).
      const kept: string[][] = [];
      const keptIndex: number[] = [];
      for (let r = 0; r < rows.length; r++) {
        if (!pre.testStrings(rows[r])) continue;
        kept.push(rows[r]);
        keptIndex.push(index === null ? r : index[r]);
      }
      if (kept.length < rows.length) {
        rows = kept;
        index = keptIndex;
      }
    }
    const convert = this.convert;
    for (let j = 0; j < convert.length; j++) {
      const put = convert[j];
      const k = this.fieldOf[j];
      for (let r = 0; r < rows.length; r++) {
        if (!put(rows[r][k])) {
          this.target.dtypeError(locate(index === null ? r : index[r]), this.target.columns[j], rows[r][k]);
        }
      }
    }
    this.target.rows += rows.length;
  }

  /** Byte offset (relative to `pos`) where row `row` of `input` starts: re-parse in step mode. */
  private rowStart(input: string, bytes: Uint8Array, pos: number, row: number, ignoreLast: boolean): number {
    let seen = 0;
    let prevEnd = 0;
    let start = -1;
    let parser: PapaParser | undefined;
    parser = newPapaParser(this.options, {
      step: (r) => {
        if (start >= 0) return;
        if (seen === row) start = prevEnd;
        prevEnd = r.meta.cursor;
        seen++;
        if (start >= 0) (parser as unknown as { abort(): void }).abort();
      },
    });
    parser.parse(input, 0, ignoreLast);
    if (start < 0) start = prevEnd;
    const comment = this.options.comment;
    while (comment !== null && input.startsWith(comment, start)) {
      const nl = input.indexOf('\n', start);
      if (nl < 0) break;
      start = nl + 1;
    }
    return bytesBeforeChar(input, start, bytes, pos);
  }
}
