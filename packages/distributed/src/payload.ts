/**
 * Job payloads as BullMQ job data. BullMQ stores job data as JSON, which would turn typed arrays
 * and other binary arguments into objects of numbers; a payload is therefore V8-serialized and
 * carried as one base64 string (`{ p }`), so binary values stay binary.
 */

import { deserialize, serialize } from 'node:v8';
import type { JobPayload } from './protocol.js';

/** BullMQ job data of a payload. */
export interface JobData {
  readonly p: string;
}

/** Encode a payload as job data. */
export function encodePayload(payload: JobPayload): JobData {
  return { p: serialize(payload).toString('base64') };
}

/** Decode job data (throws a clear error for data that Tusk did not write). */
export function decodePayload(data: unknown): JobPayload {
  const p = (data as Partial<JobData> | null)?.p;
  if (typeof p !== 'string') {
    throw new Error(
      'This job was not written by a Tusk driver (no payload); is another program using this queue?',
    );
  }
  return deserialize(Buffer.from(p, 'base64')) as JobPayload;
}
