import { TuskError } from '@tusk/core';
import { describe, expect, it } from 'vitest';
import {
  assertNoShared,
  Barrier,
  Event,
  encodeShared,
  isSharedForm,
  Lock,
  Queue,
  reviveShared,
  Semaphore,
  SharedArray,
  SharedMemoryUnavailableError,
  SharedValue,
  sharedCodec,
} from '../../src/shared/index.js';

/** What crossing to a worker does: encode, structured clone (postMessage), revive. */
function crossThread<T>(value: T): T {
  return reviveShared<T>(structuredClone(encodeShared(value)));
}

describe('encodeShared / reviveShared', () => {
  it('return the value itself when it holds no primitive', () => {
    const args = [1, 'a', { b: [2, new Float64Array(3)] }, new Map([[1, 2]])];
    expect(encodeShared(args)).toBe(args);
    expect(reviveShared(args)).toBe(args);
  });

  it('replace primitives nested in arrays, objects, Maps and Sets by plain forms, and back', () => {
    const lock = new Lock();
    const sem = new Semaphore(3);
    const args = [
      { lock, others: [sem, 5] },
      new Map([['q', new Queue({ capacity: 64 })]]),
      new Set([new Event()]),
    ];
    const encoded = encodeShared(args) as any;
    expect(encoded).not.toBe(args);
    expect(isSharedForm(encoded[0].lock)).toBe(true);
    expect(encoded[0].lock.__tuskShared).toBe('Lock');
    expect(encoded[0].others[1]).toBe(5);
    expect(args[0]).toMatchObject({ lock }); // the input is not modified

    const revived = reviveShared<typeof args>(structuredClone(encoded));
    expect(revived[0]!).toBeInstanceOf(Object);
    const r0 = revived[0] as { lock: Lock; others: [Semaphore, number] };
    expect(r0.lock).toBeInstanceOf(Lock);
    expect(r0.others[0]).toBeInstanceOf(Semaphore);
    expect(r0.others[0].permits).toBe(3);
    expect((revived[1] as Map<string, Queue>).get('q')).toBeInstanceOf(Queue);
    expect([...(revived[2] as Set<Event>)][0]).toBeInstanceOf(Event);
    r0.lock.tryAcquire();
    expect(lock.locked).toBe(true);
  });

  it('every kind keeps its state and memory across the crossing', async () => {
    const b = crossThread(new Barrier(2));
    expect(b.parties).toBe(2);
    const v = crossThread(new SharedValue('int16', 7));
    expect(v.peek()).toBe(7);
    const a = crossThread(new SharedArray('uint8', [2, 3]));
    expect(a.shape).toEqual([2, 3]);
    const q = new Queue<string>({ capacity: 128 });
    await crossThread(q).put('hello');
    expect(await q.get()).toBe('hello');
  });

  it('keep cycles and shared references', () => {
    const lock = new Lock();
    const node: any = { lock, self: null, twice: [] };
    node.self = node;
    const inner = { n: 1 };
    node.twice = [inner, inner];
    const out = encodeShared(node) as any;
    expect(out.self).toBe(out);
    expect(out.twice[0]).toBe(out.twice[1]);
    const back = reviveShared<any>(out);
    expect(back.self).toBe(back);
    expect(back.lock).toBeInstanceOf(Lock);
  });

  it('refuse a form of unknown kind with a TuskError', () => {
    const bogus = { __tuskShared: 'Mutex', buffer: new SharedArrayBuffer(4), byteOffset: 0 };
    expect(() => reviveShared([bogus])).toThrow(TuskError);
    expect(() => reviveShared([bogus])).toThrow(/unknown kind 'Mutex'/);
  });
});

describe('assertNoShared', () => {
  it('finds a primitive nested anywhere and says where, and what to do', () => {
    const error = (() => {
      try {
        assertNoShared(
          [1, { jobs: [{ id: 1 }, { guard: new Semaphore(2) }] }],
          "the arguments of task 'f-1'",
        );
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SharedMemoryUnavailableError);
    expect(error).toBeInstanceOf(TuskError);
    expect(error).toMatchObject({
      primitive: 'Semaphore',
      where: "the arguments of task 'f-1'",
      path: '[1].jobs[1].guard',
    });
    expect((error as Error).message).toMatch(/'threads' scheduler/);
  });

  it('also finds plain forms, and primitives in Maps and Sets, and at the top level', () => {
    expect(() => assertNoShared({ x: encodeShared(new Lock()) }, 'a result')).toThrow(
      /A Lock was found in a result \(at \.x\)/,
    );
    expect(() => assertNoShared(new Map([['k', new Event()]]), 'v')).toThrow(/at \.get\("k"\)/);
    expect(() => assertNoShared(new Set([new Barrier(2)]), 'v')).toThrow(SharedMemoryUnavailableError);
    expect(() => assertNoShared(new SharedValue('int32'), 'v')).toThrow(/A SharedValue was found in v,/);
  });

  it('lets plain data through, including typed arrays over SharedArrayBuffers and cycles', () => {
    const cyclic: any = { a: [1, 2, new Int32Array(new SharedArrayBuffer(8))] };
    cyclic.me = cyclic;
    expect(() => assertNoShared(cyclic, 'v')).not.toThrow();
    expect(() => assertNoShared(null, 'v')).not.toThrow();
  });
});

describe('sharedCodec', () => {
  it('encodes one live primitive to its plain form and decodes it onto the same memory', () => {
    const lock = new Lock();
    expect(sharedCodec.test(lock)).toBe(true);
    expect(sharedCodec.test({ __tuskShared: 'Lock' })).toBe(false);
    const form = sharedCodec.encode(lock);
    expect(form).toMatchObject({ __tuskShared: 'Lock', byteOffset: 0 });
    const back = sharedCodec.decode(structuredClone(form)) as Lock;
    expect(back).toBeInstanceOf(Lock);
    back.tryAcquire();
    expect(lock.locked).toBe(true);
  });
});
