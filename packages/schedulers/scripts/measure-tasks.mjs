// Quick measurements for the threads and processes schedulers (run after `tsc -b`):
//   node packages/schedulers/scripts/measure-tasks.mjs
// 1. Per-task cost on 10,000 tiny tasks (independent, a sum tree, a chain), scheduler run only
//    (graph built beforehand, workers already started), median of 5 runs.
// 2. Moving one 64 MB Float64Array each way: wall time of the run minus the task's own time in the
//    worker (from the taskFinish callback) minus the cost of an empty run.
// Figures depend on the machine; compare them side by side in one run. bench/ holds the real benchmarks.
import { dataNode, getScheduler, Ref, TaskGraph, task } from '@tusk/core';
import { shutdownSchedulers } from '@tusk/schedulers';
import { add, inc, make, total } from './measure-kernels.mjs';

const N = 10_000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function independent() {
  const nodes = Array.from({ length: N }, (_, i) => task(`inc-${i}`, inc, [i]));
  return { graph: TaskGraph.from(nodes), keys: nodes.map((n) => n.key) };
}

function tree() {
  const nodes = Array.from({ length: N / 2 }, (_, i) => task(`inc-${i}`, inc, [i]));
  let level = nodes.map((n) => n.key);
  let id = 0;
  while (level.length > 1) {
    const next = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const t = task(`add-${id++}`, add, [new Ref(level[i]), new Ref(level[i + 1])]);
      nodes.push(t);
      next.push(t.key);
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return { graph: TaskGraph.from(nodes), keys: level };
}

function chain() {
  const nodes = [task('inc-0', inc, [0])];
  for (let i = 1; i < N; i++) nodes.push(task(`inc-${i}`, inc, [new Ref(`inc-${i - 1}`)]));
  return { graph: TaskGraph.from(nodes), keys: [`inc-${N - 1}`] };
}

async function timeRun(name, { graph, keys }, options = {}) {
  const scheduler = getScheduler(name);
  const run = (callbacks = []) => scheduler.run(graph, keys, { workers: 2, callbacks, ...options });
  await run();
  const times = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const shapes = { independent, tree, chain };
console.log(`per-task cost, ${N} tiny tasks, 2 workers (µs per task, median of 5)`);
console.log('scheduler    independent   tree   chain');
for (const name of ['synchronous', 'threads', 'processes']) {
  const row = [];
  for (const shape of Object.values(shapes)) row.push(((await timeRun(name, shape())) * 1000) / N);
  console.log(`${name.padEnd(12)} ${row.map((v) => v.toFixed(1).padStart(10)).join(' ')}`);
}

// 64 MB each way
const n = (64 * 1024 * 1024) / 8;
const big = new Float64Array(n).fill(1);
async function moveCost(name, graph, keys) {
  const scheduler = getScheduler(name);
  const times = [];
  const inTask = [];
  for (let r = 0; r < 5; r++) {
    let d = 0;
    const cb = { taskFinish: (i) => (d += i.durationMs) };
    const t0 = performance.now();
    await scheduler.run(graph, keys, { workers: 2, callbacks: [cb] });
    times.push(performance.now() - t0);
    inTask.push(d);
  }
  return median(times.map((t, i) => t - inTask[i]));
}
const empty = (name) => moveCost(name, TaskGraph.from([task('t', inc, [1])]), ['t']);
const toWorker = TaskGraph.from([dataNode('x', big), task('t', total, [new Ref('x')])]);
const fromWorker = TaskGraph.from([task('m', make, [n])]);
console.log('\nmoving a 64 MB Float64Array (ms, beyond an empty run)');
for (const name of ['threads', 'processes']) {
  const base = await empty(name);
  const there = (await moveCost(name, toWorker, ['t'])) - base;
  const back = (await moveCost(name, fromWorker, ['m'])) - base;
  console.log(
    `${name.padEnd(10)} main → worker ${there.toFixed(1).padStart(7)}   worker → main ${back.toFixed(1).padStart(7)}`,
  );
}
await shutdownSchedulers();
