/**
 * String functions on UTF-8 bytes: lower, upper, contains, startsWith, endsWith, length, slice.
 *
 * On a category column every function runs once per dictionary entry: lower/upper/slice return a new
 * dictionary with the same indices, predicates and length are mapped through the indices. On plain
 * strings the loops work on the bytes: ASCII rows are case-mapped byte by byte (other rows go through
 * `toLowerCase`/`toUpperCase`), substring tests are byte searches (exact for UTF-8), `length` counts
 * code points (bytes that are not continuation bytes) and `slice` cuts at code-point boundaries.
 */

import { decodeUtf8, encodeUtf8, readUtf8, Utf8Builder, type Utf8Column } from '../../kernels/arrow/utf8.js';
import type { DictVal, StrVal, Val } from '../values.js';
import { mapEntries } from './compare.js';

type StrOperand = StrVal | DictVal;

function mapColumn(
  col: Utf8Column,
  m: number,
  valid: Uint8Array | null,
  f: (b: Utf8Builder, bytes: Uint8Array, s: number, e: number) => void,
): Utf8Column {
  const { offsets, bytes } = col;
  const b = new Utf8Builder(m, offsets[m] - offsets[0]);
  for (let i = 0; i < m; i++) {
    if (valid !== null && !valid[i]) b.appendNull();
    else f(b, bytes, offsets[i], offsets[i + 1]);
  }
  return readUtf8(b.finish());
}

/** Apply a per-string transform to a string or category value. */
function transform(
  a: Val,
  n: number,
  f: (b: Utf8Builder, bytes: Uint8Array, s: number, e: number) => void,
): Val {
  if (a.k === 'scalar') return a;
  const x = a as StrOperand;
  if (x.k === 'dict') {
    const m = x.dict.offsets.length - 1;
    return { k: 'dict', idx: x.idx, dict: mapColumn(x.dict, m, null, f), valid: x.valid };
  }
  return { k: 'str', col: mapColumn(x.col, n, x.valid, f), valid: x.valid };
}

