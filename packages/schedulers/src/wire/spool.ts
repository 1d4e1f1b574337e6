/**
 * Spooling: large binary values cross between the main process and child processes through files,
 * not the IPC pipe (which copies at ~30 MB/s, see MEASURED.md). The writer puts the raw bytes of a
 * typed array or ArrayBuffer in a file under /dev/shm (memory-backed; os.tmpdir() where there is
 * none) and sends a small FileMarker; the reader reads the bytes into a fresh ArrayBuffer and
 * deletes the file. Each pool owns one directory, removed when the pool ends or the process exits;
 * a crashed worker's files are removed by prefix.
 */

import {
  accessSync,
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type BufferType, type FileMarker, MARK } from '../protocol.js';

/** Writes large buffers to files. One per side of a pool: the main process, and each worker. */
export interface Spool {
  readonly dir: string;
  /** Values of at least this many bytes are spooled. */
  readonly threshold: number;
  /** Write `view` and return its marker. */
  write(view: ArrayBufferView | ArrayBuffer): FileMarker;
}

const CONSTRUCTORS: Record<
  Exclude<BufferType, 'ArrayBuffer' | 'DataView'>,
  new (
    b: ArrayBuffer,
  ) => ArrayBufferView
> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};

/** The type name a file marker records for `view` (subclasses such as Buffer map to their base). */
export function bufferType(view: ArrayBufferView | ArrayBuffer): BufferType {
  if (!ArrayBuffer.isView(view)) return 'ArrayBuffer';
  if (view instanceof DataView) return 'DataView';
  let proto = Object.getPrototypeOf(view);
  while (proto !== null) {
    const name = proto.constructor?.name;
    if (name in CONSTRUCTORS) return name as BufferType;
    proto = Object.getPrototypeOf(proto);
  }
  return 'Uint8Array';
}

/**
 * The directories of this thread's spools. A file marker is only ever read from one of them: a
 * marker is data, and data can come from elsewhere (a job queue), so a marker naming any other path
 * — which the reader would read and then delete — is refused.
 */
const SPOOL_DIRS = new Set<string>();

/** A spool writing files named `<prefix>-<n>` into `dir`. */
export function createSpool(dir: string, prefix: string, threshold: number): Spool {
  let seq = 0;
  SPOOL_DIRS.add(resolve(dir));
  return {
    dir,
    threshold,
    write(view) {
      const path = join(dir, `${prefix}-${seq++}`);
      const bytes = ArrayBuffer.isView(view)
        ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
        : new Uint8Array(view);
      writeFileSync(path, bytes);
      return { [MARK]: 'file', path, type: bufferType(view), bytes: bytes.byteLength } as FileMarker;
    },
  };
}

/** Read a spooled value into fresh memory and delete its file. */
export function readSpooled(marker: FileMarker): ArrayBufferView | ArrayBuffer {
  const path = typeof marker.path === 'string' ? resolve(marker.path) : '';
  if (!SPOOL_DIRS.has(dirname(path)) || !Number.isSafeInteger(marker.bytes) || marker.bytes < 0) {
    throw new Error(
      `Refusing a spooled value at ${JSON.stringify(marker.path)}: it is not a file of this pool's spool directory.`,
    );
  }
  if (
    marker.type !== 'ArrayBuffer' &&
    marker.type !== 'DataView' &&
    !Object.hasOwn(CONSTRUCTORS, marker.type)
  ) {
    throw new Error(`Refusing a spooled value of unknown type ${JSON.stringify(marker.type)}.`);
  }
  const buffer = new ArrayBuffer(marker.bytes);
  const target = new Uint8Array(buffer);
  const fd = openSync(path, 'r');
  try {
    let offset = 0;
    while (offset < marker.bytes) {
      const n = readSync(fd, target, offset, marker.bytes - offset, offset);
      if (n === 0) throw new Error(`Spool file ${path} is shorter than ${marker.bytes} bytes.`);
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
  unlinkQuietly(path);
  if (marker.type === 'ArrayBuffer') return buffer;
  if (marker.type === 'DataView') return new DataView(buffer);
  return new CONSTRUCTORS[marker.type](buffer);
}

/** Delete a file, ignoring one that is already gone. */
export function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already read (and deleted) by the other side, or never written
  }
}

/** Where spool directories go: /dev/shm when writable, else the OS temp directory. */
export function spoolRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** Create a fresh spool directory for one pool. */
export function makeSpoolDir(): string {
  return mkdtempSync(join(spoolRoot(), `tusk-${process.pid}-`));
}

/** Remove a spool directory and everything left in it. */
export function removeSpoolDir(dir: string): void {
  SPOOL_DIRS.delete(resolve(dir));
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort: nothing to do if the directory cannot be removed
  }
}

/** Remove the files a (crashed) writer left, by their name prefix. */
export function removeSpoolFiles(dir: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) if (name.startsWith(`${prefix}-`)) unlinkQuietly(join(dir, name));
}
