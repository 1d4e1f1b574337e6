/**
 * The fast engine's row fast path: one pass over the bytes of well-behaved rows that tokenizes and
 * converts at once, writing each value in place into its builder's typed array.
 *
 * A row takes this path while every field is plain: unquoted, or (strings, categories and skipped
 * fields) quoted with neither a doubled quote nor a line break inside; no blanks around numbers;
 * nothing the general path would treat specially. Integers (int32, safe int64) are accumulated digit
 * by digit up to the delimiter; floats of at most 15 digits, with an optional fraction, are
 * `mantissa / 10^k` (Clinger's exact case: the same correctly rounded value `parseFloatBytes`
 * computes); date-times of the shape `YYYY-MM-DD(T| )hh:mm:ss[.fff][Z]` and dates `YYYY-MM-DD` are
 * read at fixed offsets; categories are hashed (FNV-1a) while scanning and looked up in the
 * partition's dictionary; columns not selected are skipped. A row is committed (the row count and
 * every builder's length move on) only when all its fields parsed and the field count is right.
 * Anything else — a quote around a number, a doubled quote or a line break inside quotes, a blank,
 * an exponent, an NA spelling that could match, a new category value, a string that does not fit
 * its column's buffer, a CR, a comment or blank line, a row cut by the window, the wrong number of
 * fields — stops the scan at that row's start, and the general per-field path (fast-engine.ts)
 * handles that one row with the full grammar and error reporting, after which the scan resumes. So
 * results are identical with and without this path.
 *
 * Most rows do not even need that byte loop: with the structural index (structural-index.ts, a
 * WebAssembly SIMD pass that lists where the window's delimiters, LFs, quotes and CRs are), a row's
 * field bounds are read off the list — an unquoted field runs to the next entry, a plain quoted one
 * (text and skipped fields) from its quote's entry to the closing quote's, any delimiters inside
 * passed over: skipped fields cost nothing, numbers and date-times are read by the same code and
 * must end exactly at their field's end, strings are copied and categories looked up (a short value
 * through a memo keyed by its bytes, without hashing them). A row with anything else in it (a CR, a
 * doubled quote, a line break inside quotes, bytes after a closing quote) is handed to the byte loop
 * alone, so the indexed scan takes a subset of the rows the byte loop takes, with the same results.
 *
 * Strings are copied as bytes into their column, in row r's place. It is used only when every
 * selected column has one of the kinds above (no booleans), the delimiter and quote are not
 * characters of numbers or date-times, and dates are taken only when no NA spelling looks like a date.
 */

import type { AnyBuilder } from '../builders/assemble-table.js';
import type { DictionaryBuilder } from '../builders/dictionary-builder.js';
import type { Float64Builder } from '../builders/float64-builder.js';
import type { Int32Builder } from '../builders/int32-builder.js';
import type { Int64Builder } from '../builders/int64-builder.js';
import type { Utf8Builder } from '../builders/utf8-builder.js';
import type { ResolvedCsvOptions } from '../options.js';
import { daysFromCivil } from '../text-datetime.js';
import type { BlockTarget } from './block-target.js';
import type { Prefilter } from './prefilter.js';
import { INDEX_CAPACITY, MAX_POSITION, StructuralIndex } from './structural-index.js';

const SKIP = 0;
const INT32 = 1;
const FLOAT64 = 2;
const DICT = 3;
const TIMESTAMP = 4;
const INT64 = 5;
const DATE = 6;
const STRING = 7;

