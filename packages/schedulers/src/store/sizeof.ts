/**
 * sizeof: the bytes a value holds, as the store accounts for them against `memoryLimit`.
 * `--max-old-space-size` does not bound typed-array memory (it lives outside the V8 heap), so this
 * accounting, not V8's, is the budget.
 *
 * Dispatch, first match wins: user registrations (`registerSizeof(ClassOrPredicate, fn)`, in the
 * order registered), then built-ins — typed arrays, DataViews, Buffers and (Shared)ArrayBuffers count
 * their byteLength; Arrow tables / batches / vectors / Data (duck-typed, see arrow.ts) the buffers they
 * reference; strings 16 bytes + one byte per character, or two when any character is outside Latin-1
 * (V8's one-byte and two-byte strings); numbers, booleans, bigints
 * and the like 8–16 bytes; arrays, plain objects, Maps and Sets a small overhead plus their contents,
 * estimated from a sample of 64 entries when larger (as Dask's `sizeof` samples lists); objects
 * reached twice count once. Reference: dask/sizeof.py.
 */

import { RegistryError, TuskError } from '@tusk/core';
import { arrowByteLength, isArrowValue } from './arrow.js';

/**
 * A class whose instances `registerSizeof` matches with `instanceof`.
 *
 * @example
 * const cls: SizeofClass<Image> = Image;
 */
export type SizeofClass<T> = abstract new (...args: any[]) => T;
/**
 * A predicate: pass an arrow function (a function with a `prototype` is taken as a class).
 *
 * @example
 * const isSparse: SizeofPredicate = (v) => (v as Sparse)?.kind === 'sparse';
 */
export type SizeofPredicate = (value: unknown) => boolean;
/**
 * Bytes of one value.
 *
 * @example
 * const bytes: SizeofFn<Image> = (img) => img.pixels.byteLength + 64;
 */
export type SizeofFn<T> = (value: T) => number;

interface Registration {
  readonly match: Function;
  readonly isClass: boolean;
  readonly fn: SizeofFn<any>;
}

const registrations: Registration[] = [];

/** A character outside Latin-1: V8 then stores the whole string with two bytes per character. */
const TWO_BYTE = /[\u0100-\uffff]/;

/** Entries of large containers looked at to estimate the whole. */
const SAMPLE = 64;
/** Nesting followed before counting a nested object as a flat 64 bytes. */
const MAX_DEPTH = 12;

/**
 * Tell the store the size of a user type. `match` is a class (matched with `instanceof`) or an
 * arrow-function predicate. Registering the same class or predicate twice throws RegistryError.
 *
 * @example
 * class Image { constructor(readonly pixels: Uint8Array, readonly name: string) {} }
 * registerSizeof(Image, (img) => img.pixels.byteLength + 64);
 * registerSizeof((v) => v instanceof Sparse, (s: Sparse) => s.values.byteLength + s.indices.byteLength);
 */
export function registerSizeof<T>(match: SizeofClass<T> | SizeofPredicate, fn: SizeofFn<T>): void {
  if (typeof match !== 'function' || typeof fn !== 'function') {
    throw new RegistryError(
      'registerSizeof(match, fn) takes a class or a predicate, and a function returning bytes.',
    );
  }
  if (registrations.some((r) => r.match === match)) {
    throw new RegistryError(`A sizeof for ${match.name || 'this predicate'} is already registered.`);
  }
  const isClass = typeof match.prototype === 'object' && match.prototype !== null;
  registrations.push({ match, isClass, fn });
}

/**
 * Bytes `value` holds (an estimate for plain objects and arrays; exact buffer lengths for binary data).
 *
 * @example
 * sizeof(new Float64Array(1000)); // 8000
 * sizeof('abc'); // 19
 */
export function sizeof(value: unknown): number {
  return measure(value, new Set<object>(), 0);
}

function registered(value: unknown): Registration | undefined {
  for (const r of registrations) {
    if (r.isClass ? value instanceof (r.match as SizeofClass<unknown>) : (r.match as SizeofPredicate)(value))
      return r;
  }
  return undefined;
}

function measure(value: unknown, seen: Set<object>, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 16 + (TWO_BYTE.test(value) ? 2 * value.length : value.length);
    case 'number':
    case 'boolean':
    case 'undefined':
      return 8;
    case 'bigint':
      return 16 + Math.ceil(value.toString(16).length / 2);
    case 'symbol':
    case 'function':
      return 32;
  }
  if (value === null) return 8;
  const obj = value as object;
  if (seen.has(obj)) return 0;
  seen.add(obj);
  if (registrations.length > 0) {
    const r = registered(obj);
    if (r) return checked(r.fn(obj), r);
  }
  if (ArrayBuffer.isView(obj)) return obj.byteLength;
  if (obj instanceof ArrayBuffer || obj instanceof SharedArrayBuffer) return obj.byteLength;
  if (depth >= MAX_DEPTH) return 64;
  if (Array.isArray(obj))
    return 16 + 8 * obj.length + sampleIndexed(obj.length, (i) => measure(obj[i], seen, depth + 1));
  if (obj instanceof Map || obj instanceof Set)
    return 64 + 16 * obj.size + sampleIterable(obj, seen, depth + 1);
  if (obj instanceof Date) return 32;
  if (isArrowValue(obj)) return arrowByteLength(obj);
  const keys = Object.keys(obj);
  const rec = obj as Record<string, unknown>;
  return (
    32 +
    8 * keys.length +
    sampleIndexed(
      keys.length,
      (i) => measure(keys[i], seen, depth + 1) + measure(rec[keys[i]], seen, depth + 1),
    )
  );
}

/** Sum of `size(i)` over n entries; above SAMPLE entries, SAMPLE evenly spaced ones scaled up. */
function sampleIndexed(n: number, size: (i: number) => number): number {
  if (n <= SAMPLE) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += size(i);
    return sum;
  }
  let sum = 0;
  for (let s = 0; s < SAMPLE; s++) sum += size(Math.floor((s * n) / SAMPLE));
  return Math.round((sum * n) / SAMPLE);
}

/** The same over a Map's entries or a Set's items, iterated without copying them. */
function sampleIterable(c: Map<unknown, unknown> | Set<unknown>, seen: Set<object>, depth: number): number {
  const n = c.size;
  const every = n <= SAMPLE ? 1 : n / SAMPLE;
  let next = 0;
  let i = 0;
  let sum = 0;
  let taken = 0;
  const isMap = c instanceof Map;
  for (const item of c) {
    if (i++ < next) continue;
    next += every;
    taken++;
    if (isMap) {
      const [k, v] = item as [unknown, unknown];
      sum += measure(k, seen, depth) + measure(v, seen, depth);
    } else sum += measure(item, seen, depth);
  }
  return taken === n || taken === 0 ? sum : Math.round((sum * n) / taken);
}

function checked(bytes: unknown, r: Registration): number {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) {
    throw new TuskError(
      `The sizeof registered for ${r.match.name || 'a predicate'} returned ${String(bytes)}; it must return a number of bytes ≥ 0.`,
    );
  }
  return bytes;
}
