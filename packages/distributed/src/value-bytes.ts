/**
 * Values as bytes, for Redis and the shared result store: the schedulers package's wire encoding
 * (Refs, codec values such as Arrow tables — IPC bytes from the driver, their thread form from a
 * worker's Runner — and escaped `$tusk` objects) and then V8 serialization, which writes typed
 * arrays and Arrow's bytes as raw binary.
 */

import { deserialize, serialize } from 'node:v8';
import { decodeValue, encodeValue, valueSink } from '@tusk/schedulers';

/** Bytes of a value already wire-encoded (as the worker-side Runner returns them). */
export function encodedToBytes(encoded: unknown): Buffer {
  return serialize(encoded);
}

/** The wire encoding of a value (for inputs sent inside a job). */
export function encodeForWire(value: unknown, key: string): unknown {
  const sink = valueSink();
  sink.key = key;
  sink.part = 'value';
  return encodeValue(value, sink);
}

/** Undo encodedToBytes, leaving markers in place (the worker-side Runner decodes inputs). */
export function bytesToEncoded(bytes: Uint8Array): unknown {
  return deserialize(bytes);
}

/** Undo valueToBytes completely (driver side). */
export function bytesToValue(bytes: Uint8Array): unknown {
  return decodeValue(deserialize(bytes));
}
