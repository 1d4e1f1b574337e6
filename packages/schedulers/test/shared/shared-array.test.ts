import { describe, expect, it } from 'vitest';
import { encodeShared, reviveShared, SharedArray, SharedUsageError } from '../../src/shared/index.js';

describe('SharedArray', () => {
  it('is a zero-filled typed array over shared memory, with a shape and row-major offsets', () => {
    const a = new SharedArray('float64', [3, 4]);
    expect(a.size).toBe(12);
    expect(a.shape).toEqual([3, 4]);
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(a.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...a.data]).toEqual(new Array(12).fill(0));
    expect(a.offset(0, 0)).toBe(0);
    expect(a.offset(1, 2)).toBe(6);
    expect(a.offset(2, 3)).toBe(11);
    expect(() => a.offset(3, 0)).toThrow(/out of range for axis 0/);
    expect(() => a.offset(1)).toThrow(/1 indices for a 2-d array/);
  });

  it('from() copies a typed array; toArray() copies back to ordinary memory', () => {
    const a = SharedArray.from(new Int16Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(a.dtype).toBe('int16');
    expect(a.data[a.offset(1, 0)]).toBe(4);
    const copy = a.toArray();
    expect(copy.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect([...copy]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => SharedArray.from(new Int16Array(5), [2, 3])).toThrow(/holds 6 elements, the source 5/);
  });

  it('atomic add/load/store for integer dtypes; refused for floats', () => {
    const a = new SharedArray('uint32', 2);
    expect(a.add(1, 5)).toBe(5);
    a.store(0, 7);
    expect(a.load(0)).toBe(7);
    const f = new SharedArray('float32', 2);
    expect(() => f.add(0, 1)).toThrow(SharedUsageError);
    expect(() => f.load(0)).toThrow(/withLock/);
  });

  it('withLock runs under the array lock; the array survives encode/revive as the same memory', async () => {
    const a = new SharedArray('int32', [2, 2]);
    await a.withLock(() => {
      expect(a.lock.locked).toBe(true);
      a.data[3] = 9;
    });
    expect(a.lock.locked).toBe(false);
    expect(() => a.withLockSync(() => 0)).toThrow(/SharedArray\.withLockSync\(\) blocks the thread/);
    const b = reviveShared<SharedArray<'int32'>>(structuredClone(encodeShared(a)));
    expect(b).not.toBe(a);
    expect(b.shape).toEqual([2, 2]);
    expect(b.data[3]).toBe(9);
    b.data[0] = 1;
    expect(a.data[0]).toBe(1);
  });
});