const NL = 10;
/** Characters the fast path reads as part of numbers and date-times. */
const VALUE_CHARS = '0123456789+-.:TZ';
const UNSET = 1e300;
/** Rows over which the share of rows the structural index does not take is judged. */
const ODD_SAMPLE = 16384;
/** A category column's memo has 2^MEMO_BITS slots (64 KiB). */
const MEMO_BITS = 12;
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
  readonly builders: (AnyBuilder | null)[];
  readonly i32: (Int32Array | null)[];
  readonly f64: (Float64Array | null)[];
  readonly words: (Int32Array | null)[];
  /** String columns: the builder's bytes and offsets (value r is bytes [offsets[r], offsets[r + 1])). */
  readonly strData: (Uint8Array | null)[];
  readonly offs: (Int32Array | null)[];
  readonly numericNa: boolean;
  /** Days since the epoch of month m, day d of `dayYear` at [m * 32 + d] (UNSET until computed). */
  private readonly dayTable = new Float64Array(13 * 32).fill(UNSET);
  private dayYear = -1;
  private compiled: ScanFn | undefined;
  private indexed: IndexedScanFn | undefined;
  /** The thread's structural index, or null when it is not used for this partition. */
  private index: StructuralIndex | null;
  /** The indexed range [from, to) of the current window, its entry count, and the next entry. */
  private from = 0;
  private to = -1;
  private count = 0;
  /** The next entry of the index: the first at or after the scan's position. */
  k = 0;
  /** Rows taken from the index, and rows it handed to the compiled scan. */
  private indexedRows = 0;
  private oddRows = 0;
  private readonly memos: Int32Array[] = [];
  private wordBytes: Uint8Array | null = null;
  private wordView: Int32Array = new Int32Array(0);

  private constructor(
    readonly target: BlockTarget,
    kinds: Int8Array,
    builders: (AnyBuilder | null)[],
  ) {
    this.kinds = kinds;
    this.builders = builders;
    const n = kinds.length;
    this.i32 = new Array(n).fill(null);
    this.f64 = new Array(n).fill(null);
    this.words = new Array(n).fill(null);
    this.strData = new Array(n).fill(null);
    this.offs = new Array(n).fill(null);
    this.numericNa = target.na.hasNumeric;
    this.index = indexChunk > 0 ? StructuralIndex.forThread() : null;
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
        case 'string':
          kind = STRING;
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
  refresh(): void {
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
        case STRING:
          this.strData[f] = (b as Utf8Builder).data;
          this.offs[f] = (b as Utf8Builder).offsets;
          break;
      }
    }
  }

  /** Rows every builder holds without growing. */
  capacity(): number {
    let cap = Number.MAX_SAFE_INTEGER;
    for (let f = 0; f < this.kinds.length; f++) {
      const k = this.kinds[f];
      if (k === SKIP) continue;
      const c =
        k === TIMESTAMP || k === INT64
          ? (this.builders[f] as Int64Builder).capacity
          : k === STRING
            ? this.offs[f]!.length - 1
            : (this.i32[f] ?? this.f64[f])!.length;
      if (c < cap) cap = c;
    }
    return cap;
  }

  grow(rows: number): void {
    for (const b of this.builders) if (b !== null) b.reserve(Math.max(rows, b.length * 2, 1024));
    this.refresh();
  }

  commit(rows: number): void {
    this.target.rows = rows;
    for (let f = 0; f < this.builders.length; f++) {
      const b = this.builders[f];
      if (b === null) continue;
      (b as { length: number }).length = rows;
      // A string column's bytes end where its last committed value does.
      if (this.kinds[f] === STRING) (b as Utf8Builder).byteLength = this.offs[f]![rows];
    }
  }

  /** daysFromCivil(y, m, d) (NaN for no such date), from a table per year. */
  days(y: number, m: number, d: number): number {
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

  /** Words over `bytes` for skipping (word i holds bytes [4i - bo, 4i - bo + 4), bo = byteOffset & 3). */
  wordsOf(bytes: Uint8Array): Int32Array {
    if (this.wordBytes !== bytes) {
      const bo = bytes.byteOffset & 3;
      this.wordView = new Int32Array(bytes.buffer, bytes.byteOffset - bo, (bytes.length + bo) >> 2);
      this.wordBytes = bytes;
    }
    return this.wordView;
  }

  /**
   * Category column f's memo: MEMO_SLOTS slots of [first four bytes, last four bytes, length, code]
   * for values of 1 to 8 bytes (an empty slot has length 0), made on first use.
   */
  memo(f: number): Int32Array {
    let m = this.memos[f];
    if (m === undefined) {
      m = new Int32Array(4 << MEMO_BITS);
      this.memos[f] = m;
    }
    return m;
  }

  /** A new window begins (its bytes may sit in the buffer of the last one): the index is out of date. */
  newWindow(): void {
    this.to = -1;
  }

  /**
   * Convert the plain rows of `bytes[0, len)` from `p` (a row start) while they start before
   * `endRel`; returns where it stopped: `endRel` or beyond, or the start of a row for the general
   * path (which also finishes a row the window cuts).
   *
   * With the structural index, the window is indexed a chunk at a time and the indexed scan takes
   * the rows whose field bounds the index gives (see indexedScan); any other row goes to the
   * compiled scan alone (which takes it, or leaves it to the
   * general path), and the indexed scan resumes after it. A partition where such rows are common
   * stops using the index.
   */
  scan(bytes: Uint8Array, p: number, len: number, endRel: number): number {
    const o = this.target.options;
    this.compiled ??= compiledScan(this.kinds, o, this.target.prefilter);
    const index = this.index;
    if (index === null || len >= MAX_POSITION) return this.compiled(this, bytes, p, len, endRel);
    this.indexed ??= indexedScan(this.kinds, o, this.target.prefilter);
    if (index.owner !== this) this.to = -1;
    const n = bytes.lastIndexOf(NL, len - 1) + 1;
    const F = this.kinds.length;
    const e = index.entries;
    for (;;) {
      if (p >= endRel || p >= n) return p;
      if (p < this.from || p >= this.to) this.reindex(index, bytes, p, n);
      else {
        let k = this.k;
        while (k < this.count && e[k] >> 2 < p) k++;
        this.k = k;
      }
      const k0 = this.k;
      p = this.indexed(this, bytes, p, n, endRel, e, this.count);
      this.indexedRows += (this.k - k0) / F;
      if (p >= endRel || p >= n) return p;
      if (this.k + F > this.count && this.to < n && p > this.from) {
        this.reindex(index, bytes, p, n); // the row runs past the indexed chunk
        continue;
      }
      // Rows the index does not take cost a call of the compiled scan each; where more than a
      // quarter of a stretch of rows are such rows (quoted fields everywhere, say), the partition
      // goes on without the index.
      this.oddRows++;
      if (this.oddRows + this.indexedRows >= ODD_SAMPLE) {
        if (this.oddRows * 4 > this.oddRows + this.indexedRows) {
          this.index = null;
          return this.compiled(this, bytes, p, len, endRel);
        }
        this.oddRows = 0;
        this.indexedRows = 0;
      }
      const q = this.compiled(this, bytes, p, len, Math.min(endRel, p + 1));
      if (q === p) return p;
      p = q;
    }
  }

  private reindex(index: StructuralIndex, bytes: Uint8Array, p: number, n: number): void {
    const o = this.target.options;
    this.from = p;
    this.to = Math.min(n, p + indexChunk);
    this.count = index.index(bytes, p, this.to, o.delimiterByte, o.quoteByte);
    index.entries[this.count] = -1; // a CR after the last entry: every walk stops there
    this.k = 0;
    index.owner = this;
  }
}

