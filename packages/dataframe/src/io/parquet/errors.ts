/**
 * Typed errors of the Parquet reader and writer. Every one is a `TuskError` carrying the file
 * concerned, so callers and tests branch on the class and read fields; each message says what to do.
 */

import { TuskError } from '@tusk/core';

/**
 * Base class of the Parquet errors; `path` is the file (or pattern) concerned.
 *
 * @example
 * try { readParquet('x.parquet'); } catch (e) { if (e instanceof ParquetError) console.error(e.path); }
 */
export class ParquetError extends TuskError {
  override name = 'ParquetError';
  constructor(
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A file named explicitly does not exist, a glob matched nothing, or a file vanished before its
 * partition was read (`when`).
 *
 * @example
 * readParquet('missing.parquet'); // throws ParquetFileNotFoundError { path: 'missing.parquet' }
 */
export class ParquetFileNotFoundError extends ParquetError {
  override name = 'ParquetFileNotFoundError';
  constructor(
    path: string,
    readonly when: 'planning' | 'glob' | 'reading',
    cause?: unknown,
  ) {
    super(
      path,
      when === 'planning'
        ? `Parquet file not found: '${path}'. Check the path (relative paths resolve against ${process.cwd()}).`
        : when === 'glob'
          ? `No file matches '${path}'. Check the directory and the pattern ('*' does not cross '/', use '**' for that).`
          : `Parquet file '${path}' vanished after the read was planned. ` +
            'Keep input files in place until the computation has finished, then run it again.',
      { cause },
    );
  }
}

/**
 * A file is not a readable Parquet file (bad magic bytes, a corrupt footer, or it changed after the
 * read was planned); `reason` says which.
 *
 * @example
 * readParquet('data.csv'); // throws ParquetFormatError { path: 'data.csv' }
 */
export class ParquetFormatError extends ParquetError {
  override name = 'ParquetFormatError';
  constructor(
    path: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super(path, `'${path}' is not a readable Parquet file: ${reason}`, { cause });
  }
}

/**
 * Files read together have different schemas: `column` is the first column that differs.
 *
 * @example
 * readParquet(['a.parquet', 'b.parquet']); // throws ParquetSchemaError when b has other columns
 */
export class ParquetSchemaError extends ParquetError {
  override name = 'ParquetSchemaError';
  constructor(
    path: string,
    readonly first: string,
    readonly column: string,
    detail: string,
  ) {
    super(
      path,
      `Parquet file '${path}' does not have the schema of '${first}': ${detail}. ` +
        'Read files with different schemas separately (or select the columns they share with `columns`).',
    );
  }
}
