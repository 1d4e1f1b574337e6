import { describe, expect, it } from 'vitest';
import { fillAttrs, orderFractions, rampColor } from '../../src/dot/order-colors.js';
import { compileGraph, dataNode, order, Ref, TaskGraph, task } from '../../src/index.js';

const f = (...xs: number[]) => xs.length;

describe('rampColor', () => {
  it('runs from blue to red through pale yellow, clamping outside [0, 1]', () => {
    expect(rampColor(0)).toBe('#4575b4');
    expect(rampColor(1)).toBe('#d73027');
    expect(rampColor(-3)).toBe('#4575b4');
    expect(rampColor(7)).toBe('#d73027');
    expect(rampColor(Number.NaN)).toBe('#4575b4');
    expect(rampColor(0.5)).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('picks white text on the dark ends and black in the middle', () => {
    expect(fillAttrs(0).fontcolor).toBe('white');
    expect(fillAttrs(1).fontcolor).toBe('white');
    expect(fillAttrs(0.5).fontcolor).toBe('black');
    expect(fillAttrs(undefined)).toEqual({});
  });
});

describe('orderFractions', () => {
  /**
   *   a ──▶ b ──┐
   *             ├──▶ e
   *   c ──▶ d ──┘
   */
  const graph = TaskGraph.from([
    dataNode('a-1', 1),
    task('b-1', f, [new Ref('a-1')]),
    dataNode('c-1', 1),
    task('d-1', f, [new Ref('c-1')]),
    task('e-1', f, [new Ref('b-1'), new Ref('d-1')]),
  ]);

  it('scales the static priorities of order() to [0, 1]', () => {
    const r = orderFractions(graph, ['e-1']);
    if (!r.ok) throw new Error(r.reason);
    const compiled = compileGraph(graph);
    const priority = order(compiled, [compiled.index.get('e-1')!]);
    for (const [k, i] of compiled.index) expect(r.fraction.get(k)).toBeCloseTo(priority[i] / 4);
    expect(r.fraction.get('e-1')).toBe(1);
  });

  it('ignores dependencies missing from the graph and reports cycles', () => {
    expect(orderFractions(TaskGraph.from([task('b-1', f, [new Ref('zz-1')])]), []).ok).toBe(true);
    const cyclic = TaskGraph.from([task('a-1', f, [new Ref('b-1')]), task('b-1', f, [new Ref('a-1')])]);
    const r = orderFractions(cyclic, []);
    expect(r.ok).toBe(false);
  });
});
