/**
 * Spill files: one value per file, written and read synchronously. Layout (little-endian):
 *
 *   0  magic 'TUSKSPIL'          16  payload length (f64)
 *   8  header length (u32)       24  codec name (UTF-8), codec meta, zero padding to a multiple of 8
 *  12  version (u8), name length (u8), meta length (u16)
 *  header length: the payload, exactly as the codec gave it
 *
 * The header names its codec, so a file can be decoded by any process that registered the same
 * codecs (the processes scheduler hands large values over this way). Writing assembles the header in
 * one reused scratch buffer and writes the payload straight from the value's own memory — no copy,
 * and no fresh buffer to first-touch (fresh memory costs ~0.2 GB/s here, see MEASURED.md). Reading
 * allocates only the payload, uninitialised (`Buffer.allocUnsafeSlow`, never zero-filled), exactly
 * sized and at offset 0, which the codec keeps as the value's memory.
 *
 * Why synchronous: the scheduler loop reads a task's inputs synchronously (ResultStore.get, called by
 * the executor while it builds a task's arguments), so a reload must hand back the value at once; and
 * the loop stores a result inside its synchronous `done`. Measured here (8 MiB Float64Arrays): writes
 * 0.4 GB/s while the page cache grows into fresh memory, 1.2–2.7 GB/s once it recycles pages; reads
 * 2.5–8 GB/s — milliseconds per chunk, less than an asynchronous store's bookkeeping would cost.
 */

import fs from 'node:fs';
import type { SpillCodec, SpillPayload } from './codecs.js';
import { codecNamed } from './codecs.js';

const MAGIC = Buffer.from('TUSKSPIL', 'latin1');
const VERSION = 1;
const FIXED = 24;
const MAX_META = 2048;
/** Header bytes read up front: the fixed part plus the longest name and meta, padded. */
const HEADER_MAX = 4096;
/** Bytes per write/read call (Linux moves at most ~2 GiB per call). */
const IO_STEP = 1 << 30;

const scratch = Buffer.allocUnsafeSlow(HEADER_MAX);

/** A corrupt, truncated or unknown spill file. */
class SpillFormatError extends Error {
  override name = 'SpillFormatError';
}

function payloadOf(encoded: Uint8Array | SpillPayload): SpillPayload {
  return ArrayBuffer.isView(encoded) ? { chunks: [encoded] } : encoded;
}

/**
 * Write `value` to `file` with `codec`; returns the payload's byte length. On failure the partial
 * file is removed and the file-system error is thrown as is (the store wraps it in a SpillError).
 *
 * @example
 * writeSpillFile('/tmp/x.spill', typedArrayCodec, new Float64Array(1024)); // 8192
 */
export function writeSpillFile(file: string, codec: SpillCodec, value: unknown): number {
  const { meta = new Uint8Array(0), chunks } = payloadOf(codec.encode(value));
  if (meta.byteLength > MAX_META) {
    throw new SpillFormatError(
      `Spill codec '${codec.name}' wrote ${meta.byteLength} bytes of meta; at most ${MAX_META}.`,
    );
  }
  let payloadBytes = 0;
  for (const c of chunks) payloadBytes += c.byteLength;
  const nameBytes = scratch.write(codec.name, FIXED, 'utf8');
  scratch.set(meta, FIXED + nameBytes);
  const used = FIXED + nameBytes + meta.byteLength;
  const headerBytes = Math.ceil(used / 8) * 8;
  scratch.fill(0, used, headerBytes);
  MAGIC.copy(scratch, 0);
  scratch.writeUInt32LE(headerBytes, 8);
  scratch.writeUInt8(VERSION, 12);
  scratch.writeUInt8(nameBytes, 13);
  scratch.writeUInt16LE(meta.byteLength, 14);
  scratch.writeDoubleLE(payloadBytes, 16);

  const fd = fs.openSync(file, 'w', 0o600);
  try {
    writeAll(fd, scratch, 0, headerBytes);
    for (const c of chunks) writeAll(fd, c, 0, c.byteLength);
    fs.closeSync(fd);
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {}
    fs.rmSync(file, { force: true });
    throw err;
  }
  return payloadBytes;
}

function writeAll(fd: number, view: ArrayBufferView, offset: number, length: number): void {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let done = 0;
  while (done < length) done += fs.writeSync(fd, bytes, offset + done, Math.min(IO_STEP, length - done));
}

/**
 * Read back the value written to `file` (throws on a missing, truncated or unknown file).
 *
 * @example
 * readSpillFile('/tmp/x.spill'); // Float64Array(1024)
 */
export function readSpillFile(file: string): { value: unknown; bytes: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const got = fs.readSync(fd, scratch, 0, HEADER_MAX, 0);
    if (got < FIXED || !scratch.subarray(0, 8).equals(MAGIC) || scratch.readUInt8(12) !== VERSION) {
      throw new SpillFormatError(`'${file}' is not a Tusk spill file (or was written by another version).`);
    }
    const headerBytes = scratch.readUInt32LE(8);
    const nameBytes = scratch.readUInt8(13);
    const metaBytes = scratch.readUInt16LE(14);
    const payloadBytes = scratch.readDoubleLE(16);
    if (got < headerBytes || FIXED + nameBytes + metaBytes > headerBytes) {
      throw new SpillFormatError(`The header of spill file '${file}' is truncated.`);
    }
    const name = scratch.toString('utf8', FIXED, FIXED + nameBytes);
    const codec = codecNamed(name);
    if (codec === undefined) {
      throw new SpillFormatError(
        `Spill file '${file}' was written by codec '${name}', which is not registered here.`,
      );
    }
    const meta = new Uint8Array(scratch.buffer, scratch.byteOffset + FIXED + nameBytes, metaBytes);
    const buffer = Buffer.allocUnsafeSlow(payloadBytes);
    const payload = new Uint8Array(buffer.buffer, buffer.byteOffset, payloadBytes);
    let done = 0;
    while (done < payloadBytes) {
      const n = fs.readSync(fd, payload, done, Math.min(IO_STEP, payloadBytes - done), headerBytes + done);
      if (n === 0)
        throw new SpillFormatError(`Spill file '${file}' is truncated: ${done} of ${payloadBytes} bytes.`);
      done += n;
    }
    return { value: codec.decode(payload, meta), bytes: payloadBytes };
  } finally {
    fs.closeSync(fd);
  }
}
