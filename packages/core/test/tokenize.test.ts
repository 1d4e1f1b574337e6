/**
 * tokenize: equal inputs give equal tokens, different inputs different ones — across types, for
 * containers whose order does not matter (plain objects, Maps, Sets), for typed arrays by content and
 * type, for functions by portable reference or identity, and for cyclic structures (which must not
 * hang). Ends with a collision sweep over a few thousand distinct values of mixed types.
 */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { functionRef } from '../src/function-ref.js';
import { Ref } from '../src/task.js';
import { TOKENIZE, tokenize, uniqueToken } from '../src/tokenize.js';

/** Expect every value of the list to get a different token (and each the same token twice). */
function expectAllDistinct(values: readonly unknown[]): void {
  const seen = new Map<string, number>();
  values.forEach((v, i) => {
    const t = tokenize(v);
    expect(tokenize(v), `value #${i} tokenized twice`).toBe(t);
    const j = seen.get(t);
    expect(j, `values #${j} and #${i} share token ${t}`).toBeUndefined();
    seen.set(t, i);
  });
  expect(seen.size).toBe(values.length);
}

describe('tokenize: the token', () => {
  test('is 32 lowercase hex digits', () => {
    for (const v of [0, 'x', null, [1, { a: 2 }], new Float64Array(3)]) {
      expect(tokenize(v)).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  test('is the same for the same input built twice', () => {
    const build = () => ({
      n: 1.5,
      s: 'héllo',
      list: [1, 'two', [3n, null, undefined]],
      nested: { when: new Date(86_400_000), bytes: new Uint8Array([1, 2, 3]) },
      map: new Map<unknown, unknown>([
        ['k', 1],
        [2, [3]],
      ]),
      set: new Set(['a', 'b']),
    });
    expect(tokenize(build())).toBe(tokenize(build()));
  });

  test('does not depend on the process (a child process computes the same tokens)', () => {
    const values = [1, 'x', [1, 2], { b: [true, null], a: 'y' }];
    const here = values.map((v) => tokenize(v));
    const src = fileURLToPath(new URL('../src/tokenize.ts', import.meta.url));
    const script =
      `import { tokenize } from ${JSON.stringify(src)};` +
      `console.log(JSON.stringify(${JSON.stringify(values)}.map((v) => tokenize(v))));`;
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const out = execFileSync(tsx, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(here);
  });

  test('depends on argument order; several arguments differ from each one alone', () => {
    expect(tokenize(1, 2)).not.toBe(tokenize(2, 1));
    expect(tokenize(1, 2)).not.toBe(tokenize(1));
    expect(tokenize('a', 'b')).not.toBe(tokenize('ab'));
  });
});

describe('tokenize: primitives', () => {
  test('numbers by value; -0 differs from 0; every NaN is the same', () => {
    expectAllDistinct([
      0,
      -0,
      1,
      -1,
      0.1,
      1e21,
      2 ** 53,
      2 ** 53 + 2,
      Number.MIN_VALUE,
      Infinity,
      -Infinity,
      NaN,
    ]);
    expect(tokenize(0.1 + 0.2)).toBe(tokenize(0.30000000000000004));
    expect(tokenize(Number.NaN)).toBe(tokenize(0 / 0));
  });

  test('strings by content, lengths included', () => {
    expectAllDistinct(['', ' ', 'a', 'A', 'ab', 'a b', 'b', 'é', 'e\u0301', '\u0000', 'ab'.repeat(40_000)]);
    expect(tokenize(`a${'b'}`)).toBe(tokenize('ab'));
  });

  test('lone surrogates are told apart (they are distinct strings)', () => {
    expectAllDistinct(['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFD', '\uD83D\uDE00', '\uDE00\uD83D']);
    expect(tokenize('\uD83D\uDE00')).toBe(tokenize('😀'));
  });

  test('booleans, null and undefined are distinct from each other and from look-alikes', () => {
    expectAllDistinct([
      true,
      false,
      null,
      undefined,
      0,
      1,
      '',
      'true',
      'null',
      'undefined',
      'T',
      'F',
      'N',
      'U',
    ]);
  });

  test('bigint differs from the number and the string with the same digits', () => {
    expectAllDistinct([1n, 1, '1', -1n, 0n, 2n ** 64n, 2n ** 64n + 1n, BigInt(2 ** 53)]);
    expect(tokenize(10n ** 30n)).toBe(tokenize(BigInt('1000000000000000000000000000000')));
  });

  test('registered symbols by key; equal types with different tags never collide', () => {
    expect(tokenize(Symbol.for('x'))).toBe(tokenize(Symbol.for('x')));
    expectAllDistinct([Symbol.for('x'), Symbol.for('y'), 'x']);
  });

  test('a value and the same value one level down differ', () => {
    expectAllDistinct([1, [1], [[1]], { 0: 1 }, { '0': [1] }, '1', ['1'], 1n, [1n]]);
  });
});

describe('tokenize: arrays and plain objects', () => {
  test('arrays are ordered and nested by structure', () => {
    expectAllDistinct([[], [1, 2], [2, 1], [1, [2]], [[1], 2], [[1, 2]], [1, 2, undefined], ['1,2'], [null]]);
    expect(tokenize([1, [2, [3]]])).toBe(tokenize([1, [2, [3]]]));
  });

  test('plain objects do not depend on key order', () => {
    const a = { x: 1, y: [2, 3], z: { p: 'q', r: null } };
    const b = { z: { r: null, p: 'q' }, y: [2, 3], x: 1 };
    expect(tokenize(a)).toBe(tokenize(b));
    const c: Record<string, unknown> = {};
    for (const k of ['m', 'a', 'z', 'b']) c[k] = k.charCodeAt(0);
    const d: Record<string, unknown> = {};
    for (const k of ['b', 'z', 'a', 'm']) d[k] = k.charCodeAt(0);
    expect(tokenize(c)).toBe(tokenize(d));
  });

  test('plain objects differ by key, by value, and by keys that merely concatenate alike', () => {
    expectAllDistinct([
      {},
      { a: 1 },
      { a: 2 },
      { b: 1 },
      { a: 1, b: 2 },
      { a: undefined },
      { ab: 1 },
      { a: '1' },
      { 'a=1': 1 },
      { a: { b: 1 } },
      { 'a.b': 1 },
      [['a', 1]],
    ]);
  });
});

describe('tokenize: typed arrays and buffers', () => {
  test('by content: equal contents give equal tokens, one changed element a different one', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const y = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    expect(tokenize(x)).toBe(tokenize(y));
    y[999] += 1e-12;
    expect(tokenize(x)).not.toBe(tokenize(y));
  });

  test('the same bytes under different types differ (Float32 vs Float64, Int32 vs Uint32, …)', () => {
    const buffer = new ArrayBuffer(8);
    new Float64Array(buffer)[0] = Math.PI;
    expectAllDistinct([
      new Float64Array(buffer),
      new Float32Array(buffer),
      new Int32Array(buffer),
      new Uint32Array(buffer),
      new Uint8Array(buffer),
      new Uint8ClampedArray(buffer),
      new BigInt64Array(buffer),
      new DataView(buffer),
      buffer,
    ]);
  });

  test('length is part of the token (zeros of different lengths differ)', () => {
    expectAllDistinct([new Float64Array(0), new Float64Array(1), new Float64Array(2), new Float32Array(2)]);
  });

  test('a subarray view hashes its own bytes, not its whole buffer', () => {
    const whole = Float64Array.from([10, 20, 30, 40, 50]);
    const view = whole.subarray(1, 3);
    expect(tokenize(view)).toBe(tokenize(Float64Array.from([20, 30])));
    expect(tokenize(view)).not.toBe(tokenize(whole.subarray(2, 4)));
    expect(tokenize(view)).not.toBe(tokenize(whole));
    const bytes = new Uint8Array([9, 1, 2, 9]);
    expect(tokenize(new DataView(bytes.buffer, 1, 2))).toBe(
      tokenize(new DataView(new Uint8Array([1, 2]).buffer)),
    );
  });

  test('a typed array differs from a plain array of the same numbers', () => {
    expectAllDistinct([Float64Array.from([1, 2]), [1, 2], Int8Array.from([1, 2]), { 0: 1, 1: 2 }]);
  });
});

describe('tokenize: Dates, RegExps, Maps and Sets', () => {
  test('Dates by time', () => {
    expect(tokenize(new Date('2024-01-02T03:04:05Z'))).toBe(
      tokenize(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))),
    );
    expectAllDistinct([new Date(0), new Date(1), 0, new Date('2024-01-01'), '2024-01-01', [new Date(0)]]);
  });

  test('RegExps by source and flags', () => {
    expect(tokenize(/a+b/g)).toBe(tokenize(/a+b/g));
    expectAllDistinct([/a+b/, /a+b/g, /a+b/i, /a+c/, 'a+b', /a\/b/]);
  });

  test('Maps do not depend on insertion order; keys and values both count', () => {
    const m1 = new Map<unknown, unknown>([
      ['a', 1],
      [2, 'b'],
      [{ k: 1 }, [3]],
    ]);
    const m2 = new Map<unknown, unknown>([
      [{ k: 1 }, [3]],
      [2, 'b'],
      ['a', 1],
    ]);
    expect(tokenize(m1)).toBe(tokenize(m2));
    expectAllDistinct([
      new Map([['a', 1]]),
      new Map([['a', 2]]),
      new Map([['b', 1]]),
      new Map([[1, 'a']]),
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
      new Map(),
      { a: 1 },
      [['a', 1]],
      new Set(['a', 1]),
    ]);
  });

  test('Sets do not depend on insertion order', () => {
    expect(tokenize(new Set([3, 'x', [1, 2], null]))).toBe(tokenize(new Set([null, [1, 2], 'x', 3])));
    expectAllDistinct([
      new Set(),
      new Set([1]),
      new Set([2]),
      new Set([1, 2]),
      new Set(['1']),
      [1],
      new Set([[1]]),
    ]);
  });
});

describe('tokenize: functions', () => {
  test('a portable reference tokenizes by module and export, whatever the function object', () => {
    const a = (x: number) => x + 1;
    const b = (x: number) => x + 1;
    const c = (x: number) => x + 1;
    functionRef(a, { module: 'file:///pkg/tasks.js', exportName: 'inc' });
    functionRef(b, { module: 'file:///pkg/tasks.js', exportName: 'inc' }); // e.g. the module loaded twice
    functionRef(c, { module: 'file:///pkg/tasks.js', exportName: 'dec' });
    expect(tokenize(a)).toBe(tokenize(b));
    expect(tokenize(a)).not.toBe(tokenize(c));
    expect(tokenize([a, 1])).toBe(tokenize([b, 1]));
  });

  test('a closure tokenizes by identity: the same closure always, two closures never alike', () => {
    const make = (k: number) => (x: number) => x + k;
    const f = make(1);
    const g = make(1); // same source, same captured value, still another function
    expect(tokenize(f)).toBe(tokenize(f));
    expect(tokenize({ fn: f, arg: 2 })).toBe(tokenize({ arg: 2, fn: f }));
    expect(tokenize(f)).not.toBe(tokenize(g));
    expect(tokenize(f)).not.toBe(tokenize(f.name));
  });

  test('functions with the same name but different bodies differ', () => {
    const fs = [0, 1, 2].map((i) => ({ f: (x: number) => x * i }).f);
    expect(new Set(fs.map((f) => f.name)).size).toBe(1);
    expectAllDistinct(fs);
  });
});

describe('tokenize: other objects', () => {
  test('class instances tokenize by identity, never by a guess at their fields', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const p = new Point(1, 2);
    expect(tokenize(p)).toBe(tokenize(p));
    expect(tokenize(p)).not.toBe(tokenize(new Point(1, 2)));
    expect(tokenize(p)).not.toBe(tokenize({ x: 1, y: 2 }));
  });

  test('objects implementing [TOKENIZE] tokenize by what it returns', () => {
    class Tagged {
      constructor(readonly tag: string) {}
      [TOKENIZE]() {
        return ['tagged', this.tag];
      }
    }
    expect(tokenize(new Tagged('a'))).toBe(tokenize(new Tagged('a')));
    expect(tokenize(new Tagged('a'))).not.toBe(tokenize(new Tagged('b')));
    expect(tokenize(new Tagged('a'))).not.toBe(tokenize(['tagged', 'a']));
    expect(tokenize(new Ref('k-1'))).toBe(tokenize(new Ref('k-1')));
    expectAllDistinct([new Ref('k-1'), new Ref('k-2'), 'k-1', ['ref', 'k-1']]);
  });
});

