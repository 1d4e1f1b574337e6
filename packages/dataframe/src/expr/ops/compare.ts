/**
 * Comparison kernels: eq, ne, lt, le, gt, ge → bool.
 *
 * Numbers compare as doubles; dates/timestamps of different units are brought to milliseconds first.
 * Strings compare in code-point order on their UTF-8 bytes. A category column compared with a literal
 * is evaluated once per dictionary entry and then mapped through the indices (one array read per row) —
 * `col('cat').eq('a')` never looks at a string per row. Null on either side gives null.
 */

import { andMasks } from '../../kernels/arrow/bitmap.js';
import type { NumArray } from '../../kernels/arrow/numbers.js';
import { compareBytes, encodeUtf8, type Utf8Column } from '../../kernels/arrow/utf8.js';
import { type DType, isTemporal, msPerUnit } from '../dtype.js';
import type { BoolVal, DictVal, Mask, StrVal, Val } from '../values.js';
import { asNumber, type NumOperand } from './arith.js';

/** A comparison operator. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

const FLIP: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

function test(op: CompareOp, c: number): boolean {
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
    case 'gt':
      return c > 0;
    default:
      return c >= 0;
  }
}

function allNull(n: number): BoolVal {
  return { k: 'bool', v: new Uint8Array(n), valid: new Uint8Array(n) };
}

/**
 * `a op b` for two values the type checker found comparable.
 *
 * @example
 * compare('gt', colVal, { k: 'scalar', dtype: 'int32', value: 3 }, n);
 */
export function compare(op: CompareOp, a: Val, b: Val, n: number): Val {
  if ((a.k === 'scalar' && a.value === null) || (b.k === 'scalar' && b.value === null)) {
    return a.k === 'scalar' && b.k === 'scalar' ? { k: 'scalar', dtype: 'bool', value: null } : allNull(n);
  }
  if (a.k === 'scalar' && b.k === 'scalar') {
    const x = a.value as number | string | boolean;
    const y = b.value as number | string | boolean;
    const c = x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.NaN;
    return { k: 'scalar', dtype: 'bool', value: test(op, c) };
  }
  const isStr = (v: Val): boolean =>
    v.k === 'str' || v.k === 'dict' || (v.k === 'scalar' && typeof v.value === 'string');
  if (isStr(a) || isStr(b)) return compareStrings(op, a, b, n);
  if (a.k === 'scalar') return compare(FLIP[op], b, a, n);
  return compareNumbers(op, asNumber(a), asNumber(b), n);
}

function toMs(v: NumOperand, target: DType | undefined, n: number): NumOperand {
  const d = v.dtype;
  if (!isTemporal(d) || target === undefined || d === target) return v;
  const f = msPerUnit(d);
  if (v.k === 'scalar')
    return { k: 'scalar', dtype: 'timestamp[ms]', value: v.value === null ? null : Number(v.value) * f };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v.v[i] * f;
  return { k: 'num', dtype: 'timestamp[ms]', v: out, valid: v.valid };
}

function compareNumbers(op: CompareOp, a: NumOperand, b: NumOperand, n: number): Val {
  if (isTemporal(a.dtype) && isTemporal(b.dtype) && a.dtype !== b.dtype) {
    a = toMs(a, 'timestamp[ms]', n);
    b = toMs(b, 'timestamp[ms]', n);
  }
  const out = new Uint8Array(n);
  const av = (a as { v: NumArray }).v;
  if (b.k === 'scalar') {
    const s = Number(b.value);
    cmpScalar(op, av, s, out, n);
    return { k: 'bool', v: out, valid: (a as { valid: Mask }).valid };
  }
  const bv = b.v;
  switch (op) {
    case 'eq':
      for (let i = 0; i < n; i++) out[i] = av[i] === bv[i] ? 1 : 0;
      break;
    case 'ne':
      for (let i = 0; i < n; i++) out[i] = av[i] !== bv[i] ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) out[i] = av[i] < bv[i] ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < n; i++) out[i] = av[i] <= bv[i] ? 1 : 0;
      break;
    case 'gt':
      for (let i = 0; i < n; i++) out[i] = av[i] > bv[i] ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = av[i] >= bv[i] ? 1 : 0;
  }
  return { k: 'bool', v: out, valid: andMasks((a as { valid: Mask }).valid, b.valid, n) };
}

