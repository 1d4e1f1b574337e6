/** Int32 column builder (also DateDay, whose storage is Int32 days): a growing Int32Array + validity. */

import { type Data, type DataType, makeData } from 'apache-arrow';
import { type ColumnBuilder, grown, trimmed } from './column-builder.js';
import { ValidityBuilder } from './validity.js';

/**
 * Builds an Int32 (or DateDay) column.
 *
 * @example
 * const b = new Int32Builder();
 * b.append(7);
 * makeVector(b.finish(new Int32())).get(0); // 7
 */
export class Int32Builder implements ColumnBuilder {
  /** The values so far (read by the fast row scanner, which writes rows in place; replaced when it grows). */
  values = new Int32Array(1024);
  private readonly validity = new ValidityBuilder();
  length = 0;

  reserve(rows: number): void {
    if (rows > this.values.length) this.values = grown(this.values, rows);
  }

  append(value: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, this.length + 1);
    this.values[this.length++] = value;
  }

  appendNull(): void {
    this.validity.setNull(this.length);
    this.append(0);
  }

  finish(type: DataType): Data {
    const { nullCount, nullBitmap } = this.validity.finish(this.length);
    return makeData({
      type: type as never,
      length: this.length,
      nullCount,
      nullBitmap,
      data: trimmed(this.values, this.length),
    });
  }
}
