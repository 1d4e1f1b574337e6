/**
 * Typed errors of the per-partition layer (expressions and kernels). All extend core's TuskError and
 * carry structured fields, so callers and tests branch on the class and read the fields; messages say
 * what went wrong and what to do next.
 */

import { TuskError } from '@tusk/core';

/** A column named by an expression or a kernel argument is not in the table. */
export class ColumnNotFoundError extends TuskError {
  override name = 'ColumnNotFoundError';
  constructor(
    readonly column: string,
    readonly available: readonly string[],
    context?: string,
  ) {
    super(
      `${context ? `${context}: ` : ''}column '${column}' not found; available columns: ` +
        `${available.length ? available.map((c) => `'${c}'`).join(', ') : '(none)'}.`,
    );
  }
}

/** A value or column has a dtype the operation cannot take; the message says what was expected. */
export class DTypeError extends TuskError {
  override name = 'DTypeError';
  constructor(
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** Integer arithmetic or a cast produced a value outside the range of the result dtype. */
export class OverflowError extends TuskError {
  override name = 'OverflowError';
  constructor(
    readonly op: string,
    readonly dtype: string,
  ) {
    super(
      `Integer overflow in ${op}: a result does not fit in ${dtype}. ` +
        `Cast the operands first, e.g. col('x').cast('int64') or .cast('float64').`,
    );
  }
}

/** Tables that must share a schema (concatTables, combines) do not. */
export class SchemaMismatchError extends TuskError {
  override name = 'SchemaMismatchError';
  constructor(
    message: string,
    readonly column?: string,
  ) {
    super(message);
  }
}

/** A malformed expression node or kernel argument. */
export class InvalidArgumentError extends TuskError {
  override name = 'InvalidArgumentError';
}
