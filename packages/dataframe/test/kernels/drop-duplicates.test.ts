import { describe, expect, it } from 'vitest';
import { dropDuplicates, dropDuplicatesCombine } from '../../src/kernels/drop-duplicates.js';
import { type Row, rng, rowsOf, tableOf } from './helpers.js';

const r = rng(4);
const rows: Row[] = Array.from({ length: 500 }, (_, i) => ({
  a: r() < 0.1 ? null : Math.floor(r() * 4),
  s: r() < 0.1 ? null : ['p', 'q', 'r'][Math.floor(r() * 3)],
  i,
}));

function ref(subset: string[], keep: 'first' | 'last', input = rows): Row[] {
  const chosen = new Map<string, number>();
  input.forEach((x, j) => {
    const id = JSON.stringify(subset.map((k) => x[k]));
    if (keep === 'last' || !chosen.has(id)) chosen.set(id, j);
  });
  const keepIdx = new Set(chosen.values());
  return input.filter((_, j) => keepIdx.has(j));
}

describe('dropDuplicates', () => {
  for (const kind of ['string', 'category'] as const) {
    const t = tableOf(rows, { a: 'int32', s: kind, i: 'int32' });
    it(`keeps first or last per key, nulls equal (${kind})`, () => {
      expect(rowsOf(dropDuplicates(t, { subset: ['a', 's'] }))).toEqual(ref(['a', 's'], 'first'));
      expect(rowsOf(dropDuplicates(t, { subset: ['a', 's'], keep: 'last' }))).toEqual(
        ref(['a', 's'], 'last'),
      );
      expect(rowsOf(dropDuplicates(t, { subset: 's' }))).toEqual(ref(['s'], 'first'));
      expect(dropDuplicates(t).numRows).toBe(rows.length);
    });
    it(`combines partition results in order (${kind})`, () => {
      const parts = [t.slice(0, 200), t.slice(200, 201), t.slice(201)];
      for (const keep of ['first', 'last'] as const) {
        const per = parts.map((p) => dropDuplicates(p, { subset: ['a', 's'], keep }));
        expect(rowsOf(dropDuplicatesCombine(per, { subset: ['a', 's'], keep }))).toEqual(
          ref(['a', 's'], keep),
        );
      }
    });
  }
});
