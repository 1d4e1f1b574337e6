/**
 * Benchmark 'distributed': the `distributed` scheduler (BullMQ on a loopback redis-server, 2
 * `tusk-worker` processes) beside the local `processes` scheduler (2 workers) and Dask distributed
 * (`LocalCluster` of 2 worker processes, one thread each; Debian's python3-distributed), in one run.
 *
 * Cases:
 *   overhead  the 'scheduling' shapes with tiny tasks (n = 2,000; quick 1,000 — Dask distributed takes
 *             about 1.7 ms a task here, so larger n costs minutes per sample): `independent`
 *             (n × inc, then total: n + 1 tasks) and `tree` (inc leaves, pairwise add: 2n − 1 tasks),
 *             with `optimize: false` so that every task is scheduled; µs per task of the whole
 *             compute() (Tusk: including connecting to Redis and cleaning the run up; Dask: from
 *             client.compute to the result, graph built outside the clock).
 *   groupby   `readCsv(file).groupby('key').col('x').mean()` on the generated CSV (bench/lib/csv-data.js,
 *             200 MB; quick 50 MB; 32 MB partitions on every side), every answer checked against the
 *             file's exact truth.
 * The workers and the Dask cluster are started once, outside every clock. Workers are started from
 * the built package (bin/tusk-worker.js → dist/), so run `pnpm bench` (tsc -b first).
 *
 * Target (issue 7): per-task overhead ≤ 1 ms/task, at or below Dask distributed's.
 */

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { compute } from '@tusk/core';
import { csvTruth, ensureCsv, parseBytes } from '../lib/csv-data.js';
import { num, ratio, spread } from '../lib/format.js';
import { sampleRounds, series } from '../lib/measure.js';
import { pairedRatio, summarize } from '../lib/stats.js';
import { checkGroups } from './dataframe/queries.js';
import { SHAPES } from './scheduling/shapes.js';

const WORKER_BIN = fileURLToPath(new URL('../../packages/distributed/bin/tusk-worker.js', import.meta.url));
const TASKS = fileURLToPath(new URL('../tasks.js', import.meta.url));
const QUEUE = 'tusk-bench';
const BLOCK = 32_000_000;
const OVERHEAD_SHAPES = SHAPES.filter((s) => s.id === 'independent' || s.id === 'tree');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Start a child and wait for a line matching `ready` on its output. */
function startChild(cmd, args, ready, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start in 30 s: ${out.slice(-500)}`));
    }, 30_000);
    const onData = (c) => {
      out += c;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${what}: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${out.slice(-500)}`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** redis-server on a free loopback port and `workers` tusk-worker processes. */
async function startCluster(workers, log) {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const children = [];
  try {
    children.push(
      await startChild(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--maxmemory-policy',
          'noeviction',
        ],
        /Ready to accept connections/,
        'redis-server (apt-get install -y redis-server)',
      ),
    );
    log(`  redis-server on ${url}; starting ${workers} tusk-workers…`);
    const started = await Promise.all(
      Array.from({ length: workers }, (_, i) =>
        startChild(
          process.execPath,
          [
            WORKER_BIN,
            '--redis',
            url,
            '--queue',
            QUEUE,
            '--concurrency',
            '2',
            '--modules',
            TASKS,
            '--name',
            `bench-${i}`,
          ],
          /ready: queue/,
          `tusk-worker bench-${i}`,
        ),
      ),
    );
    children.push(...started);
  } catch (err) {
    await Promise.all(children.map(stopChild));
    throw err;
  }
  return { url, stop: () => Promise.all(children.map(stopChild)) };
}

function overheadContender(id, shape, n, options) {
  const expected = shape.expected(n);
  const tasks = shape.tasks(n);
  return {
    id,
    async sample() {
      const c = shape.build(n);
      const t0 = performance.now();
      const [v] = await compute(c, { ...options, optimize: false });
      const t1 = performance.now();
      if (v !== expected) throw new Error(`${shape.id}(n=${n}) computed ${v}, expected ${expected}`);
      return { perTask: (t1 - t0) / 1e3 / tasks };
    },
  };
}

function groupbyContender(id, file, truth, options) {
  return {
    id,
    async sample() {
      const { readCsv } = await import('@tusk/dataframe');
      const t0 = performance.now();
      const table = await readCsv(file, { blocksize: BLOCK }).groupby('key').col('x').mean().compute(options);
      const t1 = performance.now();
      const keys = table.getChild('key');
      const xs = table.getChild('x');
      const rows = [];
      for (let i = 0; i < table.numRows; i++) rows.push([keys.get(i), Number(xs.get(i))]);
      const wrong = checkGroups('mean', rows, truth);
      if (wrong) throw new Error(`${id} groupby answer is wrong: ${wrong}`);
      return { run: (t1 - t0) / 1e3 };
    },
  };
}

