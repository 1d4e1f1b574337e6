/**
 * The typed-array spill codec: a typed array (or Buffer, or ArrayBuffer) is written as its raw bytes,
 * straight from its own memory, behind a 16-byte header — dtype code (u8), 7 bytes reserved, element
 * count (f64, little-endian). Bytes are in the machine's order: spill files are read back on the
 * machine that wrote them. Reading gives a new array of the same class over a buffer of exactly its
 * size, at offset 0 (a reloaded subarray no longer shares memory with its parent).
 * Reference: NumPy's .npy (a header with dtype and shape, then raw data).
 */

import type { SpillCodec, SpillPayload } from './codecs.js';

type TypedArrayClass = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): ArrayBufferView;
  readonly BYTES_PER_ELEMENT: number;
};

/** Dtype codes written into spill files (never renumber: files outlive code versions only within a run). */
const CLASSES: readonly (TypedArrayClass | undefined)[] = [
  undefined,
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
];
const BUFFER = 12;
const ARRAY_BUFFER = 13;
const META_BYTES = 16;

function dtypeCode(v: unknown): number {
  if (v instanceof ArrayBuffer) return ARRAY_BUFFER;
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return 0;
  if (Buffer.isBuffer(v)) return BUFFER;
  const proto = Object.getPrototypeOf(v);
  for (let i = 1; i < CLASSES.length; i++) if (CLASSES[i]!.prototype === proto) return i;
  return 0;
}

/**
 * Spills Int8Array … BigUint64Array, Uint8ClampedArray, Buffer and ArrayBuffer as raw bytes.
 *
 * @example
 * const { meta, chunks } = typedArrayCodec.encode(Float64Array.of(1, 2)) as SpillPayload;
 * typedArrayCodec.decode(new Uint8Array(chunks[0].buffer.slice(0)), meta!); // Float64Array [1, 2]
 */
export const typedArrayCodec: SpillCodec<ArrayBufferView | ArrayBuffer> = {
  name: 'typed-array',
  test: (v) => dtypeCode(v) !== 0,
  encode(v): SpillPayload {
    const code = dtypeCode(v);
    const meta = new Uint8Array(META_BYTES);
    const view = new DataView(meta.buffer);
    meta[0] = code;
    const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : v;
    const per = code === BUFFER || code === ARRAY_BUFFER ? 1 : CLASSES[code]!.BYTES_PER_ELEMENT;
    view.setFloat64(8, bytes.byteLength / per, true);
    return { meta, chunks: [bytes] };
  },
  decode(payload, meta) {
    const code = meta[0];
    const length = new DataView(meta.buffer, meta.byteOffset, META_BYTES).getFloat64(8, true);
    const buffer = payload.buffer as ArrayBuffer;
    if (code === ARRAY_BUFFER) return buffer.byteLength === payload.byteLength ? buffer : buffer.slice(0);
    if (code === BUFFER) return Buffer.from(buffer, payload.byteOffset, payload.byteLength);
    const cls = CLASSES[code];
    if (cls === undefined) throw new TypeError(`Unknown typed-array dtype code ${code} in a spill file.`);
    return new cls(buffer, payload.byteOffset, length);
  },
};
