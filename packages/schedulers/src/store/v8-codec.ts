/**
 * The v8 spill codec: `v8.serialize` / `v8.deserialize` (the structured-clone wire format) for plain
 * data — primitives, arrays, plain objects, Map, Set, Date, RegExp, boxed primitives, built-in errors,
 * typed arrays, DataViews, ArrayBuffers. It accepts a value only when every object inside it is of a
 * kind the format brings back as the same kind: a class instance would come back as a plain object
 * (its prototype lost), a null-prototype object with Object.prototype, a closure not at all. Such
 * values are not spilled (they stay in memory) unless a codec for them is registered. Arrays are
 * checked element by element; named properties added to an array are not inspected (listing an
 * array's keys would cost a string per element).
 * Reference: HTML structured clone; V8 ValueSerializer (v8/src/objects/value-serializer.cc).
 */

import v8 from 'node:v8';
import type { SpillCodec } from './codecs.js';

const TYPED_PROTOS = new Set<object>(
  [
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
    BigInt64Array,
    BigUint64Array,
    DataView,
    Buffer,
  ].map((c) => c.prototype),
);

const LEAF_PROTOS = new Set<object>([
  Date.prototype,
  RegExp.prototype,
  ArrayBuffer.prototype,
  Number.prototype,
  String.prototype,
  Boolean.prototype,
  BigInt.prototype,
]);

const ERROR_PROTOS = new Set<object>(
  [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError].map((c) => c.prototype),
);

/**
 * Does v8.serialize bring `value` back as the same kinds of objects? (Cycles are fine.)
 *
 * @example
 * roundTripsThroughV8({ a: [1, new Date()] }); // true
 * roundTripsThroughV8({ p: new Point(1, 2) }); // false: it would come back as a plain object
 */
export function roundTripsThroughV8(value: unknown, seen = new Set<object>()): boolean {
  if (typeof value === 'function' || typeof value === 'symbol') return false;
  if (typeof value !== 'object' || value === null) return true;
  if (seen.has(value)) return true;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (TYPED_PROTOS.has(proto) || LEAF_PROTOS.has(proto)) return true;
  if (ERROR_PROTOS.has(proto)) {
    // Only message, stack and cause survive: an error with other own fields (`code`, ...) would lose them.
    const own = Object.getOwnPropertyNames(value);
    return (
      own.every((k) => k === 'message' || k === 'stack' || k === 'cause') &&
      roundTripsThroughV8((value as Error).cause, seen)
    );
  }
  if (value instanceof Map && proto === Map.prototype) {
    for (const [k, v] of value)
      if (!roundTripsThroughV8(k, seen) || !roundTripsThroughV8(v, seen)) return false;
    return true;
  }
  if (value instanceof Set && proto === Set.prototype) {
    for (const v of value) if (!roundTripsThroughV8(v, seen)) return false;
    return true;
  }
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!roundTripsThroughV8(value[i], seen)) return false;
    return true;
  }
  for (const k of Object.keys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, k)!;
    if (d.get || d.set || !roundTripsThroughV8(d.value, seen)) return false;
  }
  return true;
}

/**
 * Spills plain data with v8.serialize.
 *
 * @example
 * const bytes = v8Codec.encode({ a: [1, 2], when: new Date(0) }) as Uint8Array;
 * v8Codec.decode(bytes, new Uint8Array(0)); // { a: [1, 2], when: 1970-01-01T00:00:00.000Z }
 */
export const v8Codec: SpillCodec = {
  name: 'v8',
  test: (v) => roundTripsThroughV8(v),
  encode: (v) => v8.serialize(v),
  decode: (payload) => v8.deserialize(payload),
};
