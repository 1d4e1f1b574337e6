import { describe, expect, it } from 'vitest';
import { columnsOf, makeTable } from '../../../src/kernels/arrow/table.js';
import { takeData } from '../../../src/kernels/arrow/take.js';
import { rowsOf, tableOf } from '../helpers.js';
import { layoutRows, layoutTypes } from './layouts.js';

const types = layoutTypes;
const rows = layoutRows(37);

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
