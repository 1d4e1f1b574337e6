/**
 * The distributed scheduler's options are checked before anything connects: a clear ConfigError
 * naming the option.
 */

import { ConfigError } from '@tusk/core';
import { expect, test } from 'vitest';
import { maskConnection } from '../src/errors.js';
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

test('passwords are masked in messages, whatever characters they hold', () => {
  expect(maskConnection('redis://:secret@10.0.0.5:6379')).toBe('redis://:***@10.0.0.5:6379');
  expect(maskConnection('redis://user:p@ss/w:rd@host:6379/0')).toBe('redis://user:***@host:6379/0');
  expect(maskConnection('rediss://host:6380')).toBe('rediss://host:6380');
  expect(maskConnection('redis://user@host:6379')).toBe('redis://user@host:6379');
});
