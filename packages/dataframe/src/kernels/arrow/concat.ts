/**
 * `concatData`: join chunks of one column into a single chunk (one contiguous buffer per column).
 *
 * Dictionary chunks with different dictionaries — typical after partitions cross to workers as IPC,
 * where each gets its own dictionary object — are unified: string dictionaries are merged through a
 * BytesTable (each distinct string once, in first-appearance order) and every chunk's indices are
 * remapped; chunks sharing one dictionary object just concatenate indices. `emptyData` makes a
 * zero-row chunk of any type. Reference: Arrow C++ `Concatenate` and `DictionaryUnifier`.
 */

import {
  type Data,
  type DataType,
  Dictionary,
  Int32,
  makeBuilder,
  makeData,
  Type,
  Vector,
} from 'apache-arrow';
import { DTypeError } from '../../expr/errors.js';
import { bitmapOf, getBit } from './bitmap.js';
import { BytesTable } from './factorize.js';
import { readNumbers } from './numbers.js';
import { dictionaryUtf8, readUtf8 } from './utf8.js';

/**
 * A zero-row chunk of `type`.
 *
 * @example
 * emptyData(new Int32()).length; // 0
 */
export function emptyData<T extends DataType>(type: T): Data<T> {
  if (type.typeId === Type.Dictionary) {
    const dictType = (type as unknown as Dictionary).dictionary;
    const dictionary = new Vector([emptyData(dictType)]);
    return makeData({
      type: type as any,
      length: 0,
      nullCount: 0,
      data: new Int32Array(0),
      dictionary,
    }) as Data<T>;
  }
  const builder = makeBuilder({ type, nullValues: [null, undefined] });
  return builder.finish().flush() as Data<T>;
}

/**
 * The chunks as one chunk of the first chunk's type (dictionaries unified; see module header).
 *
 * @example
 * concatData([a.data[0], b.data[0]]).length; // a.length + b.length
 */
export function concatData<T extends DataType>(chunks: readonly Data<T>[], type?: T): Data<T> {
  if (chunks.length === 0) {
    if (!type) throw new DTypeError('concatData: no chunks and no type.');
    return emptyData(type);
  }
  if (chunks.length === 1) return chunks[0];
  const t = (type ?? chunks[0].type) as T;
  let n = 0;
  for (const c of chunks) n += c.length;
  // validity
  let nullsAny = false;
  for (const c of chunks) if (c.nullCount > 0) nullsAny = true;
  let mask: Uint8Array | null = null;
  if (nullsAny && t.typeId !== Type.Null) {
    mask = new Uint8Array(n);
    let p = 0;
    for (const c of chunks) {
      const bits = c.nullBitmap;
      if (c.nullCount === 0) mask.fill(1, p, p + c.length);
      else if (bits?.length) for (let i = 0; i < c.length; i++) mask[p + i] = getBit(bits, c.offset + i);
      p += c.length;
    }
  }
  const [nullBitmap, nullCount] = bitmapOf(mask, n);

  switch (t.typeId) {
    case Type.Null:
      return makeData({ type: t as any, length: n }) as Data<T>;
    case Type.Bool: {
      const out = new Uint8Array((n + 7) >> 3);
      let p = 0;
      for (const c of chunks) {
        const v = c.values as Uint8Array;
        for (let i = 0; i < c.length; i++, p++) if (getBit(v, c.offset + i)) out[p >> 3] |= 1 << (p & 7);
      }
      return makeData({ type: t as any, length: n, nullCount, nullBitmap, data: out }) as Data<T>;
    }
    case Type.Utf8:
    case Type.Binary: {
      const cols = chunks.map((c) => readUtf8(c));
      let total = 0;
      for (let k = 0; k < chunks.length; k++) total += cols[k].offsets[chunks[k].length] - cols[k].offsets[0];
      const bytes = new Uint8Array(total);
      const offsets = new Int32Array(n + 1);
      let p = 0;
      let row = 0;
      for (let k = 0; k < chunks.length; k++) {
        const c = chunks[k];
        const { offsets: o, bytes: b } = cols[k];
        const base = o[0];
        bytes.set(b.subarray(base, o[c.length]), p);
        for (let i = 1; i <= c.length; i++) offsets[row + i] = p + o[i] - base;
        p += o[c.length] - base;
        row += c.length;
      }
      return makeData({
        type: t as any,
        length: n,
        nullCount,
        nullBitmap,
        valueOffsets: offsets,
        data: bytes,
      }) as Data<T>;
    }
    case Type.Dictionary:
      return concatDictionary(
        chunks as readonly Data[],
        t as unknown as Dictionary,
        n,
        nullCount,
        nullBitmap,
      ) as Data<T>;
    case Type.List: {
      const offsets = new Int32Array(n + 1);
      let row = 0;
      let base = 0;
      const children: Data[] = [];
      for (const c of chunks) {
        const o = c.valueOffsets as Int32Array;
        const start = o[0];
        const end = o[c.length];
        for (let i = 1; i <= c.length; i++) offsets[row + i] = base + o[i] - start;
        children.push(c.children[0].slice(start, end - start));
        base += end - start;
        row += c.length;
      }
      const child = concatData(children, (t as any).children[0].type);
      return makeData({
        type: t as any,
        length: n,
        nullCount,
        nullBitmap,
        valueOffsets: offsets,
        child,
      }) as Data<T>;
    }
    case Type.Struct: {
      const children = (t as any).children.map((f: { type: DataType }, k: number) =>
        concatData(
          chunks.map((c) =>
            c.children[k].length === c.length ? c.children[k] : c.children[k].slice(0, c.length),
          ),
          f.type,
        ),
      );
      return makeData({ type: t as any, length: n, nullCount, nullBitmap, children }) as Data<T>;
    }
    default: {
      // fixed-width: copy the raw bytes of each chunk
      const width =
        (t as unknown as { ArrayType: { BYTES_PER_ELEMENT: number } }).ArrayType.BYTES_PER_ELEMENT *
        chunks[0].stride;
      const out = new Uint8Array(n * width);
      let p = 0;
      for (const c of chunks) {
        if (c.length === 0) continue;
        const v = c.values as unknown as ArrayBufferView;
        out.set(new Uint8Array(v.buffer, v.byteOffset, c.length * width), p);
        p += c.length * width;
      }
      return makeData({ type: t as any, length: n, nullCount, nullBitmap, data: out as any }) as Data<T>;
    }
  }
}

