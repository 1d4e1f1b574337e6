/**
 * UTF-8 string columns without per-row JavaScript strings.
 *
 * A string chunk is read as `{ offsets, bytes }` (row i = `bytes[offsets[i] .. offsets[i+1])`); the
 * kernels hash, compare and search those bytes directly. Byte order of UTF-8 is code-point order, so
 * string comparisons everywhere in Tusk use code-point order (JavaScript's `<` uses UTF-16 code units;
 * the two differ only for characters above U+FFFF against U+E000–U+FFFF). `Utf8Builder` assembles new
 * string columns into one growing byte buffer and makes the Arrow Data with `makeData` — never
 * `vectorFromArray`, which costs ~2.5 µs per string. Dictionary strings are decoded once per
 * dictionary and cached (WeakMap keyed by the dictionary Data).
 */

import { type Data, makeData, Type, Utf8 } from 'apache-arrow';
import { DTypeError } from '../../expr/errors.js';
import { bitmapOf } from './bitmap.js';

/** A string chunk's bytes: row i is `bytes[offsets[i] .. offsets[i + 1])`. */
export interface Utf8Column {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encode a string to UTF-8.
 *
 * @example
 * encodeUtf8('é'); // Uint8Array [0xc3, 0xa9]
 */
export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Decode `bytes[start .. end)`; ASCII strings shorter than 32 bytes take a fast path.
 *
 * @example
 * decodeUtf8(encodeUtf8('abc'), 0, 3); // 'abc'
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len < 32) {
    let ascii = true;
    for (let j = start; j < end; j++) {
      if (bytes[j] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      switch (len) {
        case 0:
          return '';
        case 1:
          return String.fromCharCode(bytes[start]);
        case 2:
          return String.fromCharCode(bytes[start], bytes[start + 1]);
        case 3:
          return String.fromCharCode(bytes[start], bytes[start + 1], bytes[start + 2]);
        default: {
          let s = '';
          for (let j = start; j < end; j++) s += String.fromCharCode(bytes[j]);
          return s;
        }
      }
    }
  }
  return decoder.decode(bytes.subarray(start, end));
}

/**
 * The bytes of a Utf8 (or LargeUtf8, converted) chunk.
 *
 * @example
 * const { offsets, bytes } = readUtf8(vectorFromArray(['ab'], new Utf8()).data[0]);
 */
export function readUtf8(data: Data): Utf8Column {
  const t = data.type.typeId;
  if (!data.valueOffsets) return { offsets: new Int32Array(data.length + 1), bytes: new Uint8Array(0) };
  if (t === Type.Utf8 || t === Type.Binary) {
    return {
      offsets: (data.valueOffsets as Int32Array).subarray(0, data.length + 1),
      bytes: data.values as Uint8Array,
    };
  }
  if (t === Type.LargeUtf8 || t === Type.LargeBinary) {
    const big = data.valueOffsets as unknown as BigInt64Array;
    const n = data.length;
    const offsets = new Int32Array(n + 1);
    const last = Number(big[n]);
    if (last > 0x7fffffff)
      throw new DTypeError('LargeUtf8 chunk over 2 GiB is not supported; split the partition.');
    for (let i = 0; i <= n; i++) offsets[i] = Number(big[i]);
    return { offsets, bytes: data.values as Uint8Array };
  }
  throw new DTypeError(`Expected a string column, got Arrow type ${data.type}.`);
}

/**
 * Compare two byte ranges in code-point order: negative, 0 or positive.
 *
 * @example
 * compareBytes(encodeUtf8('a'), 0, 1, encodeUtf8('b'), 0, 1); // -1
 */
export function compareBytes(
  a: Uint8Array,
  as: number,
  ae: number,
  b: Uint8Array,
  bs: number,
  be: number,
): number {
  const la = ae - as;
  const lb = be - bs;
  const n = Math.min(la, lb);
  for (let k = 0; k < n; k++) {
    const d = a[as + k] - b[bs + k];
    if (d !== 0) return d;
  }
  return la - lb;
}

/**
 * Are two byte ranges equal?
 *
 * @example
 * bytesEqual(encodeUtf8('ab'), 0, 2, encodeUtf8('xab'), 1, 3); // true
 */
