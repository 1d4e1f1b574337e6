import { afterEach, describe, expect, it } from 'vitest';
import { encodeShared, reviveShared, SharedUsageError, SharedValue } from '../../src/shared/index.js';
import { runInWorkers, terminateAll } from './helpers/workers.js';

afterEach(terminateAll);

describe('SharedValue', () => {
  it('lock-free add from 4 workers loses nothing (int32)', async () => {
    const hits = new SharedValue('int32');
    await runInWorkers(4, 'addToValue', () => [hits, 5000, 'atomic']);
    expect(hits.peek()).toBe(20_000);
  });

  it('update under the lock from 4 workers loses nothing (float64, blocking and async)', async () => {
    const total = new SharedValue('float64', 0);
    await runInWorkers(4, 'addToValue', (i) => [total, 1000, i % 2 ? 'sync' : 'async']);
    expect(await total.get()).toBe(2000);
  });

  it('get / set / update / add on the main thread; bigint dtypes hold bigints', async () => {
    const v = new SharedValue('int32', 41);
    expect(v.add(1)).toBe(42);
    await v.set(10);
    expect(await v.update((x) => x * 3)).toBe(30);
    expect(await v.get()).toBe(30);
    expect(v.lock.locked).toBe(false);

    const big = new SharedValue('bigint64', 2n ** 40n);
    expect(big.add(1n)).toBe(2n ** 40n + 1n);
    const u8 = new SharedValue('uint8', 255);
    expect(u8.add(1)).toBe(0); // wraps like the typed array
  });

  it('add is refused for floats; wrong scalar types and dtypes are refused; *Sync on the main thread too', async () => {
    const f = new SharedValue('float64', 1.5);
    expect(() => f.add(1)).toThrow(SharedUsageError);
    expect(() => f.add(1)).toThrow(/update/);
    await expect(f.set(1n as any)).rejects.toThrow(TypeError);
    expect(() => new SharedValue('int32', 1n as any)).toThrow(/must be a number/);
    expect(() => new SharedValue('int64' as any)).toThrow(/Unknown dtype "int64"/);
    expect(() => f.getSync()).toThrow(
      /SharedValue\.getSync\(\) blocks the thread.*await sharedValue\.get\(\)/s,
    );
  });

  it('survives encode/revive as the same memory, with its dtype', () => {
    const v = new SharedValue('float32', 0.5);
    const copy = reviveShared<SharedValue<'float32'>>(structuredClone(encodeShared(v)));
    expect(copy).toBeInstanceOf(SharedValue);
    expect(copy.dtype).toBe('float32');
    expect(copy.peek()).toBe(0.5);
    copy.lock.tryAcquire();
    expect(v.lock.locked).toBe(true);
  });
});
