import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  dataNode,
  delayed,
  Layer,
  parseKey,
  Ref,
  TaskGraph,
  TuskError,
  task,
  toDot,
} from '../../src/index.js';
import { allLabels, parseDot } from './parse-dot.js';

const inc = delayed((x: number) => x + 1, { name: 'inc' });
const add = delayed((a: number, b: number) => a + b, { name: 'add' });
const f = (...xs: number[]) => xs.reduce((a, b) => a + b, 0);

const HEX = /[0-9a-f]{16,}/i;
const CALL = 'call:';

/**
 *   one ──▶ inc ──┐
 *                 ├──▶ add   (output)
 *   two ──▶ inc ──┘
 */
function diamond() {
  const one = delayed(1, { name: 'one' });
  const two = delayed(2, { name: 'two' });
  const a = inc(one);
  const b = inc(two);
  return { one, two, a, b, total: add(a, b) };
}

/** Three block layers, built as an array collection would: x (2 blocks) → inc (2 blocks) → sum (1). */
function blockLayers(blocks = 2): TaskGraph {
  const x = new Layer(
    'x-1',
    Array.from({ length: blocks }, (_, i) => dataNode(`x-1,${i}`, i)),
    [],
    'array',
  );
  const incL = new Layer(
    'inc-2',
    Array.from({ length: blocks }, (_, i) => task(`inc-2,${i}`, f, [new Ref(`x-1,${i}`)])),
    [x],
    'array',
  );
  const sum = new Layer(
    'sum-3',
    [
      task(
        'sum-3',
        f,
        Array.from({ length: blocks }, (_, i) => new Ref(`inc-2,${i}`)),
      ),
    ],
    [incL],
    'array',
  );
  return TaskGraph.fromLayers([sum]);
}

describe('toDot: task view of delayed graphs', () => {
  it('draws each call as an ellipse and each value as a box, edges value → call → value', async () => {
    const { one, two, a, b, total } = diamond();
    const g = await parseDot(toDot(total));
    // 2 constants (boxes) + 3 tasks × (call ellipse + value box)
    expect(g.nodes).toHaveLength(8);
    expect(g.ellipses()).toHaveLength(3);
    expect(g.boxes()).toHaveLength(5);
    // 3 call → value edges + 2 constants → inc + 2 inc values → add
    expect(g.edges).toHaveLength(7);
    const edges = g.edges.map((e) => `${e.tail} => ${e.head}`);
    for (const t of [a, b, total]) expect(edges).toContain(`${CALL}${t.key} => ${t.key}`);
    expect(edges).toContain(`${one.key} => ${CALL}${a.key}`);
    expect(edges).toContain(`${two.key} => ${CALL}${b.key}`);
    expect(edges).toContain(`${a.key} => ${CALL}${total.key}`);
    expect(edges).toContain(`${b.key} => ${CALL}${total.key}`);
  });

  it('labels calls with the short function name and constants with name and value, never a token', async () => {
    const { one, total } = diamond();
    const g = await parseDot(toDot(total));
    expect(
      g
        .ellipses()
        .map((n) => n.label.join(' '))
        .sort(),
    ).toEqual(['add', 'inc', 'inc']);
    expect(g.node(one.key).label).toEqual(['one', '1']);
    expect(g.node(total.key).label).toEqual(['']);
    for (const line of allLabels(g)) expect(line).not.toMatch(HEX);
  });

  it('marks the requested output with a double border', async () => {
    const { a, total } = diamond();
    const g = await parseDot(toDot(total));
    expect(g.node(total.key).attrs.peripheries).toBe('2');
    expect(g.node(a.key).attrs.peripheries).toBeUndefined();
  });

  it('uses rankdir (BT by default, as Dask)', async () => {
    const { total } = diamond();
    expect((await parseDot(toDot(total))).attrs.rankdir).toBe('BT');
    expect((await parseDot(toDot(total, { rankdir: 'LR' }))).attrs.rankdir).toBe('LR');
  });

  it('merges an array of collections, shared keys once, every output marked', async () => {
    const { a, b, total } = diamond();
    const g = await parseDot(toDot([total, a, b]));
    expect(g.nodes).toHaveLength(8);
    for (const k of [a.key, b.key, total.key]) expect(g.node(k).attrs.peripheries).toBe('2');
  });

  it('labels block values with their indices', async () => {
    const g = await parseDot(toDot(blockLayers(), { collapse: 'tasks' }));
    expect(g.node('inc-2,1').label).toEqual(['(1)']);
    expect(g.node('x-1,0').label).toEqual(['x (0)', '0']);
    expect(g.node('call:inc-2,1').label).toEqual(['inc']);
  });

  it('shortens long names', async () => {
    const long = delayed((x: number) => x, { name: 'a_function_with_a_very_long_descriptive_name' });
    const g = await parseDot(toDot(long(1)));
    const [label] = g.ellipses()[0].label;
    expect([...label].length).toBeLessThanOrEqual(24);
    expect(label.endsWith('…')).toBe(true);
  });
});