/** Bytes indexed at a time (at most INDEX_CAPACITY); 0 turns the index off. */
let indexChunk = INDEX_CAPACITY;

/**
 * Set the bytes the structural index takes at a time for scanners made after this (tests use small
 * chunks so rows straddle them; 0 turns the index off); returns the previous value.
 */
export function setIndexChunk(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes < 0 || bytes > INDEX_CAPACITY)
    throw new RangeError(`setIndexChunk: ${bytes} is not an integer in [0, ${INDEX_CAPACITY}]`);
  const previous = indexChunk;
  indexChunk = bytes;
  return previous;
}

/** A compiled scan: the generated code reads the scanner's arrays and calls its helpers. */
type ScanFn = (s: FastRowScanner, bytes: Uint8Array, p: number, len: number, endRel: number) => number;

/**
 * An indexed scan of rows from p while they start before endRel and their entries are in
 * `entries[s.k, count)`; it leaves s.k at the next row's entries.
 */
type IndexedScanFn = (
  s: FastRowScanner,
  bytes: Uint8Array,
  p: number,
  n: number,
  endRel: number,
  entries: Int32Array,
  count: number,
) => number;

/** Compiled scans by column layout, dialect and filter (a reader reads few; each is compiled once). */
const COMPILED = new Map<string, ScanFn | IndexedScanFn>();

function compile<T>(id: string, name: string, params: string, body: string): T {
  const known = COMPILED.get(id);
  if (known !== undefined) return known as T;
  const make = new Function(
    'two',
    'POW10',
    'TWO_32',
    'MS_PER_DAY',
    `return function ${name}(${params}) {${body}\n};`,
  );
  const fn = make(two, POW10, TWO_32, MS_PER_DAY);
  COMPILED.set(id, fn);
  return fn as T;
}

function layoutId(kinds: Int8Array, o: ResolvedCsvOptions, pre: Prefilter | null): string {
  const preId = pre === null ? '' : `|${JSON.stringify(pre.slots)}|${pre.code}`;
  return `${kinds.join(',')}|${o.delimiterByte},${o.quoteByte},${o.commentByte}${preId}`;
}