function cmpScalar(op: CompareOp, av: NumArray, s: number, out: Uint8Array, n: number): void {
  switch (op) {
    case 'eq':
      for (let i = 0; i < n; i++) out[i] = av[i] === s ? 1 : 0;
      break;
    case 'ne':
      for (let i = 0; i < n; i++) out[i] = av[i] !== s ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) out[i] = av[i] < s ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < n; i++) out[i] = av[i] <= s ? 1 : 0;
      break;
    case 'gt':
      for (let i = 0; i < n; i++) out[i] = av[i] > s ? 1 : 0;
      break;
    default:
      for (let i = 0; i < n; i++) out[i] = av[i] >= s ? 1 : 0;
  }
}

/** Per-entry results of comparing each string of `col` with `lit`. */
function entryTable(op: CompareOp, col: Utf8Column, lit: Uint8Array): Uint8Array {
  const m = col.offsets.length - 1;
  const out = new Uint8Array(m);
  const { offsets, bytes } = col;
  for (let d = 0; d < m; d++)
    out[d] = test(op, compareBytes(bytes, offsets[d], offsets[d + 1], lit, 0, lit.length)) ? 1 : 0;
  return out;
}

/**
 * Map per-dictionary-entry results through the indices of a category value.
 *
 * @example
 * mapEntries(dictVal, Uint8Array.of(1, 0), n);
 */
export function mapEntries(a: DictVal, table: Uint8Array, n: number): BoolVal {
  const out = new Uint8Array(n);
  const idx = a.idx;
  for (let i = 0; i < n; i++) out[i] = table[idx[i]];
  return { k: 'bool', v: out, valid: a.valid };
}

function compareStrings(op: CompareOp, a: Val, b: Val, n: number): Val {
  if (a.k === 'scalar') return compareStrings(FLIP[op], b, a, n);
  if (b.k === 'scalar') {
    const lit = encodeUtf8(String(b.value));
    if (a.k === 'dict') return mapEntries(a, entryTable(op, a.dict, lit), n);
    const { offsets, bytes } = (a as StrVal).col;
    const out = new Uint8Array(n);
    const ll = lit.length;
    if (op === 'eq' || op === 'ne') {
      const want = op === 'eq' ? 1 : 0;
      for (let i = 0; i < n; i++) {
        const s = offsets[i];
        let eq = offsets[i + 1] - s === ll;
        for (let k = 0; eq && k < ll; k++) if (bytes[s + k] !== lit[k]) eq = false;
        out[i] = eq ? want : 1 - want;
      }
    } else {
      for (let i = 0; i < n; i++)
        out[i] = test(op, compareBytes(bytes, offsets[i], offsets[i + 1], lit, 0, ll)) ? 1 : 0;
    }
    return { k: 'bool', v: out, valid: (a as StrVal).valid };
  }
  const [ab, as, ae] = rowRanges(a as StrVal | DictVal, n);
  const [bb, bs, be] = rowRanges(b as StrVal | DictVal, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = test(op, compareBytes(ab, as[i], ae[i], bb, bs[i], be[i])) ? 1 : 0;
  return { k: 'bool', v: out, valid: andMasks((a as StrVal).valid, (b as StrVal).valid, n) };
}

/**
 * Per-row byte ranges of a string or category value: [bytes, starts, ends].
 *
 * @example
 * const [bytes, starts, ends] = rowRanges(val, n);
 */
export function rowRanges(
  v: StrVal | DictVal,
  n: number,
): [Uint8Array, ArrayLike<number>, ArrayLike<number>] {
  if (v.k === 'str') return [v.col.bytes, v.col.offsets, v.col.offsets.subarray(1)];
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const { offsets, bytes } = v.dict;
  const m = offsets.length - 1;
  for (let i = 0; i < n; i++) {
    const d = v.idx[i];
    if (d < m) {
      starts[i] = offsets[d];
      ends[i] = offsets[d + 1];
    }
  }
  return [bytes, starts, ends];
}
