import { describe, expect, it } from 'vitest';
import { ColumnNotFoundError, DTypeError, InvalidArgumentError } from '../../src/expr/errors.js';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import { hashJoin, type JoinHow } from '../../src/kernels/hash-join.js';
import { type Row, rng, rowsOf, tableOf, typeNames } from './helpers.js';

const r = rng(21);
// duplicate keys on both sides, unmatched rows on both sides, null keys
const left: Row[] = Array.from({ length: 60 }, (_, i) => ({
  k: r() < 0.1 ? null : Math.floor(r() * 12),
  s: r() < 0.1 ? null : ['a', 'b', 'c'][Math.floor(r() * 3)],
  v: i,
}));
const right: Row[] = Array.from({ length: 45 }, (_, j) => ({
  k: r() < 0.1 ? null : Math.floor(r() * 12) + 4,
  s: r() < 0.1 ? null : ['b', 'c', 'd'][Math.floor(r() * 3)],
  v: 1000 + j,
  w: r() < 0.2 ? null : `w${j}`,
}));

/** Nested-loop reference join with pandas-like naming (same-name keys once, suffixes for the rest). */
function refJoin(l: Row[], rr: Row[], keys: string[], how: JoinHow): Row[] {
  const eq = (a: Row, b: Row) => keys.every((k) => a[k] !== null && b[k] !== null && a[k] === b[k]);
  const out: Row[] = [];
  const make = (a: Row | null, b: Row | null): Row => {
    const row: Row = {};
    for (const k of ['k', 's']) row[k] = keys.includes(k) ? (a ?? b)![k] : null;
    if (!keys.includes('s')) {
      row.s_x = a ? a.s : null;
      delete row.s;
    }
    row.v_x = a ? a.v : null;
    if (!keys.includes('s')) row.s_y = b ? b.s : null;
    row.v_y = b ? b.v : null;
    row.w = b ? b.w : null;
    return row;
  };
  if (how === 'right') {
    for (const b of rr) {
      const m = l.filter((a) => eq(a, b));
      if (m.length) for (const a of m) out.push(make(a, b));
      else out.push(make(null, b));
    }
    return out;
  }
  const matched = new Set<Row>();
  for (const a of l) {
    const m = rr.filter((b) => eq(a, b));
    for (const b of m) {
      out.push(make(a, b));
      matched.add(b);
    }
    if (!m.length && how !== 'inner') out.push(make(a, null));
  }
  if (how === 'outer')
    for (const b of rr) if (!rr.some(() => false) && !l.some((a) => eq(a, b))) out.push(make(null, b));
  return out;
}

/** Reorder reference columns like the kernel: left columns then right ones. */
function order(rowsIn: Row[], names: string[]): Row[] {
  return rowsIn.map((x) => Object.fromEntries(names.map((n) => [n, x[n]])));
}

describe('hashJoin', () => {
  const kinds = [
    ['int32 keys, plain strings', { k: 'int32', s: 'string' }, { k: 'int32', s: 'string' }],
    [
      'int32 × float64 keys, category × plain strings',
      { k: 'int32', s: 'category' },
      { k: 'float64', s: 'string' },
    ],
    ['int64 × int32 keys, categories', { k: 'int64', s: 'category' }, { k: 'int32', s: 'category' }],
  ] as const;
  for (const [label, lt, rt] of kinds) {
    const L = tableOf(left, { ...lt, v: 'int32' });
    const R = tableOf(right, { ...rt, v: 'int32', w: 'string' });
    for (const how of ['inner', 'left', 'right', 'outer'] as const) {
      it(`${how} join on one key (${label})`, () => {
        const out = hashJoin(L, R, { on: 'k', how });
        expect(out.schema.names).toEqual(['k', 's_x', 'v_x', 's_y', 'v_y', 'w']);
        expect(rowsOf(out)).toEqual(order(refJoin(left, right, ['k'], how), out.schema.names as string[]));
      });
      it(`${how} join on two keys (${label})`, () => {
        const out = hashJoin(L, R, { on: ['k', 's'], how });
        expect(out.schema.names).toEqual(['k', 's', 'v_x', 'v_y', 'w']);
        expect(rowsOf(out)).toEqual(
          order(refJoin(left, right, ['k', 's'], how), out.schema.names as string[]),
        );
      });
    }
  }

  it('leftOn / rightOn with different names keeps both key columns', () => {
    const L = tableOf(left, { k: 'int32', s: 'string', v: 'int32' });
    const R = tableOf(
      right.map((x) => ({ id: x.k, name: x.w })),
      { id: 'int32', name: 'string' },
    );
    const out = hashJoin(L, R, { leftOn: 'k', rightOn: 'id', how: 'left' });
    expect(out.schema.names).toEqual(['k', 's', 'v', 'id', 'name']);
    const ref: Row[] = [];
    for (const a of left) {
      const m = right.filter((b) => a.k !== null && b.k === a.k);
      if (m.length) for (const b of m) ref.push({ k: a.k, s: a.s, v: a.v, id: b.k, name: b.w });
      else ref.push({ k: a.k, s: a.s, v: a.v, id: null, name: null });
    }
    expect(rowsOf(out)).toEqual(ref);
  });

  it('custom suffixes, empty sides and meta', () => {
    const L = tableOf(left, { k: 'int32', s: 'string', v: 'int32' });
    const R = tableOf(right, { k: 'int32', s: 'string', v: 'int32', w: 'string' });
    expect(hashJoin(L, R, { on: 'k', suffixes: ['_l', '_r'] }).schema.names).toEqual([
      'k',
      's_l',
      'v_l',
      's_r',
      'v_r',
      'w',
    ]);
    const eR = emptyTable(R.schema);
    expect(hashJoin(L, eR, { on: 'k', how: 'left' }).numRows).toBe(left.length);
    expect(hashJoin(L, eR, { on: 'k', how: 'inner' }).numRows).toBe(0);
    expect(rowsOf(hashJoin(emptyTable(L.schema), R, { on: 'k', how: 'outer' })).length).toBe(right.length);
    for (const how of ['inner', 'left', 'right', 'outer'] as const) {
      expect(typeNames(hashJoin(emptyTable(L.schema), eR, { on: 'k', how }))).toEqual(
        typeNames(hashJoin(L, R, { on: 'k', how })),
      );
    }
  });

  it('errors name the problem', () => {
    const L = tableOf(left, { k: 'int32', s: 'string', v: 'int32' });
    const R = tableOf(right, { k: 'int32', s: 'string', v: 'int32', w: 'string' });
    expect(() => hashJoin(L, R, { leftOn: 'k', rightOn: 's' })).toThrow(DTypeError);
    expect(() => hashJoin(L, R, { on: 'zz' })).toThrow(ColumnNotFoundError);
    expect(() => hashJoin(L, R, { on: 'k', how: 'cross' as never })).toThrow(InvalidArgumentError);
    expect(() => hashJoin(L, R, {} as never)).toThrow(InvalidArgumentError);
  });
});