export default {
  name: 'distributed',
  title: 'Distributed scheduler (BullMQ + Redis, 2 workers) vs processes and Dask distributed',
  defaults: { n: 2000, quickN: 1000, size: '200MB', quickSize: '50MB', workers: 2 },

  async run(ctx) {
    const n = ctx.n ?? (ctx.quick ? this.defaults.quickN : this.defaults.n);
    const workers = ctx.workers ?? this.defaults.workers;
    const bytes = parseBytes(ctx.size ?? (ctx.quick ? this.defaults.quickSize : this.defaults.size));
    await import('@tusk/schedulers');
    await import('@tusk/distributed');
    const cluster = await startCluster(workers, ctx.log);
    const distributed = { scheduler: 'distributed', connection: cluster.url, queue: QUEUE };
    const processes = { scheduler: 'processes', workers };
    let peer;
    let daskVersions;
    let daskReason;
    const overhead = [];
    let groupby;
    let file;
    try {
      peer = ctx.peers ? await ctx.startPeer('dask_distributed.py', 'Dask distributed') : undefined;
      if (peer?.available) await peer.request('setup', { workers });
      // Read now: a peer reports itself unavailable once it has been closed.
      daskVersions = peer?.available ? peer.versions : undefined;
      daskReason = peer?.reason;
      const dask = (op, params, pick) => ({
        id: 'dask',
        async sample() {
          return pick(await peer.request(op, { ...params, collect: ctx.sampling.collect }));
        },
      });
      for (const shape of OVERHEAD_SHAPES) {
        ctx.log(`  overhead / ${shape.id} (n=${n})…`);
        const contenders = [
          overheadContender('distributed', shape, n, distributed),
          overheadContender('processes', shape, n, processes),
        ];
        if (peer?.available) {
          contenders.push(
            dask('overhead', { shape: shape.id, n }, (r) => {
              if (r.tasks !== shape.tasks(n))
                throw new Error(`Dask built ${r.tasks} tasks, expected ${shape.tasks(n)}`);
              return { perTask: r.run / r.tasks };
            }),
          );
        }
        overhead.push({ shape, results: await sampleRounds(contenders, { ...ctx.sampling, log: ctx.log }) });
      }
      file = ensureCsv({ bytes, log: ctx.log });
      const truth = csvTruth(file);
      ctx.log(`  groupby on ${file}…`);
      const contenders = [
        groupbyContender('distributed', file, truth, distributed),
        groupbyContender('processes', file, truth, processes),
      ];
      if (peer?.available) {
        contenders.push(
          dask('groupby', { path: file, blocksize: BLOCK }, (r) => {
            const wrong = checkGroups('mean', r.rows, truth);
            if (wrong) throw new Error(`Dask groupby answer is wrong: ${wrong}`);
            return { run: r.run };
          }),
        );
      }
      groupby = { truth, results: await sampleRounds(contenders, { ...ctx.sampling, log: ctx.log }) };
    } finally {
      await peer?.close();
      await cluster.stop();
    }
    return report({ n, workers, bytes, overhead, groupby, daskVersions, daskReason, peers: ctx.peers });
  },
};

function cell(results, id, metric, scale) {
  const r = results.get(id);
  if (!r) return 'n/a';
  if (r.error) return `n/a (${r.error.split('\n')[0].slice(0, 60)})`;
  return spread(summarize(series(r, metric, scale).map((s) => s.value)));
}

function ratioCell(results, a, b, metric) {
  const ra = results.get(a);
  const rb = results.get(b);
  if (!ra || !rb || ra.error || rb.error) return 'n/a';
  return ratio(pairedRatio(series(ra, metric), series(rb, metric)));
}

function report({ n, workers, bytes, overhead, groupby, daskVersions, daskReason, peers }) {
  const daskNote = daskVersions
    ? `Dask ${daskVersions.dask}, distributed ${daskVersions.distributed} (Python ${daskVersions.python}).`
    : `Dask distributed: n/a — ${peers ? (daskReason ?? 'not available') : 'peers off (--no-peers)'}.`;
  const columns = [
    { title: 'case', align: 'left' },
    { title: `distributed (${workers} workers)`, align: 'right' },
    { title: `processes (${workers} workers)`, align: 'right' },
    { title: `Dask distributed (${workers} workers)`, align: 'right' },
    { title: 'distributed / Dask', align: 'right' },
    { title: 'distributed / processes', align: 'right' },
  ];
  const overheadRows = overhead.map(({ shape, results }) => [
    `${shape.label} (${num(shape.tasks(n))} tasks)`,
    cell(results, 'distributed', 'perTask', 1e6),
    cell(results, 'processes', 'perTask', 1e6),
    cell(results, 'dask', 'perTask', 1e6),
    ratioCell(results, 'distributed', 'dask', 'perTask'),
    ratioCell(results, 'distributed', 'processes', 'perTask'),
  ]);
  const tables = [
    {
      title: 'Per-task overhead, µs per task (tiny tasks, optimize: false; median (min–max))',
      columns,
      rows: overheadRows,
      notes: [
        'distributed: BullMQ 6 on a loopback redis-server, 2 tusk-worker processes (concurrency 2), the whole compute() timed (connect, run, clean-up).',
        'Dask: LocalCluster(n_workers=2, threads_per_worker=1, processes=True), client.compute(...).result().',
        'Target: ≤ 1,000 µs/task and at or below Dask distributed.',
        daskNote,
      ],
    },
  ];
  if (groupby) {
    const { results, truth } = groupby;
    tables.push({
      title: `CSV groupby('key').x.mean(), ${num(bytes / 1e6)} MB (${num(truth.rows)} rows), seconds`,
      columns,
      rows: [
        [
          'groupby mean',
          cell(results, 'distributed', 'run', 1),
          cell(results, 'processes', 'run', 1),
          cell(results, 'dask', 'run', 1),
          ratioCell(results, 'distributed', 'dask', 'run'),
          ratioCell(results, 'distributed', 'processes', 'run'),
        ],
      ],
      notes: ['32 MB partitions on every side; every answer checked against the exact truth of the file.'],
    });
  }
  const data = {
    n,
    workers,
    bytes,
    overhead: overhead.map(({ shape, results }) => ({
      shape: shape.id,
      results: Object.fromEntries(results),
    })),
    groupby: groupby ? Object.fromEntries(groupby.results) : undefined,
  };
  return { tables, data };
}