describe('toDot: escaping', () => {
  it('keeps ids and labels intact for a name with a quote and a space', async () => {
    const weird = delayed((x: number) => x * 2, { name: 'we"ird name' });
    const w = weird(inc(1));
    const g = await parseDot(toDot(w));
    expect(g.nodes).toHaveLength(4);
    expect(g.edges).toHaveLength(3);
    expect(g.node(w.key).shape).toBe('box');
    expect(g.node(`${CALL}${w.key}`).label).toEqual(['we"ird_name']);
    expect(parseKey(w.key).prefix).toBe('we"ird_name');
  });

  it('survives DOT syntax inside names: braces, arrows, semicolons, brackets, equals, backslashes', async () => {
    const nasty = delayed((x: number) => x, { name: 'a;b->c{d}[e=f]<g>\\' });
    const n = nasty(nasty(1));
    const g = await parseDot(toDot(n));
    expect(g.nodes).toHaveLength(4);
    expect(g.edges).toHaveLength(3);
    expect(g.ellipses()).toHaveLength(2);
  });

  it('handles hand-made keys with commas, quotes, spaces, newlines and a trailing backslash', async () => {
    const keys = ['in "put",0', 'two\nlines', 'ends with \\', 'graph', 'node'];
    const graph = TaskGraph.from([
      dataNode(keys[0], 1),
      task(keys[1], f, [new Ref(keys[0])]),
      task(keys[2], f, [new Ref(keys[1])]),
      task(keys[3], f, [new Ref(keys[2])]),
      task(keys[4], f, [new Ref(keys[3]), new Ref(keys[0])]),
    ]);
    const g = await parseDot(toDot(graph));
    expect(g.nodes).toHaveLength(1 + 4 * 2);
    expect(g.edges).toHaveLength(4 + 5);
    expect(g.node('in "put",0').label).toEqual(['in "put" (0)', '1']);
    expect(g.node('graph').shape).toBe('box');
  });
});

