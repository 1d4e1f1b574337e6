/**
 * Dictionary<Utf8, Int32> column builder (dtype 'category'): Int32 indices + a Utf8 dictionary of the
 * distinct values of this partition. Lookups go through a Map for strings (papaparse engine) and, for
 * byte ranges (fast engine), an open-addressing hash table (FNV-1a, linear probing) over the
 * dictionary's own UTF-8 bytes, so no string is created per value. A builder is fed by one engine, so
 * the two lookups never see the same value.
 */

import { type Data, type Dictionary, makeData, makeVector, Utf8 } from 'apache-arrow';
import { type ColumnBuilder, grown, trimmed } from './column-builder.js';
import { Utf8Builder } from './utf8-builder.js';
import { ValidityBuilder } from './validity.js';

/**
 * FNV-1a hash (32-bit, unsigned) of `bytes[start, end)`: the hash the dictionary's byte lookups use.
 *
 * @example
 * hashBytes(new TextEncoder().encode('a'), 0, 1); // 3826002220
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Slots of appendString's cache, minus one. */
const CACHE_MASK = 4095;

/**
 * Builds a dictionary-encoded string column.
 *
 * @example
 * const b = new DictionaryBuilder();
 * for (const s of ['x', 'y', 'x']) b.appendString(s);
 * makeVector(b.finish(new Dictionary(new Utf8(), new Int32()))).toArray(); // ['x', 'y', 'x']
 */
export class DictionaryBuilder implements ColumnBuilder {
  /** Dictionary index of each row (the fast row scanner writes rows in place; replaced when it grows). */
  indices = new Int32Array(1024);
  private readonly validity = new ValidityBuilder();
  private readonly values = new Utf8Builder();
  private readonly byString = new Map<string, number>();
  private readonly cacheKeys: (string | undefined)[] = new Array(CACHE_MASK + 1).fill(undefined);
  private readonly cacheCodes = new Int32Array(CACHE_MASK + 1);
  /** Hash slots: dictionary index + 1, 0 = empty. */
  private slots = new Int32Array(256);
  private hashes = new Uint32Array(256);
  length = 0;

  reserve(rows: number): void {
    if (rows > this.indices.length) this.indices = grown(this.indices, rows);
  }

  private push(index: number): void {
    if (this.length === this.indices.length) this.indices = grown(this.indices, this.length + 1);
    this.indices[this.length++] = index;
  }

  appendString(value: string): void {
    // A direct-mapped cache in front of the Map, slotted by length and last three characters: a
    // fresh string from the tokenizer costs a hash over all its characters in the Map, a few
    // character reads and one comparison here.
    const n = value.length;
    const slot =
      n < 3
        ? n
        : (n * 7 + value.charCodeAt(n - 1) * 961 + value.charCodeAt(n - 2) * 31 + value.charCodeAt(n - 3)) &
          CACHE_MASK;
    if (this.cacheKeys[slot] === value) {
      this.push(this.cacheCodes[slot]);
      return;
    }
    let k = this.byString.get(value);
    if (k === undefined) {
      k = this.values.length;
      this.values.appendString(value);
      this.byString.set(value, k);
    }
    this.cacheKeys[slot] = value;
    this.cacheCodes[slot] = k;
    this.push(k);
  }

  /**
   * The dictionary index of the UTF-8 value `bytes[start, end)` whose FNV-1a hash (`hashBytes`) is
   * `h`, or -1 when it is not in the dictionary yet.
   */
  find(bytes: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.slots;
    const hashes = this.hashes;
    const data = this.values.data;
    const offsets = this.values.offsets;
    const mask = slots.length - 1;
    const len = end - start;
    for (let pos = h & mask; ; pos = (pos + 1) & mask) {
      const entry = slots[pos];
      if (entry === 0) return -1;
      const k = entry - 1;
      if (hashes[k] !== h) continue;
      const at = offsets[k];
      if (offsets[k + 1] - at !== len) continue;
      let i = 0;
      while (i < len && data[at + i] === bytes[start + i]) i++;
      if (i === len) return k;
    }
  }

  /** Append the UTF-8 value in `bytes` from `start` to `end`. */
  appendBytes(bytes: Uint8Array, start: number, end: number): void {
    const h = hashBytes(bytes, start, end);
    const found = this.find(bytes, start, end, h);
    if (found >= 0) {
      this.push(found);
      return;
    }
    const slots = this.slots;
    const k = this.values.length;
    this.values.appendBytes(bytes, start, end);
    if (k === this.hashes.length) this.hashes = grown(this.hashes, k + 1);
    this.hashes[k] = h;
    if ((k + 1) * 2 > slots.length) this.rehash(slots.length * 2);
    else this.insertSlot(h, k);
    this.push(k);
  }

  private insertSlot(h: number, k: number): void {
    const mask = this.slots.length - 1;
    let pos = h & mask;
    while (this.slots[pos] !== 0) pos = (pos + 1) & mask;
    this.slots[pos] = k + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let k = 0; k < this.values.length; k++) this.insertSlot(this.hashes[k], k);
  }

  appendNull(): void {
    this.validity.setNull(this.length);
    this.push(0);
  }

  /** Number of distinct values so far. */
  get distinct(): number {
    return this.values.length;
  }

  finish(type: Dictionary): Data {
    const { nullCount, nullBitmap } = this.validity.finish(this.length);
    const dictionary = makeVector(this.values.finish(new Utf8()));
    return makeData({
      type,
      length: this.length,
      nullCount,
      nullBitmap,
      data: trimmed(this.indices, this.length),
      dictionary,
    });
  }
}
