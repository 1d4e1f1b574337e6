/**
 * The worker's end of the channel to the main side: `parentPort` in a worker thread, the IPC
 * channel (`process.send`, V8 serialization) in a child process. A child exits when the channel
 * closes, i.e. when its parent is gone.
 */

import type { MessagePort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../protocol.js';

/** Send to and receive from the main side. */
export interface WorkerPort {
  /** Post a message; `transfer` is ignored by child processes. Throws when a value cannot be sent. */
  post(message: FromWorker, transfer: ArrayBuffer[] | undefined): void;
  onMessage(listener: (message: ToWorker) => void): void;
}

/** The port of a worker thread. */
export function threadPort(port: MessagePort): WorkerPort {
  return {
    post: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (listener) => port.on('message', listener),
  };
}

/** The port of a child process started with `fork(…, { serialization: 'advanced' })`. */
export function processPort(): WorkerPort {
  process.on('disconnect', () => process.exit(0));
  return {
    post: (message) => {
      process.send!(message);
    },
    onMessage: (listener) => process.on('message', listener as (m: unknown) => void),
  };
}
