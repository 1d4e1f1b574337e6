/**
 * The expression AST: plain, JSON-like data (no closures, no class instances), so an expression
 * crosses to worker threads and processes by structured clone and runs on every scheduler.
 *
 * Format — every node has `op`; operands are in `args`; parameters are named fields:
 *   { op: 'col', name }                                 a column
 *   { op: 'lit', value, dtype? }                        a literal (number | string | boolean | null);
 *                                                       dates are { value: epoch ms, dtype: 'timestamp[ms]' }
 *   { op: 'add'|'sub'|'mul'|'div'|'mod', args: [a, b] } arithmetic
 *   { op: 'eq'|'ne'|'lt'|'le'|'gt'|'ge', args: [a, b] } comparisons
 *   { op: 'and'|'or', args: [a, b] }, { op: 'not', args: [a] }  three-valued logic
 *   { op: 'neg'|'isNull'|'isNotNull'|'lower'|'upper'|'length'|'year'|'month'|'day'|'hour', args: [a] }
 *   { op: 'fillNull', args: [a, value] }
 *   { op: 'cast', args: [a], dtype }
 *   { op: 'contains'|'startsWith'|'endsWith', args: [a], pattern }   literal substring, not a regex
 *   { op: 'slice', args: [a], start, end? }             code points, negative = from the end
 *   { op: 'between', args: [a, lo, hi] }                lo <= a <= hi
 *   { op: 'isIn', args: [a], values: [...] }
 * Reference: arquero's expression ASTs; Polars/DataFusion logical expressions.
 */

import type { DType } from './dtype.js';
import { InvalidArgumentError } from './errors.js';

/** A literal value in an expression. */
export type Scalar = number | string | boolean | null;

/** Binary operators. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'mod'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'and'
  | 'or';

/** Unary operators. */
export type UnaryOp =
  | 'neg'
  | 'not'
  | 'isNull'
  | 'isNotNull'
  | 'lower'
  | 'upper'
  | 'length'
  | 'year'
  | 'month'
  | 'day'
  | 'hour';

/** String predicates with a literal pattern. */
export type PatternOp = 'contains' | 'startsWith' | 'endsWith';

/** A node of the expression AST (see the module header for the format). */
export type ExprNode =
  | { readonly op: 'col'; readonly name: string }
  | { readonly op: 'lit'; readonly value: Scalar; readonly dtype?: DType }
  | { readonly op: BinaryOp; readonly args: readonly [ExprNode, ExprNode] }
  | { readonly op: UnaryOp; readonly args: readonly [ExprNode] }
  | { readonly op: 'fillNull'; readonly args: readonly [ExprNode, ExprNode] }
  | { readonly op: 'cast'; readonly args: readonly [ExprNode]; readonly dtype: DType }
  | { readonly op: PatternOp; readonly args: readonly [ExprNode]; readonly pattern: string }
  | {
      readonly op: 'slice';
      readonly args: readonly [ExprNode];
      readonly start: number;
      readonly end?: number;
    }
  | { readonly op: 'between'; readonly args: readonly [ExprNode, ExprNode, ExprNode] }
  | { readonly op: 'isIn'; readonly args: readonly [ExprNode]; readonly values: readonly Scalar[] };

/** Every op name, for validation. */
export const OPS: ReadonlySet<string> = new Set([
  'col',
  'lit',
  'add',
  'sub',
  'mul',
  'div',
  'mod',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
  'not',
  'neg',
  'isNull',
  'isNotNull',
  'lower',
  'upper',
  'length',
  'year',
  'month',
  'day',
  'hour',
  'fillNull',
  'cast',
  'contains',
  'startsWith',
  'endsWith',
  'slice',
  'between',
  'isIn',
]);

/** Anything that holds an AST: a builder `Expr` (which has `.node`) or a node itself. */
export type ExprInput = ExprNode | { readonly node: ExprNode };

/** Is `v` an AST node (a plain object with a known `op`)? */
export function isExprNode(v: unknown): v is ExprNode {
  return typeof v === 'object' && v !== null && OPS.has((v as { op?: unknown }).op as string);
}

/**
 * The AST of an expression given as a builder `Expr`, an AST node, or a structured-cloned `Expr`
 * (a plain `{ node }` object).
 *
 * @example
 * toNode(col('x')); // { op: 'col', name: 'x' }
 * toNode({ op: 'col', name: 'x' }); // the same node
 */
