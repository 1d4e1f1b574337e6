/**
 * Arrow tables spill as Arrow IPC: with @tusk/dataframe's codecs registered (its `codecs` module, as
 * importing @tusk/dataframe does), a real apache-arrow Table in a SpillableStore is written to a
 * spill file whose header names the 'arrow-ipc' codec and whose payload is an Arrow IPC stream
 * (read back here with apache-arrow's own reader, independently of the store), and `get` reloads it
 * with the same schema and values, checked against the arrays it was built from. A table the value
 * codec read from IPC bytes (as results from child processes arrive) is spilled as those bytes.
 */

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { MARK } from '../../src/protocol.js';
import { codecFor } from '../../src/store/codecs.js';
import { createSpillableStore } from '../../src/store/with-store.js';
import { decodeValue } from '../../src/wire/values.js';

const dataframeDir = fileURLToPath(new URL('../../../dataframe/', import.meta.url));
// The very module file @tusk/dataframe imports, so `instanceof Table` holds across both.
const arrowEntry = fs.realpathSync(path.join(dataframeDir, 'node_modules/apache-arrow/Arrow.node.mjs'));
const arrow = await import(pathToFileURL(arrowEntry).href);
await import(pathToFileURL(path.join(dataframeDir, 'src/codecs.ts')).href);

const stores: ReturnType<typeof createSpillableStore>[] = [];
afterAll(() => {
  for (const s of stores) s.close();
});

const N = 50_000;

function table(seed: number) {
  const x = new Float64Array(N);
  const y = new Int32Array(N);
  const names: string[] = [];
  for (let i = 0; i < N; i++) {
    x[i] = (i * 7 + seed) / 4;
    y[i] = (i ^ seed) - 1000;
    names.push(`n${(i + seed) % 97}`);
  }
  return { t: arrow.tableFromArrays({ x, y, name: names }), x, y, names };
}

describe('Arrow tables in the spillable store', () => {
  it("are spilled with the 'arrow-ipc' codec, as an IPC stream, and reloaded equal", () => {
    const a = table(3);
    const b = table(11);
    expect(codecFor(a.t)?.name).toBe('arrow-ipc');
    // Room for about one table under the target: the second set spills the first.
    const bytes = a.t.batches.reduce(
      (s: number, batch: { data: { byteLength: number } }) => s + batch.data.byteLength,
      0,
    );
    const store = createSpillableStore({ memoryLimit: Math.ceil((bytes * 1.5) / 0.6) });
    stores.push(store);
    store.set('a', a.t);
    store.set('b', b.t);
    expect(store.isSpilled('a')).toBe(true);
    const dir = store.stats().directory!;
    const [file] = fs.readdirSync(dir);
    const raw = fs.readFileSync(path.join(dir, file));
    // The spill file header (spill-file.ts layout): magic, header length, then the codec's name.
    expect(raw.subarray(0, 8).toString('latin1')).toBe('TUSKSPIL');
    const headerBytes = raw.readUInt32LE(8);
    const nameBytes = raw.readUInt8(13);
    expect(raw.toString('utf8', 24, 24 + nameBytes)).toBe('arrow-ipc');
    // The payload is an Arrow IPC stream: apache-arrow reads it without the store.
    const fromFile = arrow.tableFromIPC(raw.subarray(headerBytes));
    expect(fromFile.numRows).toBe(N);
    expect(Array.from(fromFile.getChild('x').toArray())).toEqual(Array.from(a.x));

    const back = store.get('a') as typeof a.t;
    expect(back).toBeInstanceOf(arrow.Table);
    expect(store.stats().reloadedCount).toBe(1);
    expect(back.schema.fields.map((f: { name: string }) => f.name)).toEqual(['x', 'y', 'name']);
    expect(back.numRows).toBe(N);
    expect(Array.from(back.getChild('x').toArray())).toEqual(Array.from(a.x));
    expect(Array.from(back.getChild('y').toArray())).toEqual(Array.from(a.y));
    expect(back.getChild('name').toArray()).toEqual(a.names);
    store.close();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('a table that arrived as IPC bytes (from a child process) spills as those same bytes', () => {
    const a = table(5);
    const ipc: Uint8Array = arrow.tableToIPC(a.t);
    const arrived = decodeValue({ [MARK]: 'codec', name: 'arrow-table', data: ipc }) as typeof a.t;
    expect(arrived).toBeInstanceOf(arrow.Table);
    const codec = codecFor(arrived)!;
    const payload = codec.encode(arrived) as Uint8Array;
    expect(payload.buffer).toBe(ipc.buffer);
    expect(payload.byteLength).toBe(ipc.byteLength);
    // A table made here is encoded afresh, and both decode to the same rows.
    const made = codec.encode(a.t) as Uint8Array;
    expect(made.buffer).not.toBe(ipc.buffer);
    const back = codec.decode(payload, new Uint8Array(0)) as typeof a.t;
    expect(Array.from(back.getChild('x').toArray())).toEqual(Array.from(a.x));
    expect(back.getChild('name').toArray()).toEqual(a.names);
  });
});
