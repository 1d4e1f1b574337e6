import { describe, expect, it } from 'vitest';
import { col, lit } from '../../src/expr/builder.js';
import { emptyTable } from '../../src/kernels/arrow/table.js';
import { assign } from '../../src/kernels/assign.js';
import { tableFromIpcBytes, tableToIpc } from '../../src/kernels/ipc.js';
import { rowsOf, tableOf, typeNames } from './helpers.js';

const rows = [
  { price: 2.5, qty: 4, cat: 'a' },
  { price: null, qty: 1, cat: 'b' },
  { price: 10, qty: null, cat: null },
];
const t = tableOf(rows, { price: 'float64', qty: 'int32', cat: 'category' });

describe('assign', () => {
  it('appends new columns and replaces existing ones in place', () => {
    const out = assign(t, { total: col('price').mul(col('qty')), qty: col('qty').fillNull(0), one: lit(1) });
    expect(out.schema.names).toEqual(['price', 'qty', 'cat', 'total', 'one']);
    expect(rowsOf(out)).toEqual([
      { price: 2.5, qty: 4, cat: 'a', total: 10, one: 1 },
      { price: null, qty: 1, cat: 'b', total: null, one: 1 },
      { price: 10, qty: 0, cat: null, total: null, one: 1 },
    ]);
  });

  it('lets later expressions see earlier ones', () => {
    const out = assign(t, { a: col('qty').add(1), b: col('a').mul(2) });
    expect(rowsOf(out).map((r) => r.b)).toEqual([10, 4, null]);
  });

  it('copies a category column (two dictionary fields) and still writes IPC', () => {
    const out = assign(t, { cat2: col('cat'), up: col('cat').upper() });
    const back = tableFromIpcBytes(tableToIpc(out));
    expect(rowsOf(back).map((r) => [r.cat2, r.up])).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      [null, null],
    ]);
  });

  it('gives the same schema on an empty table (meta)', () => {
    const spec = { total: col('price').mul(col('qty')), big: col('qty').gt(2), u: col('cat').upper() };
    expect(typeNames(assign(emptyTable(t.schema), spec))).toEqual(typeNames(assign(t, spec)));
  });
});
