import { describe, expect, it } from 'vitest';
import { columnsOf, makeTable } from '../../../src/kernels/arrow/table.js';
import { takeData } from '../../../src/kernels/arrow/take.js';
import { rowsOf, tableOf } from '../helpers.js';

const types = {
  b: 'bool',
  i8: 'int8',
  i16: 'int16',
  i32: 'int32',
  i64: 'int64',
  u8: 'uint8',
  u32: 'uint32',
  f32: 'float32',
  f64: 'float64',
  s: 'string',
  c: 'category',
  d: 'date',
  ts: 'timestamp[ms]',
} as const;
const rows = Array.from({ length: 37 }, (_, i) => ({
  b: i % 5 === 0 ? null : i % 2 === 0,
  i8: i % 7 === 0 ? null : i - 18,
  i16: i * 100 - 1000,
  i32: i % 3 === 0 ? null : i * 1e6,
  i64: i % 4 === 0 ? null : -(2 ** 45) + i,
  u8: i,
  u32: 4e9 - i,
  f32: i / 4,
  f64: i % 6 === 0 ? null : -i / 3,
  s: i % 8 === 0 ? null : 'x'.repeat(i % 30),
  c: i % 9 === 0 ? null : `c${i % 4}`,
  d: Date.UTC(2000, 0, i + 1),
  ts: i % 10 === 0 ? null : i * 1e9,
}));

describe('takeData', () => {
  it('gathers rows of every layout, -1 giving null, from sliced chunks too', () => {
    const t = tableOf(rows, types).slice(3, 33);
    const src = rows.slice(3, 33);
    const idx = Int32Array.from([29, 0, -1, 5, 5, 17, -1, 2]);
    const out = makeTable(
      t.schema.fields,
      columnsOf(t).map((c) => takeData(c, idx)),
    );
    const nulls = Object.fromEntries(Object.keys(types).map((k) => [k, null]));
    expect(rowsOf(out)).toEqual(Array.from(idx, (j) => (j < 0 ? nulls : src[j])));
  });

  it('all -1 from an empty chunk gives all nulls', () => {
    const t = tableOf([], types);
    const out = makeTable(
      t.schema.fields,
      columnsOf(t).map((c) => takeData(c, new Int32Array(3).fill(-1))),
    );
    expect(rowsOf(out).every((x) => Object.values(x).every((v) => v === null))).toBe(true);
  });
});