function concatDictionary(
  chunks: readonly Data[],
  t: Dictionary,
  n: number,
  nullCount: number,
  nullBitmap: Uint8Array | undefined,
): Data {
  const dict0 = chunks[0].dictionary;
  const shared = chunks.every((c) => c.dictionary === dict0);
  const isString = t.dictionary.typeId === Type.Utf8 || t.dictionary.typeId === Type.LargeUtf8;
  const out = new Int32Array(n);
  let p = 0;
  let dictionary: Vector;
  if (shared) {
    for (const c of chunks) {
      const idx = readNumbers(c);
      for (let i = 0; i < c.length; i++) out[p++] = idx[i];
    }
    dictionary = dict0!;
  } else if (isString) {
    const union = new BytesTable();
    for (const c of chunks) {
      const { offsets, bytes } = dictionaryUtf8(c);
      const dn = offsets.length - 1;
      const map = new Int32Array(dn);
      for (let d = 0; d < dn; d++) map[d] = union.getOrInsert(bytes, offsets[d], offsets[d + 1]);
      const idx = readNumbers(c);
      const bits = c.nullCount > 0 ? c.nullBitmap : null;
      for (let i = 0; i < c.length; i++) {
        out[p++] = bits && !getBit(bits, c.offset + i) ? 0 : map[idx[i]];
      }
    }
    const offsets = new Int32Array(union.size + 1);
    let total = 0;
    for (let c = 0; c < union.size; c++) {
      total += union.ends[c] - union.starts[c];
      offsets[c + 1] = total;
    }
    // the arena holds the keys back to back in code order
    const bytes = union.arena.slice(0, total);
    dictionary = new Vector([
      makeData({
        type: t.dictionary as any,
        length: union.size,
        nullCount: 0,
        valueOffsets: offsets,
        data: bytes,
      }),
    ]);
  } else {
    let base = 0;
    const dicts: Data[] = [];
    for (const c of chunks) {
      const idx = readNumbers(c);
      for (let i = 0; i < c.length; i++) out[p++] = idx[i] + base;
      for (const d of c.dictionary!.data) dicts.push(d);
      base += c.dictionary!.length;
    }
    dictionary = new Vector([concatData(dicts)]);
  }
  const outType =
    t.indices.bitWidth === 32 && t.indices.isSigned
      ? t
      : new Dictionary(t.dictionary, new Int32(), t.id, t.isOrdered);
  return makeData({ type: outType, length: n, nullCount, nullBitmap, data: out, dictionary });
}
