/**
 * A run's spill directory: created on the first spill (a run that never spills never touches the
 * disk) with `mkdtemp('<spillDir>/tusk-spill-')`, so concurrent runs and processes never share one and
 * a configured `spillDir` is never itself deleted. Files are numbered, not named after keys (keys may
 * hold any character). The directory is tracked for removal on exit and signals (cleanup.ts) until
 * `remove()`.
 */

import fs from 'node:fs';
import path from 'node:path';
import { removeDirectory, trackDirectory, untrackDirectory } from './cleanup.js';
import { SpillError } from './errors.js';

/**
 * One run's directory of spill files, under `parent`.
 *
 * @example
 * const dir = new SpillDirectory(os.tmpdir());
 * const file = dir.nextFile(); // '/tmp/tusk-spill-Xy12ab/1.spill' (the directory is created now)
 * dir.remove();
 */
export class SpillDirectory {
  private dir: string | undefined;
  private counter = 0;

  constructor(readonly parent: string) {}

  /** The directory, once created. */
  get path(): string | undefined {
    return this.dir;
  }

  /** The path for a new spill file (creates the directory first; SpillError if it cannot). */
  nextFile(): string {
    return path.join(this.ensure(), `${++this.counter}.spill`);
  }

  private ensure(): string {
    if (this.dir !== undefined) return this.dir;
    let dir: string;
    try {
      dir = fs.mkdtempSync(path.join(this.parent, 'tusk-spill-'));
    } catch (err) {
      throw new SpillError('create', this.parent, undefined, undefined, err);
    }
    this.dir = dir;
    trackDirectory(dir);
    return dir;
  }

  /** Delete the directory and every file left in it. */
  remove(): void {
    const dir = this.dir;
    if (dir === undefined) return;
    this.dir = undefined;
    removeDirectory(dir);
    untrackDirectory(dir);
  }
}
