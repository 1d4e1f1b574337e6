/**
 * The 'fast' engine: a hand-written byte scanner. It walks the window once, recording each field's
 * byte range, and converts the selected fields straight from bytes (numbers, dates and booleans are
 * parsed without creating strings; strings are copied as UTF-8; categories are looked up by bytes).
 *
 * It reproduces papaparse's tokenization exactly (the test suite runs every fixture through both):
 * a field is quoted only when it starts with the quote; inside, a doubled quote is a quote; a closing
 * quote may be followed by spaces/tabs/CR before the delimiter or newline; a quote followed by
 * anything else is "invalid" — the row is malformed and, as in papaparse, the quote counts as content
 * and the field goes on to the next closing quote. Comment lines start with the comment byte at a row
 * start. A row of one empty field (a blank line) is skipped. One CR before LF is dropped.
 *
 * Plain rows (the vast majority of real files) do not come through the per-field loop below at all:
 * when the schema suits it, fast-rows.ts scans them in one pass, converting as it tokenizes, and
 * hands a row to this loop only when it needs the full grammar or an error report.
 */

import type { BlockParser, BlockTarget, ParseStep } from './block-target.js';
import type { ByteConverter } from './byte-converters.js';
import { byteConverter } from './byte-converters.js';
import { FastRowScanner } from './fast-rows.js';

const NL = 10;
const CR = 13;

/** Spaces and tabs (and CR, VT, FF) allowed between a closing quote and the delimiter or newline. */
function isQuoteTrailer(c: number): boolean {
  return c === 32 || c === 9 || c === CR || c === 11 || c === 12;
}

/**
 * Parses one partition's windows with a byte scanner.
 *
 * @example
 * const parser = new FastBlockParser(target); // target: a BlockTarget for the partition
 * parser.parse(Buffer.from('1,a\n2,b\n'), 0, true); // { consumed: 8, done: true }
 */
export class FastBlockParser implements BlockParser {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly escaped: Uint8Array;
  private readonly convert: ByteConverter[];
  private readonly fieldOf: Int32Array;
  private readonly rows: FastRowScanner | null;
  private scratch = new Uint8Array(1024);
  private unescapedLength = 0;

  constructor(private readonly target: BlockTarget) {
    const n = Math.max(1, target.fieldCount);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.escaped = new Uint8Array(n);
    this.convert = target.columns.map((c, i) => byteConverter(c.dtype, target.builders[i], target.na));
    this.fieldOf = Int32Array.from(target.columns.map((c) => c.index));
    this.rows = FastRowScanner.create(target);
  }

  parse(bytes: Buffer, offset: number, eof: boolean): ParseStep {
    const t = this.target;
    const n = bytes.length;
    const endRel = t.end - offset;
    const D = t.options.delimiterByte;
    const Q = t.options.quoteByte;
    const C = t.options.commentByte;
    const fieldCount = t.fieldCount;
    const starts = this.starts;
    const ends = this.ends;
    const escaped = this.escaped;
    let p = 0;
    const rows = this.rows;
    rows?.newWindow();
    for (;;) {
      // Plain rows go through the one-pass scanner; it stops at the first row that needs this loop.
      if (rows !== null) p = rows.scan(bytes, p, n, endRel);
      if (p >= endRel) return { consumed: p, done: true };
      if (p >= n) return { consumed: p, done: eof };
      const rowStart = p;
      if (bytes[p] === C) {
        let q = p;
        while (q < n && bytes[q] !== NL) q++;
        if (q >= n && !eof) return { consumed: rowStart, done: false };
        p = q + 1;
        continue;
      }
      let field = 0;
      let bad = 0; // 0 ok, 2 invalid quote, 3 unclosed quote
      let rowDone = false;
      while (!rowDone) {
        let s: number;
        let e: number;
        let esc = 0;
        if (p < n && bytes[p] === Q) {
          s = p + 1;
          let q = s;
          for (;;) {
            while (q < n && bytes[q] !== Q) q++;
            if (q >= n) {
              if (!eof) return { consumed: rowStart, done: false };
              bad = 3;
              e = n;
              p = n;
              rowDone = true;
              break;
            }
            if (q + 1 >= n) {
              if (!eof) return { consumed: rowStart, done: false };
              e = q;
              p = n;
              rowDone = true;
              break;
            }
            let c = bytes[q + 1];
            if (c === Q) {
              esc = 1;
              q += 2;
              continue;
            }
            if (c === D || c === NL) {
              e = q;
              p = q + 2;
              rowDone = c === NL;
              break;
            }
            let w = q + 1;
            while (w < n && isQuoteTrailer(bytes[w])) w++;
            if (w >= n) {
              if (!eof) return { consumed: rowStart, done: false };
              e = q;
              p = n;
              rowDone = true;
              break;
            }
            c = bytes[w];
            if (c === D || c === NL) {
              e = q;
              p = w + 1;
              rowDone = c === NL;
              break;
            }
            if (bad < 2) bad = 2;
            q++;
          }
        } else {
          s = p;
          while (p < n) {
            const c = bytes[p];
            if (c === D || c === NL) break;
            p++;
          }
          e = p;
          if (p >= n) {
            if (!eof) return { consumed: rowStart, done: false };
            rowDone = true;
          } else {
            rowDone = bytes[p] === NL;
            p++;
          }
        }
        if (field < fieldCount) {
          starts[field] = s;
          ends[field] = e;
          escaped[field] = esc;
        }
        field++;
      }
      if (field <= fieldCount) {
        const last = field - 1;
        if (ends[last] > starts[last] && bytes[ends[last] - 1] === CR) ends[last]--;
      }
      if (bad === 3) {
        t.badLine(offset + rowStart, 'unclosed-quote', field);
        continue;
      }
      if (bad === 2) {
        t.badLine(offset + rowStart, 'invalid-quote', field);
        continue;
      }
      if (field === 1 && ends[0] === starts[0]) continue; // blank line
      if (field !== fieldCount) {
        t.badLine(offset + rowStart, 'field-count', field);
        continue;
      }
      this.convertRow(bytes, offset + rowStart);
    }
  }

  private convertRow(bytes: Buffer, rowOffset: number): void {
    const pre = this.target.prefilter;
    // A row the pushed-down filter rejects is not converted (see prefilter.ts).
    if (pre !== null && !pre.testBytes(bytes, this.starts, this.ends, this.escaped)) return;
    const convert = this.convert;
    const fieldOf = this.fieldOf;
    for (let j = 0; j < convert.length; j++) {
      const k = fieldOf[j];
      let s = this.starts[k];
      let e = this.ends[k];
      let src: Uint8Array = bytes;
      if (this.escaped[k] === 1) {
        src = this.unescape(bytes, s, e);
        e = this.unescapedLength;
        s = 0;
      }
      if (!convert[j](src, s, e)) {
        this.target.dtypeError(
          rowOffset,
          this.target.columns[j],
          Buffer.from(src.subarray(s, e)).toString('utf8'),
        );
      }
    }
    this.target.rows++;
  }

  /** Copy bytes[s, e) into the scratch buffer with doubled quotes collapsed. */
  private unescape(bytes: Uint8Array, s: number, e: number): Uint8Array {
    if (this.scratch.length < e - s) this.scratch = new Uint8Array((e - s) * 2);
    const out = this.scratch;
    const Q = this.target.options.quoteByte;
    let o = 0;
    for (let i = s; i < e; i++) {
      const c = bytes[i];
      out[o++] = c;
      if (c === Q) i++;
    }
    this.unescapedLength = o;
    return out;
  }
}
