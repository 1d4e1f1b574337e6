/**
 * Chunks: how an array's shape is cut into blocks. Normalised chunks are one list of block sizes per
 * axis (`[[2, 2, 1], [3]]` for shape (5, 3)); an axis of length 0 has the single chunk `[0]`.
 *
 * `normalizeChunks` accepts, per call or per axis:
 *   - a number n: blocks of n along the axis (the last one smaller); -1 or a number ≥ the length: one
 *     block;
 *   - a list of sizes: exactly those blocks (they must add up to the axis length);
 *   - 'auto' (also the default): sizes chosen so a block holds about `array.chunkSize` bytes (64 MB),
 *     as square as the shape allows, spread evenly along each axis (Dask's `auto_chunks`).
 */

import { autoChunkBytes } from './config.js';
import { type DType, itemsize } from './dtype.js';
import { ChunkError } from './errors.js';

/** One list of block sizes per axis. */
export type Chunks = readonly (readonly number[])[];

/** What users may pass as `chunks`. */
export type ChunksInput = number | 'auto' | readonly (number | 'auto' | readonly number[])[];

/** Blocks of `size` along an axis of `n` (the last one smaller). */
export function regularChunks(n: number, size: number): number[] {
  if (n === 0) return [0];
  if (size <= 0 || size >= n) return [n];
  const out: number[] = [];
  for (let i = 0; i < n; i += size) out.push(Math.min(size, n - i));
  return out;
}

/**
 * Normalise `chunks` for `shape` (rules in the header).
 *
 * @example
 * normalizeChunks(2, [5, 3], 'float64'); // [[2, 2, 1], [2, 1]]
 * normalizeChunks([[3, 2], -1], [5, 3], 'float64'); // [[3, 2], [3]]
 */
export function normalizeChunks(
  chunks: ChunksInput | undefined,
  shape: readonly number[],
  dtype: DType,
  operation = 'chunks',
): number[][] {
  const nd = shape.length;
  const fail = (detail: string): never => {
    throw new ChunkError(operation, shape, chunks, detail);
  };
  let perAxis: (number | 'auto' | readonly number[])[];
  if (chunks === undefined || chunks === 'auto') perAxis = new Array(nd).fill('auto');
  else if (typeof chunks === 'number') perAxis = new Array(nd).fill(chunks);
  else if (Array.isArray(chunks)) {
    if (chunks.length !== nd) {
      fail(
        `chunks has ${chunks.length} entries but the shape (${shape.join(', ')}) has ${nd} axes; give one entry per axis.`,
      );
    }
    perAxis = [...chunks];
  } else return fail(`chunks must be a number, 'auto', or one entry per axis; got ${String(chunks)}.`);
  const out: (number[] | undefined)[] = new Array(nd);
  const auto: number[] = [];
  for (let a = 0; a < nd; a++) {
    const c = perAxis[a];
    const n = shape[a];
    if (c === 'auto') auto.push(a);
    else if (typeof c === 'number') {
      if (!(Number.isInteger(c) && (c > 0 || c === -1))) {
        fail(`chunk size ${c} on axis ${a} must be a positive integer or -1 (one block).`);
      }
      out[a] = regularChunks(n, c === -1 ? n : c);
    } else if (Array.isArray(c)) {
      const sizes = c as readonly number[];
      if (!sizes.every((s) => Number.isInteger(s) && s >= 0)) {
        fail(`the block sizes of axis ${a} must be non-negative integers; got [${sizes.join(', ')}].`);
      }
      const sum = sizes.reduce((p, q) => p + q, 0);
      if (sum !== n || sizes.length === 0) {
        fail(
          `the block sizes of axis ${a} add up to ${sum}, but the axis has length ${n}; ` +
            'make them add up to the length.',
        );
      }
      out[a] = n === 0 ? [0] : sizes.filter((s) => s > 0);
    } else fail(`chunks entry ${a} must be a number, a list of sizes, or 'auto'.`);
  }
  if (auto.length > 0) {
    let budget = Math.max(1, Math.floor(autoChunkBytes() / itemsize(dtype)));
    for (let a = 0; a < nd; a++) if (out[a]) budget /= Math.max(1, Math.max(...out[a]!));
    let left = [...auto];
    // Axes shorter than the ideal edge take their whole length; the rest share what remains.
    for (;;) {
      const edge = budget ** (1 / Math.max(1, left.length));
      const small = left.filter((a) => shape[a] <= edge);
      if (small.length === 0 || left.length === 0) {
        for (const a of left) {
          const n = shape[a];
          const size = Math.max(1, Math.floor(edge));
          out[a] = regularChunks(n, Math.ceil(n / Math.ceil(n / size)));
        }
        break;
      }
      for (const a of small) {
        out[a] = regularChunks(shape[a], shape[a]);
        budget /= Math.max(1, shape[a]);
      }
      left = left.filter((a) => !small.includes(a));
    }
  }
  return out as number[][];
}

/** Start offset of every block along an axis, plus the total at the end. */
export function chunkOffsets(sizes: readonly number[]): number[] {
  const off = [0];
  for (const s of sizes) off.push(off[off.length - 1] + s);
  return off;
}

/** Number of blocks along each axis. */
export function numBlocks(chunks: Chunks): number[] {
  return chunks.map((c) => c.length);
}

/** Every block index of a grid, in row-major order. */
export function* blockIndices(grid: readonly number[]): Generator<number[]> {
  const nd = grid.length;
  if (grid.some((g) => g === 0)) return;
  const idx = new Array<number>(nd).fill(0);
  for (;;) {
    yield [...idx];
    let a = nd - 1;
    while (a >= 0) {
      if (++idx[a] < grid[a]) break;
      idx[a] = 0;
      a--;
    }
    if (a < 0) return;
  }
}

/** The shape of block `idx`. */
export function blockShape(chunks: Chunks, idx: readonly number[]): number[] {
  return idx.map((i, a) => chunks[a][i]);
}

/** Are two chunkings the same? */
export function sameChunks(a: Chunks, b: Chunks): boolean {
  return (
    a.length === b.length && a.every((c, i) => c.length === b[i].length && c.every((s, j) => s === b[i][j]))
  );
}
