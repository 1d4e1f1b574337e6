/**
 * The fast engine's row fast path: one pass over the bytes of well-behaved rows that tokenizes and
 * converts at once, writing each value in place into its builder's typed array.
 *
 * A row takes this path while every field is plain: not quoted, no blanks around numbers, nothing
 * the general path would treat specially. Integers (int32, safe int64) are accumulated digit by digit
 * up to the delimiter; floats of at most 15 digits, with an optional fraction, are `mantissa / 10^k`
 * (Clinger's exact case: the same correctly rounded value `parseFloatBytes` computes); date-times of
 * the shape `YYYY-MM-DD(T| )hh:mm:ss[.fff][Z]` and dates `YYYY-MM-DD` are read at fixed offsets;
 * categories are hashed (FNV-1a) while scanning and looked up in the partition's dictionary; columns
 * not selected are skipped. A row is committed (the row count and every builder's length move on)
 * only when all its fields parsed and the field count is right. Anything else — a quote, a blank, an
 * exponent, an NA spelling that could match, a new category value, a CR, a comment or blank line, a
 * row cut by the window, the wrong number of fields — stops the scan at that row's start, and the
 * general per-field path (fast-engine.ts) handles that one row with the full grammar and error
 * reporting, after which the scan resumes. So results are identical with and without this path.
 *
 * It is used only when every selected column has one of the kinds above (no plain strings, no
 * booleans), the delimiter and quote are not characters of numbers or date-times, and dates are taken
 * only when no NA spelling looks like a date.
 */

import type { AnyBuilder } from '../builders/assemble-table.js';
import type { DictionaryBuilder } from '../builders/dictionary-builder.js';
import type { Float64Builder } from '../builders/float64-builder.js';
import type { Int32Builder } from '../builders/int32-builder.js';
import type { Int64Builder } from '../builders/int64-builder.js';
import { daysFromCivil } from '../text-datetime.js';
import type { BlockTarget } from './block-target.js';

const SKIP = 0;
const INT32 = 1;
const FLOAT64 = 2;
const DICT = 3;
const TIMESTAMP = 4;
const INT64 = 5;
const DATE = 6;

