/**
 * Typed errors: one base class; each subclass has its name, its structured fields, and a message that
 * says what went wrong and what to do next.
 */

import { describe, expect, test } from 'vitest';
import {
  CancelledError,
  ConfigError,
  CycleError,
  FunctionReferenceError,
  KeyNotFoundError,
  MissingDependencyError,
  RegistryError,
  TaskError,
  TuskError,
  UnknownSchedulerError,
} from '../src/errors.js';

describe('the error hierarchy', () => {
  const all: [Function, Error][] = [
    [CycleError, new CycleError(['a', 'b', 'a'])],
    [MissingDependencyError, new MissingDependencyError('b', 'q')],
    [KeyNotFoundError, new KeyNotFoundError('k')],
    [TaskError, new TaskError('k', 'f', new Error('x'))],
    [UnknownSchedulerError, new UnknownSchedulerError('s', ['auto'])],
    [FunctionReferenceError, new FunctionReferenceError('f', 'msg')],
    [RegistryError, new RegistryError('msg')],
    [ConfigError, new ConfigError('opt', 'msg')],
    [CancelledError, new CancelledError('msg')],
  ];

  test.each(all)('%o is a TuskError and an Error, named after its class', (cls, err) => {
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(TuskError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe((cls as { name: string }).name);
    expect(err.stack).toContain(err.name);
  });

  test('TuskError itself', () => {
    const e = new TuskError('plain');
    expect(e.name).toBe('TuskError');
    expect(e.message).toBe('plain');
  });
});

describe('fields and messages', () => {
  test('CycleError lists the cycle', () => {
    const e = new CycleError(['a-1', 'b-2', 'a-1']);
    expect(e.cycle).toEqual(['a-1', 'b-2', 'a-1']);
    expect(e.message).toContain('a-1 -> b-2 -> a-1');
  });

  test('MissingDependencyError names the reader and the missing key, and what to do', () => {
    const e = new MissingDependencyError('sum-1', 'x-9');
    expect(e).toMatchObject({ key: 'sum-1', missing: 'x-9' });
    expect(e.message).toContain("'sum-1'");
    expect(e.message).toContain("'x-9'");
    expect(e.message).toContain('compute()');
  });

  test('KeyNotFoundError names the key', () => {
    expect(new KeyNotFoundError('q-1')).toMatchObject({
      key: 'q-1',
      message: expect.stringContaining("'q-1'"),
    });
  });

  test('TaskError keeps key, function name, worker, the cause and its stack', () => {
    const cause = new TypeError('bad input');
    const e = new TaskError('inc-1', 'inc', cause, 'thread-3');
    expect(e).toMatchObject({ key: 'inc-1', functionName: 'inc', worker: 'thread-3' });
    expect(e.cause).toBe(cause);
    expect(e.taskStack).toBe(cause.stack);
    expect(e.message).toBe("Task 'inc-1' (function inc on thread-3) failed: TypeError: bad input");
  });

  test('TaskError with a non-Error cause', () => {
    const e = new TaskError('inc-1', 'inc', 42);
    expect(e.cause).toBe(42);
    expect(e.taskStack).toBeUndefined();
    expect(e.worker).toBeUndefined();
    expect(e.message).toBe("Task 'inc-1' (function inc) failed: 42");
  });

  test('UnknownSchedulerError lists the valid names; for threads/processes it says what to import', () => {
    const e = new UnknownSchedulerError('nope', ['auto', 'synchronous']);
    expect(e).toMatchObject({ scheduler: 'nope', available: ['auto', 'synchronous'] });
    expect(e.message).toBe("Unknown scheduler 'nope'. Valid schedulers: 'auto', 'synchronous'.");
    for (const s of ['threads', 'processes']) {
      expect(new UnknownSchedulerError(s, ['auto']).message).toContain("import '@tusk/schedulers'");
    }
  });

  test('FunctionReferenceError keeps the function name and, when known, the key', () => {
    expect(new FunctionReferenceError('f', 'm', 'f-1')).toMatchObject({
      functionName: 'f',
      key: 'f-1',
      message: 'm',
    });
    expect(new FunctionReferenceError('f', 'm').key).toBeUndefined();
  });

  test('ConfigError names the option', () => {
    expect(new ConfigError('optimize.fuse', 'm')).toMatchObject({ option: 'optimize.fuse', message: 'm' });
  });
});
