/**
 * toDot: a task graph as Graphviz DOT text (what `Delayed.toDot()` and `visualize` draw).
 *
 * The input is a collection, an array of collections (merged as compute() merges them), or a
 * TaskGraph. Collections are drawn as built (`TaskGraph.fromLayers`), or with `optimize` as compute()
 * would run them (`prepareRun`). Two views: the task view draws every task as a call (ellipse) and
 * the value it produces (box), as Dask does (task-view.ts); the layer view draws one node per layer
 * (layer-view.ts). By default (`collapse: 'auto'`) graphs of up to `maxTasks` (300) keys are drawn
 * task by task and bigger ones by layer: past a few hundred tasks a task-level drawing is unreadable
 * and slow to lay out. `color: 'order'` fills nodes by the scheduler's static priority.
 *
 * Reference: dask/dot.py (`to_graphviz`, `dot_graph`); https://graphviz.org/doc/info/lang.html
 */

import { flattenKeys, isCollection, type TuskCollection } from '../collection.js';
import { prepareRun } from '../compute.js';
import { getConfig, mergeConfig, type OptimizeConfig } from '../config.js';
import { ConfigError, TuskError } from '../errors.js';
import { describeValue } from '../function-ref.js';
import { TaskGraph } from '../graph/task-graph.js';
import type { Key } from '../key.js';
import { optimize as optimizeGraph } from '../optimize/optimize.js';
import { dotAttrs, dotString } from './dot-string.js';
import { layerView } from './layer-view.js';
import { orderFractions } from './order-colors.js';
import { taskView } from './task-view.js';

/**
 * Options of `toDot` (and `visualize`, `Delayed.toDot`, `Delayed.visualize`).
 *
 * @example
 * toDot(x, { rankdir: 'LR', color: 'order', collapse: 'layers' });
 */
export interface DotOptions {
  /** Direction of the flow from inputs to results: 'BT' (default, as Dask: results on top), 'TB', 'LR', 'RL'. */
  rankdir?: 'TB' | 'LR' | 'BT' | 'RL';
  /** 'none' (default): plain; 'order': fill each node by static run priority, blue first to red last. */
  color?: 'order' | 'none';
  /** 'tasks': every task; 'layers': one node per layer; 'auto' (default): tasks up to `maxTasks` keys, else layers. */
  collapse?: 'tasks' | 'layers' | 'auto';
  /** The largest graph (in keys) that `collapse: 'auto'` draws task by task (default 300). */
  maxTasks?: number;
  /**
   * Draw the graph compute() would run (culled, inlined, fused) instead of the graph as built:
   * `true` runs the configured passes, an object switches passes one by one. Default false. For a
   * TaskGraph input the graph's sinks are taken as the requested keys.
   */
  optimize?: boolean | Partial<OptimizeConfig>;
}

/** Graphs with more keys than this are drawn by layer under `collapse: 'auto'`. */
const DEFAULT_MAX_TASKS = 300;

const RANKDIRS = ['TB', 'LR', 'BT', 'RL'] as const;
const COLORS = ['order', 'none'] as const;
const COLLAPSES = ['tasks', 'layers', 'auto'] as const;

/**
 * The graph of a collection, several collections, or a TaskGraph as Graphviz DOT text.
 *
 * @example
 * const inc = delayed((x: number) => x + 1, { name: 'inc' });
 * const add = delayed((a: number, b: number) => a + b, { name: 'add' });
 * const dot = toDot(add(inc(1), inc(2)), { rankdir: 'LR', color: 'order' });
 * // 'digraph "tusk" { … "call:inc-…" [shape="ellipse", label="inc", …] … }'
 */
export function toDot(
  x: TuskCollection | TaskGraph | readonly TuskCollection[],
  options: DotOptions = {},
): string {
  checkOptions(options);
  const { graph, outputs } = resolveGraph(x, options.optimize ?? false);
  return graphToDot(graph, outputs, options);
}