const NL = 10;
/** Characters the fast path reads as part of numbers and date-times. */
const VALUE_CHARS = '0123456789+-.:TZ';
const UNSET = 1e300;
const TWO_32 = 4294967296;
const MS_PER_DAY = 86_400_000;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** Two ASCII digits at bytes[i], bytes[i + 1] as a number, or -1. */
function two(bytes: Uint8Array, i: number): number {
  const a = bytes[i] - 48;
  const b = bytes[i + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Scans runs of plain rows of one partition straight into its builders.
 *
 * @example
 * const scanner = FastRowScanner.create(target); // null when the schema does not suit it
 * const stop = scanner?.scan(bytes, 0, bytes.length, target.end - offset); // start of the first row it left
 */
export class FastRowScanner {
  private readonly kinds: Int8Array;
  private readonly builders: (AnyBuilder | null)[];
  private readonly i32: (Int32Array | null)[];
  private readonly f64: (Float64Array | null)[];
  private readonly words: (Int32Array | null)[];
  private readonly numericNa: boolean;
  /** Days since the epoch of month m, day d of `dayYear` at [m * 32 + d] (UNSET until computed). */
  private readonly dayTable = new Float64Array(13 * 32).fill(UNSET);
  private dayYear = -1;

  private constructor(
    private readonly target: BlockTarget,
    kinds: Int8Array,
    builders: (AnyBuilder | null)[],
  ) {
    this.kinds = kinds;
    this.builders = builders;
    const n = kinds.length;
    this.i32 = new Array(n).fill(null);
    this.f64 = new Array(n).fill(null);
    this.words = new Array(n).fill(null);
    this.numericNa = target.na.hasNumeric;
    this.refresh();
  }

  /** A scanner for the partition of `target`, or null when some selected column is not of a kind it reads. */
  static create(target: BlockTarget): FastRowScanner | null {
    const o = target.options;
    // A dialect whose delimiter or quote can be part of a number or date-time is left to the general path.
    if (target.fieldCount < 1 || VALUE_CHARS.includes(o.delimiter) || VALUE_CHARS.includes(o.quoteChar))
      return null;
    const dateLikeNa = o.naValues.some((v) => /^\s*\d{4}-/.test(v));
    const kinds = new Int8Array(target.fieldCount);
    const builders: (AnyBuilder | null)[] = new Array(target.fieldCount).fill(null);
    for (let j = 0; j < target.columns.length; j++) {
      const c = target.columns[j];
      let kind: number;
      switch (c.dtype) {
        case 'int32':
          kind = INT32;
          break;
        case 'int64':
          kind = INT64;
          break;
        case 'float64':
          kind = FLOAT64;
          break;
        case 'category':
          kind = DICT;
          break;
        case 'timestamp':
          kind = TIMESTAMP;
          break;
        case 'date':
          kind = DATE;
          break;
        default:
          return null;
      }
      if ((kind === TIMESTAMP || kind === DATE) && dateLikeNa) return null;
      kinds[c.index] = kind;
      builders[c.index] = target.builders[j];
    }
    return new FastRowScanner(target, kinds, builders);
  }

  /** Re-read the builders' arrays (after they grew). */
  private refresh(): void {
    for (let f = 0; f < this.kinds.length; f++) {
      const b = this.builders[f];
      switch (this.kinds[f]) {
        case INT32:
        case DATE:
          this.i32[f] = (b as Int32Builder).values;
          break;
        case DICT:
          this.i32[f] = (b as DictionaryBuilder).indices;
          break;
        case FLOAT64:
          this.f64[f] = (b as Float64Builder).values;
          break;
        case TIMESTAMP:
        case INT64:
          this.words[f] = (b as Int64Builder).words;
          break;
      }
    }
  }

  /** Rows every builder holds without growing. */
  private capacity(): number {
    let cap = Number.MAX_SAFE_INTEGER;
    for (let f = 0; f < this.kinds.length; f++) {
      const k = this.kinds[f];
      if (k === SKIP) continue;
      const c =
        k === TIMESTAMP || k === INT64
          ? (this.builders[f] as Int64Builder).capacity
          : (this.i32[f] ?? this.f64[f])!.length;
      if (c < cap) cap = c;
    }
    return cap;
  }

  private grow(rows: number): void {
    for (const b of this.builders) if (b !== null) b.reserve(Math.max(rows, b.length * 2, 1024));
    this.refresh();
  }

  private commit(rows: number): void {
    this.target.rows = rows;
    for (const b of this.builders) if (b !== null) (b as { length: number }).length = rows;
  }

  /** daysFromCivil(y, m, d) (NaN for no such date), from a table per year. */
  private days(y: number, m: number, d: number): number {
    if (m > 12 || d > 31) return Number.NaN;
    if (y !== this.dayYear) {
      this.dayTable.fill(UNSET);
      this.dayYear = y;
    }
    const i = m * 32 + d;
    let v = this.dayTable[i];
    if (v === UNSET) {
      v = daysFromCivil(y, m, d);
      this.dayTable[i] = v;
    }
    return v;
  }

  /**
   * Convert the plain rows of `bytes[0, len)` from `p` (a row start) while they start before
   * `endRel`; returns where it stopped: `endRel` or beyond, or the start of a row for the general
   * path (which also finishes a row the window cuts).
   */
  scan(bytes: Uint8Array, p: number, len: number, endRel: number): number {
    const t = this.target;
    const D = t.options.delimiterByte;
    const Q = t.options.quoteByte;
    const C = t.options.commentByte;
    const CR = 13;
    const kinds = this.kinds;
    const F = kinds.length;
    const last = F - 1;
    const numericNa = this.numericNa;
    const na = t.na;
    let r = t.rows;
    this.refresh(); // the reader may have resized the builders (reserve) since the last scan
    let cap = this.capacity();
    const { i32, f64, words, builders } = this;
    // Only rows that end in this window are scanned: every field then ends at a delimiter or at a
    // LF at or before `lastNl`, so the loops below need no end-of-window test (the LF stops them).
    const n = bytes.lastIndexOf(NL, len - 1) + 1;
    rows: while (p < endRel && p < n) {
      if (r >= cap) {
        this.commit(r);
        this.grow(r + 1);
        cap = this.capacity();
      }
      const rowStart = p;
      const c0 = bytes[p];
      if (c0 === C || c0 === NL || c0 === CR) break;
      for (let f = 0; f < F; f++) {
        const term = f === last ? NL : D;
        switch (kinds[f]) {
          case SKIP: {
            if (bytes[p] === Q) {
              p = rowStart;
              break rows;
            }
            for (;;) {
              const c = bytes[p];
              if (c === D || c === NL) break;
              p++;
            }
            break;
          }
          case INT32:
          case INT64: {
            let neg = false;
            const c = bytes[p];
            if (c === 45 || c === 43) {
              neg = c === 45;
              p++;
            }
            const first = p;
            let v = 0;
            for (;;) {
              const d = bytes[p] - 48;
              if (d < 0 || d > 9) break;
              v = v * 10 + d;
              p++;
            }
            const digits = p - first;
            if (digits === 0 || digits > 15) {
              p = rowStart;
              break rows;
            }
            if (neg) v = -v;
            if (numericNa && na.maybeNumericNa(v)) {
              p = rowStart;
              break rows;
            }
            if (kinds[f] === INT32) {
              if ((v | 0) !== v) {
                p = rowStart;
                break rows;
              }
              i32[f]![r] = v;
            } else {
              const hi = Math.floor(v / TWO_32);
              const w = words[f]!;
              w[2 * r] = v - hi * TWO_32;
              w[2 * r + 1] = hi;
            }
            break;
          }
          case FLOAT64: {
            let neg = false;
            const c = bytes[p];
            if (c === 45 || c === 43) {
              neg = c === 45;
              p++;
            }
            let m = 0;
            let digits = 0;
            let frac = 0;
            for (;;) {
              const d = bytes[p] - 48;
              if (d < 0 || d > 9) break;
              m = m * 10 + d;
              digits++;
              p++;
            }
            if (bytes[p] === 46) {
              p++;
              for (;;) {
                const d = bytes[p] - 48;
                if (d < 0 || d > 9) break;
                m = m * 10 + d;
                digits++;
                frac++;
                p++;
              }
            }
            if (digits === 0 || digits > 15) {
              p = rowStart;
              break rows;
            }
            const v = neg ? -(m / POW10[frac]) : m / POW10[frac];
            if (numericNa && na.maybeNumericNa(v)) {
              p = rowStart;
              break rows;
            }
            f64[f]![r] = v;
            break;
          }
          case DICT: {
            const s = p;
            if (bytes[p] === Q) {
              p = rowStart;
              break rows;
            }
            let h = 0x811c9dc5;
            for (;;) {
              const c = bytes[p];
              if (c === D || c === NL) break;
              h = Math.imul(h ^ c, 0x01000193);
              p++;
            }
            // A CR before the row's LF is not part of the value (the general path drops it).
            if (f === last && p > s && bytes[p - 1] === CR) {
              p = rowStart;
              break rows;
            }
            const k = (builders[f] as DictionaryBuilder).find(bytes, s, p, h >>> 0);
            if (k < 0) {
              p = rowStart;
              break rows;
            }
            i32[f]![r] = k;
            break;
          }
          case TIMESTAMP:
          case DATE: {
            if (p + 10 >= n || bytes[p + 4] !== 45 || bytes[p + 7] !== 45) {
              p = rowStart;
              break rows;
            }
            const y1 = two(bytes, p);
            const y2 = two(bytes, p + 2);
            const mo = two(bytes, p + 5);
            const d = two(bytes, p + 8);
            const days =
              y1 >= 0 && y2 >= 0 && mo >= 0 && d >= 0 ? this.days(y1 * 100 + y2, mo, d) : Number.NaN;
            if (Number.isNaN(days)) {
              p = rowStart;
              break rows;
            }
            p += 10;
            if (kinds[f] === DATE) {
              i32[f]![r] = days;
              break;
            }
            const sep = bytes[p];
            if ((sep !== 84 && sep !== 32) || p + 9 >= n || bytes[p + 3] !== 58 || bytes[p + 6] !== 58) {
              p = rowStart;
              break rows;
            }
            const h = two(bytes, p + 1);
            const mi = two(bytes, p + 4);
            const sec = two(bytes, p + 7);
            if (h < 0 || mi < 0 || sec < 0 || h > 23 || mi > 59 || sec > 59) {
              p = rowStart;
              break rows;
            }
            p += 9;
            let ms = 0;
            if (bytes[p] === 46) {
              p++;
              let digits = 0;
              while (digits < 10) {
                const dd = bytes[p] - 48;
                if (dd < 0 || dd > 9) break;
                if (digits < 3) ms = ms * 10 + dd;
                digits++;
                p++;
              }
              if (digits === 0 || digits > 9) {
                p = rowStart;
                break rows;
              }
              for (let k = digits; k < 3; k++) ms *= 10;
            }
            if (bytes[p] === 90) p++;
            const v = days * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
            const hi = Math.floor(v / TWO_32);
            const w = words[f]!;
            w[2 * r] = v - hi * TWO_32;
            w[2 * r + 1] = hi;
            break;
          }
        }
        if (bytes[p] !== term) {
          p = rowStart;
          break rows;
        }
        p++;
      }
      r++;
    }
    this.commit(r);
    return p;
  }
}
