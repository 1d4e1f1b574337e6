/** Bool column builder: bit-packed values (LSB first) + validity. */

import { type Data, type DataType, makeData } from 'apache-arrow';
import { type ColumnBuilder, grown } from './column-builder.js';
import { ValidityBuilder } from './validity.js';

/**
 * Builds a Bool column.
 *
 * @example
 * const b = new BoolBuilder();
 * b.append(true);
 * b.append(false);
 * makeVector(b.finish(new Bool())).toArray(); // [true, false]
 */
export class BoolBuilder implements ColumnBuilder {
  private bits = new Uint8Array(128);
  private readonly validity = new ValidityBuilder();
  length = 0;

  reserve(rows: number): void {
    const bytes = (rows + 7) >> 3;
    if (bytes > this.bits.length) this.bits = grown(this.bits, bytes);
  }

  append(value: boolean): void {
    const byte = this.length >> 3;
    if (byte === this.bits.length) this.bits = grown(this.bits, byte + 1);
    if (value) this.bits[byte] |= 1 << (this.length & 7);
    this.length++;
  }

  appendNull(): void {
    this.validity.setNull(this.length);
    this.append(false);
  }

  finish(type: DataType): Data {
    const { nullCount, nullBitmap } = this.validity.finish(this.length);
    const data = this.bits.slice(0, (this.length + 7) >> 3);
    return makeData({ type: type as never, length: this.length, nullCount, nullBitmap, data });
  }
}