function checkOptions(o: DotOptions): void {
  const oneOf = (option: string, value: unknown, allowed: readonly string[]): void => {
    if (value !== undefined && !allowed.includes(value as string)) {
      throw new ConfigError(
        option,
        `toDot: ${option} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${describeValue(value)}.`,
      );
    }
  };
  oneOf('rankdir', o.rankdir, RANKDIRS);
  oneOf('color', o.color, COLORS);
  oneOf('collapse', o.collapse, COLLAPSES);
  if (o.maxTasks !== undefined && !(typeof o.maxTasks === 'number' && o.maxTasks >= 0)) {
    throw new ConfigError(
      'maxTasks',
      `toDot: maxTasks must be a non-negative number (Infinity never collapses); got ${describeValue(o.maxTasks)}.`,
    );
  }
}

/** The graph to draw and its requested keys (none for a TaskGraph). */
function resolveGraph(
  x: unknown,
  optimize: boolean | Partial<OptimizeConfig>,
): { graph: TaskGraph; outputs: Key[] } {
  if (x instanceof TaskGraph) {
    if (optimize === false) return { graph: x, outputs: [] };
    const dependents = x.dependentsMap();
    const sinks = [...x.keys()].filter((k) => !dependents.has(k));
    const config = mergeConfig(getConfig().optimize, optimize === true ? undefined : optimize);
    return { graph: optimizeGraph(x, sinks, config), outputs: [] };
  }
  const collections: TuskCollection[] = [];
  if (isCollection(x)) collections.push(x);
  else if (Array.isArray(x)) {
    x.forEach((c, i) => {
      if (!isCollection(c)) {
        throw new TuskError(`toDot: item ${i} of the array is ${describeValue(c)}, not a Tusk collection.`);
      }
      collections.push(c);
    });
  } else {
    throw new TuskError(
      `toDot expects a Tusk collection (such as a Delayed), an array of collections, or a TaskGraph; got ${describeValue(x)}.`,
    );
  }
  if (optimize !== false) {
    const { graph, keys } = prepareRun(collections, { optimize });
    return { graph, outputs: keys };
  }
  const outputs: Key[] = [];
  for (const c of collections) flattenKeys(c.__tusk_keys(), outputs);
  return { graph: TaskGraph.fromLayers(collections.map((c) => c.__tusk_layer())), outputs };
}

/** Trusted inner toDot: options are checked, the graph resolved. */
function graphToDot(graph: TaskGraph, outputs: readonly Key[], options: DotOptions): string {
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  const collapse = options.collapse ?? 'auto';
  const byLayer = collapse === 'layers' || (collapse === 'auto' && graph.size > maxTasks);
  const comments = [
    `// Tusk task graph: ${graph.size} key${graph.size === 1 ? '' : 's'}, drawn ${byLayer ? 'one node per layer' : 'task by task'}.`,
  ];
  if (byLayer && collapse === 'auto') {
    comments.push(
      `// More than ${maxTasks} keys: pass { collapse: 'tasks' } (or a larger maxTasks) to draw every task.`,
    );
  }
  const graphAttrs: Record<string, string | number> = {
    rankdir: options.rankdir ?? 'BT',
    fontname: 'Helvetica',
  };
  let fraction: ReadonlyMap<Key, number> | undefined;
  if (options.color === 'order') {
    const r = orderFractions(graph, outputs);
    if (r.ok) {
      fraction = r.fraction;
      Object.assign(graphAttrs, {
        label: 'colour = run order: blue first, red last',
        labelloc: 'b',
        fontsize: 10,
      });
    } else {
      comments.push(`// Not coloured by order: ${r.reason.replace(/\s+/g, ' ')}`);
    }
  }
  const outputSet = new Set(outputs);
  const body = byLayer ? layerView(graph, outputSet, fraction) : taskView(graph, outputSet, fraction);
  return [
    ...comments,
    `digraph ${dotString('tusk')} {`,
    `  graph${dotAttrs(graphAttrs)};`,
    `  node${dotAttrs({ fontname: 'Helvetica', fontsize: 12 })};`,
    `  edge${dotAttrs({ color: '#555555' })};`,
    ...body.map((line) => `  ${line}`),
    '}',
    '',
  ].join('\n');
}
