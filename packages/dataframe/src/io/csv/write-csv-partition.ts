/**
 * Writing one partition (an Arrow Table) as CSV, streamed: rows are formatted into ~1 MiB strings and
 * written one after another, so no whole-file string exists. Quoting follows RFC 4180: a value is
 * quoted when it contains the delimiter, the quote, CR or LF, or starts/ends with a space (which a
 * reader might trim); quotes inside are doubled. Nulls are written as `naRep` (default empty).
 * Dates are `YYYY-MM-DD`; timestamps ISO 8601 with milliseconds (`Z` when the type has a time zone);
 * numbers in JavaScript's shortest round-trip form — so `readCsvBlock` reads the file back unchanged.
 * Per value, only what differs is computed: timestamps reuse the date text of their day, numbers skip
 * the quoting test, dictionary strings are formatted and quoted once per dictionary entry, and plain
 * numeric and dictionary columns are read from their buffers rather than through `Vector#get`.
 */

import { open } from 'node:fs/promises';
import { type DataType, type Table, Type, type Vector } from 'apache-arrow';

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

const FLUSH_CHARS = 1 << 20;

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
    let rem = ms - day * MS_PER_DAY;
    const h = Math.floor(rem / 3_600_000);
    rem -= h * 3_600_000;
    const mi = Math.floor(rem / 60_000);
    rem -= mi * 60_000;
    const sec = Math.floor(rem / 1000);
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

/**
 * The text of row r of a column (null for a null): single-chunk Float64, Int32 and dictionary columns
 * are read from their buffers (a dictionary's texts are made once per entry), others through
 * `Vector#get`.
 */
function cellReader(
  vector: Vector,
  type: DataType,
  text: (v: unknown) => string,
): (r: number) => string | null {
  const generic = (r: number): string | null => {
    const v = vector.get(r);
    return v === null || v === undefined ? null : text(v);
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
    const memo: (string | null | undefined)[] = new Array(dictionary.length);
    return (r) => {
      if (!valid(r)) return null;
      const k = values[r];
      let t = memo[k];
      if (t === undefined) {
        const v = dictionary.get(k);
        t = v === null || v === undefined ? null : text(v);
        memo[k] = t;
      }
      return t;
    };
  }
  if (
    (type.typeId === Type.Float && values instanceof Float64Array) ||
    (type.typeId === Type.Int && values instanceof Int32Array)
  ) {
    const numbers = values as Float64Array | Int32Array;
    return (r) => (valid(r) ? text(numbers[r]) : null);
  }
  return generic;
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
  const readers = fields.map((f, c) => cellReader(columns[c], f.type, texts[c]));
  const fh = await open(path, options.append ? 'a' : 'w');
  try {
    let out = options.header === false ? '' : fields.map((f) => cell(f.name)).join(delimiter) + eol;
    const rows = table.numRows;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < readers.length; c++) {
        if (c > 0) out += delimiter;
        const t = readers[c](r);
        out += t === null ? naRep : t;
      }
      out += eol;
      if (out.length >= FLUSH_CHARS) {
        await fh.write(out);
        out = '';
      }
    }
    if (out.length > 0) await fh.write(out);
  } finally {
    await fh.close();
  }
}
