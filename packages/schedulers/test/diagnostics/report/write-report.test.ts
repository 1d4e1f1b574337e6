import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type GraphNode, Ref, TaskGraph, TuskError, task } from '@tusk/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile } from '../../../src/diagnostics/profile.js';
import type { TaskRecord } from '../../../src/diagnostics/profiler.js';
import { renderReport, writeReport } from '../../../src/diagnostics/report/write-report.js';
import type { ResourceSample } from '../../../src/diagnostics/resource-profiler.js';
import { manyTiny, sumOfDoubles } from '../helpers/graphs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tusk-report-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;
const TASK_BAR = /<rect class="task( merged)?"/g;

interface PageData {
  span: number;
  names: string[];
  functions: string[];
  workers: string[];
  bars: { k: string[]; g: number[]; f: number[]; w: number[]; s: number[]; d: number[]; n: number[] };
  samples: {
    t: number[];
    rss: number[];
    mem: (number | null)[];
    spill: (number | null)[];
    cpu: number[];
  } | null;
}

function pageData(html: string): PageData {
  const m = /<script id="tusk-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no data script');
  return JSON.parse(m[1]);
}

/** Made-up records: `n` back-to-back tasks per worker, alternating two names. */
function records(n: number, workers: readonly string[], t0 = 1_000_000): TaskRecord[] {
  const out: TaskRecord[] = [];
  workers.forEach((worker, w) => {
    for (let i = 0; i < n; i++) {
      const name = i % 2 === 0 ? 'load' : 'parse';
      const startTime = t0 + i * 0.01;
      out.push({
        key: `${name}-abc,${w},${i}`,
        functionName: name,
        worker,
        startTime,
        endTime: startTime + 0.008,
        durationMs: 0.008,
      });
    }
  });
  return out;
}

function samples(n: number, t0 = 1_000_000): ResourceSample[] {
  return Array.from({ length: n }, (_, i) => ({
    time: t0 + i * 10,
    rssBytes: 100 * 1024 ** 2 + i * 1024 ** 2,
    cpuPercent: i === 0 ? 0 : 50 + i,
    childProcesses: 0,
    memoryBytes: i * 1024 ** 2,
    spilledBytes: i > 5 ? 3 * 1024 ** 2 : 0,
  }));
}

