/**
 * One worker of the race-condition example: revive the shared counter, lock and start barrier, wait
 * for the others, then increment the counter `increments` times in the requested way.
 */

import { workerData } from 'node:worker_threads';
import { reviveShared } from '@tusk/schedulers';

const { mode, counter, lock, start, increments } = reviveShared(workerData);

/** The unsafe increment: read, work a little, write back what was read plus one. */
function readWorkWrite() {
  const seen = counter.data[0];
  let work = 0;
  for (let k = 0; k < 100; k++) work += Math.sqrt(k);
  counter.data[0] = seen + (work > 0 ? 1 : 0);
}

start.waitSync();
for (let i = 0; i < increments; i++) {
  if (mode === 'unlocked') readWorkWrite();
  else if (mode === 'lock') lock.withLockSync(readWorkWrite);
  else counter.add(0, 1);
}
