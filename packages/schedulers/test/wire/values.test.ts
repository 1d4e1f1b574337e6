/**
 * Encoding values for workers (wire/values.ts), without workers: markers for Refs, escaping of
 * user objects that look like markers, transfer lists, buffers kept from transfer, spool files
 * and shared memory for processes. Decoding runs on a structured clone, as a worker would.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isRef, Ref } from '@tusk/core';
import { afterAll, expect, test } from 'vitest';
import { createSpool, makeSpoolDir } from '../../src/wire/spool.js';
import {
  COPY_BYTES,
  decodeValue,
  discardValue,
  encodeValue,
  LARGE_BYTES,
  valueSink,
} from '../../src/wire/values.js';

const dir = makeSpoolDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const roundTrip = (v: unknown, sink = valueSink()) => decodeValue(structuredClone(encodeValue(v, sink)));

test('plain data passes unchanged, without copies', () => {
  const v = { a: [1, 'two', null], b: { c: new Date(0) } };
  const sink = valueSink();
  expect(encodeValue(v, sink)).toBe(v);
  expect(sink.marked).toBe(false);
});

test('Refs become markers and come back as Refs', () => {
  const sink = valueSink();
  const args = [new Ref('a-1'), { nested: [new Ref('b-2')] }];
  const encoded = encodeValue(args, sink) as unknown[];
  expect(sink.marked).toBe(true);
  expect(encoded[0]).toEqual({ $tusk: 'ref', key: 'a-1' });
  expect(args[0]).toBeInstanceOf(Ref);
  const back = decodeValue(structuredClone(encoded)) as [Ref, { nested: Ref[] }];
  expect(isRef(back[0]) && back[0].key).toBe('a-1');
  expect(back[1].nested[0].key).toBe('b-2');
});

test('user objects with a $tusk property are escaped, not taken for markers', () => {
  const tricky = { $tusk: 'ref', key: 'not-a-ref', inner: { $tusk: 'file', path: '/etc/passwd' } };
  expect(roundTrip(tricky)).toEqual(tricky);
  expect(roundTrip([tricky, new Ref('k')])).toEqual([tricky, new Ref('k')]);
});

test('threads: large buffers are listed for transfer, small ones and kept ones are not', () => {
  const big = new Float64Array(LARGE_BYTES / 8);
  const small = new Float64Array(4);
  const kept = new Uint8Array(LARGE_BYTES);
  const shared = new Float64Array(new SharedArrayBuffer(LARGE_BYTES));
  const sink = valueSink({ transfer: new Set(), keep: new Map([[kept.buffer, 1]]) });
  encodeValue({ big, small, list: [kept, shared] }, sink);
  expect([...sink.transfer!]).toEqual([big.buffer]);
  expect(sink.large).toBe(true);
});

test('threads, main side: very large buffers are copied once and the copy transferred', () => {
  const original = new Float64Array(COPY_BYTES / 8).fill(5);
  const sink = valueSink({ transfer: new Set(), copies: new Map() });
  const [a, b] = encodeValue([original, { again: original }], sink) as [
    Float64Array,
    { again: Float64Array },
  ];
  expect(a).not.toBe(original);
  expect(b.again).toBe(a);
  expect([...sink.transfer!]).toEqual([a.buffer]);
  expect(a[0]).toBe(5);
  const mid = new Float64Array(LARGE_BYTES / 8);
  expect(encodeValue(mid, valueSink({ transfer: new Set(), copies: new Map() }))).toBe(mid);
});

test('processes: large buffers go through spool files, read once and deleted', () => {
  const spool = createSpool(dir, 'test', 1000);
  const big = new Int32Array(1000).map((_, i) => i);
  const sink = valueSink({ spool });
  const encoded = encodeValue({ big, small: new Int32Array([1, 2]) }, sink) as { big: { path: string } };
  expect(sink.marked).toBe(true);
  expect(encoded.big).toMatchObject({ $tusk: 'file', type: 'Int32Array', bytes: 4000 });
  const back = decodeValue(structuredClone(encoded)) as { big: Int32Array; small: Int32Array };
  expect(back.big).toEqual(big);
  expect(back.small).toEqual(new Int32Array([1, 2]));
  expect(() => decodeValue(structuredClone(encoded))).toThrow(/ENOENT/);
});

test('processes: discarded results delete their spool files', () => {
  const spool = createSpool(dir, 'discard', 10);
  const encoded = encodeValue([new Float64Array(100)], valueSink({ spool })) as [{ path: string }];
  discardValue(structuredClone(encoded));
  expect(() => decodeValue(structuredClone(encoded))).toThrow(/ENOENT/);
});

test('processes: SharedArrayBuffer-backed arrays are copied (processes share no memory)', () => {
  const shared = new Float64Array(new SharedArrayBuffer(16)).fill(3);
  const encoded = encodeValue(shared, valueSink({ spool: createSpool(dir, 'sab', 1e6) })) as Float64Array;
  expect(encoded.buffer).toBeInstanceOf(ArrayBuffer);
  expect([...encoded]).toEqual([3, 3]);
});

test('a file marker naming a path outside the spool directories is refused, and the file is kept', () => {
  // Markers are data: a job from a queue could carry one. Reading it would read, then delete, the file.
  createSpool(dir, 'refuse', 1); // `dir` is a spool directory of this thread
  const elsewhere = mkdtempSync(join(tmpdir(), 'tusk-not-spool-'));
  try {
    const victim = join(elsewhere, 'keep.bin');
    writeFileSync(victim, new Uint8Array([1, 2, 3, 4]));
    for (const path of [victim, join(dir, '..', basename(elsewhere), 'keep.bin'), `${dir}/../keep.bin`]) {
      const marker = { $tusk: 'file', path, type: 'Uint8Array', bytes: 4 };
      expect(() => decodeValue({ x: marker })).toThrow(/Refusing a spooled value/);
    }
    expect(readFileSync(victim)).toEqual(Buffer.from([1, 2, 3, 4]));
    // Inside a spool directory, a type that is no typed array is refused too.
    expect(() => decodeValue({ $tusk: 'file', path: join(dir, 'x'), type: 'Function', bytes: 4 })).toThrow(
      /unknown type/,
    );
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
