/**
 * fuse: linear chains become one `fused` node keyed by the chain's last key; requested outputs and
 * `maxLength` cut chains; fused graphs compute the same values as the originals. Switchable in config
 * and per call.
 */

import { describe, expect, test } from 'vitest';
import { executeNode } from '../../src/execute.js';
import { TaskGraph } from '../../src/graph/task-graph.js';
import { delayed, prepareRun, withConfig } from '../../src/index.js';
import { fuse } from '../../src/optimize/fuse.js';
import { runGraph } from '../../src/schedule/loop.js';
import { SynchronousExecutor } from '../../src/schedule/synchronous.js';
import { dataNode, type Fused, type GraphNode, Ref, task } from '../../src/task.js';
import { KEY_ALPHABETS } from '../helpers/keys.js';

/** Each task appends its own label to the list of its inputs: values show the path that made them. */
const trace = (label: string) => {
  const f = (...inputs: string[]) => `${label}(${inputs.join(',')})`;
  Object.defineProperty(f, 'name', { value: label });
  return f;
};
const sorted = (keys: Iterable<string>) => [...keys].sort();

/** The inner keys of a fused node (or the key itself for any other node). */
const innerKeys = (n: GraphNode): string[] => (n.kind === 'fused' ? n.nodes.map((m) => m.key) : [n.key]);

describe.each(KEY_ALPHABETS)('fuse ($name keys)', ({ key: k }) => {
  const node = (label: string, deps: string[]) =>
    task(
      k(label),
      trace(label),
      deps.map((d) => new Ref(k(d))),
    );

  //   a ──▶ b ──▶ c ──▶ e
  //               d ──▶ e          a+b+c fuse into one node keyed c; d and e stay
  const graph = () =>
    TaskGraph.from([node('a', []), node('b', ['a']), node('c', ['b']), node('d', []), node('e', ['c', 'd'])]);

  test('a linear chain becomes one fused node that keeps the last key', () => {
    const g = fuse(graph(), [k('e')]);
    expect(sorted(g.keys())).toEqual(sorted([k('c'), k('d'), k('e')]));
    const c = g.get(k('c')) as Fused;
    expect(c.kind).toBe('fused');
    expect(innerKeys(c)).toEqual([k('a'), k('b'), k('c')]);
    expect(c.deps).toEqual([]);
    expect(g.get(k('d')).kind).toBe('task');
    expect(g.get(k('e')).deps).toEqual([k('c'), k('d')]);
  });

  test('the fused node, run by executeNode, gives the value the chain gives', () => {
    const g = fuse(graph(), [k('e')]);
    expect(executeNode(g.get(k('c')), () => undefined)).toBe('c(b(a()))');
  });

  test('the fused graph computes the same outputs as the original (reference by hand)', async () => {
    const out = await runGraph(fuse(graph(), [k('e')]), [k('e')], new SynchronousExecutor());
    expect(out.get(k('e'))).toBe('e(c(b(a())),d())');
  });

  test('a requested output is never absorbed: the chain is cut after it', () => {
    //   a ──▶ b ══▶ c ──▶ e      b requested: a+b fuse (keyed b); c is alone (e reads c and d)
    const g = fuse(graph(), [k('e'), k('b')]);
    expect(sorted(g.keys())).toEqual(sorted([k('b'), k('c'), k('d'), k('e')]));
    expect(innerKeys(g.get(k('b')))).toEqual([k('a'), k('b')]);
    expect(g.get(k('c')).kind).toBe('task');
  });

  test('a node read by two others ends a chain; a node reading two starts none', () => {
    //        ┌─▶ b ──▶ c
    //   a ───┤
    //        └─▶ d ──▶ e ──▶ f
    const g = fuse(
      TaskGraph.from([
        node('a', []),
        node('b', ['a']),
        node('c', ['b']),
        node('d', ['a']),
        node('e', ['d']),
        node('f', ['e']),
      ]),
      [k('c'), k('f')],
    );
    expect(sorted(g.keys())).toEqual(sorted([k('a'), k('c'), k('f')]));
    expect(innerKeys(g.get(k('c')))).toEqual([k('b'), k('c')]);
    expect(innerKeys(g.get(k('f')))).toEqual([k('d'), k('e'), k('f')]);
    expect(g.get(k('a')).kind).toBe('task');
    expect(g.get(k('c')).deps).toEqual([k('a')]);
  });

  test('a diamond has nothing to fuse: the same graph comes back', () => {
    //   a ──▶ b ──▶ d
    //     └─▶ c ──┘
    const full = TaskGraph.from([node('a', []), node('b', ['a']), node('c', ['a']), node('d', ['b', 'c'])]);
    expect(fuse(full, [k('d')])).toBe(full);
  });

  describe('maxLength', () => {
    //   a ──▶ b ──▶ c ──▶ d ──▶ e
    const chain = () =>
      TaskGraph.from([node('a', []), node('b', ['a']), node('c', ['b']), node('d', ['c']), node('e', ['d'])]);

    test('cuts a chain into pieces of at most maxLength, each keeping its last key', () => {
      const g2 = fuse(chain(), [k('e')], { maxLength: 2 });
      expect(sorted(g2.keys())).toEqual(sorted([k('b'), k('d'), k('e')]));
      expect(innerKeys(g2.get(k('b')))).toEqual([k('a'), k('b')]);
      expect(innerKeys(g2.get(k('d')))).toEqual([k('c'), k('d')]);
      expect(g2.get(k('e')).kind).toBe('task');
      const g3 = fuse(chain(), [k('e')], { maxLength: 3 });
      expect(sorted(g3.keys())).toEqual(sorted([k('c'), k('e')]));
      expect(innerKeys(g3.get(k('c')))).toEqual([k('a'), k('b'), k('c')]);
      expect(innerKeys(g3.get(k('e')))).toEqual([k('d'), k('e')]);
    });

    test('every cut computes the same value', async () => {
      for (const maxLength of [2, 3, 4, 5, 100]) {
        const out = await runGraph(
          fuse(chain(), [k('e')], { maxLength }),
          [k('e')],
          new SynchronousExecutor(),
        );
        expect(out.get(k('e')), `maxLength ${maxLength}`).toBe('e(d(c(b(a()))))');
      }
    });

    test('maxLength below 2 fuses nothing (and returns, rather than looping)', () => {
      for (const maxLength of [1, 0, -3, 0.5, Number.NaN]) {
        const full = chain();
        expect(fuse(full, [k('e')], { maxLength }), `maxLength ${maxLength}`).toBe(full);
      }
    });

    test('a fractional maxLength is rounded down', () => {
      const g = fuse(chain(), [k('e')], { maxLength: 2.9 });
      for (const n of g.nodes.values()) expect(innerKeys(n).length).toBeLessThanOrEqual(2);
    });
  });

  test('fusing a fused graph again flattens, and computes the same', async () => {
    const once = fuse(graph(), [k('e')], { maxLength: 2 });
    const twice = fuse(once, [k('e')]);
    expect(innerKeys(twice.get(k('c')))).toEqual([k('a'), k('b'), k('c')]);
    const out = await runGraph(twice, [k('e')], new SynchronousExecutor());
    expect(out.get(k('e'))).toBe('e(c(b(a())),d())');
  });

  test('the fused chain may start at a node with several dependencies', () => {
    //   p ──▶ a ──▶ b          a reads p and q, then a+b fuse, reading p and q from outside
    //   q ──▶┘
    const g = fuse(TaskGraph.from([node('p', []), node('q', []), node('a', ['p', 'q']), node('b', ['a'])]), [
      k('b'),
    ]);
    expect(sorted(g.keys())).toEqual(sorted([k('p'), k('q'), k('b')]));
    expect(g.get(k('b')).deps).toEqual([k('p'), k('q')]);
    expect(executeNode(g.get(k('b')), (key) => (key === k('p') ? 'P' : 'Q'))).toBe('b(a(P,Q))');
  });
});

