/**
 * Codecs this package registers itself, on both sides of a pool: the shared-memory primitives
 * (Lock, Semaphore, Event, Barrier, SharedValue, SharedArray, Queue; see ../shared/) cross to
 * worker threads as their plain forms and come back alive on the same memory; bound for a child
 * process they are refused with SharedMemoryUnavailableError, since processes share no memory.
 * Called explicitly from index.ts (main side) and worker/main.ts (worker side).
 */

import { assertNoShared, sharedCodec } from '../shared/index.js';
import { registerCodec } from './registry.js';

let registered = false;

/** Register the built-in codecs (once). */
export function registerBuiltinCodecs(): void {
  if (registered) return;
  registered = true;
  registerCodec({
    name: sharedCodec.name,
    module: import.meta.url,
    test: sharedCodec.test,
    encode: sharedCodec.encode,
    decode: sharedCodec.decode,
    toProcess: (value: unknown, where: string) => {
      assertNoShared(value, where);
      throw new Error(`A shared-memory primitive cannot go to another process (${where}).`);
    },
  });
}