/**
 * The code both scans share: `setup` declares the row count r, the capacity, the filter's slots and
 * a local per column array; `room` (at a row's start) grows the builders when they are full and
 * reloads the locals; `rowStart` declares the row's start and leaves the loop at a comment, blank
 * line or CR.
 */
function scanFrame(kinds: Int8Array, o: ResolvedCsvOptions, pre: Prefilter | null) {
  const locals: string[] = [];
  const reload: string[] = [];
  for (let f = 0; f < kinds.length; f++) {
    const k = kinds[f];
    if (k === INT32 || k === DATE || k === DICT) {
      locals.push(`let a${f} = s.i32[${f}];`);
      reload.push(`a${f} = s.i32[${f}];`);
    } else if (k === FLOAT64) {
      locals.push(`let a${f} = s.f64[${f}];`);
      reload.push(`a${f} = s.f64[${f}];`);
    } else if (k === TIMESTAMP || k === INT64) {
      locals.push(`let a${f} = s.words[${f}];`);
      reload.push(`a${f} = s.words[${f}];`);
    } else if (k === STRING) {
      locals.push(`let d${f} = s.strData[${f}];`, `let o${f} = s.offs[${f}];`);
      reload.push(`d${f} = s.strData[${f}];`, `o${f} = s.offs[${f}];`);
    }
    if (k === DICT) locals.push(`const b${f} = s.builders[${f}];`);
  }
  return {
    setup: `${pre === null ? '' : `let ${pre.slots.map((_, i) => `v${i} = 0`).join(', ')};`}
    const t = s.target;
    const na = t.na;
    const numericNa = s.numericNa;
    let r = t.rows;
    s.refresh(); // the reader may have resized the builders (reserve) since the last scan
    let cap = s.capacity();
    ${locals.join('\n    ')}`,
    room: `if (r >= cap) {
        s.commit(r);
        s.grow(r + 1);
        cap = s.capacity();
        ${reload.join('\n        ')}
      }`,
    rowStart: `const rowStart = p;
      const c0 = bytes[p];
      if (c0 === ${o.commentByte} || c0 === ${NL} || c0 === 13) break;`,
  };
}

/**
 * The scan loop for one layout of column kinds, as straight-line code: one block per field, with
 * that field's kind, array and terminator fixed, so the row loop has no per-field dispatch and keeps
 * each column's array in a local. The source is built only from the kinds (small integers) and the
 * dialect's bytes (numbers); what a block does is exactly the rules in this file's header.
 */
function compiledScan(kinds: Int8Array, o: ResolvedCsvOptions, pre: Prefilter | null): ScanFn {
  const F = kinds.length;
  const D = o.delimiterByte;
  const Q = o.quoteByte;
  const blocks: string[] = [];
  for (let f = 0; f < F; f++) {
    blocks.push(`{ ${fieldCode(kinds[f], f, f === F - 1, D, Q)} }\n      ${next(f === F - 1 ? NL : D)}`);
  }
  const frame = scanFrame(kinds, o, pre);
  const body = `
    ${frame.setup}
    // Only rows that end in this window are scanned: every field then ends at a delimiter or at a
    // LF at or before the last LF, so the loops below need no end-of-window test (the LF stops them).
    const n = bytes.lastIndexOf(${NL}, len - 1) + 1;
    const bo = bytes.byteOffset & 3;
    const w = s.wordsOf(bytes);
    rows: while (p < endRel && p < n) {
      ${frame.room}
      ${frame.rowStart}
      ${pre === null ? '' : prefilterCode(kinds, pre, D, Q)}
      ${blocks.join('\n      ')}
      r++;
    }
    s.commit(r);
    return p;`;
  return compile<ScanFn>(layoutId(kinds, o, pre), 'scan', 's, bytes, p, len, endRel', body);
}

/**
 * The indexed scan loop for one layout. A row is walked field by field over its entries: an
 * unquoted field ends at the next entry, which must be its terminator (a delimiter, or the LF for
 * the last field: so no quote or CR is inside it); a quoted field (text and skipped fields only) is
 * its opening quote's entry, any delimiters inside, the closing quote's, and its terminator's right
 * after that (so no doubled quote, line break or CR is inside it, and nothing follows the closing
 * quote). Skipped fields cost nothing more; numbers and date-times are read by the same code as in
 * the compiled scan, which must end exactly at the field's end; text is copied or hashed over its
 * known bounds. A row that fails any of this is left (at its start) for the compiled scan. The entry
 * after the last is -1, a CR, which stops every walk.
 */
