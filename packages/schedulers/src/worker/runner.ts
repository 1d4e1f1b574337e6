/**
 * The worker side of a pool: runs the jobs the main side sends and streams results back.
 *
 * Jobs run one after another in arrival order. A job whose function is not imported yet waits for
 * the import (started as soon as the batch names the function); a job that returns a promise runs
 * on while the next jobs start (I/O overlaps on the event loop), up to MAX_ASYNC at once.
 * Results are collected and posted together: after a run of jobs ends, or at least every FLUSH_MS
 * while jobs keep coming, and always before a job with a timeout starts. A job with a timeout also
 * runs alone: it starts only once no promise is pending, and no job starts while it is pending.
 * So the main side, which times the oldest unfinished job, times the job that really runs (were
 * a pending async job followed by a job that blocks, the async job would be blamed for the block).
 * Typed arrays in results travel back by transfer, except buffers another waiting job still reads
 * (a batch that sends one value to two jobs sends one copy).
 * Input buffers a worker is done with are garbage that V8 frees only at its next collection, and V8
 * waits for ~64 MiB of such external memory per isolate before it collects on its own; so once
 * GC_BYTES of inputs have been let go, the worker asks for a full collection (ThrottledGc:
 * at most 5 % of the time), which keeps each worker's share of RSS flat however much data passes.
 */

import type { GraphNode } from '@tusk/core';
import { executeNode, isPromiseLike, loadFunction } from '@tusk/core';
import {
  type CodecsMessage,
  type InitMessage,
  JobFlags,
  type RunMessage,
  type ToWorker,
  type WireError,
  type WireJob,
} from '../protocol.js';
import { ThrottledGc } from '../store/throttled-gc.js';
import { serializeError } from '../wire/errors.js';
import { decodeNode, pendingFunction, type WorkerFunction } from '../wire/nodes.js';
import { createSpool, type Spool } from '../wire/spool.js';
import { collectBuffers, decodeValue, encodeValue, type ValueSink, valueSink } from '../wire/values.js';
import type { WorkerPort } from './port.js';

/** Longest time results wait in the worker while jobs keep running (ms). */
const FLUSH_MS = 1;
/** Most jobs awaiting a promise at once in one worker. */
const MAX_ASYNC = 64;
/** Bytes of inputs released since the last collection that make the worker collect. */
const GC_BYTES = 16 * 1024 * 1024;

interface Queued {
  readonly wire: WireJob;
  readonly timed: boolean;
  /** Large buffers the job reads (kept from transfer until it finishes). */
  buffers: ArrayBuffer[] | undefined;
  /** The decoded node (decoding works in place, so it happens once). */
  node: GraphNode | undefined;
}

/** Runs a worker's jobs and reports results through its port (see the module comment). */
export class Runner {
  private id = 'worker';
  private spool: Spool | undefined;
  private readonly fns = new Map<number, WorkerFunction>();
  private queue: Queued[] = [];
  private next = 0;
  private draining = false;
  /** Codec imports in progress: jobs wait for them. */
  private gate: Promise<void> | undefined;
  private asyncPending = 0;
  /** Jobs with a timeout awaiting a promise (0 or 1: such jobs run alone). */
  private timedPending = 0;
  private readonly inUse = new Map<ArrayBuffer, number>();
  private readonly gc = new ThrottledGc();
  /** Bytes of input buffers released since the last collection. */
  private released = 0;
  // results not posted yet
  private done: number[] = [];
  private values: unknown[] = [];
  private failed: number[] = [];
  private errors: WireError[] = [];
  private timing: number[] | undefined;
  private marked = false;
  private busy = 0;
  private count = 0;
  private lastFlush = performance.now();
  private flushScheduled = false;
  private readonly sink: ValueSink;

  constructor(private readonly port: WorkerPort) {
    this.sink = valueSink({ transfer: new Set(), keep: this.inUse });
  }

  receive(message: ToWorker): void {
    if (message.t === 'run') this.enqueue(message);
    else if (message.t === 'init') this.init(message);
    else this.loadCodecs(message);
  }

  private init(message: InitMessage): void {
    this.id = message.id;
    if (message.kind === 'processes' && message.spoolDir !== undefined) {
      this.spool = createSpool(message.spoolDir, message.id, message.spoolThreshold);
      this.sink.spool = this.spool;
      this.sink.transfer = undefined;
    }
    this.loadCodecs({ t: 'codecs', codecs: message.codecs });
    const ready = () => this.port.post({ t: 'ready' }, undefined);
    if (this.gate) this.gate.then(ready);
    else ready();
  }

