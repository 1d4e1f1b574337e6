/**
 * The shared result store: where workers put task results too large for Redis, and where the
 * driver and other workers read them back. `SharedResultStore` is the interface (an object store
 * can implement it later); `DirectoryResultStore` keeps each result as one file under
 * `<dir>/<queue>/<run>/<name>` on a filesystem every machine mounts at the same path.
 *
 * Files are written to a temporary name and renamed into place, so a reader never sees half a
 * result, and a worker killed mid-write leaves only a temporary file of its run, removed with it.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where large results live, per queue and run. */
export interface SharedResultStore {
  /** A description for messages (e.g. the directory). */
  readonly location: string;
  put(queue: string, run: string, name: string, bytes: Uint8Array): Promise<void>;
  get(queue: string, run: string, name: string): Promise<Buffer>;
  /** Delete results (missing ones are ignored). */
  delete(queue: string, run: string, names: readonly string[]): Promise<void>;
  /** Delete everything of one run. */
  deleteRun(queue: string, run: string): Promise<void>;
}

const SAFE = /^[A-Za-z0-9_.-]+$/;

function part(what: string, v: string): string {
  if (!SAFE.test(v) || v === '.' || v === '..') {
    throw new Error(`Invalid ${what} '${v}' for the shared result store (letters, digits, '_', '-', '.').`);
  }
  return v;
}

/**
 * A SharedResultStore in a directory (a shared filesystem path).
 *
 * @example
 * const store = new DirectoryResultStore('/mnt/shared/tusk');
 */
export class DirectoryResultStore implements SharedResultStore {
  readonly location: string;
  constructor(dir: string) {
    this.location = resolve(dir);
  }

  private runDir(queue: string, run: string): string {
    return join(this.location, part('queue name', queue), part('run id', run));
  }

  async put(queue: string, run: string, name: string, bytes: Uint8Array): Promise<void> {
    const dir = this.runDir(queue, run);
    await mkdir(dir, { recursive: true });
    const file = join(dir, part('name', name));
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  }

  get(queue: string, run: string, name: string): Promise<Buffer> {
    return readFile(join(this.runDir(queue, run), part('name', name)));
  }

  async delete(queue: string, run: string, names: readonly string[]): Promise<void> {
    const dir = this.runDir(queue, run);
    await Promise.all(names.map((n) => unlink(join(dir, part('name', n))).catch(() => undefined)));
  }

  async deleteRun(queue: string, run: string): Promise<void> {
    await rm(this.runDir(queue, run), { recursive: true, force: true });
  }
}
