/**
 * NDArray: a computed array in memory — what `Array.compute()` returns. It holds the shape, the
 * dtype and one row-major typed array; `get(...idx)` reads one element (negative indices count from
 * the end), `toArray()` gives nested JS arrays (bools as booleans).
 */

import type { Block } from './block.js';
import { sizeOf, stridesOf } from './block.js';
import type { DType, TypedArray } from './dtype.js';
import { IndexError } from './errors.js';

export class NDArray implements Block {
  readonly shape: readonly number[];
  constructor(
    shape: readonly number[],
    readonly dtype: DType,
    readonly data: TypedArray,
  ) {
    this.shape = Object.freeze([...shape]);
  }

  /** Wrap a block (no copy). */
  static fromBlock(b: Block): NDArray {
    return new NDArray(b.shape, b.dtype, b.data);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  /**
   * One element.
   *
   * @example
   * const a = new NDArray([2, 2], 'float64', Float64Array.of(1, 2, 3, 4));
   * a.get(1, 0); // 3
   * a.get(-1, -1); // 4
   */
  get(...idx: number[]): number | boolean {
    if (idx.length !== this.shape.length) {
      throw new IndexError(
        'NDArray.get',
        idx,
        `got ${idx.length} indices for an array of ${this.shape.length} dimensions; give one per axis.`,
      );
    }
    const st = stridesOf(this.shape);
    let off = 0;
    for (let a = 0; a < idx.length; a++) {
      let i = idx[a];
      const n = this.shape[a];
      if (!Number.isInteger(i) || i < -n || i >= n) {
        throw new IndexError('NDArray.get', idx, `index ${i} is out of bounds for axis ${a} of size ${n}.`);
      }
      if (i < 0) i += n;
      off += i * st[a];
    }
    const v = this.data[off];
    return this.dtype === 'bool' ? v !== 0 : v;
  }

  /**
   * Nested JS arrays (a number or boolean for a 0-d array).
   *
   * @example
   * new NDArray([2], 'bool', Uint8Array.of(1, 0)).toArray(); // [true, false]
   */
  toArray(): unknown {
    const bool = this.dtype === 'bool';
    const data = this.data;
    const shape = this.shape;
    const st = stridesOf(shape);
    const build = (axis: number, off: number): unknown => {
      if (axis === shape.length) return bool ? data[off] !== 0 : data[off];
      const out = new globalThis.Array(shape[axis]);
      for (let i = 0; i < shape[axis]; i++) out[i] = build(axis + 1, off + i * st[axis]);
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return `NDArray(shape=(${this.shape.join(', ')}), dtype=${this.dtype})`;
  }
}
