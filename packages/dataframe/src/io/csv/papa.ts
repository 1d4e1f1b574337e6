/**
 * The papaparse tokenizer, configured for the reader's dialect. We use papaparse's core `Parser`
 * (the piece its streamers call per chunk) directly: rows come back as arrays of strings (no header
 * objects, no dynamic typing), `newline` is always LF (a CR before it is stripped by the caller), and
 * `parse(text, 0, ignoreLastRow = true)` leaves a partial last row for the next chunk, with
 * `meta.cursor` at the end of the last complete row.
 */

import Papa from 'papaparse';
import type { ResolvedCsvOptions } from './options.js';

/** What `PapaParser.parse` returns. */
export interface PapaResult {
  readonly data: string[][];
  readonly errors: readonly { code: string; row?: number }[];
  readonly meta: { cursor: number };
}

/** The core papaparse parser. */
export interface PapaParser {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): PapaResult;
}

/**
 * A papaparse core parser for the dialect in `options`; `preview: 1` returns after one row (with the
 * quote-aware loop, whose cursor is exact), `step` receives one row at a time.
 *
 * @example
 * const p = newPapaParser(resolveCsvOptions());
 * p.parse('a,"b\nc"\nd,e\nf', 0, true).data; // [['a', 'b\nc'], ['d', 'e']]
 */
export function newPapaParser(
  options: ResolvedCsvOptions,
  extra: { preview?: number; step?: (result: PapaResult) => void } = {},
): PapaParser {
  return new Papa.Parser({
    delimiter: options.delimiter,
    newline: '\n',
    quoteChar: options.quoteChar,
    comments: options.comment ?? false,
    preview: extra.preview,
    step: extra.step as never,
    // The split fast path returns a wrong cursor with `preview`; the quote-aware loop does not.
    fastMode: extra.preview === undefined && extra.step === undefined ? undefined : false,
  }) as unknown as PapaParser;
}

/**
 * Remove one trailing CR from the last field of a papaparse row (rows end at LF; CRLF files leave CR).
 *
 * @example
 * const row = ['a', 'b\r'];
 * stripTrailingCr(row); // row is now ['a', 'b']
 */
export function stripTrailingCr(row: string[]): void {
  const last = row.length - 1;
  const v = row[last];
  if (v.length > 0 && v.charCodeAt(v.length - 1) === 13) row[last] = v.slice(0, -1);
}
