/**
 * visualize: write a drawing of a graph to a file — DOT text (`.dot`, `.gv`) or an SVG picture
 * (`.svg`).
 *
 * SVG is laid out by Graphviz compiled to WebAssembly (`@hpcc-js/wasm-graphviz`), so no system
 * Graphviz is needed. The WebAssembly module (a few MB) is imported on first use only, so loading
 * @tusk/core (in a worker, say) never pays for it. Parent directories of the file are created.
 *
 * Reference: dask `visualize(filename=...)` (dask/base.py); https://github.com/hpcc-systems/hpcc-js-wasm
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { TuskCollection } from '../collection.js';
import { ConfigError, TuskError } from '../errors.js';
import { describeValue } from '../function-ref.js';
import type { TaskGraph } from '../graph/task-graph.js';
import { type DotOptions, toDot } from './to-dot.js';

/**
 * Options of `visualize`: those of `toDot`, plus the format to write.
 *
 * @example
 * await visualize(x, 'graph.txt', { format: 'dot', color: 'order' });
 */
export interface VisualizeOptions extends DotOptions {
  /** What to write; default: from the file's extension (`.dot`/`.gv` → 'dot', `.svg` → 'svg'). */
  format?: 'dot' | 'svg';
}

type Format = NonNullable<VisualizeOptions['format']>;

const EXTENSIONS: Readonly<Record<string, Format>> = { '.dot': 'dot', '.gv': 'dot', '.svg': 'svg' };

/**
 * Draw the graph of a collection (or collections, or a TaskGraph) into `file`; resolves to the
 * absolute path written. Takes the options of `toDot`, plus `format`.
 *
 * @example
 * const inc = delayed((x: number) => x + 1, { name: 'inc' });
 * await visualize(inc(inc(1)), 'out/graph.svg', { color: 'order' }); // '/…/out/graph.svg'
 * await inc(1).visualize('out/graph.dot'); // DOT text
 */
export async function visualize(
  x: TuskCollection | TaskGraph | readonly TuskCollection[],
  file: string,
  options: VisualizeOptions = {},
): Promise<string> {
  const { format: requested, ...dotOptions } = options;
  const format = fileFormat(file, requested);
  const dot = toDot(x, dotOptions);
  const text = format === 'svg' ? await renderSvg(dot) : dot;
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
  return path;
}

/** The format to write: `requested`, or the one the extension names; an unknown extension is an error. */
function fileFormat(file: string, requested: unknown): Format {
  if (typeof file !== 'string' || file === '') {
    throw new TuskError(`visualize: expected a file path, got ${describeValue(file)}.`);
  }
  const known = Object.keys(EXTENSIONS).join(', ');
  const ext = extname(file).toLowerCase();
  const fromExt = EXTENSIONS[ext];
  if (requested !== undefined && requested !== 'dot' && requested !== 'svg') {
    throw new ConfigError(
      'format',
      `visualize: format must be 'dot' or 'svg'; got ${describeValue(requested)}.`,
    );
  }
  if (requested !== undefined && fromExt !== undefined && fromExt !== requested) {
    throw new TuskError(
      `visualize: the file '${file}' ends in '${ext}', which is ${fromExt}, but format '${requested}' was asked for. ` +
        `Name the file for the format (${known}) or drop the format option.`,
    );
  }
  const format = (requested as Format | undefined) ?? fromExt;
  if (format === undefined) {
    throw new TuskError(
      `visualize: cannot tell what to write to '${file}': ` +
        `${ext === '' ? 'it has no extension' : `'${ext}' is not a known extension`}. ` +
        `Use one of ${known} (DOT text for .dot and .gv, an SVG picture for .svg), or pass { format: 'dot' | 'svg' }.`,
    );
  }
  return format;
}

/** Lay out DOT text with Graphviz (WebAssembly) as SVG. */
/**
 * The drawing of a graph as SVG text (what `visualize` writes to a `.svg` file).
 *
 * @example
 * const svg = await toSvg(delayed((x: number) => x + 1)(1));
 */
export async function toSvg(
  x: TuskCollection | TaskGraph | readonly TuskCollection[],
  options: DotOptions = {},
): Promise<string> {
  return renderSvg(toDot(x, options));
}

async function renderSvg(dot: string): Promise<string> {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  try {
    return graphviz.layout(dot, 'svg', 'dot');
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new TuskError(`visualize: Graphviz could not lay out the graph: ${reason}`, { cause: e });
  }
}
