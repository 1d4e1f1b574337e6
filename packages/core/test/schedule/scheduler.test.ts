/**
 * The scheduler registry: explicit registration that refuses duplicates (and the reserved name
 * 'auto'), lookup with a typed error listing the valid names, and how 'auto' resolves.
 */

import { describe, expect, test } from 'vitest';
import { RegistryError, UnknownSchedulerError } from '../../src/errors.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import '../../src/index.js'; // registers 'synchronous', as importing @tusk/core does
import {
  getScheduler,
  registerScheduler,
  resolveScheduler,
  type Scheduler,
  schedulerNames,
} from '../../src/schedule/scheduler.js';
import { synchronousScheduler } from '../../src/schedule/synchronous.js';
import { dataNode } from '../../src/task.js';

const fake = (name: string, canRun?: (g: TaskGraph) => boolean): Scheduler => ({
  name,
  canRun,
  run: async () => new Map(),
});

describe('scheduler registry', () => {
  test("'synchronous' is registered by the package entry point", () => {
    expect(schedulerNames()).toContain('synchronous');
    expect(getScheduler('synchronous')).toBe(synchronousScheduler);
  });

  test('a duplicate name is refused with RegistryError', () => {
    expect(() => registerScheduler(fake('synchronous'))).toThrow(RegistryError);
    expect(() => registerScheduler(fake('synchronous'))).toThrow(/already registered/);
    expect(getScheduler('synchronous')).toBe(synchronousScheduler);
  });

  test("'auto' is reserved", () => {
    expect(() => registerScheduler(fake('auto'))).toThrow(RegistryError);
    expect(schedulerNames()).not.toContain('auto');
  });

  test('an unknown name is refused with UnknownSchedulerError listing every valid name', () => {
    registerScheduler(fake('custom-one'));
    let err: unknown;
    try {
      getScheduler('nope');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnknownSchedulerError);
    expect((err as UnknownSchedulerError).scheduler).toBe('nope');
    expect([...(err as UnknownSchedulerError).available].sort()).toEqual([
      'auto',
      'custom-one',
      'synchronous',
    ]);
    expect((err as Error).message).toContain("Valid schedulers: 'auto', 'synchronous', 'custom-one'.");
  });
});

describe('resolveScheduler', () => {
  const g = TaskGraph.from([dataNode('a-1', 1)]);

  test('a name other than auto is looked up as is', () => {
    expect(resolveScheduler('synchronous', g)).toBe(synchronousScheduler);
    expect(() => resolveScheduler('missing', g)).toThrow(UnknownSchedulerError);
  });

  test("'auto' picks 'threads' when registered and able to run the graph, else 'synchronous'", () => {
    // Before 'threads' exists: synchronous.
    expect(resolveScheduler('auto', g)).toBe(synchronousScheduler);
    let able = false;
    const threads = fake('threads', () => able);
    registerScheduler(threads);
    expect(resolveScheduler('auto', g)).toBe(synchronousScheduler);
    able = true;
    expect(resolveScheduler('auto', g)).toBe(threads);
  });
});
