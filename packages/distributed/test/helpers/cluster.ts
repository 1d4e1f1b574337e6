/**
 * A real, local cluster for the distributed tests: `redis-server` on a free loopback port
 * (persistence off, `maxmemory-policy noeviction`) and `tusk-worker` child processes started from
 * bootstrap/tusk-worker.mjs (tsx loads the TypeScript sources). Every process is killed by
 * `stop()`; a test file calls it in afterAll.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const BOOTSTRAP = new URL('../../bootstrap/tusk-worker.mjs', import.meta.url).pathname;
/** The schedulers package's task fixtures, which the workers may import. */
export const FIXTURES = new URL('../../../schedulers/test/fixtures/', import.meta.url).pathname;
/** This package's own task fixtures. */
export const OWN_FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Wait until `stream` prints a line matching `pattern` (rejects on exit or after `ms`). */
function waitForLine(child: ChildProcess, pattern: RegExp, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => done(new Error(`${what} did not start within ${ms} ms:\n${out}`)), ms);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (pattern.test(out)) done();
    };
    const onExit = (code: number | null) =>
      done(new Error(`${what} exited (${code}) before starting:\n${out}`));
    function done(err?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** A started tusk-worker process. */
export interface WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything it printed. */
  output(): string;
}

/** Flags for a worker besides --redis and --queue. */
export interface WorkerFlags {
  readonly concurrency?: number;
  readonly modules?: readonly string[];
  readonly results?: string;
  readonly resultsThreshold?: string;
  readonly lockDuration?: number;
  readonly stalledInterval?: number;
  readonly name?: string;
}

/** Redis, workers, and a scratch directory; see the module comment. */
export class Cluster {
  readonly workers: WorkerProcess[] = [];
  private readonly children = new Set<ChildProcess>();
  private client: Redis | undefined;
  private nextName = 0;
  /** A scratch directory (removed by stop()). */
  readonly dir = mkdtempSync(join(tmpdir(), 'tusk-distributed-'));

  private constructor(
    readonly port: number,
    readonly queue: string,
    /** Password of the Redis server (`requirepass`), if any. */
    readonly password: string | undefined,
    /** The redis-server process. */
    readonly redisProcess: ChildProcess,
  ) {}

  /** redis://127.0.0.1:<port> */
  get url(): string {
    return this.password === undefined
      ? `redis://127.0.0.1:${this.port}`
      : `redis://:${this.password}@127.0.0.1:${this.port}`;
  }

  /** Start redis-server on a free port. */
  static async start(queue = 'tusk-test', password?: string): Promise<Cluster> {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    args.push('--maxmemory-policy', 'noeviction');
    if (password !== undefined) args.push('--requirepass', password);
    const redis = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    redis.once('error', () => undefined);
    const cluster = new Cluster(port, queue, password, redis);
    cluster.children.add(redis);
    try {
      await waitForLine(
        redis,
        /Ready to accept connections/,
        10_000,
        'redis-server (apt-get install -y redis-server)',
      );
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  /** compute() options for the distributed scheduler on this cluster. */
  options(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { scheduler: 'distributed', connection: this.url, queue: this.queue, ...extra };
  }

  /** A plain Redis client (closed by stop()). */
  redis(): Redis {
    this.client ??= new Redis(this.port, '127.0.0.1', { maxRetriesPerRequest: 1, password: this.password });
    return this.client;
  }

  /** Start one tusk-worker and wait until it takes jobs. */
  async startWorker(flags: WorkerFlags = {}): Promise<WorkerProcess> {
    const name = flags.name ?? `dw-${this.nextName++}`;
    const args = [
      '--conditions=source',
      BOOTSTRAP,
      '--redis',
      this.url,
      '--queue',
      this.queue,
      '--name',
      name,
    ];
    args.push('--concurrency', String(flags.concurrency ?? 2));
    for (const m of flags.modules ?? [FIXTURES, OWN_FIXTURES]) args.push('--modules', m);
    if (flags.results !== undefined) args.push('--results', flags.results);
    if (flags.resultsThreshold !== undefined) args.push('--results-threshold', flags.resultsThreshold);
    if (flags.lockDuration !== undefined) args.push('--lock-duration', String(flags.lockDuration));
    if (flags.stalledInterval !== undefined) args.push('--stalled-interval', String(flags.stalledInterval));
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await waitForLine(child, /ready: queue/, 30_000, `tusk-worker ${name}`);
    const worker = { name, child, output: () => out };
    this.workers.push(worker);
    return worker;
  }

  /** Start `n` workers at once. */
  startWorkers(n: number, flags: WorkerFlags = {}): Promise<WorkerProcess[]> {
    return Promise.all(Array.from({ length: n }, () => this.startWorker(flags)));
  }

  /** SIGKILL a worker and wait for it to be gone. */
  async kill(worker: WorkerProcess): Promise<void> {
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
    const gone = new Promise((r) => worker.child.once('exit', r));
    worker.child.kill('SIGKILL');
    await gone;
  }

  /** Keys in Redis matching `pattern`. */
  async keys(pattern: string): Promise<string[]> {
    return this.redis().keys(pattern);
  }

  /** Kill every process this cluster started and remove the scratch directory. */
  async stop(): Promise<void> {
    this.client?.disconnect();
    const exits = [...this.children].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGKILL');
        }),
    );
    await Promise.all(exits);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
