import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  dataNode,
  delayed,
  Ref,
  TaskGraph,
  TuskError,
  task,
  toDot,
  visualize,
} from '../../src/index.js';
import { parseDot } from './parse-dot.js';

const inc = delayed((x: number) => x + 1, { name: 'inc' });
const add = delayed((a: number, b: number) => a + b, { name: 'add' });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tusk-dot-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

describe('visualize', () => {
  it('writes a valid SVG for .svg, creating parent directories, and returns the path', async () => {
    const total = add(inc(1), inc(2));
    const file = join(dir, 'nested', 'deeper', 'graph.svg');
    expect(await visualize(total, file, { color: 'order' })).toBe(file);
    const svg = await readFile(file, 'utf8');
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // 3 calls + 3 values
    expect(svg.match(/class="node"/g)).toHaveLength(6);
    expect(svg.match(/class="edge"/g)).toHaveLength(5);
    expect(svg).toContain('>inc</text>');
  });

  it('renders a weird name as text in the SVG', async () => {
    const weird = delayed((x: number) => x, { name: 'we"ird name<&>' });
    const file = join(dir, 'weird.svg');
    await visualize(weird(1), file);
    const svg = await readFile(file, 'utf8');
    expect(svg).toContain('we&quot;ird_name&lt;&amp;&gt;');
  });

  it('writes DOT text for .dot and .gv, the same as toDot', async () => {
    const total = add(inc(1), inc(2));
    for (const name of ['graph.dot', 'graph.gv']) {
      const file = join(dir, name);
      await visualize(total, file, { rankdir: 'LR' });
      const text = await readFile(file, 'utf8');
      expect(text).toBe(toDot(total, { rankdir: 'LR' }));
      expect((await parseDot(text)).nodes).toHaveLength(6);
    }
  });

  it('draws a TaskGraph and arrays of collections too', async () => {
    const graph = TaskGraph.from([dataNode('a-1', 1), task('b-1', (x: number) => x, [new Ref('a-1')])]);
    const file = join(dir, 'graph-input.svg');
    await visualize(graph, file, { collapse: 'layers' });
    expect(await readFile(file, 'utf8')).toContain('<svg');
    const both = join(dir, 'both.dot');
    await visualize([inc(1), inc(2)], both);
    expect((await parseDot(await readFile(both, 'utf8'))).ellipses()).toHaveLength(2);
  });

  it('Delayed.visualize delegates', async () => {
    const file = join(dir, 'method.svg');
    expect(await inc(inc(1)).visualize(file)).toBe(file);
    expect(await readFile(file, 'utf8')).toContain('<svg');
  });

  it('refuses an unknown extension with an error naming the ones that work, writing nothing', async () => {
    const file = join(dir, 'graph.png');
    const error = await visualize(inc(1), file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TuskError);
    expect((error as Error).message).toMatch(/'\.png' is not a known extension/);
    expect((error as Error).message).toContain('.dot, .gv, .svg');
    expect(await exists(file)).toBe(false);
    await expect(visualize(inc(1), join(dir, 'no-extension'))).rejects.toThrow(/no extension/);
  });

  it('takes format from the option when the extension does not say, and refuses a contradiction', async () => {
    const file = join(dir, 'graph.txt');
    await visualize(inc(1), file, { format: 'dot' });
    expect(await readFile(file, 'utf8')).toMatch(/^\/\/ Tusk task graph/);
    await expect(visualize(inc(1), join(dir, 'x.svg'), { format: 'dot' })).rejects.toThrow(/ends in '\.svg'/);
    await expect(visualize(inc(1), join(dir, 'x.dot'), { format: 'png' as any })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });
});
