import { describe, expect, it } from 'vitest';
import { SharedUsageError, WaitTimeoutError } from '../../src/shared/index.js';
import { assertCanBlock, runAsync, runSync, type Steps } from '../../src/shared/wait.js';

const site = { primitive: 'Test', operation: 'waitSync' };

/** Sleep while cell 0 is 0, then return the value found. */
function* untilNonZero(cells: Int32Array): Steps<number> {
  while (Atomics.load(cells, 0) === 0) yield { cells, index: 0, value: 0 };
  return Atomics.load(cells, 0);
}

describe('wait drivers', () => {
  it('runAsync returns at once when no wait is needed, and wakes on notify otherwise', async () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    cells[0] = 3;
    expect(await runAsync(untilNonZero(cells), site)).toBe(3);
    cells[0] = 0;
    const waiting = runAsync(untilNonZero(cells), site);
    setTimeout(() => {
      Atomics.store(cells, 0, 5);
      Atomics.notify(cells, 0);
    }, 1);
    expect(await waiting).toBe(5);
  });

  it('a timeout is thrown into the steps, which may clean up or recover', async () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    let cleaned = false;
    function* cleanup(): Steps<number> {
      try {
        yield* untilNonZero(cells);
        return 1;
      } catch (e) {
        cleaned = true;
        throw e;
      }
    }
    await expect(runAsync(cleanup(), site, { timeout: 2 })).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(cleaned).toBe(true);
    function* recover(): Steps<string> {
      try {
        yield* untilNonZero(cells);
        return 'woke';
      } catch {
        return 'gave up';
      }
    }
    expect(await runAsync(recover(), site, { timeout: 0 })).toBe('gave up');
    await expect(runAsync(recover(), site, { timeout: -1 })).rejects.toThrow(RangeError);
  });

  it('runSync and assertCanBlock refuse the main thread', () => {
    const cells = new Int32Array(new SharedArrayBuffer(4));
    expect(() => assertCanBlock(site)).toThrow(SharedUsageError);
    expect(() => runSync(untilNonZero(cells), site)).toThrow(/Test\.waitSync\(\) blocks the thread/);
  });
});
