/**
 * Writing one partition (an Arrow Table) as CSV, streamed: rows are formatted straight into a ~1 MiB
 * byte buffer that is written whenever it fills, so no whole-file string (and no string per row)
 * exists. Quoting follows RFC 4180: a value is
 * quoted when it contains the delimiter, the quote, CR or LF, or starts/ends with a space (which a
 * reader might trim); quotes inside are doubled. Nulls are written as `naRep` (default empty).
 * Dates are `YYYY-MM-DD`; timestamps ISO 8601 with milliseconds (`Z` when the type has a time zone);
 * numbers in JavaScript's shortest round-trip form — so `readCsvBlock` reads the file back unchanged.
 * Per value, only what differs is computed: timestamps reuse the date bytes of their day, numbers skip
 * the quoting test, dictionary strings are formatted, quoted and UTF-8 encoded once per dictionary
 * entry, and single-chunk Int32, Float64, millisecond-timestamp and dictionary columns are read from
 * their buffers (integers and timestamps written digit by digit) rather than through `Vector#get`.
 * Other columns go through `Vector#get` and a string formatter.
 */

import { type FileHandle, open } from 'node:fs/promises';
import { type DataType, type Table, TimeUnit, Type, type Vector } from 'apache-arrow';

/** Options of writeCsvPartition. */
export interface WriteCsvOptions {
  /** Write a header row (default true). */
  readonly header?: boolean;
  /** Field delimiter (default ','). */
  readonly delimiter?: string;
  /** Quote character (default '"'). */
  readonly quoteChar?: string;
  /** Text written for nulls (default ''). */
  readonly naRep?: string;
  /** Row terminator (default '\n'). */
  readonly lineTerminator?: string;
  /** Append to the file instead of replacing it (default false). */
  readonly append?: boolean;
}

