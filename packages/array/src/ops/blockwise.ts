/**
 * blockwise: the general block-by-block operation with index strings (Dask's `blockwise`). Each
 * input is paired with one letter per axis; the output's letters say which blocks meet. A letter in
 * the output runs over its blocks; a letter only in the inputs is contracted: the function receives,
 * for each such input, the list of its blocks along that letter (nested in the input's axis order),
 * or, with `concatenate: true`, those blocks joined into one. `'ij', 'jk' → 'ik'` is a blocked
 * matrix product. Arrays sharing a letter must have the same length along it; differently cut ones
 * are rechunked to the common refinement. `newAxes` gives lengths of output letters no input has
 * (one block each). Portable functions run on every scheduler (`blockwiseApply` checks each
 * result); closures run on the synchronous scheduler only, as for mapBlocks.
 */

import { functionRef, isPortable, moduleRef, Ref, type Task, task } from '@tusk/core';
import type { Block } from '../block.js';
import { ChunkedArray } from '../chunked-array.js';
import type { Chunks } from '../chunks.js';
import type { DType } from '../dtype.js';
import { ArrayError, ShapeError } from '../errors.js';
import { arrayLayer, gridNodes, kernel, keyOf, layerName } from '../graph/build.js';
import { assemble } from '../kernels/assemble.js';
import { blockwiseApply, type JoinSpec } from '../kernels/blockwise-apply.js';
import { refine } from './broadcast.js';
import { rechunkTo } from './rechunk.js';

/** Options of blockwise. */
export interface BlockwiseOptions {
  /** Result dtype (default: the first array's). */
  dtype?: DType;
  /** Join the blocks along contracted letters into one block per input (default false: nested lists). */
  concatenate?: boolean;
  /** Lengths of output letters that no input has, e.g. `{ k: 3 }`. */
  newAxes?: Readonly<Record<string, number>>;
  /** Extra arguments passed after the inputs. */
  args?: readonly unknown[];
  /** Key prefix (default: the function's name). */
  name?: string;
}

/** An input: an array and its index string (one letter per axis). */
export type BlockwiseInput = readonly [ChunkedArray, string];

function checkIndex(where: string, index: string, ndim: number): void {
  if (typeof index !== 'string' || index.length !== ndim || new Set(index).size !== index.length) {
    throw new ArrayError(
      `blockwise: ${where} index '${index}' must have one distinct letter per axis (${ndim}).`,
    );
  }
}

/**
 * Apply `fn` to the blocks that meet at each output block.
 *
 * @example
 * // dotBlocks(aList, bList) sums a[j] @ b[j]: a blocked matrix product
 * blockwise(dotBlocks, 'ik', [a, 'ij'], [b, 'jk'], { dtype: 'float64' });
 */