  private loadCodecs(message: CodecsMessage): void {
    if (message.codecs.length === 0) return;
    const previous = this.gate ?? Promise.resolve();
    const gate = previous
      .then(() => Promise.all(message.codecs.map((m) => import(m))))
      .then(
        () => undefined,
        (err) => process.emitWarning(`Tusk worker ${this.id} could not import a codec module: ${err}`),
      )
      .then(() => {
        if (this.gate === gate) this.gate = undefined;
        this.drain();
      });
    this.gate = gate;
  }

  private enqueue(message: RunMessage): void {
    if (message.fns)
      for (const [fid, module, exportName, name] of message.fns)
        this.addFunction(fid, module, exportName, name);
    for (const wire of message.jobs) {
      let buffers: ArrayBuffer[] | undefined;
      if (wire.f & JobFlags.LARGE) {
        buffers = [];
        collectBuffers(wire.x, buffers);
        if (wire.n.k === 'task') collectBuffers(wire.n.a, buffers);
        for (const b of buffers) this.inUse.set(b, (this.inUse.get(b) ?? 0) + 1);
      }
      this.queue.push({ wire, timed: message.timed, buffers, node: undefined });
    }
    this.drain();
  }

  private addFunction(fid: number, module: string, exportName: string, name: string): void {
    const ref: WorkerFunction = {
      name,
      module,
      exportName,
      fn: undefined,
      loading: undefined,
      error: undefined,
    };
    ref.loading = loadFunction(ref).then(
      (fn) => {
        ref.fn = fn;
        ref.loading = undefined;
      },
      (err) => {
        ref.error = err;
        ref.loading = undefined;
      },
    );
    this.fns.set(fid, ref);
  }

  /** Run queued jobs until the queue is empty or a job must wait. */
  private drain(): void {
    if (this.draining || this.gate !== undefined) return;
    this.draining = true;
    let t = performance.now();
    try {
      while (this.next < this.queue.length && this.asyncPending < MAX_ASYNC) {
        const q = this.queue[this.next];
        let node = q.node;
        if (node === undefined) {
          try {
            node = q.node = decodeNode(q.wire.n, this.fns, (q.wire.f & JobFlags.ARGS) !== 0);
          } catch (err) {
            this.next++;
            this.fail(q, err);
            continue;
          }
        }
        const pending = pendingFunction(node);
        if (pending !== undefined) {
          if (pending.loading !== undefined) {
            pending.loading.then(() => this.drain());
            break;
          }
          this.next++;
          this.fail(q, pending.error);
          continue;
        }
        // A job with a timeout runs alone (see the module comment); settled() drains again.
        if (this.asyncPending > 0 && (q.wire.o > 0 || this.timedPending > 0)) break;
        this.next++;
        if (q.wire.o > 0 && this.done.length + this.failed.length > 0) {
          this.flush();
          t = performance.now();
        }
        const sync = this.run(q, node, t);
        const now = performance.now();
        if (sync) {
          this.busy += now - t;
          this.count++;
        }
        t = now;
        if (now - this.lastFlush >= FLUSH_MS) {
          this.flush();
          t = performance.now();
        }
      }
    } finally {
      this.draining = false;
    }
    if (this.next === this.queue.length) {
      this.queue = [];
      this.next = 0;
    }
    this.flush();
  }

  /** Run one job; returns whether it finished synchronously. */
  private run(q: Queued, node: GraphNode, t: number): boolean {
    const wire = q.wire;
    const inputs = wire.f & JobFlags.INPUTS ? (decodeValue(wire.x) as unknown[]) : wire.x;
    const deps = wire.n.k === 'alias' ? [wire.n.target] : wire.n.k === 'data' ? [] : wire.n.d;
    const get = inputLookup(deps, inputs);
    const start = q.timed ? performance.timeOrigin + t : 0;
    let value: unknown;
    try {
      value = executeNode(node, get);
    } catch (err) {
      this.fail(q, err);
      return true;
    }
    if (!isPromiseLike(value)) {
      this.succeed(q, value, start);
      return true;
    }
    this.asyncPending++;
    if (wire.o > 0) this.timedPending++;
    Promise.resolve(value).then(
      (v) => this.settled(q, true, v, start, t),
      (err) => this.settled(q, false, err, start, t),
    );
    return false;
  }

  /**
   * An asynchronous job has settled. Its time from start to settling counts as busy time for batch
   * sizing: a job that awaits a file read and then parses for half a second must not look free
   * and be batched by the dozen onto one worker while another idles. (Overlapping I/O-bound jobs are
   * over-counted, which only makes their batches smaller.)
   */
  private settled(q: Queued, ok: boolean, v: unknown, start: number, began: number): void {
    this.asyncPending--;
    if (q.wire.o > 0) this.timedPending--;
    this.busy += performance.now() - began;
    this.count++;
    if (ok) this.succeed(q, v, start);
    else this.fail(q, v);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
    if (this.next < this.queue.length) this.drain();
  }

