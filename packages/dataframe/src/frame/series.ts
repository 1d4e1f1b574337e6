/**
 * Series: one column of a DataFrame, lazily. It wraps a one-column frame; reductions give Delayed
 * values (`await s.mean().compute()`), `compute()` gives an Arrow Vector.
 */

import {
  blockKey,
  COLLECTION,
  type ComputeOptions,
  compute,
  type Delayed,
  type DotOptions,
  type KeyTree,
  type Layer,
  type TuskCollection,
  toDot,
} from '@tusk/core';
import type { Table, Vector } from 'apache-arrow';
import { emptyTable } from '../kernels/arrow/table.js';
import type { ReduceValue } from '../kernels/reduce.js';
import {
  type ValueCountsOptions,
  valueCountsCombine,
  valueCountsFinalize,
  valueCounts as valueCountsKernel,
  valueCountsPartial,
} from '../kernels/value-counts.js';
import { reduceColumn } from '../verbs/reductions.js';
import { kernel, layerName, partitionKeys, treeLayer } from './build.js';
import { DataFrame } from './dataframe.js';

export class Series implements TuskCollection<Vector> {
  readonly [COLLECTION] = true as const;

  constructor(
    /** A frame with exactly this one column. */
    readonly frame: DataFrame,
    readonly name: string,
  ) {}

  __tusk_layer(): Layer {
    return this.frame.__tusk_layer();
  }
  __tusk_keys(): KeyTree {
    return this.frame.__tusk_keys();
  }
  __tusk_finalize(values: unknown): Vector {
    return this.frame.__tusk_finalize(values).getChild(this.name)!;
  }
  __tusk_rebuild(layer: Layer): Series {
    return new Series(this.frame.__tusk_rebuild(layer), this.name);
  }

  get npartitions(): number {
    return this.frame.npartitions;
  }

  /** The Arrow type of the values, as text. */
  get dtype(): string {
    return String(this.frame.meta.fields[0].type);
  }

  /** Compute the column as an Arrow Vector. */
  async compute(options: ComputeOptions = {}): Promise<Vector> {
    const [v] = await compute(this, options);
    return v as Vector;
  }

  /** The first `n` values. */
  async head(n = 5, options: ComputeOptions = {}): Promise<Vector> {
    return (await this.frame.head(n, options)).getChild(this.name)!;
  }

  toDot(options?: DotOptions): string {
    return toDot(this, options);
  }

  toString(): string {
    return `Series(name=${this.name}, dtype=${this.dtype}, npartitions=${this.npartitions})`;
  }

  count(): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'count');
  }
  sum(): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'sum');
  }
  mean(): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'mean');
  }
  min(): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'min');
  }
  max(): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'max');
  }
  /** Standard deviation (ddof 1, as pandas). */
  std(ddof = 1): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'std', { ddof });
  }
  var(ddof = 1): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'var', { ddof });
  }
  /** Number of distinct non-null values (exact; the partial state holds each partition's distinct values). */
  nunique(): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'nunique');
  }
  /** Approximate quantile (see kernels/quantile-sketch.ts for the error bound). */
  quantile(q: number): Delayed<ReduceValue> {
    return reduceColumn(this.frame, this.name, 'quantile', { q });
  }

  /** Count of each distinct value (most frequent first), as a one-partition frame `[name, count]`. */
  valueCounts(options: ValueCountsOptions = {}): DataFrame {
    const meta = (valueCountsKernel(emptyTable(this.frame.meta), this.name, options) as Table).schema;
    const name = layerName('value-counts', this.frame.name, this.name, options);
    const { layer } = treeLayer(
      name,
      partitionKeys(this.frame.name, this.frame.npartitions),
      {
        partial: kernel(valueCountsPartial),
        partialArgs: [this.name],
        combine: kernel(valueCountsCombine),
        combineArgs: [this.name],
        finalize: kernel(valueCountsFinalize),
        finalizeArgs: [this.name, options],
      },
      [this.frame.__tusk_layer()],
      blockKey(name, [0]),
    );
    return new DataFrame(name, layer, 1, meta);
  }

  /** Distinct values, in order of first appearance, as a one-partition frame. */
  dropDuplicates(): DataFrame {
    return this.frame.dropDuplicates();
  }
}