function indexedScan(kinds: Int8Array, o: ResolvedCsvOptions, pre: Prefilter | null): IndexedScanFn {
  const F = kinds.length;
  const D = o.delimiterByte;
  const Q = o.quoteByte;
  const bail = 'p = rowStart; break rows;';
  const slotFields = new Set(pre?.slots.map((x) => x.field) ?? []);
  /** Walk field f from p: its bounds into s<f>, n<f> (when used), p and k past its terminator. */
  const walk = (f: number): string => {
    const term = f === F - 1 ? 1 : 0;
    const used = kinds[f] !== SKIP || slotFields.has(f);
    const quotable = kinds[f] === SKIP || kinds[f] === STRING || kinds[f] === DICT;
    const plain = `if ((e & 3) !== ${term}) { ${bail} }
        ${
          used
            ? `s${f} = p;
        n${f} = e >> 2;
        p = n${f} + 1;`
            : 'p = (e >> 2) + 1;'
        }
        k++;`;
    if (!quotable)
      return `e = ix[k];
      ${plain}`;
    return `e = ix[k];
      if (bytes[p] === ${Q}) {
        if (e !== ((p << 2) | 2)) { ${bail} } // past the indexed chunk
        e = ix[++k];
        while ((e & 3) === 0) e = ix[++k];
        if ((e & 3) !== 2) { ${bail} }
        const close = e >> 2;
        if (ix[++k] !== (((close + 1) << 2) | ${term})) { ${bail} }
        ${
          used
            ? `s${f} = p + 1;
        n${f} = close;`
            : ''
        }
        p = close + 2;
        k++;
      } else {
        ${plain}
      }`;
  };
  const bounds = (f: number) => `const st = s${f};
      const en = n${f};`;
  /** Field f as a number or date-time, into row r or the local `into`. */
  const number = (f: number, into?: string) =>
    `{ ${bounds(f)}
      p = st;
      { ${fieldCode(kinds[f], f, f === F - 1, D, Q, into)} }
      if (p !== en) { ${bail} } }`;
  const field = (f: number): string => {
    switch (kinds[f]) {
      case SKIP:
        return '';
      case STRING:
        return `{ ${bounds(f)}
      if (na.isNaBytes(bytes, st, en)) { ${bail} }
      const at = o${f}[r];
      const len = en - st;
      if (at + len > d${f}.length) { ${bail} }
      for (let i = 0; i < len; i++) d${f}[at + i] = bytes[st + i];
      o${f}[r + 1] = at + len; }`;
      case DICT:
        // A value of 1 to 8 bytes is looked up first in the column's memo, by its first and last
        // four bytes (which together are all of it) and its length: no loop over its bytes.
        return `{ ${bounds(f)}
      const len = en - st;
      let c = -1;
      let slot = -1;
      let w0 = 0;
      let w1 = 0;
      if (len >= 4 && len <= 8) {
        w0 = bytes[st] | (bytes[st + 1] << 8) | (bytes[st + 2] << 16) | (bytes[st + 3] << 24);
        w1 = bytes[en - 4] | (bytes[en - 3] << 8) | (bytes[en - 2] << 16) | (bytes[en - 1] << 24);
      } else if (len > 0 && len < 4) {
        w0 = bytes[st] | (len > 1 ? bytes[st + 1] << 8 : 0) | (len > 2 ? bytes[st + 2] << 16 : 0);
      }
      if (w0 !== 0 || len !== 0) {
        slot = (Math.imul(w0 ^ Math.imul(w1 ^ len, 0x9e3779b1), 0x85ebca6b) >>> ${32 - MEMO_BITS}) << 2;
        if (m${f}[slot] === w0 && m${f}[slot + 1] === w1 && m${f}[slot + 2] === len) c = m${f}[slot + 3];
      }
      if (c < 0) {
        let h = 0x811c9dc5;
        for (let i = st; i < en; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
        c = b${f}.find(bytes, st, en, h >>> 0);
        if (c < 0) { ${bail} }
        if (slot >= 0 && len <= 8) {
          m${f}[slot] = w0;
          m${f}[slot + 1] = w1;
          m${f}[slot + 2] = len;
          m${f}[slot + 3] = c;
        }
      }
      a${f}[r] = c; }`;
      default:
        return number(f);
    }
  };
  let prefilter = '';
  if (pre !== null) {
    const tests: string[] = [];
    const seen = new Set<number>();
    pre.slots.forEach((x, i) => {
      if (seen.has(x.field)) return;
      seen.add(x.field);
      if (x.dtype !== 'text') tests.push(number(x.field, `v${i}`));
      else {
        const slots = pre.slots.flatMap((y, j) => (y.field === x.field ? [j] : []));
        tests.push(`{ ${bounds(x.field)}
      ${slotTests(pre, slots)} }`);
      }
    });
    prefilter = `${tests.join('\n      ')}
      if (!${pre.code}) {
        p = next;
        k0 = k;
        continue rows;
      }`;
  }
  const memos = Array.from(kinds, (k, f) => (k === DICT ? `const m${f} = s.memo(${f});` : '')).filter(
    (x) => x,
  );
  const locals = Array.from(kinds, (k, f) =>
    k !== SKIP || slotFields.has(f) ? `s${f} = 0, n${f} = 0` : '',
  ).filter((x) => x);
  const frame = scanFrame(kinds, o, pre);
  // k0 is the entry of the row at p whenever the loop is left.
  const body = `
    ${frame.setup}
    ${memos.join('\n    ')}
    let k = s.k;
    let k0 = k;
    let e = 0;
    ${locals.length > 0 ? `let ${locals.join(', ')};` : ''}
    rows: while (p < endRel && p < n) {
      if (k + ${F} > count) break;
      ${frame.room}
      ${frame.rowStart}
      ${Array.from({ length: F }, (_, f) => walk(f)).join('\n      ')}
      const next = p;
      ${prefilter}
      ${Array.from({ length: F }, (_, f) => field(f)).join('\n      ')}
      p = next;
      k0 = k;
      r++;
    }
    s.k = k0;
    s.commit(r);
    return p;`;
  return compile<IndexedScanFn>(
    `indexed|${layoutId(kinds, o, pre)}`,
    'indexedScan',
    's, bytes, p, n, endRel, ix, count',
    body,
  );
}

