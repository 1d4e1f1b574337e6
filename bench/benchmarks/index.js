/**
 * The benchmark registry: every benchmark bench/run.js knows, in the order they run.
 *
 * A benchmark is a module in this folder (helpers in a sub-folder of its name) whose default export is
 *   { name, title, defaults?: { n? }, run(ctx) → Promise<{ tables, data }> }
 * where `ctx` (see run.js) carries the command-line choices, the sampling settings, `log` for progress
 * (stderr) and `startPeer(script, label)` for a Python peer in bench/peers. `tables` are
 * `{ title, columns, rows, notes }` (lib/table.js); `data` is stored as JSON in bench/out/.
 * To add one: write the module, add it below (names must be unique).
 */

import array from './array.js';
import dataframe from './dataframe.js';
import distributed from './distributed.js';
import memory from './memory.js';
import scheduling from './scheduling.js';
import speedup from './speedup.js';

export const benchmarks = [scheduling, speedup, dataframe, memory, array, distributed];

const names = new Set();
for (const b of benchmarks) {
  if (names.has(b.name)) throw new Error(`Two benchmarks are named '${b.name}'.`);
  names.add(b.name);
}
