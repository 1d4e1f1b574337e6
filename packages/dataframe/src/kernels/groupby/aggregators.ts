/**
 * The aggregator registry: aggregation name → Aggregator. A fixed table (no import-time side effects);
 * `aggregatorFor` refuses unknown names with the list of known ones.
 */

import { InvalidArgumentError } from '../../expr/errors.js';
import type { Aggregator } from './aggregator.js';
import { countAgg, meanAgg, sizeAgg, stdAgg, sumAgg, varAgg } from './moments.js';
import { nuniqueAgg } from './nunique.js';
import { medianAgg, quantileAgg } from './quantile.js';
import { firstAgg, lastAgg, maxAgg, minAgg } from './select-row.js';
import { AGG_NAMES, type AggName } from './spec.js';

const AGGREGATORS: Readonly<Record<AggName, Aggregator>> = {
  count: countAgg,
  size: sizeAgg,
  sum: sumAgg,
  mean: meanAgg,
  min: minAgg,
  max: maxAgg,
  std: stdAgg,
  var: varAgg,
  first: firstAgg,
  last: lastAgg,
  nunique: nuniqueAgg,
  median: medianAgg,
  quantile: quantileAgg,
};

/**
 * The aggregator of an aggregation name.
 *
 * @example
 * aggregatorFor('mean').stats; // ['sum', 'n']
 */
export function aggregatorFor(name: AggName): Aggregator {
  const a = AGGREGATORS[name];
  if (!a)
    throw new InvalidArgumentError(`Unknown aggregation '${name}'; expected one of ${AGG_NAMES.join(', ')}.`);
  return a;
}
