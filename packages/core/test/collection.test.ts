/**
 * The collection protocol helpers: the brand check and key trees.
 */

import { describe, expect, test } from 'vitest';
import { COLLECTION, flattenKeys, isCollection, mapKeys } from '../src/collection.js';
import { delayed } from '../src/delayed.js';

describe('isCollection', () => {
  test('checks the Symbol.for brand (safe across copies of the package)', () => {
    expect(isCollection(delayed(1))).toBe(true);
    expect(isCollection({ [Symbol.for('tusk.collection')]: true })).toBe(true);
    expect(isCollection({ [COLLECTION]: 'yes' })).toBe(false);
    for (const v of [null, undefined, 1, 'x', {}, [], () => 1]) expect(isCollection(v)).toBe(false);
  });
});

describe('key trees', () => {
  const tree = [['a,0,0', 'a,0,1'], ['a,1,0', 'a,1,1'], 'b'];

  test('flattenKeys lists keys depth first', () => {
    expect(flattenKeys('k')).toEqual(['k']);
    expect(flattenKeys(tree)).toEqual(['a,0,0', 'a,0,1', 'a,1,0', 'a,1,1', 'b']);
    expect(flattenKeys([])).toEqual([]);
  });

  test('flattenKeys appends to a given list', () => {
    const out = ['x'];
    expect(flattenKeys(['y', ['z']], out)).toBe(out);
    expect(out).toEqual(['x', 'y', 'z']);
  });

  test('mapKeys replaces each key by its value, keeping the shape', () => {
    const values = new Map(flattenKeys(tree).map((k, i) => [k, i]));
    expect(mapKeys(tree, values)).toEqual([[0, 1], [2, 3], 4]);
    expect(mapKeys('b', values)).toBe(4);
  });
});
