/**
 * RemoteRef: what the driver's store holds for a result that stays on the remote side (in Redis or
 * the shared result store) — which task made it, where it is, and how big it is. Several keys may
 * hold the same RemoteRef (an alias is the value of another key); the remote copy is deleted when
 * the last of them is released (`holders` counts them).
 */

import type { Location } from '../protocol.js';

/** A result kept remotely (see the module comment). */
export class RemoteRef {
  /** Keys of the driver's store holding this reference. */
  holders = 0;
  constructor(
    /** Index of the task that made it (names its Redis key or file). */
    readonly index: number,
    readonly location: Location,
    readonly bytes: number,
  ) {}
}
