/**
 * compute / persist / prepareRun over the collection protocol: merged graphs (shared keys run once),
 * nested output keys finalized by the collection, collection optimisation hooks, options (a trailing
 * plain object; per-call options win over config; scheduler-specific options reach the scheduler).
 */

import { afterEach, describe, expect, test } from 'vitest';
import {
  COLLECTION,
  compute,
  dataNode,
  delayed,
  type KeyTree,
  Layer,
  persist,
  prepareRun,
  Ref,
  type RunOptions,
  registerScheduler,
  resetConfig,
  type Scheduler,
  setConfig,
  type TaskGraph,
  type TuskCollection,
  task,
  withConfig,
} from '../src/index.js';
import { synchronousScheduler } from '../src/schedule/synchronous.js';

afterEach(() => resetConfig());

/** A scheduler that records what it was given, then runs synchronously. */
const seen: { graph?: TaskGraph; keys?: readonly string[]; options?: RunOptions }[] = [];
const recording: Scheduler = {
  name: 'recording',
  run(graph, keys, options) {
    seen.push({ graph, keys, options });
    return synchronousScheduler.run(graph, keys, options);
  },
};
registerScheduler(recording);

/**
 * A minimal user collection: a 2×2 grid of blocks. Block (i, j) = base + 10 i + j, where `base` is a
 * shared node; finalize turns the nested keys' values into rows joined by '|'.
 */
class Grid implements TuskCollection<string> {
  readonly [COLLECTION] = true as const;
  optimized = 0;
  constructor(
    readonly layer: Layer,
    readonly name: string,
  ) {}
  static make(name: string, base: Layer, calls: string[]): Grid {
    const baseKey = base.nodes[0].key;
    const nodes = [0, 1].flatMap((i) =>
      [0, 1].map((j) =>
        task(
          `${name},${i},${j}`,
          (b: number) => {
            calls.push(`${name},${i},${j}`);
            return b + 10 * i + j;
          },
          [new Ref(baseKey)],
        ),
      ),
    );
    return new Grid(new Layer(name, nodes, [base], 'grid'), name);
  }
  __tusk_layer(): Layer {
    return this.layer;
  }
  __tusk_keys(): KeyTree {
    return [
      [`${this.name},0,0`, `${this.name},0,1`],
      [`${this.name},1,0`, `${this.name},1,1`],
    ];
  }
  __tusk_finalize(values: unknown): string {
    return (values as number[][]).map((row) => row.join(',')).join('|');
  }
  __tusk_rebuild(layer: Layer): Grid {
    return new Grid(layer, this.name);
  }
  __tusk_optimize(graph: TaskGraph, _keys: readonly string[]): TaskGraph {
    this.optimized++;
    return graph;
  }
}

const baseLayer = (calls: string[]) =>
  new Layer('base-1', [
    task('base-1', () => {
      calls.push('base-1');
      return 100;
    }, []),
  ]);

describe('compute over the collection protocol', () => {
  test('nested output keys are computed and finalized by the collection', async () => {
    const calls: string[] = [];
    const g = Grid.make('g-1', baseLayer(calls), calls);
    // By hand: base 100; rows [100, 101] and [110, 111].
    expect(await compute(g, { scheduler: 'synchronous' })).toEqual(['100,101|110,111']);
  });

  test('collections sharing a layer are merged: its task runs once', async () => {
    const calls: string[] = [];
    const base = baseLayer(calls);
    const g1 = Grid.make('g-1', base, calls);
    const g2 = Grid.make('g-2', base, calls);
    const d = delayed((x: number) => x * 2)(delayed(5));
    expect(await compute(g1, d, g2, { scheduler: 'synchronous' })).toEqual([
      '100,101|110,111',
      10,
      '100,101|110,111',
    ]);
    expect(calls.filter((c) => c === 'base-1')).toHaveLength(1);
    expect(calls).toHaveLength(9);
  });

  test('a collection without __tusk_toDelayed cannot be a delayed argument, and the error names it', () => {
    const g = Grid.make('g-1', baseLayer([]), []);
    expect(() => delayed((x: unknown) => x)(g as never)).toThrow(
      /Grid cannot be passed to a delayed function/,
    );
  });

  test('a collection’s optimisation hook runs once per run (shared hooks once), not with optimize: false', () => {
    const base = baseLayer([]);
    const g1 = Grid.make('g-1', base, []);
    const g2 = Grid.make('g-2', base, []);
    prepareRun([g1, g2]);
    expect(g1.optimized + g2.optimized).toBe(1);
    prepareRun([g1, g2], { optimize: false });
    expect(g1.optimized + g2.optimized).toBe(1);
  });

  test('persist rebuilds the collection over its computed blocks; computing it again runs nothing', async () => {
    const calls: string[] = [];
    const g = Grid.make('g-1', baseLayer(calls), calls);
    const [p] = await persist(g, { scheduler: 'synchronous' });
    expect(calls).toHaveLength(5);
    expect(p).toBeInstanceOf(Grid);
    expect(p.layer.name).toBe('persisted-g-1');
    expect(p.layer.kind).toBe('grid');
    expect(p.layer.nodes.map((n) => n.kind)).toEqual(['data', 'data', 'data', 'data']);
    expect(await compute(p, { scheduler: 'synchronous' })).toEqual(['100,101|110,111']);
    expect(calls).toHaveLength(5);
  });
});