export function toNode(e: ExprInput): ExprNode {
  if (isExprNode(e)) return e;
  if (typeof e === 'object' && e !== null && isExprNode((e as { node?: unknown }).node)) {
    return (e as { node: ExprNode }).node;
  }
  throw new InvalidArgumentError(
    `Expected an expression (col('x'), lit(1), ... or its AST), got ${JSON.stringify(e)?.slice(0, 80)}.`,
  );
}

/**
 * A literal node for a JavaScript value: numbers, strings, booleans, null, Dates (as epoch ms with
 * dtype 'timestamp[ms]') and bigints (as numbers; exact up to 2^53).
 *
 * @example
 * litNode(new Date(0)); // { op: 'lit', value: 0, dtype: 'timestamp[ms]' }
 */
export function litNode(value: unknown, dtype?: DType): ExprNode {
  if (value instanceof Date) return { op: 'lit', value: value.getTime(), dtype: dtype ?? 'timestamp[ms]' };
  if (typeof value === 'bigint')
    return dtype ? { op: 'lit', value: Number(value), dtype } : { op: 'lit', value: Number(value) };
  if (value === undefined) return { op: 'lit', value: null };
  if (
    value === null ||
    typeof value === 'number' ||
    typeof value === 'string' ||
    typeof value === 'boolean'
  ) {
    return dtype ? { op: 'lit', value, dtype } : { op: 'lit', value };
  }
  throw new InvalidArgumentError(
    `Cannot use ${Object.prototype.toString.call(value)} as a literal; literals are numbers, strings, booleans, null or Dates.`,
  );
}

/** The node for an operand that may be an expression or a plain literal value. */
export function operandNode(v: unknown): ExprNode {
  if (isExprNode(v)) return v;
  if (typeof v === 'object' && v !== null && isExprNode((v as { node?: unknown }).node)) {
    return (v as { node: ExprNode }).node;
  }
  return litNode(v);
}

/**
 * A short readable rendering of an AST, for error messages and task names.
 *
 * @example
 * formatExpr({ op: 'gt', args: [{ op: 'col', name: 'x' }, { op: 'lit', value: 3 }] }); // "(col('x') > 3)"
 */
export function formatExpr(n: ExprNode): string {
  const SYM: Record<string, string> = {
    add: '+',
    sub: '-',
    mul: '*',
    div: '/',
    mod: '%',
    eq: '==',
    ne: '!=',
    lt: '<',
    le: '<=',
    gt: '>',
    ge: '>=',
    and: '&',
    or: '|',
  };
  switch (n.op) {
    case 'col':
      return `col(${JSON.stringify(n.name).replace(/"/g, "'")})`;
    case 'lit':
      return typeof n.value === 'string' ? `'${n.value}'` : String(n.value);
    case 'cast':
      return `${formatExpr(n.args[0])}.cast('${n.dtype}')`;
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return `${formatExpr(n.args[0])}.${n.op}('${n.pattern}')`;
    case 'slice':
      return `${formatExpr(n.args[0])}.slice(${n.start}${n.end === undefined ? '' : `, ${n.end}`})`;
    case 'isIn':
      return `${formatExpr(n.args[0])}.isIn(${JSON.stringify(n.values)})`;
    case 'between':
      return `${formatExpr(n.args[0])}.between(${formatExpr(n.args[1])}, ${formatExpr(n.args[2])})`;
    case 'fillNull':
      return `${formatExpr(n.args[0])}.fillNull(${formatExpr(n.args[1])})`;
    default: {
      const args = (n as { args: readonly ExprNode[] }).args;
      if (args.length === 2 && SYM[n.op])
        return `(${formatExpr(args[0])} ${SYM[n.op]} ${formatExpr(args[1])})`;
      return `${formatExpr(args[0])}.${n.op}()`;
    }
  }
}

/**
 * The column names an expression reads (for projection pushdown and meta checks).
 *
 * @example
 * columnsOf(col('a').add(col('b')).node); // ['a', 'b']
 */
export function columnsOf(n: ExprNode): string[] {
  const out = new Set<string>();
  const walk = (m: ExprNode): void => {
    if (m.op === 'col') out.add(m.name);
    else if ('args' in m) for (const a of m.args) walk(a);
  };
  walk(n);
  return [...out];
}
