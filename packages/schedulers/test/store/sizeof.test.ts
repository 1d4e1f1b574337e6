/**
 * sizeof: exact byte lengths for binary data (typed arrays, buffers, Arrow values), estimates for
 * strings and containers, registrations first and refused twice.
 */

import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RegistryError, TuskError } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import { arrowByteLength, isArrowValue } from '../../src/store/arrow.js';
import { registerSizeof, sizeof } from '../../src/store/sizeof.js';

describe('sizeof: binary data counts its bytes', () => {
  it.each([
    ['Float64Array', new Float64Array(1000), 8000],
    ['Int8Array', new Int8Array(1000), 1000],
    ['BigInt64Array', new BigInt64Array(10), 80],
    ['Uint8ClampedArray', new Uint8ClampedArray(7), 7],
    ['DataView', new DataView(new ArrayBuffer(64), 8, 16), 16],
    ['Buffer', Buffer.alloc(100), 100],
    ['ArrayBuffer', new ArrayBuffer(4096), 4096],
    ['SharedArrayBuffer', new SharedArrayBuffer(512), 512],
    ['a subarray (its own bytes)', new Float64Array(1000).subarray(10, 20), 80],
  ])('%s', (_name, value, bytes) => {
    expect(sizeof(value)).toBe(bytes);
  });
});

describe('sizeof: estimates', () => {
  it('primitives and strings', () => {
    expect(sizeof(1)).toBe(8);
    expect(sizeof(true)).toBe(8);
    expect(sizeof(null)).toBe(8);
    expect(sizeof(undefined)).toBe(8);
    expect(sizeof('')).toBe(16);
    expect(sizeof('x'.repeat(1000))).toBe(1016);
    // Latin-1 strings take one byte per character in V8; one character beyond makes them two-byte.
    expect(sizeof('é'.repeat(1000))).toBe(1016);
    expect(sizeof('€'.repeat(1000))).toBe(2016);
    expect(sizeof(`${'x'.repeat(999)}€`)).toBe(2016);
    expect(sizeof(2n ** 200n)).toBeGreaterThan(16);
  });

  it('containers add their contents to a small overhead', () => {
    const a = new Float64Array(1000);
    expect(sizeof([a])).toBeGreaterThan(8000);
    expect(sizeof([a])).toBeLessThan(8100);
    expect(sizeof({ a, b: 'x'.repeat(100) })).toBeGreaterThan(8100);
    expect(sizeof(new Map([['k', a]]))).toBeGreaterThan(8000);
    expect(sizeof(new Set([a]))).toBeGreaterThan(8000);
    expect(sizeof(Array.from({ length: 1000 }, (_, i) => i))).toBeGreaterThanOrEqual(16 * 1000);
  });

  it('a value reached twice counts once; cycles terminate', () => {
    const a = new Float64Array(1000);
    expect(sizeof([a, a, a])).toBeLessThan(8200);
    const cyclic: Record<string, unknown> = { a };
    cyclic.self = cyclic;
    expect(sizeof(cyclic)).toBeGreaterThan(8000);
    expect(sizeof(cyclic)).toBeLessThan(8200);
  });

  it('large containers are sampled and scaled up, close to the exact total when uniform', () => {
    const arrays = Array.from({ length: 10_000 }, () => new Float64Array(100));
    const exact = 10_000 * 800;
    expect(sizeof(arrays)).toBeGreaterThan(exact);
    expect(sizeof(arrays)).toBeLessThan(exact * 1.05);
    const map = new Map(arrays.map((x, i) => [i, x]));
    expect(sizeof(map)).toBeGreaterThan(exact);
    expect(sizeof(map)).toBeLessThan(exact * 1.1);
    const obj = Object.fromEntries(arrays.map((x, i) => [`k${i}`, x]));
    expect(sizeof(obj)).toBeGreaterThan(exact);
    expect(sizeof(obj)).toBeLessThan(exact * 1.1);
  });
});

