/**
 * Int64 column builder (also Timestamp, whose storage is Int64 milliseconds). Safe integers are
 * written as two 32-bit words through an Int32Array view of the same memory — no BigInt per value;
 * only integers beyond ±(2^53 − 1) go through BigInt.
 */

import { type Data, type DataType, makeData } from 'apache-arrow';
import type { ColumnBuilder } from './column-builder.js';
import { trimmed } from './column-builder.js';
import { ValidityBuilder } from './validity.js';

const TWO_32 = 4294967296;

/**
 * Builds an Int64 (or Timestamp) column.
 *
 * @example
 * const b = new Int64Builder();
 * b.append(-5);
 * b.appendBigInt(2n ** 60n);
 * makeVector(b.finish(new Int64())).toArray(); // BigInt64Array [-5n, 1152921504606846976n]
 */
export class Int64Builder implements ColumnBuilder {
  private big = new BigInt64Array(1024);
  /** Low and high 32-bit words of the values (the fast row scanner writes them in place; replaced on growth). */
  words = new Int32Array(this.big.buffer);
  private readonly validity = new ValidityBuilder();
  length = 0;

  reserve(rows: number): void {
    if (rows > this.big.length) this.grow(rows);
  }

  /** Rows the buffers hold without growing. */
  get capacity(): number {
    return this.big.length;
  }

  private grow(min = 0): void {
    const next = new BigInt64Array(Math.max(min, this.big.length * 2));
    next.set(this.big);
    this.big = next;
    this.words = new Int32Array(next.buffer);
  }

  /** Append a safe integer (|value| ≤ 2^53 − 1). */
  append(value: number): void {
    if (this.length === this.big.length) this.grow();
    const hi = Math.floor(value / TWO_32);
    const i = this.length++ << 1;
    this.words[i] = value - hi * TWO_32; // low word, two's complement via Int32 wrap
    this.words[i + 1] = hi;
  }

  appendBigInt(value: bigint): void {
    if (this.length === this.big.length) this.grow();
    this.big[this.length++] = value;
  }

  appendNull(): void {
    this.validity.setNull(this.length);
    this.append(0);
  }

  finish(type: DataType): Data {
    const { nullCount, nullBitmap } = this.validity.finish(this.length);
    const data = trimmed(this.big, this.length);
    return makeData({ type, length: this.length, nullCount, nullBitmap, data } as any) as Data;
  }
}
