import { describe, expect, it } from 'vitest';
import {
  valueCounts,
  valueCountsCombine,
  valueCountsFinalize,
  valueCountsPartial,
} from '../../src/kernels/value-counts.js';
import { type Row, rng, rowsOf, tableOf } from './helpers.js';

const r = rng(8);
const rows: Row[] = Array.from({ length: 1000 }, () => ({
  c: r() < 0.1 ? null : ['x', 'y', 'z', 'w'][Math.floor(r() ** 2 * 4)],
  n: Math.floor(r() * 3),
}));

/** Reference: counts by key, most frequent first, ties in first-appearance order. */
function ref(keys: string[], dropna = true): Row[] {
  const m = new Map<string, Row>();
  for (const x of rows) {
    if (dropna && keys.some((k) => x[k] === null)) continue;
    const id = JSON.stringify(keys.map((k) => x[k]));
    if (!m.has(id)) m.set(id, { ...Object.fromEntries(keys.map((k) => [k, x[k]])), count: 0 });
    (m.get(id)!.count as number)++;
  }
  return [...m.values()].sort((a, b) => (b.count as number) - (a.count as number));
}

describe('valueCounts', () => {
  for (const kind of ['string', 'category'] as const) {
    const t = tableOf(rows, { c: kind, n: 'int32' });
    it(`counts ${kind} values, most frequent first`, () => {
      expect(rowsOf(valueCounts(t, 'c'))).toEqual(ref(['c']));
      expect(rowsOf(valueCounts(t, ['c', 'n']))).toEqual(ref(['c', 'n']));
      expect(rowsOf(valueCounts(t, 'c', { dropna: false }))).toEqual(ref(['c'], false));
    });
    it(`partial/combine over partitions (${kind})`, () => {
      const parts = [t.slice(0, 333), t.slice(333, 334), t.slice(334)];
      const c = valueCountsCombine(
        parts.map((p) => valueCountsPartial(p, 'c')),
        'c',
      );
      expect(rowsOf(valueCountsFinalize(c, 'c'))).toEqual(ref(['c']));
      const norm = rowsOf(valueCountsFinalize(c, 'c', { normalize: true }));
      const total = ref(['c']).reduce((a, x) => a + (x.count as number), 0);
      expect(norm).toEqual(ref(['c']).map((x) => ({ c: x.c, proportion: (x.count as number) / total })));
    });
  }
});
