/**
 * The main ↔ worker message protocol: every message a worker thread or child process sends or
 * receives is declared here, and nowhere else (piscina keeps its protocol in one types file too).
 *
 * Shape of a run
 * --------------
 *   main → worker  InitMessage     once, first: who the worker is, codec modules, spool directory
 *   worker → main  ReadyMessage    codec modules imported; the worker takes jobs from now on
 *   main → worker  RunMessage      a batch of jobs (several small tasks per message), plus the
 *                                  function references the worker has not seen yet
 *   worker → main  ResultsMessage  finished jobs, streamed back as they finish: several per message
 *                                  when they are quick, at least every FLUSH_MS otherwise
 *   main → worker  CodecsMessage   codec modules registered after the worker started
 *
 * Encoding
 * --------
 * Structured clone (threads) and V8 serialization (processes, `serialization: 'advanced'`) drop
 * functions, class prototypes and symbol-keyed properties, so neither a `Ref` nor a FunctionRef's
 * live function survives. Nodes therefore travel as WireNode: the function as a small integer id
 * (its module URL and export name are sent once per worker, in `RunMessage.fns`), Refs inside
 * arguments as `{ $tusk: 'ref', key }` markers. Values travel as themselves, except for four
 * markers, all plain objects with a `$tusk` property:
 *   - `ref`    a Ref to another key (arguments only);
 *   - `esc`    a user object that itself has a `$tusk` property (escaped so it is not misread);
 *   - `file`   a large typed array or ArrayBuffer passed through a file (processes only);
 *   - `codec`  a value encoded by a registered codec (e.g. an Arrow table as IPC bytes).
 * A message says which parts hold markers (`JobFlags`, `ResultsMessage.m`) so the receiver only
 * walks values that need decoding. Errors travel as WireError (name, message, stack, fields).
 */

/** The two kinds of worker. */
export type WorkerKind = 'threads' | 'processes';

/** The property that marks an encoded value. */
export const MARK = '$tusk';

// ---------------------------------------------------------------------------------------------
// main → worker

/** First message to a new worker. */
export interface InitMessage {
  readonly t: 'init';
  /** Worker name used in errors and profiles, e.g. `thread-3`. */
  readonly id: string;
  readonly kind: WorkerKind;
  /** Module URLs that register value codecs; imported before the worker reports ready. */
  readonly codecs: readonly string[];
  /** Directory for large values (processes only). */
  readonly spoolDir: string | undefined;
  /** Byte size from which a value goes through a file instead of the IPC pipe (processes only). */
  readonly spoolThreshold: number;
}

/** Codec modules registered after the worker started. */
export interface CodecsMessage {
  readonly t: 'codecs';
  readonly codecs: readonly string[];
}

/** A function the worker has not seen yet: `[id, module URL, export name, readable name]`. */
export type WireFunction = readonly [fid: number, module: string, exportName: string, name: string];

/** A batch of jobs. */
export interface RunMessage {
  readonly t: 'run';
  readonly jobs: readonly WireJob[];
  /** Functions first used by this batch (on this worker). */
  readonly fns: readonly WireFunction[] | undefined;
  /** Measure start and end time of each job (a profiler or progress callback listens). */
  readonly timed: boolean;
}

/** Bits of `WireJob.f`. */
export const JobFlags = {
  /** The node's arguments hold markers. */
  ARGS: 1,
  /** The inputs hold markers. */
  INPUTS: 2,
  /** Arguments or inputs hold large buffers (the worker must not transfer them away while in use). */
  LARGE: 4,
} as const;

/** One task to run. */
export interface WireJob {
  /** Job id (unique per pool). */
  readonly i: number;
  readonly n: WireNode;
  /** Values of `n.d` (the node's dependencies), in that order. */
  readonly x: readonly unknown[];
  /** JobFlags bits. */
  readonly f: number;
  /** Timeout in ms (0: none); the worker reports earlier results before starting a timed job. */
  readonly o: number;
}

