/**
 * `isIn(values)` and `fillNull(value)`.
 *
 * isIn: numbers go through a Set of doubles; strings through a Set checked once per dictionary entry
 * (category) or a byte-level lookup per row (plain strings, via a BytesTable of the encoded values);
 * dates compare in milliseconds. A null operand gives null (SQL `x IN (...)`), so filters drop it.
 * fillNull: rows that are null take the fill value (a literal or another column of a common dtype); on
 * a category column a literal fill is appended to the dictionary once.
 */

import { BytesTable } from '../../kernels/arrow/factorize.js';
import { encodeUtf8 } from '../../kernels/arrow/utf8.js';
import type { Scalar } from '../ast.js';
import { type DType, isTemporal, msPerUnit } from '../dtype.js';
import type { DictVal, NumVal, StrVal, Val } from '../values.js';
import { asNumber } from './arith.js';
import { cast } from './cast.js';
import { mapEntries } from './compare.js';

/**
 * Membership test against literal values (already coerced by the type checker).
 *
 * @example
 * isIn(val, 'category', ['a', 'b'], n);
 */
export function isIn(a: Val, d: DType, values: readonly Scalar[], n: number): Val {
  const members = values.filter((v) => v !== null);
  if (a.k === 'scalar') {
    if (a.value === null) return { k: 'scalar', dtype: 'bool', value: null };
    const x = isTemporal(d)
      ? Number(a.value) * msPerUnit(d)
      : typeof a.value === 'boolean'
        ? a.value
          ? 1
          : 0
        : a.value;
    return { k: 'scalar', dtype: 'bool', value: members.includes(x) };
  }
  if (a.k === 'str' || a.k === 'dict') {
    const table = new BytesTable();
    for (const m of members) {
      const b = encodeUtf8(String(m));
      table.getOrInsert(b, 0, b.length);
    }
    if (a.k === 'dict') {
      const { offsets, bytes } = a.dict;
      const m = offsets.length - 1;
      const t = new Uint8Array(m);
      for (let k = 0; k < m; k++) t[k] = table.find(bytes, offsets[k], offsets[k + 1]) >= 0 ? 1 : 0;
      return mapEntries(a, t, n);
    }
    const { offsets, bytes } = a.col;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = table.find(bytes, offsets[i], offsets[i + 1]) >= 0 ? 1 : 0;
    return { k: 'bool', v: out, valid: a.valid };
  }
  const x = asNumber(a) as NumVal;
  const set = new Set(members as number[]);
  const f = isTemporal(d) ? msPerUnit(d) : 1;
  const out = new Uint8Array(n);
  const v = x.v;
  if (f === 1) for (let i = 0; i < n; i++) out[i] = set.has(v[i]) ? 1 : 0;
  else for (let i = 0; i < n; i++) out[i] = set.has(v[i] * f) ? 1 : 0;
  return { k: 'bool', v: out, valid: x.valid };
}

/**
 * Replace nulls of `a` (dtype `ad`) by `fill` (dtype `fd`), giving dtype `d`.
 *
 * @example
 * fillNull(val, 'int32', { k: 'scalar', dtype: 'int32', value: 0 }, 'int32', 'int32', n);
 */
export function fillNull(a: Val, ad: DType, fill: Val, fd: DType, d: DType, n: number): Val {
  if (a.k === 'scalar') return a.value === null ? cast(fill, fd, d, n) : cast(a, ad, d, n);
  if (a.valid === null) return cast(a, ad, d, n);
  if (d === 'category' && a.k === 'dict' && fill.k === 'scalar') return fillDict(a, fill.value, n);
  const x = cast(a, ad, d, n);
  const y = cast(fill, fd, d, n);
  const valid = a.valid;
  if (x.k === 'num' || x.k === 'bool') {
    const out = Float64Array.from(x.v);
    let outValid: Uint8Array | null = null;
    if (y.k === 'scalar') {
      if (y.value === null) return x;
      const s = typeof y.value === 'boolean' ? (y.value ? 1 : 0) : Number(y.value);
      for (let i = 0; i < n; i++) if (!valid[i]) out[i] = s;
    } else {
      const yv = (y as NumVal).v;
      const ym = (y as NumVal).valid;
      outValid = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (valid[i]) outValid[i] = 1;
        else {
          out[i] = yv[i];
          outValid[i] = ym === null ? 1 : ym[i];
        }
      }
    }
    if (x.k === 'bool') return { k: 'bool', v: Uint8Array.from(out), valid: outValid };
    const typed = x.v.constructor === Float64Array ? out : (x.v.constructor as any).from(out);
    return { k: 'num', dtype: d, v: typed, valid: outValid };
  }
  // strings: rebuild row by row
  const xs = cast(x, d, 'string', n) as StrVal;
  const ys = y.k === 'scalar' ? y : (cast(y, d, 'string', n) as StrVal);
  const lit = y.k === 'scalar' && y.value !== null ? encodeUtf8(String(y.value)) : null;
  const offsets = new Int32Array(n + 1);
  const parts: Uint8Array[] = [];
  const outValid = new Uint8Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let bytes: Uint8Array | null = null;
    if (valid[i]) bytes = xs.col.bytes.subarray(xs.col.offsets[i], xs.col.offsets[i + 1]);
    else if (lit) bytes = lit;
    else if (ys.k === 'str' && (ys.valid === null || ys.valid[i]))
      bytes = ys.col.bytes.subarray(ys.col.offsets[i], ys.col.offsets[i + 1]);
    if (bytes) {
      parts.push(bytes);
      total += bytes.length;
      outValid[i] = 1;
    }
    offsets[i + 1] = total;
  }
  const out = new Uint8Array(total);
  let p = 0;
  for (const b of parts) {
    out.set(b, p);
    p += b.length;
  }
  const res: StrVal = { k: 'str', col: { offsets, bytes: out }, valid: outValid };
  return d === 'category' ? cast(res, 'string', 'category', n) : res;
}

function fillDict(a: DictVal, value: Scalar, n: number): Val {
  if (value === null) return a;
  const { offsets, bytes } = a.dict;
  const m = offsets.length - 1;
  const lit = encodeUtf8(String(value));
  // reuse an existing entry when the fill value is already in the dictionary
  let code = -1;
  for (let k = 0; k < m && code < 0; k++) {
    if (offsets[k + 1] - offsets[k] !== lit.length) continue;
    let eq = true;
    for (let j = 0; j < lit.length; j++) if (bytes[offsets[k] + j] !== lit[j]) eq = false;
    if (eq) code = k;
  }
  let dict = a.dict;
  let dictVec = a.dictVec;
  if (code < 0) {
    code = m;
    const base = offsets[0];
    const nb = new Uint8Array(offsets[m] - base + lit.length);
    nb.set(bytes.subarray(base, offsets[m]));
    nb.set(lit, offsets[m] - base);
    const no = new Int32Array(m + 2);
    for (let k = 0; k <= m; k++) no[k] = offsets[k] - base;
    no[m + 1] = no[m] + lit.length;
    dict = { offsets: no, bytes: nb };
    dictVec = undefined;
  }
  const idx = new Int32Array(n);
  const valid = a.valid!;
  for (let i = 0; i < n; i++) idx[i] = valid[i] ? a.idx[i] : code;
  return { k: 'dict', idx, dict, valid: null, dictVec };
}
