/**
 * Axis arguments: normalise an axis or a list of axes against `ndim` (negative counts from the end)
 * and refuse out-of-range or repeated axes with an AxisError naming the operation.
 */

import { AxisError } from '../errors.js';

/** One axis in [0, ndim). */
export function normalizeAxis(operation: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) throw new AxisError(operation, axis, ndim);
  return axis < 0 ? axis + ndim : axis;
}

/** Sorted distinct axes; `undefined` means all of them. */
export function normalizeAxes(
  operation: string,
  axis: number | readonly number[] | undefined,
  ndim: number,
): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(operation, a, ndim));
  const seen = new Set<number>();
  for (let i = 0; i < out.length; i++) {
    if (seen.has(out[i])) throw new AxisError(operation, list[i], ndim);
    seen.add(out[i]);
  }
  return out.sort((p, q) => p - q);
}
