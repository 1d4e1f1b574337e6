/**
 * Elementwise expressions: the plain-data program an elementwise task runs over its input blocks.
 * A leaf reads input `i` (`{ k: 'in', i }`) or is a constant; an inner node applies one operation and
 * records the dtype of its result. Blockwise fusion (graph/fuse-elementwise.ts) merges the programs of
 * chained tasks into one, so a chain of elementwise operations runs as one loop per block.
 */

import type { DType } from '../dtype.js';

/** Operations an expression node can apply. */
export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'sqrt'
  | 'exp'
  | 'log'
  | 'sin'
  | 'cos'
  | 'tan'
  | 'tanh'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'cast'
  | 'not';
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'mod'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'and'
  | 'or';
export type TernaryOp = 'where' | 'clip';

/** A node of an elementwise program. */
export type Expr =
  | {
      readonly k: 'in';
      readonly i: number;
      /** Read input i transposed (a 2-D block, axes swapped): set by blockwise fusion. */
      readonly t?: boolean;
    }
  | { readonly k: 'const'; readonly v: number }
  | {
      readonly k: 'op';
      readonly op: UnaryOp | BinaryOp | TernaryOp;
      readonly args: readonly Expr[];
      readonly dtype: DType;
      /** Decimals of `round`. */
      readonly p?: number;
    };

/** The expression with every input leaf replaced by `map(i, transposed)`'s expression. */
export function substituteInputs(e: Expr, map: (i: number, transposed: boolean) => Expr): Expr {
  if (e.k === 'in') return map(e.i, e.t === true);
  if (e.k === 'const') return e;
  return { ...e, args: e.args.map((a) => substituteInputs(a, map)) };
}
