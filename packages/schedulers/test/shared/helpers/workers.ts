/**
 * Run test scenarios in real worker threads: `runInWorker(name, args)` starts a Worker on
 * workers/bootstrap.mjs with the arguments passed through `encodeShared` (as the thread pool does),
 * and resolves to the scenario's revived result. `terminateAll()` (in afterEach) stops any worker a
 * failed test left behind, so a broken primitive fails the test instead of hanging the run.
 */

import { Worker } from 'node:worker_threads';
import { encodeShared, reviveShared } from '../../../src/shared/index.js';

const live = new Set<Worker>();
const bootstrap = new URL('../workers/bootstrap.mjs', import.meta.url);

/** Start one worker running `scenario(...args)`; resolves to its result, rejects with its error. */
export function runInWorker<T = unknown>(scenario: string, args: unknown[]): Promise<T> {
  const worker = new Worker(bootstrap, {
    workerData: { scenario, args: encodeShared(args) },
    // Resolve @tusk/core to its TypeScript source in the worker too, as vitest does in this thread.
    execArgv: ['--conditions=source'],
  });
  live.add(worker);
  return new Promise<T>((resolve, reject) => {
    worker.once(
      'message',
      (msg: { ok: boolean; result?: unknown; error?: { name: string; message: string } }) => {
        if (msg.ok) resolve(reviveShared<T>(msg.result));
        else reject(Object.assign(new Error(`${msg.error?.name}: ${msg.error?.message}`), msg.error));
      },
    );
    worker.once('error', reject);
    worker.once('exit', (code) => {
      live.delete(worker);
      reject(new Error(`worker running ${scenario} exited (code ${code}) before answering`));
    });
  });
}

/** Start `n` workers on the same scenario; `argsFor(i)` gives worker i its arguments. */
export function runInWorkers<T = unknown>(
  n: number,
  scenario: string,
  argsFor: (i: number) => unknown[],
): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => runInWorker<T>(scenario, argsFor(i))));
}

/** Terminate every worker still running (call in afterEach). */
export async function terminateAll(): Promise<void> {
  await Promise.all([...live].map((w) => w.terminate()));
  live.clear();
}
