/**
 * The demo's command line: `parseOptions(argv)` reads and checks the flags, so a typo stops the demo
 * before anything is generated, with a message that says what to write instead.
 */

import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { parseSize } from '@tusk/core';

export const USAGE = `Usage: node examples/csv-out-of-core/main.js [options]

  --size SIZE          CSV to generate and query (default 1GB; e.g. 200MB for a quick look,
                       40GB to go past this machine's RAM). Generated once, then reused.
  --scheduler NAME     threads (default), processes or synchronous
  --workers N          worker threads or processes (default: the number of cores)
  --memory-limit SIZE  the store's memory budget (default 256MB); results past it spill to disk
  --blocksize SIZE     bytes of CSV per partition (default 32MB)
  --engine NAME        CSV tokenizer: papaparse (default) or fast (Tusk's byte scanner)
  --seed N             seed of the generated data (default 42)
  --out DIR            where data, graphs and the report go (default examples/csv-out-of-core/out)
  --help               this text`;

/** A command-line mistake: the message says what to do. */
export class UsageError extends Error {
  name = 'UsageError';
}

const SCHEDULERS = ['threads', 'processes', 'synchronous'];
const ENGINES = ['papaparse', 'fast'];

function size(flag, text) {
  try {
    const n = parseSize(text, flag);
    if (n > 0) return n;
  } catch {
    // reported below, with the flag's name
  }
  throw new UsageError(`${flag} ${JSON.stringify(text)} is not a size: write e.g. 200MB, 1GB or 40GB.`);
}

function integer(flag, text, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got ${JSON.stringify(text)}.`);
  }
  return n;
}

function oneOf(flag, text, allowed) {
  if (!allowed.includes(text)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got ${JSON.stringify(text)}.`);
  }
  return text;
}

/**
 * The demo's options from `argv` (without `node main.js`), checked; `help: true` when asked for.
 *
 * @example
 * parseOptions(['--size', '200MB']).size; // 200_000_000
 */
export function parseOptions(argv, defaultOut) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        size: { type: 'string', default: '1GB' },
        scheduler: { type: 'string', default: 'threads' },
        workers: { type: 'string' },
        'memory-limit': { type: 'string', default: '256MB' },
        blocksize: { type: 'string', default: '32MB' },
        engine: { type: 'string', default: 'papaparse' },
        seed: { type: 'string', default: '42' },
        out: { type: 'string', default: defaultOut },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(err.message);
  }
  return {
    help: values.help,
    size: size('--size', values.size),
    scheduler: oneOf('--scheduler', values.scheduler, SCHEDULERS),
    workers:
      values.scheduler === 'synchronous'
        ? 1
        : values.workers === undefined
          ? availableParallelism()
          : integer('--workers', values.workers, 1),
    memoryLimit: size('--memory-limit', values['memory-limit']),
    memoryLimitText: values['memory-limit'],
    blocksize: size('--blocksize', values.blocksize),
    engine: oneOf('--engine', values.engine, ENGINES),
    seed: integer('--seed', values.seed, 0),
    out: values.out,
  };
}
