/**
 * `assertArrayEqual`: the one equality assertion for arrays (Dask's `assert_eq`, STYLE rule 14). It
 * computes the array with the synchronous scheduler block by block and checks, besides the values:
 *   - every block has the shape its chunks promise and the array's dtype;
 *   - the chunks add up to the shape;
 *   - values equal the expected ones (an NDArray, a typed array, nested JS arrays, a number, or another
 *     array computed the same way), floats to a relative tolerance, NaN equal to NaN.
 * It returns the computed NDArray, so a test can go on checking it.
 */

import { AssertionError } from 'node:assert';
import { COLLECTION, compute } from '@tusk/core';
import type { Block } from '../block.js';
import { ChunkedArray } from '../chunked-array.js';
import { blockIndices, blockShape } from '../chunks.js';
import { type DType, isFloat } from '../dtype.js';
import { keyOf } from '../graph/build.js';
import { assemble } from '../kernels/assemble.js';
import { NDArray } from '../nd-array.js';
import { fromArray } from '../ops/creation.js';

/** Options of assertArrayEqual. */
export interface AssertArrayEqualOptions {
  /** Relative tolerance for floats (default 1e-9). */
  rtol?: number;
  /** Absolute tolerance for floats (default 1e-12). */
  atol?: number;
  /** Check the dtype against the expected one's (default true when the expected value has one). */
  checkDtype?: boolean;
  /** The dtype the result must have. */
  dtype?: DType;
}

function fail(message: string, actual?: unknown, expected?: unknown): never {
  throw new AssertionError({ message, actual, expected, operator: 'assertArrayEqual' });
}

async function computeChecked(x: ChunkedArray): Promise<NDArray> {
  x.chunks.forEach((c, a) => {
    const sum = c.reduce((p, q) => p + q, 0);
    if (sum !== x.shape[a]) fail(`chunks of axis ${a} add up to ${sum}, but the shape says ${x.shape[a]}.`);
  });
  const [blocks] = (await compute({ ...collectionOfBlocks(x) }, { scheduler: 'synchronous' })) as unknown as [
    Block[],
  ];
  const idxs = [...blockIndices(x.numblocks)];
  idxs.forEach((idx, i) => {
    const b = blocks[i];
    const want = blockShape(x.chunks, idx);
    if (b.dtype !== x.dtype)
      fail(`block (${idx.join(', ')}) has dtype ${b.dtype}, but the array says ${x.dtype}.`);
    if (
      b.shape.length !== want.length ||
      b.shape.some((n, a) => n !== want[a]) ||
      b.data.length !== want.reduce((p, q) => p * q, 1)
    ) {
      fail(
        `block (${idx.join(', ')}) has shape (${b.shape.join(', ')}), but the chunks say (${want.join(', ')}).`,
      );
    }
  });
  // Assemble from the grid of blocks.
  const grid = nest(blocks, x.numblocks);
  return NDArray.fromBlock(assemble(grid as Block | Block[], x.shape, x.dtype));
}

function nest(flat: readonly Block[], grid: readonly number[]): unknown {
  if (grid.length === 0) return flat[0];
  const build = (axis: number, start: number, span: number): unknown => {
    if (axis === grid.length) return flat[start];
    const step = span / grid[axis];
    return Array.from({ length: grid[axis] }, (_, i) => build(axis + 1, start + i * step, step));
  };
  return build(0, 0, flat.length);
}

/** A collection whose result is the flat list of the array's blocks. */
function collectionOfBlocks(x: ChunkedArray) {
  const keys = [...blockIndices(x.numblocks)].map((idx) => keyOf(x.name, idx));
  return {
    [COLLECTION]: true as const,
    __tusk_layer: () => x.__tusk_layer(),
    __tusk_keys: () => keys,
    __tusk_finalize: (v: unknown) => v,
    __tusk_rebuild: () => collectionOfBlocks(x),
    __tusk_optimize: x.__tusk_optimize.bind(x),
  };
}

/**
 * Assert that `actual` computes to `expected` with consistent metadata (rules in the header).
 *
 * @example
 * await assertArrayEqual(arange(3).add(1), [1, 2, 3]);
 */
export async function assertArrayEqual(
  actual: ChunkedArray,
  expected: ChunkedArray | NDArray | ArrayLike<number> | readonly unknown[] | number | boolean,
  options: AssertArrayEqualOptions = {},
): Promise<NDArray> {
  if (!(actual instanceof ChunkedArray)) fail('the actual value is not an Array.');
  const got = await computeChecked(actual);
  let want: NDArray;
  if (expected instanceof ChunkedArray) want = await computeChecked(expected);
  else if (expected instanceof NDArray) want = expected;
  else {
    // A typed array or a flat list of numbers is taken as the row-major values of the actual shape.
    const flat =
      ArrayBuffer.isView(expected) ||
      (Array.isArray(expected) && expected.every((v) => typeof v === 'number' || typeof v === 'boolean'));
    const n = flat ? (expected as ArrayLike<unknown>).length : -1;
    if (flat && n !== got.size) fail(`the result has ${got.size} elements, expected ${n}.`, got.size, n);
    want = await computeChecked(fromArray(expected as never, flat ? { shape: [...got.shape] } : {}));
  }
  if (options.dtype !== undefined && got.dtype !== options.dtype) {
    fail(`dtype is ${got.dtype}, expected ${options.dtype}.`, got.dtype, options.dtype);
  }
  const checkDtype = options.checkDtype ?? (expected instanceof ChunkedArray || expected instanceof NDArray);
  if (checkDtype && got.dtype !== want.dtype)
    fail(`dtype is ${got.dtype}, expected ${want.dtype}.`, got.dtype, want.dtype);
  if (got.shape.length !== want.shape.length || got.shape.some((n, a) => n !== want.shape[a])) {
    fail(`shape is (${got.shape.join(', ')}), expected (${want.shape.join(', ')}).`, got.shape, want.shape);
  }
  const rtol = options.rtol ?? 1e-9;
  const atol = options.atol ?? 1e-12;
  const float = isFloat(got.dtype) || isFloat(want.dtype);
  for (let i = 0; i < got.data.length; i++) {
    const a = got.data[i];
    const b = want.data[i];
    const same = float
      ? (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= atol + rtol * Math.abs(b)
      : a === b;
    if (!same) fail(`element ${i} (flat, row-major) is ${a}, expected ${b}.`, a, b);
  }
  return got;
}
