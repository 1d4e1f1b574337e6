/**
 * The task spec: nodes carry their dependencies, computed once from the Refs inside their arguments
 * (nested in plain arrays and objects only); `substitute` replaces Refs by values without touching
 * containers that hold none.
 */

import { describe, expect, test } from 'vitest';
import { functionRef, moduleRef } from '../src/function-ref.js';
import {
  alias,
  collectRefs,
  dataNode,
  fused,
  isPlainContainer,
  isRef,
  nodeFunctionName,
  Ref,
  substitute,
  task,
} from '../src/task.js';

const f = (...args: unknown[]) => args;

describe('Ref', () => {
  test('is recognised by brand, and only Refs are', () => {
    expect(isRef(new Ref('a-1'))).toBe(true);
    expect(isRef({ key: 'a-1' })).toBe(false);
    expect(isRef(null)).toBe(false);
    expect(isRef('a-1')).toBe(false);
    // A Ref from another copy of the module carries the same Symbol.for brand.
    expect(isRef({ [Symbol.for('tusk.ref')]: true, key: 'a-1' })).toBe(true);
    expect(String(new Ref('a-1'))).toBe('Ref(a-1)');
  });
});

describe('isPlainContainer', () => {
  test('arrays and plain objects are containers; Refs, typed arrays, Dates, Maps, instances are not', () => {
    expect(isPlainContainer([])).toBe(true);
    expect(isPlainContainer({})).toBe(true);
    expect(isPlainContainer(Object.create(null))).toBe(true);
    for (const v of [
      new Ref('a'),
      new Float64Array(1),
      new Date(0),
      new Map(),
      new (class X {})(),
      null,
      1,
      'x',
    ]) {
      expect(isPlainContainer(v)).toBe(false);
    }
  });
});

describe('task', () => {
  test('collects the keys of Refs nested in arrays and plain objects, once each, in argument order', () => {
    const t = task('t-1', f, [
      1,
      new Ref('a'),
      [2, { x: new Ref('b'), y: [new Ref('a'), new Ref('c')] }],
      'lit',
    ]);
    expect(t).toMatchObject({ kind: 'task', key: 't-1', hasRefs: true });
    expect(t.deps).toEqual(['a', 'b', 'c']);
  });

  test('literal arguments: no deps, hasRefs false', () => {
    const t = task('t-2', f, [1, 'two', [3, { four: 4 }], null]);
    expect(t.deps).toEqual([]);
    expect(t.hasRefs).toBe(false);
  });

  test('Refs inside things that are not plain containers are literals, not dependencies', () => {
    const m = new Map([['k', new Ref('a')]]);
    class Box {
      readonly ref = new Ref('b');
    }
    const t = task('t-3', f, [m, new Box(), [new Set([new Ref('c')])]]);
    expect(t.deps).toEqual([]);
    expect(t.hasRefs).toBe(false);
  });

  test('a function is recorded by reference; a FunctionRef is kept as it is', () => {
    function inc(x: number) {
      return x + 1;
    }
    const t = task('inc-1', inc, [1]);
    expect(t.fn).toMatchObject({ name: 'inc', fn: inc });
    const ref = moduleRef('file:///m.js', 'inc');
    expect(task('inc-2', ref, [1]).fn).toBe(ref);
    const named = functionRef(inc, { name: 'increment' });
    expect(task('inc-3', named, [1]).fn.name).toBe('increment');
  });
});

describe('dataNode, alias, fused', () => {
  test('dataNode holds a value and has no dependencies', () => {
    const value = { big: new Float64Array(4) };
    expect(dataNode('d-1', value)).toEqual({ kind: 'data', key: 'd-1', value, deps: [] });
    expect(dataNode('d-1', value).value).toBe(value);
  });

  test('alias depends on its target', () => {
    expect(alias('b', 'a')).toEqual({ kind: 'alias', key: 'b', target: 'a', deps: ['a'] });
  });

  test('fused lists only the keys read from outside the chain', () => {
    //   x ──▶ a ──▶ b ──▶ c      (a, b, c fused; c also reads y)
    //                y ──▶┘
    const a = task('a', f, [new Ref('x')]);
    const b = task('b', f, [new Ref('a')]);
    const c = task('c', f, [new Ref('b'), new Ref('y')]);
    const node = fused('c', [a, b, c]);
    expect(node.kind).toBe('fused');
    expect(node.key).toBe('c');
    expect(node.nodes).toEqual([a, b, c]);
    expect([...node.deps].sort()).toEqual(['x', 'y']);
  });
});

describe('collectRefs', () => {
  test('adds every Ref key and says whether it found any', () => {
    const out = new Set<string>();
    expect(collectRefs([1, { a: new Ref('p') }, [[new Ref('q')]]], out)).toBe(true);
    expect([...out]).toEqual(['p', 'q']);
    expect(collectRefs({ a: [1, 2] }, new Set())).toBe(false);
  });
});

describe('substitute', () => {
  const values: Record<string, unknown> = { a: 1, b: [2], c: { three: 3 } };
  const get = (k: string) => values[k];

  test('replaces Refs at any depth of arrays and plain objects', () => {
    const args = [new Ref('a'), { x: new Ref('b'), y: [new Ref('c'), 'lit'] }, 4];
    expect(substitute(args, get)).toEqual([1, { x: [2], y: [{ three: 3 }, 'lit'] }, 4]);
  });

  test('does not modify its input, and returns containers without Refs as the same objects', () => {
    const inner = { keep: [1, 2] };
    const args = [inner, new Ref('a')];
    const out = substitute(args, get) as unknown[];
    expect(out).not.toBe(args);
    expect(out[0]).toBe(inner);
    expect(args[1]).toBeInstanceOf(Ref);
    const literal = [1, { two: 2 }];
    expect(substitute(literal, get)).toBe(literal);
  });

  test('keys not known to get are passed through as get returns them', () => {
    expect(substitute([new Ref('zzz')], get)).toEqual([undefined]);
  });

  test('values that are not plain containers are returned as they are', () => {
    const typed = new Float64Array(2);
    expect(substitute(typed, get)).toBe(typed);
    expect(substitute('x', get)).toBe('x');
  });
});

describe('nodeFunctionName', () => {
  test('names tasks by function, fused nodes by their chain, others by kind', () => {
    function load() {}
    function clean() {}
    const a = task('a', load, []);
    const b = task('b', clean, [new Ref('a')]);
    expect(nodeFunctionName(a)).toBe('load');
    expect(nodeFunctionName(fused('b', [a, b]))).toBe('load+clean');
    expect(nodeFunctionName(alias('c', 'b'))).toBe('alias');
    expect(nodeFunctionName(dataNode('d', 1))).toBe('data');
  });
});
