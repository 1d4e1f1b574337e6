/**
 * SpillableStore: the ResultStore every scheduler keeps a run's values in, with its own byte
 * accounting against `memoryLimit` (`sizeof`), spilling to disk and reloading on demand.
 *
 * Policy, after Dask's distributed worker memory manager (`memory.target` / `memory.pause`):
 *   - Accounting: each value is measured once, when set. `memoryBytes` is the sum over values held in
 *     memory; values on disk count in `spilledBytes` instead.
 *   - Spill: before a value enters memory (a new one, or one reloaded), least-recently-used values
 *     are written to disk until it fits under `memoryTarget × memoryLimit`. A value that could never
 *     fit goes straight to disk. Values no codec can write faithfully (class instances without a
 *     registered codec, closures) stay in memory and are skipped.
 *   - Reload: `get` of a spilled value reads it back synchronously (the loop reads a task's inputs
 *     synchronously; see spill-file.ts) and deletes its file; the value is in memory again, most
 *     recently used, and may be spilled again later. A value read by a running task can be spilled
 *     while the task still holds it: the task's inputs are the slack above the budget, about one task's
 *     worth of data per worker.
 *   - Pause: `shouldPause()` is true while managed bytes, or the growth of the process's RSS since the
 *     store opened (read at most every `rssIntervalMs`), exceed `memoryPause × memoryLimit`; the loop
 *     then dispatches nothing new until a running task finishes. When RSS is over while managed bytes
 *     are not, the excess is garbage (spilled or released arrays V8 has not freed yet): the store asks
 *     for a full collection, throttled to 10 % of the time (throttled-gc.ts), as Dask's workers do.
 *     It does so as well as soon as the bytes it let go since the last collection (spilled or
 *     deleted values, garbage unless someone else holds them) plus the bytes it holds pass the
 *     pause threshold: values churn at hundreds of MB/s, faster than an RSS reading every 50 ms sees.
 *   - Release: `delete` drops the value and deletes its spill file at once; `close()` removes the
 *     whole spill directory (also removed on exit, SIGINT and SIGTERM, see cleanup.ts).
 *   - Failure: a spill file that cannot be written or read throws SpillError naming the directory.
 *     A failed write leaves the value in memory: the store never loses or alters a value; the error
 *     fails the run.
 * Least-recently-used order is the insertion order of a Map (touching = delete + re-insert), O(1).
 */

import fs from 'node:fs';
import { type Key, type ResultStore, type StoreStats, TuskError } from '@tusk/core';
import { codecFor, type SpillCodec } from './codecs.js';
import type { ResolvedStoreOptions } from './config.js';
import { SpillError } from './errors.js';
import { RssWatch } from './rss.js';
import { sizeof } from './sizeof.js';
import { SpillDirectory } from './spill-directory.js';
import { readSpillFile, writeSpillFile } from './spill-file.js';
import { ThrottledGc } from './throttled-gc.js';

/**
 * StoreStats plus the store's thresholds, RSS and disk traffic.
 *
 * @example
 * const s = store.stats();
 * console.log(`${s.spilledCount} spilled, write ${s.bytesWritten / 1e6 / s.writeMs} GB/s`);
 */
export interface SpillStoreStats extends StoreStats {
  /** memoryLimit in bytes (Infinity: no limit). */
  readonly limitBytes: number;
  /** Managed bytes above which values spill. */
  readonly targetBytes: number;
  /** Managed bytes (or RSS growth) above which the loop pauses. */
  readonly pauseBytes: number;
  /** Bytes in memory that no codec can spill. */
  readonly unspillableBytes: number;
  /** Number of values held (in memory or on disk). */
  readonly values: number;
  /** Growth of the process RSS since the store opened: last reading, and highest. */
  readonly rssGrowthBytes: number;
  readonly peakRssGrowthBytes: number;
  /** The run's spill directory, once created. */
  readonly directory: string | undefined;
  /** Payload bytes written to / read from spill files, and milliseconds spent doing it. */
  readonly bytesWritten: number;
  readonly writeMs: number;
  readonly bytesRead: number;
  readonly readMs: number;
  /** Full garbage collections the store asked for (RSS over the pause threshold), and their milliseconds. */
  readonly gcCount: number;
  readonly gcMs: number;
}