export function bytesEqual(
  a: Uint8Array,
  as: number,
  ae: number,
  b: Uint8Array,
  bs: number,
  be: number,
): boolean {
  if (ae - as !== be - bs) return false;
  for (let k = 0; as + k < ae; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}

/**
 * Compare two JavaScript strings in code-point order (consistent with `compareBytes` on their UTF-8).
 *
 * @example
 * compareStrings('a', 'b'); // negative
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return fixCodeUnit(x) - fixCodeUnit(y);
  }
  return a.length - b.length;
}

function fixCodeUnit(c: number): number {
  // move surrogates (D800–DFFF, i.e. code points > FFFF) above E000–FFFF
  return c >= 0xd800 ? (c < 0xe000 ? c + 0x2000 : c - 0x800) : c;
}

/** Appends strings into one byte buffer and makes a Utf8 `Data`. */
export class Utf8Builder {
  private bytes: Uint8Array;
  private pos = 0;
  private readonly offsets: Int32Array;
  private readonly valid: Uint8Array;
  private row = 0;
  private nulls = 0;

  /** `rows`: exact number of rows; `byteHint`: expected total bytes (grows as needed). */
  constructor(
    private readonly rows: number,
    byteHint = rows * 8,
  ) {
    this.bytes = new Uint8Array(Math.max(16, byteHint));
    this.offsets = new Int32Array(rows + 1);
    this.valid = new Uint8Array(rows);
  }

  private reserve(extra: number): void {
    if (this.pos + extra <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < this.pos + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
  }

  /** Append `src[start .. end)`. */
  appendBytes(src: Uint8Array, start: number, end: number): void {
    const len = end - start;
    this.reserve(len);
    const b = this.bytes;
    let p = this.pos;
    if (len < 24) for (let j = start; j < end; j++) b[p++] = src[j];
    else {
      b.set(src.subarray(start, end), p);
      p += len;
    }
    this.pos = p;
    this.valid[this.row++] = 1;
    this.offsets[this.row] = p;
  }

  /** Append a JavaScript string. */
  appendString(s: string): void {
    this.reserve(s.length * 3);
    const { written } = encoder.encodeInto(s, this.bytes.subarray(this.pos));
    this.pos += written;
    this.valid[this.row++] = 1;
    this.offsets[this.row] = this.pos;
  }

  /** Append a null. */
  appendNull(): void {
    this.nulls++;
    this.row++;
    this.offsets[this.row] = this.pos;
  }

  /** The Utf8 Data (all rows must have been appended). */
  finish(): Data<Utf8> {
    if (this.row !== this.rows) throw new Error(`Utf8Builder: ${this.row} of ${this.rows} rows appended.`);
    const [nullBitmap, nullCount] = this.nulls ? bitmapOf(this.valid, this.rows) : [undefined, 0];
    return makeData({
      type: new Utf8(),
      length: this.rows,
      nullCount,
      nullBitmap,
      valueOffsets: this.offsets,
      data: this.bytes.subarray(0, this.pos),
    });
  }
}

/**
 * A Utf8 `Data` from JavaScript strings (null = null).
 *
 * @example
 * utf8FromStrings(['a', null]).length; // 2
 */
export function utf8FromStrings(values: readonly (string | null)[]): Data<Utf8> {
  const b = new Utf8Builder(values.length);
  for (const v of values) {
    if (v === null) b.appendNull();
    else b.appendString(v);
  }
  return b.finish();
}

const decodedDictionaries = new WeakMap<object, string[]>();

/**
 * The strings of a dictionary (the `dictionary` Vector of a dictionary chunk), decoded once and cached.
 * Null dictionary entries decode to ''.
 *
 * @example
 * dictionaryStrings(vectorFromArray(['a', 'b'])); // ['a', 'b'] for a dictionary-encoded vector's dictionary
 */
export function dictionaryStrings(dictionary: { data: readonly Data[] }): string[] {
  const key = dictionary.data[0] ?? dictionary;
  const hit = decodedDictionaries.get(key);
  if (hit) return hit;
  const out: string[] = [];
  for (const chunk of dictionary.data) {
    const { offsets, bytes } = readUtf8(chunk);
    for (let i = 0; i < chunk.length; i++) out.push(decodeUtf8(bytes, offsets[i], offsets[i + 1]));
  }
  decodedDictionaries.set(key, out);
  return out;
}

/**
 * The dictionary of a dictionary chunk as one Utf8 column (chunks of the dictionary joined).
 *
 * @example
 * const { offsets, bytes } = dictionaryUtf8(data);
 */
export function dictionaryUtf8(data: Data): Utf8Column {
  const dict = data.dictionary;
  if (!dict) {
    if (data.type.typeId !== Type.Dictionary)
      throw new DTypeError(`Expected a dictionary column, got Arrow type ${data.type}.`);
    return { offsets: new Int32Array(1), bytes: new Uint8Array(0) }; // an empty chunk without a dictionary
  }
  if (dict.data.length === 1) return readUtf8(dict.data[0]);
  const b = new Utf8Builder(dict.length);
  for (const chunk of dict.data) {
    const { offsets, bytes } = readUtf8(chunk);
    for (let i = 0; i < chunk.length; i++) b.appendBytes(bytes, offsets[i], offsets[i + 1]);
  }
  return readUtf8(b.finish());
}