describe('sizeof: Arrow values, duck-typed', () => {
  /** A fake Data with the brand symbol, and shape-only look-alikes of Vector, RecordBatch and Table. */
  const data = (bytes: number, children: unknown[] = []) => ({
    [Symbol.for('apache-arrow/Data')]: true,
    type: {},
    length: bytes / 8,
    buffers: [],
    values: new Float64Array(bytes / 8),
    nullBitmap: new Uint8Array(0),
    children,
  });

  it('recognises brands and shapes', () => {
    const d = data(800);
    expect(isArrowValue(d)).toBe(true);
    expect(isArrowValue({ data: [d] })).toBe(true); // a Vector's shape
    expect(isArrowValue({ data: d, schema: {} })).toBe(true); // a RecordBatch's shape
    expect(isArrowValue({ batches: [], schema: {} })).toBe(true); // a Table's shape
    expect(isArrowValue({ [Symbol.for('apache-arrow/Table')]: true, batches: [] })).toBe(true);
    expect(isArrowValue({ data: [1, 2] })).toBe(false);
    expect(isArrowValue({ batches: [] })).toBe(false);
  });

  it('counts the buffers of every Data once, children and dictionaries included', () => {
    const shared = data(80);
    const struct = data(8, [data(800), shared]);
    const table = {
      batches: [
        { data: struct, schema: {} },
        { data: data(160, [shared]), schema: {} },
      ],
      schema: {},
    };
    expect(arrowByteLength(table)).toBe(8 + 800 + 80 + 160);
    expect(sizeof(table)).toBe(8 + 800 + 80 + 160);
    const dict = { ...data(40), dictionary: { data: [data(400)] } };
    expect(arrowByteLength(dict)).toBe(440);
  });

  // The real thing, when apache-arrow is installed for @tusk/dataframe (this package does not depend on it).
  const arrowPath = (() => {
    try {
      const require = createRequire(
        fileURLToPath(new URL('../../../dataframe/package.json', import.meta.url)),
      );
      return require.resolve('apache-arrow');
    } catch {
      return undefined;
    }
  })();

  it('apache-arrow tables, batches and vectors', async () => {
    const arrow = await import(pathToFileURL(arrowPath!).href);
    const table = arrow.tableFromArrays({ x: new Float64Array(1000), y: new Int32Array(1000) });
    expect(isArrowValue(table)).toBe(true);
    expect(sizeof(table)).toBeGreaterThanOrEqual(12_000);
    expect(sizeof(table)).toBeLessThan(12_000 + 1024);
    expect(sizeof(table.batches[0])).toBe(sizeof(table));
    expect(sizeof(table.getChild('x'))).toBeGreaterThanOrEqual(8000);
    expect(sizeof(table.getChild('x'))).toBeLessThan(8000 + 512);
    const strings = arrow.vectorFromArray(['a', 'bb', 'ccc']);
    expect(sizeof(strings)).toBeGreaterThan(6);
  });
});

describe('registerSizeof', () => {
  class Image {
    constructor(
      readonly pixels: Uint8Array,
      readonly name: string,
    ) {}
  }
  interface Sparse {
    readonly kind: 'sparse';
    readonly values: Float64Array;
  }

  it('classes (instanceof) and arrow-function predicates, checked before the built-ins', () => {
    registerSizeof(Image, (img) => img.pixels.byteLength + 1);
    const isSparse = (v: unknown): boolean => (v as Sparse | null)?.kind === 'sparse';
    registerSizeof(isSparse, (s: Sparse) => s.values.byteLength * 2);
    expect(sizeof(new Image(new Uint8Array(100), 'a'))).toBe(101);
    expect(sizeof({ kind: 'sparse', values: new Float64Array(10) })).toBe(160);
    expect(sizeof([new Image(new Uint8Array(100), 'a')])).toBe(16 + 8 + 101);
  });

  it('refuses the same class or predicate twice, and non-functions', () => {
    expect(() => registerSizeof(Image, () => 1)).toThrow(RegistryError);
    expect(() => registerSizeof('x' as never, () => 1)).toThrow(RegistryError);
  });

  it('a registered sizeof that returns something other than bytes is an error', () => {
    class Bad {}
    registerSizeof(Bad, () => Number.NaN);
    expect(() => sizeof(new Bad())).toThrow(TuskError);
    expect(() => sizeof(new Bad())).toThrow(/Bad returned NaN/);
  });
});
