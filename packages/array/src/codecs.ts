/**
 * How blocks are stored by @tusk/schedulers. A block `{shape, dtype, data}` is a plain object, so it
 * already crosses to workers with its typed array transferred; here it gets a spill codec that writes
 * the raw bytes of `data` behind a small JSON header (shape and dtype), instead of the generic
 * v8.serialize path, and a sizeof that counts the data bytes plus a small overhead. Registered once
 * per process; workers never spill, so they need not import this.
 */

import { registerSizeof, registerSpillCodec, type SpillPayload } from '@tusk/schedulers';
import { type Block, isBlock } from './block.js';
import { arrayClass, isDType } from './dtype.js';

let registered = false;

/** Register the block spill codec and sizeof (once). */
export function registerBlockCodecs(): void {
  if (registered) return;
  registered = true;
  registerSizeof(
    (v: unknown) => isBlock(v),
    (b: Block) => b.data.byteLength + 64 + 8 * b.shape.length,
  );
  registerSpillCodec<Block>({
    name: 'tusk-array-block',
    test: isBlock,
    encode(b): SpillPayload {
      return {
        meta: new TextEncoder().encode(JSON.stringify({ shape: b.shape, dtype: b.dtype })),
        chunks: [b.data],
      };
    },
    decode(payload, meta) {
      const { shape, dtype } = JSON.parse(new TextDecoder().decode(meta)) as Block;
      if (!isDType(dtype)) throw new Error(`A spilled block has an unknown dtype ${String(dtype)}.`);
      const C = arrayClass(dtype);
      const data = new C(payload.buffer, payload.byteOffset, payload.byteLength / C.BYTES_PER_ELEMENT);
      return { shape, dtype, data };
    },
  });
}
