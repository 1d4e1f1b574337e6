/**
 * Spill codecs and spill files: typed arrays as raw bytes (every dtype, exact buffers at offset 0),
 * plain data through v8.serialize (only what round-trips faithfully), codecs registered by name — a
 * fake columnar table type stands in for Arrow IPC — and the file format's own checks.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RegistryError } from '@tusk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { codecFor, codecNamed, registerSpillCodec, type SpillPayload } from '../../src/store/codecs.js';
import { readSpillFile, writeSpillFile } from '../../src/store/spill-file.js';
import { typedArrayCodec } from '../../src/store/typed-array-codec.js';
import { roundTripsThroughV8, v8Codec } from '../../src/store/v8-codec.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-codec-test-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Write `value` with the codec codecFor picks, read it back. */
function roundTrip<T>(value: T): T {
  const codec = codecFor(value);
  if (codec === undefined) throw new Error('no codec');
  const file = path.join(dir, `${++n}.spill`);
  writeSpillFile(file, codec, value);
  return readSpillFile(file).value as T;
}

describe('typed-array codec', () => {
  const cases: [string, ArrayBufferView | ArrayBuffer][] = [
    ['Int8Array', Int8Array.of(-1, 2, -3)],
    ['Uint8Array', Uint8Array.of(1, 2, 255)],
    ['Uint8ClampedArray', Uint8ClampedArray.of(0, 128, 255)],
    ['Int16Array', Int16Array.of(-300, 300)],
    ['Uint16Array', Uint16Array.of(65535)],
    ['Int32Array', Int32Array.of(-(2 ** 31), 2 ** 31 - 1)],
    ['Uint32Array', Uint32Array.of(2 ** 32 - 1)],
    ['Float32Array', Float32Array.of(1.5, Number.NaN, -0)],
    ['Float64Array', Float64Array.of(Math.PI, Number.POSITIVE_INFINITY, 5e-324)],
    ['BigInt64Array', BigInt64Array.of(-(2n ** 63n), 42n)],
    ['BigUint64Array', BigUint64Array.of(2n ** 64n - 1n)],
    ['Buffer', Buffer.from('hello')],
    ['ArrayBuffer', Uint8Array.of(9, 8, 7).buffer],
    ['empty Float64Array', new Float64Array(0)],
  ];

  it.each(cases)('%s round-trips as the same class and contents', (_name, value) => {
    expect(codecFor(value)).toBe(typedArrayCodec);
    const back = roundTrip(value);
    expect(Object.getPrototypeOf(back)).toBe(Object.getPrototypeOf(value));
    expect(back).toEqual(value);
  });

  it('a subarray comes back as its own exact buffer, at offset 0', () => {
    const big = new Float64Array(1000).map((_, i) => i);
    const back = roundTrip(big.subarray(100, 110));
    expect(back).toEqual(Float64Array.from({ length: 10 }, (_, i) => 100 + i));
    expect(back.byteOffset).toBe(0);
    expect(back.buffer.byteLength).toBe(80);
  });

  it('writes the header then the raw bytes, straight from the array', () => {
    const { meta, chunks } = typedArrayCodec.encode(Float64Array.of(1, 2)) as SpillPayload;
    expect(meta!.byteLength).toBe(16);
    expect(chunks).toHaveLength(1);
    const file = path.join(dir, 'layout.spill');
    writeSpillFile(file, typedArrayCodec, Float64Array.of(1, 2));
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('TUSKSPIL');
    const headerBytes = bytes.readUInt32LE(8);
    expect(headerBytes % 8).toBe(0);
    expect(bytes.byteLength).toBe(headerBytes + 16);
    const start = bytes.byteOffset + headerBytes;
    expect(new Float64Array(bytes.buffer.slice(start, start + 16))).toEqual(Float64Array.of(1, 2));
  });

  it('DataViews and typed-array subclasses are not its business', () => {
    class Tagged extends Float64Array {}
    expect(typedArrayCodec.test(new DataView(new ArrayBuffer(8)))).toBe(false);
    expect(typedArrayCodec.test(new Tagged(2))).toBe(false);
    expect(codecFor(new Tagged(2))).toBeUndefined();
  });
});

describe('v8 codec', () => {
  it('round-trips plain data with nested binary data, Maps, Sets, Dates, errors and cycles', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const value = {
      list: [1, 'two', null, undefined, 3n, true],
      f64: Float64Array.of(1, 2),
      map: new Map<unknown, unknown>([['k', { deep: [new Set([1, 2])] }]]),
      when: new Date(0),
      re: /a+/gi,
      err: new TypeError('bad', { cause: 'why' }),
      cyclic,
    };
    expect(codecFor(value)).toBe(v8Codec);
    const back = roundTrip(value);
    expect(back.list).toEqual(value.list);
    expect(back.f64).toEqual(value.f64);
    expect(back.map).toEqual(value.map);
    expect(back.when).toEqual(value.when);
    expect(back.re).toEqual(value.re);
    expect(back.err).toBeInstanceOf(TypeError);
    expect(back.err.cause).toBe('why');
    expect((back.cyclic as Record<string, unknown>).self).toBe(back.cyclic);
  });

  it.each([
    ['a class instance (its prototype would be lost)', new (class Point {})()],
    ['a class instance inside plain data', { items: [new (class Point {})()] }],
    ['a function', { f: () => 1 }],
    ['a null-prototype object', Object.create(null)],
    ['an object with symbol keys', { [Symbol('s')]: 1 }],
    ['an object with a getter', Object.defineProperty({}, 'g', { get: () => 1, enumerable: true })],
    ['an error with extra fields', Object.assign(new Error('e'), { code: 'E' })],
    ['an Error subclass', new (class MyError extends Error {})('e')],
    ['a Map with a class instance', new Map([[1, new (class X {})()]])],
  ])('refuses %s: no codec, so it stays in memory', (_name, value) => {
    expect(roundTripsThroughV8(value)).toBe(false);
    expect(codecFor(value)).toBeUndefined();
  });
});

