/**
 * Creation: arrays from data (`fromArray`, `fromDelayed`) and from a rule (`zeros`, `ones`, `full`,
 * `empty`, `arange`, `linspace`, `eye`). Rule-made arrays are one task per block that makes the block
 * from its offset, so nothing is allocated until a block is needed. `fromArray` cuts the data into
 * blocks when the array is built (each block a data node of the graph).
 */

import { type Delayed, dataNode, Ref, task } from '@tusk/core';
import { type Block, copyBox, sizeOf } from '../block.js';
import { ChunkedArray } from '../chunked-array.js';
import { blockShape, type ChunksInput, chunkOffsets, normalizeChunks } from '../chunks.js';
import { allocate, arrayClass, type DType, dtypeOfTypedArray, isDType, type TypedArray } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, layerName } from '../graph/build.js';
import { asBlock, eyeBlock, fullBlock, linspaceBlock, rangeBlock } from '../kernels/creation.js';
import { NDArray } from '../nd-array.js';
import { astype } from './astype.js';

/** Options of the creation functions. */
export interface CreationOptions {
  chunks?: ChunksInput;
  dtype?: DType;
}

function checkDType(operation: string, dtype: unknown): DType {
  if (!isDType(dtype)) {
    throw new DTypeError(
      operation,
      dtype,
      `unknown dtype ${JSON.stringify(dtype)}; use one of float64, float32, int32, int16, int8, uint8, uint16, uint32, bool.`,
    );
  }
  return dtype;
}

function checkShape(operation: string, shape: readonly number[] | number): number[] {
  const s = typeof shape === 'number' ? [shape] : [...shape];
  if (!s.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new ShapeError(operation, [s], 'every length of a shape must be a non-negative integer');
  }
  return s;
}

/**
 * An array of `shape` filled with `value`.
 *
 * @example
 * full([2, 3], 7, { chunks: 2 }).compute(); // 2×3 of 7 (float64)
 */
export function full(
  shape: readonly number[] | number,
  value: number,
  options: CreationOptions = {},
): ChunkedArray {
  const s = checkShape('full', shape);
  const dtype = checkDType('full', options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float64'));
  const chunks = normalizeChunks(options.chunks, s, dtype, 'full');
  const name = layerName('full', s, chunks, dtype, value);
  const ref = kernel(fullBlock);
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, ref, [blockShape(chunks, idx), dtype, Number(value)]),
  );
  return new ChunkedArray(name, arrayLayer(name, nodes, []), s, chunks, dtype);
}

/** An array of zeros. */
export function zeros(shape: readonly number[] | number, options: CreationOptions = {}): ChunkedArray {
  return full(shape, 0, options);
}

/** An array of ones. */
export function ones(shape: readonly number[] | number, options: CreationOptions = {}): ChunkedArray {
  return full(shape, 1, options);
}

/** An array whose values do not matter (zeros here: typed arrays always start zeroed). */
export function empty(shape: readonly number[] | number, options: CreationOptions = {}): ChunkedArray {
  return full(shape, 0, options);
}

/**
 * Evenly spaced values in `[start, stop)`: `arange(stop)`, `arange(start, stop, step?)`.
 *
 * @example
 * (await arange(1, 7, 2).compute()).toArray(); // [1, 3, 5]
 */
export function arange(
  a: number,
  b?: number | CreationOptions,
  c?: number | CreationOptions,
  d?: CreationOptions,
): ChunkedArray {
  const nums = [a, b, c].filter((v): v is number => typeof v === 'number');
  const options = ([b, c, d].find((v) => typeof v === 'object') as CreationOptions | undefined) ?? {};
  const [start, stop, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0 || !Number.isFinite(step))
    throw new ShapeError('arange', [], 'step must be a finite non-zero number');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const allInt = [start, stop, step].every(Number.isInteger);
  const dtype = checkDType('arange', options.dtype ?? (allInt ? 'int32' : 'float64'));
  const chunks = normalizeChunks(options.chunks, [n], dtype, 'arange');
  const off = chunkOffsets(chunks[0]);
  const name = layerName('arange', start, step, n, chunks, dtype);
  const ref = kernel(rangeBlock);
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, ref, [start, step, off[idx[0]], chunks[0][idx[0]], dtype]),
  );
  return new ChunkedArray(name, arrayLayer(name, nodes, []), [n], chunks, dtype);
}

/**
 * `num` evenly spaced values from `start` to `stop` (included unless `endpoint: false`).
 *
 * @example
 * (await linspace(0, 1, 5).compute()).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(
  start: number,
  stop: number,
  num = 50,
  options: CreationOptions & { endpoint?: boolean } = {},
): ChunkedArray {
  if (!(Number.isInteger(num) && num >= 0))
    throw new ShapeError('linspace', [], `num must be a non-negative integer, got ${num}`);
  const endpoint = options.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : 0;
  const dtype = checkDType('linspace', options.dtype ?? 'float64');
  const chunks = normalizeChunks(options.chunks, [num], dtype, 'linspace');
  const off = chunkOffsets(chunks[0]);
  const last = endpoint && num > 1 ? num - 1 : -1;
  const name = layerName('linspace', start, stop, num, endpoint, chunks, dtype);
  const ref = kernel(linspaceBlock);
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, ref, [start, step, off[idx[0]], chunks[0][idx[0]], dtype, last, stop]),
  );
  return new ChunkedArray(name, arrayLayer(name, nodes, []), [num], chunks, dtype);
}

/** A 2-D array with ones on diagonal `k` (0: the main one) and zeros elsewhere. */
export function eye(n: number, options: CreationOptions & { m?: number; k?: number } = {}): ChunkedArray {
  const shape = checkShape('eye', [n, options.m ?? n]);
  const dtype = checkDType('eye', options.dtype ?? 'float64');
  const k = options.k ?? 0;
  const chunks = normalizeChunks(options.chunks, shape, dtype, 'eye');
  const ro = chunkOffsets(chunks[0]);
  const co = chunkOffsets(chunks[1]);
  const name = layerName('eye', shape, k, chunks, dtype);
  const ref = kernel(eyeBlock);
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, ref, [blockShape(chunks, idx), dtype, ro[idx[0]], co[idx[1]], k]),
  );
  return new ChunkedArray(name, arrayLayer(name, nodes, []), shape, chunks, dtype);
}