  private release(q: Queued): void {
    // Typed arrays among the inputs (of any size: many small pieces add up) are garbage from now on,
    // unless the result holds them (then they travel back by transfer, and count 0 once detached).
    this.released += typedBytes(q.wire.x, 0);
    if (this.released >= GC_BYTES && this.gc.collect()) this.released = 0;
    if (q.buffers === undefined) return;
    for (const b of q.buffers) {
      const n = this.inUse.get(b)!;
      if (n <= 1) this.inUse.delete(b);
      else this.inUse.set(b, n - 1);
    }
    q.buffers = undefined;
  }

  private succeed(q: Queued, value: unknown, start: number): void {
    this.release(q);
    const sink = this.sink;
    sink.marked = false;
    sink.key = q.wire.n.key;
    sink.part = 'result';
    let encoded: unknown;
    try {
      encoded = encodeValue(value, sink);
    } catch (err) {
      this.fail(q, err);
      return;
    }
    if (sink.marked) this.marked = true;
    this.done.push(q.wire.i);
    this.values.push(encoded);
    // `timing` holds a [start, end] pair per done job once any job of this message is timed.
    if (q.timed) {
      this.timing ??= new Array(2 * (this.done.length - 1)).fill(0);
      this.timing.push(start, performance.timeOrigin + performance.now());
    } else this.timing?.push(0, 0);
  }

  private fail(q: Queued, err: unknown): void {
    this.release(q);
    this.failed.push(q.wire.i);
    this.errors.push(serializeError(err));
  }

  /** Post the results collected so far. */
  private flush(): void {
    if (this.done.length === 0 && this.failed.length === 0) return;
    const transferSet = this.sink.transfer;
    const transfer = transferSet && transferSet.size > 0 ? [...transferSet] : undefined;
    const message = {
      t: 'results',
      done: this.done,
      values: this.values,
      m: this.marked,
      failed: this.failed,
      errors: this.errors,
      busy: this.busy,
      n: this.count,
      timing: this.timing,
    } as const;
    this.done = [];
    this.values = [];
    this.failed = [];
    this.errors = [];
    this.timing = undefined;
    this.marked = false;
    this.busy = 0;
    this.count = 0;
    transferSet?.clear();
    try {
      this.port.post(message, transfer);
    } catch {
      this.postOneByOne(message);
    }
    this.lastFlush = performance.now();
  }

  /** A batch could not be sent: send each result alone, failing those that cannot cross. */
  private postOneByOne(message: {
    done: number[];
    values: unknown[];
    m: boolean;
    failed: number[];
    errors: WireError[];
    timing: number[] | undefined;
  }): void {
    const send = (
      done: number[],
      values: unknown[],
      failed: number[],
      errors: WireError[],
      timing?: number[],
    ) =>
      this.port.post(
        { t: 'results', done, values, m: message.m, failed, errors, busy: 0, n: 0, timing },
        undefined,
      );
    message.done.forEach((id, i) => {
      const timing = message.timing?.slice(2 * i, 2 * i + 2);
      try {
        send([id], [message.values[i]], [], [], timing);
      } catch (err) {
        const detail = (err instanceof Error ? err.message : String(err)).replace(/\.+$/, '');
        const error = new TypeError(
          `The task's result cannot be sent back from worker ${this.id}: ${detail}. ` +
            'Return plain data (numbers, strings, arrays, plain objects, typed arrays, Maps, Sets, Dates), ' +
            'or register a codec for this type with registerCodec().',
        );
        send([], [], [id], [serializeError(error)]);
      }
    });
    if (message.failed.length > 0) send([], [], message.failed, message.errors);
  }
}

/**
 * The value of each dependency key, by position in `deps`: a scan for the few dependencies most tasks
 * have, a Map for many (a task reading 10,000 inputs must not cost 10,000² comparisons).
 */
/** Bytes of the typed arrays in `v` (arrays and objects walked a few levels deep, as wire forms nest). */
function typedBytes(v: unknown, depth: number): number {
  if (typeof v !== 'object' || v === null || depth > 4) return 0;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  let n = 0;
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) n += typedBytes(v[i], depth + 1);
  else for (const k in v) n += typedBytes((v as Record<string, unknown>)[k], depth + 1);
  return n;
}

function inputLookup(deps: readonly string[], inputs: readonly unknown[]): (key: string) => unknown {
  if (deps.length === 1) return () => inputs[0];
  if (deps.length <= 16) return (k) => inputs[deps.indexOf(k)];
  const at = new Map<string, number>();
  for (let i = 0; i < deps.length; i++) if (!at.has(deps[i])) at.set(deps[i], i);
  return (k) => {
    const i = at.get(k);
    return i === undefined ? undefined : inputs[i];
  };
}
