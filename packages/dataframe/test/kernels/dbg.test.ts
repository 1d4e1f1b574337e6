import { it } from 'vitest';
import { groupbyPartial } from '../../src/kernels/groupby.js';
import { select } from '../../src/kernels/select.js';
import { tableFromIpcBytes, tableToIpc } from '../../src/kernels/ipc.js';
import { rng, tableOf } from './helpers.js';
it('dbg', () => {
  const r = rng(1);
  const rows = Array.from({ length: 2000 }, () => ({ k: ['a', 'b', 'c', null][Math.floor(r() * 4)], x: r() < 0.1 ? null : r(), s: r() < 0.1 ? null : `v${Math.floor(r() * 40)}`, f: r() < 0.1 ? null : r() < 0.5, y: Math.floor(r() * 50), d: Date.UTC(2020, 0, 1 + Math.floor(r() * 30)) }));
  const aggs = [{ column: 'x', agg: 'count' }, { column: 'x', agg: 'sum' }, { column: 'x', agg: 'mean' }, { column: 's', agg: 'nunique' }, { column: 'y', agg: 'nunique' }, { column: 'x', agg: 'median' }] as any;
  for (const kind of ['string', 'category'] as const) {
    const t = tableOf(rows, { k: kind, x: 'float64', s: kind, f: 'bool', y: 'int32', d: 'date' });
    const p = groupbyPartial(t.slice(1, 300), ['k', 'f'], aggs);
    try { tableFromIpcBytes(tableToIpc(p)); } catch (e) { console.log('full', (e as Error).message); }
    const names = p.schema.names;
    for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) {
      try { tableFromIpcBytes(tableToIpc(select(p, [names[i], names[j]]))); } catch (e) { console.log(kind, names[i], names[j], (e as Error).message); }
    }
  }
});
