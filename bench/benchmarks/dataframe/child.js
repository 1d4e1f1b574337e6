/**
 * One sample of one Node-side contender, in a process of its own (so its peak RSS is its own):
 *
 *   node bench/benchmarks/dataframe/child.js '{"engine":"tusk","query":"mean","path":"…", …}'
 *
 * Loads the engine (engines.js), runs the query once under the clock, converts the answer to plain
 * rows, and prints one JSON line on stdout: `{ seconds, cpuSeconds, rows? | file?, hwmKiB }`, where
 * `cpuSeconds` is this process's CPU time (all threads) during the query and `hwmKiB` its VmHWM (peak
 * resident set, all threads) read from /proc/self/status at the end. Any
 * failure prints `{ error }` and exits 1. It exits explicitly, so no worker pool keeps it alive.
 */

import { readFileSync } from 'node:fs';
import { ENGINES } from './engines.js';

function hwmKiB() {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  const spec = JSON.parse(process.argv[2]);
  const make = ENGINES[spec.engine];
  if (!make) throw new Error(`unknown engine '${spec.engine}' (known: ${Object.keys(ENGINES).join(', ')})`);
  const engine = await make(spec);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await engine.run();
  const seconds = (performance.now() - t0) / 1e3;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6; // every thread of this process: main + worker threads
  const answer = engine.answer(result);
  process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds, ...answer, hwmKiB: hwmKiB() })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stdout.write(`${JSON.stringify({ error: String(err?.stack ?? err) })}\n`);
    process.exit(1);
  },
);
