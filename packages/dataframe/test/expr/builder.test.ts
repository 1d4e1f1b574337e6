import { describe, expect, it } from 'vitest';
import { columnsOf, formatExpr, isExprNode, toNode } from '../../src/expr/ast.js';
import { col, Expr, lit } from '../../src/expr/builder.js';
import { DTypeError, InvalidArgumentError } from '../../src/expr/errors.js';

describe('expression builder', () => {
  it('builds a plain AST', () => {
    const e = col('x')
      .gt(3)
      .and(col('cat').isIn(['a', 'b']));
    expect(e.node).toEqual({
      op: 'and',
      args: [
        {
          op: 'gt',
          args: [
            { op: 'col', name: 'x' },
            { op: 'lit', value: 3 },
          ],
        },
        { op: 'isIn', args: [{ op: 'col', name: 'cat' }], values: ['a', 'b'] },
      ],
    });
    expect(e.toJSON()).toBe(e.node);
  });

  it('survives structured clone and JSON as plain data', () => {
    const e = col('price').mul(col('qty')).sub(lit(1)).fillNull(0).cast('float32').slice(1, 3);
    expect(structuredClone(e.node)).toEqual(e.node);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e.node);
    // a cloned Expr (prototype lost) is still accepted
    expect(toNode(structuredClone({ node: e.node }))).toEqual(e.node);
  });

  it('turns Dates and bigints into literal numbers', () => {
    expect(lit(new Date(Date.UTC(2024, 0, 1))).node).toEqual({
      op: 'lit',
      value: 1704067200000,
      dtype: 'timestamp[ms]',
    });
    expect(lit(5n).node).toEqual({ op: 'lit', value: 5 });
    expect((col('t').ge(new Date(0)).node as { readonly args: readonly unknown[] }).args[1]).toEqual({
      op: 'lit',
      value: 0,
      dtype: 'timestamp[ms]',
    });
  });

  it('has every documented method', () => {
    const x = col('x');
    const ops = [
      x.add(1),
      x.sub(1),
      x.mul(1),
      x.div(1),
      x.mod(1),
      x.neg(),
      x.eq(1),
      x.ne(1),
      x.lt(1),
      x.le(1),
      x.gt(1),
      x.ge(1),
      x.and(true),
      x.or(false),
      x.not(),
      x.isNull(),
      x.isNotNull(),
      x.fillNull(1),
      x.cast('int64'),
      x.lower(),
      x.upper(),
      x.contains('a'),
      x.startsWith('a'),
      x.endsWith('a'),
      x.length(),
      x.slice(1),
      x.year(),
      x.month(),
      x.day(),
      x.hour(),
      x.between(1, 2),
      x.isIn([1]),
    ];
    expect(new Set(ops.map((e) => e.node.op)).size).toBe(32);
    for (const e of ops) expect(isExprNode(e.node)).toBe(true);
  });

  it('renders readable text and lists columns', () => {
    const e = col('a').add(col('b')).gt(2);
    expect(formatExpr(e.node)).toBe("((col('a') + col('b')) > 2)");
    expect(String(col('s').contains('x'))).toBe("col('s').contains('x')");
    expect(columnsOf(e.node)).toEqual(['a', 'b']);
  });

  it('rejects bad arguments', () => {
    expect(() => col(3 as never)).toThrow(InvalidArgumentError);
    expect(() => col('x').cast('int7' as never)).toThrow(DTypeError);
    expect(() => col('x').slice(1.5)).toThrow(InvalidArgumentError);
    expect(() => lit({} as never)).toThrow(InvalidArgumentError);
    expect(() => toNode(42 as never)).toThrow(InvalidArgumentError);
    expect(new Expr({ op: 'col', name: 'z' }).node.op).toBe('col');
  });
});