export function blockwise(
  fn: (...inputs: any[]) => Block | Promise<Block>,
  outIndex: string,
  ...rest: [...BlockwiseInput[], BlockwiseOptions] | BlockwiseInput[]
): ChunkedArray {
  const last = rest[rest.length - 1];
  const hasOptions = last !== undefined && !Array.isArray(last);
  const options = (hasOptions ? last : {}) as BlockwiseOptions;
  const pairs = (hasOptions ? rest.slice(0, -1) : rest) as BlockwiseInput[];
  if (pairs.length === 0) throw new ArrayError('blockwise: give at least one [array, index] pair.');
  pairs.forEach(([x, ix], k) => {
    if (!(x instanceof ChunkedArray))
      throw new ArrayError(`blockwise: input ${k} must be an [array, index] pair.`);
    checkIndex(`input ${k}'s`, ix, x.ndim);
  });
  if (new Set(outIndex).size !== outIndex.length)
    throw new ArrayError(`blockwise: output index '${outIndex}' repeats a letter.`);
  const newAxes = options.newAxes ?? {};
  // Length and chunks per letter (common refinement when inputs cut a letter differently).
  const length = new Map<string, number>();
  const cuts = new Map<string, (readonly number[])[]>();
  for (const [x, ix] of pairs) {
    [...ix].forEach((l, a) => {
      const n = length.get(l);
      if (n !== undefined && n !== x.shape[a]) {
        throw new ShapeError(
          'blockwise',
          pairs.map(([y]) => y.shape),
          `index '${l}' has lengths ${n} and ${x.shape[a]}`,
        );
      }
      length.set(l, x.shape[a]);
      cuts.set(l, [...(cuts.get(l) ?? []), x.chunks[a]]);
    });
  }
  const letterChunks = new Map<string, readonly number[]>();
  for (const [l, list] of cuts) {
    const first = list[0];
    const same = list.every((c) => c.length === first.length && c.every((s, i) => s === first[i]));
    letterChunks.set(l, same ? first : refine(list));
  }
  for (const [l, n] of Object.entries(newAxes)) {
    if (length.has(l)) throw new ArrayError(`blockwise: newAxes letter '${l}' is already an input index.`);
    if (!outIndex.includes(l))
      throw new ArrayError(`blockwise: newAxes letter '${l}' is not in '${outIndex}'.`);
    if (!Number.isInteger(n) || n < 0)
      throw new ArrayError(`blockwise: newAxes '${l}' must be a length, got ${n}.`);
    letterChunks.set(l, [n]);
  }
  for (const l of outIndex) {
    if (!letterChunks.has(l)) {
      throw new ArrayError(
        `blockwise: output letter '${l}' appears in no input; give its length with { newAxes: { ${l}: n } }.`,
      );
    }
  }
  const inputs = pairs.map(([x, ix]) =>
    rechunkTo(
      x,
      [...ix].map((l) => letterChunks.get(l)!),
    ),
  );
  const chunks: Chunks = [...outIndex].map((l) => letterChunks.get(l)!);
  const dtype = options.dtype ?? inputs[0].dtype;
  const args = options.args ?? [];
  const concat = options.concatenate === true;
  const ref = functionRef(fn);
  const portable = isPortable(ref);
  const id = ref.module ? `${ref.module}#${ref.exportName}` : fn;
  const name = layerName(
    options.name ?? ref.name,
    id,
    outIndex,
    pairs.map(([, ix]) => ix),
    inputs.map((x) => x.name),
    chunks,
    dtype,
    concat,
    args,
  );
  const extra: Task[] = [];
  const nodes = gridNodes(name, chunks, (idx, key) => {
    const at = new Map([...outIndex].map((l, a) => [l, idx[a]]));
    const values: unknown[] = [];
    const join: JoinSpec[] = [];
    inputs.forEach((x, k) => {
      const ix = pairs[k][1];
      const contracted = [...ix].some((l) => !at.has(l));
      // Nested over contracted axes (or, to concatenate, over every axis with length 1 where fixed).
      const nest = (a: number, bidx: number[]): unknown => {
        if (a === ix.length) return new Ref(keyOf(x.name, bidx));
        const l = ix[a];
        if (at.has(l)) {
          const inner = nest(a + 1, [...bidx, at.get(l)!]);
          return concat && contracted ? [inner] : inner;
        }
        return x.chunks[a].map((_, b) => nest(a + 1, [...bidx, b]));
      };
      values.push(nest(0, []));
      const shape = [...ix].map((l, a) => (at.has(l) ? x.chunks[a][at.get(l)!] : x.shape[a]));
      join.push(concat && contracted ? [shape, x.dtype] : null);
    });
    const shape = idx.map((i, a) => chunks[a][i]);
    if (portable) {
      const plain = moduleRef(ref.module!, ref.exportName!, ref.name);
      return task(key, kernel(blockwiseApply), [{ ...plain }, shape, dtype, values, join, args]);
    }
    const ready = values.map((v, k) => {
      const j = join[k];
      if (!j) return v;
      const sub = keyOf(`${name}-join${k}`, idx);
      extra.push(task(sub, kernel(assemble), [v, j[0], j[1]]));
      return new Ref(sub);
    });
    return task(key, ref, [...ready, ...args]);
  });
  const shape = chunks.map((c) => c.reduce((p, q) => p + q, 0));
  return new ChunkedArray(
    name,
    arrayLayer(
      name,
      [...extra, ...nodes],
      inputs.map((x) => x.__tusk_layer()),
    ),
    shape,
    chunks,
    dtype,
  );
}
