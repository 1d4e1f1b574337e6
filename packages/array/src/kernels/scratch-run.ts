/**
 * `scratchRun`: run a consumer kernel whose block inputs are made on the spot, into reused scratch
 * memory, by producer kernels (graph/fuse-scratch.ts builds the nested spec). A spec is
 * `{ fn, args }` where `fn` is the name of one of the kernels below, and an argument of the form
 * `{ [SCRATCH]: slot, fn, args }` is a producer evaluated first — its output written into scratch
 * slot `slot` of this thread (dtype.ts `inScratch`), read by the consumer and then dropped. The
 * consumer's own result is fresh memory, so nothing scratch ever leaves the task.
 */

import { defineTasks } from '@tusk/core';
import { inScratch } from '../dtype.js';
import { elementwise } from './elementwise.js';
import { integersBlock, normalBlock, randomBlock } from './random.js';
import { reducePartial } from './reduce.js';
import { cumBlock, sliceBlock, takeBlock, transposeBlock } from './structure.js';
import { tensordotBlock } from './tensordot.js';

/** Key marking a producer argument. */
export const SCRATCH = '__tuskScratch';

/** Kernels that write every element of a fresh output (producers) or never keep their inputs (consumers). */
export const SCRATCH_KERNELS: Readonly<Record<string, (...a: any[]) => unknown>> = {
  randomBlock,
  normalBlock,
  integersBlock,
  elementwise,
  transposeBlock,
  reducePartial,
  sliceBlock,
  takeBlock,
  cumBlock,
  tensordotBlock,
};

/** A kernel call: `SCRATCH_KERNELS[fn](...args)`, where producer arguments carry SCRATCH. */
export interface ScratchSpec {
  readonly fn: string;
  readonly args: readonly unknown[];
}

function isProducer(v: unknown): v is ScratchSpec & { [SCRATCH]: number } {
  return typeof v === 'object' && v !== null && SCRATCH in v;
}

/**
 * Evaluate `spec`: producers into scratch, then the consumer.
 *
 * @example
 * scratchRun({ fn: 'reducePartial', args: [{ __tuskScratch: 0, fn: 'randomBlock', args: [1, 0, [4], 'float64'] }, 'sum', [0]] });
 */
export function scratchRun(spec: ScratchSpec, made?: Map<string, unknown>): unknown {
  const f = SCRATCH_KERNELS[spec.fn];
  if (f === undefined) throw new Error(`scratchRun: unknown kernel '${spec.fn}'.`);
  const args = spec.args.map((a) => {
    if (!isProducer(a)) return a;
    // A source block (random: no inputs) that a sibling already made is read from it.
    const id = made && SOURCE_KERNELS.has(a.fn) ? JSON.stringify([a.fn, a.args]) : undefined;
    if (id !== undefined && made!.has(id)) return made!.get(id);
    const v = inScratch(a[SCRATCH], () => scratchRun(a, made));
    if (id !== undefined) made!.set(id, v);
    return v;
  });
  return f(...args);
}

/** Kernels that make a block from plain arguments alone (the same arguments, the same block). */
const SOURCE_KERNELS = new Set(['randomBlock', 'normalBlock', 'integersBlock']);

/**
 * Several specs in one task, in order, each source block made once for all of them (siblings such
 * as blocks (i, j) and (j, i) of `x + x.T` read the same two random blocks). The specs use distinct
 * scratch slots, so a shared block is never overwritten while a later sibling still reads it.
 *
 * @example
 * scratchRunMany([specIJ, specJI]); // [result (i, j), result (j, i)]
 */
export function scratchRunMany(specs: readonly ScratchSpec[]): unknown[] {
  const made = new Map<string, unknown>();
  return specs.map((s) => scratchRun(s, made));
}

defineTasks(import.meta.url, { scratchRun, scratchRunMany });
