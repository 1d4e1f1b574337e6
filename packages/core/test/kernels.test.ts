/**
 * Core kernels: field access (negative indices from the end) and identity; both are portable
 * references to their own module, so every scheduler can run them.
 */

import { describe, expect, test } from 'vitest';
import { isPortable, registeredRef } from '../src/function-ref.js';
import { getitem, identity } from '../src/kernels.js';

describe('getitem', () => {
  test('reads fields and indices', () => {
    expect(getitem({ a: 1 }, 'a')).toBe(1);
    expect(getitem([5, 6, 7], 1)).toBe(6);
    expect(getitem([5, 6, 7], 3)).toBeUndefined();
  });

  test('negative indices count from the end for anything with .at', () => {
    expect(getitem([5, 6, 7], -1)).toBe(7);
    expect(getitem([5, 6, 7], -3)).toBe(5);
    expect(getitem(Float32Array.of(1, 2), -2)).toBe(1);
    expect(getitem('abc', -1)).toBe('c');
    expect(getitem({ '-1': 'key' }, -1)).toBe('key');
  });

  test('null and undefined are refused with a TypeError naming the field', () => {
    expect(() => getitem(null, 'x')).toThrow('Cannot read field "x" of null.');
    expect(() => getitem(undefined, 0)).toThrow(TypeError);
  });
});

test('identity returns its argument', () => {
  const o = {};
  expect(identity(o)).toBe(o);
});

test('the kernels are registered as portable module exports', () => {
  for (const f of [getitem, identity]) {
    const ref = registeredRef(f)!;
    expect(isPortable(ref)).toBe(true);
    expect(ref.module).toMatch(/kernels\.(ts|js)$/);
    expect(ref.exportName).toBe(f.name);
  }
});
