/** Float64 column builder: values in a growing Float64Array, nulls in a validity bitmap. */

import { type Data, type DataType, makeData } from 'apache-arrow';
import { type ColumnBuilder, grown, trimmed } from './column-builder.js';
import { ValidityBuilder } from './validity.js';

/**
 * Builds a Float64 column.
 *
 * @example
 * const b = new Float64Builder();
 * b.append(1.5);
 * b.appendNull();
 * makeVector(b.finish(new Float64())).toArray(); // Float64Array [1.5, 0] with row 1 null
 */
export class Float64Builder implements ColumnBuilder {
  /** The values so far (read by the fast row scanner, which writes rows in place; replaced when it grows). */
  values = new Float64Array(1024);
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
