/**
 * Type checking: annotate an expression AST with dtypes against an Arrow schema, without data.
 *
 * This is where every rule of the expression language is decided (the evaluator only follows the
 * annotations): column lookup (a missing column names the available ones), operand dtypes (errors say
 * what was expected), literal typing, promotion (see dtype.ts), and literal coercion —
 *   - an untyped number literal is "weak": next to an integer column it takes the column's dtype when
 *     the value fits (`col('i8').add(1)` stays int8), else int32 / int64 / float64 by value;
 *   - a string literal next to a date/timestamp is parsed as ISO-8601 (UTC) at compile time;
 *   - `between(lo, hi)` is checked as `ge(lo) & le(hi)`.
 * `exprOutputType` gives the Arrow type an expression produces — the meta of an assigned column.
 */

import type { DataType, Schema } from 'apache-arrow';
import { type ExprInput, type ExprNode, formatExpr, type Scalar, toNode } from './ast.js';
import { parseIsoMs } from './datetime.js';
import {
  arrowType,
  commonType,
  type DType,
  intRange,
  isFloat,
  isInteger,
  isNumberLike,
  isNumeric,
  isStringLike,
  isTemporal,
  msPerUnit,
  promoteArith,
  promoteInts,
  requireDType,
} from './dtype.js';
import { ColumnNotFoundError, DTypeError, InvalidArgumentError } from './errors.js';

/** An AST node annotated with its dtype (and, for literals, the coerced value). */
export interface Typed {
  readonly node: ExprNode;
  readonly op: string;
  readonly dtype: DType;
  readonly args: readonly Typed[];
  /** Column index in the schema (op 'col'). */
  readonly index?: number;
  /** Literal value after coercion (op 'lit'); temporal values in the dtype's unit. */
  readonly value?: Scalar;
  /** An untyped number literal (may adopt a neighbouring integer dtype). */
  readonly weak?: boolean;
  /** isIn values after coercion (numbers in ms for temporal operands). */
  readonly values?: readonly Scalar[];
}

/**
 * Annotate `node` with dtypes against `schema`, or throw ColumnNotFoundError / DTypeError.
 *
 * @example
 * typeExpr(col('x').gt(1).node, schema).dtype; // 'bool'
 */
export function typeExpr(node: ExprNode, schema: Schema): Typed {
  return check(node, schema);
}

/**
 * The Arrow type an expression evaluates to over tables with `schema` (no data needed).
 *
 * @example
 * exprOutputType(col('x').div(2), schema); // Float64
 */
export function exprOutputType(expr: ExprInput, schema: Schema): DataType {
  const t = typeExpr(toNode(expr), schema);
  if (t.op === 'col') return schema.fields[t.index!].type;
  return arrowType(t.dtype);
}

/**
 * The dtype an expression evaluates to over tables with `schema`.
 *
 * @example
 * exprOutputDType(col('s').length(), schema); // 'int32'
 */
export function exprOutputDType(expr: ExprInput, schema: Schema): DType {
  return typeExpr(toNode(expr), schema).dtype;
}

function fail(node: ExprNode, message: string, column?: string): never {
  throw new DTypeError(`${formatExpr(node)}: ${message}`, column);
}

function describe(t: Typed): string {
  if (t.op === 'col') return `${t.dtype} column '${(t.node as { name: string }).name}'`;
  if (t.op === 'lit') return `${t.dtype} literal ${JSON.stringify(t.value)}`;
  return `${t.dtype} expression ${formatExpr(t.node)}`;
}

function literalDType(value: Scalar): DType {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (Number.isInteger(value)) {
    if (value >= -2147483648 && value <= 2147483647) return 'int32';
    if (Number.isSafeInteger(value)) return 'int64';
  }
  return 'float64';
}

function lit(node: ExprNode, value: Scalar, dtype: DType, weak = false): Typed {
  return { node, op: 'lit', dtype, args: [], value, weak };
}

