/**
 * Arrow validity bitmap built row by row. No bitmap is allocated until the first null: a column
 * without nulls gets `nullBitmap: undefined, nullCount: 0`, as Arrow allows. Bits are LSB-first.
 */

/**
 * Tracks which appended rows are null.
 *
 * @example
 * const v = new ValidityBuilder();
 * v.setNull(2); // rows 0 and 1 valid, row 2 null
 * v.finish(4); // { nullCount: 1, nullBitmap: Uint8Array [0b1011] }
 */
export class ValidityBuilder {
  private bits: Uint8Array | null = null;
  nullCount = 0;

  /** Mark row `index` null; rows never marked are valid. */
  setNull(index: number): void {
    const byte = index >> 3;
    if (this.bits === null || byte >= this.bits.length) this.grow(byte + 1);
    this.bits![byte] &= ~(1 << (index & 7));
    this.nullCount++;
  }

  private grow(minBytes: number): void {
    const old = this.bits;
    const next = new Uint8Array(Math.max(64, minBytes * 2, (old?.length ?? 0) * 2)).fill(0xff);
    if (old !== null) next.set(old);
    this.bits = next;
  }

  /** The bitmap for `length` rows (undefined when no row is null). */
  finish(length: number): { nullCount: number; nullBitmap: Uint8Array | undefined } {
    if (this.bits === null || this.nullCount === 0) return { nullCount: 0, nullBitmap: undefined };
    const bytes = (length + 7) >> 3;
    if (this.bits.length < bytes) this.grow(bytes);
    return { nullCount: this.nullCount, nullBitmap: this.bits.slice(0, bytes) };
  }
}
