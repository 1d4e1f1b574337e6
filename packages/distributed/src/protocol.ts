/**
 * The driver ↔ worker protocol of the distributed scheduler, declared in one place.
 *
 * Everything travels through Redis: BullMQ carries the jobs and their completions, plain Redis
 * keys carry task results, and a shared directory carries results too large for Redis.
 *
 * Shape of a run
 * --------------
 *   driver   SET  run:<id>:alive (with a TTL, refreshed while the run lives) and SADD runs <id>
 *   driver → BullMQ job `<id>:<n>`   a batch of tasks (JobPayload, V8-serialized, base64 in `data.p`)
 *   worker   reads each task's inputs (MGET of value keys / files), runs the tasks with the
 *            schedulers package's Runner, writes each result under `v:<index>` (or a file), in one
 *            MULTI that also checks that the run is still alive
 *   worker → BullMQ return value      JobResult: where each result went and how long it took
 *   driver   QueueEvents 'completed'   releases dependents; deletes released keys and files
 *   driver   on finish: DEL alive, delete every key and file of the run, SREM runs <id>
 *
 * Values are encoded with the schedulers package's wire codecs (Refs and codec values such as Arrow
 * tables as markers) and then V8-serialized, so typed arrays and Arrow IPC bytes travel as raw
 * binary. Keys are namespaced by queue and run id, so two runs never see each other's data; tasks
 * are named by their index in the run's compiled graph, which keeps keys short.
 */

import type { WireError, WireFunction, WireNode } from '@tusk/schedulers';

/** Prefix of every Redis key Tusk writes besides BullMQ's own. */
export const PREFIX = 'tusk';

/** Where a task's result is kept: in Redis, or in a file of the shared result store. */
export type Location = 'r' | 'f';

/**
 * One input of a task: a result kept remotely (`[index, location]`, index of the task that made it),
 * or a value the driver holds, sent along encoded (`{ v }`).
 */
export type WireInput = readonly [index: number, location: Location] | { readonly v: unknown };

/** One task of a job. */
export interface WireTask {
  /** Index of the task in the run's compiled graph (names its result). */
  readonly i: number;
  readonly n: WireNode;
  /** Whether the node's arguments hold markers. */
  readonly a: boolean;
  /** The values of the node's dependencies, in the order of its `deps`. */
  readonly x: readonly WireInput[];
}

/** A batch of tasks sent as one BullMQ job. */
export interface JobPayload {
  /** Run id. */
  readonly r: string;
  /** Measure start and end of each task. */
  readonly t: boolean;
  /** Functions the tasks call, by per-run id. */
  readonly fns: readonly WireFunction[];
  readonly tasks: readonly WireTask[];
}

/** What a worker reports for a job (BullMQ's return value, JSON). */
export interface JobResult {
  /** Worker name. */
  readonly w: string;
  /** Finished tasks: index, bytes written, location, and start/end times when timed (else 0). */
  readonly ok: readonly (readonly [
    index: number,
    bytes: number,
    location: Location,
    start: number,
    end: number,
  ])[];
  /** Failed tasks and their errors. */
  readonly err: readonly (readonly [index: number, error: WireError])[];
  /** Milliseconds spent running the job's tasks (for batch sizing). */
  readonly busy: number;
  /** The run was gone when the job arrived or finished: nothing was kept. */
  readonly gone?: boolean;
}

/** Redis key names for one queue. */
export class Keys {
  constructor(readonly queue: string) {}
  /** Set of the ids of the runs started on this queue and not cleaned up yet. */
  get runs(): string {
    return `${PREFIX}:${this.queue}:runs`;
  }
  /** Exists while run `run`'s driver is alive. */
  alive(run: string): string {
    return `${PREFIX}:${this.queue}:run:${run}:alive`;
  }
  /** Prefix of every value key of run `run`. */
  values(run: string): string {
    return `${PREFIX}:${this.queue}:run:${run}:v:`;
  }
  /** The value key of task `index` of run `run`. */
  value(run: string, index: number): string {
    return `${PREFIX}:${this.queue}:run:${run}:v:${index}`;
  }
}

/** Job id of the `n`th job of run `run` (BullMQ ids must not be plain integers). */
export function jobId(run: string, n: number): string {
  return `${run}-${n}`;
}

/** The run id a job id belongs to. */
export function runOfJob(id: string): string {
  const at = id.lastIndexOf('-');
  return at < 0 ? id : id.slice(0, at);
}

/** Seconds an `alive` key lives unless refreshed (the driver refreshes it every third of that). */
export const ALIVE_TTL_MS = 15_000;