describe('tokenize: cycles', () => {
  test('a self-referencing array or object terminates, deterministically', () => {
    const build = (n: number) => {
      const a: unknown[] = [n];
      a.push(a);
      const o: Record<string, unknown> = { n };
      o.self = o;
      o.list = a;
      return o;
    };
    expect(tokenize(build(1))).toBe(tokenize(build(1)));
    expect(tokenize(build(1))).not.toBe(tokenize(build(2)));
  });

  test('a longer cycle (a → b → c → a) terminates and depends on where it closes', () => {
    const ring = (closeAt: number) => {
      const a: Record<string, unknown> = { name: 'a' };
      const b: Record<string, unknown> = { name: 'b' };
      const c: Record<string, unknown> = { name: 'c' };
      a.next = b;
      b.next = c;
      c.next = [a, b, c][closeAt];
      return a;
    };
    expect(tokenize(ring(0))).toBe(tokenize(ring(0)));
    expectAllDistinct([ring(0), ring(1), ring(2)]);
  });

  test('a Map or Set that contains itself terminates', () => {
    const map = () => {
      const m = new Map<string, unknown>([['x', 1]]);
      m.set('self', m);
      return m;
    };
    const set = () => {
      const s = new Set<unknown>([1]);
      s.add(s);
      s.add([s]);
      return s;
    };
    expect(tokenize(map())).toBe(tokenize(map()));
    expect(tokenize(set())).toBe(tokenize(set()));
    expect(tokenize(map())).not.toBe(tokenize(set()));
  });

  test('a shared (acyclic) sub-object is not mistaken for a cycle', () => {
    const shared = { v: 1 };
    expect(tokenize([shared, shared])).toBe(tokenize([{ v: 1 }, { v: 1 }]));
  });
});