/**
 * Code that moves p to the delimiter or LF ending the field at p. For a delimiter below the digits
 * (',', tab, space), bytes above max(D, LF) are field content, so one comparison per byte finds the
 * end; a smaller byte that is neither (a space, '+', a quote inside the field) is content too.
 */
function toFieldEnd(D: number): string {
  if (D >= 48) return `for (;;) { const c = bytes[p]; if (c === ${D} || c === ${NL}) break; p++; }`;
  return `for (;;) {
        while (bytes[p] > ${Math.max(D, NL)}) p++;
        const c = bytes[p];
        if (c === ${D} || c === ${NL}) break;
        p++;
      }`;
}

/**
 * Code for a quoted field at p (bytes[p] is the quote): p ends just past the closing quote, where
 * the field's terminator must follow. Only plain quoted values stay on this path: a doubled quote,
 * or a LF inside (a row that spans lines, which may also run past the window), sends the row to the
 * general path — so every row scanned here still ends at its first LF.
 */
function quotedField(Q: number): string {
  return `p++;
        for (;;) { const c = bytes[p]; if (c === ${Q} || c === ${NL}) break; p++; }
        if (bytes[p] !== ${Q} || bytes[p + 1] === ${Q}) { p = rowStart; break rows; }
        p++;`;
}

/**
 * Code for the quoted value at p: `st`, `en` (declared by the caller) bound its bytes inside the
 * quotes. The other paths drop a CR that ends the row's last field even inside quotes, so such a
 * value goes to the general path.
 */
function quotedValue(Q: number, last: boolean): string {
  return `st = p + 1;
        ${quotedField(Q)}
        en = p - 1;
        ${last ? `if (en > st && bytes[en - 1] === 13) { p = rowStart; break rows; }` : ''}`;
}

/**
 * Code declaring `st`, `en`: the bytes of the text value at p, quoted or not (a CR before the
 * row's LF is not part of it: such a row goes to the general path); p ends at its terminator.
 */
function valueRange(D: number, Q: number, last: boolean): string {
  return `let st = p;
      let en = p;
      if (bytes[p] === ${Q}) {
        ${quotedValue(Q, last)}
      } else {
        ${toFieldEnd(D)}
        en = p;
        ${last ? `if (p > st && bytes[p - 1] === 13) { p = rowStart; break rows; }` : ''}
      }`;
}

/** After a field: its terminator must follow (else the row goes to the general path); step over it. */
function next(term: number): string {
  return `if (bytes[p] !== ${term}) { p = rowStart; break rows; }\n      p++;`;
}

/**
 * The pushed-down filter's code, run first on each row: the fields up to the last one it reads are
 * skipped or parsed into its slots (v0, v1, …); a row it rejects has its remaining fields skipped
 * (so its field count and quoting are still checked) and is not committed; a row it may keep is
 * scanned again from its start by the full blocks.
 */