interface Entry {
  readonly key: Key;
  /** Bytes counted for the value (0 once its buffer was transferred away). */
  bytes: number;
  /** The value while in memory (undefined while on disk). */
  value: unknown;
  /** The spill file while on disk. */
  file: string | undefined;
  /** Looked up on first spill: null when no codec can write the value. */
  codec: SpillCodec | null | undefined;
}

/**
 * A ResultStore that keeps values under a byte budget, spilling least-recently-used ones to disk.
 * Create it with `createSpillableStore(options)` or `withSpillableStore(options, run)`.
 *
 * @example
 * const store = createSpillableStore({ memoryLimit: '64MB' });
 * try {
 *   const out = await runGraph(graph, keys, new SynchronousExecutor(), { store });
 *   console.log(store.stats().spilledCount);
 * } finally {
 *   store.close();
 * }
 */
export class SpillableStore implements ResultStore, Disposable {
  private readonly entries = new Map<Key, Entry>();
  /** In-memory values that may be spilled, least recently used first. */
  private readonly lru = new Map<Key, Entry>();
  private readonly dir: SpillDirectory;
  private readonly rss: RssWatch;
  private readonly gc = new ThrottledGc(0.1);
  private memoryBytes = 0;
  private spilledBytes = 0;
  private peakMemoryBytes = 0;
  private unspillableBytes = 0;
  /** Bytes of values let go from memory (spilled or deleted) since the last collection: likely garbage. */
  private droppedBytes = 0;
  private spilledCount = 0;
  private reloadedCount = 0;
  private bytesWritten = 0;
  private bytesRead = 0;
  private writeMs = 0;
  private readMs = 0;
  private closed = false;

  /** Trusted constructor: options already resolved (see createSpillableStore for the public edge). */
  constructor(readonly options: ResolvedStoreOptions) {
    this.dir = new SpillDirectory(options.spillDir);
    this.rss = new RssWatch(options.rssIntervalMs);
  }

  set(key: Key, value: unknown): void {
    this.assertOpen('set', key);
    if (this.entries.has(key)) this.delete(key);
    const entry: Entry = { key, bytes: sizeof(value), value, file: undefined, codec: undefined };
    this.entries.set(key, entry);
    this.rss.growth();
    if (entry.bytes > this.options.targetBytes) {
      // Can never fit under the target: straight to disk when a codec takes it.
      this.admit(entry);
      this.spill(entry);
      return;
    }
    try {
      this.makeRoom(entry.bytes);
    } finally {
      this.admit(entry); // kept even when making room failed: the error fails the run, the value is not lost
    }
  }

