/**
 * Copying bytes into and out of a ring buffer: a write or read that runs past the end continues at
 * the start, so it is at most two `set` calls. Positions are byte offsets in `[0, ring.length)`.
 * The caller (the Queue) tracks head and used bytes and holds the lock. Reference: the classic
 * circular buffer (Knuth, TAOCP vol. 1, §2.2.2).
 */

/**
 * Copy `src` into `ring` starting at `pos`, wrapping around; return the position after it.
 *
 * @example
 * const ring = new Uint8Array(4);
 * ringWrite(ring, 3, Uint8Array.of(1, 2)); // 1 (ring is [2, 0, 0, 1])
 */
export function ringWrite(ring: Uint8Array, pos: number, src: Uint8Array): number {
  const first = Math.min(src.length, ring.length - pos);
  ring.set(src.subarray(0, first), pos);
  if (first < src.length) ring.set(src.subarray(first), 0);
  return (pos + src.length) % ring.length;
}

/**
 * Copy `dst.length` bytes out of `ring` starting at `pos`, wrapping around; return the position after.
 *
 * @example
 * const out = new Uint8Array(2);
 * ringRead(Uint8Array.of(2, 0, 0, 1), 3, out); // 1 (out is [1, 2])
 */
export function ringRead(ring: Uint8Array, pos: number, dst: Uint8Array): number {
  const first = Math.min(dst.length, ring.length - pos);
  dst.set(ring.subarray(pos, pos + first), 0);
  if (first < dst.length) dst.set(ring.subarray(0, dst.length - first), first);
  return (pos + dst.length) % ring.length;
}
