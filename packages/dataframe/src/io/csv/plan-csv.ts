/**
 * Planning a CSV read (main thread, cheap: glob + stat, no file reads): expand the paths, then cut each
 * file into equal byte ranges of at most `blocksize`. Partition i reads the rows that START in its
 * range [start, end) — finishing the last one past `end` — so the ranges tile the file and no step
 * holds a whole file. Each block records the file's size and mtime so a partition can detect a file
 * that changed after planning. An empty file still gets one (empty) block, so it contributes a
 * zero-row partition.
 */

import { statSync } from 'node:fs';
import { CsvError, CsvFileNotFoundError, CsvGlobError } from './errors.js';
import { expandPaths } from './glob.js';
import { type CsvReadOptions, resolveCsvOptions } from './options.js';

/** One input file as planned. */
export interface CsvFileInfo {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** One partition: a byte range of one file (plain data: a graph carries it to a worker as is). */
export interface CsvBlock {
  /** Partition number across all files. */
  readonly index: number;
  readonly path: string;
  readonly fileIndex: number;
  /** Rows starting in [start, end) belong to this partition. */
  readonly start: number;
  readonly end: number;
  /** The file's size and mtime at planning time. */
  readonly size: number;
  readonly mtimeMs: number;
}

/** The planned read. */
export interface CsvPlan {
  readonly files: readonly CsvFileInfo[];
  readonly blocks: readonly CsvBlock[];
}

/**
 * Expand paths and glob patterns into existing files (in order; duplicates dropped).
 *
 * @example
 * expandCsvPaths(['a.csv', 'data/*.csv']); // ['a.csv', 'data/1.csv', 'data/2.csv']
 */
export function expandCsvPaths(paths: string | readonly string[]): string[] {
  return expandPaths(paths, {
    empty: () => new CsvError('', 'No CSV paths were given.'),
    noMatch: (pattern) => new CsvGlobError(pattern),
  });
}

function statFile(path: string): CsvFileInfo {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CsvFileNotFoundError(path, 'planning', err);
    throw new CsvError(path, `Cannot read CSV file '${path}': ${(err as Error).message}`, { cause: err });
  }
  if (st.isDirectory()) {
    throw new CsvError(path, `'${path}' is a directory; name its files, e.g. '${path}/*.csv'.`);
  }
  return { path, size: st.size, mtimeMs: st.mtimeMs };
}

/**
 * Plan the partitions of a CSV read: files (globs expanded) cut into equal byte ranges of at most
 * `blocksize` (as few as that allows).
 *
 * @example
 * const plan = planCsv('data/*.csv', { blocksize: '64MB' });
 * plan.blocks[0]; // 1 GB file: { index: 0, path: 'data/1.csv', fileIndex: 0, start: 0, end: 62500000, size, mtimeMs }
 */
export function planCsv(paths: string | readonly string[], options: CsvReadOptions = {}): CsvPlan {
  const { blocksize } = resolveCsvOptions(options);
  const files = expandCsvPaths(paths).map(statFile);
  const blocks: CsvBlock[] = [];
  files.forEach((f, fileIndex) => {
    // Equal ranges (to a byte) of at most `blocksize`: a short last range would leave workers idle.
    const n = blocksize === null || f.size === 0 ? 1 : Math.ceil(f.size / blocksize);
    for (let i = 0; i < n; i++) {
      blocks.push({
        index: blocks.length,
        path: f.path,
        fileIndex,
        start: Math.floor((f.size * i) / n),
        end: i === n - 1 ? f.size : Math.floor((f.size * (i + 1)) / n),
        size: f.size,
        mtimeMs: f.mtimeMs,
      });
    }
  });
  return { files, blocks };
}
