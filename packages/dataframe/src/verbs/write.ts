/**
 * Writers: each partition is written by its own task as soon as it is computed, so a frame larger
 * than memory streams to disk. `toCsv` writes a directory of files, files named by a pattern with
 * `*`, or one file (`singleFile: true`), appended partition by partition in order.
 */

import { join } from 'node:path';
import {
  blockKey,
  type ComputeOptions,
  compute,
  Delayed,
  functionRef,
  type GraphNode,
  identity,
  Layer,
  Ref,
  task,
} from '@tusk/core';
import { kernel, layerName, partitionKeys } from '../frame/build.js';
import type { DataFrame } from '../frame/dataframe.js';
import type { WriteCsvOptions } from '../io/csv/write-csv-partition.js';
import {
  checkWriteParquetOptions,
  type WriteParquetOptions,
  writeParquetFile,
} from '../io/parquet/parquet-kernels.js';
import { appendCsvFile, writeCsvFile, writeIpcFile } from '../kernels/frame-glue.js';

export interface ToCsvOptions {
  /** Write all partitions into one file, in order. */
  singleFile?: boolean;
}

const WRITE_KEYS = ['header', 'delimiter', 'quoteChar', 'naRep', 'lineTerminator'] as const;

function split(options: Record<string, unknown>): [WriteCsvOptions, ComputeOptions] {
  const write: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    if ((WRITE_KEYS as readonly string[]).includes(k)) write[k] = v;
    else if (k !== 'singleFile') rest[k] = v;
  }
  return [write as WriteCsvOptions, rest as ComputeOptions];
}

/** The path of partition i: pattern `*` replaced by the zero-padded index, or `dir/part-00000.csv`. */
export function partitionPath(path: string, i: number, n: number, ext: string): string {
  const id = String(i).padStart(Math.max(5, String(n - 1).length), '0');
  return path.includes('*') ? path.replace('*', id) : join(path, `part-${id}${ext}`);
}

async function runWrites(
  df: DataFrame,
  name: string,
  nodes: GraphNode[],
  keys: string[],
  options: ComputeOptions,
) {
  const listKey = `${name}-paths`;
  nodes.push(task(listKey, functionRef(identity), [keys.map((k) => new Ref(k))]));
  const paths = new Delayed<string[]>(listKey, new Layer(name, nodes, [df.__tusk_layer()], 'dataframe'));
  const [out] = (await compute(paths, options)) as unknown as [string[]];
  return out;
}

export async function toCsv(
  df: DataFrame,
  path: string,
  options: ToCsvOptions & WriteCsvOptions & ComputeOptions = {},
): Promise<string[]> {
  const [write, computeOptions] = split(options as Record<string, unknown>);
  const name = layerName('to-csv', df.name, path, write, options.singleFile ?? false);
  const inputs = partitionKeys(df.name, df.npartitions);
  const nodes: GraphNode[] = [];
  const keys: string[] = [];
  if (options.singleFile) {
    let prev: Ref | null = null;
    inputs.forEach((k, i) => {
      const key = blockKey(name, [i]);
      nodes.push(task(key, kernel(appendCsvFile), [new Ref(k), path, write, i === 0, prev]));
      prev = new Ref(key);
    });
    if (inputs.length > 0) keys.push(blockKey(name, [inputs.length - 1]));
  } else {
    inputs.forEach((k, i) => {
      const key = blockKey(name, [i]);
      nodes.push(
        task(key, kernel(writeCsvFile), [new Ref(k), partitionPath(path, i, inputs.length, '.csv'), write]),
      );
      keys.push(key);
    });
  }
  return runWrites(df, name, nodes, keys, computeOptions);
}

export async function toIpc(df: DataFrame, dir: string, options: ComputeOptions = {}): Promise<string[]> {
  const name = layerName('to-ipc', df.name, dir);
  const inputs = partitionKeys(df.name, df.npartitions);
  const nodes: GraphNode[] = [];
  const keys = inputs.map((k, i) => {
    const key = blockKey(name, [i]);
    nodes.push(task(key, kernel(writeIpcFile), [new Ref(k), partitionPath(dir, i, inputs.length, '.arrow')]));
    return key;
  });
  return runWrites(df, name, nodes, keys, options);
}

export async function toParquet(
  df: DataFrame,
  dir: string,
  options: WriteParquetOptions & ComputeOptions = {},
): Promise<string[]> {
  const { compression, rowGroupSize, ...computeOptions } = options;
  const write: WriteParquetOptions = {
    ...(compression === undefined ? {} : { compression }),
    ...(rowGroupSize === undefined ? {} : { rowGroupSize }),
  };
  checkWriteParquetOptions(write);
  const name = layerName('to-parquet', df.name, dir, write);
  const inputs = partitionKeys(df.name, df.npartitions);
  const nodes: GraphNode[] = [];
  const keys = inputs.map((k, i) => {
    const key = blockKey(name, [i]);
    const path = partitionPath(dir, i, inputs.length, '.parquet');
    nodes.push(task(key, kernel(writeParquetFile), [new Ref(k), path, write]));
    return key;
  });
  return runWrites(df, name, nodes, keys, computeOptions);
}
