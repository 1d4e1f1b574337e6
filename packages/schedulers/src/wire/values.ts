/**
 * Encoding values for the trip to a worker and back (see protocol.ts for the markers).
 *
 * `encodeValue` walks plain arrays and plain objects (copy-on-write: the caller's values are never
 * changed) and, on the way:
 *   - replaces Refs by `ref` markers and escapes user objects that have a `$tusk` property;
 *   - hands values a registered codec accepts to that codec (`codec` markers; its `toThread` form
 *     when bound for or coming from a worker thread; for a child process, a value that a
 *     `keepsBytes` codec decoded from bytes is sent as those bytes again, not encoded);
 *   - threads: collects the ArrayBuffers of large typed arrays into the transfer list, so they move
 *     without a copy (unless the sink says to keep them); on the main side, where values belong to
 *     the caller, very large ones are copied once and the copy is transferred;
 *   - processes: writes large typed arrays to spool files (`file` markers) and copies
 *     SharedArrayBuffer-backed ones, which cannot cross a process boundary.
 * `decodeValue` undoes it in place (what it walks is a fresh copy made by structured clone).
 * Class instances, Maps, Sets and Dates are left to structured clone. Walks stop at MAX_DEPTH.
 */

import { isRef, Ref } from '@tusk/core';
import { findCodec, getCodec, hasCodecs } from '../codec/registry.js';
import { type FileMarker, MARK, type Marker } from '../protocol.js';
import { readSpooled, type Spool, unlinkQuietly } from './spool.js';

/** Buffers at least this large are transferred rather than copied (threads). */
export const LARGE_BYTES = 64 * 1024;

/**
 * Main side, threads: buffers at least this large are copied once and the copy transferred,
 * instead of structured-cloned (a clone copies twice: into the message, and out of it).
 */
export const COPY_BYTES = 1024 * 1024;

/** Nesting depth beyond which values are passed as they are. */
const MAX_DEPTH = 64;

/** Values a `keepsBytes` codec decoded from bytes, and those bytes (sent again as they are to processes). */
const decodedFrom = new WeakMap<object, { readonly codec: string; readonly bytes: ArrayBufferView }>();

/**
 * The bytes that value codec `codec` (a `keepsBytes` one) decoded `value` from, if it did: what
 * encoding it again would give, for a spill codec of the same format to write as they are.
 *
 * @example
 * const table = decodeValue(marker); // a table that came from a child process as IPC bytes
 * keptBytesOf(table, 'arrow-table'); // those bytes
 */
export function keptBytesOf(value: object, codec: string): ArrayBufferView | undefined {
  const known = decodedFrom.get(value);
  return known !== undefined && known.codec === codec ? known.bytes : undefined;
}

/** Where an encoding walk puts what it finds. */
export interface ValueSink {
  /** Threads: buffers to transfer. Undefined: copy everything. */
  transfer: Set<ArrayBuffer> | undefined;
  /** Buffers that must not be transferred (still read by another job). */
  keep: ReadonlyMap<ArrayBuffer, number> | undefined;
  /**
   * Main side, threads: large binary values sent as transferred copies, by original (one copy per
   * message, however many jobs read it). A value mapped to itself is sent as is (it is moved).
   */
  copies: Map<object, unknown> | undefined;
  /** Processes: where large buffers go. */
  spool: Spool | undefined;
  /** Set when a marker was written: the receiver must decode. */
  marked: boolean;
  /** Set when a large buffer was seen. */
  large: boolean;
  /** What is being encoded, for error messages: the `part` ('arguments', 'inputs', 'result') of task `key`. */
  part: string;
  key: string;
}

/** A fresh sink. */
export function valueSink(
  options: Partial<Pick<ValueSink, 'transfer' | 'keep' | 'spool' | 'copies'>> = {},
): ValueSink {
  return {
    transfer: options.transfer,
    keep: options.keep,
    copies: options.copies,
    spool: options.spool,
    marked: false,
    large: false,
    part: 'value',
    key: '',
  };
}

function isPlainObject(v: object): boolean {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** A copy of a binary value in fresh, unshared memory (a Node Buffer comes back as a Uint8Array). */
function copyBinary(v: ArrayBufferView | ArrayBuffer | SharedArrayBuffer): ArrayBufferView | ArrayBuffer {
  const bytes = new Uint8Array(v.byteLength);
  bytes.set(ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength) : new Uint8Array(v));
  if (!ArrayBuffer.isView(v)) return bytes.buffer;
  if (v instanceof DataView) return new DataView(bytes.buffer);
  if (Buffer.isBuffer(v)) return bytes;
  const Ctor = v.constructor as new (b: ArrayBuffer) => ArrayBufferView;
  return new Ctor(bytes.buffer);
}

function encodeBinary(v: ArrayBufferView | ArrayBuffer | SharedArrayBuffer, sink: ValueSink): unknown {
  const buffer = ArrayBuffer.isView(v) ? v.buffer : v;
  const shared = buffer instanceof SharedArrayBuffer;
  if (buffer.byteLength >= LARGE_BYTES) sink.large = true;
  const spool = sink.spool;
  if (spool !== undefined) {
    const bytes = v.byteLength;
    if (bytes >= spool.threshold) {
      sink.marked = true;
      return spool.write(v as ArrayBufferView | ArrayBuffer);
    }
    return shared ? copyBinary(v) : v;
  }
  const copies = sink.copies;
  if (copies !== undefined) {
    // Main side: the caller's buffers are never transferred away, only copies (and moved inputs).
    const known = copies.get(v);
    if (known !== undefined || shared || v.byteLength < COPY_BYTES) return known ?? v;
    const copy = copyBinary(v);
    copies.set(v, copy);
    sink.transfer?.add((ArrayBuffer.isView(copy) ? copy.buffer : copy) as ArrayBuffer);
    return copy;
  }
  if (sink.transfer !== undefined && !shared && buffer.byteLength >= LARGE_BYTES && !sink.keep?.has(buffer)) {
    sink.transfer.add(buffer as ArrayBuffer);
  }
  return v;
}

