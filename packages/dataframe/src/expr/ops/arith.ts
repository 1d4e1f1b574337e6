/**
 * Arithmetic kernels: add, sub, mul, div, mod, neg over number columns and literals.
 *
 * Every operation computes in float64 in one tight loop (column∘column, column∘literal and
 * literal∘column are separate loops, so no literal is ever broadcast into a column), then `narrow`
 * stores the result in the dtype chosen by the type checker, checking integer ranges on valid rows
 * (OverflowError, never silent wrap-around). `mod` follows pandas/Python: the result takes the sign of
 * the divisor; integer mod 0 is null, float mod 0 is NaN. Nulls propagate.
 */

import { andMasks } from '../../kernels/arrow/bitmap.js';
import type { NumArray } from '../../kernels/arrow/numbers.js';
import { type DType, intRange, is64Bit, isInteger } from '../dtype.js';
import { OverflowError } from '../errors.js';
import type { Mask, NumVal, ScalarVal, Val } from '../values.js';

/** A number operand: a number column or a number/null literal. */
export type NumOperand = NumVal | ScalarVal;

/** View a bool Val as numbers (0/1); pass numbers and scalars through. */
export function asNumber(v: Val): NumOperand {
  if (v.k === 'bool') return { k: 'num', dtype: 'bool', v: v.v, valid: v.valid };
  if (v.k === 'scalar') return typeof v.value === 'boolean' ? { ...v, value: v.value ? 1 : 0 } : v;
  if (v.k === 'num') return v;
  throw new TypeError(`internal: expected a number value, got ${v.k}`);
}

/**
 * Store float64 results `r` as dtype `d`: floats pass through; integers are range-checked on valid rows.
 *
 * @example
 * narrow(Float64Array.of(1, 2), 'int8', null, 'add', 2); // Int8Array [1, 2]
 */
export function narrow(r: Float64Array, d: DType, valid: Mask, op: string, n: number): NumArray {
  if (d === 'float64' || (!isInteger(d) && is64Bit(d))) return r;
  if (d === 'float32') return Float32Array.from(r);
  if (d === 'date') return Int32Array.from(r);
  if (!isInteger(d)) return r;
  const [lo, hi] = intRange(d);
  if (is64Bit(d)) {
    for (let i = 0; i < n; i++)
      if ((r[i] < lo || r[i] >= hi) && (valid === null || valid[i])) throw new OverflowError(op, d);
    return r;
  }
  const out =
    d === 'int32'
      ? new Int32Array(n)
      : d === 'int16'
        ? new Int16Array(n)
        : d === 'int8'
          ? new Int8Array(n)
          : d === 'uint8'
            ? new Uint8Array(n)
            : d === 'uint16'
              ? new Uint16Array(n)
              : new Uint32Array(n);
  let bad = false;
  for (let i = 0; i < n; i++) {
    const x = r[i];
    if (x < lo || x > hi) bad = true;
    out[i] = x;
  }
  if (bad) {
    for (let i = 0; i < n; i++) {
      const x = r[i];
      if ((x < lo || x > hi || Number.isNaN(x)) && (valid === null || valid[i]))
        throw new OverflowError(op, d);
    }
  }
  return out;
}

function scalarArith(op: string, x: number, y: number, intResult: boolean): number | null {
  switch (op) {
    case 'add':
      return x + y;
    case 'sub':
      return x - y;
    case 'mul':
      return x * y;
    case 'div':
      return x / y;
    default: {
      if (y === 0 && intResult) return null;
      const m = x % y;
      return m !== 0 && m < 0 !== y < 0 ? m + y : m;
    }
  }
}

/**
 * `a op b` for op in add/sub/mul/div/mod, with result dtype `d` (from the type checker).
 *
 * @example
 * arith('add', colVal, { k: 'scalar', dtype: 'int32', value: 1 }, 'int32', n);
 */
