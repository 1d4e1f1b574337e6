/**
 * repartition: change the number of partitions without changing row order.
 *
 * Fewer partitions: runs of neighbouring partitions are concatenated. More: each partition is cut
 * into nearly equal row slices. `partitionSize` needs the partitions' sizes, so it is the async
 * `repartitionBySize`, which computes them first (as Dask does).
 */

import {
  blockKey,
  type ComputeOptions,
  compute,
  Delayed,
  functionRef,
  type GraphNode,
  identity,
  Layer,
  parseSize,
  Ref,
  TuskError,
  task,
} from '@tusk/core';
import { kernel, layerName, mapLayer, partitionKeys } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { concatTables } from '../kernels/concat-tables.js';
import { sliceFraction, tableBytes } from '../kernels/frame-glue.js';

export interface RepartitionOptions {
  npartitions: number;
}

/** Partitions of nearly equal counts: `total` items into `n` groups. */
function spread(total: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

export function repartition(df: DataFrame, options: RepartitionOptions): DataFrame {
  const n = options?.npartitions;
  if (!Number.isInteger(n) || n < 1) {
    throw new TuskError(
      `repartition: npartitions must be a positive integer, got ${n}. ` +
        'To target a size per partition use await repartitionBySize(df, "64MB").',
    );
  }
  if (n === df.npartitions) return df;
  const name = layerName('repartition', df.name, n);
  const inputs = partitionKeys(df.name, df.npartitions);
  const nodes: GraphNode[] = [];
  if (n < df.npartitions) {
    let at = 0;
    spread(df.npartitions, n).forEach((size, j) => {
      const refs = inputs.slice(at, at + size).map((k) => new Ref(k));
      at += size;
      nodes.push(task(blockKey(name, [j]), kernel(concatTables), [refs]));
    });
  } else {
    let j = 0;
    spread(n, df.npartitions).forEach((pieces, i) => {
      for (let p = 0; p < pieces; p++) {
        nodes.push(task(blockKey(name, [j++]), kernel(sliceFraction), [new Ref(inputs[i]), p, pieces]));
      }
    });
  }
  return new DataFrame(name, new Layer(name, nodes, [df.__tusk_layer()], 'dataframe'), n, df.meta);
}

/**
 * Repartition so each partition holds about `size` bytes (e.g. '64MB'). Computes the partitions'
 * sizes first (one pass over the data); partitions larger than `size` are cut into row slices and
 * runs of small ones are concatenated, in order.
 */
export async function repartitionBySize(
  df: DataFrame,
  size: number | string,
  options: ComputeOptions = {},
): Promise<DataFrame> {
  const target = parseSize(size, 'partitionSize');
  if (target <= 0) throw new TuskError('repartitionBySize: the size must be positive.');
  const sizesName = layerName('partition-bytes', df.name);
  const sizesLayer = mapLayer(
    sizesName,
    partitionKeys(df.name, df.npartitions),
    kernel(tableBytes),
    [],
    [df.__tusk_layer()],
  );
  const listKey = `${sizesName}-list`;
  const refs = partitionKeys(sizesName, df.npartitions).map((k) => new Ref(k));
  const list = new Delayed<number[]>(
    listKey,
    new Layer(listKey, [task(listKey, functionRef(identity), [refs])], [sizesLayer], 'dataframe'),
  );
  const [sizes] = (await compute(list, options)) as unknown as [number[]];
  // Pieces: (partition, slice, slices, bytes), then greedy runs of at most `target` bytes.
  const pieces: { i: number; p: number; k: number; bytes: number }[] = [];
  sizes.forEach((bytes, i) => {
    const k = Math.max(1, Math.ceil(bytes / target));
    for (let p = 0; p < k; p++) pieces.push({ i, p, k, bytes: bytes / k });
  });
  const groups: (typeof pieces)[] = [];
  let current: typeof pieces = [];
  let acc = 0;
  for (const piece of pieces) {
    if (current.length > 0 && acc + piece.bytes > target) {
      groups.push(current);
      current = [];
      acc = 0;
    }
    current.push(piece);
    acc += piece.bytes;
  }
  if (current.length > 0) groups.push(current);
  const name = layerName('repartition-size', df.name, target, sizes);
  const inputs = partitionKeys(df.name, df.npartitions);
  const nodes: GraphNode[] = [];
  groups.forEach((group, j) => {
    const refs = group.map(({ i, p, k }) => {
      if (k === 1) return new Ref(inputs[i]);
      const key = blockKey(`${name}-slice`, [i, p]);
      nodes.push(task(key, kernel(sliceFraction), [new Ref(inputs[i]), p, k]));
      return new Ref(key);
    });
    nodes.push(task(blockKey(name, [j]), kernel(concatTables), [refs]));
  });
  return new DataFrame(
    name,
    new Layer(name, nodes, [df.__tusk_layer()], 'dataframe'),
    groups.length,
    df.meta,
  );
}
