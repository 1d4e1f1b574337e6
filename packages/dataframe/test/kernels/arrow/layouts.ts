/**
 * Rows of every column layout the kernels handle (validity bitmaps, 8- to 64-bit integers, floats,
 * UTF-8 strings with multi-byte characters, dictionaries, dates, timestamps), with nulls spread
 * unevenly across columns: a shared fixture for kernel tests that must work on each layout.
 */

export const layoutTypes = {
  b: 'bool',
  i8: 'int8',
  i16: 'int16',
  i32: 'int32',
  i64: 'int64',
  u8: 'uint8',
  u32: 'uint32',
  f32: 'float32',
  f64: 'float64',
  s: 'string',
  c: 'category',
  d: 'date',
  ts: 'timestamp[ms]',
} as const;

/** `n` rows of every layout. */
export function layoutRows(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    b: i % 5 === 0 ? null : i % 2 === 0,
    i8: i % 7 === 0 ? null : i - 18,
    i16: i * 100 - 1000,
    i32: i % 3 === 0 ? null : i * 1e6,
    i64: i % 4 === 0 ? null : -(2 ** 45) + i,
    u8: i,
    u32: 4e9 - i,
    f32: i / 4,
    f64: i % 6 === 0 ? null : -i / 3,
    s: i % 8 === 0 ? null : `${i % 3 === 0 ? 'é' : ''}${'x'.repeat(i % 30)}`,
    c: i % 9 === 0 ? null : `c${i % 4}`,
    d: Date.UTC(2000, 0, i + 1),
    ts: i % 10 === 0 ? null : i * 1e9,
  }));
}
