/**
 * The driver's result store for a distributed run (a core ResultStore). Most values stay remote:
 * the store then holds a RemoteRef, and releasing the last key that holds it deletes the Redis key
 * or file. Values the driver itself needs (requested outputs, inputs of the cheap selections and
 * aliases the loop runs in its own thread, `data` nodes) are held here as they are; a key may also
 * have a remote copy (a fetched output, or a local value uploaded once for remote readers), which
 * is released with it.
 */

import type { Key, ResultStore, StoreStats } from '@tusk/core';
import { RemoteRef } from './remote-ref.js';

/** Deletes a remote result whose last holder is gone. */
export type Discard = (ref: RemoteRef) => void;

/** See the module comment. */
export class DriverStore implements ResultStore {
  private readonly values = new Map<Key, unknown>();
  private readonly copies = new Map<Key, RemoteRef>();
  private memoryBytes = 0;
  private peak = 0;

  constructor(private readonly discard: Discard) {}

  set(key: Key, value: unknown): void {
    const old = this.values.get(key);
    if (old instanceof RemoteRef) this.release(old);
    if (value instanceof RemoteRef) value.holders++;
    this.values.set(key, value);
  }

  /** Whether a value (local or remote) is held for `key`. */
  has(key: Key): boolean {
    return this.values.has(key);
  }

  get(key: Key): unknown {
    return this.values.get(key);
  }

  delete(key: Key): void {
    if (!this.values.has(key)) return;
    const v = this.values.get(key);
    this.values.delete(key);
    if (v instanceof RemoteRef) this.release(v);
    const copy = this.copies.get(key);
    if (copy !== undefined) {
      this.copies.delete(key);
      this.release(copy);
    }
  }

  /** The remote copy of a value held here, if any. */
  remoteCopy(key: Key): RemoteRef | undefined {
    const v = this.values.get(key);
    return v instanceof RemoteRef ? v : this.copies.get(key);
  }

  /** Note that the value of `key` (held here) also exists remotely as `ref`. */
  addCopy(key: Key, ref: RemoteRef): void {
    ref.holders++;
    const old = this.copies.get(key);
    this.copies.set(key, ref);
    if (old !== undefined) this.release(old);
  }

  /** Count bytes fetched to the driver (for diagnostics). */
  noteFetched(bytes: number): void {
    this.memoryBytes += bytes;
    if (this.memoryBytes > this.peak) this.peak = this.memoryBytes;
  }

  stats(): StoreStats {
    return {
      memoryBytes: this.memoryBytes,
      spilledBytes: 0,
      peakMemoryBytes: this.peak,
      spilledCount: 0,
      reloadedCount: 0,
    };
  }

  private release(ref: RemoteRef): void {
    if (--ref.holders === 0) this.discard(ref);
  }
}