describe('prepareRun', () => {
  test('merges the graphs and lists the output keys in collection order, depth first', () => {
    const calls: string[] = [];
    const g = Grid.make('g-1', baseLayer(calls), calls);
    const d = delayed(1);
    const { graph, keys } = prepareRun([d, g], { optimize: false });
    expect(keys).toEqual([d.key, 'g-1,0,0', 'g-1,0,1', 'g-1,1,0', 'g-1,1,1']);
    expect(graph.size).toBe(6);
  });

  test('per-call options win over config; config fills the rest', () => {
    setConfig({ scheduler: 'recording', workers: 3 });
    const { config } = prepareRun([delayed(1)], { scheduler: 'synchronous' });
    expect(config.scheduler).toBe('synchronous');
    expect(config.workers).toBe(3);
    expect(prepareRun([delayed(1)]).config.scheduler).toBe('recording');
  });

  test('optimize: true keeps the configured passes; an object switches them one by one', () => {
    withConfig({ optimize: { fuse: false } }, () => {
      expect(prepareRun([delayed(1)], { optimize: true }).config.optimize.fuse).toBe(false);
      expect(prepareRun([delayed(1)], { optimize: { cull: false } }).config.optimize).toMatchObject({
        cull: false,
        fuse: false,
        inline: true,
      });
    });
  });
});

describe('compute: arguments and options', () => {
  test('with no collections it resolves to the items as they are; with nothing, to []', async () => {
    expect(await compute(1, 'a', [2])).toEqual([1, 'a', [2]]);
    expect(await compute()).toEqual([]);
  });

  test('a trailing plain object is options, not an item', async () => {
    const d = delayed(() => 1)();
    expect(await compute(d, { scheduler: 'recording' })).toEqual([1]);
    expect(seen.at(-1)?.keys).toEqual([d.key]);
  });

  test('scheduler-specific options, workers, callbacks and signal reach the scheduler', async () => {
    const cb = { finish: () => {} };
    const configured = { start: () => {} };
    const ac = new AbortController();
    await withConfig({ callbacks: [configured] }, () =>
      compute(delayed(() => 1)(), {
        scheduler: 'recording',
        workers: 2,
        memoryLimit: '1GB',
        callbacks: [cb],
        signal: ac.signal,
      }),
    );
    const options = seen.at(-1)!.options!;
    expect(options.memoryLimit).toBe('1GB');
    expect(options.workers).toBe(2);
    expect(options.callbacks).toEqual([configured, cb]);
    expect(options.signal).toBe(ac.signal);
  });

  test('the scheduler gets the optimised graph and all requested keys of all collections', async () => {
    const a = delayed((x: number) => x + 1)(1);
    const b = delayed((x: number) => x + 2)(a);
    await compute(a, b, { scheduler: 'recording' });
    const { graph, keys } = seen.at(-1)!;
    expect(keys).toEqual([a.key, b.key]);
    expect(graph!.has(a.key) && graph!.has(b.key)).toBe(true);
  });

  test('config picks the scheduler when the call does not', async () => {
    const before = seen.length;
    await withConfig({ scheduler: 'recording' }, () => delayed(() => 1)().compute());
    expect(seen.length).toBe(before + 1);
  });

  test('the data node of a persisted value is never inlined away from its readers’ results', async () => {
    const p = await delayed(() => 3)().persist({ scheduler: 'synchronous' });
    const q = delayed((x: number) => x * 2)(p);
    expect(await compute(p, q, { scheduler: 'synchronous' })).toEqual([3, 6]);
    expect(prepareRun([p]).graph.get(p.key)).toEqual(dataNode(p.key, 3));
  });
});
