/**
 * Sampling: warm-up, then interleaved rounds.
 *
 * Contenders (Tusk variants, peers) are measured in the same process run, alternately: every round
 * takes one sample of each contender, in an order rotated from round to round, so slow drift of a
 * shared machine hits all of them alike and ratios can be taken per round (stats.js pairedRatio).
 * No garbage collection is forced between samples by default: each side runs in its steady state and
 * pays for its garbage when its runtime decides, as a user's long-running process does. (A forced
 * V8 collection before every sample was tried and made Tusk's next sample 2–3× slower with no GC in
 * the timed region, i.e. it distorts rather than isolates.) `collect: true` (`--gc`) forces one,
 * untimed, before every sample on both sides. A sample is an object of named timings in seconds, measured by the contender itself
 * (e.g. `{ build, run }`), so only the work under test is inside the clock.
 *
 * A contender that fails is dropped with its error recorded (its cells read `n/a`); the others go on.
 * Warm-up: at least `warmup` samples per contender and, for fast contenders, at least
 * `warmupSeconds` of their own time (at most `maxWarmup` samples): V8 needs a few runs of 10,000
 * tasks before its JIT tiers and heap sizes settle, while one 10-second peer sample warms nothing more.
 * A slow contender skips its remaining warm-ups once one has taken over `slowSeconds`, and stops
 * after `minRepeats` measured samples once it has used `budgetSeconds`. A fast one (warm-up samples
 * under `fastSeconds` on average) takes `fastSamples` back-to-back samples per round: more data for
 * the cheap contenders at no cost in run time; per-round ratios use each round's median.
 */

import { collectGarbage } from './gc.js';

/**
 * @param contenders `{ id, sample: async () => ({ [metric]: seconds }) }[]`
 * @returns Map id → `{ samples: { round, metrics }[], error?: string, stoppedEarly: boolean }`
 */
export async function sampleRounds(contenders, options) {
  const {
    warmup = 2,
    warmupSeconds = 0.5,
    maxWarmup = 20,
    repeats = 7,
    minRepeats = 3,
    budgetSeconds = 30,
    slowSeconds = 1,
    collect = false,
    fastSeconds = 0.1,
    fastSamples = 3,
    log = () => {},
  } = options;
  const state = new Map(
    contenders.map((c) => [
      c.id,
      { samples: [], error: undefined, stoppedEarly: false, spent: 0, warm: false, warmups: 0, perRound: 1 },
    ]),
  );
  const take = async (c, round) => {
    const s = state.get(c.id);
    if (s.error !== undefined || s.stoppedEarly || (round < 0 && s.warm)) return;
    if (round >= 0 && s.samples.length >= minRepeats * s.perRound && s.spent >= budgetSeconds) {
      s.stoppedEarly = true;
      log(`  ${c.id}: stopped after ${s.samples.length} samples (time budget ${budgetSeconds} s)`);
      return;
    }
    if (collect) collectGarbage();
    try {
      const metrics = await c.sample();
      let seconds = 0;
      for (const v of Object.values(metrics)) if (typeof v === 'number') seconds += v;
      s.spent += seconds;
      if (round < 0) s.warmups++;
      if (round < 0 && seconds > slowSeconds) s.warm = true;
      if (round >= 0) s.samples.push({ round, metrics });
    } catch (err) {
      s.error = err instanceof Error ? err.message : String(err);
      log(`  ${c.id}: failed: ${s.error.split('\n')[0]}`);
    }
  };
  for (let w = 0; w < maxWarmup; w++) {
    let more = false;
    for (const c of contenders) {
      const s = state.get(c.id);
      if (s.error !== undefined || s.warm) continue;
      if (w < warmup || (warmup > 0 && s.spent < warmupSeconds)) {
        await take(c, -1);
        more = true;
      }
    }
    if (!more) break;
  }
  for (const s of state.values()) {
    if (s.warmups > 0 && s.spent / s.warmups < fastSeconds) s.perRound = fastSamples;
    s.spent = 0;
  }
  for (let r = 0; r < repeats; r++) {
    for (let j = 0; j < contenders.length; j++) {
      const c = contenders[(r + j) % contenders.length];
      for (let k = 0; k < state.get(c.id).perRound; k++) await take(c, r);
    }
  }
  const out = new Map();
  for (const [id, s] of state)
    out.set(id, { samples: s.samples, error: s.error, stoppedEarly: s.stoppedEarly });
  return out;
}

/** The `{ round, value }` series of one metric of one contender, optionally scaled (e.g. to µs/task). */
export function series(result, metric, scale = 1) {
  if (!result) return [];
  return result.samples
    .filter((s) => typeof s.metrics[metric] === 'number')
    .map((s) => ({ round: s.round, value: s.metrics[metric] * scale }));
}
