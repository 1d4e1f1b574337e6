/**
 * `cast(dtype)`: convert values between dtypes.
 *
 * Rules (checked by `canCast` in typecheck.ts):
 *   - number → integer truncates toward zero; NaN/±Infinity become null; out of range throws
 *     OverflowError. number → float copies. number → bool is `x != 0` (NaN → null).
 *   - date/timestamp ↔ date/timestamp converts units (floor to the coarser unit); date/timestamp ↔
 *     number uses the raw epoch count in the dtype's unit (days for 'date').
 *   - anything → string formats: integers and floats as JavaScript prints them, bools as 'true'/'false',
 *     dates as 'YYYY-MM-DD', timestamps as ISO-8601 with 'Z'.
 *   - string → number/bool/date parses (trimmed; bools 'true'/'false'/'1'/'0', case-insensitive; dates
 *     ISO-8601, UTC unless an offset is given); text that does not parse becomes null.
 *   - string ↔ category re-encodes; a category is parsed or formatted once per dictionary entry.
 */

import { BytesTable } from '../../kernels/arrow/factorize.js';
import type { NumArray } from '../../kernels/arrow/numbers.js';
import { decodeUtf8, readUtf8, Utf8Builder } from '../../kernels/arrow/utf8.js';
import { formatIsoMs, MS_PER_DAY, parseIsoMs } from '../datetime.js';
import { type DType, intRange, isInteger, isStringLike, isTemporal, msPerUnit } from '../dtype.js';
import { OverflowError } from '../errors.js';
import type { DictVal, Mask, NumVal, StrVal, Val } from '../values.js';
import { asNumber, narrow } from './arith.js';

/**
 * Convert `a` (of dtype `from`) to dtype `to`.
 *
 * @example
 * cast(strVal, 'string', 'float64', n);
 */
export function cast(a: Val, from: DType, to: DType, n: number): Val {
  if (from === to) return a;
  if (to === 'null' || from === 'null') return { k: 'scalar', dtype: to, value: null };
  if (a.k === 'scalar') return { k: 'scalar', dtype: to, value: castScalar(a.value, from, to) };
  if (to === 'string') return toStr(a, from, n);
  if (to === 'category') {
    const s = a.k === 'str' ? a : (toStr(a, from, n) as StrVal);
    return strToDict(s, n);
  }
  if (isStringLike(from)) return parse(a as StrVal | DictVal, to, n);
  return convertNumbers(asNumber(a) as NumVal, from, to, n);
}

/** Numeric value of `v` (dtype `from`) in dtype `to`, or null. */
function numberTo(v: number, from: DType, to: DType): number | null {
  if (isTemporal(from) && isTemporal(to)) {
    const ms = v * msPerUnit(from);
    return to === 'date' ? Math.floor(ms / MS_PER_DAY) : Math.floor(ms / msPerUnit(to));
  }
  if (to === 'bool') return Number.isNaN(v) ? null : v !== 0 ? 1 : 0;
  if (isInteger(to) || isTemporal(to)) {
    if (!Number.isFinite(v)) return null;
    return Math.trunc(v);
  }
  return v;
}

function castScalar(
  value: number | string | boolean | null,
  from: DType,
  to: DType,
): number | string | boolean | null {
  if (value === null) return null;
  if (to === 'string' || to === 'category')
    return formatValue(typeof value === 'boolean' ? (value ? 1 : 0) : value, from);
  if (typeof value === 'string') return parseValue(value, to);
  const r = numberTo(Number(value), from, to);
  if (r !== null && isInteger(to)) {
    const [lo, hi] = intRange(to);
    if (r < lo || r > hi) throw new OverflowError('cast', to);
  }
  return to === 'bool' && r !== null ? r === 1 : r;
}

function formatValue(v: number | string, from: DType): string {
  if (typeof v === 'string') return v;
  if (from === 'bool') return v ? 'true' : 'false';
  if (isTemporal(from)) return formatIsoMs(v * msPerUnit(from), from === 'date' || from === 'date[ms]');
  return String(v);
}

function parseValue(s: string, to: DType): number | boolean | null {
  const t = s.trim();
  if (to === 'bool') {
    const l = t.toLowerCase();
    return l === 'true' || l === '1' ? true : l === 'false' || l === '0' ? false : null;
  }
  if (isTemporal(to)) {
    const ms = parseIsoMs(t);
    if (Number.isNaN(ms)) return null;
    return to === 'date' ? Math.floor(ms / MS_PER_DAY) : Math.floor(ms / msPerUnit(to));
  }
  if (t === '') return null;
  const v = Number(t);
  if (Number.isNaN(v) && t !== 'NaN') return null;
  if (isInteger(to)) {
    if (!Number.isFinite(v)) return null;
    const r = Math.trunc(v);
    const [lo, hi] = intRange(to);
    if (r < lo || r > hi) throw new OverflowError('cast', to);
    return r;
  }
  return v;
}

