/**
 * Factorize key columns: map each row to a dense integer code (0, 1, 2, ... in order of first
 * appearance) so equal keys share a code — the engine under groupby, joins, drop_duplicates,
 * value_counts, nunique and dictionary unification.
 *
 * Hash tables are open-addressing (linear probing, power-of-two capacity, load ≤ 1/2) over typed
 * arrays: `NumberTable` keys are doubles; `BytesTable` keys are UTF-8 byte strings copied into one
 * arena, so no JavaScript string is made per row. Fast paths: a dictionary column looks each
 * dictionary entry up once (per-row work is one array read); an integer column with a small value range
 * uses a direct range-indexed cache in front of the table. Several key columns combine their codes
 * pairwise (`a * countB + b`, exact in doubles) through a NumberTable. Several tables can be encoded
 * with the same tables (joins), so equal keys get equal codes across them.
 * Reference: pandas `factorize` / khash; Arrow's hash kernels.
 */

import { type Data, Type } from 'apache-arrow';
import { type DType, isNumberLike, isStringLike, requireDType } from '../../expr/dtype.js';
import { DTypeError } from '../../expr/errors.js';
import { getBit } from './bitmap.js';
import { fmix32, hashBytes, hashNumber } from './hash.js';
import { readNumbers } from './numbers.js';
import { decodeUtf8, dictionaryUtf8, readUtf8 } from './utf8.js';

/** A hash set of doubles assigning dense codes (NaN equals NaN, -0 equals 0). */
export class NumberTable {
  private slots: Int32Array;
  private mask: number;
  /** code → key */
  keys: Float64Array;
  size = 0;
  /** The code handed out by reserveCode (not in the hash slots), or -1. */
  reserved = -1;