function prefilterCode(kinds: Int8Array, pre: Prefilter, D: number, Q: number): string {
  const F = kinds.length;
  const slotsOf = new Map<number, number[]>();
  pre.slots.forEach((x, i) => {
    slotsOf.set(x.field, [...(slotsOf.get(x.field) ?? []), i]);
  });
  const last = pre.lastField;
  const field = (f: number): string => {
    const slots = slotsOf.get(f) ?? [];
    let code: string;
    if (slots.length === 0) code = fieldCode(SKIP, f, f === F - 1, D, Q);
    else if (pre.slots[slots[0]].dtype === 'text') code = textSlotsCode(pre, slots, f === F - 1, D, Q);
    else code = fieldCode(kinds[f], f, f === F - 1, D, Q, `v${slots[0]}`);
    return `{ ${code} }\n      ${next(f === F - 1 ? NL : D)}`;
  };
  const head: string[] = [];
  const tail: string[] = [];
  for (let f = 0; f <= last; f++) head.push(field(f));
  for (let f = last + 1; f < F; f++) tail.push(field(f));
  return `${head.join('\n      ')}
      if (!${pre.code}) {
        ${tail.join('\n        ')}
        continue rows;
      }
      p = rowStart;`;
}

/**
 * A text field's membership slots: its value's bytes (`valueRange`) compared with each slot's
 * values (`slotTests`).
 */
function textSlotsCode(
  pre: Prefilter,
  slots: readonly number[],
  last: boolean,
  D: number,
  Q: number,
): string {
  return `${valueRange(D, Q, last)}
      ${slotTests(pre, slots)}`;
}

/**
 * Code setting each slot v<i> to whether bytes [st, en) is one of its values: compared inline for
 * one short value, through `Prefilter.isOneOf` otherwise.
 */
function slotTests(pre: Prefilter, slots: readonly number[]): string {
  return slots
    .map((i) => {
      const enc = pre.encoded[i];
      if (enc.length === 1 && enc[0].length <= 16) {
        const b = enc[0];
        const eq = [`en - st === ${b.length}`, ...Array.from(b, (c, j) => `bytes[st + ${j}] === ${c}`)];
        return `v${i} = ${eq.join(' && ')} ? 1 : 0;`;
      }
      return `v${i} = s.target.prefilter.isOneOf(${i}, bytes, st, en) ? 1 : 0;`;
    })
    .join('\n      ');
}

/**
 * The code of one field of kind `k` at index `f`: on anything but a plain value, `p = rowStart; break
 * rows`. The value is stored in row r of the column's array, or assigned to the local `into`.
 */
