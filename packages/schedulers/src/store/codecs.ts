/**
 * Spill codecs: how a value becomes bytes on disk and back. A codec is `{ name, test, encode, decode }`;
 * the store asks the registered codecs in order (first `test` that accepts wins), then the built-ins:
 * typed arrays as raw bytes with a small header (typed-array-codec.ts), then v8.serialize for plain
 * data it can round-trip faithfully (v8-codec.ts). A value no codec accepts — a class instance, a
 * closure — is never spilled: it stays in memory, counted, rather than coming back as something else.
 *
 * @tusk/dataframe registers Arrow IPC here (`registerSpillCodec({ name: 'arrow-ipc', test: isTable,
 * encode: tableToIPC, decode: tableFromIPC })`), which keeps apache-arrow out of this package. Names
 * are written into each spill file so another process can decode it; the registry refuses duplicates.
 */

import { RegistryError } from '@tusk/core';
import { typedArrayCodec } from './typed-array-codec.js';
import { v8Codec } from './v8-codec.js';

/**
 * What a codec writes: a small header of its own and the payload, as views (nothing is copied).
 *
 * @example
 * const payload: SpillPayload = { meta: Uint8Array.of(9), chunks: [column1, column2] };
 */
export interface SpillPayload {
  /** Codec-specific header (at most 2 KiB), e.g. a dtype and a length. */
  readonly meta?: Uint8Array;
  /** The payload bytes, in order; views of the value's own memory are written as they are. */
  readonly chunks: readonly ArrayBufferView[];
}

/**
 * Turns values of one kind into bytes and back.
 *
 * @example
 * const json: SpillCodec<Config> = {
 *   name: 'config-json',
 *   test: (v) => v instanceof Config,
 *   encode: (c) => Buffer.from(JSON.stringify(c)),
 *   decode: (bytes) => Config.from(JSON.parse(Buffer.from(bytes).toString())),
 * };
 */
export interface SpillCodec<T = any> {
  /** Unique name, written into spill files (at most 64 bytes of UTF-8). */
  readonly name: string;
  /** Does this codec handle `value`? */
  test(value: unknown): boolean;
  /** The bytes of `value`: one buffer, or a SpillPayload of several views plus a header. */
  encode(value: T): Uint8Array | SpillPayload;
  /**
   * The value back from `payload` (a buffer of its own, at offset 0, that the codec may keep) and the
   * `meta` it wrote (a view of a scratch buffer: copy what you keep).
   */
  decode(payload: Uint8Array, meta: Uint8Array): T;
}

const BUILT_IN: readonly SpillCodec[] = [typedArrayCodec, v8Codec];
const registered: SpillCodec[] = [];

/**
 * Register a codec for values the built-ins cannot spill, or spill badly (Arrow tables as IPC).
 * Refuses a name already registered (including the built-ins 'typed-array' and 'v8').
 *
 * @example
 * registerSpillCodec({
 *   name: 'arrow-ipc',
 *   test: (v) => v instanceof Table,
 *   encode: (t) => tableToIPC(t),
 *   decode: (bytes) => tableFromIPC(bytes),
 * });
 */
export function registerSpillCodec<T>(codec: SpillCodec<T>): void {
  const { name } = codec;
  if (typeof name !== 'string' || name === '' || Buffer.byteLength(name) > 64) {
    throw new RegistryError(
      'A spill codec needs a name of 1 to 64 bytes, written into the files it encodes.',
    );
  }
  for (const f of ['test', 'encode', 'decode'] as const) {
    if (typeof codec[f] !== 'function')
      throw new RegistryError(`Spill codec '${name}' has no ${f}() function.`);
  }
  if (codecNamed(name)) throw new RegistryError(`A spill codec named '${name}' is already registered.`);
  registered.push(codec);
}

/**
 * The codec that spills `value`, or undefined when none can (the value then stays in memory).
 *
 * @example
 * codecFor(new Float64Array(4))?.name; // 'typed-array'
 * codecFor({ a: [1, 2] })?.name; // 'v8'
 * codecFor(new (class Point {})()); // undefined
 */
export function codecFor(value: unknown): SpillCodec | undefined {
  for (const c of registered) if (c.test(value)) return c;
  for (const c of BUILT_IN) if (c.test(value)) return c;
  return undefined;
}

/**
 * The codec registered (or built in) under `name`.
 *
 * @example
 * codecNamed('v8') === v8Codec; // true
 */
export function codecNamed(name: string): SpillCodec | undefined {
  return registered.find((c) => c.name === name) ?? BUILT_IN.find((c) => c.name === name);
}