  constructor(capacityHint = 16) {
    let cap = 16;
    while (cap < capacityHint * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.keys = new Float64Array(Math.max(8, capacityHint));
  }

  /** The code of `v`, inserting it when new. */
  getOrInsert(v: number): number {
    const slots = this.slots;
    const keys = this.keys;
    let s = hashNumber(v) & this.mask;
    for (;;) {
      const c = slots[s];
      if (c < 0) break;
      const k = keys[c];
      if (k === v || (Number.isNaN(k) && Number.isNaN(v))) return c;
      s = (s + 1) & this.mask;
    }
    const code = this.size++;
    if (code >= keys.length) {
      const next = new Float64Array(keys.length * 2);
      next.set(keys);
      this.keys = next;
    }
    this.keys[code] = v === 0 ? 0 : v;
    slots[s] = code;
    if (this.size * 2 > this.mask) this.grow();
    return code;
  }

  /** A fresh code that no key maps to (the null key's code). */
  reserveCode(): number {
    const code = this.size++;
    if (code >= this.keys.length) {
      const next = new Float64Array(this.keys.length * 2);
      next.set(this.keys);
      this.keys = next;
    }
    this.keys[code] = Number.NaN;
    this.reserved = code;
    return code;
  }

  /** The code of `v`, or -1. */
  find(v: number): number {
    const slots = this.slots;
    const keys = this.keys;
    let s = hashNumber(v) & this.mask;
    for (;;) {
      const c = slots[s];
      if (c < 0) return -1;
      const k = keys[c];
      if (k === v || (Number.isNaN(k) && Number.isNaN(v))) return c;
      s = (s + 1) & this.mask;
    }
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let c = 0; c < this.size; c++) {
      if (c === this.reserved) continue;
      let s = hashNumber(this.keys[c]) & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = c;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** A hash set of byte strings assigning dense codes; keys are copied into an arena. */
export class BytesTable {
  private slots: Int32Array;
  private mask: number;
  arena: Uint8Array;
  private pos = 0;
  /** code → start/end in `arena` */
  starts: Int32Array;
  ends: Int32Array;
  private hashes: Int32Array;
  size = 0;
  /** The code handed out by reserveCode (not in the hash slots), or -1. */
  reserved = -1;

  constructor(capacityHint = 16) {
    let cap = 16;
    while (cap < capacityHint * 2) cap *= 2;
    this.slots = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    const n = Math.max(8, capacityHint);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.hashes = new Int32Array(n);
    this.arena = new Uint8Array(n * 8);
  }

  /** The code of `bytes[s .. e)`, inserting it when new. */
  getOrInsert(bytes: Uint8Array, s: number, e: number): number {
    const h = hashBytes(bytes, s, e);
    const slots = this.slots;
    const arena = this.arena;
    const len = e - s;
    let slot = h & this.mask;
    for (;;) {
      const c = slots[slot];
      if (c < 0) break;
      if (this.hashes[c] === h) {
        const a = this.starts[c];
        if (this.ends[c] - a === len) {
          let k = 0;
          while (k < len && arena[a + k] === bytes[s + k]) k++;
          if (k === len) return c;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    return this.insertAt(slot, h, bytes, s, e);
  }

  /** The code of `bytes[s .. e)`, or -1. */
  find(bytes: Uint8Array, s: number, e: number): number {
    const h = hashBytes(bytes, s, e);
    const len = e - s;
    let slot = h & this.mask;
    for (;;) {
      const c = this.slots[slot];
      if (c < 0) return -1;
      if (this.hashes[c] === h) {
        const a = this.starts[c];
        if (this.ends[c] - a === len) {
          let k = 0;
          while (k < len && this.arena[a + k] === bytes[s + k]) k++;
          if (k === len) return c;
        }
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Codes of all rows of a UTF-8 column (`bytes[offsets[i] .. offsets[i+1])`), inserting new keys;
   * rows whose validity bit (at `bitOffset + i` of `bits`) is 0 get `nullCode`. One tight loop with the
   * table in locals: hash, probe, compare.
   */
  encodeRows(
    offsets: Int32Array,
    bytes: Uint8Array,
    n: number,
    bits: Uint8Array | null,
    bitOffset: number,
    nullCode: number,
    out: Int32Array,
  ): void {
    let slots = this.slots;
    let mask = this.mask;
    let arena = this.arena;
    let starts = this.starts;
    let ends = this.ends;
    let hashes = this.hashes;
    for (let i = 0; i < n; i++) {
      if (bits !== null) {
        const j = bitOffset + i;
        if (((bits[j >> 3] >> (j & 7)) & 1) === 0) {
          out[i] = nullCode;
          continue;
        }
      }
      const s = offsets[i];
      const e = offsets[i + 1];
      let h = 0x811c9dc5;
      for (let j = s; j < e; j++) {
        h ^= bytes[j];
        h = Math.imul(h, 16777619);
      }
      h = fmix32(h ^ (e - s));
      const len = e - s;
      let slot = h & mask;
      let code = -1;
      for (;;) {
        const c = slots[slot];
        if (c < 0) break;
        if (hashes[c] === h) {
          const a = starts[c];
          if (ends[c] - a === len) {
            let k = 0;
            while (k < len && arena[a + k] === bytes[s + k]) k++;
            if (k === len) {
              code = c;
              break;
            }
          }
        }
        slot = (slot + 1) & mask;
      }
      if (code < 0) {
        code = this.insertAt(slot, h, bytes, s, e);
        slots = this.slots;
        mask = this.mask;
        arena = this.arena;
        starts = this.starts;
        ends = this.ends;
        hashes = this.hashes;
      }
      out[i] = code;
    }
  }

  /** A fresh code that no key maps to (the null key's code). */
  reserveCode(): number {
    const code = this.size++;
    if (code >= this.starts.length) {
      const cap = this.starts.length * 2;
      this.starts = grow32(this.starts, cap);
      this.ends = grow32(this.ends, cap);
      this.hashes = grow32(this.hashes, cap);
    }
    this.starts[code] = this.pos;
    this.ends[code] = this.pos;
    this.reserved = code;
    return code;
  }

  /** The key of `code` as a string. */
  decode(code: number): string {
    return decodeUtf8(this.arena, this.starts[code], this.ends[code]);
  }

  private insertAt(slot: number, h: number, bytes: Uint8Array, s: number, e: number): number {
    const code = this.size++;
    if (code >= this.starts.length) {
      const cap = this.starts.length * 2;
      this.starts = grow32(this.starts, cap);
      this.ends = grow32(this.ends, cap);
      this.hashes = grow32(this.hashes, cap);
    }
    const len = e - s;
    if (this.pos + len > this.arena.length) {
      let cap = this.arena.length * 2;
      while (cap < this.pos + len) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.arena.subarray(0, this.pos));
      this.arena = next;
    }
    const arena = this.arena;
    let p = this.pos;
    for (let j = s; j < e; j++) arena[p++] = bytes[j];
    this.starts[code] = this.pos;
    this.ends[code] = p;
    this.hashes[code] = h;
    this.pos = p;
    this.slots[slot] = code;
    if (this.size * 2 > this.mask) this.grow();
    return code;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const slots = new Int32Array(cap).fill(-1);
    const mask = cap - 1;
    for (let c = 0; c < this.size; c++) {
      if (c === this.reserved) continue;
      let s = this.hashes[c] & mask;
      while (slots[s] >= 0) s = (s + 1) & mask;
      slots[s] = c;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grow32(a: Int32Array, cap: number): Int32Array {
  const next = new Int32Array(cap);
  next.set(a);
  return next;
}

/** How a key column is hashed: number-like columns by value, string columns by UTF-8 bytes. */
export type KeyKind = 'number' | 'bytes';

/**
 * The key kind of a dtype, or a DTypeError naming the column.
 *
 * @example
 * keyKind('category', 'k'); // 'bytes'
 */
export function keyKind(d: DType, column: string): KeyKind {
  if (isNumberLike(d)) return 'number';
  if (isStringLike(d)) return 'bytes';
  throw new DTypeError(
    `Column '${column}' (${d}) cannot be used as a key; keys are numbers, bools, dates or strings.`,
    column,
  );
}

/** What to do with null keys: give them code -1 ('drop') or one shared code of their own ('group'). */
export type NullKeys = 'drop' | 'group';

/** Encodes one key column (of one kind) of one or more chunks/tables into shared codes. */
export class KeyEncoder {
  readonly table: NumberTable | BytesTable;
  /** The code of null keys under 'group' (assigned on first sight), else -1. */
  nullCode = -1;

  constructor(readonly kind: KeyKind) {
    this.table = kind === 'number' ? new NumberTable() : new BytesTable();
  }

  /** Number of distinct codes so far (including the null code). */
  get count(): number {
    return this.table.size;
  }

  /** Codes for the rows of `data` (the chunk's dtype must match this encoder's kind). */
  encode(data: Data, nulls: NullKeys, out = new Int32Array(data.length)): Int32Array {
    const n = data.length;
    const bits = data.nullCount > 0 ? data.nullBitmap : null;
    const off = data.offset;
    const isNull = (i: number): boolean =>
      bits !== null && (bits.length === 0 || getBit(bits, off + i) === 0);
    let nullCode = -1;
    if (bits !== null && nulls === 'group') nullCode = this.ensureNullCode();
    if (this.kind === 'bytes') {
      const table = this.table as BytesTable;
      if (data.type.typeId === Type.Dictionary) {
        const dict = dictionaryUtf8(data);
        const dn = dict.offsets.length - 1;
        const map = new Int32Array(dn).fill(-2);
        const idx = readNumbers(data);
        for (let i = 0; i < n; i++) {
          if (bits !== null && isNull(i)) {
            out[i] = nullCode;
            continue;
          }
          const d = idx[i];
          let c = map[d];
          if (c === -2) c = map[d] = table.getOrInsert(dict.bytes, dict.offsets[d], dict.offsets[d + 1]);
          out[i] = c;
        }
      } else {
        const { offsets, bytes } = readUtf8(data);
        const b = bits !== null && bits.length === 0 ? new Uint8Array((n + 7) >> 3) : bits;
        table.encodeRows(offsets, bytes, n, b, bits !== null && bits.length === 0 ? 0 : off, nullCode, out);
      }
      return out;
    }
    const table = this.table as NumberTable;
    const values = readNumbers(data);
    const cache = rangeCache(values, n);
    if (cache) {
      const { lo, map } = cache;
      for (let i = 0; i < n; i++) {
        if (bits !== null && isNull(i)) {
          out[i] = nullCode;
          continue;
        }
        const v = values[i];
        let c = map[v - lo];
        if (c === -2) c = map[v - lo] = table.getOrInsert(v);
        out[i] = c;
      }
      return out;
    }
    for (let i = 0; i < n; i++) {
      out[i] = bits !== null && isNull(i) ? nullCode : table.getOrInsert(values[i]);
    }
    return out;
  }

  private ensureNullCode(): number {
    if (this.nullCode < 0) this.nullCode = this.table.reserveCode();
    return this.nullCode;
  }

  /** The key of a code as a JavaScript value (number or string; null for the null code). */
  keyOf(code: number): number | string | null {
    if (code === this.nullCode) return null;
    return this.kind === 'number'
      ? (this.table as NumberTable).keys[code]
      : (this.table as BytesTable).decode(code);
  }
}

/** A range-indexed code cache for integer typed arrays with a small value range, else null. */
function rangeCache(values: ArrayLike<number>, n: number): { lo: number; map: Int32Array } | null {
  if (
    !(
      values instanceof Int32Array ||
      values instanceof Int16Array ||
      values instanceof Int8Array ||
      values instanceof Uint8Array ||
      values instanceof Uint16Array ||
      values instanceof Uint32Array
    )
  ) {
    return null;
  }
  if (n < 64) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo + 1;
  if (range > Math.max(1 << 16, 2 * n)) return null;
  return { lo, map: new Int32Array(range).fill(-2) };
}

/** Largest key space (product of per-key counts) combined through a direct array instead of a hash table. */
const DIRECT_LIMIT = 1 << 22;

/** Codes of rows of one or more tables over several key columns, and the number of distinct keys. */
export interface Factorized {
  /** Per table, a code per row (-1 = a null key under 'drop'). */
  readonly codes: Int32Array[];
  /** Number of distinct codes. */
  readonly count: number;
  /** For a single key column, the encoder (to read key values back). */
  readonly encoders: KeyEncoder[];
}

/**
 * Factorize key columns. `columns[t][k]` is key column k of table t (one chunk each); all tables are
 * encoded with shared hash tables, so equal keys get equal codes across tables.
 *
 * @example
 * const { codes, count } = factorize([[keyData]], ['bytes'], 'drop');
 */
export function factorize(columns: Data[][], kinds: KeyKind[], nulls: NullKeys): Factorized {
  const nk = kinds.length;
  const encoders = kinds.map((k) => new KeyEncoder(k));
  const perKey: Int32Array[][] = [];
  for (let k = 0; k < nk; k++) perKey.push(columns.map((cols) => encoders[k].encode(cols[k], nulls)));
  if (nk === 1) return { codes: perKey[0], count: encoders[0].count, encoders };
  let codes = perKey[0];
  let count = encoders[0].count;
  for (let k = 1; k < nk; k++) {
    const ck = encoders[k].count;
    if (count * ck <= DIRECT_LIMIT) {
      // small key space: a direct array from (a, b) to a dense code, in first-appearance order
      const direct = new Int32Array(count * ck).fill(-1);
      let size = 0;
      codes = codes.map((a, t) => {
        const b = perKey[k][t];
        const out = new Int32Array(a.length);
        for (let i = 0; i < a.length; i++) {
          const x = a[i];
          const y = b[i];
          if (x < 0 || y < 0) {
            out[i] = -1;
            continue;
          }
          const key = x * ck + y;
          let c = direct[key];
          if (c < 0) c = direct[key] = size++;
          out[i] = c;
        }
        return out;
      });
      count = size;
      continue;
    }
    const table = new NumberTable();
    const next: Int32Array[] = [];
    for (let t = 0; t < columns.length; t++) {
      const a = codes[t];
      const b = perKey[k][t];
      const out = new Int32Array(a.length);
      for (let i = 0; i < a.length; i++) {
        const x = a[i];
        const y = b[i];
        out[i] = x < 0 || y < 0 ? -1 : table.getOrInsert(x * ck + y);
      }
      next.push(out);
    }
    codes = next;
    count = table.size;
  }
  return { codes, count, encoders };
}

/**
 * The key kinds of named columns of a schema-like list of (name, Arrow type).
 *
 * @example
 * keyKinds([['k', new Utf8()]]); // ['bytes']
 */
export function keyKinds(
  fields: readonly { name: string; type: import('apache-arrow').DataType }[],
): KeyKind[] {
  return fields.map((f) => keyKind(requireDType(f.type, f.name), f.name));
}

/**
 * First row of each code (rows with code -1 are skipped); -1 for codes never seen.
 *
 * @example
 * firstRows(Int32Array.of(1, 0, 1), 2); // Int32Array [1, 0]
 */
export function firstRows(codes: Int32Array, count: number): Int32Array {
  const first = new Int32Array(count).fill(-1);
  let seen = 0;
  for (let i = 0; i < codes.length && seen < count; i++) {
    const c = codes[i];
    if (c >= 0 && first[c] < 0) {
      first[c] = i;
      seen++;
    }
  }
  return first;
}
