/**
 * The synchronous executor: one task at a time, in this thread, in priority order. It runs any
 * function, closures included, which makes it the scheduler for debugging (a breakpoint in a task
 * just works) and for graphs whose functions cannot cross to workers. A task that returns a promise
 * is awaited before the next one starts.
 */

import { executeNode, isPromiseLike, loadNodeFunctions } from '../execute.js';
import type { CompiledGraph } from '../graph/compile.js';
import type { Executor, ExecutorContext, WorkItem } from './loop.js';
import { runGraph } from './loop.js';
import type { Scheduler } from './scheduler.js';
import { withRunStore } from './store-registry.js';

export class SynchronousExecutor implements Executor {
  readonly name = 'synchronous';
  readonly capacity = 1;
  readonly workers = 1;

  async prepare(graph: CompiledGraph): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const node of graph.nodes) {
      const p = loadNodeFunctions(node);
      if (p) pending.push(p);
    }
    await Promise.all(pending);
  }

  submit(items: readonly WorkItem[], ctx: ExecutorContext): void {
    const read = (k: string) => ctx.read(k);
    for (const item of items) {
      if (ctx.timed) ctx.started(item.index, 'main');
      let value: unknown;
      try {
        value = executeNode(item.node, read);
      } catch (err) {
        ctx.failed(item.index, err, 'main');
        continue;
      }
      if (isPromiseLike(value)) {
        Promise.resolve(value).then(
          (v) => ctx.done(item.index, v),
          (err) => ctx.failed(item.index, err, 'main'),
        );
      } else ctx.done(item.index, value);
    }
  }
}

/** The 'synchronous' scheduler. */
export const synchronousScheduler: Scheduler = {
  name: 'synchronous',
  canRun: () => true,
  run: (graph, keys, options) =>
    withRunStore(options, (store) =>
      runGraph(graph, keys, new SynchronousExecutor(), {
        callbacks: options.callbacks,
        signal: options.signal,
        store,
      }),
    ),
};
