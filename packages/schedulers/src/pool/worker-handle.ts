/**
 * One worker, thread or child process, behind one small interface: send a message, kill it,
 * let it hold the process open or not, and hear its messages and its exit. The pool never touches
 * worker_threads or child_process directly.
 *
 * A thread's exit is its 'exit' event (Node delivers its last messages first) with the error from
 * its 'error' event, if any. A child's exit is its 'close' event, which comes after the IPC channel
 * has been read to the end, so a result sent just before dying is not lost; should 'close' not
 * follow 'exit' within a second, 'exit' is taken.
 */

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerKind } from '../protocol.js';
import { trackChild, untrackChild } from './cleanup.js';
import { workerEntry, workerExecArgv } from './entry.js';

/** How a worker ended. */
export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
  /** What the worker reported before dying (a thread's uncaught error, a spawn error). */
  readonly error: Error | undefined;
}

/** What a pool hears from a worker. */
export interface WorkerEvents {
  message(message: FromWorker): void;
  exit(info: ExitInfo): void;
}

/** What a pool may do to a worker. */
export interface WorkerHandle {
  /** Name in errors and profiles: `thread-1`, `process-2`. */
  readonly id: string;
  /** Process id of a child process. */
  readonly pid: number | undefined;
  /** Send a message (throws when a value cannot be cloned). `transfer` moves buffers (threads). */
  send(message: ToWorker, transfer?: readonly ArrayBuffer[]): void;
  /** Stop the worker now. Its exit is still reported. */
  kill(): void;
  /** Whether the worker keeps the process alive (busy) or not (idle). */
  setRef(ref: boolean): void;
  /** Resolves once the worker has exited. */
  readonly exited: Promise<void>;
}

/** How to start a worker. */
export interface SpawnOptions {
  readonly kind: WorkerKind;
  readonly id: string;
  /** Extra Node options (e.g. `--max-old-space-size=64` for processes). */
  readonly execArgv?: readonly string[];
  /** Heap limits of a worker thread. */
  readonly resourceLimits?: ResourceLimits;
}

/** Start a worker and report its messages and exit to `events`. */
export function spawnWorker(options: SpawnOptions, events: WorkerEvents): WorkerHandle {
  return options.kind === 'threads' ? spawnThread(options, events) : spawnProcess(options, events);
}

function spawnThread(options: SpawnOptions, events: WorkerEvents): WorkerHandle {
  const worker = new Worker(workerEntry(), {
    execArgv: workerExecArgv(options.execArgv),
    resourceLimits: options.resourceLimits,
  });
  let error: Error | undefined;
  let resolveExited!: () => void;
  const exited = new Promise<void>((r) => {
    resolveExited = r;
  });
  worker.on('message', (m: FromWorker) => events.message(m));
  worker.on('error', (e) => {
    error = e;
  });
  worker.on('messageerror', (e) => {
    error = e;
  });
  worker.once('exit', (code) => {
    resolveExited();
    events.exit({ code, signal: null, error });
  });
  return {
    id: options.id,
    pid: undefined,
    send: (message, transfer) => worker.postMessage(message, transfer as ArrayBuffer[] | undefined),
    kill: () => {
      // Hold the process open until the exit is reported (an idle worker is unref'd).
      worker.ref();
      worker.terminate().catch(() => undefined);
    },
    setRef: (ref) => (ref ? worker.ref() : worker.unref()),
    exited,
  };
}

interface Channel {
  ref(): void;
  unref(): void;
}

function spawnProcess(options: SpawnOptions, events: WorkerEvents): WorkerHandle {
  const child: ChildProcess = fork(fileURLToPath(workerEntry()), [], {
    execArgv: workerExecArgv(options.execArgv),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  trackChild(child);
  let error: Error | undefined;
  let ended = false;
  let resolveExited!: () => void;
  const exited = new Promise<void>((r) => {
    resolveExited = r;
  });
  const end = (code: number | null, signal: string | null) => {
    if (ended) return;
    ended = true;
    untrackChild(child);
    resolveExited();
    events.exit({ code, signal, error });
  };
  child.on('message', (m) => events.message(m as FromWorker));
  child.on('error', (e) => {
    error = e;
    if (child.pid === undefined) end(null, null);
  });
  child.once('exit', (code, signal) => {
    setTimeout(() => end(code, signal), 1000).unref();
  });
  child.once('close', (code, signal) => end(code, signal));
  const channel = () => (child as unknown as { channel?: Channel | null }).channel;
  return {
    id: options.id,
    pid: child.pid,
    send: (message) => {
      child.send(message);
    },
    kill: () => {
      // An idle child is unref'd: without this, a program awaiting close() or terminate() could
      // run out of events before the child's exit is reported, and end with its await unsettled.
      child.ref();
      channel()?.ref();
      child.kill('SIGKILL');
    },
    setRef: (ref) => {
      if (ref) {
        child.ref();
        channel()?.ref();
      } else {
        child.unref();
        channel()?.unref();
      }
    },
    exited,
  };
}