function encodeFields(v: Record<string, unknown>, sink: ValueSink, depth: number): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const k in v) {
    const x = v[k];
    const y = encodeValue(x, sink, depth + 1);
    if (y !== x && out === undefined) out = { ...v };
    if (out !== undefined) out[k] = y;
  }
  return out ?? v;
}

/** Encode `v` for a worker or for the main side; see the module comment. */
export function encodeValue(v: unknown, sink: ValueSink, depth = 0): unknown {
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return v;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) {
    return encodeBinary(v, sink);
  }
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      const y = encodeValue(x, sink, depth + 1);
      if (y !== x && out === undefined) out = v.slice(0, i);
      if (out !== undefined) out.push(y);
    }
    return out ?? v;
  }
  if (isRef(v)) {
    sink.marked = true;
    return { [MARK]: 'ref', key: v.key };
  }
  const plain = isPlainObject(v);
  if (!plain && hasCodecs()) {
    const codec = findCodec(v);
    if (codec !== undefined) {
      sink.marked = true;
      const kept = sink.spool !== undefined ? keptBytesOf(v, codec.name) : undefined;
      const data =
        kept !== undefined
          ? kept
          : sink.spool !== undefined && codec.toProcess !== undefined
            ? codec.toProcess(v, `the ${sink.part} of task '${sink.key}'`)
            : sink.spool === undefined && sink.transfer !== undefined && codec.toThread !== undefined
              ? codec.toThread(v)
              : codec.encode(v);
      return { [MARK]: 'codec', name: codec.name, data: encodeValue(data, sink, depth + 1) };
    }
  }
  if (Object.hasOwn(v, MARK)) {
    sink.marked = true;
    return { [MARK]: 'esc', v: encodeFields({ ...(v as Record<string, unknown>) }, sink, depth) };
  }
  return plain ? encodeFields(v as Record<string, unknown>, sink, depth) : v;
}

function decodeMarker(m: Marker, depth: number): unknown {
  switch (m.$tusk) {
    case 'ref':
      return new Ref(m.key);
    case 'file':
      return readSpooled(m);
    case 'esc':
      return decodeFields(m.v, depth);
    case 'codec': {
      const codec = getCodec(m.name);
      if (codec === undefined) {
        throw new Error(
          `No codec named '${m.name}' is registered here. Register it with registerCodec() in a module ` +
            'that the codec names as its `module`, so that workers import it too.',
        );
      }
      const data = decodeValue(m.data, depth + 1);
      const value = codec.decode(data);
      if (
        codec.keepsBytes === true &&
        ArrayBuffer.isView(data) &&
        typeof value === 'object' &&
        value !== null
      ) {
        decodedFrom.set(value, { codec: codec.name, bytes: data });
      }
      return value;
    }
    default:
      throw new Error(`Unknown value marker ${JSON.stringify((m as { $tusk: unknown }).$tusk)}.`);
  }
}

function decodeFields(v: Record<string, unknown>, depth: number): Record<string, unknown> {
  for (const k in v) {
    const x = v[k];
    if (typeof x === 'object' && x !== null) v[k] = decodeValue(x, depth + 1);
  }
  return v;
}

/** Undo encodeValue, in place (the argument is a fresh structured clone). */
export function decodeValue(v: unknown, depth = 0): unknown {
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'object' && x !== null) v[i] = decodeValue(x, depth + 1);
    }
    return v;
  }
  if (!isPlainObject(v)) return v;
  if (Object.hasOwn(v, MARK)) return decodeMarker(v as Marker, depth);
  return decodeFields(v as Record<string, unknown>, depth);
}

/** Delete the spool files an encoded value refers to, without reading them (for discarded results). */
export function discardValue(v: unknown, depth = 0): void {
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH || ArrayBuffer.isView(v)) return;
  if (Array.isArray(v)) {
    for (const x of v) discardValue(x, depth + 1);
    return;
  }
  if (!isPlainObject(v)) return;
  const mark = (v as Record<string, unknown>)[MARK];
  if (mark === 'file') unlinkQuietly((v as FileMarker).path);
  else if (mark === 'codec') discardValue((v as { data: unknown }).data, depth + 1);
  else for (const k in v) discardValue((v as Record<string, unknown>)[k], depth + 1);
}

/** Push the large ArrayBuffers inside `v` (plain arrays and objects walked) onto `out`. */
export function collectBuffers(v: unknown, out: ArrayBuffer[], depth = 0): void {
  if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return;
  if (ArrayBuffer.isView(v)) {
    if (v.buffer.byteLength >= LARGE_BYTES && v.buffer instanceof ArrayBuffer) out.push(v.buffer);
    return;
  }
  if (v instanceof ArrayBuffer) {
    if (v.byteLength >= LARGE_BYTES) out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) collectBuffers(x, out, depth + 1);
    return;
  }
  if (isPlainObject(v)) for (const k in v) collectBuffers((v as Record<string, unknown>)[k], out, depth + 1);
}
