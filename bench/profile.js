/**
 * bench/profile.js — where does Tusk's time go on one scheduling shape? A CPU profile of the
 * build or the run phase, summarised as the functions with the most self time.
 *
 *   node bench/profile.js [--shape independent|chain|tree] [--phase run|build] [--no-optimize]
 *                         [--scheduler synchronous] [--n 10000] [--iterations 30] [--top 25]
 *
 * It warms up (unprofiled), then profiles only the chosen phase with the V8 sampler (node:inspector,
 * 50 µs interval): `iterations` builds (each dropped before the next), or `compute()` of `iterations`
 * collections built beforehand (all alive at once, which adds some old-generation GC). It prints self and inclusive time per
 * function (inclusive counts a recursive function once) and writes the raw profile to
 * bench/out/profile-<shape>-<phase>.cpuprofile (open it in Chrome DevTools › Performance).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compute } from '@tusk/core';
import { SHAPES } from './benchmarks/scheduling/shapes.js';
import { formatTable } from './lib/table.js';

const { values: a } = parseArgs({
  options: {
    shape: { type: 'string', default: 'tree' },
    phase: { type: 'string', default: 'run' },
    'no-optimize': { type: 'boolean', default: false },
    scheduler: { type: 'string', default: 'synchronous' },
    n: { type: 'string', default: '10000' },
    iterations: { type: 'string', default: '30' },
    top: { type: 'string', default: '25' },
  },
});
const shape = SHAPES.find((s) => s.id === a.shape);
if (!shape) throw new Error(`--shape must be one of ${SHAPES.map((s) => s.id).join(', ')}`);
if (a.phase !== 'run' && a.phase !== 'build') throw new Error('--phase must be run or build');
const n = Number(a.n);
const iterations = Number(a.iterations);
const options = { scheduler: a.scheduler, ...(a['no-optimize'] ? { optimize: false } : {}) };
// threads and processes are registered by @tusk/schedulers (the profile covers the main thread only).
if (a.scheduler !== 'synchronous') await import('@tusk/schedulers');

for (let i = 0; i < 10; i++) await compute(shape.build(n), options); // warm-up

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
let built = [];
if (a.phase === 'run') for (let i = 0; i < iterations; i++) built.push(shape.build(n));
const t0 = performance.now();
await session.post('Profiler.start');
if (a.phase === 'build') {
  // Keep only the last collection alive, as a program that builds and computes one at a time does.
  for (let i = 0; i < iterations; i++) built = [shape.build(n)];
} else {
  for (const c of built) await compute(c, options);
}
const { profile } = await session.post('Profiler.stop');
const ms = performance.now() - t0;
built = [];
session.disconnect();

const root = fileURLToPath(new URL('..', import.meta.url));
const where = (cf) => {
  if (!cf.url) return '';
  const path = cf.url.startsWith('file://') ? relative(root, fileURLToPath(cf.url)) : cf.url;
  return `${path.replace(/^node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')}:${cf.lineNumber + 1}`;
};
const fnKey = (cf) => `${cf.functionName || '(anonymous)'}\t${where(cf)}`;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const interval = (profile.endTime - profile.startTime) / Math.max(1, profile.samples.length); // µs
const self = new Map();
const inclusive = new Map();
let totalHits = 0;
// Inclusive time: walk the tree, counting a function once per path even if it recurses.
const walk = (id, onPath) => {
  const node = byId.get(id);
  const key = fnKey(node.callFrame);
  self.set(key, (self.get(key) ?? 0) + node.hitCount);
  totalHits += node.hitCount;
  let sub = node.hitCount;
  const added = !onPath.has(key);
  if (added) onPath.add(key);
  for (const c of node.children ?? []) sub += walk(c, onPath);
  if (added) {
    onPath.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + sub);
  }
  return sub;
};
walk(profile.nodes[0].id, new Set());
const IDLE = ['(idle)\t', '(program)\t', '(root)\t'];
const idle = IDLE.reduce((s, k) => s + (self.get(k) ?? 0), 0);
const busy = totalHits - idle;
const tasks = shape.tasks(n) * iterations;
const pct = (h) => `${((100 * h) / busy).toFixed(1)}%`;
const usPerTask = (h) => ((h * interval) / tasks).toFixed(3);
const rows = [...self]
  .filter(([k]) => !IDLE.includes(k))
  .sort((x, y) => y[1] - x[1])
  .slice(0, Number(a.top))
  .map(([k, h]) => {
    const [name, at] = k.split('\t');
    return [pct(h), usPerTask(h), pct(inclusive.get(k) ?? h), name, at];
  });

console.log(
  `Profile: ${shape.label}, phase ${a.phase}, ${a['no-optimize'] ? 'optimize:false' : 'default optimisation'}, ` +
    `scheduler ${a.scheduler}, n=${n}, ${iterations} iterations: ${((ms * 1e3) / tasks).toFixed(2)} µs/task wall ` +
    `(${((busy * interval) / tasks).toFixed(2)} µs/task sampled in JS/GC; (program)+(idle) ${((100 * idle) / totalHits).toFixed(1)}% of samples)\n`,
);
console.log(
  formatTable({
    columns: [
      { title: 'self', align: 'right' },
      { title: 'self µs/task', align: 'right' },
      { title: 'inclusive', align: 'right' },
      { title: 'function', align: 'left' },
      { title: 'where', align: 'left' },
    ],
    rows,
    notes: ['Percentages are of sampled non-idle time; (garbage collector) is V8 GC time.'],
  }),
);
const outDir = fileURLToPath(new URL('out/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const file = `${outDir}profile-${shape.id}-${a.phase}${a['no-optimize'] ? '-noopt' : ''}.cpuprofile`;
writeFileSync(file, JSON.stringify(profile));
console.log(`\nProfile written to ${relative(process.cwd(), file)}`);
process.exit(0);
