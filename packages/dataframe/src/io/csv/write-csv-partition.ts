/**
 * Writing one partition (an Arrow Table) as CSV, streamed: rows are formatted into ~1 MiB strings and
 * written one after another, so no whole-file string exists. Quoting follows RFC 4180: a value is
 * quoted when it contains the delimiter, the quote, CR or LF, or starts/ends with a space (which a
 * reader might trim); quotes inside are doubled. Nulls are written as `naRep` (default empty).
 * Dates are `YYYY-MM-DD`; timestamps ISO 8601 with milliseconds (`Z` when the type has a time zone);
 * numbers in JavaScript's shortest round-trip form — so `readCsvBlock` reads the file back unchanged.
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

function isoTimestamp(ms: number, zoned: boolean): string {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}`;
  return `${isoDate(ms)}T${time}${zoned ? 'Z' : ''}`;
}

/** A function turning a column's value (non-null) into CSV text (before quoting). */
function formatter(type: DataType): (v: unknown) => string {
  switch (type.typeId) {
    case Type.Date:
      return (v) => isoDate(v as number);
    case Type.Timestamp: {
      // Arrow JS reads every timestamp unit as epoch milliseconds.
      const zoned = Boolean((type as unknown as { timezone?: string | null }).timezone);
      return (v) => isoTimestamp(Math.floor(Number(v)), zoned);
    }
    case Type.Float:
      return (v) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v));
    default:
      return (v) => (v instanceof Date ? v.toISOString() : String(v));
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
  const fh = await open(path, options.append ? 'a' : 'w');
  try {
    let out = options.header === false ? '' : fields.map((f) => cell(f.name)).join(delimiter) + eol;
    const rows = table.numRows;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) out += delimiter;
        const v = columns[c].get(r);
        out += v === null || v === undefined ? naRep : cell(formats[c](v));
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
