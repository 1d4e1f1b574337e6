/**
 * sortValues and setIndex: an external sort in bounded memory, all lazy.
 *
 * 1. Each partition contributes an evenly spaced sample of the first sort column
 *    (kernels/range-partition.ts: `sampleForQuantiles`).
 * 2. One task turns the samples into `npartitions - 1` boundaries (weighted quantiles).
 * 3. Each partition is split by those boundaries (`rangeSplit`) into pieces, one per output.
 * 4. Output j concatenates piece j of every input and sorts it (`concatSort`).
 * No step holds more than one output partition's rows plus the pieces in flight; the store spills
 * pieces when the memory budget is reached. Output partitions are in order, so concatenating them
 * gives the sorted frame. Ties and multi-column sorts are resolved inside each output partition
 * (stable; nulls last).
 */

import { blockKey, functionRef, type GraphNode, getitem, Layer, Ref, TuskError, task } from '@tusk/core';
import { kernel, layerName, partitionKeys } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { concatSort, rangeSplit } from '../kernels/frame-glue.js';
import { quantileBoundaries, sampleForQuantiles } from '../kernels/range-partition.js';

export interface SortOptions {
  /** Ascending (default true), one flag for all columns or one per column. */
  ascending?: boolean | readonly boolean[];
  /** Output partitions (default: as many as the input). */
  npartitions?: number;
  /** Sample size per partition (default 256). */
  sample?: number;
}

export function sortValues(
  df: DataFrame,
  by: string | readonly string[],
  options: SortOptions = {},
): DataFrame {
  const cols = typeof by === 'string' ? [by] : [...by];
  if (cols.length === 0) throw new TuskError('sortValues needs at least one column.');
  for (const c of cols) {
    if (!df.columns.includes(c))
      throw new TuskError(`sortValues: no column '${c}'. Columns: ${df.columns.join(', ')}.`);
  }
  const asc = options.ascending ?? true;
  const ascending = typeof asc === 'boolean' ? cols.map(() => asc) : [...asc];
  if (ascending.length !== cols.length) {
    throw new TuskError(`sortValues: ${ascending.length} ascending flags for ${cols.length} columns.`);
  }
  const n = options.npartitions ?? df.npartitions;
  const sample = options.sample ?? 256;
  const name = layerName('sort', df.name, cols, ascending, n, sample);
  const inputs = partitionKeys(df.name, df.npartitions);
  const nodes: GraphNode[] = [];
  const samples = inputs.map((k, i) => {
    const key = blockKey(`${name}-sample`, [i]);
    nodes.push(task(key, kernel(sampleForQuantiles), [new Ref(k), cols[0], sample]));
    return new Ref(key);
  });
  const boundaries = `${name}-boundaries`;
  nodes.push(task(boundaries, kernel(quantileBoundaries), [samples, n]));
  const getitemRef = functionRef(getitem);
  const pieces: Ref[][] = Array.from({ length: n }, () => []);
  inputs.forEach((k, i) => {
    const sk = blockKey(`${name}-split`, [i]);
    nodes.push(task(sk, kernel(rangeSplit), [new Ref(k), cols[0], new Ref(boundaries), ascending[0], n]));
    for (let j = 0; j < n; j++) {
      const pk = blockKey(`${name}-piece`, [i, j]);
      nodes.push(task(pk, getitemRef, [new Ref(sk), j]));
      pieces[j].push(new Ref(pk));
    }
  });
  for (let j = 0; j < n; j++)
    nodes.push(task(blockKey(name, [j]), kernel(concatSort), [pieces[j], cols, ascending]));
  return new DataFrame(
    name,
    new Layer(name, nodes, [df.__tusk_layer()], 'dataframe'),
    n,
    df.meta,
    undefined,
    cols[0],
  );
}

/** Sort and partition by `column`, and record it as the frame's index. */
export function setIndex(df: DataFrame, column: string, options: SortOptions = {}): DataFrame {
  return sortValues(df, column, options);
}
