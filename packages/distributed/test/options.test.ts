/**
 * The distributed scheduler's options are checked before anything connects: a clear ConfigError
 * naming the option.
 */

import { ConfigError } from '@tusk/core';
import { expect, test } from 'vitest';
import { distributedSettings } from '../src/options.js';

const connection = 'redis://127.0.0.1:1';

test('a task timeout is refused: a remote task cannot be stopped', () => {
  expect(() => distributedSettings({ connection, timeout: 1000 })).toThrow(ConfigError);
  expect(() => distributedSettings({ connection, timeout: 1000 })).toThrow(/no task timeout/);
  expect(distributedSettings({ connection, timeout: 0 }).queue).toBe('tusk');
});

test('queue names and result directories are checked', () => {
  expect(() => distributedSettings({ connection, queue: 'a b' })).toThrow(/queue option/);
  expect(() => distributedSettings({ connection, resultDir: '' })).toThrow(/resultDir/);
  expect(distributedSettings({ connection, queue: 'q.1', resultDir: '/mnt/shared' })).toMatchObject({
    queue: 'q.1',
    resultDir: '/mnt/shared',
  });
});
