/**
 * Column expressions: a builder (`col`, `lit` and methods) over a plain AST that crosses to workers,
 * a type checker against Arrow schemas, and a compiler to typed-array evaluators.
 */

export type { BinaryOp, ExprInput, ExprNode, PatternOp, Scalar, UnaryOp } from './ast.js';
export { columnsOf, formatExpr, isExprNode, litNode, toNode } from './ast.js';
export type { Operand } from './builder.js';
export { col, Expr, lit } from './builder.js';
export type { CompiledExpr } from './compile.js';
export { compileExpr } from './compile.js';
export type { DType } from './dtype.js';
export { arrowType, commonType, DTYPES, dtypeOf, isDType, promoteArith } from './dtype.js';
export {
  ColumnNotFoundError,
  DTypeError,
  InvalidArgumentError,
  OverflowError,
  SchemaMismatchError,
} from './errors.js';
export { canCast, exprOutputDType, exprOutputType } from './typecheck.js';
