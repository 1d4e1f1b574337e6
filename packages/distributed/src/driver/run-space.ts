/**
 * RunSpace: one run's footprint on Redis and the shared result store, from start to clean-up.
 *
 * Opening connects (failing fast when Redis is unreachable), clears what dead runs on the queue
 * left behind (a run whose `alive` key expired: its driver died), registers this run and keeps
 * its `alive` key fresh. Workers skip jobs of runs whose `alive` key is gone and take back results
 * written after it went, so a dead driver leaves idle workers and nothing that a later run could
 * see. Closing deletes the `alive` key first and then every value key and file of the run.
 */

import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { openRedis, type RedisTarget } from '../connection.js';
import { Keys } from '../protocol.js';
import type { SharedResultStore } from '../result-store.js';

/** Settings for opening a RunSpace. */
export interface RunSpaceOptions {
  readonly target: RedisTarget;
  readonly queue: string;
  readonly results: SharedResultStore | undefined;
  readonly connectTimeout: number;
  /** Milliseconds the `alive` key lives without a refresh. */
  readonly aliveTtl: number;
}

/** Delete every key matching `pattern` (SCAN, so Redis is never blocked). */
async function deleteMatching(client: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== '0');
}

/** See the module comment. */
export class RunSpace {
  readonly id = randomBytes(8).toString('hex');
  readonly keys: Keys;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    readonly options: RunSpaceOptions,
    readonly client: Redis,
    readonly queue: Queue,
    readonly events: QueueEvents,
    private readonly eventsClient: Redis,
  ) {
    this.keys = new Keys(options.queue);
  }

  /** Connect, clean up after dead runs, and register a new run. */
  static async open(options: RunSpaceOptions): Promise<RunSpace> {
    const { target, queue: name, connectTimeout } = options;
    const client = await openRedis(target, `tusk-driver:${name}`, connectTimeout);
    let eventsClient: Redis | undefined;
    try {
      eventsClient = await openRedis(target, `tusk-driver-events:${name}`, connectTimeout);
      const keys = new Keys(name);
      await sweepDeadRuns(client, keys, options.results);
      // Listen from the current end of the event stream, so no completion can be missed.
      const last = (await client.xrevrange(`bull:${name}:events`, '+', '-', 'COUNT', 1)) as [
        string,
        string[],
      ][];
      const queue = new Queue(name, { connection: client });
      const events = new QueueEvents(name, {
        connection: eventsClient,
        lastEventId: last.length > 0 ? last[0][0] : '0-0',
        blockingTimeout: 5000,
      });
      // Connection errors surface as the executor's RedisConnectionError (on 'end'); unheard,
      // they would also be printed.
      const quiet = () => {};
      client.on('error', quiet);
      eventsClient.on('error', quiet);
      queue.on('error', quiet);
      events.on('error', quiet);
      const space = new RunSpace(options, client, queue, events, eventsClient);
      await space.register();
      return space;
    } catch (err) {
      client.disconnect();
      eventsClient?.disconnect();
      throw err;
    }
  }

  private async register(): Promise<void> {
    const ttl = this.options.aliveTtl;
    await this.client
      .multi()
      .set(this.keys.alive(this.id), '1', 'PX', ttl)
      .sadd(this.keys.runs, this.id)
      .exec();
    this.timer = setInterval(
      () => {
        this.client.set(this.keys.alive(this.id), '1', 'PX', ttl).catch(() => undefined);
      },
      Math.max(100, Math.floor(ttl / 3)),
    );
    this.timer.unref();
  }

  /** End the run: workers stop taking its jobs; its values and files are deleted; connections close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    try {
      await this.client.unlink(this.keys.alive(this.id));
      await deleteMatching(this.client, `${this.keys.values(this.id)}*`);
      await this.options.results?.deleteRun(this.options.queue, this.id);
      await this.client.srem(this.keys.runs, this.id);
    } catch {
      // Redis went away: dead-run sweeping by the next run removes what is left.
    } finally {
      await Promise.allSettled([this.events.close(), this.queue.close()]);
      this.client.disconnect();
      this.eventsClient.disconnect();
    }
  }
}

const RUN_ID = /^[0-9a-f]{16}$/;

/** Delete what runs whose driver died left behind. */
async function sweepDeadRuns(
  client: Redis,
  keys: Keys,
  results: SharedResultStore | undefined,
): Promise<void> {
  const runs = await client.smembers(keys.runs);
  if (runs.length === 0) return;
  const pipeline = client.pipeline();
  for (const r of runs) pipeline.exists(keys.alive(r));
  const alive = (await pipeline.exec()) ?? [];
  for (let i = 0; i < runs.length; i++) {
    if (alive[i]?.[1] === 1) continue;
    // Run ids are 16 hex digits (RunSpace.id); anything else in the set is not a run of ours, and a
    // pattern character in it would widen the deletion below to other runs.
    if (!RUN_ID.test(runs[i])) {
      await client.srem(keys.runs, runs[i]);
      continue;
    }
    await deleteMatching(client, `${keys.values(runs[i])}*`);
    await results?.deleteRun(keys.queue, runs[i]);
    await client.srem(keys.runs, runs[i]);
  }
}