/** Shape and flat values of nested JS arrays (checks they are rectangular). */
function flattenNested(v: unknown): { shape: number[]; values: (number | boolean)[] } {
  const shape: number[] = [];
  let probe = v;
  while (globalThis.Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const values: (number | boolean)[] = [];
  const walk = (x: unknown, axis: number, path: number[]) => {
    if (axis === shape.length) {
      if (typeof x !== 'number' && typeof x !== 'boolean') {
        throw new DTypeError(
          'fromArray',
          typeof x,
          `element [${path.join(', ')}] is ${typeof x}, not a number or boolean.`,
        );
      }
      values.push(x);
      return;
    }
    if (!globalThis.Array.isArray(x) || x.length !== shape[axis]) {
      throw new ShapeError(
        'fromArray',
        [shape],
        `the nested arrays are not rectangular: [${path.join(', ')}] should be an array of length ${shape[axis]}`,
      );
    }
    x.forEach((y, i) => {
      walk(y, axis + 1, [...path, i]);
    });
  };
  walk(v, 0, []);
  return { shape, values };
}

/**
 * An array from in-memory data: a typed array (with `shape`, default 1-D), nested JS arrays, an
 * NDArray, or a single number.
 *
 * @example
 * fromArray([[1, 2], [3, 4]], { chunks: 1 }).chunks; // [[1, 1], [1, 1]]
 * fromArray(new Float32Array(6), { shape: [2, 3] }).dtype; // 'float32'
 */
export function fromArray(
  input: TypedArray | readonly unknown[] | NDArray | Block | number | boolean,
  options: CreationOptions & { shape?: readonly number[] } = {},
): ChunkedArray {
  let shape: number[];
  let dtype: DType;
  let data: TypedArray;
  if (ArrayBuffer.isView(input)) {
    const d = dtypeOfTypedArray(input);
    if (!d)
      throw new DTypeError('fromArray', input.constructor.name, 'this typed array type is not supported.');
    dtype = d;
    data = input as TypedArray;
    shape = options.shape ? checkShape('fromArray', options.shape) : [data.length];
  } else if (
    input instanceof NDArray ||
    (typeof input === 'object' && input !== null && 'data' in input && 'shape' in input)
  ) {
    const b = input as Block;
    dtype = b.dtype;
    data = b.data;
    shape = options.shape ? checkShape('fromArray', options.shape) : [...b.shape];
  } else if (typeof input === 'number' || typeof input === 'boolean' || globalThis.Array.isArray(input)) {
    const { shape: s, values } = flattenNested(input);
    const allBool = values.length > 0 && values.every((x) => typeof x === 'boolean');
    const allInt = values.every((x) => typeof x === 'number' && Number.isInteger(x) && Math.abs(x) < 2 ** 31);
    dtype = allBool ? 'bool' : allInt && values.length > 0 ? 'int32' : 'float64';
    data = new (arrayClass(dtype))(values.length);
    for (let i = 0; i < values.length; i++) data[i] = Number(values[i]);
    shape = options.shape ? checkShape('fromArray', options.shape) : s;
  } else {
    throw new DTypeError(
      'fromArray',
      typeof input,
      'expects a typed array, nested arrays of numbers, or an NDArray.',
    );
  }
  if (sizeOf(shape) !== data.length) {
    throw new ShapeError(
      'fromArray',
      [shape],
      `the data has ${data.length} elements but the shape holds ${sizeOf(shape)}`,
    );
  }
  const chunks = normalizeChunks(options.chunks, shape, dtype, 'fromArray');
  const offs = chunks.map(chunkOffsets);
  const whole: Block = { shape, dtype, data };
  const name = layerName('array', dtype, shape, chunks, data);
  const nodes = gridNodes(name, chunks, (idx, key) => {
    const bs = blockShape(chunks, idx);
    const out: Block = { shape: bs, dtype, data: allocate(dtype, sizeOf(bs)) };
    copyBox(
      whole,
      idx.map((i, a) => offs[a][i]),
      out,
      new globalThis.Array(bs.length).fill(0),
      bs,
    );
    return dataNode(key, out);
  });
  const x = new ChunkedArray(name, arrayLayer(name, nodes, []), shape, chunks, dtype);
  return options.dtype && options.dtype !== dtype ? astype(x, checkDType('fromArray', options.dtype)) : x;
}

/**
 * A one-block array from a Delayed whose value is a block `{shape, dtype, data}` (or an NDArray).
 * The shape and dtype must be given, since nothing has run yet; the value is checked when it arrives.
 */
export function fromDelayed(value: Delayed<unknown>, shape: readonly number[], dtype: DType): ChunkedArray {
  const s = checkShape('fromDelayed', shape);
  const d = checkDType('fromDelayed', dtype);
  const name = layerName('from-delayed', value.key, s, d);
  const chunks = s.map((n) => [n]);
  const key = gridNodes(name, chunks, (_i, k) => task(k, kernel(asBlock), [new Ref(value.key), s, d]));
  return new ChunkedArray(name, arrayLayer(name, key, [value.__tusk_layer()]), s, chunks, d);
}
