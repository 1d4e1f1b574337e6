/**
 * merge: database-style joins of two frames.
 *
 * Broadcast join: when one side has a single partition and the join type allows it (inner/left with
 * the small side on the right, inner/right with it on the left), every partition of the big side is
 * joined with the whole small side — no shuffle, the big side streams through. Otherwise both sides
 * are hash-partitioned on the join keys into the same number of pieces, and piece j of the left is
 * joined with piece j of the right (a partitioned hash join: rows with equal keys meet in one piece).
 */

import { blockKey, functionRef, type GraphNode, getitem, Layer, Ref, TuskError, task } from '@tusk/core';
import type { Table } from 'apache-arrow';
import { kernel, layerName, partitionKeys } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { projectColumns, registerProjection } from '../frame/projection.js';
import { emptyTable } from '../kernels/arrow/table.js';
import { joinPieces } from '../kernels/frame-glue.js';
import { hashJoin, type JoinHow, type JoinOptions } from '../kernels/hash-join.js';
import { hashPartition } from '../kernels/hash-partition.js';

export interface MergeOptions {
  /** Key columns with the same name on both sides. */
  on?: string | readonly string[];
  leftOn?: string | readonly string[];
  rightOn?: string | readonly string[];
  /** Join type (default 'inner'). */
  how?: JoinHow;
  /** Suffixes for other columns present on both sides (default ['_x', '_y']). */
  suffixes?: readonly [string, string];
  /** Partitions of a shuffled join (default: the larger side's). */
  npartitions?: number;
  /** Force or forbid the broadcast strategy (default: automatic). */
  broadcast?: boolean;
}

function keyList(k: string | readonly string[] | undefined): string[] | undefined {
  return k === undefined ? undefined : typeof k === 'string' ? [k] : [...k];
}

export function merge(left: DataFrame, right: DataFrame, options: MergeOptions): DataFrame {
  const out = mergeFrames(left, right, options);
  // Projection passes through to both sides: a side keeps its keys, the asked columns, and every
  // column the other side also has (dropping one would change the other's suffixed name).
  const leftOn = keyList(options.leftOn ?? options.on) ?? [];
  const rightOn = keyList(options.rightOn ?? options.on) ?? [];
  return registerProjection(out, (wanted) => {
    const want = new Set(wanted);
    const keep = (side: DataFrame, on: readonly string[], other: DataFrame): string[] =>
      side.columns.filter((c) => on.includes(c) || want.has(c) || other.columns.includes(c));
    const l = projectColumns(left, keep(left, leftOn, right));
    const r = projectColumns(right, keep(right, rightOn, left));
    return l === left && r === right ? out : merge(l, r, options);
  });
}

function mergeFrames(left: DataFrame, right: DataFrame, options: MergeOptions): DataFrame {
  const how = options.how ?? 'inner';
  if (!['inner', 'left', 'right', 'outer'].includes(how)) {
    throw new TuskError(`merge: how must be 'inner', 'left', 'right' or 'outer', got '${how}'.`);
  }
  const leftOn = keyList(options.leftOn ?? options.on);
  const rightOn = keyList(options.rightOn ?? options.on);
  if (!leftOn || !rightOn) throw new TuskError('merge: give the join keys as { on } or { leftOn, rightOn }.');
  const join: JoinOptions = {
    leftOn,
    rightOn,
    how,
    ...(options.suffixes ? { suffixes: [...options.suffixes] as [string, string] } : {}),
  };
  // The output schema (and any key/type mismatch) from a join of empty tables.
  const meta = (hashJoin(emptyTable(left.meta), emptyTable(right.meta), join) as Table).schema;
  const name = layerName(
    'merge',
    left.name,
    right.name,
    join,
    options.npartitions ?? 0,
    options.broadcast ?? null,
  );
  const rightSmall = right.npartitions === 1 && (how === 'inner' || how === 'left');
  const leftSmall = left.npartitions === 1 && (how === 'inner' || how === 'right');
  const broadcast = options.broadcast ?? (rightSmall || leftSmall);
  if (broadcast && (rightSmall || leftSmall)) {
    const [big, small, bigIsLeft] = rightSmall ? [left, right, true] : [right, left, false];
    const smallKey = new Ref(partitionKeys(small.name, 1)[0]);
    const ref = kernel(hashJoin);
    const nodes: GraphNode[] = partitionKeys(big.name, big.npartitions).map((k, i) =>
      task(blockKey(name, [i]), ref, bigIsLeft ? [new Ref(k), smallKey, join] : [smallKey, new Ref(k), join]),
    );
    const layer = new Layer(name, nodes, [left.__tusk_layer(), right.__tusk_layer()], 'dataframe');
    return new DataFrame(name, layer, big.npartitions, meta);
  }
  if (options.broadcast === true) {
    throw new TuskError(
      `merge: a broadcast ${how} join needs the ${how === 'right' ? 'left' : 'right'} side in one partition; ` +
        'repartition({ npartitions: 1 }) it first, or leave broadcast unset.',
    );
  }
  const n = options.npartitions ?? Math.max(left.npartitions, right.npartitions);
  const nodes: GraphNode[] = [];
  const getitemRef = functionRef(getitem);
  const split = (side: DataFrame, on: string[], tag: string): Ref[][] => {
    const pieces: Ref[][] = Array.from({ length: n }, () => []);
    partitionKeys(side.name, side.npartitions).forEach((k, i) => {
      const sk = blockKey(`${name}-${tag}-split`, [i]);
      nodes.push(task(sk, kernel(hashPartition), [new Ref(k), on, n]));
      for (let j = 0; j < n; j++) {
        const pk = blockKey(`${name}-${tag}-piece`, [i, j]);
        nodes.push(task(pk, getitemRef, [new Ref(sk), j]));
        pieces[j].push(new Ref(pk));
      }
    });
    return pieces;
  };
  const lp = split(left, leftOn, 'left');
  const rp = split(right, rightOn, 'right');
  for (let j = 0; j < n; j++) nodes.push(task(blockKey(name, [j]), kernel(joinPieces), [lp[j], rp[j], join]));
  const layer = new Layer(name, nodes, [left.__tusk_layer(), right.__tusk_layer()], 'dataframe');
  return new DataFrame(name, layer, n, meta);
}
