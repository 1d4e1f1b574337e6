/**
 * Errors across the worker boundary (wire/errors.ts): name, message, stack, fields and causes
 * survive; a TaskError from a worker comes back as a TaskError with its key.
 */

import { TaskError } from '@tusk/core';
import { expect, test } from 'vitest';
import { deserializeError, serializeError } from '../../src/wire/errors.js';

test('name, message, stack, cloneable fields and cause survive', () => {
  const err = Object.assign(new RangeError('bad range', { cause: new Error('root') }), {
    code: 'E_RANGE',
    fn: () => 1,
  });
  const back = deserializeError(structuredClone(serializeError(err)), 'thread-1');
  expect(back.name).toBe('RangeError');
  expect(back.message).toBe('bad range');
  expect(back.stack).toBe(err.stack);
  expect((back as unknown as { code: string }).code).toBe('E_RANGE');
  expect((back.cause as Error).message).toBe('root');
  expect((back as unknown as { worker: string }).worker).toBe('thread-1');
});

test('thrown non-errors are described', () => {
  const back = deserializeError(serializeError({ reason: 42 }), 'process-2');
  expect(back.message).toBe('A non-Error value was thrown: {"reason":42}');
});

test('a TaskError keeps its key and function', () => {
  const inner = new TaskError('inc-1', 'inc', new TypeError('nope'));
  const back = deserializeError(structuredClone(serializeError(inner)), 'thread-3') as TaskError;
  expect(back).toBeInstanceOf(TaskError);
  expect(back.key).toBe('inc-1');
  expect(back.functionName).toBe('inc');
  expect(back.worker).toBe('thread-3');
  expect((back.cause as Error).name).toBe('TypeError');
  expect(back.taskStack).toContain('TypeError: nope');
});