describe('fuse in compute', () => {
  const inc = (x: number) => x + 1;
  /** A chain of `n` increments on a value large enough not to be inlined. */
  const chain = (n: number) => {
    const f = delayed(inc, { pure: true });
    let x = delayed((v: Float64Array) => v.length, { pure: true })(delayed(new Float64Array(10)));
    for (let i = 0; i < n; i++) x = f(x);
    return x;
  };

  test('is on by default: the chain becomes one node', () => {
    const { graph } = prepareRun([chain(4)]);
    expect(graph.size).toBe(1);
    expect([...graph.nodes.values()][0].kind).toBe('fused');
  });

  test('can be switched off in config, and scoped', () => {
    expect(withConfig({ optimize: { fuse: false } }, () => prepareRun([chain(4)]).graph.size)).toBe(6);
    expect(prepareRun([chain(4)]).graph.size).toBe(1);
  });

  test('fuseMaxLength in config bounds the pieces', () => {
    const { graph } = withConfig({ optimize: { fuseMaxLength: 2 } }, () => prepareRun([chain(4)]));
    expect(graph.size).toBe(3);
  });

  test('can be switched off per call', () => {
    expect(prepareRun([chain(4)], { optimize: { fuse: false } }).graph.size).toBe(6);
    expect(prepareRun([chain(4)], { optimize: false }).graph.size).toBe(6);
  });

  test('the result is the same either way', async () => {
    expect(await chain(4).compute({ scheduler: 'synchronous' })).toBe(14);
    expect(await chain(4).compute({ scheduler: 'synchronous', optimize: { fuse: false } })).toBe(14);
  });
});

test('a data node can start a fused chain', () => {
  const g = fuse(TaskGraph.from([dataNode('a-1', 5), task('b-1', (x: number) => x * 2, [new Ref('a-1')])]), [
    'b-1',
  ]);
  expect(g.size).toBe(1);
  expect(executeNode(g.get('b-1'), () => undefined)).toBe(10);
});
