/**
 * Positional reads of a file for the partition reader: `readAt` (one range), `ByteWindow` (a window
 * that slides forward over the file, keeping the unconsumed tail of a row and growing when one row is
 * longer than the window), and `lineAt` (1-based line of a byte offset, by counting LF bytes from the
 * file start — only ever called to report an error or a skipped row).
 */

import type { FileHandle } from 'node:fs/promises';

/**
 * Read bytes [start, end) of an open file (fewer at the end of the file).
 *
 * @example
 * const fh = await open('data.csv');
 * const head = await readAt(fh, 0, 1024);
 */
export async function readAt(fh: FileHandle, start: number, end: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(Math.max(0, end - start));
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, start + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}

/** Room kept before a prefetched chunk for the bytes the caller has not consumed yet (a cut row). */
const HEADROOM = 64 * 1024;

/** The usual chunk of a window (a partition's reader asks for less only for a small partition). */
export const WINDOW_CHUNK = 1 << 20;

/**
 * Buffers of the usual size that finished windows gave back, for the next ones in this thread: a
 * partition then reads into memory already touched instead of fresh pages, and makes no garbage.
 */
const freeBuffers: Buffer[] = [];
const FREE_MAX = 4;

function takeBuffer(size: number): Buffer {
  if (size === HEADROOM + WINDOW_CHUNK) {
    const b = freeBuffers.pop();
    if (b !== undefined) return b;
  }
  return Buffer.allocUnsafeSlow(size);
}

function giveBack(b: Buffer | null): void {
  if (
    b !== null &&
    b.length === HEADROOM + WINDOW_CHUNK &&
    freeBuffers.length < FREE_MAX &&
    !freeBuffers.includes(b)
  ) {
    freeBuffers.push(b);
  }
}

/**
 * A window over a file from `offset`, filled by positional reads. While the caller parses the
 * window, the next chunk is already being read (one read in flight), so parsing and I/O overlap.
 * The chunk is read into a second buffer after some headroom; when it arrives, the few bytes the
 * caller left (a row the window cut) go into that headroom and the window moves to that buffer,
 * so a chunk is never copied once read (only a leftover longer than the headroom is).
 *
 * @example
 * const w = new ByteWindow(fh, 100, size, 1 << 20);
 * await w.fill();
 * w.bytes; // file bytes [100, 100 + w.bytes.length)
 * w.advance(10); // now starts at 110
 * await w.settle(); // before closing the file
 */
export class ByteWindow {
  private buf: Buffer;
  /** The window is buf[start, start + len). */
  private start = 0;
  private len = 0;
  private prefetch: Promise<{ data: Buffer; n: number }> | null = null;
  private spare: Buffer | null = null;
  /** Set when a read returned nothing before the expected end of the file (it shrank). */
  truncated = false;

  constructor(
    private readonly fh: FileHandle,
    /** Absolute offset of the window's first byte. */
    public offset: number,
    private readonly size: number,
    private chunk: number,
    /** The next chunk is read ahead only while the window ends before this offset (a partition's end). */
    private readonly until = size,
  ) {
    this.buf = takeBuffer(HEADROOM + chunk);
  }

  /** The window's bytes. */
  get bytes(): Buffer {
    return this.buf.subarray(this.start, this.start + this.len);
  }

  /** Does the window reach the end of the file? */
  get eof(): boolean {
    return this.offset + this.len >= this.size;
  }

  /** Room for `n` bytes from the window's start (moving the window to the buffer's start first). */
  private ensureCapacity(n: number): void {
    if (this.start + n <= this.buf.length) return;
    if (n <= this.buf.length) {
      this.buf.copy(this.buf, 0, this.start, this.start + this.len);
    } else {
      const next = Buffer.allocUnsafeSlow(Math.max(n, this.buf.length * 2));
      this.buf.copy(next, 0, this.start, this.start + this.len);
      giveBack(this.buf);
      this.buf = next;
    }
    this.start = 0;
  }

  /** Read until the window holds `chunk` bytes or reaches the end of the file. */
  async fill(): Promise<void> {
    if (this.prefetch !== null) {
      const { data, n } = await this.prefetch;
      this.prefetch = null;
      if (this.len <= HEADROOM) {
        // The leftover goes just before the chunk, which stays where it was read.
        this.buf.copy(data, HEADROOM - this.len, this.start, this.start + this.len);
        this.spare = this.buf;
        this.buf = data;
        this.start = HEADROOM - this.len;
        this.len += n;
      } else {
        this.ensureCapacity(this.len + n);
        data.copy(this.buf, this.start + this.len, HEADROOM, HEADROOM + n);
        this.len += n;
        this.spare = data;
      }
    }
    while (this.len < this.chunk && !this.eof) {
      this.ensureCapacity(this.chunk);
      const want = Math.min(this.chunk - this.len, this.size - this.offset - this.len);
      const at = this.start + this.len;
      const { bytesRead } = await this.fh.read(this.buf, at, want, this.offset + this.len);
      if (bytesRead === 0) {
        this.truncated = true; // the file shrank while being read
        break;
      }
      this.len += bytesRead;
    }
    const from = this.offset + this.len;
    if (from < this.size && from < this.until) {
      let data: Buffer;
      if (this.spare !== null && this.spare.length >= HEADROOM + this.chunk) data = this.spare;
      else {
        giveBack(this.spare);
        data = takeBuffer(HEADROOM + this.chunk);
      }
      this.spare = null;
      const want = Math.min(this.chunk, this.size - from);
      this.prefetch = this.fh
        .read(data, HEADROOM, want, from)
        .then(({ bytesRead }) => ({ data, n: bytesRead }));
    }
  }

  /** Drop the first `n` bytes (consumed rows). */
  advance(n: number): void {
    if (n === 0) return;
    this.start += n;
    this.len -= n;
    this.offset += n;
  }

  /** Double the window (a row longer than the window). */
  grow(): void {
    this.chunk *= 2;
  }

  /** Bytes currently held. */
  get length(): number {
    return this.len;
  }

  /**
   * Wait for a read in flight (call before closing the file); the window is done with then, and its
   * buffers go back for the next window of this thread.
   */
  async settle(): Promise<void> {
    if (this.prefetch !== null) {
      const got = await this.prefetch.catch(() => undefined);
      if (got !== undefined) giveBack(got.data);
    }
    this.prefetch = null;
    giveBack(this.spare);
    giveBack(this.buf);
    this.spare = null;
    this.len = 0;
    this.start = 0;
  }
}

/**
 * 1-based line numbers of byte offsets: 1 + the number of LF bytes before each offset.
 *
 * @example
 * await lineAt(fh, [0, 57]); // [1, 3] if the first two lines are 57 bytes long together
 */
export async function lineAt(fh: FileHandle, offsets: readonly number[]): Promise<number[]> {
  const order = offsets.map((o, i) => [o, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(offsets.length);
  const buf = Buffer.allocUnsafe(1 << 20);
  let pos = 0;
  let lines = 1;
  for (const [target, index] of order) {
    while (pos < target) {
      const want = Math.min(buf.length, target - pos);
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (bytesRead === 0) break;
      const view = buf.subarray(0, bytesRead);
      for (let i = view.indexOf(10, 0); i !== -1; i = view.indexOf(10, i + 1)) lines++;
      pos += bytesRead;
    }
    out[index] = lines;
  }
  return out;
}
