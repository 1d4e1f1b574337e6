/**
 * Aggregation specs: which aggregation of which column, and the names of its state and output columns.
 *
 * A spec is plain data `{ column, agg, name?, q?, ddof?, k? }` (so it crosses to workers). Output
 * names follow pandas' flattened `agg` names: `<column>_<agg>` (`x_sum`, `x_mean`, `x_nunique`),
 * `size` for the row count, `<column>_q<100·q>` for quantiles (`x_q25`), unless `name` is given.
 * In partial/combine tables the states of spec i are columns `<i>:<stat>` (e.g. `0:sum`, `1:m2`), next
 * to the key columns, so they never clash with user column names.
 */

import type { Schema } from 'apache-arrow';
import { type DType, requireDType } from '../../expr/dtype.js';
import { InvalidArgumentError } from '../../expr/errors.js';
import { columnIndex } from '../arrow/table.js';

/** The aggregations. */
export type AggName =
  | 'count'
  | 'size'
  | 'sum'
  | 'mean'
  | 'min'
  | 'max'
  | 'std'
  | 'var'
  | 'first'
  | 'last'
  | 'nunique'
  | 'median'
  | 'quantile';

/** Every aggregation name. */
export const AGG_NAMES: readonly AggName[] = [
  'count',
  'size',
  'sum',
  'mean',
  'min',
  'max',
  'std',
  'var',
  'first',
  'last',
  'nunique',
  'median',
  'quantile',
];

/** One aggregation of one column (`size` takes no column). */
export interface AggSpec {
  /** The column aggregated (omit for 'size'). */
  readonly column?: string;
  readonly agg: AggName;
  /** Output column name (default: see the module header). */
  readonly name?: string;
  /** Quantile in [0, 1] for 'quantile'. */
  readonly q?: number;
  /** Delta degrees of freedom for 'std'/'var' (default 1, like pandas). */
  readonly ddof?: number;
  /** Sketch size for 'quantile'/'median' (default 1024; see quantile-sketch.ts). */
  readonly k?: number;
}

/** A validated spec with its output name and the input dtype. */
export interface ResolvedAgg extends AggSpec {
  readonly name: string;
  readonly index: number;
  readonly dtype: DType | undefined;
}

/**
 * The default output name of a spec.
 *
 * @example
 * outputName({ column: 'x', agg: 'mean' }); // 'x_mean'
 */
export function outputName(spec: AggSpec): string {
  if (spec.name !== undefined) return spec.name;
  if (spec.agg === 'size') return spec.column === undefined ? 'size' : `${spec.column}_size`;
  if (spec.agg === 'quantile') return `${spec.column}_q${+((spec.q ?? 0.5) * 100).toPrecision(6)}`;
  return `${spec.column}_${spec.agg}`;
}

/**
 * Validate specs against a schema (columns exist, names unique and not key names).
 *
 * @example
 * resolveAggs(schema, ['k'], [{ column: 'x', agg: 'sum' }]);
 */
export function resolveAggs(
  schema: Schema,
  keys: readonly string[],
  aggs: readonly AggSpec[],
): ResolvedAgg[] {
  if (!Array.isArray(aggs))
    throw new InvalidArgumentError('aggregations must be an array of { column, agg } specs.');
  const seen = new Set<string>(keys);
  return aggs.map((spec, index) => {
    if (typeof spec !== 'object' || spec === null || !AGG_NAMES.includes(spec.agg)) {
      throw new InvalidArgumentError(
        `Unknown aggregation ${JSON.stringify((spec as AggSpec)?.agg)}; expected one of ${AGG_NAMES.join(', ')}.`,
      );
    }
    let dtype: DType | undefined;
    if (spec.column !== undefined) {
      const i = columnIndex(schema, spec.column, `aggregation ${spec.agg}`);
      dtype = requireDType(schema.fields[i].type, spec.column);
    } else if (spec.agg !== 'size') {
      throw new InvalidArgumentError(`Aggregation '${spec.agg}' needs a column.`);
    }
    if (spec.agg === 'quantile' && !(typeof spec.q === 'number' && spec.q >= 0 && spec.q <= 1)) {
      throw new InvalidArgumentError(`quantile needs q in [0, 1], got ${spec.q}.`);
    }
    const name = outputName(spec);
    if (seen.has(name)) {
      throw new InvalidArgumentError(`Two output columns would be named '${name}'; give one a { name }.`);
    }
    seen.add(name);
    return { ...spec, name, index, dtype };
  });
}

/**
 * The state column name of stat `stat` of spec `index`.
 *
 * @example
 * stateName(0, 'sum'); // '0:sum'
 */
export function stateName(index: number, stat: string): string {
  return `${index}:${stat}`;
}