function checkLiteral(node: ExprNode & { op: 'lit' }): Typed {
  const { value } = node;
  if (!(value === null || ['number', 'string', 'boolean'].includes(typeof value))) {
    throw new InvalidArgumentError(
      `Literal values are numbers, strings, booleans or null, got ${typeof value}.`,
    );
  }
  if (node.dtype === undefined) return lit(node, value, literalDType(value), typeof value === 'number');
  const d = node.dtype;
  if (value === null) return lit(node, null, d);
  if (isTemporal(d)) {
    const ms = typeof value === 'string' ? parseIsoMs(value) : typeof value === 'number' ? value : Number.NaN;
    if (Number.isNaN(ms))
      fail(node, `expected a Date, epoch milliseconds or an ISO-8601 string for dtype ${d}.`);
    return lit(node, d === 'date' ? Math.floor(ms / 86_400_000) : ms / msPerUnit(d), d);
  }
  if (isStringLike(d)) return lit(node, String(value), d);
  if (d === 'bool') {
    if (typeof value !== 'boolean') fail(node, `expected a boolean for dtype bool.`);
    return lit(node, value, d);
  }
  if (isNumeric(d)) {
    if (typeof value !== 'number') fail(node, `expected a number for dtype ${d}.`);
    if (isInteger(d)) {
      const [lo, hi] = intRange(d);
      if (!Number.isInteger(value) || value < lo || value > hi) fail(node, `${value} is not a valid ${d}.`);
    }
    return lit(node, value, d);
  }
  return lit(node, value, d);
}

/** Let a weak integer literal take the integer dtype of the other operand when it fits. */
function adopt(t: Typed, other: Typed): Typed {
  if (!t.weak || t.op !== 'lit' || typeof t.value !== 'number') return t;
  if (isInteger(other.dtype) && Number.isInteger(t.value)) {
    const [lo, hi] = intRange(other.dtype);
    if (t.value >= lo && t.value <= hi) return { ...t, dtype: other.dtype };
  }
  if (isFloat(other.dtype)) return { ...t, dtype: 'float64' };
  return t;
}

/** A string literal next to a temporal operand becomes a timestamp[ms] literal. */
function temporalLiteral(t: Typed, other: Typed): Typed {
  if (t.op === 'lit' && typeof t.value === 'string' && isTemporal(other.dtype)) {
    const ms = parseIsoMs(t.value);
    if (Number.isNaN(ms)) {
      fail(
        t.node,
        `cannot read '${t.value}' as a date to compare with ${describe(other)}; use ISO-8601 (2024-01-31).`,
      );
    }
    return lit(t.node, ms, 'timestamp[ms]');
  }
  return t;
}

