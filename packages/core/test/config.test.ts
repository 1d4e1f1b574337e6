/**
 * Configuration: defaults, global changes with restore, scoped overrides that hold across awaits and
 * nest, typed errors for unknown options, and package-registered defaults.
 */

import { afterEach, describe, expect, test } from 'vitest';
import {
  getConfig,
  mergeConfig,
  registerConfigDefaults,
  resetConfig,
  setConfig,
  withConfig,
} from '../src/config.js';
import { ConfigError, RegistryError } from '../src/errors.js';
import type { Callbacks } from '../src/schedule/callbacks.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => resetConfig());

/** Catch what `fn` throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('defaults', () => {
  test('are the documented ones', () => {
    expect(getConfig()).toEqual({
      scheduler: 'auto',
      workers: undefined,
      optimize: { cull: true, fuse: true, fuseMaxLength: 1_000_000, inline: true },
      callbacks: [],
    });
  });
});

describe('setConfig', () => {
  test('changes the global configuration and returns a restore function', () => {
    const restore = setConfig({ scheduler: 'synchronous', workers: 3 });
    expect(getConfig().scheduler).toBe('synchronous');
    expect(getConfig().workers).toBe(3);
    restore();
    expect(getConfig().scheduler).toBe('auto');
    expect(getConfig().workers).toBeUndefined();
  });

  test('nested objects merge key by key', () => {
    setConfig({ optimize: { fuse: false } });
    expect(getConfig().optimize).toEqual({ cull: true, fuse: false, fuseMaxLength: 1_000_000, inline: true });
    setConfig({ optimize: { inline: false } });
    expect(getConfig().optimize).toEqual({
      cull: true,
      fuse: false,
      fuseMaxLength: 1_000_000,
      inline: false,
    });
  });

  test('restores undo in reverse order', () => {
    const r1 = setConfig({ workers: 1 });
    const r2 = setConfig({ workers: 2 });
    expect(getConfig().workers).toBe(2);
    r2();
    expect(getConfig().workers).toBe(1);
    r1();
    expect(getConfig().workers).toBeUndefined();
  });

  test('does not change the defaults: resetConfig brings them back', () => {
    setConfig({ scheduler: 'x', optimize: { cull: false } });
    resetConfig();
    expect(getConfig().scheduler).toBe('auto');
    expect(getConfig().optimize.cull).toBe(true);
  });
});

describe('withConfig', () => {
  test('applies inside fn only, and returns what fn returns', () => {
    const inside = withConfig({ scheduler: 'synchronous' }, () => getConfig().scheduler);
    expect(inside).toBe('synchronous');
    expect(getConfig().scheduler).toBe('auto');
  });

  test('holds across awaits inside fn', async () => {
    const seen = await withConfig({ workers: 7 }, async () => {
      const out = [getConfig().workers];
      await sleep(5);
      out.push(getConfig().workers);
      await Promise.resolve();
      out.push(getConfig().workers);
      return out;
    });
    expect(seen).toEqual([7, 7, 7]);
    expect(getConfig().workers).toBeUndefined();
  });

  test('concurrent scopes do not see each other', async () => {
    const run = (workers: number, delay: number) =>
      withConfig({ workers }, async () => {
        await sleep(delay);
        return getConfig().workers;
      });
    expect(await Promise.all([run(1, 10), run(2, 1), run(3, 5)])).toEqual([1, 2, 3]);
  });

  test('nests: inner scopes merge onto outer ones and end with their fn', async () => {
    await withConfig({ scheduler: 'synchronous', optimize: { fuse: false } }, async () => {
      await withConfig({ optimize: { inline: false } }, async () => {
        await sleep(1);
        expect(getConfig().scheduler).toBe('synchronous');
        expect(getConfig().optimize).toMatchObject({ fuse: false, inline: false, cull: true });
      });
      expect(getConfig().optimize).toMatchObject({ fuse: false, inline: true });
      await withConfig({ scheduler: 'other' }, () => expect(getConfig().scheduler).toBe('other'));
      expect(getConfig().scheduler).toBe('synchronous');
    });
    expect(getConfig().optimize.fuse).toBe(true);
  });

  test('starts from the global configuration in force when it is called', () => {
    setConfig({ workers: 4 });
    expect(withConfig({ scheduler: 's' }, () => getConfig())).toMatchObject({ workers: 4, scheduler: 's' });
  });

  test('restores after fn throws', () => {
    expect(() =>
      withConfig({ workers: 9 }, () => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(getConfig().workers).toBeUndefined();
  });

  test('callbacks accumulate rather than replace', () => {
    const a: Callbacks = { finish: () => {} };
    const b: Callbacks = { start: () => {} };
    withConfig({ callbacks: [a] }, () => {
      withConfig({ callbacks: [b] }, () => {
        expect(getConfig().callbacks).toEqual([a, b]);
      });
      expect(getConfig().callbacks).toEqual([a]);
    });
  });
});

describe('unknown options', () => {
  test('an unknown top-level option is a ConfigError naming it and listing the known ones', () => {
    const err = thrown(() => setConfig({ schedular: 'threads' } as never));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).option).toBe('schedular');
    expect((err as Error).message).toContain("'schedular'");
    expect((err as Error).message).toContain('scheduler');
    expect(getConfig().scheduler).toBe('auto');
  });

  test('an unknown nested option is a ConfigError naming its path', () => {
    const err = thrown(() => withConfig({ optimize: { fusion: false } as never }, () => 1));
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).option).toBe('optimize.fusion');
    expect((err as Error).message).toContain('fuse');
  });

  test('names every object has (constructor, toString) are unknown options too', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      expect(() => setConfig(JSON.parse(`{"${name}": 1}`)), name).toThrow(ConfigError);
    }
    expect(() => setConfig({ optimize: { constructor: 1 } as never })).toThrow(ConfigError);
    expect(getConfig().optimize.fuse).toBe(true);
  });

  test('withConfig refuses before running fn', () => {
    let ran = false;
    expect(() =>
      withConfig({ nope: 1 } as never, () => {
        ran = true;
      }),
    ).toThrow(ConfigError);
    expect(ran).toBe(false);
  });
});

describe('mergeConfig', () => {
  test('returns a new object and leaves its inputs alone', () => {
    const base = getConfig();
    const merged = mergeConfig(base, { optimize: { fuse: false } });
    expect(merged).not.toBe(base);
    expect(base.optimize.fuse).toBe(true);
    expect(merged.optimize.fuse).toBe(false);
    expect(mergeConfig(base, undefined)).toBe(base);
  });
});

describe('registerConfigDefaults', () => {
  test('adds a package’s options, which then merge and validate like the built-in ones', () => {
    registerConfigDefaults({ testMemory: { limit: 100, target: 0.6 } });
    expect((getConfig() as unknown as Record<string, unknown>).testMemory).toEqual({
      limit: 100,
      target: 0.6,
    });
    withConfig({ testMemory: { target: 0.7 } } as never, () => {
      expect((getConfig() as unknown as Record<string, unknown>).testMemory).toEqual({
        limit: 100,
        target: 0.7,
      });
    });
    expect(() => setConfig({ testMemory: { targt: 1 } } as never)).toThrow(ConfigError);
    setConfig({ testMemory: { limit: 5 } } as never);
    resetConfig();
    expect((getConfig() as unknown as Record<string, unknown>).testMemory).toEqual({
      limit: 100,
      target: 0.6,
    });
  });

  test('refuses a name already taken', () => {
    expect(() => registerConfigDefaults({ scheduler: 'x' })).toThrow(RegistryError);
    registerConfigDefaults({ testOnce: 1 });
    expect(() => registerConfigDefaults({ testOnce: 2 })).toThrow(RegistryError);
  });
});
