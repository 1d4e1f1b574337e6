/**
 * Planning a Parquet read, in the caller's thread: paths and globs are expanded, each file's footer
 * is read (never its data), the schemas are checked to agree, and each file's row groups are cut into
 * partitions — `rowGroupsPerPartition` consecutive row groups, or as many as fit in `blocksize`
 * uncompressed bytes. A partition never spans two files; a file with no row groups gives one empty
 * partition, so its schema still shows.
 */

import { parseSize, TuskError } from '@tusk/core';
import { Schema } from 'apache-arrow';
import { ColumnNotFoundError } from '../../expr/errors.js';
import { expandPaths } from '../csv/glob.js';
import { ParquetFileNotFoundError, ParquetSchemaError } from './errors.js';
import { type ParquetFooter, readParquetFooter } from './footer.js';

/** Options of `readParquet`. */
export interface ParquetReadOptions {
  /** Read only these columns, in this order (default: all, in file order). */
  columns?: readonly string[];
  /** Consecutive row groups of one file per partition (default 1). */
  rowGroupsPerPartition?: number;
  /**
   * Instead of a fixed count: group consecutive row groups of a file until their uncompressed size
   * reaches this many bytes (`'128MB'` or a number). A row group larger than it is a partition alone.
   */
  blocksize?: number | string;
}

/** One partition: some row groups of one file. */
export interface ParquetPart {
  readonly path: string;
  readonly rowGroups: readonly number[];
  readonly rows: number;
  readonly size: number;
  readonly mtimeMs: number;
}

/** A planned read. */
export interface ParquetPlan {
  readonly files: readonly ParquetFooter[];
  readonly parts: readonly ParquetPart[];
  /** The schema of the frame: the files' schema restricted to `columns`. */
  readonly schema: Schema;
  readonly columns: readonly string[] | null;
}

/**
 * Expand paths and glob patterns into files (in order; duplicates dropped).
 *
 * @example
 * expandParquetPaths('out/*.parquet'); // ['out/part-00000.parquet', 'out/part-00001.parquet']
 */
export function expandParquetPaths(paths: string | readonly string[]): string[] {
  if (!Array.isArray(paths) && typeof paths !== 'string')
    throw new TuskError('readParquet needs a path, a glob pattern or a list of them.');
  return expandPaths(paths, {
    empty: () => new TuskError('readParquet: no paths were given.'),
    noMatch: (pattern) => new ParquetFileNotFoundError(pattern, 'glob'),
  });
}

function checkSameSchema(first: ParquetFooter, other: ParquetFooter): void {
  const a = first.schema.fields;
  const b = other.schema.fields;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const fa = a[i];
    const fb = b[i];
    if (fa === undefined)
      throw new ParquetSchemaError(other.path, first.path, fb.name, `it has an extra column '${fb.name}'`);
    if (fb === undefined)
      throw new ParquetSchemaError(other.path, first.path, fa.name, `it lacks column '${fa.name}'`);
    if (fa.name !== fb.name)
      throw new ParquetSchemaError(
        other.path,
        first.path,
        fa.name,
        `column ${i + 1} is '${fb.name}' where '${first.path}' has '${fa.name}'`,
      );
    if (String(fa.type) !== String(fb.type))
      throw new ParquetSchemaError(
        other.path,
        first.path,
        fa.name,
        `column '${fa.name}' is ${fb.type} where '${first.path}' has ${fa.type}`,
      );
  }
}

function resolveGrouping(options: ParquetReadOptions): { count: number } | { bytes: number } {
  if (options.blocksize !== undefined && options.rowGroupsPerPartition !== undefined)
    throw new TuskError('readParquet: give either rowGroupsPerPartition or blocksize, not both.');
  if (options.blocksize !== undefined) {
    const bytes = parseSize(options.blocksize, 'readParquet blocksize');
    if (!(bytes > 0))
      throw new TuskError(`readParquet: blocksize must be positive, got ${options.blocksize}.`);
    return { bytes };
  }
  const count = options.rowGroupsPerPartition ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new TuskError(`readParquet: rowGroupsPerPartition must be a positive integer, got ${count}.`);
  return { count };
}

/**
 * Plan a read of Parquet files: footers, the frame's schema, and the partitions.
 *
 * @example
 * planParquet('out/*.parquet', { rowGroupsPerPartition: 2 }).parts.length;
 */
export function planParquet(
  paths: string | readonly string[],
  options: ParquetReadOptions = {},
): ParquetPlan {
  const grouping = resolveGrouping(options);
  const files = expandParquetPaths(paths).map(readParquetFooter);
  for (const f of files.slice(1)) checkSameSchema(files[0], f);
  let schema = files[0].schema;
  const columns = options.columns === undefined ? null : [...options.columns];
  if (columns !== null) {
    const names = schema.fields.map((f) => f.name);
    const seen = new Set<string>();
    for (const c of columns) {
      if (!names.includes(c)) throw new ColumnNotFoundError(c, names, `readParquet('${files[0].path}')`);
      if (seen.has(c)) throw new TuskError(`readParquet: column '${c}' is listed twice in columns.`);
      seen.add(c);
    }
    const byName = new Map(schema.fields.map((f) => [f.name, f]));
    schema = new Schema(
      columns.map((c) => byName.get(c)!),
      schema.metadata,
    );
  }
  const parts: ParquetPart[] = [];
  for (const f of files) {
    const base = { path: f.path, size: f.size, mtimeMs: f.mtimeMs };
    if (f.rowGroups.length === 0) {
      parts.push({ ...base, rowGroups: [], rows: 0 });
      continue;
    }
    let group: number[] = [];
    let rows = 0;
    let bytes = 0;
    f.rowGroups.forEach((g, i) => {
      const full = 'count' in grouping ? group.length === grouping.count : bytes + g.bytes > grouping.bytes;
      if (group.length > 0 && full) {
        parts.push({ ...base, rowGroups: group, rows });
        group = [];
        rows = 0;
        bytes = 0;
      }
      group.push(i);
      rows += g.rows;
      bytes += g.bytes;
    });
    parts.push({ ...base, rowGroups: group, rows });
  }
  return { files, parts, schema, columns };
}
