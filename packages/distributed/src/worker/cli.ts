/**
 * `tusk-worker`: start a distributed worker from the command line.
 *
 *   tusk-worker --redis redis://host:6379 --queue q --concurrency 2 --modules ./my-tasks.js
 *
 * Prints one line `tusk-worker <name> ready …` on stdout when it takes jobs; SIGINT or SIGTERM
 * finishes the jobs in progress and exits (a second signal exits at once).
 */

import { parseArgs } from 'node:util';
import { parseSize } from '@tusk/core';
import { startWorker, type TaskWorkerOptions } from './task-worker.js';

const HELP = `Usage: tusk-worker --redis URL [options]

  --redis URL              Redis to connect to: redis://[user:password@]host:port[/db], rediss:// for TLS
  --queue NAME             BullMQ queue name, as the driver's \`queue\` option (default tusk)
  --concurrency N          jobs in progress at once (default 1); tasks share this process's thread,
                           so start one worker per core for CPU-bound work
  --modules PATHS          task module files or directories this worker may import (repeat, or
                           separate with commas); files are imported at start
  --results DIR            shared result directory (the driver's \`resultDir\`)
  --results-threshold SIZE results this large go to --results instead of Redis (default 1MB)
  --lock-duration MS       BullMQ lock duration (default 30000): a dead worker's job is retried after it
  --stalled-interval MS    BullMQ stalled-job check interval (default 30000)
  --max-stalled N          times a job may stall before it fails (default 2)
  --name NAME              worker name shown in callbacks and errors (default <host>-<pid>)
  --help                   this text`;

function fail(message: string): never {
  process.stderr.write(`tusk-worker: ${message}\n\n${HELP}\n`);
  process.exit(2);
}

function int(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) fail(`--${name} takes an integer ≥ ${min}, got '${v}'`);
  return n;
}

/** Parse the command line into worker options (exits with a usage message on bad input). */
export function parseWorkerArgs(argv: readonly string[]): TaskWorkerOptions {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        redis: { type: 'string' },
        queue: { type: 'string', default: 'tusk' },
        concurrency: { type: 'string' },
        modules: { type: 'string', multiple: true },
        results: { type: 'string' },
        'results-threshold': { type: 'string' },
        'lock-duration': { type: 'string' },
        'stalled-interval': { type: 'string' },
        'max-stalled': { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  if (typeof values.redis !== 'string') fail('--redis is required');
  const modules = ((values.modules as string[] | undefined) ?? [])
    .flatMap((m) => m.split(','))
    .filter((m) => m !== '');
  let threshold: number | undefined;
  if (values['results-threshold'] !== undefined) {
    try {
      threshold = parseSize(values['results-threshold'] as string);
    } catch (err) {
      fail(`--results-threshold: ${(err as Error).message}`);
    }
  }
  return {
    connection: values.redis,
    queue: values.queue as string,
    concurrency: int(values.concurrency as string | undefined, 'concurrency', 1),
    modules,
    resultDir: values.results as string | undefined,
    resultThreshold: threshold,
    lockDuration: int(values['lock-duration'] as string | undefined, 'lock-duration', 100),
    stalledInterval: int(values['stalled-interval'] as string | undefined, 'stalled-interval', 100),
    maxStalledCount: int(values['max-stalled'] as string | undefined, 'max-stalled', 0),
    name: values.name as string | undefined,
  };
}

/** Run the worker until a signal. */
export async function main(argv: readonly string[]): Promise<void> {
  const options = parseWorkerArgs(argv);
  let worker: Awaited<ReturnType<typeof startWorker>>;
  try {
    worker = await startWorker(options);
  } catch (err) {
    process.stderr.write(`tusk-worker: ${(err as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    worker.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(
    `tusk-worker ${worker.name} ready: queue ${options.queue}, concurrency ${options.concurrency ?? 1}\n`,
  );
}

await main(process.argv.slice(2));