function check(node: ExprNode, schema: Schema): Typed {
  if (typeof node !== 'object' || node === null || typeof (node as { op?: unknown }).op !== 'string') {
    throw new InvalidArgumentError(`Not an expression node: ${JSON.stringify(node)?.slice(0, 80)}.`);
  }
  switch (node.op) {
    case 'col': {
      const fields = schema.fields;
      const index = fields.findIndex((f) => f.name === node.name);
      if (index < 0) {
        throw new ColumnNotFoundError(
          node.name,
          fields.map((f) => f.name),
          `expression ${formatExpr(node)}`,
        );
      }
      return { node, op: 'col', dtype: requireDType(fields[index].type, node.name), args: [], index };
    }
    case 'lit':
      return checkLiteral(node);
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod': {
      let [a, b] = node.args.map((x) => check(x, schema));
      a = adopt(a, b);
      b = adopt(b, a);
      for (const t of [a, b]) {
        if (t.dtype !== 'null' && !(isNumeric(t.dtype) || t.dtype === 'bool')) {
          fail(node, `${node.op} expects numeric operands, got ${describe(t)}.`, colName(t));
        }
      }
      let dtype: DType;
      if (node.op === 'div') dtype = 'float64';
      else if (a.dtype === 'null' || b.dtype === 'null') {
        const other = a.dtype === 'null' ? b.dtype : a.dtype;
        dtype = other === 'null' ? 'float64' : other === 'bool' ? 'int8' : other;
      } else dtype = promoteArith(a.dtype, b.dtype);
      return { node, op: node.op, dtype, args: [a, b] };
    }
    case 'neg': {
      const a = check(node.args[0], schema);
      if (!isNumeric(a.dtype) && a.dtype !== 'null')
        fail(node, `neg expects a numeric operand, got ${describe(a)}.`, colName(a));
      const dtype = a.dtype.startsWith('uint')
        ? promoteInts(a.dtype, 'int8')
        : a.dtype === 'null'
          ? 'float64'
          : a.dtype;
      return { node, op: 'neg', dtype, args: [a] };
    }
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return {
        node,
        op: node.op,
        dtype: 'bool',
        args: checkComparable(node, schema, node.args[0], node.args[1]),
      };
    case 'between': {
      const [x, lo, hi] = node.args;
      const ge = checkComparable(node, schema, x, lo);
      const le = checkComparable(node, schema, x, hi);
      const geT: Typed = { node, op: 'ge', dtype: 'bool', args: ge };
      const leT: Typed = { node, op: 'le', dtype: 'bool', args: le };
      return { node, op: 'and', dtype: 'bool', args: [geT, leT] };
    }
    case 'and':
    case 'or': {
      const args = node.args.map((x) => check(x, schema));
      for (const t of args) {
        if (t.dtype !== 'bool' && t.dtype !== 'null')
          fail(node, `${node.op} expects boolean operands, got ${describe(t)}.`, colName(t));
      }
      return { node, op: node.op, dtype: 'bool', args };
    }
    case 'not': {
      const a = check(node.args[0], schema);
      if (a.dtype !== 'bool' && a.dtype !== 'null')
        fail(node, `not expects a boolean operand, got ${describe(a)}.`, colName(a));
      return { node, op: 'not', dtype: 'bool', args: [a] };
    }
    case 'isNull':
    case 'isNotNull':
      return { node, op: node.op, dtype: 'bool', args: [check(node.args[0], schema)] };
    case 'fillNull': {
      let a = check(node.args[0], schema);
      let v = check(node.args[1], schema);
      v = temporalLiteral(adopt(v, a), a);
      a = adopt(a, v);
      let dtype: DType | undefined;
      if (a.dtype === 'category' && v.op === 'lit' && isStringLike(v.dtype)) dtype = 'category';
      else if (isTemporal(a.dtype) && isTemporal(v.dtype)) dtype = a.dtype;
      else if (
        isInteger(a.dtype) &&
        v.op === 'lit' &&
        typeof v.value === 'number' &&
        !Number.isInteger(v.value)
      ) {
        dtype = 'float64';
      } else dtype = commonType(a.dtype, v.dtype);
      if (dtype === undefined)
        fail(node, `cannot fill nulls of ${describe(a)} with ${describe(v)}.`, colName(a));
      return { node, op: 'fillNull', dtype, args: [a, v] };
    }
    case 'cast': {
      const a = check(node.args[0], schema);
      const to = node.dtype;
      if (!canCast(a.dtype, to)) fail(node, `cannot cast ${describe(a)} to ${to}.`, colName(a));
      return { node, op: 'cast', dtype: to, args: [a] };
    }
    case 'lower':
    case 'upper':
    case 'slice': {
      const a = requireString(node, check(node.args[0], schema));
      return { node, op: node.op, dtype: a.dtype === 'null' ? 'string' : a.dtype, args: [a] };
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return { node, op: node.op, dtype: 'bool', args: [requireString(node, check(node.args[0], schema))] };
    case 'length':
      return { node, op: 'length', dtype: 'int32', args: [requireString(node, check(node.args[0], schema))] };
    case 'year':
    case 'month':
    case 'day':
    case 'hour': {
      const a = check(node.args[0], schema);
      if (!isTemporal(a.dtype) && a.dtype !== 'null') {
        fail(node, `${node.op} expects a date or timestamp operand, got ${describe(a)}.`, colName(a));
      }
      return { node, op: node.op, dtype: 'int32', args: [a] };
    }
    case 'isIn': {
      const a = check(node.args[0], schema);
      if (!Array.isArray(node.values)) fail(node, 'isIn expects an array of values.');
      const values = node.values.map((v) => coerceMember(node, a, v));
      return { node, op: 'isIn', dtype: 'bool', args: [a], values };
    }
    default:
      throw new InvalidArgumentError(
        `Unknown expression op ${JSON.stringify((node as { op: unknown }).op)}.`,
      );
  }
}

