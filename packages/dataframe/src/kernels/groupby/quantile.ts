/**
 * quantile / median: approximate quantiles per group with the mergeable sketch of
 * quantile-sketch.ts (exact while a group has at most k values; error bound in that module).
 *
 * State: two List<Float64> columns per group — the sketch's point values and weights. A partial
 * buckets valid values by group (counting sort), sorts each group's run natively and compacts it; a
 * combine flattens the lists, merges each group's points and compacts again; finalize queries q
 * (0.5 for median) with pandas' linear interpolation. Null when a group has no values.
 */

import { type Data, Field, Float64, List, makeData } from 'apache-arrow';
import { isNumeric } from '../../expr/dtype.js';
import { DTypeError } from '../../expr/errors.js';
import { readNumbers } from '../arrow/numbers.js';
import {
  compactSorted,
  DEFAULT_SKETCH_SIZE,
  mergePoints,
  pointSink,
  querySketch,
} from '../quantile-sketch.js';
import { type Aggregator, f64Data, type GroupContext, validityOf } from './aggregator.js';
import type { ResolvedAgg } from './spec.js';

function listOf(values: Float64Array, size: number, offsets: Int32Array, G: number): Data {
  const child = makeData({ type: new Float64(), length: size, nullCount: 0, data: values.subarray(0, size) });
  return makeData({
    type: new List(new Field('item', new Float64(), true)),
    length: G,
    nullCount: 0,
    valueOffsets: offsets,
    child,
  });
}

function sketchSize(spec: ResolvedAgg): number {
  return spec.k ?? DEFAULT_SKETCH_SIZE;
}

function partial(ctx: GroupContext, data: Data, spec: ResolvedAgg): Data[] {
  const G = ctx.groups;
  const v = readNumbers(data);
  const [bits, off] = validityOf(data);
  const codes = ctx.codes;
  const n = ctx.rows;
  const counts = new Int32Array(G + 2);
  const valid = (i: number): boolean =>
    bits === null || ((bits[(off + i) >> 3] >> ((off + i) & 7)) & 1) === 1;
  for (let i = 0; i < n; i++) if (valid(i)) counts[(codes === null ? 0 : codes[i]) + 1]++;
  for (let g = 0; g <= G; g++) counts[g + 1] += counts[g];
  const pos = counts.slice(0, G + 1);
  const sorted = new Float64Array(counts[G + 1]);
  for (let i = 0; i < n; i++) if (valid(i)) sorted[pos[codes === null ? 0 : codes[i]]++] = v[i];
  const sink = pointSink(sorted.length);
  const offsets = new Int32Array(G + 1);
  const k = sketchSize(spec);
  for (let g = 0; g < G; g++) {
    const run = sorted.subarray(counts[g], counts[g + 1]);
    run.sort();
    compactSorted(run, 0, run.length, k, sink);
    offsets[g + 1] = sink.size;
  }
  return [listOf(sink.values, sink.size, offsets, G), listOf(sink.weights, sink.size, offsets, G)];
}

function combine(ctx: GroupContext, [vals, wts]: readonly Data[], spec: ResolvedAgg): Data[] {
  const G = ctx.groups;
  const vo = vals.valueOffsets as Int32Array;
  const wo = wts.valueOffsets as Int32Array;
  const vc = readNumbers(vals.children[0]);
  const wc = readNumbers(wts.children[0]);
  // rows of each group
  const rowsOf: number[][] = Array.from({ length: G }, () => []);
  for (let r = 0; r < ctx.rows; r++) {
    const g = ctx.codes === null ? 0 : ctx.codes[r];
    if (g < G) rowsOf[g].push(r);
  }
  const sink = pointSink(vc.length);
  const offsets = new Int32Array(G + 1);
  const k = sketchSize(spec);
  for (let g = 0; g < G; g++) {
    const pv: number[] = [];
    const pw: number[] = [];
    for (const r of rowsOf[g]) {
      for (let e = vo[r], f = wo[r]; e < vo[r + 1]; e++, f++) {
        pv.push(vc[e]);
        pw.push(wc[f]);
      }
    }
    mergePoints(pv, pw, k, sink);
    offsets[g + 1] = sink.size;
  }
  return [listOf(sink.values, sink.size, offsets, G), listOf(sink.weights, sink.size, offsets, G)];
}

function finalize([vals, wts]: readonly Data[], G: number, spec: ResolvedAgg): Data {
  const q = spec.agg === 'median' ? 0.5 : spec.q!;
  const vo = vals.valueOffsets as Int32Array;
  const vc = readNumbers(vals.children[0]);
  const wc = readNumbers(wts.children[0]);
  const wo = wts.valueOffsets as Int32Array;
  const out = new Float64Array(G);
  const valid = new Uint8Array(G);
  for (let g = 0; g < G; g++) {
    const r = querySketch(
      vc.subarray(vo[g], vo[g + 1]),
      wc.subarray(wo[g], wo[g + 1]),
      0,
      vo[g + 1] - vo[g],
      q,
    );
    if (r !== null) {
      out[g] = r;
      valid[g] = 1;
    }
  }
  return f64Data(out, G, valid);
}

function check(spec: ResolvedAgg): void {
  const d = spec.dtype;
  if (d === undefined || !(isNumeric(d) || d === 'bool')) {
    throw new DTypeError(
      `Aggregation '${spec.agg}' needs a numeric column; column '${spec.column}' is ${d}.`,
      spec.column,
    );
  }
}

/** Approximate quantile q. */
export const quantileAgg: Aggregator = {
  stats: ['values', 'weights'],
  check,
  partial: (c, d, s) => partial(c, d!, s),
  combine,
  finalize,
};
/** Approximate median. */
export const medianAgg: Aggregator = quantileAgg;
