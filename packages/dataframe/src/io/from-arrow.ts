/**
 * DataFrames from data already in memory (an Arrow Table, an array of records) and from Arrow IPC
 * files (one partition per file).
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { blockKey, dataNode, type GraphNode, Layer, TuskError, task } from '@tusk/core';
import { RecordBatchReader, type Table, tableFromJSON } from 'apache-arrow';
import { kernel, layerName } from '../frame/build.js';
import { DataFrame } from '../frame/dataframe.js';
import { readIpcFile } from '../kernels/frame-glue.js';
import { expandCsvPaths } from './csv/plan-csv.js';

/**
 * A frame over an Arrow Table, cut into `npartitions` row ranges (default 1).
 *
 * @example
 * const df = fromArrow(table, { npartitions: 4 });
 */
export function fromArrow(table: Table, options: { npartitions?: number } = {}): DataFrame {
  const n = options.npartitions ?? 1;
  if (!Number.isInteger(n) || n < 1)
    throw new TuskError(`fromArrow: npartitions must be a positive integer, got ${n}.`);
  const rows = table.numRows;
  const name = layerName('from-arrow', table.schema.fields.map(String), rows, n, table);
  const nodes: GraphNode[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((rows * i) / n);
    const end = Math.floor((rows * (i + 1)) / n);
    nodes.push(dataNode(blockKey(name, [i]), table.slice(start, end)));
  }
  return new DataFrame(name, new Layer(name, nodes, [], 'dataframe'), n, table.schema);
}

/**
 * A frame over an array of plain records (column types inferred by Arrow).
 *
 * @example
 * const df = fromRecords([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
 */
export function fromRecords(
  records: readonly Record<string, unknown>[],
  options: { npartitions?: number } = {},
): DataFrame {
  if (!Array.isArray(records)) throw new TuskError('fromRecords needs an array of plain objects.');
  return fromArrow(tableFromJSON(records as Record<string, unknown>[]), options);
}

/** The schema of an Arrow IPC file, read from its first bytes. */
function ipcSchema(path: string) {
  const fd = openSync(path, 'r');
  try {
    let size = 1 << 16;
    for (;;) {
      const buf = Buffer.alloc(size);
      const got = readSync(fd, buf, 0, size, 0);
      try {
        const reader = RecordBatchReader.from(buf.subarray(0, got));
        reader.open();
        return reader.schema;
      } catch (err) {
        if (got < size) throw new TuskError(`'${path}' is not an Arrow IPC file: ${(err as Error).message}`);
        size *= 4;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A frame over Arrow IPC files (a path, a glob or a list), one partition per file.
 *
 * @example
 * const df = readIpc('out/*.arrow');
 */
export function readIpc(paths: string | readonly string[]): DataFrame {
  const files = expandCsvPaths(paths);
  const meta = ipcSchema(files[0]);
  const name = layerName('read-ipc', files);
  const nodes = files.map((f, i) => task(blockKey(name, [i]), kernel(readIpcFile), [f]));
  return new DataFrame(name, new Layer(name, nodes, [], 'dataframe'), files.length, meta);
}