describe('tokenize: collision sweep', () => {
  test('a few thousand distinct values of mixed types all get distinct tokens', () => {
    const values: unknown[] = [];
    for (let i = 0; i < 400; i++) {
      values.push(i, i + 0.5, -i - 1, String(i), `s${i}`, BigInt(i) + 1_000_000n, [i], [i, i + 1], [[i]]);
      values.push({ k: i }, { [`k${i}`]: 0 }, { k: String(i) }, { k: [i], j: null });
      values.push(Float64Array.of(i), Float32Array.of(i), Int32Array.of(i), new Uint8Array(i + 16));
      values.push(new Date(i * 1000), new Map([[i, i]]), new Set([i, 'x']), [String(i), i]);
    }
    // Every single UTF-16 code unit around and across the surrogate range, as one-unit strings.
    for (let c = 0xd7f0; c <= 0xe00f; c++) values.push(String.fromCharCode(c));
    values.push(true, false, null, undefined, '', [], {}, new Map(), new Set(), NaN, -0, Infinity);
    expect(values.length).toBeGreaterThan(9000);
    const tokens = new Set(values.map((v) => tokenize(v)));
    expect(tokens.size).toBe(values.length);
  });
});

describe('uniqueToken', () => {
  test('is different on every call', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => uniqueToken()));
    expect(tokens.size).toBe(10_000);
    for (const t of [...tokens].slice(0, 10)) expect(t).toMatch(/^[0-9a-f]+$/);
  });
});
