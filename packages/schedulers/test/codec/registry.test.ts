/** The codec registry refuses duplicates and codecs without a module (see data.test.ts for codecs on workers). */

import { RegistryError } from '@tusk/core';
import { expect, test } from 'vitest';
import { findCodec, getCodec, registerCodec } from '../../src/codec/registry.js';

class Celsius {
  constructor(readonly degrees: number) {}
}

const celsius = {
  name: 'test-celsius',
  module: import.meta.url,
  test: (v: unknown): v is Celsius => v instanceof Celsius,
  encode: (c: Celsius) => c.degrees,
  decode: (d: number) => new Celsius(d),
};

test('a codec is registered once, and found by name and by value', () => {
  registerCodec(celsius);
  expect(getCodec('test-celsius')).toBe(celsius);
  expect(findCodec(new Celsius(3))).toBe(celsius);
  expect(findCodec({ degrees: 3 })).toBeUndefined();
  expect(() => registerCodec(celsius)).toThrow(RegistryError);
});

test('a codec must name the module that registers it', () => {
  expect(() =>
    registerCodec({ ...celsius, name: 'test-no-module', module: undefined as unknown as string }),
  ).toThrow(/import.meta.url/);
});