function fieldCode(k: number, f: number, last: boolean, D: number, Q: number, into?: string): string {
  const bail = 'p = rowStart; break rows;';
  switch (k) {
    case SKIP:
      if (D < 48) return `if (bytes[p] === ${Q}) { ${quotedField(Q)} } else { ${toFieldEnd(D)} }`;
      // Skipped: to the next delimiter or LF, four bytes at a time once aligned (a word holds one
      // iff x ^ 0x2c2c2c2c, say, has a zero byte: (y - 0x01010101) & ~y & 0x80808080), then by byte.
      return `if (bytes[p] === ${Q}) { ${quotedField(Q)} } else {
      while (((p + bo) & 3) !== 0) { const c = bytes[p]; if (c === ${D} || c === ${NL}) break; p++; }
      if (bytes[p] !== ${D} && bytes[p] !== ${NL}) {
        while (p + 4 <= n) {
          const x = w[(p + bo) >> 2];
          const y = x ^ ${D * 0x01010101};
          const z = x ^ ${NL * 0x01010101};
          if ((((y - 0x01010101) & ~y) | ((z - 0x01010101) & ~z)) & 0x80808080) break;
          p += 4;
        }
        for (;;) { const c = bytes[p]; if (c === ${D} || c === ${NL}) break; p++; }
      } }`;
    case INT32:
    case INT64:
      return `let neg = false;
      const c = bytes[p];
      if (c === 45 || c === 43) { neg = c === 45; p++; }
      const first = p;
      let v = 0;
      for (;;) { const d = bytes[p] - 48; if (d < 0 || d > 9) break; v = v * 10 + d; p++; }
      const digits = p - first;
      if (digits === 0 || digits > 15) { ${bail} }
      if (neg) v = -v;
      if (numericNa && na.maybeNumericNa(v)) { ${bail} }
      ${
        into !== undefined
          ? `${k === INT32 ? `if ((v | 0) !== v) { ${bail} }\n      ` : ''}${into} = v;`
          : k === INT32
            ? `if ((v | 0) !== v) { ${bail} }
      a${f}[r] = v;`
            : `const hi = Math.floor(v / TWO_32);
      a${f}[2 * r] = v - hi * TWO_32;
      a${f}[2 * r + 1] = hi;`
      }`;
    case FLOAT64:
      return `let neg = false;
      const c = bytes[p];
      if (c === 45 || c === 43) { neg = c === 45; p++; }
      let m = 0;
      let digits = 0;
      let frac = 0;
      for (;;) { const d = bytes[p] - 48; if (d < 0 || d > 9) break; m = m * 10 + d; digits++; p++; }
      if (bytes[p] === 46) {
        p++;
        for (;;) { const d = bytes[p] - 48; if (d < 0 || d > 9) break; m = m * 10 + d; digits++; frac++; p++; }
      }
      if (digits === 0 || digits > 15) { ${bail} }
      const v = neg ? -(m / POW10[frac]) : m / POW10[frac];
      if (numericNa && na.maybeNumericNa(v)) { ${bail} }
      ${into ?? `a${f}[r]`} = v;`;
    case STRING:
      // Copied as bytes into row r's place in the column's bytes (offsets[r] is where the row
      // starts; the row's end is written only once the value fits). An NA spelling, a CR before the
      // row's LF, or a full buffer (the general path grows it) sends the row to the general path.
      return `${valueRange(D, Q, last)}
      if (na.isNaBytes(bytes, st, en)) { ${bail} }
      const at = o${f}[r];
      const len = en - st;
      if (at + len > d${f}.length) { ${bail} }
      for (let i = 0; i < len; i++) d${f}[at + i] = bytes[st + i];
      o${f}[r + 1] = at + len;`;
    case DICT:
      // A CR before the row's LF is not part of the value (the general path drops it).
      return `let st = p;
      let en = p;
      let h = 0x811c9dc5;
      if (bytes[p] === ${Q}) {
        ${quotedValue(Q, last)}
        for (let i = st; i < en; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
      } else {
        for (;;) { const c = bytes[p]; if (c === ${D} || c === ${NL}) break; h = Math.imul(h ^ c, 0x01000193); p++; }
        en = p;
        ${last ? `if (p > st && bytes[p - 1] === 13) { ${bail} }` : ''}
      }
      const k = b${f}.find(bytes, st, en, h >>> 0);
      if (k < 0) { ${bail} }
      a${f}[r] = k;`;
    case TIMESTAMP:
    case DATE:
      return `if (p + 10 >= n || bytes[p + 4] !== 45 || bytes[p + 7] !== 45) { ${bail} }
      const y1 = two(bytes, p);
      const y2 = two(bytes, p + 2);
      const mo = two(bytes, p + 5);
      const dd = two(bytes, p + 8);
      const days = y1 >= 0 && y2 >= 0 && mo >= 0 && dd >= 0 ? s.days(y1 * 100 + y2, mo, dd) : NaN;
      if (days !== days) { ${bail} }
      p += 10;
      ${
        k === DATE
          ? `a${f}[r] = days;`
          : `const sep = bytes[p];
      if ((sep !== 84 && sep !== 32) || p + 9 >= n || bytes[p + 3] !== 58 || bytes[p + 6] !== 58) { ${bail} }
      const h = two(bytes, p + 1);
      const mi = two(bytes, p + 4);
      const sec = two(bytes, p + 7);
      if (h < 0 || mi < 0 || sec < 0 || h > 23 || mi > 59 || sec > 59) { ${bail} }
      p += 9;
      let ms = 0;
      if (bytes[p] === 46) {
        p++;
        let digits = 0;
        while (digits < 10) {
          const e = bytes[p] - 48;
          if (e < 0 || e > 9) break;
          if (digits < 3) ms = ms * 10 + e;
          digits++;
          p++;
        }
        if (digits === 0 || digits > 9) { ${bail} }
        for (let q = digits; q < 3; q++) ms *= 10;
      }
      if (bytes[p] === 90) p++;
      const v = days * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
      const hi = Math.floor(v / TWO_32);
      a${f}[2 * r] = v - hi * TWO_32;
      a${f}[2 * r + 1] = hi;`
      }`;
    default:
      throw new Error(`fast-rows: no code for column kind ${k}`);
  }
}