describe('toDot: TaskGraph input', () => {
  /**
   *   a ──▶ b ──▶ d
   *   └───▶ c ──┘        a is data; b, c, d are tasks
   */
  const sketch = () =>
    TaskGraph.from([
      dataNode('a-1', 10),
      task('b-1', f, [new Ref('a-1')]),
      task('c-1', f, [new Ref('a-1'), 5]),
      task('d-1', f, [new Ref('b-1'), new Ref('c-1')]),
    ]);

  it('draws nodes built with task() and dataNode()', async () => {
    const g = await parseDot(toDot(sketch()));
    expect(g.nodes).toHaveLength(1 + 3 * 2);
    expect(g.edges).toHaveLength(3 + 4);
    expect(g.node('a-1').shape).toBe('box');
    expect(g.node('a-1').label).toEqual(['a', '10']);
    expect(g.node('call:d-1').shape).toBe('ellipse');
    expect(g.node('call:d-1').label).toEqual(['d']);
    // a TaskGraph names no outputs
    expect(g.nodes.filter((n) => n.attrs.peripheries !== undefined)).toHaveLength(0);
  });

  it('draws a dependency missing from a partial graph as a dashed box', async () => {
    const graph = TaskGraph.from([task('b-1', f, [new Ref('a-1')])]);
    const g = await parseDot(toDot(graph, { color: 'order' }));
    expect(g.nodes).toHaveLength(3);
    expect(g.node('a-1').attrs.style).toBe('dashed');
    expect(g.node('a-1').label).toEqual(['a', 'not in graph']);
    expect(g.node('b-1').attrs.fillcolor).toBeDefined();
  });

  it('draws a graph with a cycle without colours, saying why', async () => {
    const graph = TaskGraph.from([task('a-1', f, [new Ref('b-1')]), task('b-1', f, [new Ref('a-1')])]);
    const dot = toDot(graph, { color: 'order' });
    expect(dot).toMatch(/^\/\/ Not coloured by order: .*cycle/m);
    const g = await parseDot(dot);
    expect(g.nodes).toHaveLength(4);
    expect(g.nodes.every((n) => n.attrs.fillcolor === undefined)).toBe(true);
  });

  it('draws aliases and fused chains as calls', async () => {
    const graph = TaskGraph.from([
      dataNode('x-1', 1),
      { kind: 'alias', key: 'y-1', target: 'x-1', deps: ['x-1'] },
      {
        kind: 'fused',
        key: 'add-1',
        nodes: [
          task('inc-1', f, [new Ref('y-1')]),
          task('inc-2', f, [new Ref('inc-1')]),
          task('add-1', f, [new Ref('inc-2')]),
        ],
        deps: ['y-1'],
      },
    ]);
    const g = await parseDot(toDot(graph));
    expect(g.node('call:y-1').label).toEqual(['alias']);
    expect(g.node('call:y-1').attrs.style).toBe('dashed');
    expect(g.node('call:add-1').label).toEqual(['inc×2+add']);
  });
});