function colName(t: Typed): string | undefined {
  return t.op === 'col' ? (t.node as { name: string }).name : undefined;
}

function requireString(node: ExprNode, a: Typed): Typed {
  if (!isStringLike(a.dtype) && a.dtype !== 'null') {
    fail(node, `${node.op} expects a string operand, got ${describe(a)}.`, colName(a));
  }
  return a;
}

function checkComparable(node: ExprNode, schema: Schema, x: ExprNode, y: ExprNode): [Typed, Typed] {
  let a = check(x, schema);
  let b = check(y, schema);
  a = temporalLiteral(adopt(a, b), b);
  b = temporalLiteral(adopt(b, a), a);
  if (a.dtype === 'null' || b.dtype === 'null') return [a, b];
  const ok =
    (isNumeric(a.dtype) && isNumeric(b.dtype)) ||
    (a.dtype === 'bool' && b.dtype === 'bool') ||
    (isStringLike(a.dtype) && isStringLike(b.dtype)) ||
    (isTemporal(a.dtype) && isTemporal(b.dtype));
  if (!ok) {
    const hint =
      isTemporal(a.dtype) || isTemporal(b.dtype) ? ' Compare dates with Dates or ISO-8601 strings.' : '';
    fail(node, `cannot compare ${describe(a)} with ${describe(b)}.${hint}`, colName(a) ?? colName(b));
  }
  return [a, b];
}

function coerceMember(node: ExprNode, a: Typed, v: Scalar): Scalar {
  if (v === null) return null;
  const d = a.dtype;
  if (isTemporal(d)) {
    const ms = typeof v === 'string' ? parseIsoMs(v) : typeof v === 'number' ? v : Number.NaN;
    if (Number.isNaN(ms))
      fail(node, `isIn on ${describe(a)} expects Dates or ISO-8601 strings, got ${JSON.stringify(v)}.`);
    return ms;
  }
  if (isStringLike(d)) {
    if (typeof v !== 'string')
      fail(node, `isIn on ${describe(a)} expects strings, got ${JSON.stringify(v)}.`, colName(a));
    return v;
  }
  if (d === 'bool') {
    if (typeof v !== 'boolean')
      fail(node, `isIn on ${describe(a)} expects booleans, got ${JSON.stringify(v)}.`, colName(a));
    return v ? 1 : 0;
  }
  if (isNumeric(d)) {
    if (typeof v !== 'number')
      fail(node, `isIn on ${describe(a)} expects numbers, got ${JSON.stringify(v)}.`, colName(a));
    return v;
  }
  return v;
}

/**
 * Whether `cast` supports `from` → `to`: numbers/bools among themselves; anything to string; strings to
 * anything (parsed; unparseable → null); string ↔ category; dates/timestamps among themselves and to/from
 * numbers (epoch units); null to anything.
 *
 * @example
 * canCast('string', 'float64'); // true
 */
export function canCast(from: DType, to: DType): boolean {
  if (from === to || from === 'null' || to === 'null') return true;
  if (to === 'string' || to === 'category') return true;
  if (isStringLike(from)) return true;
  if (isNumberLike(from) && isNumberLike(to)) {
    // bool <-> temporal makes no sense
    if ((from === 'bool' && isTemporal(to)) || (to === 'bool' && isTemporal(from))) return false;
    return true;
  }
  return false;
}
