/**
 * Where a file's data begins: after a UTF-8 byte-order mark, `skipRows` physical lines, and (with
 * `header: true`) the header record — which may be quoted, contain newlines, and be preceded by blank
 * or comment lines. Every partition of a file computes this from the file's head (a small read), so
 * partitions agree without the planner reading anything. `normalizeNames` turns a header row into
 * distinct column names the way pandas does.
 */

import { bytesForChars, utf8Floor } from './char-offsets.js';
import type { ResolvedCsvOptions } from './options.js';
import { newPapaParser, stripTrailingCr } from './papa.js';

/** Where the data starts, and the raw header row if one was read. */
export interface DataLocation {
  /** Byte offset of the first data row (the file size when there is none). */
  readonly dataStart: number;
  /** The header record's fields (null without a header, or when the file has no rows at all). */
  readonly header: readonly string[] | null;
}

/**
 * Locate the data in the file head `head` (`eof`: the head is the whole file); undefined when the
 * head is too short to tell (read more and call again).
 *
 * @example
 * locateData(Buffer.from('\uFEFFa,b\n1,2\n'), true, resolveCsvOptions()); // { dataStart: 7, header: ['a', 'b'] }
 */
export function locateData(
  head: Buffer,
  eof: boolean,
  options: ResolvedCsvOptions,
): DataLocation | undefined {
  const n = head.length;
  if (!eof && n < 3) return undefined;
  let p = n >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  for (let i = 0; i < options.skipRows; i++) {
    const nl = head.indexOf(10, p);
    if (nl < 0) return eof ? { dataStart: n, header: null } : undefined;
    p = nl + 1;
  }
  if (!options.header) return { dataStart: p, header: null };
  const parser = newPapaParser(options, { preview: 1 });
  for (;;) {
    if (p >= n) return eof ? { dataStart: n, header: null } : undefined;
    const cut = eof ? n : utf8Floor(head, n);
    const input = head.toString('utf8', p, cut);
    const res = parser.parse(input, 0, !eof);
    if (res.data.length === 0) return eof ? { dataStart: n, header: null } : undefined;
    const row = res.data[0];
    stripTrailingCr(row);
    p += res.meta.cursor >= input.length ? cut - p : bytesForChars(input, res.meta.cursor, head, p, cut);
    if (row.length === 1 && row[0] === '') continue; // blank line before the header
    return { dataStart: p, header: row };
  }
}

/**
 * Column names from a header row: empty names become `Unnamed: i`, repeats get `.1`, `.2`, ...
 * (pandas' rules).
 *
 * @example
 * normalizeNames(['a', '', 'a']); // ['a', 'Unnamed: 1', 'a.1']
 */
export function normalizeNames(raw: readonly string[]): string[] {
  const used = new Set<string>();
  return raw.map((name, i) => {
    let base = name === '' ? `Unnamed: ${i}` : name;
    if (used.has(base)) {
      let k = 1;
      while (used.has(`${base}.${k}`)) k++;
      base = `${base}.${k}`;
    }
    used.add(base);
    return base;
  });
}
