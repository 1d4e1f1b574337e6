import { afterEach, describe, expect, it } from 'vitest';
import { Event, SharedArray, WaitTimeoutError } from '../../src/shared/index.js';
import { runInWorkers, terminateAll } from './helpers/workers.js';

afterEach(terminateAll);

/** Resolve once `cond()` holds, polling on the event loop (never blocking it). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
}

describe('Event', () => {
  it('set() wakes every waiter: 4 workers (blocking and async) and the main thread', async () => {
    const event = new Event();
    const arrived = new SharedArray('int32', 1);
    const workers = runInWorkers<boolean>(4, 'waitForEvent', (i) => [
      event,
      arrived,
      i % 2 ? 'sync' : 'async',
    ]);
    const mainWait = event.wait();
    await until(() => arrived.load(0) === 4);
    expect(event.isSet).toBe(false);
    event.set();
    await mainWait;
    expect(await workers).toEqual([true, true, true, true]);
  });

  it('wait returns at once when set; clear() makes later waits wait again', async () => {
    const event = new Event();
    event.set();
    await event.wait();
    event.clear();
    expect(event.isSet).toBe(false);
    await expect(event.wait({ timeout: 5 })).rejects.toMatchObject({
      name: 'WaitTimeoutError',
      primitive: 'Event',
    });
    await expect(event.wait({ timeout: 5 })).rejects.toBeInstanceOf(WaitTimeoutError);
  });

  it('a waiter present at set() returns even if the flag is cleared right after', async () => {
    const event = new Event();
    const waiting = event.wait();
    event.set();
    event.clear();
    await waiting;
    expect(event.isSet).toBe(false);
  });

  it('waitSync is refused on the main thread', () => {
    expect(() => new Event().waitSync()).toThrow(/waitSync\(\) blocks the thread/);
  });
});
