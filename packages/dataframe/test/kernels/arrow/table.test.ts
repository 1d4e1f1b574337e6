/**
 * makeTable's dictionary ids: tables made in different threads (or read back from IPC) can carry the
 * same dictionary ids, and a kernel that puts their columns side by side (a join) must still give a
 * valid table, whatever ids Arrow's own id counter would hand out next.
 */

import { type Data, Dictionary, Field, Int32, Utf8 } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { columnsOf, makeTable } from '../../../src/kernels/arrow/table.js';
import { hashJoin } from '../../../src/kernels/hash-join.js';
import { rowsOf, tableOf } from '../helpers.js';

/** `data` as a dictionary column with dictionary id `id`. */
function withId(data: Data, id: number): Data {
  const t = data.type as Dictionary;
  return data.clone(new Dictionary(t.dictionary, t.indices, id, t.isOrdered));
}

/** The id Arrow's counter gives the next Dictionary made without one. */
function nextCounterId(): number {
  return new Dictionary(new Utf8(), new Int32()).id + 1;
}

describe('makeTable dictionary ids', () => {
  it('renumbers a repeated id to one no other field uses', () => {
    const src = tableOf(
      [
        { a: 'x', b: 'p', c: 'm' },
        { a: 'y', b: 'q', c: 'n' },
      ],
      {
        a: 'category',
        b: 'category',
        c: 'category',
      },
    );
    const [a, b, c] = columnsOf(src);
    // a and c share an id, b holds the id the counter would give next.
    const n = nextCounterId();
    const cols = [withId(a, n + 1), withId(b, n), withId(c, n + 1)];
    const fields = ['a', 'b', 'c'].map((name, i) => new Field(name, cols[i].type, true));
    const t = makeTable(fields, cols);
    const ids = t.schema.fields.map((f) => (f.type as Dictionary).id);
    expect(new Set(ids).size).toBe(3);
    expect(rowsOf(t)).toEqual([
      { a: 'x', b: 'p', c: 'm' },
      { a: 'y', b: 'q', c: 'n' },
    ]);
  });

  it('lets a join combine category columns whose ids collide', () => {
    const l = tableOf(
      [
        { k: 'a', cat: 'c1' },
        { k: 'b', cat: 'c2' },
        { k: 'c', cat: 'c1' },
      ],
      {
        k: 'category',
        cat: 'category',
      },
    );
    const r = tableOf(
      [
        { k: 'b', region: 'south' },
        { k: 'a', region: 'north' },
      ],
      {
        k: 'string',
        region: 'category',
      },
    );
    // As if each side came from another thread: ids 0, 1 on the left and 0 on the right, and the
    // counter about to hand out one of them.
    const n = nextCounterId();
    const [lk, lc] = columnsOf(l).map((d, i) => withId(d, n + i));
    const [rk, rr] = columnsOf(r);
    const left = makeTable([new Field('k', lk.type, true), new Field('cat', lc.type, true)], [lk, lc]);
    const rreg = withId(rr, n);
    const right = makeTable(
      [new Field('k', rk.type, true), new Field('region', rreg.type, true)],
      [rk, rreg],
    );
    const out = hashJoin(left, right, { on: 'k' });
    expect(rowsOf(out)).toEqual([
      { k: 'a', cat: 'c1', region: 'north' },
      { k: 'b', cat: 'c2', region: 'south' },
    ]);
  });
});