export function arith(op: string, a: NumOperand, b: NumOperand, d: DType, n: number): Val {
  const intResult = isInteger(d);
  if (a.k === 'scalar' && b.k === 'scalar') {
    if (a.value === null || b.value === null) return { k: 'scalar', dtype: d, value: null };
    const r = scalarArith(op, Number(a.value), Number(b.value), intResult);
    if (r !== null && intResult) {
      const [lo, hi] = intRange(d);
      if (r < lo || r > hi) throw new OverflowError(op, d);
    }
    return { k: 'scalar', dtype: d, value: r };
  }
  if ((a.k === 'scalar' && a.value === null) || (b.k === 'scalar' && b.value === null)) {
    return { k: 'scalar', dtype: d, value: null };
  }
  const r = new Float64Array(n);
  let valid: Mask;
  if (a.k === 'num' && b.k === 'num') {
    valid = andMasks(a.valid, b.valid, n);
    colCol(op, a.v, b.v, r, n);
  } else if (a.k === 'num') {
    valid = a.valid;
    colScalar(op, a.v, Number((b as ScalarVal).value), r, n);
  } else {
    valid = (b as NumVal).valid;
    scalarCol(op, Number((a as ScalarVal).value), (b as NumVal).v, r, n);
  }
  if (op === 'mod' && intResult) valid = nullZeroDivisors(b, valid, n);
  return { k: 'num', dtype: d, v: narrow(r, d, valid, op, n), valid };
}

function nullZeroDivisors(b: NumOperand, valid: Mask, n: number): Mask {
  if (b.k === 'scalar') return Number(b.value) === 0 ? new Uint8Array(n) : valid;
  let out: Uint8Array | null = null;
  const v = b.v;
  for (let i = 0; i < n; i++) {
    if (v[i] === 0) {
      if (out === null) out = valid === null ? new Uint8Array(n).fill(1) : Uint8Array.from(valid);
      out[i] = 0;
    }
  }
  return out ?? valid;
}

function colCol(op: string, a: NumArray, b: NumArray, r: Float64Array, n: number): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) r[i] = a[i] + b[i];
      return;
    case 'sub':
      for (let i = 0; i < n; i++) r[i] = a[i] - b[i];
      return;
    case 'mul':
      for (let i = 0; i < n; i++) r[i] = a[i] * b[i];
      return;
    case 'div':
      for (let i = 0; i < n; i++) r[i] = a[i] / b[i];
      return;
    default:
      for (let i = 0; i < n; i++) {
        const y = b[i];
        const m = a[i] % y;
        r[i] = m !== 0 && m < 0 !== y < 0 ? m + y : m;
      }
  }
}

function colScalar(op: string, a: NumArray, s: number, r: Float64Array, n: number): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) r[i] = a[i] + s;
      return;
    case 'sub':
      for (let i = 0; i < n; i++) r[i] = a[i] - s;
      return;
    case 'mul':
      for (let i = 0; i < n; i++) r[i] = a[i] * s;
      return;
    case 'div':
      for (let i = 0; i < n; i++) r[i] = a[i] / s;
      return;
    default:
      for (let i = 0; i < n; i++) {
        const m = a[i] % s;
        r[i] = m !== 0 && m < 0 !== s < 0 ? m + s : m;
      }
  }
}

function scalarCol(op: string, s: number, b: NumArray, r: Float64Array, n: number): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) r[i] = s + b[i];
      return;
    case 'sub':
      for (let i = 0; i < n; i++) r[i] = s - b[i];
      return;
    case 'mul':
      for (let i = 0; i < n; i++) r[i] = s * b[i];
      return;
    case 'div':
      for (let i = 0; i < n; i++) r[i] = s / b[i];
      return;
    default:
      for (let i = 0; i < n; i++) {
        const y = b[i];
        const m = s % y;
        r[i] = m !== 0 && m < 0 !== y < 0 ? m + y : m;
      }
  }
}

/**
 * `-a` with result dtype `d`.
 *
 * @example
 * neg(colVal, 'int32', n);
 */
export function neg(a: NumOperand, d: DType, n: number): Val {
  if (a.k === 'scalar') return { k: 'scalar', dtype: d, value: a.value === null ? null : -Number(a.value) };
  const r = new Float64Array(n);
  const v = a.v;
  for (let i = 0; i < n; i++) r[i] = -v[i];
  return { k: 'num', dtype: d, v: narrow(r, d, a.valid, 'neg', n), valid: a.valid };
}
