/**
 * Elementwise operations with NumPy broadcasting: add sub mul div pow mod maximum minimum, the
 * comparisons, logical and/or/not, neg abs sqrt exp log sin cos tan tanh floor ceil round, clip and
 * where. Each builds one layer with one task per output block, calling the elementwise kernel with
 * the operation as a small expression; blockwise fusion (graph/fuse-elementwise.ts) later merges
 * chains of them. JS numbers are weak scalars and go into the expression as constants. Result dtypes
 * follow the rules written down in dtype.ts.
 */

import { Ref, task } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import {
  type DType,
  floatResult,
  isFloat,
  isInteger,
  promoteTypes,
  resultWithScalar,
  scalarDType,
} from '../dtype.js';
import { DTypeError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { elementwise } from '../kernels/elementwise.js';
import type { BinaryOp, Expr, TernaryOp, UnaryOp } from '../kernels/expr.js';
import { alignArrays, inputBlockIndex } from './broadcast.js';

/** An operand: an array, or a JS number / boolean (a weak scalar). */
export type Operand = ChunkedArray | number | boolean;

const REF = kernel(elementwise);

function describe(v: unknown): string {
  return v instanceof ChunkedArray ? v.toString() : typeof v;
}

/**
 * Build the layer of `op` over `operands`, the result having `dtype(...)`. Arrays become inputs
 * (deduplicated), scalars constants.
 */
export function elementwiseOp(
  op: UnaryOp | BinaryOp | TernaryOp,
  operands: readonly Operand[],
  dtype: DType,
  p?: number,
): ChunkedArray {
  const arrays: ChunkedArray[] = [];
  const args: Expr[] = operands.map((v) => {
    if (v instanceof ChunkedArray) {
      let i = arrays.indexOf(v);
      if (i < 0) i = arrays.push(v) - 1;
      return { k: 'in', i };
    }
    if (typeof v === 'boolean') return { k: 'const', v: v ? 1 : 0 };
    if (typeof v === 'number') return { k: 'const', v };
    throw new DTypeError(op, undefined, `operands must be arrays or numbers; got ${describe(v)}.`);
  });
  if (arrays.length === 0) {
    throw new DTypeError(op, undefined, 'at least one operand must be an array (use fromArray or full).');
  }
  const expr: Expr = p === undefined ? { k: 'op', op, args, dtype } : { k: 'op', op, args, dtype, p };
  const { shape, chunks, arrays: aligned } = alignArrays(op, arrays);
  const name = layerName(
    op,
    expr,
    aligned.map((a) => a.name),
  );
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, REF, [expr, ...aligned.map((a) => new Ref(keyOf(a.name, inputBlockIndex(a, idx, shape))))]),
  );
  return new ChunkedArray(
    name,
    arrayLayer(
      name,
      nodes,
      aligned.map((a) => a.__tusk_layer()),
    ),
    shape,
    chunks,
    dtype,
  );
}

/** The dtype of a binary operation's operands combined (arrays strong, numbers weak). */
export function combinedDType(operands: readonly Operand[]): DType {
  let d: DType | undefined;
  for (const v of operands)
    if (v instanceof ChunkedArray) d = d === undefined ? v.dtype : promoteTypes(d, v.dtype);
  if (d === undefined) return scalarDType(operands[0] as number);
  for (const v of operands) if (!(v instanceof ChunkedArray)) d = resultWithScalar(d, v as number);
  return d;
}

function binary(op: BinaryOp, x: Operand, y: Operand, out?: (d: DType) => DType): ChunkedArray {
  const d = combinedDType([x, y]);
  return elementwiseOp(op, [x, y], out ? out(d) : d);
}

function unary(op: UnaryOp, x: ChunkedArray, dtype: DType, p?: number): ChunkedArray {
  if (!(x instanceof ChunkedArray))
    throw new DTypeError(op, undefined, `expects an array; got ${describe(x)}.`);
  return elementwiseOp(op, [x], dtype, p);
}

/** `x + y`. @example add(ones([3]), 1) // [2, 2, 2] */
export const add = (x: Operand, y: Operand): ChunkedArray => binary('add', x, y);
/** `x - y`. */
export const sub = (x: Operand, y: Operand): ChunkedArray => {
  if (combinedDType([x, y]) === 'bool')
    throw new DTypeError(
      'sub',
      'bool',
      'subtracting booleans is not defined; use logicalXor or astype first.',
    );
  return binary('sub', x, y);
};
/** `x * y`. */
export const mul = (x: Operand, y: Operand): ChunkedArray => binary('mul', x, y);
/** `x / y` (true division: integers give float64). */
export const div = (x: Operand, y: Operand): ChunkedArray =>
  binary('div', x, y, (d) => (isFloat(d) ? d : 'float64'));