describe('registerSpillCodec', () => {
  /** A columnar table of our own, standing in for Arrow: a codec writes it as one buffer per column. */
  class FakeTable {
    constructor(readonly columns: Map<string, Float64Array>) {}
  }
  const encoded: string[] = [];
  const fakeCodec = {
    name: 'fake-table',
    test: (v: unknown) => v instanceof FakeTable,
    encode(t: FakeTable): SpillPayload {
      encoded.push('fake');
      const names = [...t.columns.keys()];
      const meta = Buffer.from(JSON.stringify(names.map((k) => [k, t.columns.get(k)!.length])));
      return { meta, chunks: names.map((k) => t.columns.get(k)!) };
    },
    decode(payload: Uint8Array, meta: Uint8Array): FakeTable {
      const layout = JSON.parse(Buffer.from(meta).toString()) as [string, number][];
      const columns = new Map<string, Float64Array>();
      let at = 0;
      for (const [k, len] of layout) {
        columns.set(k, new Float64Array(payload.buffer, payload.byteOffset + at, len));
        at += len * 8;
      }
      return new FakeTable(columns);
    },
  };

  it('spills a type of its own through the registered codec (several chunks + a meta header)', () => {
    const table = new FakeTable(
      new Map([
        ['x', Float64Array.of(1, 2, 3)],
        ['y', Float64Array.of(4, 5, 6)],
      ]),
    );
    expect(codecFor(table)).toBeUndefined();
    registerSpillCodec(fakeCodec);
    expect(codecFor(table)).toBe(fakeCodec);
    expect(codecNamed('fake-table')).toBe(fakeCodec);
    const back = roundTrip(table);
    expect(back).toBeInstanceOf(FakeTable);
    expect(back.columns).toEqual(table.columns);
    expect(encoded).toEqual(['fake']);
  });

  it('refuses duplicates (the built-ins included), empty or long names, and missing functions', () => {
    expect(() => registerSpillCodec({ ...fakeCodec })).toThrow(RegistryError);
    expect(() => registerSpillCodec({ ...fakeCodec, name: 'v8' })).toThrow(RegistryError);
    expect(() => registerSpillCodec({ ...fakeCodec, name: 'typed-array' })).toThrow(RegistryError);
    expect(() => registerSpillCodec({ ...fakeCodec, name: '' })).toThrow(RegistryError);
    expect(() => registerSpillCodec({ ...fakeCodec, name: 'x'.repeat(65) })).toThrow(RegistryError);
    expect(() => registerSpillCodec({ ...fakeCodec, name: 'no-decode', decode: undefined as never })).toThrow(
      /no decode/,
    );
  });

  it('registered codecs are asked before the built-ins', () => {
    const marker = { name: 'all-float64', test: (v: unknown) => v instanceof Float64Array, ...passThrough() };
    registerSpillCodec(marker);
    expect(codecFor(new Float64Array(1))).toBe(marker);
    expect(codecFor(new Int8Array(1))).toBe(typedArrayCodec);
  });
});

function passThrough() {
  return {
    encode: (v: Float64Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength),
    decode: (p: Uint8Array) => new Float64Array(p.buffer, p.byteOffset, p.byteLength / 8),
  };
}

describe('spill files', () => {
  it('a file that is not a spill file, a truncated one, and one from an unknown codec are refused', () => {
    const junk = path.join(dir, 'junk.spill');
    fs.writeFileSync(junk, 'hello, this is not a spill file at all');
    expect(() => readSpillFile(junk)).toThrow(/not a Tusk spill file/);

    const file = path.join(dir, 'trunc.spill');
    writeSpillFile(file, typedArrayCodec, new Float64Array(1000));
    fs.truncateSync(file, fs.statSync(file).size - 8);
    expect(() => readSpillFile(file)).toThrow(/truncated/);

    const unknown = path.join(dir, 'unknown.spill');
    writeSpillFile(unknown, typedArrayCodec, new Float64Array(4));
    const bytes = fs.readFileSync(unknown);
    bytes.write('tYped-array', 24, 'utf8');
    fs.writeFileSync(unknown, bytes);
    expect(() => readSpillFile(unknown)).toThrow(/codec 'tYped-array', which is not registered/);
  });

  it('a codec meta header above 2 KiB is refused before anything is written', () => {
    const huge = {
      name: 'huge',
      test: () => false,
      encode: () => ({ meta: new Uint8Array(4096), chunks: [] }),
      decode: () => 0,
    };
    const file = path.join(dir, 'huge.spill');
    expect(() => writeSpillFile(file, huge, 1)).toThrow(/at most 2048/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
