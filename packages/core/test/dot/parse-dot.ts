/**
 * Test helper: read DOT text back through Graphviz itself (WebAssembly, its `json` output) so tests
 * assert on what Graphviz understood — nodes, edges, shapes, labels — rather than on string snapshots.
 * A DOT syntax error makes `parseDot` throw.
 */

import { Graphviz } from '@hpcc-js/wasm-graphviz';

export interface ParsedNode {
  readonly name: string;
  readonly shape: string | undefined;
  /** Label lines as Graphviz shows them (`\n` splits lines; `\"` is a quote). */
  readonly label: readonly string[];
  readonly attrs: Readonly<Record<string, string>>;
}

export interface ParsedDot {
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly nodes: readonly ParsedNode[];
  readonly edges: readonly { readonly tail: string; readonly head: string }[];
  node(name: string): ParsedNode;
  ellipses(): ParsedNode[];
  boxes(): ParsedNode[];
}

/** Lay `dot` out with Graphviz and return its nodes and edges by name. */
export async function parseDot(dot: string): Promise<ParsedDot> {
  const graphviz = await Graphviz.load();
  const json = JSON.parse(graphviz.layout(dot, 'json', 'dot')) as {
    objects?: Record<string, unknown>[];
    edges?: { tail: number; head: number }[];
    [attr: string]: unknown;
  };
  const objects = json.objects ?? [];
  const nodes: ParsedNode[] = objects.map((o) => ({
    name: o.name as string,
    shape: o.shape as string | undefined,
    label: typeof o.label === 'string' ? o.label.split('\\n') : [],
    attrs: o as Record<string, string>,
  }));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const edges = (json.edges ?? []).map((e) => ({
    tail: objects[e.tail].name as string,
    head: objects[e.head].name as string,
  }));
  return {
    attrs: json,
    nodes,
    edges,
    node(name) {
      const n = byName.get(name);
      if (n === undefined) throw new Error(`no node '${name}' in [${[...byName.keys()].join(', ')}]`);
      return n;
    },
    ellipses: () => nodes.filter((n) => n.shape === 'ellipse'),
    boxes: () => nodes.filter((n) => n.shape === 'box'),
  };
}

/** Every label line of the drawing, for checks that no hash token is shown. */
export function allLabels(parsed: ParsedDot): string[] {
  return parsed.nodes.flatMap((n) => n.label);
}