/** `x ** y`. */
export const pow = (x: Operand, y: Operand): ChunkedArray =>
  binary('pow', x, y, (d) => (d === 'bool' ? 'int32' : d));
/** NumPy's remainder (`mod`): the result has the sign of `y`; integer `mod 0` gives 0. */
export const mod = (x: Operand, y: Operand): ChunkedArray =>
  binary('mod', x, y, (d) => (d === 'bool' ? 'int32' : d));
/** Elementwise maximum (NaN wins). */
export const maximum = (x: Operand, y: Operand): ChunkedArray => binary('maximum', x, y);
/** Elementwise minimum (NaN wins). */
export const minimum = (x: Operand, y: Operand): ChunkedArray => binary('minimum', x, y);
const cmp = (op: BinaryOp) => (x: Operand, y: Operand) => {
  combinedDType([x, y]);
  return elementwiseOp(op, [x, y], 'bool');
};
/** `x == y` (bool). */
export const eq = cmp('eq');
/** `x != y` (bool). */
export const ne = cmp('ne');
/** `x < y` (bool). */
export const lt = cmp('lt');
/** `x <= y` (bool). */
export const le = cmp('le');
/** `x > y` (bool). */
export const gt = cmp('gt');
/** `x >= y` (bool). */
export const ge = cmp('ge');
/** Logical and of truth values (bool). */
export const logicalAnd = cmp('and');
/** Logical or of truth values (bool). */
export const logicalOr = cmp('or');
/** Logical not (bool). */
export const logicalNot = (x: ChunkedArray): ChunkedArray => unary('not', x, 'bool');

/** `-x`. */
export function neg(x: ChunkedArray): ChunkedArray {
  if (x.dtype === 'bool')
    throw new DTypeError('neg', 'bool', 'negating booleans is not defined; use logicalNot.');
  return unary('neg', x, x.dtype);
}
/** `|x|`. */
export const abs = (x: ChunkedArray): ChunkedArray => unary('abs', x, x.dtype);
const floatFn = (op: UnaryOp) => (x: ChunkedArray) => unary(op, x, floatResult(x.dtype));
/** Square root. */
export const sqrt = floatFn('sqrt');
/** e^x. */
export const exp = floatFn('exp');
/** Natural logarithm. */
export const log = floatFn('log');
/** Sine. */
export const sin = floatFn('sin');
/** Cosine. */
export const cos = floatFn('cos');
/** Tangent. */
export const tan = floatFn('tan');
/** Hyperbolic tangent. */
export const tanh = floatFn('tanh');
/** Round down (integers give float64, as NumPy 1.x). */
export const floor = floatFn('floor');
/** Round up. */
export const ceil = floatFn('ceil');
/** Round half to even at `decimals` decimals (NumPy's round; integers keep their dtype at 0 decimals). */
export function round(x: ChunkedArray, decimals = 0): ChunkedArray {
  if (!Number.isInteger(decimals))
    throw new DTypeError('round', x.dtype, `decimals must be an integer, got ${decimals}.`);
  if ((isInteger(x.dtype) || x.dtype === 'bool') && decimals >= 0) return unary('cast', x, x.dtype);
  return unary('round', x, floatResult(x.dtype), decimals);
}
/** Limit values to `[min, max]` (keeps the dtype). */
export function clip(x: ChunkedArray, min: number, max: number): ChunkedArray {
  if (!(x instanceof ChunkedArray))
    throw new DTypeError('clip', undefined, `expects an array; got ${describe(x)}.`);
  if (typeof min !== 'number' || typeof max !== 'number')
    throw new DTypeError('clip', x.dtype, 'min and max must be numbers.');
  return elementwiseOp('clip', [x, min, max], resultWithScalar(resultWithScalar(x.dtype, min), max));
}
/**
 * `cond ? x : y` elementwise, broadcasting all three.
 *
 * @example
 * where(arange(4).gt(1), 1, 0); // [0, 0, 1, 1]
 */
export function where(cond: Operand, x: Operand, y: Operand): ChunkedArray {
  const d =
    x instanceof ChunkedArray || y instanceof ChunkedArray
      ? combinedDType([x, y])
      : promoteTypes(scalarDType(x as number), scalarDType(y as number));
  return elementwiseOp('where', [cond, x, y], d);
}
