import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { col, type Expr, lit } from '../../src/expr/builder.js';
import { compileExpr } from '../../src/expr/compile.js';
import { OverflowError } from '../../src/expr/errors.js';
import { plain, type Row, rng, tableOf } from '../kernels/helpers.js';

/** Evaluate an expression and return plain values. */
function run(table: Table, e: Expr): unknown[] {
  const v = compileExpr(e, table.schema).evaluate(table);
  return Array.from({ length: table.numRows }, (_, i) => plain(v.get(i)));
}

const r = rng(7);
const WORDS = ['apple', 'Banana', 'cherry', '', 'apple pie', 'zebra', 'Äpfel'];
const rows: Row[] = Array.from({ length: 300 }, () => {
  const maybe = <T>(v: T): T | null => (r() < 0.15 ? null : v);
  return {
    a: maybe(Math.floor(r() * 21) - 10),
    b: maybe(Math.floor(r() * 7) - 3),
    x: maybe(Math.round((r() * 200 - 100) * 8) / 8),
    p: maybe(r() < 0.5),
    q: maybe(r() < 0.5),
    s: maybe(WORDS[Math.floor(r() * WORDS.length)]),
    t: maybe(WORDS[Math.floor(r() * WORDS.length)]),
  };
});
const table = tableOf(rows, {
  a: 'int32',
  b: 'int32',
  x: 'float64',
  p: 'bool',
  q: 'bool',
  s: 'string',
  t: 'string',
});
const dict = tableOf(rows, {
  a: 'int32',
  b: 'int32',
  x: 'float64',
  p: 'bool',
  q: 'bool',
  s: 'category',
  t: 'category',
});

type Num = number | null;
const nn = (f: (a: number, b: number) => number | null) => (a: Num, b: Num) =>
  a === null || b === null ? null : f(a, b);

describe('arithmetic', () => {
  it('add, sub, mul on ints and floats propagate nulls', () => {
    expect(run(table, col('a').add(col('b')))).toEqual(
      rows.map((x) => nn((a, b) => a + b)(x.a as Num, x.b as Num)),
    );
    expect(run(table, col('a').sub(col('x')))).toEqual(
      rows.map((x) => nn((a, b) => a - b)(x.a as Num, x.x as Num)),
    );
    expect(run(table, col('x').mul(3))).toEqual(rows.map((x) => nn((a, b) => a * b)(x.x as Num, 3)));
    expect(run(table, lit(100).sub(col('a')))).toEqual(rows.map((x) => nn((a, b) => a - b)(100, x.a as Num)));
  });

  it('div is true division to float64', () => {
    expect(run(table, col('a').div(col('b')))).toEqual(
      rows.map((x) => nn((a, b) => a / b)(x.a as Num, x.b as Num)),
    );
    expect(compileExpr(col('a').div(2), table.schema).dtype).toBe('float64');
  });

  it('mod takes the sign of the divisor; integer mod 0 is null', () => {
    const ref = rows.map((x) =>
      nn((a, b) => (b === 0 ? null : a - Math.floor(a / b) * b))(x.a as Num, x.b as Num),
    );
    expect(run(table, col('a').mod(col('b')))).toEqual(ref.map((v) => (v === 0 ? 0 : v)));
    const f = run(table, col('x').mod(-3)) as Num[];
    rows.forEach((x, i) => {
      if (x.x === null) expect(f[i]).toBeNull();
      else expect(f[i]!).toBeCloseTo((x.x as number) - Math.floor((x.x as number) / -3) * -3, 9);
    });
  });

  it('neg and bool arithmetic', () => {
    expect(run(table, col('a').neg())).toEqual(
      rows.map((x) => (x.a === null ? null : -(x.a as number) || 0)),
    );
    expect(run(table, col('p').add(col('q')))).toEqual(
      rows.map((x) => (x.p === null || x.q === null ? null : Number(x.p) + Number(x.q))),
    );
  });

  it('throws OverflowError instead of wrapping, ignoring null rows', () => {
    const t = tableOf([{ v: 120 }, { v: 100 }, { v: null }], { v: 'int8' });
    expect(() => run(t, col('v').add(10))).toThrow(OverflowError);
    expect(run(t, col('v').add(7))).toEqual([127, 107, null]);
    expect(run(t, col('v').cast('int32').add(10))).toEqual([130, 110, null]);
  });

  it('broadcasts a literal', () => {
    expect(run(table, lit(2.5))).toEqual(rows.map(() => 2.5));
    expect(run(table, lit('k'))).toEqual(rows.map(() => 'k'));
    expect(run(table, lit(null).add(col('a')))).toEqual(rows.map(() => null));
  });
});

