/**
 * Typed errors of @tusk/array. All extend core's `TuskError`; each carries the fields a caller needs
 * to tell what went wrong where (the operation, the axis, the shapes, the chunks), and its message
 * says what to do about it.
 */

import { TuskError } from '@tusk/core';

/** Base class of the array errors. */
export class ArrayError extends TuskError {
  override name = 'ArrayError';
}

/** An axis outside `[-ndim, ndim)`, or repeated. */
export class AxisError extends ArrayError {
  override name = 'AxisError';
  constructor(
    readonly operation: string,
    readonly axis: number,
    readonly ndim: number,
  ) {
    super(
      `${operation}: axis ${axis} is out of bounds for an array of ${ndim} dimension${ndim === 1 ? '' : 's'}; ` +
        `use an axis in [${-ndim}, ${ndim - 1}] (negative counts from the end), each at most once.`,
    );
  }
}

/** Shapes that do not fit together (broadcasting, matmul, concatenate, reshape, fromArray). */
export class ShapeError extends ArrayError {
  override name = 'ShapeError';
  constructor(
    readonly operation: string,
    readonly shapes: readonly (readonly number[])[],
    detail: string,
  ) {
    super(`${operation}: ${detail} (shapes ${shapes.map((s) => `(${s.join(', ')})`).join(' and ')}).`);
  }
}

/** Chunks that do not match the shape, or chunk boundaries that an operation cannot work across. */
export class ChunkError extends ArrayError {
  override name = 'ChunkError';
  constructor(
    readonly operation: string,
    readonly shape: readonly number[],
    readonly chunks: unknown,
    detail: string,
  ) {
    super(`${operation}: ${detail}`);
  }
}

/** A dtype an operation cannot take, or an unknown dtype name. */
export class DTypeError extends ArrayError {
  override name = 'DTypeError';
  constructor(
    readonly operation: string,
    readonly dtype: unknown,
    detail: string,
  ) {
    super(`${operation}: ${detail}`);
  }
}

/** An index or slice that does not fit the array. */
export class IndexError extends ArrayError {
  override name = 'IndexError';
  constructor(
    readonly operation: string,
    readonly index: unknown,
    detail: string,
  ) {
    super(`${operation}: ${detail}`);
  }
}

/** A malformed or unsupported .npy file. */
export class NpyFormatError extends ArrayError {
  override name = 'NpyFormatError';
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}
