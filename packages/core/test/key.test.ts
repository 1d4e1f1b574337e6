/**
 * Keys: `name-token` and `name-token,i,j` are built and parsed in one place and round-trip; keys are
 * deterministic, so the same pure computation built twice gets the same keys.
 */

import { describe, expect, test } from 'vitest';
import { type Delayed, delayed } from '../src/delayed.js';
import { TaskGraph } from '../src/graph/task-graph.js';
import { blockKey, keyPrefix, keyPrefixOf, makeKey, parseKey } from '../src/key.js';
import { add, double } from './fixtures/tasks.js';

describe('makeKey / blockKey / parseKey', () => {
  test('makeKey joins prefix and token with a dash', () => {
    expect(makeKey('inc', '3f2a9c')).toBe('inc-3f2a9c');
    expect(parseKey('inc-3f2a9c')).toEqual({
      prefix: 'inc',
      token: '3f2a9c',
      name: 'inc-3f2a9c',
      indices: [],
    });
  });

  test('blockKey appends block indices; parseKey reads them back as numbers', () => {
    expect(blockKey('add-3f2a9c', [0, 1])).toBe('add-3f2a9c,0,1');
    expect(parseKey('add-3f2a9c,0,1')).toEqual({
      prefix: 'add',
      token: '3f2a9c',
      name: 'add-3f2a9c',
      indices: [0, 1],
    });
    expect(parseKey(blockKey('x-t', [12, 0, 305])).indices).toEqual([12, 0, 305]);
  });

  test('blockKey with no indices is the layer name itself', () => {
    expect(blockKey('sum-abc', [])).toBe('sum-abc');
  });

  test('a prefix may itself contain dashes: the token is what follows the last one', () => {
    const k = makeKey('read-csv', 'ab12');
    expect(k).toBe('read-csv-ab12');
    expect(parseKey(k)).toMatchObject({ prefix: 'read-csv', token: 'ab12' });
  });

  test('commas and whitespace in a prefix are replaced, so they cannot fake block indices', () => {
    expect(keyPrefix('a, b\tc\nd')).toBe('a__b_c_d');
    const k = blockKey(makeKey('getitem, 0', 'tok'), [3]);
    expect(k).toBe('getitem__0-tok,3');
    expect(parseKey(k)).toEqual({ prefix: 'getitem__0', token: 'tok', name: 'getitem__0-tok', indices: [3] });
  });

  test('an empty prefix becomes "task"', () => {
    expect(makeKey('', 'tok')).toBe('task-tok');
  });

  test('a key without a dash has no token', () => {
    expect(parseKey('plain')).toEqual({ prefix: 'plain', token: '', name: 'plain', indices: [] });
  });

  test('keyPrefixOf gives the readable prefix of any key', () => {
    expect(keyPrefixOf('add-3f2a9c,0,1')).toBe('add');
    expect(keyPrefixOf('inc-3f2a9c')).toBe('inc');
  });

  test('round trip over many prefixes, tokens and block shapes', () => {
    const prefixes = ['inc', 'read-csv', 'x', 'map_blocks', 'Sum', 'a-b-c', 'getitem'];
    const tokens = ['0', 'ff', '3f2a9c7d', 'deadbeefdeadbeefdeadbeefdeadbeef'];
    const shapes: number[][] = [[], [0], [7], [0, 0], [3, 14], [1, 2, 3], [10, 0, 99, 4]];
    let n = 0;
    for (const prefix of prefixes) {
      for (const token of tokens) {
        for (const indices of shapes) {
          const name = makeKey(prefix, token);
          const key = blockKey(name, indices);
          // The reference: the string written out by hand.
          expect(key).toBe(
            indices.length === 0 ? `${prefix}-${token}` : `${prefix}-${token},${indices.join(',')}`,
          );
          expect(parseKey(key)).toEqual({ prefix, token, name, indices });
          n++;
        }
      }
    }
    expect(n).toBe(prefixes.length * tokens.length * shapes.length);
  });
});

describe('deterministic keys', () => {
  /** All keys of a Delayed's graph, sorted. */
  const graphKeys = (d: Delayed) => [...TaskGraph.fromLayers([d.__tusk_layer()]).keys()].sort();

  test('the same pure computation built twice gets the same keys (portable functions)', () => {
    const build = () => {
      const d = delayed(double, { pure: true });
      const a = delayed(add, { pure: true });
      return a(d(1), a(d(2), 3));
    };
    const x = build();
    const y = build();
    expect(x.key).toBe(y.key);
    expect(graphKeys(x)).toEqual(graphKeys(y));
    expect(graphKeys(x)).toHaveLength(4); // double(1), double(2), add(double(2), 3), add(double(1), …)
  });

  test('the same pure computation built twice gets the same keys (one closure)', () => {
    const inc = (x: number) => x + 1;
    const build = () => {
      const f = delayed(inc, { pure: true });
      return f(f(delayed([1, 2, 3]) as unknown as number));
    };
    expect(build().key).toBe(build().key);
    expect(graphKeys(build())).toEqual(graphKeys(build()));
  });

  test('different arguments, functions or names give different keys', () => {
    const d = delayed(double, { pure: true });
    const a = delayed(add, { pure: true });
    const keys = [d(1).key, d(2).key, d('1' as unknown as number).key, a(1, 0).key, delayed(double)(1).key];
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('keys carry the function name as their prefix', () => {
    expect(keyPrefixOf(delayed(double, { pure: true })(1).key)).toBe('double');
    expect(keyPrefixOf(delayed(double, { pure: true, name: 'twice' })(1).key)).toBe('twice');
  });

  test('delayed(value) keys depend only on the value', () => {
    expect(delayed({ a: [1, 2] }).key).toBe(delayed({ a: [1, 2] }).key);
    expect(delayed({ a: [1, 2] }).key).not.toBe(delayed({ a: [2, 1] }).key);
  });
});
