/** Which graphs can run on workers (portable.ts): module exports yes, closures no — fused ones too. */

import { FunctionReferenceError, fused, task } from '@tusk/core';
import { expect, test } from 'vitest';
import { allPortable, assertPortable } from '../src/portable.js';
import { inc } from './fixtures/tasks.js';

test('module exports are portable; a closure, even inside a fused chain, is not', () => {
  const good = task('inc-1', inc, [1]);
  const local = task(
    'twice-1',
    function twice(x: number) {
      return 2 * x;
    },
    [1],
  );
  expect(allPortable([good])).toBe(true);
  expect(allPortable([good, local])).toBe(false);
  expect(allPortable([fused('f-1', [good, local])])).toBe(false);
  expect(() => assertPortable([good], 'threads')).not.toThrow();
  const err = (() => {
    try {
      assertPortable([fused('f-1', [good, local])], 'processes');
    } catch (e) {
      return e as FunctionReferenceError;
    }
  })();
  expect(err).toBeInstanceOf(FunctionReferenceError);
  expect(err!.functionName).toBe('twice');
  expect(err!.key).toBe('twice-1');
  expect(err!.message).toContain('processes workers');
});