describe('toDot: color', () => {
  it("'order' fills every node on the ramp: first runs blue, the output runs last, red", async () => {
    const { one, two, total } = diamond();
    const g = await parseDot(toDot(total, { color: 'order' }));
    expect(g.nodes.every((n) => /^#[0-9a-f]{6}$/.test(n.attrs.fillcolor))).toBe(true);
    expect([g.node(one.key).attrs.fillcolor, g.node(two.key).attrs.fillcolor]).toContain('#4575b4');
    expect(g.node(total.key).attrs.fillcolor).toBe('#d73027');
    expect(g.node(`${CALL}${total.key}`).attrs.fillcolor).toBe('#d73027');
    expect(g.attrs.label).toMatch(/run order/);
  });

  it("'none' (the default) draws plain nodes", async () => {
    const { total } = diamond();
    for (const dot of [toDot(total), toDot(total, { color: 'none' })]) {
      const g = await parseDot(dot);
      expect(g.nodes.every((n) => n.attrs.fillcolor === undefined)).toBe(true);
    }
  });
});

describe('toDot: collapse', () => {
  it("'layers' draws one node per layer with its prefix and task count, one edge per layer dependency", async () => {
    const g = await parseDot(toDot(blockLayers(), { collapse: 'layers' }));
    expect(g.nodes.map((n) => n.name).sort()).toEqual(['inc-2', 'sum-3', 'x-1']);
    expect(g.node('x-1').label).toEqual(['x', '2 values']);
    expect(g.node('x-1').shape).toBe('box');
    expect(g.node('inc-2').label).toEqual(['inc', '2 tasks']);
    expect(g.node('inc-2').shape).toBe('ellipse');
    expect(g.node('sum-3').label).toEqual(['sum', '1 task']);
    expect(g.edges.map((e) => `${e.tail} => ${e.head}`).sort()).toEqual(['inc-2 => sum-3', 'x-1 => inc-2']);
  });

  it("'layers' groups by key name when the graph does not know its layers", async () => {
    const graph = TaskGraph.from(blockLayers(3).nodes.values());
    expect(graph.layerOf.size).toBe(0);
    const g = await parseDot(toDot(graph, { collapse: 'layers' }));
    expect(g.nodes.map((n) => n.name).sort()).toEqual(['inc-2', 'sum-3', 'x-1']);
    expect(g.node('inc-2').label).toEqual(['inc', '3 tasks']);
  });

  it("'layers' of a delayed graph: one node per call, outputs marked, coloured by mean order", async () => {
    const { total } = diamond();
    const g = await parseDot(toDot(total, { collapse: 'layers', color: 'order' }));
    expect(g.nodes).toHaveLength(5);
    expect(g.edges).toHaveLength(4);
    expect(g.node(total.key).attrs.peripheries).toBe('2');
    expect(g.node(total.key).attrs.fillcolor).toBe('#d73027');
  });

  it("'auto' (the default) draws tasks up to maxTasks keys and layers above", async () => {
    const { total } = diamond();
    expect((await parseDot(toDot(total))).nodes).toHaveLength(8);
    const dot = toDot(total, { maxTasks: 4 });
    expect(dot).toMatch(/collapse: 'tasks'/);
    expect((await parseDot(dot)).nodes).toHaveLength(5);
    const big = blockLayers(200); // 401 keys > 300
    expect((await parseDot(toDot(big))).nodes).toHaveLength(3);
    expect((await parseDot(toDot(big, { collapse: 'tasks' }))).nodes).toHaveLength(200 + 2 * 201);
  });
});

describe('toDot: optimize', () => {
  it('shows the graph compute() would run: constants inlined, the chain fused', async () => {
    const chain = inc(inc(inc(delayed(1, { name: 'one' }))));
    const plain = await parseDot(toDot(chain));
    expect(plain.ellipses()).toHaveLength(3);
    const optimized = await parseDot(toDot(chain, { optimize: true }));
    expect(optimized.ellipses()).toHaveLength(1);
    expect(optimized.ellipses()[0].label).toEqual(['inc×3']);
    expect(optimized.node(chain.key).attrs.peripheries).toBe('2');
    const noFuse = await parseDot(toDot(chain, { optimize: { fuse: false } }));
    expect(noFuse.ellipses()).toHaveLength(3);
  });

  it('optimises a TaskGraph towards its sinks', async () => {
    const graph = TaskGraph.from([
      dataNode('a-1', 1),
      task('b-1', f, [new Ref('a-1')]),
      task('c-1', f, [new Ref('b-1')]),
    ]);
    const g = await parseDot(toDot(graph, { optimize: true }));
    expect(g.ellipses()).toHaveLength(1);
  });
});

describe('toDot: the public edge', () => {
  it('Delayed.toDot delegates', () => {
    const { total } = diamond();
    expect(total.toDot({ rankdir: 'LR' })).toBe(toDot(total, { rankdir: 'LR' }));
  });

  it('refuses what is not a graph or collection', () => {
    expect(() => toDot(42 as any)).toThrow(TuskError);
    expect(() => toDot(42 as any)).toThrow(/collection.*TaskGraph/);
    expect(() => toDot([inc(1), 'x'] as any)).toThrow(/item 1/);
  });

  it('refuses unknown option values with a ConfigError naming the option', () => {
    const x = inc(1);
    for (const [option, value] of [
      ['rankdir', 'UP'],
      ['color', 'rainbow'],
      ['collapse', 'blocks'],
      ['maxTasks', -1],
    ] as const) {
      let error: unknown;
      try {
        toDot(x, { [option]: value } as any);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).option).toBe(option);
    }
  });

  it('draws an empty array of collections as an empty graph', async () => {
    expect((await parseDot(toDot([]))).nodes).toHaveLength(0);
  });
});
