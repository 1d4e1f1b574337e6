/**
 * The expression builder: `col('x').gt(3).and(col('cat').isIn(['a', 'b']))`.
 *
 * An `Expr` is a thin immutable wrapper around a plain AST (`expr.node`, also `toJSON()`); every method
 * returns a new `Expr`. Only the AST crosses to workers — kernels accept the node or the `Expr`.
 * Operands may be expressions or plain literal values (numbers, strings, booleans, null, Dates).
 */

import type { BinaryOp, ExprNode, PatternOp, Scalar, UnaryOp } from './ast.js';
import { formatExpr, litNode, operandNode } from './ast.js';
import { checkDType, type DType } from './dtype.js';
import { InvalidArgumentError } from './errors.js';

/** An expression operand: another expression or a literal value. */
export type Operand = Expr | ExprNode | Scalar | Date;

/**
 * A column expression. Build with `col` and `lit`; evaluate with `compileExpr` or the kernels.
 *
 * @example
 * const e = col('price').mul(col('qty')).gt(100);
 * e.node; // { op: 'gt', args: [{ op: 'mul', args: [...] }, { op: 'lit', value: 100 }] }
 */
export class Expr {
  constructor(readonly node: ExprNode) {}

  /** The plain AST (what `JSON.stringify` and structured clone see). */
  toJSON(): ExprNode {
    return this.node;
  }

  /** A readable rendering, e.g. `(col('x') > 3)`. */
  toString(): string {
    return formatExpr(this.node);
  }

  private bin(op: BinaryOp, other: Operand): Expr {
    return new Expr({ op, args: [this.node, operandNode(other)] });
  }

  private un(op: UnaryOp): Expr {
    return new Expr({ op, args: [this.node] });
  }

  /** `this + other`. */
  add(other: Operand): Expr {
    return this.bin('add', other);
  }
  /** `this - other`. */
  sub(other: Operand): Expr {
    return this.bin('sub', other);
  }
  /** `this * other`. */
  mul(other: Operand): Expr {
    return this.bin('mul', other);
  }
  /** `this / other` (true division: always float64). */
  div(other: Operand): Expr {
    return this.bin('div', other);
  }
  /** `this mod other`; the result has the sign of `other` (pandas/Python); int mod 0 is null. */
  mod(other: Operand): Expr {
    return this.bin('mod', other);
  }
  /** `-this`. */
  neg(): Expr {
    return this.un('neg');
  }
  /** `this == other`. */
  eq(other: Operand): Expr {
    return this.bin('eq', other);
  }
  /** `this != other`. */
  ne(other: Operand): Expr {
    return this.bin('ne', other);
  }
  /** `this < other`. */
  lt(other: Operand): Expr {
    return this.bin('lt', other);
  }
  /** `this <= other`. */
  le(other: Operand): Expr {
    return this.bin('le', other);
  }
  /** `this > other`. */
  gt(other: Operand): Expr {
    return this.bin('gt', other);
  }
  /** `this >= other`. */
  ge(other: Operand): Expr {
    return this.bin('ge', other);
  }
  /** Three-valued AND: false wins over null. */
  and(other: Operand): Expr {
    return this.bin('and', other);
  }
  /** Three-valued OR: true wins over null. */
  or(other: Operand): Expr {
    return this.bin('or', other);
  }
  /** Logical NOT (null stays null). */
  not(): Expr {
    return this.un('not');
  }
  /** True where the value is null (never null itself). */
  isNull(): Expr {
    return this.un('isNull');
  }
  /** True where the value is not null (never null itself). */
  isNotNull(): Expr {
    return this.un('isNotNull');
  }
  /** Replace nulls by `value`. */
  fillNull(value: Operand): Expr {
    return new Expr({ op: 'fillNull', args: [this.node, operandNode(value)] });
  }
  /** Convert to another dtype (see `cast` in the compile module for the rules). */
  cast(dtype: DType): Expr {
    return new Expr({ op: 'cast', args: [this.node], dtype: checkDType(dtype, 'cast') });
  }
  /** Lower-case a string column. */
  lower(): Expr {
    return this.un('lower');
  }
  /** Upper-case a string column. */
  upper(): Expr {
    return this.un('upper');
  }
  /** Does the string contain `pattern` (a literal substring, not a regex)? */
  contains(pattern: string): Expr {
    return this.pat('contains', pattern);
  }
  /** Does the string start with `pattern`? */
  startsWith(pattern: string): Expr {
    return this.pat('startsWith', pattern);
  }
  /** Does the string end with `pattern`? */
  endsWith(pattern: string): Expr {
    return this.pat('endsWith', pattern);
  }
  /** Length of the string in code points (int32). */
  length(): Expr {
    return this.un('length');
  }
  /** Substring by code points, like `String.prototype.slice` (negative indices count from the end). */
  slice(start: number, end?: number): Expr {
    if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
      throw new InvalidArgumentError(`slice(start, end?) takes integers, got (${start}, ${end}).`);
    }
    return new Expr(
      end === undefined
        ? { op: 'slice', args: [this.node], start }
        : { op: 'slice', args: [this.node], start, end },
    );
  }
  /** Year of a date/timestamp (UTC), int32. */
  year(): Expr {
    return this.un('year');
  }
  /** Month 1–12 of a date/timestamp (UTC), int32. */
  month(): Expr {
    return this.un('month');
  }
  /** Day of month 1–31 of a date/timestamp (UTC), int32. */
  day(): Expr {
    return this.un('day');
  }
  /** Hour 0–23 of a date/timestamp (UTC), int32. */
  hour(): Expr {
    return this.un('hour');
  }
  /** `lo <= this <= hi` (both ends inclusive). */
  between(lo: Operand, hi: Operand): Expr {
    return new Expr({ op: 'between', args: [this.node, operandNode(lo), operandNode(hi)] });
  }
  /** Is the value one of `values`? A null value gives null (so a filter drops it). */
  isIn(values: readonly (Scalar | Date)[]): Expr {
    if (!Array.isArray(values)) throw new InvalidArgumentError('isIn(values) takes an array of literals.');
    const plain = values.map((v) => (litNode(v) as { value: Scalar }).value);
    return new Expr({ op: 'isIn', args: [this.node], values: plain });
  }

  private pat(op: PatternOp, pattern: string): Expr {
    if (typeof pattern !== 'string') throw new InvalidArgumentError(`${op}(pattern) takes a string.`);
    return new Expr({ op, args: [this.node], pattern });
  }
}

/**
 * A column reference.
 *
 * @example
 * col('x').add(1).toString(); // "(col('x') + 1)"
 */
export function col(name: string): Expr {
  if (typeof name !== 'string')
    throw new InvalidArgumentError(`col(name) takes a string, got ${typeof name}.`);
  return new Expr({ op: 'col', name });
}

/**
 * A literal; `dtype` fixes its type (otherwise numbers are int32/float64 by value, Dates timestamp[ms]).
 *
 * @example
 * lit(3).node; // { op: 'lit', value: 3 }
 * lit(new Date('2024-01-01')).node.dtype; // 'timestamp[ms]'
 */
export function lit(value: Scalar | Date | bigint, dtype?: DType): Expr {
  return new Expr(litNode(value, dtype === undefined ? undefined : checkDType(dtype, 'lit')));
}