function convertNumbers(a: NumVal, from: DType, to: DType, n: number): Val {
  const src = a.v;
  const r = new Float64Array(n);
  let valid: Uint8Array | null = null;
  const setNull = (i: number): void => {
    if (valid === null) valid = a.valid === null ? new Uint8Array(n).fill(1) : Uint8Array.from(a.valid);
    valid[i] = 0;
  };
  if (isTemporal(from) && isTemporal(to)) {
    const f = msPerUnit(from);
    const g = to === 'date' ? MS_PER_DAY : msPerUnit(to);
    if (f === g) r.set(src);
    else for (let i = 0; i < n; i++) r[i] = Math.floor((src[i] * f) / g);
  } else if (to === 'bool') {
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (Number.isNaN(v)) setNull(i);
      r[i] = v !== 0 ? 1 : 0;
    }
  } else if (isInteger(to) || isTemporal(to)) {
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (Number.isFinite(v)) r[i] = Math.trunc(v);
      else if (a.valid === null || a.valid[i]) setNull(i);
    }
  } else r.set(src);
  const mask: Mask = valid ?? a.valid;
  if (to === 'bool') return { k: 'bool', v: Uint8Array.from(r), valid: mask };
  return { k: 'num', dtype: to, v: narrow(r, to, mask, 'cast', n), valid: mask };
}

function toStr(a: Val, from: DType, n: number): Val {
  if (a.k === 'str') return a;
  const b = new Utf8Builder(n);
  if (a.k === 'dict') {
    const { offsets, bytes } = a.dict;
    for (let i = 0; i < n; i++) {
      if (a.valid !== null && !a.valid[i]) b.appendNull();
      else b.appendBytes(bytes, offsets[a.idx[i]], offsets[a.idx[i] + 1]);
    }
    return { k: 'str', col: readUtf8(b.finish()), valid: a.valid };
  }
  const x = asNumber(a) as NumVal;
  const v: NumArray = x.v;
  for (let i = 0; i < n; i++) {
    if (x.valid !== null && !x.valid[i]) b.appendNull();
    else b.appendString(formatValue(v[i], from));
  }
  return { k: 'str', col: readUtf8(b.finish()), valid: x.valid };
}

function strToDict(s: StrVal, n: number): DictVal {
  const table = new BytesTable();
  const idx = new Int32Array(n);
  const { offsets, bytes } = s.col;
  for (let i = 0; i < n; i++) {
    if (s.valid !== null && !s.valid[i]) continue;
    idx[i] = table.getOrInsert(bytes, offsets[i], offsets[i + 1]);
  }
  const dictOffsets = new Int32Array(table.size + 1);
  for (let c = 0; c < table.size; c++) dictOffsets[c + 1] = table.ends[c];
  return { k: 'dict', idx, dict: { offsets: dictOffsets, bytes: table.arena }, valid: s.valid };
}

function parse(a: StrVal | DictVal, to: DType, n: number): Val {
  const out = new Float64Array(n);
  const valid = new Uint8Array(n);
  if (a.k === 'dict') {
    const { offsets, bytes } = a.dict;
    const m = offsets.length - 1;
    const ev = new Float64Array(m);
    const ok = new Uint8Array(m);
    for (let d = 0; d < m; d++) {
      const r = parseValue(decodeUtf8(bytes, offsets[d], offsets[d + 1]), to);
      if (r !== null) {
        ev[d] = Number(r);
        ok[d] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      const d = a.idx[i];
      out[i] = ev[d];
      valid[i] = ok[d] & (a.valid === null ? 1 : a.valid[i]);
    }
  } else {
    const { offsets, bytes } = a.col;
    for (let i = 0; i < n; i++) {
      if (a.valid !== null && !a.valid[i]) continue;
      const r = parseValue(decodeUtf8(bytes, offsets[i], offsets[i + 1]), to);
      if (r !== null) {
        out[i] = Number(r);
        valid[i] = 1;
      }
    }
  }
  if (to === 'bool') return { k: 'bool', v: Uint8Array.from(out), valid };
  return { k: 'num', dtype: to, v: narrow(out, to, valid, 'cast', n), valid };
}
