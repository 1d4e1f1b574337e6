/**
 * nunique: the number of distinct non-null values per group.
 *
 * State: per group, the list of its distinct values (an Arrow List column: Float64 items for
 * number-like columns, Utf8 items for strings/categories). A partial factorizes the values, marks the
 * distinct (group, value) pairs — in a byte array when groups × values is small, else a hash set —
 * and writes each group's values as one list; combine flattens the lists and does the same again;
 * finalize counts list lengths. Memory: a partial holds O(distinct (group, value) pairs) of its
 * partition and a combine the union of its inputs — up to the number of distinct values of the whole
 * column per group at the root, so a high-cardinality column costs as much as its distinct values.
 * int64 values are compared as doubles (distinct values beyond 2^53 apart by less than their spacing
 * merge).
 */

import { type Data, Field, Float64, List, makeData } from 'apache-arrow';
import { requireDType } from '../../expr/dtype.js';
import { type BytesTable, KeyEncoder, keyKind, NumberTable } from '../arrow/factorize.js';
import { Utf8Builder } from '../arrow/utf8.js';
import { type Aggregator, f64Data, type GroupContext } from './aggregator.js';

/** Lists of the distinct non-null values of `values` per group (`groupOf[i]` in [0, G], G = dropped). */
function distinctLists(groupOf: Int32Array | null, G: number, values: Data): Data {
  const n = values.length;
  const enc = new KeyEncoder(keyKind(requireDType(values.type, 'value'), 'value'));
  const vcodes = enc.encode(values, 'drop');
  const V = enc.count;
  // distinct (group, value) pairs, in first-appearance order
  const pg = new Int32Array(n);
  const pv = new Int32Array(n);
  let pairs = 0;
  if ((G + 1) * V <= 1 << 24) {
    const seen = new Uint8Array((G + 1) * V);
    for (let i = 0; i < n; i++) {
      const v = vcodes[i];
      if (v < 0) continue;
      const g = groupOf === null ? 0 : groupOf[i];
      if (g === G) continue;
      const key = g * V + v;
      if (!seen[key]) {
        seen[key] = 1;
        pg[pairs] = g;
        pv[pairs++] = v;
      }
    }
  } else {
    const table = new NumberTable();
    for (let i = 0; i < n; i++) {
      const v = vcodes[i];
      if (v < 0) continue;
      const g = groupOf === null ? 0 : groupOf[i];
      if (g === G) continue;
      const before = table.size;
      table.getOrInsert(g * V + v);
      if (table.size > before) {
        pg[pairs] = g;
        pv[pairs++] = v;
      }
    }
  }
  // counting sort of the pairs by group
  const offsets = new Int32Array(G + 1);
  for (let p = 0; p < pairs; p++) offsets[pg[p] + 1]++;
  for (let g = 0; g < G; g++) offsets[g + 1] += offsets[g];
  const fill = offsets.slice(0, G);
  const order = new Int32Array(pairs);
  for (let p = 0; p < pairs; p++) order[fill[pg[p]]++] = pv[p];
  let child: Data;
  if (enc.kind === 'number') {
    const keys = (enc.table as NumberTable).keys;
    const out = new Float64Array(order.length);
    for (let e = 0; e < order.length; e++) out[e] = keys[order[e]];
    child = makeData({ type: new Float64(), length: out.length, nullCount: 0, data: out });
  } else {
    const t = enc.table as BytesTable;
    const b = new Utf8Builder(order.length);
    for (let e = 0; e < order.length; e++) b.appendBytes(t.arena, t.starts[order[e]], t.ends[order[e]]);
    child = b.finish();
  }
  const type = new List(new Field('item', child.type, true));
  return makeData({ type, length: G, nullCount: 0, valueOffsets: offsets, child });
}

function flatten(ctx: GroupContext, list: Data): [Int32Array, Data] {
  const offsets = list.valueOffsets as Int32Array;
  const start = offsets[0];
  const end = offsets[ctx.rows];
  const elemGroup = new Int32Array(end - start);
  for (let r = 0; r < ctx.rows; r++) {
    const g = ctx.codes === null ? 0 : ctx.codes[r];
    for (let e = offsets[r]; e < offsets[r + 1]; e++) elemGroup[e - start] = g;
  }
  return [elemGroup, list.children[0].slice(start, end - start)];
}

/** nunique (nulls not counted). */
export const nuniqueAgg: Aggregator = {
  stats: ['values'],
  check(spec) {
    keyKind(spec.dtype ?? 'null', spec.column ?? '');
  },
  partial: (ctx, data) => [distinctLists(ctx.codes, ctx.groups, data!)],
  combine(ctx, [list]) {
    const [elemGroup, child] = flatten(ctx, list);
    return [distinctLists(elemGroup, ctx.groups, child)];
  },
  finalize([list], G) {
    const offsets = list.valueOffsets as Int32Array;
    const out = new Float64Array(G);
    for (let g = 0; g < G; g++) out[g] = offsets[g + 1] - offsets[g];
    return f64Data(out, G);
  },
};
