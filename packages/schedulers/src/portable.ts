/**
 * Can a graph's functions cross to workers? A function crosses as its module URL and export name
 * (see core function-ref.ts); a closure cannot. `allPortable` answers for `canRun` (so 'auto'
 * picks threads only then); `assertPortable` refuses a graph before anything runs, naming the
 * function and the fix.
 */

import { FunctionReferenceError, type GraphNode, isPortable, type Task } from '@tusk/core';

/** The first task inside `node` whose function is not portable. */
function firstLocal(node: GraphNode): Task | undefined {
  if (node.kind === 'task') return isPortable(node.fn) ? undefined : node;
  if (node.kind === 'fused') {
    for (const inner of node.nodes) {
      const t = firstLocal(inner);
      if (t !== undefined) return t;
    }
  }
  return undefined;
}

/**
 * Does every task of the graph call a function a worker can import?
 *
 * @example
 * allPortable(graph.nodes.values()); // false when a task calls a closure
 */
export function allPortable(nodes: Iterable<GraphNode>): boolean {
  for (const node of nodes) if (firstLocal(node) !== undefined) return false;
  return true;
}

/**
 * Throw FunctionReferenceError for the first task whose function cannot run on `scheduler`'s workers.
 *
 * @example
 * assertPortable(compiled.nodes, 'threads');
 */
export function assertPortable(nodes: Iterable<GraphNode>, scheduler: string): void {
  for (const node of nodes) {
    const t = firstLocal(node);
    if (t === undefined) continue;
    const name = t.fn.name;
    throw new FunctionReferenceError(
      name,
      `Task '${t.key}' calls ${name}, a local function (closure), which cannot run on ${scheduler} workers: ` +
        'a function crosses to a worker as its module URL and export name. ' +
        `Make ${name} a named export of its module and write delayed(${name}, { module: import.meta.url }), ` +
        `or register the module's functions with defineTasks(import.meta.url, { ${name} }); ` +
        "or run this graph with scheduler: 'synchronous'.",
      t.key,
    );
  }
}
