/**
 * Process-exit hygiene for child-process workers: no child outlives its parent.
 *
 * Live children and spool directories are tracked here. When the process exits, every child is
 * killed and every spool directory removed. SIGINT, SIGTERM and SIGHUP would end the process without
 * 'exit' handlers running, so while children are alive a listener is installed for each: when no
 * other listener exists (the signal would have ended the process), it kills the children, removes
 * the directories and re-raises the signal so the process still ends as it would have. When the
 * program has its own listener, that listener decides; children still die at 'exit'. Idle children
 * also exit on their own when the IPC channel closes. (A parent killed with SIGKILL runs nothing:
 * busy children then finish their current task before noticing.)
 */

import type { ChildProcess } from 'node:child_process';
import { removeSpoolDir } from '../wire/spool.js';

const children = new Set<ChildProcess>();
const spoolDirs = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;

function killAll(): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
  for (const dir of spoolDirs) removeSpoolDir(dir);
  spoolDirs.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  uninstall();
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', killAll);
  for (const s of SIGNALS) process.off(s, onSignal);
}

function update(): void {
  if (children.size > 0 || spoolDirs.size > 0) install();
  else uninstall();
}

/** Track a live child process. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  update();
}

/** Stop tracking a child that has exited. */
export function untrackChild(child: ChildProcess): void {
  children.delete(child);
  update();
}

/** Track a spool directory (removed at exit unless untracked first). */
export function trackSpoolDir(dir: string): void {
  spoolDirs.add(dir);
  update();
}

/** Stop tracking a spool directory (its pool removed it). */
export function untrackSpoolDir(dir: string): void {
  spoolDirs.delete(dir);
  update();
}
