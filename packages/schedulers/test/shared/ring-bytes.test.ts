import { describe, expect, it } from 'vitest';
import { ringRead, ringWrite } from '../../src/shared/ring-bytes.js';

describe('ringWrite / ringRead', () => {
  it('copy straight through when there is room before the end', () => {
    const ring = new Uint8Array(8);
    expect(ringWrite(ring, 2, Uint8Array.of(1, 2, 3))).toBe(5);
    const out = new Uint8Array(3);
    expect(ringRead(ring, 2, out)).toBe(5);
    expect([...out]).toEqual([1, 2, 3]);
  });

  it('wrap around the end, landing exactly on it or past it', () => {
    const ring = new Uint8Array(4);
    expect(ringWrite(ring, 3, Uint8Array.of(1, 2))).toBe(1);
    expect([...ring]).toEqual([2, 0, 0, 1]);
    const out = new Uint8Array(2);
    expect(ringRead(ring, 3, out)).toBe(1);
    expect([...out]).toEqual([1, 2]);
    expect(ringWrite(ring, 2, Uint8Array.of(7, 8))).toBe(0);
    expect(ringRead(ring, 2, out)).toBe(0);
    expect([...out]).toEqual([7, 8]);
  });
});
