/**
 * .npy input and output that never hold the whole array. `fromNpy(path)` reads the header when the
 * array is built (shape, dtype, order) and makes one task per block that reads only that block's bytes
 * (kernels/npy.ts); Fortran-ordered files are read as the transpose of a C-ordered one. `toNpy` writes
 * into a temporary file beside the target — header first, then every block into its own byte ranges as
 * soon as it is computed (and released) — and renames it into place when all blocks are written; on
 * failure the temporary file is removed.
 */

import { closeSync, openSync, readSync, statSync, unlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ComputeOptions, Layer, Ref, task, uniqueToken } from '@tusk/core';
import { ChunkedArray } from '../chunked-array.js';
import { blockIndices, blockShape, type ChunksInput, chunkOffsets, normalizeChunks } from '../chunks.js';
import { itemsize } from '../dtype.js';
import { NpyFormatError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { runLayer } from '../graph/run-layer.js';
import { npyCreate, npyFinish, parseNpyHeader, readNpyBlock, writeNpyBlock } from '../kernels/npy.js';
import { transpose } from './transpose.js';

/**
 * An array reading a .npy file block by block.
 *
 * @example
 * const x = fromNpy('data.npy', { chunks: 1000 });
 */
export function fromNpy(path: string, options: { chunks?: ChunksInput } = {}): ChunkedArray {
  const file = resolve(path);
  let head: Uint8Array;
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(file);
    const fd = openSync(file, 'r');
    try {
      head = new Uint8Array(Math.min(Number(stat.size), 1 << 16));
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (cause) {
    throw new NpyFormatError(file, `cannot read the file: ${(cause as Error).message}`);
  }
  const h = parseNpyHeader(head, (detail) => {
    throw new NpyFormatError(file, detail);
  });
  const need = h.dataOffset + h.shape.reduce((p, q) => p * q, 1) * itemsize(h.dtype);
  if (Number(stat.size) < need) {
    throw new NpyFormatError(
      file,
      `the file has ${stat.size} bytes but its header's shape needs ${need}; it is truncated.`,
    );
  }
  // A Fortran-ordered file is the C-ordered file of the reversed shape, transposed.
  const shape = h.fortran ? [...h.shape].reverse() : h.shape;
  const wanted = options.chunks;
  const chunks = normalizeChunks(
    h.fortran && Array.isArray(wanted) ? [...wanted].reverse() : wanted,
    shape,
    h.dtype,
    'fromNpy',
  );
  const offsets = chunks.map(chunkOffsets);
  const name = layerName('from-npy', file, Number(stat.mtimeMs), Number(stat.size), chunks);
  const ref = kernel(readNpyBlock);
  const nodes = gridNodes(name, chunks, (idx, key) =>
    task(key, ref, [
      file,
      h.dataOffset,
      h.dtype,
      h.littleEndian,
      shape,
      idx.map((i, a) => offsets[a][i]),
      blockShape(chunks, idx),
    ]),
  );
  const x = new ChunkedArray(name, arrayLayer(name, nodes, []), shape, chunks, h.dtype);
  return h.fortran ? transpose(x) : x;
}

/**
 * Compute `x` and write it to `path` as a .npy file, block by block.
 *
 * @example
 * await random.random([1000, 1000], { seed: 1, chunks: 250 }).toNpy('out.npy');
 */
export async function toNpy(x: ChunkedArray, path: string, options: ComputeOptions = {}): Promise<void> {
  const file = resolve(path);
  const tmp = `${file}.tmp-${uniqueToken().slice(0, 12)}`;
  const name = layerName('to-npy', x.name, file);
  const create = `${name}-create`;
  const nodes = [task(create, kernel(npyCreate), [tmp, [...x.shape], x.dtype])];
  const offsets = x.chunks.map(chunkOffsets);
  const written: Ref[] = [];
  for (const idx of blockIndices(x.numblocks)) {
    const key = keyOf(`${name}-write`, idx);
    nodes.push(
      task(key, kernel(writeNpyBlock), [
        tmp,
        new Ref(create),
        [...x.shape],
        idx.map((i, a) => offsets[a][i]),
        new Ref(keyOf(x.name, idx)),
      ]),
    );
    written.push(new Ref(key));
  }
  nodes.push(task(name, kernel(npyFinish), [tmp, file, written]));
  const layer = new Layer(name, nodes, [x.__tusk_layer()], 'array');
  try {
    await runLayer(layer, name, options);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Not created yet, or already renamed.
    }
    throw err;
  }
}
