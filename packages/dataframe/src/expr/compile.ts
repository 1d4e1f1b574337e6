/**
 * `compileExpr(ast, schema)`: type-check an expression against an Arrow schema once, and return an
 * evaluator that runs it over tables (or raw column chunks) with that schema.
 *
 * Compilation turns the typed tree (typecheck.ts) into a tree of small closures, one per node, each
 * calling a tight typed-array kernel from `ops/`. Evaluation is per chunk: a column reference reads its
 * chunk as a `Val` (zero-copy for numbers and strings), literals stay scalars until an operation needs
 * them, and the root is written back as one Arrow chunk. Nulls propagate as in SQL; `and`/`or` are
 * three-valued; predicates used by `filter` keep only true rows.
 */

import { type Data, type DataType, type Schema, type Table, Vector } from 'apache-arrow';
import { columnsOf } from '../kernels/arrow/table.js';
import { type ExprInput, toNode } from './ast.js';
import type { DType } from './dtype.js';
import { arith, asNumber, neg } from './ops/arith.js';
import { cast } from './ops/cast.js';
import { type CompareOp, compare } from './ops/compare.js';
import { isNull, logic, not } from './ops/logic.js';
import { fillNull, isIn } from './ops/nulls.js';
import { changeCase, match, sliceStr, strLength } from './ops/strings.js';
import { type DatePart, datePart } from './ops/temporal.js';
import { type Typed, typeExpr } from './typecheck.js';
import { readVal, toData, type Val, valType } from './values.js';

/** An evaluator over column chunks: `columns[i]` is the chunk of schema field i; `n` rows. */
type Eval = (columns: readonly Data[], n: number) => Val;

/** A compiled expression. */
export interface CompiledExpr {
  /** The output dtype. */
  readonly dtype: DType;
  /** The output Arrow type (an input column's own type when the expression is a bare column). */
  readonly type: DataType;
  /** Names of the columns the expression reads. */
  readonly columns: readonly string[];
  /** Evaluate over a table with the compiled schema: one output chunk per record batch. */
  evaluate(table: Table): Vector;
  /** Evaluate over one chunk per schema field (all `n` rows long) to one output chunk. */
  evaluateData(columns: readonly Data[], n: number): Data;
  /** Evaluate to the internal value (kernels use it to avoid packing booleans). */
  evaluateVal(columns: readonly Data[], n: number): Val;
}

/**
 * Type-check `expr` against `schema` and build its evaluator.
 *
 * @example
 * const e = compileExpr(col('x').gt(3).and(col('cat').isIn(['a', 'b'])), table.schema);
 * const mask = e.evaluate(table); // a bool Vector
 */
export function compileExpr(expr: ExprInput, schema: Schema): CompiledExpr {
  const typed = typeExpr(toNode(expr), schema);
  const run = build(typed);
  const names = new Set<string>();
  const walk = (t: Typed): void => {
    if (t.op === 'col') names.add(schema.fields[t.index!].name);
    for (const a of t.args) walk(a);
  };
  walk(typed);
  const type = typed.op === 'col' ? schema.fields[typed.index!].type : undefined;
  const evaluateData = (columns: readonly Data[], n: number): Data => toData(run(columns, n), typed.dtype, n);
  return {
    dtype: typed.dtype,
    type: type ?? valType({ k: 'scalar', dtype: typed.dtype, value: null }, typed.dtype),
    columns: [...names],
    evaluate(table: Table): Vector {
      if (table.batches.length === 0) return new Vector([evaluateData(columnsOf(table), 0)]);
      return new Vector(
        table.batches.map((b) => evaluateData(b.data.children.slice(0, schema.fields.length), b.numRows)),
      );
    },
    evaluateData,
    evaluateVal: run,
  };
}

function build(t: Typed): Eval {
  const args = t.args.map(build);
  const [a, b] = args;
  const dt = t.args.map((x) => x.dtype);
  switch (t.op) {
    case 'col': {
      const index = t.index!;
      const d = t.dtype;
      return (cols) => readVal(cols[index], d);
    }
    case 'lit': {
      const v: Val = { k: 'scalar', dtype: t.dtype, value: t.value ?? null };
      return () => v;
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod': {
      const op = t.op;
      const d = t.dtype;
      return (cols, n) => arith(op, asNumber(a(cols, n)), asNumber(b(cols, n)), d, n);
    }
    case 'neg':
      return (cols, n) => neg(asNumber(a(cols, n)), t.dtype, n);
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const op = t.op as CompareOp;
      return (cols, n) => compare(op, a(cols, n), b(cols, n), n);
    }
    case 'and':
    case 'or': {
      const op = t.op;
      return (cols, n) => logic(op, a(cols, n), b(cols, n), n);
    }
    case 'not':
      return (cols, n) => not(a(cols, n), n);
    case 'isNull':
      return (cols, n) => isNull(a(cols, n), false, n);
    case 'isNotNull':
      return (cols, n) => isNull(a(cols, n), true, n);
    case 'fillNull':
      return (cols, n) => fillNull(a(cols, n), dt[0], b(cols, n), dt[1], t.dtype, n);
    case 'cast':
      return (cols, n) => cast(a(cols, n), dt[0], t.dtype, n);
    case 'lower':
      return (cols, n) => changeCase(a(cols, n), false, n);
    case 'upper':
      return (cols, n) => changeCase(a(cols, n), true, n);
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      const op = t.op;
      const pattern = (t.node as { pattern: string }).pattern;
      return (cols, n) => match(a(cols, n), op, pattern, n);
    }
    case 'length':
      return (cols, n) => strLength(a(cols, n), n);
    case 'slice': {
      const { start, end } = t.node as { start: number; end?: number };
      return (cols, n) => sliceStr(a(cols, n), start, end, n);
    }
    case 'year':
    case 'month':
    case 'day':
    case 'hour': {
      const part = t.op as DatePart;
      return (cols, n) => datePart(a(cols, n), part, n);
    }
    case 'isIn': {
      const values = t.values!;
      return (cols, n) => isIn(a(cols, n), dt[0], values, n);
    }
    default:
      throw new Error(`internal: no evaluator for op ${t.op}`);
  }
}