function caseMap(upper: boolean) {
  const lo = upper ? 0x61 : 0x41; // 'a' or 'A'
  const hi = upper ? 0x7a : 0x5a;
  const delta = upper ? -32 : 32;
  return (b: Utf8Builder, bytes: Uint8Array, s: number, e: number): void => {
    let ascii = true;
    for (let j = s; j < e; j++) {
      if (bytes[j] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      const str = decodeUtf8(bytes, s, e);
      b.appendString(upper ? str.toUpperCase() : str.toLowerCase());
      return;
    }
    const tmp = scratch(e - s);
    for (let j = s; j < e; j++) {
      const c = bytes[j];
      tmp[j - s] = c >= lo && c <= hi ? c + delta : c;
    }
    b.appendBytes(tmp, 0, e - s);
  };
}

let scratchBuf = new Uint8Array(256);
function scratch(len: number): Uint8Array {
  if (scratchBuf.length < len) scratchBuf = new Uint8Array(len * 2);
  return scratchBuf;
}

/**
 * lower / upper.
 *
 * @example
 * changeCase(val, false, n); // lower-case
 */
export function changeCase(a: Val, upper: boolean, n: number): Val {
  if (a.k === 'scalar') {
    return {
      ...a,
      value: a.value === null ? null : upper ? String(a.value).toUpperCase() : String(a.value).toLowerCase(),
    };
  }
  return transform(a, n, caseMap(upper));
}

/** Index of `pat` in `bytes[s .. e)`, or -1. */
function indexOf(bytes: Uint8Array, s: number, e: number, pat: Uint8Array): number {
  const m = pat.length;
  if (m === 0) return s;
  const first = pat[0];
  const last = e - m;
  for (let j = s; j <= last; j++) {
    if (bytes[j] !== first) continue;
    let k = 1;
    while (k < m && bytes[j + k] === pat[k]) k++;
    if (k === m) return j;
  }
  return -1;
}

function matcher(op: 'contains' | 'startsWith' | 'endsWith', pat: Uint8Array) {
  const m = pat.length;
  switch (op) {
    case 'contains':
      return (bytes: Uint8Array, s: number, e: number): number => (indexOf(bytes, s, e, pat) >= 0 ? 1 : 0);
    case 'startsWith':
      return (bytes: Uint8Array, s: number, e: number): number => {
        if (e - s < m) return 0;
        for (let k = 0; k < m; k++) if (bytes[s + k] !== pat[k]) return 0;
        return 1;
      };
    default:
      return (bytes: Uint8Array, s: number, e: number): number => {
        if (e - s < m) return 0;
        const b = e - m;
        for (let k = 0; k < m; k++) if (bytes[b + k] !== pat[k]) return 0;
        return 1;
      };
  }
}

/** Evaluate a per-string number-valued function over a string or category value. */
function perString(
  a: StrOperand,
  n: number,
  f: (bytes: Uint8Array, s: number, e: number) => number,
  out: Uint8Array | Int32Array,
): void {
  if (a.k === 'dict') {
    const { offsets, bytes } = a.dict;
    const m = offsets.length - 1;
    const table = out instanceof Uint8Array ? new Uint8Array(m) : new Int32Array(m);
    for (let d = 0; d < m; d++) table[d] = f(bytes, offsets[d], offsets[d + 1]);
    for (let i = 0; i < n; i++) out[i] = table[a.idx[i]];
    return;
  }
  const { offsets, bytes } = a.col;
  for (let i = 0; i < n; i++) out[i] = f(bytes, offsets[i], offsets[i + 1]);
}

/**
 * contains / startsWith / endsWith with a literal pattern.
 *
 * @example
 * match(val, 'contains', 'ab', n);
 */
export function match(a: Val, op: 'contains' | 'startsWith' | 'endsWith', pattern: string, n: number): Val {
  if (a.k === 'scalar') {
    if (a.value === null) return { k: 'scalar', dtype: 'bool', value: null };
    const s = String(a.value);
    const value =
      op === 'contains'
        ? s.includes(pattern)
        : op === 'startsWith'
          ? s.startsWith(pattern)
          : s.endsWith(pattern);
    return { k: 'scalar', dtype: 'bool', value };
  }
  const x = a as StrOperand;
  const f = matcher(op, encodeUtf8(pattern));
  if (x.k === 'dict') {
    const { offsets, bytes } = x.dict;
    const m = offsets.length - 1;
    const table = new Uint8Array(m);
    for (let d = 0; d < m; d++) table[d] = f(bytes, offsets[d], offsets[d + 1]);
    return mapEntries(x, table, n);
  }
  const out = new Uint8Array(n);
  perString(x, n, f, out);
  return { k: 'bool', v: out, valid: x.valid };
}

function codePoints(bytes: Uint8Array, s: number, e: number): number {
  let c = 0;
  for (let j = s; j < e; j++) if ((bytes[j] & 0xc0) !== 0x80) c++;
  return c;
}

/**
 * Length in code points (int32).
 *
 * @example
 * strLength(val, n);
 */
export function strLength(a: Val, n: number): Val {
  if (a.k === 'scalar')
    return { k: 'scalar', dtype: 'int32', value: a.value === null ? null : [...String(a.value)].length };
  const x = a as StrOperand;
  const out = new Int32Array(n);
  perString(x, n, codePoints, out);
  return { k: 'num', dtype: 'int32', v: out, valid: x.valid };
}

/** Byte position of code point `cp` in `bytes[s .. e)` (e when past the end). */
function byteAt(bytes: Uint8Array, s: number, e: number, cp: number): number {
  let c = 0;
  for (let j = s; j < e; j++) {
    if ((bytes[j] & 0xc0) !== 0x80) {
      if (c === cp) return j;
      c++;
    }
  }
  return e;
}

/**
 * Substring by code points, `String.prototype.slice` semantics (negative = from the end).
 *
 * @example
 * sliceStr(val, 0, 3, n);
 */
export function sliceStr(a: Val, start: number, end: number | undefined, n: number): Val {
  if (a.k === 'scalar') {
    if (a.value === null) return a;
    return { ...a, value: [...String(a.value)].slice(start, end).join('') };
  }
  return transform(a, n, (b, bytes, s, e) => {
    const len = start < 0 || (end !== undefined && end < 0) ? codePoints(bytes, s, e) : 0;
    let from = start < 0 ? Math.max(0, len + start) : start;
    let to = end === undefined ? Number.POSITIVE_INFINITY : end < 0 ? Math.max(0, len + end) : end;
    if (to < from) to = from;
    from = byteAt(bytes, s, e, from);
    const stop = to === Number.POSITIVE_INFINITY ? e : byteAt(bytes, s, e, to);
    b.appendBytes(bytes, from, Math.max(from, stop));
  });
}