describe('renderReport', () => {
  it('draws one bar per task that ran, the resource charts and the graph, all inline', async () => {
    const x = sumOfDoubles(12);
    const { profile: p } = await profile(() => x.compute({ scheduler: 'synchronous', optimize: false }));
    const html = await renderReport({ ...p, graph: x, title: 'Twelve doubles' });

    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Twelve doubles</title>');
    expect(count(html, TASK_BAR)).toBe(p.profiler.records.length);
    expect(count(html, TASK_BAR)).toBe(25);
    expect(count(html, /class="lane-label"/g)).toBe(1);
    expect(count(html, /<tr class="name-row">/g)).toBe(3); // inc, double, total
    expect(count(html, /<svg class="chart resources memory"/g)).toBe(1);
    expect(count(html, /<svg class="chart resources cpu"/g)).toBe(1);
    // The graph: Graphviz SVG inline, task by task (3 × 12 + 1 calls and values).
    const graph = html.slice(html.indexOf('<section id="graph">'));
    expect(graph).toContain('<svg');
    expect(count(graph, /class="node"/g)).toBe(2 * 25);
    expect(html).not.toContain('<?xml');

    const data = pageData(html);
    expect(data.bars.k.slice().sort()).toEqual(p.profiler.records.map((r) => r.key).sort());
    expect(data.workers).toEqual(['main']);
    expect(data.samples?.t.length).toBe(p.resources?.samples.length);
    for (let i = 0; i < data.bars.k.length; i++) {
      expect(data.bars.s[i]).toBeGreaterThanOrEqual(0);
      expect(data.bars.s[i] + data.bars.d[i]).toBeLessThanOrEqual(data.span + 1e-3);
    }
  });

  it('needs nothing from the network: no external script, style, image or link', async () => {
    const x = sumOfDoubles(2);
    const { profile: p } = await profile(() => x.compute({ scheduler: 'synchronous' }));
    const html = await renderReport({ ...p, graph: x });
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[\s>]/);
    expect(html).not.toMatch(/\s(src|href|xlink:href)="(?!#)/);
    expect(html).not.toMatch(/url\(|@import/);
    const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    for (const u of urls) expect(u).toMatch(/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)/);
  });

  it('escapes keys and worker names everywhere, and gives them back intact to the script', async () => {
    const evil = '</script><img src=x onerror=alert(1)>-1';
    const rec: TaskRecord = {
      key: evil,
      functionName: '<b>f</b>',
      worker: '<i>w</i>',
      startTime: 10,
      endTime: 11,
      durationMs: 1,
    };
    const html = await renderReport({ profiler: { records: [rec] }, title: '<T>' });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>f</b>');
    expect(html).not.toContain('<i>w</i>');
    expect(html).toContain('<title>&lt;T&gt;</title>');
    expect(html).toContain('&lt;i&gt;w&lt;/i&gt;');
    const data = pageData(html);
    expect(data.bars.k).toEqual([evil]);
    expect(data.functions).toEqual(['<b>f</b>']);
    expect(data.workers).toEqual(['<i>w</i>']);
  });

  it('puts workers in lanes in natural order', async () => {
    const html = await renderReport({ profiler: { records: records(3, ['thread-10', 'thread-2', 'main']) } });
    const labels = [...html.matchAll(/class="lane-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(['main', 'thread-2', 'thread-10']);
    const data = pageData(html);
    expect(data.workers).toEqual(labels);
    expect(count(html, TASK_BAR)).toBe(9);
  });

  it('merges bars closer than a pixel when there are more tasks than maxBars, keeping the count', async () => {
    const recs = records(3000, ['thread-1', 'thread-2']);
    const html = await renderReport({ profiler: { records: recs }, maxBars: 1000 });
    const bars = count(html, TASK_BAR);
    // 2 lanes × 2 names, each a run of tasks 0.01 ms apart over 30 ms: one bar each.
    expect(bars).toBe(4);
    const data = pageData(html);
    expect(data.bars.n.reduce((a, b) => a + b, 0)).toBe(6000);
    expect(html).toMatch(/6,000 tasks are drawn as [\d,]+ bars/);
    // Below the limit every task is its own bar.
    const all = await renderReport({ profiler: { records: recs }, maxBars: 6000 });
    expect(count(all, TASK_BAR)).toBe(6000);
    expect(count(all, /class="task merged"/g)).toBe(0);
  });

  it('draws memory, managed and spilled bytes and CPU from samples alone', async () => {
    const html = await renderReport({ resources: { samples: samples(12) } });
    expect(html).not.toContain('<section id="task-stream">');
    expect(html).toContain('<section id="resources">');
    const memory = html.slice(
      html.indexOf('<svg class="chart resources memory"'),
      html.indexOf('<svg class="chart resources cpu"'),
    );
    expect(count(memory, /<polyline class="series"/g)).toBe(3);
    expect(memory).toMatch(/>RSS</);
    expect(memory).toMatch(/>managed</);
    expect(memory).toMatch(/>spilled</);
    expect(memory).toMatch(/>\d+ MiB</); // round binary ticks
    const data = pageData(html);
    expect(data.samples?.t).toEqual(Array.from({ length: 12 }, (_, i) => i * 10));
    expect(html).toContain('peak RSS');
    expect(html).toContain('no child process was running');
  });

  it('collapses a big graph to one node per layer, as toDot does', async () => {
    //   inc-abc,0 … inc-abc,399   one layer of 400 blocks
    //            \   |   /
    //           total-def
    const nodes: GraphNode[] = [];
    for (let i = 0; i < 400; i++) nodes.push(task(`inc-abc,${i}`, (v: number) => v + 1, [i]));
    nodes.push(task('total-def', (xs: number[]) => xs.length, [nodes.map((n) => new Ref(n.key))]));
    const html = await renderReport({ graph: TaskGraph.from(nodes) });
    const graph = html.slice(html.indexOf('<section id="graph">'));
    expect(count(graph, /class="node"/g)).toBe(2); // the inc layer (400 tasks) and total
  });

  it('does not lay out a graph whose drawing would be too big, and says so', async () => {
    // 400 delayed calls are 400 layers: drawn by layer, still 401 nodes.
    const html = await renderReport({ graph: manyTiny(400), maxGraphNodes: 100 });
    const graph = html.slice(html.indexOf('<section id="graph">'));
    expect(graph).not.toContain('<svg');
    expect(graph).toMatch(/too big to draw here: its drawing would have 401 nodes \(the limit is 100\)/);
  });

  it('refuses options it cannot draw, with typed errors', async () => {
    await expect(renderReport({})).rejects.toThrow(TuskError);
    await expect(renderReport({})).rejects.toThrow(/nothing to draw/);
    await expect(renderReport({ profiler: {} as never })).rejects.toThrow(ConfigError);
    await expect(renderReport({ profiler: { records: [] }, maxBars: 0 })).rejects.toMatchObject({
      option: 'maxBars',
    });
    await expect(writeReport('', { profiler: { records: [] } })).rejects.toThrow(/file path/);
  });
});

describe('writeReport', () => {
  it('writes the page to a file, creating directories, and returns its absolute path', async () => {
    const file = join(dir, 'nested', 'deeper', 'report.html');
    const path = await writeReport(file, { profiler: { records: records(4, ['main']) }, title: 'Written' });
    expect(path).toBe(file);
    const html = await readFile(file, 'utf8');
    expect(html).toContain('<title>Written</title>');
    expect(count(html, TASK_BAR)).toBe(4);
  });
});
