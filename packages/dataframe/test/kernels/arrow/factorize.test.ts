import { describe, expect, it } from 'vitest';
import { BytesTable, factorize, firstRows, NumberTable } from '../../../src/kernels/arrow/factorize.js';
import { columnsOf } from '../../../src/kernels/arrow/table.js';
import { rng, tableOf } from '../helpers.js';

describe('factorize', () => {
  it('gives equal keys equal codes, in first-appearance order, across tables', () => {
    const r = rng(6);
    const mk = (n: number) =>
      Array.from({ length: n }, () => ({
        k: r() < 0.1 ? null : `k${Math.floor(r() * 300)}`,
        n: Math.floor(r() * 3),
      }));
    const rowsA = mk(2000);
    const rowsB = mk(500);
    for (const kind of ['string', 'category'] as const) {
      const A = columnsOf(tableOf(rowsA, { k: kind, n: 'int32' }));
      const B = columnsOf(tableOf(rowsB, { k: 'string', n: 'float64' }));
      for (const nulls of ['drop', 'group'] as const) {
        const { codes, count } = factorize([A, B], ['bytes', 'number'], nulls);
        const seen = new Map<string, number>();
        const all = [...rowsA, ...rowsB];
        const flat = [...codes[0], ...codes[1]];
        all.forEach((x, i) => {
          if (nulls === 'drop' && x.k === null) {
            expect(flat[i]).toBe(-1);
            return;
          }
          const id = JSON.stringify([x.k, x.n]);
          if (!seen.has(id)) seen.set(id, seen.size);
          expect(flat[i]).toBe(seen.get(id));
        });
        expect(count).toBe(seen.size);
      }
    }
  });

  it('hash tables grow and treat NaN as one key, -0 as 0', () => {
    const t = new NumberTable(2);
    for (let i = 0; i < 10000; i++) expect(t.getOrInsert(i * 1.5)).toBe(i);
    expect(t.getOrInsert(Number.NaN)).toBe(t.getOrInsert(Number.NaN));
    expect(t.find(-0)).toBe(t.find(0));
    const b = new BytesTable(2);
    const enc = new TextEncoder();
    for (let i = 0; i < 5000; i++) {
      const e = enc.encode(`s${i}`);
      expect(b.getOrInsert(e, 0, e.length)).toBe(i);
    }
    expect(b.decode(4321)).toBe('s4321');
    expect(firstRows(Int32Array.of(2, -1, 0, 2, 1), 3)).toEqual(Int32Array.of(2, 4, 0));
  });
});
