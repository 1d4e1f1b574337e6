/**
 * bench/run.js — run Tusk's benchmarks, with its peers side by side in the same run.
 *
 *   node bench/run.js [--only scheduling] [--quick] [--schedulers synchronous,threads,processes]
 *                     [--repeats 7] [--warmup 2] [--n 10000] [--workers N] [--gc] [--no-peers]
 *                     [--size 1GB] [--python /usr/bin/python3] [--out bench/out] [--list]
 *
 * (`pnpm bench` = `tsc -b && node bench/run.js`: the benchmarks import the built packages.)
 *
 * For each selected benchmark (benchmarks/index.js) it prints Markdown tables — medians of repeated,
 * warmed-up samples with their min–max spread and ratios against the peers — and writes everything
 * (environment, options, raw samples, summaries, tables) as JSON to bench/out/<timestamp>.json and
 * bench/out/latest.json. Progress goes to stderr, tables to stdout.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchmarks } from './benchmarks/index.js';
import { environment } from './lib/env.js';
import { DEFAULT_PYTHON, PythonPeer } from './lib/peer.js';
import { formatTable } from './lib/table.js';

const HELP = `Usage: node bench/run.js [options]

  --only a,b          run only these benchmarks (${benchmarks.map((b) => b.name).join(', ')})
  --quick             fewer samples (1 warm-up, 3 rounds) for a fast look
  --schedulers list   Tusk schedulers to measure, comma-separated (default: synchronous;
                      memory: all three — peers get the matching columns)
  --repeats N         measured rounds per case (default 7, quick 3)
  --warmup N          warm-up rounds per case (default 2, quick 1)
  --n N               problem size (scheduling: tasks per shape, default 10000)
  --size SIZE         data size (dataframe: generated CSV, default 1GB, quick 200MB)
  --workers N         workers for parallel schedulers (Tusk and peers; default: their own)
  --gc                force a full garbage collection (untimed) before every sample, on both
                      sides (default: none — steady state, as in a long-running process)
  --no-peers          measure Tusk only
  --python PATH       Python for the peers (default ${DEFAULT_PYTHON})
  --out DIR           where to write JSON results (default bench/out)
  --list              list the benchmarks and exit
  --help              this text`;

const PEER_HINTS = {
  Dask: 'Dask comes from Debian: sudo apt-get install -y python3-dask (then run the benchmark again).',
};

function fail(message) {
  process.stderr.write(`bench: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

function parseCli() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        schedulers: { type: 'string' },
        repeats: { type: 'string' },
        warmup: { type: 'string' },
        n: { type: 'string' },
        size: { type: 'string' },
        workers: { type: 'string' },
        gc: { type: 'boolean', default: false },
        'no-peers': { type: 'boolean', default: false },
        python: { type: 'string', default: DEFAULT_PYTHON },
        out: { type: 'string', default: new URL('out/', import.meta.url).pathname },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    fail(err.message);
  }
  const int = (name, min) => {
    if (parsed[name] === undefined) return undefined;
    const v = Number(parsed[name]);
    if (!Number.isInteger(v) || v < min) fail(`--${name} must be an integer ≥ ${min}, got '${parsed[name]}'`);
    return v;
  };
  const list = (s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const only = parsed.only === undefined ? undefined : list(parsed.only);
  for (const name of only ?? []) {
    if (!benchmarks.some((b) => b.name === name)) {
      fail(`unknown benchmark '${name}' (known: ${benchmarks.map((b) => b.name).join(', ')})`);
    }
  }
  // Unset: each benchmark's own default (`defaults.schedulers`, else synchronous).
  const schedulers = parsed.schedulers === undefined ? undefined : list(parsed.schedulers);
  if (schedulers?.length === 0) fail('--schedulers needs at least one name');
  return {
    help: parsed.help,
    list: parsed.list,
    only,
    quick: parsed.quick,
    schedulers,
    repeats: int('repeats', 1) ?? (parsed.quick ? 3 : 7),
    warmup: int('warmup', 0) ?? (parsed.quick ? 1 : 2),
    n: int('n', 2),
    size: parsed.size,
    repeatsSet: parsed.repeats !== undefined,
    workers: int('workers', 1),
    collect: parsed.gc,
    peers: !parsed['no-peers'],
    python: parsed.python,
    out: resolve(parsed.out),
  };
}

const log = (msg) => process.stderr.write(`${msg}\n`);

async function main() {
  const opts = parseCli();
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  if (opts.list) {
    for (const b of benchmarks) console.log(`${b.name.padEnd(16)} ${b.title}`);
    return 0;
  }
  const selected = benchmarks.filter((b) => !opts.only || opts.only.includes(b.name));
  const env = environment();
  const sampling = {
    warmup: opts.warmup,
    repeats: opts.repeats,
    minRepeats: Math.min(opts.repeats, opts.quick ? 2 : 3),
    budgetSeconds: opts.quick ? 5 : 20,
    collect: opts.collect,
  };
  console.log(
    `# Tusk benchmarks — ${env.date.slice(0, 16).replace('T', ' ')} UTC, Node ${env.node}, ` +
      `${env.cores} cores (${env.cpu}), load ${env.loadavg.join(' ')}, ` +
      `git ${env.gitRevision ?? '?'}${env.gitDirty ? ' + local changes' : ''}`,
  );
  console.log(
    `Samples: ${sampling.warmup}+ warm-up, then ${sampling.repeats} rounds per case (3 samples per round for ` +
      'contenders under 0.1 s), Tusk and peers interleaved; ' +
      `medians with (min–max)${sampling.collect ? '; full GC forced before every sample' : ''}.`,
  );

  const results = {};
  let exitCode = 0;
  for (const b of selected) {
    log(`[${b.name}] ${b.title}`);
    const started = performance.now();
    const peerNotes = [];
    const ctx = {
      quick: opts.quick,
      n: opts.n,
      size: opts.size,
      repeatsSet: opts.repeatsSet,
      python: opts.python,
      schedulers: opts.schedulers ?? b.defaults?.schedulers ?? ['synchronous'],
      workers: opts.workers,
      peers: opts.peers,
      sampling,
      log,
      async startPeer(script, label) {
        log(`  starting ${label} (${opts.python} bench/peers/${script})…`);
        const peer = await PythonPeer.start(script, { python: opts.python });
        if (peer.available) {
          log(
            `  ${label}: ${Object.entries(peer.versions)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}`,
          );
        } else {
          const hint = PEER_HINTS[label] ?? '';
          log(`  ${label} n/a: ${peer.reason}\n  ${hint}`);
          peerNotes.push(`${label} is not available (${peer.reason}). ${hint}`);
        }
        return peer;
      },
    };
    try {
      const { tables, data } = await b.run(ctx);
      const seconds = (performance.now() - started) / 1e3;
      const rendered = tables.map(formatTable);
      console.log(`\n## ${b.name} — ${b.title}\n`);
      console.log(rendered.join('\n\n'));
      for (const note of peerNotes) console.log(`\n> ${note}`);
      results[b.name] = { title: b.title, seconds, data, tables, rendered };
      log(`[${b.name}] done in ${seconds.toFixed(1)} s`);
    } catch (err) {
      exitCode = 1;
      console.log(`\n## ${b.name} — FAILED\n\n${err?.stack ?? err}`);
      results[b.name] = { title: b.title, error: String(err?.stack ?? err) };
    }
  }

  mkdirSync(opts.out, { recursive: true });
  const stamp = env.date.replace(/[:.]/g, '-');
  const doc = JSON.stringify({ environment: env, options: { ...opts, sampling }, results }, null, 2);
  const file = resolve(opts.out, `${stamp}.json`);
  writeFileSync(file, doc);
  writeFileSync(resolve(opts.out, 'latest.json'), doc);
  console.log(`\nResults: ${file}`);
  return exitCode;
}

// Exit explicitly: worker pools of parallel schedulers must not keep the benchmark alive.
main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
