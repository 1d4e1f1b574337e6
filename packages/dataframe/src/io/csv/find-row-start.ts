/**
 * Finding the first row start at or after a byte offset of an open file: the file-reading side of
 * row-start.ts (speculation in growing windows up to `boundaryLookahead`, then an exact scan from the
 * nearest anchor that speculation can decide). Used by readCsvBlock for its own start and to verify
 * its successor's.
 */

import type { FileHandle } from 'node:fs/promises';
import { readAt } from './file-bytes.js';
import type { ResolvedCsvOptions } from './options.js';
import { ExactRowScanner, searchRowStart } from './row-start.js';

const WINDOW = 1 << 20;

/**
 * The first row start at or after `start` (> the data start); the file size when no row starts after
 * `start`. Speculation first (row-start.ts). When it cannot decide at `start`, find an anchor: a row
 * start that speculation does decide at an earlier offset (start − lookahead, − 2·lookahead, ...,
 * else the data start), and scan exactly from there — so the exact scan costs the distance back to
 * the nearest decidable place, not the whole prefix.
 *
 * @example
 * const fh = await open('big.csv');
 * await findRowStart(fh, 64_000_000, size, dataStart, resolveCsvOptions(), schema.fieldCount);
 */
export async function findRowStart(
  fh: FileHandle,
  start: number,
  size: number,
  dataStart: number,
  options: ResolvedCsvOptions,
  fieldCount: number,
): Promise<number> {
  const direct = await speculateRowStart(fh, start, size, options, fieldCount);
  if (direct !== undefined) return direct;
  for (let back = options.boundaryLookahead; ; back *= 2) {
    const from = start - back;
    if (from <= dataStart) return exactRowStart(fh, dataStart, start, size, options);
    const anchor = await speculateRowStart(fh, from, size, options, fieldCount);
    if (anchor === undefined) continue;
    return anchor >= start ? anchor : exactRowStart(fh, anchor, start, size, options);
  }
}

/** Speculation at `start` (row-start.ts), with windows growing to the lookahead; undefined if undecided. */
async function speculateRowStart(
  fh: FileHandle,
  start: number,
  size: number,
  options: ResolvedCsvOptions,
  fieldCount: number,
): Promise<number | undefined> {
  const lookahead = options.boundaryLookahead;
  for (let len = Math.min(65536, lookahead); ; len = Math.min(lookahead, len * 4)) {
    const winEnd = Math.min(size, start + len);
    const window = await readAt(fh, start - 1, winEnd);
    const eof = start - 1 + window.length >= size;
    const final = !eof && len >= lookahead;
    const r = searchRowStart(window, start - 1, eof, final, options, fieldCount);
    if (r.kind === 'found') return r.offset;
    if (r.kind !== 'need-more') return undefined;
  }
}

/** The exact scan from `anchor` (a row start) to the first row start at or after `start`. */
async function exactRowStart(
  fh: FileHandle,
  anchor: number,
  start: number,
  size: number,
  options: ResolvedCsvOptions,
): Promise<number> {
  const scanner = new ExactRowScanner(options);
  for (let pos = anchor; pos < size; pos += WINDOW) {
    const window = await readAt(fh, pos, Math.min(size, pos + WINDOW));
    const found = scanner.feed(window, pos, start);
    if (found >= 0) return found;
  }
  return size;
}
