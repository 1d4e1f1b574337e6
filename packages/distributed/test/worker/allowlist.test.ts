/**
 * ModuleAllowlist: which module URLs a worker imports. Files and directories given are allowed
 * (after resolving symbolic links), as are the built-in packages' src/ and dist/; nothing else —
 * not `..` escapes, not links out of an allowed directory, not other URL schemes.
 */

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { ModuleAllowlist } from '../../src/worker/allowlist.js';

const root = mkdtempSync(join(tmpdir(), 'tusk-allowlist-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const url = (p: string) => pathToFileURL(p).href;

test('given files and directories are allowed; paths outside them are not', () => {
  const dir = join(root, 'tasks');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  writeFileSync(join(dir, 'nested', 'a.js'), 'export const a = 1;');
  const single = join(root, 'single.js');
  writeFileSync(single, 'export const s = 1;');
  writeFileSync(join(root, 'other.js'), 'export const o = 1;');
  const allow = new ModuleAllowlist([dir, single]);
  expect(allow.allows(url(join(dir, 'nested', 'a.js')))).toBe(true);
  expect(allow.allows(url(single))).toBe(true);
  expect(allow.moduleFiles).toEqual([single]);
  expect(allow.allows(url(join(root, 'other.js')))).toBe(false);
  expect(allow.allows(`file://${dir}/../other.js`)).toBe(false);
  expect(allow.allows(`${url(dir)}-sibling/x.js`)).toBe(false);
  expect(allow.allows('data:text/javascript,export const x = 1')).toBe(false);
  expect(allow.allows('node:fs')).toBe(false);
  expect(allow.allows('https://example.com/x.js')).toBe(false);
});

test('a symbolic link out of an allowed directory is refused', () => {
  const dir = join(root, 'linked');
  mkdirSync(dir);
  const outside = join(root, 'outside.js');
  writeFileSync(outside, 'export const x = 1;');
  symlinkSync(outside, join(dir, 'escape.js'));
  const allow = new ModuleAllowlist([dir]);
  expect(allow.allows(url(join(dir, 'escape.js')))).toBe(false);
});

test('the built-in packages’ code is allowed, their tests are not; missing paths are refused', () => {
  const allow = new ModuleAllowlist([]);
  expect(allow.allows(new URL('../../../array/src/index.ts', import.meta.url).href)).toBe(true);
  expect(allow.allows(new URL('../../../core/src/kernels.ts', import.meta.url).href)).toBe(true);
  expect(allow.allows(new URL('../../../schedulers/test/fixtures/tasks.ts', import.meta.url).href)).toBe(
    false,
  );
  expect(() => new ModuleAllowlist([join(root, 'nope')])).toThrow(/does not exist/);
});

test('entry points of the built-in packages, and URLs with a query or fragment, are refused', () => {
  const allow = new ModuleAllowlist([]);
  const of = (rel: string) => new URL(rel, import.meta.url).href;
  // Importing these starts a worker bootstrap or the tusk-worker command.
  expect(allow.allows(of('../../src/worker/cli.ts'))).toBe(false);
  expect(allow.allows(of('../../../schedulers/src/worker/main.ts'))).toBe(false);
  // A query or fragment would load a fresh copy of a module and run its top level again.
  expect(allow.allows(`${of('../../../array/src/index.ts')}?again`)).toBe(false);
  expect(allow.allows(`${of('../../../array/src/index.ts')}#again`)).toBe(false);
  // Library modules beside them stay allowed.
  expect(allow.allows(of('../../src/worker/allowlist.ts'))).toBe(true);
  expect(allow.allows(of('../../../schedulers/src/worker/runner.ts'))).toBe(true);
});
