/**
 * One generated dataset per test file: rows from the seeded generator, written as CSV files in a
 * temp directory, and a readCsv frame over them with a tiny blocksize (many partitions).
 */

import { join } from 'node:path';
import { type DataFrame, readCsv } from '../../src/index.js';
import { datasetCsv, makeRows, type Row, tempDir, writeText } from './data.js';

/** A dataset on disk and the frame reading it. */
export interface Dataset {
  readonly rows: Row[];
  readonly dir: string;
  readonly paths: string[];
  readonly df: DataFrame;
  readonly cleanup: () => void;
}

/**
 * `n` rows in `files` CSV files read with `blocksize` bytes per partition.
 *
 * @example
 * const ds = makeDataset({ n: 2000, seed: 1 }); // ... ds.cleanup() in afterAll
 */
export function makeDataset(options: {
  n: number;
  seed: number;
  files?: number;
  blocksize?: number;
}): Dataset {
  const { dir, cleanup } = tempDir('tusk-ds-');
  const files = options.files ?? 2;
  const per = Math.ceil(options.n / files);
  const rows: Row[] = [];
  const paths: string[] = [];
  for (let f = 0; f < files; f++) {
    const part = makeRows(Math.min(per, options.n - f * per), options.seed * 31 + f, f * per);
    rows.push(...part);
    paths.push(writeText(dir, `data-${f}.csv`, datasetCsv(part)));
  }
  const df = readCsv(join(dir, 'data-*.csv'), { blocksize: options.blocksize ?? 4096 });
  return { rows, dir, paths, df, cleanup };
}