  get(key: Key): unknown {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.assertOpen('get', key);
      return undefined;
    }
    if (entry.file === undefined) {
      if (this.lru.delete(key)) this.lru.set(key, entry);
      return entry.value;
    }
    return this.reload(entry);
  }

  delete(key: Key): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    if (entry.file !== undefined) {
      this.spilledBytes -= entry.bytes;
      removeFile(entry.file);
    } else {
      this.memoryBytes -= entry.bytes;
      this.droppedBytes += entry.bytes;
      if (!this.lru.delete(key)) this.unspillableBytes -= entry.bytes;
    }
    entry.value = undefined;
  }

  /** Is `key` held (in memory or on disk)? */
  has(key: Key): boolean {
    return this.entries.has(key);
  }

  /** Is `key` held on disk right now? */
  isSpilled(key: Key): boolean {
    return this.entries.get(key)?.file !== undefined;
  }

  shouldPause(): boolean {
    const pause = this.options.pauseBytes;
    if (pause === Number.POSITIVE_INFINITY) return false;
    if (this.memoryBytes > pause) return true;
    if (this.memoryBytes + this.droppedBytes > pause && this.gc.collect()) {
      // What the store let go would, with what it holds, pass the threshold: collect before the RSS shows it.
      this.droppedBytes = 0;
    }
    if (this.rss.growth() <= pause) return false;
    // Over on RSS only: unmanaged memory, mostly garbage; collect it (throttled) and pause meanwhile.
    if (this.gc.collect()) this.droppedBytes = 0;
    return true;
  }

  stats(): SpillStoreStats {
    const o = this.options;
    return {
      memoryBytes: this.memoryBytes,
      spilledBytes: this.spilledBytes,
      peakMemoryBytes: this.peakMemoryBytes,
      spilledCount: this.spilledCount,
      reloadedCount: this.reloadedCount,
      limitBytes: o.limitBytes,
      targetBytes: o.targetBytes,
      pauseBytes: o.pauseBytes,
      unspillableBytes: this.unspillableBytes,
      values: this.entries.size,
      rssGrowthBytes: this.rss.growth(),
      peakRssGrowthBytes: this.rss.peakGrowth,
      directory: this.dir.path,
      bytesWritten: this.bytesWritten,
      writeMs: this.writeMs,
      bytesRead: this.bytesRead,
      readMs: this.readMs,
      gcCount: this.gc.count,
      gcMs: this.gc.totalMs,
    };
  }

  /** Drop every value and remove the spill directory. Idempotent; the counters stay readable. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.entries.clear();
    this.lru.clear();
    this.memoryBytes = 0;
    this.spilledBytes = 0;
    this.unspillableBytes = 0;
    this.dir.remove();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private assertOpen(op: string, key: Key): void {
    if (this.closed) {
      throw new TuskError(`The result store is closed (its run has ended): cannot ${op} '${key}'.`);
    }
  }

  /** Count an in-memory entry and make it the most recently used. */
  private admit(entry: Entry): void {
    this.memoryBytes += entry.bytes;
    if (this.memoryBytes > this.peakMemoryBytes) this.peakMemoryBytes = this.memoryBytes;
    if (entry.codec === null) this.unspillableBytes += entry.bytes;
    else this.lru.set(entry.key, entry);
  }

  /** Spill least-recently-used values until `incoming` more bytes fit under the target. */
  private makeRoom(incoming: number): void {
    const target = this.options.targetBytes;
    if (this.memoryBytes + incoming <= target) return;
    for (const entry of this.lru.values()) {
      if (this.memoryBytes + incoming <= target) break;
      this.spill(entry);
    }
  }

  /** Write an in-memory entry to disk; leaves it in memory (as unspillable) when no codec takes it. */
  private spill(entry: Entry): void {
    if (entry.bytes > 0 && isDetached(entry.value)) {
      // Transferred to a worker (the threads executor's moveInputs): this thread no longer holds the
      // memory, and there is nothing to write. Stop counting it; its reader gets what it got without a store.
      this.lru.delete(entry.key);
      this.memoryBytes -= entry.bytes;
      entry.bytes = 0;
      entry.codec = null;
      return;
    }
    if (entry.codec === undefined) entry.codec = codecFor(entry.value) ?? null;
    if (entry.codec === null) {
      if (this.lru.delete(entry.key)) this.unspillableBytes += entry.bytes;
      return;
    }
    const file = this.dir.nextFile();
    const t0 = performance.now();
    try {
      this.bytesWritten += writeSpillFile(file, entry.codec, entry.value);
    } catch (err) {
      throw new SpillError('write', this.dir.path ?? this.dir.parent, file, entry.key, err);
    }
    this.writeMs += performance.now() - t0;
    this.lru.delete(entry.key);
    entry.value = undefined;
    entry.file = file;
    this.memoryBytes -= entry.bytes;
    this.droppedBytes += entry.bytes;
    this.spilledBytes += entry.bytes;
    this.spilledCount++;
  }

  private reload(entry: Entry): unknown {
    this.makeRoom(entry.bytes);
    const file = entry.file!;
    const t0 = performance.now();
    let value: unknown;
    try {
      const read = readSpillFile(file);
      value = read.value;
      this.bytesRead += read.bytes;
    } catch (err) {
      throw new SpillError('read', this.dir.path ?? this.dir.parent, file, entry.key, err);
    }
    this.readMs += performance.now() - t0;
    removeFile(file);
    entry.file = undefined;
    entry.value = value;
    this.spilledBytes -= entry.bytes;
    this.reloadedCount++;
    this.admit(entry);
    return value;
  }
}

/** A typed array or ArrayBuffer whose memory was transferred to another thread (its byteLength is 0 now). */
function isDetached(value: unknown): boolean {
  if (value instanceof ArrayBuffer) return value.byteLength === 0;
  return ArrayBuffer.isView(value) && value.byteLength === 0 && value.buffer.byteLength === 0;
}

function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch {
    // Already gone or not removable: the directory goes when the store closes.
  }
}
