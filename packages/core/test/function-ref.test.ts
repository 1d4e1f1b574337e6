/**
 * Function references: local functions are recorded with their live function; portable ones by
 * module URL and export name, registered with functionRef/defineTasks and loaded by dynamic import.
 */

import { describe, expect, test } from 'vitest';
import { FunctionReferenceError } from '../src/errors.js';
import {
  defineTasks,
  describeValue,
  functionRef,
  isPortable,
  loadedFunction,
  loadFunction,
  localFunction,
  moduleRef,
  registeredRef,
} from '../src/function-ref.js';
import * as fixtures from './fixtures/tasks.js';

const fixturesUrl = new URL('./fixtures/tasks.ts', import.meta.url).href;

/** The error a promise rejects with. */
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

describe('functionRef', () => {
  test('a local function: named by the function, not portable, carrying the function', () => {
    function inc(x: number) {
      return x + 1;
    }
    const ref = functionRef(inc);
    expect(ref).toMatchObject({ name: 'inc', module: undefined, exportName: undefined, fn: inc });
    expect(isPortable(ref)).toBe(false);
    expect(registeredRef(inc)).toBeUndefined();
    expect(Object.isFrozen(ref)).toBe(true);
  });

  test("an anonymous local function is named 'lambda'; a name option wins", () => {
    const anon = [(x: number) => x][0];
    expect(anon.name).toBe('');
    expect(functionRef(anon).name).toBe('lambda');
    expect(functionRef(anon, { name: 'custom' }).name).toBe('custom');
  });

  test('with a module: portable, exportName defaults to the function name, and registered', () => {
    function scale(x: number) {
      return x * 2;
    }
    const ref = functionRef(scale, { module: 'file:///pkg/ops.js' });
    expect(ref).toMatchObject({
      name: 'scale',
      module: 'file:///pkg/ops.js',
      exportName: 'scale',
      fn: scale,
    });
    expect(isPortable(ref)).toBe(true);
    expect(registeredRef(scale)).toBe(ref);
    // Later plain lookups find the registered portable reference.
    expect(functionRef(scale)).toBe(ref);
  });

  test('a URL object is accepted as module; exportName may differ from the function name', () => {
    const f = (x: number) => x;
    const ref = functionRef(f, { module: new URL('file:///pkg/ops.js'), exportName: 'identity' });
    expect(ref).toMatchObject({ name: 'identity', module: 'file:///pkg/ops.js', exportName: 'identity' });
  });

  test('an anonymous function with a module but no exportName is refused', () => {
    const anon = [(x: number) => x][0];
    expect(() => functionRef(anon, { module: 'file:///pkg/ops.js' })).toThrow(FunctionReferenceError);
    expect(() => functionRef(anon, { module: 'file:///pkg/ops.js' })).toThrow(/exportName/);
  });

  test('a non-function is refused with a TypeError describing it', () => {
    expect(() => functionRef(42 as never)).toThrow(TypeError);
    expect(() => functionRef('inc' as never)).toThrow('Expected a function, got "inc".');
  });
});

describe('defineTasks', () => {
  test('registers portable references for each named export and returns the same object', () => {
    const a = (x: number) => x;
    const b = (x: number) => -x;
    const tasks = { a, b };
    expect(defineTasks('file:///pkg/more.js', tasks)).toBe(tasks);
    expect(registeredRef(a)).toMatchObject({ module: 'file:///pkg/more.js', exportName: 'a', name: 'a' });
    expect(registeredRef(b)).toMatchObject({ module: 'file:///pkg/more.js', exportName: 'b', name: 'b' });
  });

  test('the fixtures module registered its own exports by import.meta.url', () => {
    expect(registeredRef(fixtures.double)).toMatchObject({ module: fixturesUrl, exportName: 'double' });
    expect(registeredRef(fixtures.square)).toBeUndefined();
  });
});

describe('moduleRef, loadFunction, loadedFunction, localFunction', () => {
  test('moduleRef is portable and carries no function', () => {
    const ref = moduleRef(fixturesUrl, 'square');
    expect(ref).toEqual({ name: 'square', module: fixturesUrl, exportName: 'square' });
    expect(isPortable(ref)).toBe(true);
    expect(moduleRef(fixturesUrl, 'square', 'sq').name).toBe('sq');
  });

  test('loadFunction imports the module and returns the export; loadedFunction then has it', async () => {
    const ref = moduleRef(fixturesUrl, 'add');
    expect(loadedFunction(ref)).toBeUndefined();
    const fn = await loadFunction(ref);
    expect(fn(2, 3)).toBe(5);
    expect(loadedFunction(ref)).toBe(fn);
    expect(loadedFunction(moduleRef(fixturesUrl, 'add', 'another-name'))).toBe(fn);
    expect(await loadFunction(ref)).toBe(fn);
  });

  test('a reference carrying its function needs no import', async () => {
    const f = (x: number) => x;
    const ref = functionRef(f);
    expect(await loadFunction(ref)).toBe(f);
    expect(loadedFunction(ref)).toBe(f);
    expect(localFunction(ref)).toBe(f);
  });

  test('a missing export is refused, naming the function and the module', async () => {
    const err = await rejection(loadFunction(moduleRef(fixturesUrl, 'nothingHere')));
    expect(err).toBeInstanceOf(FunctionReferenceError);
    expect(err).toMatchObject({ functionName: 'nothingHere' });
    expect((err as Error).message).toContain(fixturesUrl);
  });

  test('an export that is not a function is refused', async () => {
    const err = await rejection(loadFunction(moduleRef(fixturesUrl, 'notAFunction')));
    expect(err).toBeInstanceOf(FunctionReferenceError);
    expect(err).toMatchObject({ functionName: 'notAFunction' });
  });

  test('a module that cannot be imported is refused', async () => {
    const missing = new URL('./fixtures/does-not-exist.js', import.meta.url).href;
    const err = await rejection(loadFunction(moduleRef(missing, 'f')));
    expect(err).toBeInstanceOf(FunctionReferenceError);
    expect((err as Error).message).toContain('Cannot import module');
  });

  test('a reference with neither a function nor a module is refused', async () => {
    const err = await rejection(loadFunction({ name: 'ghost' }));
    expect(err).toBeInstanceOf(FunctionReferenceError);
    expect(err).toMatchObject({ functionName: 'ghost' });
  });

  test('localFunction of a reference without a live function says to load it first', () => {
    expect(() => localFunction(moduleRef(fixturesUrl, 'square'))).toThrow(FunctionReferenceError);
    expect(() => localFunction(moduleRef(fixturesUrl, 'square'))).toThrow(/loadFunction/);
  });
});

describe('describeValue', () => {
  test('short descriptions for error messages', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue(function named() {})).toBe('function named');
    expect(describeValue([() => 1][0])).toBe('function <anonymous>');
    expect(describeValue(new Map())).toBe('Map');
    expect(describeValue('x'.repeat(50))).toBe(JSON.stringify(`${'x'.repeat(40)}…`));
    expect(describeValue(3)).toBe('number 3');
  });
});
