/**
 * readCsv: a DataFrame over CSV files, one partition per byte range of `blocksize`.
 *
 * Planning runs here, in the caller's thread, and is cheap: globs are expanded, files are stat'ed
 * and cut into ranges, and the column types are inferred from a sample of the first file (see
 * io/csv/infer-schema.ts). No file is read whole: each partition's task reads only its own byte range
 * (plus the end of the row it is in) when the graph runs, so files far larger than memory go through
 * in bounded memory.
 */

import { blockKey, type GraphNode, Layer, task } from '@tusk/core';
import { kernel, layerName } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { toArrowSchema } from './csv/csv-schema.js';
import { inferSchema } from './csv/infer-schema.js';
import type { CsvReadOptions } from './csv/options.js';
import { planCsv } from './csv/plan-csv.js';
import { readCsvBlock } from './csv/read-csv-block.js';

/**
 * Read CSV files (a path, a glob such as `'data/*.csv'`, or a list) as a DataFrame.
 *
 * @example
 * const df = readCsv('data/*.csv', { blocksize: '64MB', dtypes: { y: 'float64' } });
 * const means = await df.groupby('key').col('x').mean().compute();
 */
export function readCsv(paths: string | readonly string[], options: CsvReadOptions = {}): DataFrame {
  const plan = planCsv(paths, options);
  const schema = inferSchema(
    plan.files.map((f) => f.path),
    options,
  );
  const meta = toArrowSchema(schema);
  const name = layerName('read-csv', plan.blocks, schema, options);
  const ref = kernel(readCsvBlock);
  const nodes: GraphNode[] = plan.blocks.map((b, i) =>
    task(blockKey(name, [i]), ref, [
      {
        path: b.path,
        start: b.start,
        end: b.end,
        schema,
        options,
        index: b.index,
        size: b.size,
        mtimeMs: b.mtimeMs,
      },
    ]),
  );
  return new DataFrame(name, new Layer(name, nodes, [], 'dataframe'), nodes.length, meta);
}
