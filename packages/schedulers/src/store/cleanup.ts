/**
 * Removing spill directories when the process goes away. Every live spill directory is tracked here;
 * while there is at least one, handlers are installed (once, process-wide) for 'exit' — which Node
 * also emits after an uncaught exception or process.exit() — and for SIGINT and SIGTERM. A signal
 * handler removes the directories synchronously and then re-raises the signal with our handlers gone,
 * so the process dies of it with the usual status (130 / 143 in a shell); the signal is not swallowed.
 * When other code listens to the signal too, exiting is left to it, as it would be without Tusk.
 * Signals reach only the main thread; a worker thread's stores are cleaned up by its 'exit' event.
 */

import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const directories = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const dir of directories) removeDirectory(dir);
  directories.clear();
}

/**
 * Remove `dir` and everything in it, ignoring errors (it may already be gone).
 *
 * @example
 * removeDirectory('/tmp/tusk-spill-abc123');
 */
export function removeDirectory(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // Nothing more can be done from an exit path; the directory is under os.tmpdir() by default.
  }
}

function onExit(): void {
  removeAll();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  if (process.listenerCount(signal) === 1) {
    uninstall();
    process.kill(process.pid, signal);
  }
}

function install(): void {
  installed = true;
  process.on('exit', onExit);
  if (isMainThread) for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  installed = false;
  process.removeListener('exit', onExit);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/**
 * Remove `dir` if the process exits or is interrupted before `untrackDirectory(dir)` is called.
 *
 * @example
 * const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tusk-spill-'));
 * trackDirectory(dir); // removed on exit, SIGINT or SIGTERM
 */
export function trackDirectory(dir: string): void {
  directories.add(dir);
  if (!installed) install();
}

/**
 * Stop tracking `dir` (after removing it yourself); the handlers go when nothing is tracked.
 *
 * @example
 * removeDirectory(dir);
 * untrackDirectory(dir);
 */
export function untrackDirectory(dir: string): void {
  directories.delete(dir);
  if (directories.size === 0 && installed) uninstall();
}