describe('comparisons', () => {
  const cmp = {
    eq: (a: any, b: any) => a === b,
    ne: (a: any, b: any) => a !== b,
    lt: (a: any, b: any) => a < b,
    le: (a: any, b: any) => a <= b,
    gt: (a: any, b: any) => a > b,
    ge: (a: any, b: any) => a >= b,
  } as const;
  for (const [op, f] of Object.entries(cmp)) {
    it(`${op} on numbers, strings and categories`, () => {
      const ref = (k1: string, k2: string) =>
        rows.map((x) => (x[k1] === null || x[k2] === null ? null : f(x[k1], x[k2])));
      expect(run(table, (col('a') as any)[op](col('x')))).toEqual(ref('a', 'x'));
      expect(run(table, (col('a') as any)[op](2))).toEqual(
        rows.map((x) => (x.a === null ? null : f(x.a, 2))),
      );
      expect(run(table, (lit(2) as any)[op](col('a')))).toEqual(
        rows.map((x) => (x.a === null ? null : f(2, x.a))),
      );
      for (const t of [table, dict]) {
        expect(run(t, (col('s') as any)[op](col('t')))).toEqual(ref('s', 't'));
        expect(run(t, (col('s') as any)[op]('apple'))).toEqual(
          rows.map((x) => (x.s === null ? null : f(x.s, 'apple'))),
        );
        expect(run(t, (lit('b') as any)[op](col('s')))).toEqual(
          rows.map((x) => (x.s === null ? null : f('b', x.s))),
        );
      }
      expect(run(table, (col('p') as any)[op](col('q')))).toEqual(ref('p', 'q'));
    });
  }

  it('orders strings by code point', () => {
    const t = tableOf([{ s: '\uffff' }, { s: '😀' }, { s: 'a' }], { s: 'string' });
    expect(run(t, col('s').lt('😀'))).toEqual([true, false, true]);
  });
});

describe('three-valued logic', () => {
  const vals = [true, false, null];
  const combos = vals.flatMap((p) => vals.map((q) => ({ p, q })));
  const t = tableOf(combos, { p: 'bool', q: 'bool' });
  const and3 = (p: boolean | null, q: boolean | null) =>
    p === false || q === false ? false : p === null || q === null ? null : true;
  const or3 = (p: boolean | null, q: boolean | null) =>
    p === true || q === true ? true : p === null || q === null ? null : false;

  it('and / or / not follow SQL truth tables', () => {
    expect(run(t, col('p').and(col('q')))).toEqual(combos.map(({ p, q }) => and3(p, q)));
    expect(run(t, col('p').or(col('q')))).toEqual(combos.map(({ p, q }) => or3(p, q)));
    expect(run(t, col('p').not())).toEqual(combos.map(({ p }) => (p === null ? null : !p)));
    for (const s of vals) {
      expect(run(t, col('p').and(lit(s)))).toEqual(combos.map(({ p }) => and3(p, s)));
      expect(run(t, col('p').or(lit(s)))).toEqual(combos.map(({ p }) => or3(p, s)));
    }
  });

  it('combines with comparisons on the random table', () => {
    const e = col('a')
      .gt(0)
      .and(col('s').isIn(['apple', 'zebra']))
      .or(col('p'));
    const ref = rows.map((x) =>
      or3(
        and3(
          x.a === null ? null : (x.a as number) > 0,
          x.s === null ? null : ['apple', 'zebra'].includes(x.s as string),
        ),
        x.p as boolean | null,
      ),
    );
    expect(run(table, e)).toEqual(ref);
    expect(run(dict, e)).toEqual(ref);
  });
});

describe('nulls and membership', () => {
  it('isNull / isNotNull are never null', () => {
    expect(run(table, col('s').isNull())).toEqual(rows.map((x) => x.s === null));
    expect(run(dict, col('s').isNotNull())).toEqual(rows.map((x) => x.s !== null));
  });

  it('fillNull with literals and columns', () => {
    expect(run(table, col('a').fillNull(0))).toEqual(rows.map((x) => x.a ?? 0));
    expect(run(table, col('a').fillNull(col('b')))).toEqual(rows.map((x) => x.a ?? x.b ?? null));
    expect(run(table, col('a').fillNull(0.5))).toEqual(rows.map((x) => x.a ?? 0.5));
    for (const t of [table, dict]) {
      expect(run(t, col('s').fillNull('?'))).toEqual(rows.map((x) => x.s ?? '?'));
      expect(run(t, col('s').fillNull(col('t')))).toEqual(rows.map((x) => x.s ?? x.t ?? null));
    }
    expect(run(dict, col('s').fillNull('apple'))).toEqual(rows.map((x) => x.s ?? 'apple'));
  });

  it('isIn and between', () => {
    expect(run(table, col('a').isIn([1, 2, 3]))).toEqual(
      rows.map((x) => (x.a === null ? null : [1, 2, 3].includes(x.a as number))),
    );
    for (const t of [table, dict]) {
      expect(run(t, col('s').isIn(['apple', '', 'Äpfel']))).toEqual(
        rows.map((x) => (x.s === null ? null : ['apple', '', 'Äpfel'].includes(x.s as string))),
      );
    }
    expect(run(table, col('x').between(-10, col('a')))).toEqual(
      rows.map((x) => {
        const ge = x.x === null ? null : (x.x as number) >= -10;
        const le = x.x === null || x.a === null ? null : (x.x as number) <= (x.a as number);
        return ge === false || le === false ? false : ge === null || le === null ? null : true;
      }),
    );
  });
});

describe('evaluation over several record batches', () => {
  it('evaluates batch by batch', () => {
    const t2 = tableOf(rows.slice(0, 100), { a: 'int32', b: 'int32' }).concat(
      tableOf(rows.slice(100), { a: 'int32', b: 'int32' }),
    );
    expect(t2.batches.length).toBe(2);
    expect(run(t2, col('a').mul(col('b')))).toEqual(
      rows.map((x) => nn((a, b) => a * b + 0)(x.a as Num, x.b as Num)),
    );
  });
});
