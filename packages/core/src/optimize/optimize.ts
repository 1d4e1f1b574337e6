/**
 * The optimisation pipeline compute() runs: cull, then inline constants, then fuse linear chains.
 * Each pass is a pure TaskGraph → TaskGraph function and can be switched off in config
 * (`optimize: { cull, inline, fuse }`) or per call (`compute(x, { optimize: false })`).
 */

import type { OptimizeConfig } from '../config.js';
import type { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import { cull } from './cull.js';
import { fuse } from './fuse.js';
import { inline } from './inline.js';

export function optimize(graph: TaskGraph, keys: readonly Key[], config: OptimizeConfig): TaskGraph {
  let g = graph;
  if (config.cull) g = cull(g, keys);
  if (config.inline) g = inline(g, keys);
  if (config.fuse) g = fuse(g, keys, { maxLength: config.fuseMaxLength });
  return g;
}