/** A graph node as sent to a worker (see core task.ts for the meaning of each kind). */
export type WireNode = WireTask | WireData | WireAlias | WireFused;

/** A task: call function `f` with arguments `a` (dependencies `d`; `r`: arguments hold Refs). */
export interface WireTask {
  readonly k: 'task';
  readonly key: string;
  /** Function id (see WireFunction). */
  readonly f: number;
  /** Arguments, with Refs as markers. */
  readonly a: readonly unknown[];
  readonly d: readonly string[];
  readonly r: boolean;
}

/** A known value. */
export interface WireData {
  readonly k: 'data';
  readonly key: string;
  readonly v: unknown;
}

/** The value of another key. */
export interface WireAlias {
  readonly k: 'alias';
  readonly key: string;
  readonly target: string;
}

/** A chain of nodes run as one; `d` are the keys read from outside it. */
export interface WireFused {
  readonly k: 'fused';
  readonly key: string;
  readonly n: readonly WireNode[];
  readonly d: readonly string[];
  /** The chain is linear (core's Fused.linear): values pass straight along. */
  readonly l?: boolean;
}

/** Every message a worker receives. */
export type ToWorker = InitMessage | CodecsMessage | RunMessage;

// ---------------------------------------------------------------------------------------------
// worker → main

/** The worker has imported its codecs and takes jobs. */
export interface ReadyMessage {
  readonly t: 'ready';
}

/** Finished jobs. */
export interface ResultsMessage {
  readonly t: 'results';
  /** Ids of jobs that returned a value, and the values, in the same order. */
  readonly done: readonly number[];
  readonly values: readonly unknown[];
  /** Whether any value holds markers. */
  readonly m: boolean;
  /** Ids of jobs that threw, and their errors. */
  readonly failed: readonly number[];
  readonly errors: readonly WireError[];
  /** Milliseconds the worker spent running synchronous jobs since its last message, and how many. */
  readonly busy: number;
  readonly n: number;
  /** With timing on: `[start, end]` per done job (performance.timeOrigin-based ms), flattened. */
  readonly timing: readonly number[] | undefined;
}

/** Every message a worker sends. */
export type FromWorker = ReadyMessage | ResultsMessage;

/** An error as it crosses: what is needed to rebuild it on the main side. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Own enumerable properties that could be cloned (e.g. `code`; `key` of a TaskError). */
  readonly fields: Record<string, unknown> | undefined;
  /** The error's `cause`, when it is an Error too. */
  readonly cause?: WireError;
}

// ---------------------------------------------------------------------------------------------
// value markers

/** A Ref to another key. */
export interface RefMarker {
  readonly $tusk: 'ref';
  readonly key: string;
}

/** A user object that has a `$tusk` property of its own. */
export interface EscapeMarker {
  readonly $tusk: 'esc';
  /** The user's object (its own `$tusk` property included), with its fields encoded. */
  readonly v: Record<string, unknown>;
}

/** Constructor names a file marker can rebuild. */
export type BufferType =
  | 'ArrayBuffer'
  | 'DataView'
  | 'Int8Array'
  | 'Uint8Array'
  | 'Uint8ClampedArray'
  | 'Int16Array'
  | 'Uint16Array'
  | 'Int32Array'
  | 'Uint32Array'
  | 'Float32Array'
  | 'Float64Array'
  | 'BigInt64Array'
  | 'BigUint64Array';

/** A typed array or ArrayBuffer passed through a spool file. */
export interface FileMarker {
  readonly $tusk: 'file';
  /** Absolute path; the reader deletes the file after reading it. */
  readonly path: string;
  readonly type: BufferType;
  readonly bytes: number;
}

/** A value encoded by the codec registered as `name`. */
export interface CodecMarker {
  readonly $tusk: 'codec';
  readonly name: string;
  readonly data: unknown;
}

/** Any encoded value. */
export type Marker = RefMarker | EscapeMarker | FileMarker | CodecMarker;
