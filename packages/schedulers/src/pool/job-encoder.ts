/**
 * Turning a batch of jobs into one RunMessage for one worker (see protocol.ts): functions become
 * per-pool ids (a worker is told each function's module and export once), arguments and inputs
 * are encoded (wire/values.ts) — on threads with large buffers copied once and transferred, and
 * moved inputs transferred as they are; on processes with large buffers spooled to files, which
 * are noted on the job so they can be removed if it never reads them.
 */

import { type FunctionRef, FunctionReferenceError, isPortable } from '@tusk/core';
import { JobFlags, type RunMessage, type WireFunction, type WireJob, type WorkerKind } from '../protocol.js';
import { encodeNode } from '../wire/nodes.js';
import type { Spool } from '../wire/spool.js';
import { encodeValue, valueSink } from '../wire/values.js';
import type { Job } from './job.js';

/** One encoded batch: the message, the buffers to transfer, and the jobs it holds. */
export interface EncodedBatch {
  readonly message: RunMessage;
  readonly transfer: ArrayBuffer[] | undefined;
  readonly jobs: Job[];
  /** Function ids this batch introduces to the worker (to forget if it cannot be sent). */
  readonly fns: readonly WireFunction[];
}

/** Encodes batches of jobs for one pool (function ids are per pool). */
export class JobEncoder {
  private readonly fnByRef = new WeakMap<FunctionRef, number>();
  private readonly fnByName = new Map<string, number>();
  private readonly sink = valueSink();
  private spool: Spool | undefined;
  private written: string[] | undefined;

  constructor(private readonly kind: WorkerKind) {}

  /** Processes: where large values go (files are noted per job). */
  useSpool(spool: Spool): void {
    this.spool = {
      dir: spool.dir,
      threshold: spool.threshold,
      write: (view) => {
        const marker = spool.write(view);
        this.written ??= [];
        this.written.push(marker.path);
        return marker;
      },
    };
  }

  /**
   * Encode `jobs` for a worker that knows the function ids in `known` (updated). A job that
   * cannot be encoded is left out and handed to `failed`.
   */
  batch(jobs: readonly Job[], known: Set<number>, failed: (job: Job, error: unknown) => void): EncodedBatch {
    const fns: WireFunction[] = [];
    const transfer = new Set<ArrayBuffer>();
    const sink = this.sink;
    if (this.kind === 'threads') {
      sink.transfer = transfer;
      sink.copies = new Map();
    } else sink.spool = this.spool;
    const fid = (ref: FunctionRef) => {
      const id = this.functionId(ref);
      if (!known.has(id)) {
        known.add(id);
        fns.push([id, ref.module!, ref.exportName!, ref.name]);
      }
      return id;
    };
    const wire: WireJob[] = [];
    const sent: Job[] = [];
    for (const job of jobs) {
      try {
        wire.push(this.encode(job, fid));
        sent.push(job);
      } catch (err) {
        job.files = this.written;
        failed(job, err);
      }
    }
    sink.transfer = undefined;
    sink.copies = undefined;
    return {
      message: {
        t: 'run',
        jobs: wire,
        fns: fns.length > 0 ? fns : undefined,
        timed: sent.some((j) => j.owner.timed),
      },
      transfer: transfer.size > 0 ? [...transfer] : undefined,
      jobs: sent,
      fns,
    };
  }

  private encode(job: Job, fid: (ref: FunctionRef) => number): WireJob {
    const sink = this.sink;
    sink.marked = false;
    sink.large = false;
    sink.key = job.key;
    sink.part = 'arguments';
    this.written = undefined;
    const n = encodeNode(job.node, fid, sink);
    let flags = sink.marked ? JobFlags.ARGS : 0;
    sink.marked = false;
    sink.part = 'inputs';
    if (job.movable !== undefined && sink.copies !== undefined) {
      for (const i of job.movable) {
        const v = job.inputs[i] as ArrayBufferView;
        sink.copies.set(v, v);
        sink.transfer!.add(v.buffer as ArrayBuffer);
        job.moved = true;
      }
    }
    const x = job.inputs.length === 0 ? job.inputs : (encodeValue(job.inputs, sink) as unknown[]);
    if (sink.marked) flags |= JobFlags.INPUTS;
    if (sink.large) flags |= JobFlags.LARGE;
    job.files = this.written;
    return { i: job.id, n, x, f: flags, o: job.timeout };
  }

  private functionId(ref: FunctionRef): number {
    let id = this.fnByRef.get(ref);
    if (id !== undefined) return id;
    if (!isPortable(ref)) {
      throw new FunctionReferenceError(
        ref.name,
        `Function ${ref.name} is not a module export and cannot run on a worker.`,
      );
    }
    const name = `${ref.module}#${ref.exportName}`;
    id = this.fnByName.get(name);
    if (id === undefined) {
      id = this.fnByName.size;
      this.fnByName.set(name, id);
    }
    this.fnByRef.set(ref, id);
    return id;
  }
}