const FLUSH_BYTES = 1 << 20;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
/** 10^d for d < 16: an integer below DIGIT_BOUNDS[d] has at most d digits. */
const DIGIT_BOUNDS = Array.from({ length: 16 }, (_, d) => 10 ** d);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isoDate(ms: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : (y < 0 ? '-' : '+') + pad(Math.abs(y), 6);
  return `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

const MS_PER_DAY = 86_400_000;
const TWO = Array.from({ length: 100 }, (_, i) => pad(i, 2));
const THREE = Array.from({ length: 1000 }, (_, i) => pad(i, 3));

/**
 * An ISO 8601 formatter of epoch milliseconds (`2024-03-15T08:31:05.000`, `Z` appended when zoned):
 * the date part is made once per day (a Map of the days seen), the time part from digit tables — no
 * Date object per value.
 */
function isoTimestamps(zoned: boolean): (ms: number) => string {
  const dates = new Map<number, string>();
  const zone = zoned ? 'Z' : '';
  return (ms) => {
    const day = Math.floor(ms / MS_PER_DAY);
    let date = dates.get(day);
    if (date === undefined) {
      date = isoDate(day * MS_PER_DAY);
      if (dates.size > 100_000) dates.clear();
      dates.set(day, date);
    }
    // The time of day fits an int32: its divisions by constants are multiplies.
    let rem = (ms - day * MS_PER_DAY) | 0;
    const h = (rem / 3_600_000) | 0;
    rem -= h * 3_600_000;
    const mi = (rem / 60_000) | 0;
    rem -= mi * 60_000;
    const sec = (rem / 1000) | 0;
    return `${date}T${TWO[h]}:${TWO[mi]}:${TWO[sec]}.${THREE[rem - sec * 1000]}${zone}`;
  };
}

/** Characters a number, date or timestamp is written with: no quoting needed unless the dialect uses one. */
const NUMERIC_TEXT = '0123456789.-+eEinfaNIty:TZ';

function isNumericType(type: DataType): boolean {
  return (
    type.typeId === Type.Int ||
    type.typeId === Type.Float ||
    type.typeId === Type.Date ||
    type.typeId === Type.Timestamp
  );
}

/** A function turning a column's value (non-null) into CSV text (before quoting). */
function formatter(type: DataType): (v: unknown) => string {
  switch (type.typeId) {
    case Type.Date:
      return (v) => isoDate(v as number);
    case Type.Timestamp: {
      // Arrow JS reads every timestamp unit as epoch milliseconds.
      const zoned = Boolean((type as unknown as { timezone?: string | null }).timezone);
      const iso = isoTimestamps(zoned);
      return (v) => iso(Math.floor(Number(v)));
    }
    case Type.Float:
      return (v) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v));
    default:
      return (v) => (v instanceof Date ? v.toISOString() : String(v));
  }
}

/** The ASCII digits of 00 … 99, two bytes each. */
const TWO_DIGITS = Uint8Array.from(
  { length: 200 },
  (_, i) => 48 + (i % 2 === 0 ? Math.floor(i / 20) : Math.floor(i / 2) % 10),
);

/**
 * The output buffer: bytes are appended at `pos`; the writer flushes it to the file once `pos`
 * passes FLUSH_BYTES. `reserve(n)` makes room for n more bytes (one value can be longer than the
 * slack left after the flush threshold).
 */
class ByteSink {
  buf = Buffer.allocUnsafe(FLUSH_BYTES + 4096);
  pos = 0;

  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    this.reserve(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = b[i];
    this.pos = pos;
  }

  /** A string of ASCII characters (numbers as JavaScript writes them). */
  ascii(s: string): void {
    const n = s.length;
    this.reserve(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = s.charCodeAt(i);
    this.pos = pos;
  }

  /** Any string, as UTF-8. */
  text(s: string): void {
    this.reserve(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** An integer of at most 15 digits, digit by digit. */
  int(v: number): void {
    this.reserve(17);
    const buf = this.buf;
    let pos = this.pos;
    if (v < 0) {
      buf[pos++] = 45;
      v = -v;
    }
    let digits = 1;
    while (digits < 16 && v >= DIGIT_BOUNDS[digits]) digits++;
    pos += digits;
    if (v < 2147483648) {
      // int32: a division by a constant is a multiply.
      let w = v | 0;
      for (let i = pos - 1; i >= pos - digits; i--) {
        const q = (w / 10) | 0;
        buf[i] = 48 + (w - q * 10);
        w = q;
      }
    } else {
      for (let i = pos - 1; i >= pos - digits; i--) {
        const q = Math.floor(v / 10);
        buf[i] = 48 + (v - q * 10);
        v = q;
      }
    }
    this.pos = pos;
  }

  /**
   * A finite float as `String(v)` writes it. Values in [1e-3, 1e15) with at most 9 decimals that
   * round-trip are written from an integer: the smallest k such that m / 10^k === v for m one of the
   * integers nearest v · 10^k (the product may be off by one) gives the shortest digits, which is
   * what `String` prints in that range (fixed notation, fewest digits, the nearest when several).
   * Anything else goes through `String(v)`. `hint` is the k of the value before (−1: none); returns
   * this value's k (or `hint` when String wrote it).
   */
  float(v: number, hint = -1): number {
    const a = v < 0 ? -v : v;
    if (a >= 1e-3 && a < 1e15) {
      if (hint >= 0) {
        // The decimals of the value before first (a column's values mostly share them): if m / 10^hint
        // is v for the nearest m, the smallest k is hint less m's trailing zeros (a smaller k that works
        // gives the same m with zeros appended, and only the nearest integer can work below 2^50).
        const x = a * POW10[hint];
        let m = Math.round(x);
        if (x < 1125899906842624 && m / POW10[hint] === a) {
          let k = hint;
          for (let q = Math.floor(m / 10); k > 0 && q * 10 === m; q = Math.floor(m / 10)) {
            m = q;
            k--;
          }
          this.fixed(v < 0, m, k);
          return k;
        }
      }
      for (let k = 0; k <= 9; k++) {
        const p = POW10[k];
        const x = a * p;
        if (x >= 4503599627370496) break; // 2^52: candidates no longer one ulp apart
        const m0 = Math.round(x);
        if (x < 1125899906842624) {
          // Below 2^50 the product is within 3/8 of the true m (1.5 ulp of x), so m0 is the only
          // candidate: one division decides this k.
          if (m0 / p === a) {
            this.fixed(v < 0, m0, k);
            return k;
          }
          continue;
        }
        let m = -1;
        let far = Infinity;
        for (let c = m0 - 1; c <= m0 + 1; c++) {
          if (c < 0 || c / p !== a) continue;
          const d = Math.abs(c - x);
          if (d < far) {
            far = d;
            m = c;
          } else if (d === far) m = -2; // a tie: leave it to String
        }
        if (m === -2) break;
        if (m >= 0) {
          this.fixed(v < 0, m, k);
          return k;
        }
      }
    }
    this.ascii(String(v));
    return hint;
  }

  /**
   * (sign) m / 10^k in fixed notation with exactly k decimals (m < 2^53, k ≤ 9): m is split into two
   * int32 halves of 8 digits, so each digit costs an int32 division by a constant (a multiply).
   */
  private fixed(negative: boolean, m: number, k: number): void {
    this.reserve(20);
    const buf = this.buf;
    if (negative) buf[this.pos++] = 45;
    let digits = 1;
    while (digits < 16 && m >= DIGIT_BOUNDS[digits]) digits++;
    const intDigits = digits > k ? digits - k : 1;
    const all = intDigits + k;
    const total = k > 0 ? all + 1 : all;
    let hi = Math.floor(m / 1e8);
    let lo = (m - hi * 1e8) | 0;
    hi |= 0;
    let i = this.pos + total - 1;
    for (let n = 0; n < all; n++) {
      if (n === k && k > 0) buf[i--] = 46;
      let d: number;
      if (n < 8) {
        const q = (lo / 10) | 0;
        d = lo - q * 10;
        lo = q;
      } else {
        const q = (hi / 10) | 0;
        d = hi - q * 10;
        hi = q;
      }
      buf[i--] = 48 + d;
    }
    this.pos += total;
  }

  /** `v` (0 ≤ v < 100) as two digits. */
  two(v: number): void {
    const buf = this.buf;
    buf[this.pos++] = TWO_DIGITS[2 * v];
    buf[this.pos++] = TWO_DIGITS[2 * v + 1];
  }
}

/** Writes the cell of row r of one column into the sink (naRep for a null). */
type CellWriter = (r: number) => void;

/**
 * The writer of one column's cells: single-chunk Float64, Int32, millisecond timestamps and
 * dictionaries from their buffers (when `numericSafe`, numbers and timestamps need no quotes), others
 * through `Vector#get` and `text` (formatting and quoting).
 */
function cellWriter(
  sink: ByteSink,
  vector: Vector,
  type: DataType,
  text: (v: unknown) => string,
  numericSafe: boolean,
  na: Uint8Array,
): CellWriter {
  const generic = (r: number): void => {
    const v = vector.get(r);
    if (v === null || v === undefined) sink.bytes(na);
    else sink.text(text(v));
  };
  if (vector.data.length !== 1) return generic;
  const d = vector.data[0];
  const bits = d.nullCount > 0 ? d.nullBitmap : null;
  if (d.nullCount > 0 && (!bits || bits.length === 0)) return generic;
  const off = d.offset;
  const valid = (r: number): boolean =>
    bits === null || ((bits[(off + r) >> 3] >> ((off + r) & 7)) & 1) === 1;
  const values = d.values as unknown;
  if (type.typeId === Type.Dictionary && values instanceof Int32Array && d.dictionary) {
    const dictionary = d.dictionary;
    const memo: (Uint8Array | undefined)[] = new Array(dictionary.length);
    return (r) => {
      if (!valid(r)) {
        sink.bytes(na);
        return;
      }
      const k = values[r];
      let b = memo[k];
      if (b === undefined) {
        const v = dictionary.get(k);
        b = v === null || v === undefined ? na : Buffer.from(text(v), 'utf8');
        memo[k] = b;
      }
      sink.bytes(b);
    };
  }
  if (!numericSafe) return generic;
  if (type.typeId === Type.Int && values instanceof Int32Array) {
    return (r) => {
      if (valid(r)) sink.int(values[r]);
      else sink.bytes(na);
    };
  }
  if (type.typeId === Type.Float && values instanceof Float64Array) {
    let decimals = -1; // of the value before
    return (r) => {
      if (!valid(r)) sink.bytes(na);
      else {
        const v = values[r];
        if (Number.isFinite(v)) decimals = sink.float(v, decimals);
        else sink.ascii(text(v));
      }
    };
  }
  const unit = (type as unknown as { unit?: TimeUnit }).unit;
  if (type.typeId === Type.Timestamp && unit === TimeUnit.MILLISECOND && values instanceof BigInt64Array) {
    return timestampWriter(sink, values, valid, na, Boolean((type as { timezone?: string | null }).timezone));
  }
  return generic;
}

/** Is this platform little-endian (the low word of an int64 first)? */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Epoch-millisecond timestamps as `YYYY-MM-DDThh:mm:ss.fff` (+ `Z` when zoned), read from the int64
 * words: the date's bytes are made once per day, the time digit by digit.
 */
function timestampWriter(
  sink: ByteSink,
  values: BigInt64Array,
  valid: (r: number) => boolean,
  na: Uint8Array,
  zoned: boolean,
): CellWriter {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const lo = LITTLE_ENDIAN ? 0 : 1;
  const dates = new Map<number, Uint8Array>();
  return (r) => {
    if (!valid(r)) {
      sink.bytes(na);
      return;
    }
    const ms = words[2 * r + 1 - lo] * 4294967296 + (words[2 * r + lo] >>> 0);
    const day = Math.floor(ms / MS_PER_DAY);
    let date = dates.get(day);
    if (date === undefined) {
      date = Buffer.from(isoDate(day * MS_PER_DAY), 'latin1');
      if (dates.size > 100_000) dates.clear();
      dates.set(day, date);
    }
    sink.bytes(date);
    // The time of day fits an int32: its divisions by constants are multiplies.
    let rem = (ms - day * MS_PER_DAY) | 0;
    const h = (rem / 3_600_000) | 0;
    rem -= h * 3_600_000;
    const mi = (rem / 60_000) | 0;
    rem -= mi * 60_000;
    const sec = (rem / 1000) | 0;
    sink.reserve(14);
    const buf = sink.buf;
    buf[sink.pos++] = 84; // T
    sink.two(h);
    buf[sink.pos++] = 58; // :
    sink.two(mi);
    buf[sink.pos++] = 58;
    sink.two(sec);
    buf[sink.pos++] = 46; // .
    const ms3 = rem - sec * 1000;
    const hundreds = (ms3 / 100) | 0;
    buf[sink.pos++] = 48 + hundreds;
    sink.two(ms3 - hundreds * 100);
    if (zoned) buf[sink.pos++] = 90; // Z
  };
}

/** Write bytes [0, n) of `buf` at the file's position (looping over short writes). */
async function writeAll(fh: FileHandle, buf: Buffer, n: number): Promise<void> {
  let done = 0;
  while (done < n) done += (await fh.write(buf, done, n - done)).bytesWritten;
}

/**
 * Encodes a table's rows as CSV into a ByteSink, a run of rows at a time (the header first, unless
 * `header: false`).
 */
class CsvEncoder {
  readonly sink = new ByteSink();
  private readonly writers: CellWriter[];
  private readonly sep: Buffer;
  private readonly end: Buffer;
  private readonly rows: number;
  private next = 0;

  constructor(table: Table, options: WriteCsvOptions) {
    const delimiter = options.delimiter ?? ',';
    const quote = options.quoteChar ?? '"';
    const naRep = options.naRep ?? '';
    const eol = options.lineTerminator ?? '\n';
    const doubled = quote + quote;
    const quoteAll = new RegExp(quote.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
    const needsQuotes = (s: string): boolean =>
      s.includes(delimiter) ||
      s.includes(quote) ||
      s.includes('\n') ||
      s.includes('\r') ||
      (s.length > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32));
    const cell = (s: string): string => (needsQuotes(s) ? quote + s.replace(quoteAll, doubled) + quote : s);

    const fields = table.schema.fields;
    const columns: Vector[] = fields.map((_, i) => table.getChildAt(i)!);
    const formats = fields.map((f) => formatter(f.type));
    // Numbers and dates never need quotes (unless the dialect writes with their characters).
    const numericSafe = !NUMERIC_TEXT.includes(delimiter) && !NUMERIC_TEXT.includes(quote);
    const texts = fields.map((f, c): ((v: unknown) => string) => {
      const format = formats[c];
      if (numericSafe && isNumericType(f.type)) return format;
      return (v) => cell(format(v));
    });
    const na = Buffer.from(naRep, 'utf8');
    this.sep = Buffer.from(delimiter, 'utf8');
    this.end = Buffer.from(eol, 'utf8');
    this.writers = fields.map((f, c) => cellWriter(this.sink, columns[c], f.type, texts[c], numericSafe, na));
    this.rows = table.numRows;
    if (options.header !== false) this.sink.text(fields.map((f) => cell(f.name)).join(delimiter) + eol);
  }

  /** Encode rows until the sink holds at least `limit` bytes or no row is left; false when done. */
  encode(limit: number): boolean {
    const { sink, writers, sep, end, rows } = this;
    const ncol = writers.length;
    let r = this.next;
    for (; r < rows && sink.pos < limit; r++) {
      for (let c = 0; c < ncol; c++) {
        if (c > 0) sink.bytes(sep);
        writers[c](r);
      }
      sink.bytes(end);
    }
    this.next = r;
    return r < rows;
  }
}

/**
 * Write an Arrow table as CSV to `path`, streaming.
 *
 * @example
 * await writeCsvPartition(table, 'out/part-0.csv', { header: true });
 */
export async function writeCsvPartition(
  table: Table,
  path: string,
  options: WriteCsvOptions = {},
): Promise<void> {
  const encoder = new CsvEncoder(table, options);
  const sink = encoder.sink;
  const fh = await open(path, options.append ? 'a' : 'w');
  // Two buffers: the next run of rows is encoded while the last one is being written.
  let spare: typeof sink.buf | null = null;
  let writing: Promise<void> | null = null;
  try {
    for (;;) {
      const more = encoder.encode(FLUSH_BYTES);
      const full = sink.buf;
      const n = sink.pos;
      if (writing !== null) await writing;
      writing = writeAll(fh, full, n);
      if (!more) break;
      spare ??= Buffer.allocUnsafe(full.length);
      sink.buf = spare.length >= full.length ? spare : Buffer.allocUnsafe(full.length);
      sink.pos = 0;
      spare = full;
    }
    await writing;
  } finally {
    if (writing !== null) await writing.catch(() => undefined);
    await fh.close();
  }
}
